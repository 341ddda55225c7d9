"""Run one child process and measure it: wall time from spawn to exit, and its peak RSS.

`os.wait4` returns the resource usage of exactly the child it reaped (and of the children it
waited for), so every measurement is that one fresh process's — not the running maximum that
`getrusage(RUSAGE_CHILDREN)` would report after an earlier, bigger child.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import ROOT

PYTHON = sys.executable


class ChildFailed(RuntimeError):
    """A measured child exited with an unexpected code or timed out."""


@dataclass
class ChildResult:
    argv: list[str]
    exit_code: int
    wall_s: float
    cpu_s: float  # user + system CPU seconds of the child (less sensitive to a busy machine)
    max_rss_mib: float
    stdout: str
    stderr: str

    def json(self) -> Any:
        """The last line of stdout that parses as a JSON object."""
        for line in reversed(self.stdout.splitlines()):
            line = line.strip()
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except json.JSONDecodeError:
                    continue
        raise ChildFailed(f"no JSON on stdout of {' '.join(self.argv)}:\n{self.tail()}")

    def tail(self, n: int = 2000) -> str:
        return (self.stdout[-n:] + "\n--- stderr ---\n" + self.stderr[-n:]).strip()


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("COOP_USER", "bench")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("COOP_FAULT_POINT", None)  # never inject faults into a measurement
    if extra:
        env.update(extra)
    return env


def run_child(
    argv: list[str],
    *,
    timeout_s: float,
    env: dict[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
) -> ChildResult:
    """Spawn `argv` (cwd = the project root), wait for it, return its wall time and peak RSS."""
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as out,
        tempfile.TemporaryFile("w+", encoding="utf-8") as err,
    ):
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=child_env(env),
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = started + timeout_s
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                wall = time.perf_counter() - started
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise ChildFailed(f"timed out after {timeout_s:g} s: {' '.join(argv)}")
            time.sleep(0.005)
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped by wait4; keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        result = ChildResult(argv, code, wall, cpu, usage.ru_maxrss / 1024, out.read(), err.read())
    if code not in ok_codes:
        raise ChildFailed(f"exit {code}: {' '.join(argv)}\n{result.tail()}")
    return result


def python_module(module: str, *args: str | int | Path) -> list[str]:
    return [PYTHON, "-m", module, *(str(a) for a in args)]
