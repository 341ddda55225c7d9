"""`coop loader`: commands handed to a warm worker give what they give without it — same exit
code, same output, same warehouse — and whenever the loader cannot take a command, the
command runs on its own."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from etl import demo, loader
from etl.config import DataDir
from tests.conftest import query, write

pytestmark = pytest.mark.skipif(not loader.is_supported(), reason="the loader needs Linux")


class Loader:
    def __init__(self, folder: Path) -> None:
        self.socket = folder / "run" / "loader.sock"
        self.log_path = folder / "loader.log"
        self.env = {**os.environ, "COOP_LOADER_SOCKET": str(self.socket)}
        self.env.pop("COOP_LOADER", None)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "etl", "loader", "--lang", "en"],
                env=self.env,
                stdout=log,
                stderr=log,
            )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def wait_for(self, text: str, count: int = 1, timeout_s: float = 90.0) -> None:
        deadline = time.monotonic() + timeout_s
        while self.log().count(text) < count:
            assert self.process.poll() is None, self.log()
            assert time.monotonic() < deadline, f"waited for {text!r}:\n{self.log()}"
            time.sleep(0.05)

    def coop(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "etl", *args],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )


@pytest.fixture
def warm(tmp_path: Path) -> Iterator[Loader]:
    started = Loader(tmp_path)
    try:
        started.wait_for("is ready")
        yield started
    finally:
        started.process.send_signal(signal.SIGTERM)
        code = started.process.wait(timeout=60)
    assert code == 0 and "coop loader stopped" in started.log()
    assert not started.socket.exists()


@pytest.fixture
def demo_files(tmp_path: Path) -> list[Path]:
    return demo.write_files(demo.generate(7), tmp_path / "demo")


def _rows(data_dir: DataDir, table: str) -> int:
    return int(query(data_dir, f"SELECT count(*) FROM {table}")[0][0])


CORRECTED = "更正后的会议名称 / corrected title"


def _corrected(data_dir: DataDir) -> int:
    return int(
        query(data_dir, "SELECT count(*) FROM conferences WHERE title = ?", [CORRECTED])[0][0]
    )


def test_a_load_runs_in_the_warm_worker(
    warm: Loader, demo_files: list[Path], data_dir: DataDir
) -> None:
    done = warm.coop("load", *map(str, demo_files), "--json", "--data-dir", str(data_dir.root))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "accepted"
    for file in report["files"]:
        assert _rows(data_dir, file["kind"]) == file["rows"]
    assert _rows(data_dir, "indicator_values") > 0
    warm.wait_for("ran coop load: exit 0")


def test_output_and_exit_code_are_those_of_the_command_run_on_its_own(
    warm: Loader, tmp_path: Path, data_dir: DataDir
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    write(inbox, "units.csv", "unit_id,name_zh,parent_unit_id\nHQ,本院,\nU1,化学所,NOPE\n")
    args = ("validate", str(inbox), "--lang", "zh", "--data-dir", str(data_dir.root))
    remote = warm.coop(*args)
    warm.wait_for("ran coop validate: exit 1")
    alone = warm.coop(*args, COOP_LOADER="off")
    assert remote.returncode == alone.returncode == 1
    assert remote.stdout == alone.stdout and "第 3 行 · parent_unit_id · NOPE" in remote.stdout
    assert remote.stderr == alone.stderr

    # A usage error comes back the same way (argparse's message and exit code 2).
    warm.wait_for("is ready", count=2)
    assert warm.log().count("ran coop validate") == 1  # the one run with COOP_LOADER=off ran here
    usage = warm.coop("load", "--data-dir", str(data_dir.root))
    assert usage.returncode == 2 and "required: PATH" in usage.stderr
    warm.wait_for("ran coop load: exit 2")


def test_a_command_arriving_while_the_worker_is_busy_runs_on_its_own(
    warm: Loader, demo_files: list[Path], data_dir: DataDir
) -> None:
    first = warm.coop("load", *map(str, demo_files), "--json", "--data-dir", str(data_dir.root))
    # The next worker only starts warming up once the first has finished: this one finds none.
    second = warm.coop("load", *map(str, demo_files), "--json", "--data-dir", str(data_dir.root))
    assert (first.returncode, second.returncode) == (0, 0)
    assert json.loads(first.stdout)["status"] == "accepted"
    assert json.loads(second.stdout)["status"] == "unchanged"
    warm.wait_for("no worker was ready")
    assert warm.log().count("ran coop load: exit 0") == 1


def test_a_worker_killed_mid_load_is_reported_and_publishes_nothing(
    warm: Loader, demo_files: list[Path], data_dir: DataDir
) -> None:
    loaded = warm.coop("load", *map(str, demo_files), "--data-dir", str(data_dir.root))
    assert loaded.returncode == 0
    changed = next(p for p in demo_files if p.stem == "conferences")
    frame = pl.read_csv(changed, infer_schema=False)
    frame.with_columns(title=pl.lit(CORRECTED)).head(1).write_csv(changed)

    warm.wait_for("is ready", count=2)
    killed = warm.coop(
        "load",
        str(changed),
        "--lang",
        "en",
        "--data-dir",
        str(data_dir.root),
        COOP_FAULT_POINT="after_validate",
    )
    assert killed.returncode == 2
    assert "ended without a result" in killed.stderr and "Traceback" not in killed.stderr
    warm.wait_for("ended abnormally (exit -9)")
    assert _corrected(data_dir) == 0

    # The loader carries on with a new worker.
    warm.wait_for("is ready", count=3)
    again = warm.coop("load", str(changed), "--json", "--data-dir", str(data_dir.root))
    assert again.returncode == 0 and json.loads(again.stdout)["status"] == "accepted"
    assert _corrected(data_dir) == 1


def test_ctrl_c_reaches_the_command_in_the_worker(warm: Loader, tmp_path: Path) -> None:
    files = demo.write_files(demo.generate(7, fact_rows=60_000), tmp_path / "big")
    client = subprocess.Popen(
        [sys.executable, "-m", "etl", "load", *map(str, files), "--lang", "en"]
        + ["--data-dir", str(tmp_path / "data")],
        env=warm.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    warm.wait_for("started coop load")
    client.send_signal(signal.SIGINT)  # what a Ctrl-C in the client's terminal sends it
    _out, err = client.communicate(timeout=120)
    assert client.returncode == 130 and "Traceback" not in err
    warm.wait_for("ran coop load: exit 130")


def test_a_second_loader_on_the_same_socket_is_refused(warm: Loader) -> None:
    second = warm.coop("loader", "--lang", "en")
    assert second.returncode == 2
    assert "already running" in second.stderr and "Traceback" not in second.stderr


def test_without_a_loader_serving_the_command_runs_on_its_own(
    tmp_path: Path, demo_files: list[Path], data_dir: DataDir
) -> None:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    left = folder / "loader.sock"
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(left))  # a socket a stopped loader left behind: nobody listens on it
    stale.close()
    env = {**os.environ, "COOP_LOADER_SOCKET": str(left)}
    env.pop("COOP_LOADER", None)
    done = subprocess.run(
        [sys.executable, "-m", "etl", "load", *map(str, demo_files), "--json"]
        + ["--data-dir", str(data_dir.root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "accepted"
    assert _rows(data_dir, "units") > 0


def test_a_socket_others_could_have_planted_is_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(shared / "loader.sock"))
    listener.listen(1)
    monkeypatch.setenv("COOP_LOADER_SOCKET", str(shared / "loader.sock"))
    monkeypatch.delenv("COOP_LOADER", raising=False)
    try:
        listener.settimeout(0.2)
        assert loader.run_remote(["validate", str(tmp_path)]) is None
        with pytest.raises(TimeoutError):
            listener.accept()  # not even a connection: our environment stays ours
    finally:
        listener.close()


def test_a_worker_whose_code_changed_hands_the_command_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    path = folder / "loader.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    monkeypatch.setenv("COOP_LOADER_SOCKET", str(path))
    monkeypatch.delenv("COOP_LOADER", raising=False)
    monkeypatch.setattr(loader, "code_fingerprint", lambda: "after an upgrade")
    control, manager_end = socket.socketpair()
    served: list[BaseException] = []

    def worker() -> None:
        try:
            conn, _ = listener.accept()
            with conn:
                loader.serve_one(conn, control, "as imported")
        except BaseException as exc:  # reported by the assertion below
            served.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert loader.run_remote(["validate", str(tmp_path)]) is None  # run it yourself
        thread.join(timeout=30)
        assert not served
        manager_end.settimeout(5)
        assert json.loads(manager_end.recv(4096)) == {"event": "outdated"}
    finally:
        listener.close()
        control.close()
        manager_end.close()


def test_commands_that_start_quickly_are_never_handed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOP_LOADER_SOCKET", str(tmp_path / "nowhere" / "loader.sock"))
    for argv in (["history"], ["template", "units"], ["user", "list"], ["loader"], [], ["-h"]):
        assert loader.run_remote(argv) is None
