"""The `coop` process at its edges: it stops quietly when its reader goes away (a real pipe),
keeps every crash log, and leaves nothing in the data directory that other local users can read,
whatever the caller's umask."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl import cli
from etl.config import DataDir
from tests.helpers import write

ROOT = Path(__file__).resolve().parents[2]
Coop = Callable[..., tuple[int, Any]]


def _coop(*args: str, data_dir: DataDir, **options: object) -> subprocess.CompletedProcess[str]:
    """`python -m etl` (what the `coop` executable runs), started under umask 022."""
    return subprocess.run(
        [sys.executable, "-m", "etl", *args, "--data-dir", str(data_dir.root)],
        cwd=ROOT,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0o022),
        **options,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_history_into_a_closed_pipe_exits_quietly(data_dir: DataDir, unbuffered: bool) -> None:
    """`coop history | head -1`: the reader is gone before coop writes (its end of a real pipe
    is closed), so every write fails. Buffered, the failure comes at the final flush;
    unbuffered, in the middle of the command."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "PYTHONUNBUFFERED": "1" if unbuffered else ""}
    try:
        done = _coop(
            "history", data_dir=data_dir, stdout=write_end, stderr=subprocess.PIPE, env=env
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == cli.EXIT_CLOSED_PIPE
    assert not (data_dir.root / "logs").exists(), "a closed pipe is no crash"


def test_history_piped_into_head(data_dir: DataDir, inbox: Path) -> None:
    write(inbox, "units.csv", "unit_id,name_zh,parent_unit_id\nU1,一所,\n")
    for _ in range(3):
        assert _coop("load", str(inbox), data_dir=data_dir, capture_output=True).returncode == 0
    done = subprocess.run(
        f"{sys.executable} -m etl history --data-dir {data_dir.root} | head -1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and done.stderr == ""
    assert len(done.stdout.splitlines()) == 1
    assert not (data_dir.root / "logs").exists()


def test_crash_logs_of_the_same_second_are_both_kept(
    data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Frozen:
            return cls(2026, 6, 15, 12, 0, 0)

    monkeypatch.setattr(cli, "dt", types.SimpleNamespace(datetime=Frozen))
    crashes = iter(["first bug", "second bug"])

    def buggy(args: object, data_dir: DataDir) -> int:
        raise RuntimeError(next(crashes))

    history = cli.COMMANDS["history"]
    monkeypatch.setitem(cli.COMMANDS, "history", dataclasses.replace(history, handler=buggy))
    for _ in range(2):
        assert cli.main(["history", "--data-dir", str(data_dir.root)]) == 2
    logs = sorted((data_dir.root / "logs").iterdir())
    assert len(logs) == 2 and all(p.name.startswith("crash-20260615T120000-") for p in logs)
    texts = " ".join(p.read_text(encoding="utf-8") for p in logs)
    assert "first bug" in texts and "second bug" in texts
    assert all(p.stat().st_mode & 0o077 == 0 for p in logs)


def test_nothing_in_the_data_dir_is_readable_by_others(data_dir: DataDir, inbox: Path) -> None:
    """After `coop demo` (warehouse, archive), a rejected load (quarantine, journal), users and a
    crash log, started under umask 022: no file or folder is open to other local users."""
    assert _coop("demo", data_dir=data_dir, capture_output=True).returncode == 0
    bad = write(inbox, "units.csv", "unit_id,name_zh,parent_unit_id\n,没有编号,\n")
    assert _coop("load", str(bad), data_dir=data_dir, capture_output=True).returncode == 1
    assert _coop("user", "bootstrap", data_dir=data_dir, capture_output=True).returncode == 0
    # A crash: a command with a bug in it, in a real coop process.
    bug = (
        "import dataclasses, sys; from etl import cli\n"
        "def buggy(args, data_dir): raise RuntimeError('a bug')\n"
        "cli.COMMANDS['history'] = dataclasses.replace(cli.COMMANDS['history'], handler=buggy)\n"
        "sys.argv[1:] = ['history', '--data-dir', sys.argv[1]]\n"
        "cli.entry()\n"
    )
    crashed = subprocess.run(
        [sys.executable, "-c", bug, str(data_dir.root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert crashed.returncode == 2 and "a bug" in crashed.stderr
    assert list((data_dir.root / "logs").glob("crash-*.log"))
    names = {p.name for p in data_dir.root.rglob("*")}
    assert {"warehouse.duckdb", "users.json", "journal.jsonl", "manifest.jsonl"} <= names
    assert (data_dir.root / "quarantine").is_dir()
    entries = [data_dir.root, *data_dir.root.rglob("*")]
    open_to_others = [
        f"{p.relative_to(data_dir.root.parent)} {stat.filemode(p.stat().st_mode)}"
        for p in entries
        if p.stat().st_mode & 0o007
    ]
    assert open_to_others == []


def test_a_data_dir_made_before_is_closed_to_others(coop: Coop, data_dir: DataDir) -> None:
    data_dir.root.mkdir(parents=True)
    data_dir.root.chmod(0o755)
    coop("history")
    assert stat.S_IMODE(data_dir.root.stat().st_mode) == 0o750
