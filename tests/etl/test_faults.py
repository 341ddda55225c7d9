"""A load killed at any moment, and a data directory that cannot be written.

`coop load` runs as a real subprocess and is SIGKILLed at every named fault point of
`etl/faults.py` and at seeded random moments. Afterwards the warehouse is exactly the state
before or the state after a clean load; once the next load has run its recovery, the archive,
its manifest and the load records agree with the warehouse, nothing (lock, staging copy,
temp file) blocks that load, and `coop rebuild` reproduces the warehouse from the archive alone.

A read-only or full data directory gives a clear error (exit 2, the directory named, no
traceback) and loses nothing.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from etl import faults
from etl.cli import main
from etl.config import DataDir
from etl.schema import KINDS
from tests.helpers import query, write

PROJECT = Path(__file__).resolve().parents[2]

# ---- the batches -------------------------------------------------------------------------------

BASE = {
    "units.csv": "unit_id,name_zh,parent_unit_id\nHQ,江南省科学院,\nCHEM,化学研究所,HQ\n"
    "PHYS,物理研究所,HQ\n",
    "organizations.csv": "org_id,name_en,scope,hq_country\n"
    "ISC,International Science Council,comprehensive,FR\n"
    "IUPAC,International Union of Pure and Applied Chemistry,specialized,US\n",
    "memberships.csv": "membership_id,unit_id,org_id,member_type,status,start_date\n"
    "M1,HQ,ISC,institutional,active,2019-05-01\nM2,CHEM,IUPAC,institutional,active,2020-03-05\n",
    "conferences.csv": "conference_id,unit_id,org_id,title,role,start_date,country\n"
    "C1,CHEM,IUPAC,IUPAC Congress,attended,2021-07-05,FR\n",
}

# Touches every record kind: new units and organizations with records that refer to them, and
# a correction (M2 withdrawn) that changes a row the base batch loaded.
BATCH = {
    "units_2.csv": "unit_id,name_zh,parent_unit_id\nCHEM-LAB,催化实验室,CHEM\n",
    "organizations_2.csv": "org_id,name_en,scope,hq_country\n"
    "IFAC,International Federation of Automatic Control,specialized,AT\n",
    "memberships_2.csv": "membership_id,unit_id,org_id,member_type,status,start_date,end_date\n"
    "M2,CHEM,IUPAC,institutional,withdrawn,2020-03-05,2022-12-31\n"
    "M3,CHEM-LAB,IFAC,institutional,active,2022-01-01,\n",
    "conferences_2.csv": "conference_id,unit_id,org_id,title,role,format,start_date,country\n"
    "C2,CHEM-LAB,IFAC,IFAC Workshop,co_hosted,online,2022-09-01,CN\n"
    "C3,HQ,,国际科学论坛,hosted,hybrid,2023-10-10,CN\n",
    "posts.csv": "post_id,person_name,unit_id,org_id,position,level,start_date\n"
    "P1,王强,CHEM,IUPAC,Vice-President,leader,2022-01-01\n",
    "offices.csv": "office_id,org_id,unit_id,office_type,city,country,status,established_date\n"
    "O1,IFAC,CHEM-LAB,regional_office,杭州,CN,established,2022-04-01\n",
    "safeguards.csv": "measure_id,category,title,status,done_date\n"
    "S1,institutional,出台参与国际组织管理办法,done,2022-11-15\n",
    "targets.csv": "year,indicator,unit_id,target\n2023,posts_held,,2\n",
}

# Where each fault point lies relative to the commit point (os.replace of the warehouse).
BEFORE_COMMIT = ("after_read", "after_validate", "after_archive", "after_write", "before_replace")
AFTER_COMMIT = ("after_replace", "after_manifest")

# Seeded random kill moments, as fractions of a clean load's duration (measured below).
KILL_SEED = 20240601
KILL_FRACTIONS = sorted(round(random.Random(KILL_SEED + i).uniform(0.0, 1.1), 3) for i in range(5))

# A subprocess that first runs `coop validate` on one file of the batch (importing Great
# Expectations, so the random moments fall in the load's own work, not in imports), says
# "ready", then runs `coop load` through the same entry point as `python -m etl`.
WARM_THEN_LOAD = """
import contextlib, io, sys
from etl.cli import main
batch, *rest = sys.argv[1:]
with contextlib.redirect_stdout(io.StringIO()):
    assert main(["validate", batch + "/units_2.csv", *rest]) == 0
print("ready", flush=True)
sys.exit(main(["load", *sys.argv[1:]]))
"""


def write_batch(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        write(folder, name, text)
    return folder


# ---- running the CLI ---------------------------------------------------------------------------


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (faults.ENV, "COOP_LOCK_TIMEOUT")}
    return {**env, **extra}


def run_cli(
    *args: str, data_dir: Path, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "etl", *args, "--data-dir", str(data_dir), "--lang", "en"],
        env=env or cli_env(),
        cwd=PROJECT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
    )


def coop_in_process(
    capsys: pytest.CaptureFixture[str], *args: str, data_dir: DataDir
) -> tuple[int, dict[str, Any] | None, str]:
    """(exit code, the --json report, stderr) of the CLI run in this process."""
    code = main([*args, "--data-dir", str(data_dir.root), "--json", "--lang", "en"])
    out, err = capsys.readouterr()
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    return code, (json.loads(lines[-1]) if lines else None), err


# ---- what "the same state" means ---------------------------------------------------------------

STATE_TABLES = (*KINDS, "indicator_values")
HISTORY_TABLES = ("load_runs", "load_files", "load_problems")


def warehouse_state(data_dir: DataDir) -> dict[str, list[str]]:
    """The record tables and every indicator value."""
    return {t: sorted(map(repr, query(data_dir, f"SELECT * FROM {t}"))) for t in STATE_TABLES}


def full_state(data_dir: DataDir) -> dict[str, list[str]]:
    """The warehouse state plus the load history."""
    history = {t: sorted(map(repr, query(data_dir, f"SELECT * FROM {t}"))) for t in HISTORY_TABLES}
    return {**warehouse_state(data_dir), **history}


def files_under(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def strict_log(path: Path) -> list[dict[str, Any]]:
    """Every line of a manifest/journal, each a whole JSON object (no torn line left)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_records_agree(data_dir: DataDir) -> None:
    """The archive, the manifest, the journal and load_runs/load_files tell the same story."""
    runs = dict(query(data_dir, "SELECT run_id, status FROM load_runs"))
    manifest = strict_log(data_dir.manifest)
    journal = strict_log(data_dir.journal)
    # Every accepted run has exactly one manifest line, and no line names an unpublished run.
    assert sorted(e["load_runs"][0]["run_id"] for e in manifest) == sorted(
        r for r, s in runs.items() if s == "accepted"
    )
    assert sorted(e["load_runs"][0]["run_id"] for e in journal) == sorted(
        r for r, s in runs.items() if s != "accepted"
    )
    accepted = query(
        data_dir, "SELECT stored_path, sha256 FROM load_files WHERE status = 'accepted'"
    )
    for rel, sha in accepted:  # every accepted file is archived, unchanged
        stored = data_dir.root / rel
        assert stored.is_file(), rel
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha, rel
    in_manifest = {
        f["stored_path"] for e in manifest for f in e["load_files"] if f["status"] == "accepted"
    }
    assert in_manifest == {rel for rel, _ in accepted}
    # No archived file that no run refers to.
    archived = {f"archive/{p}" for p in files_under(data_dir.archive)} - {"archive/manifest.jsonl"}
    assert archived == {rel for rel, _ in accepted}
    assert_no_leftovers(data_dir)


def assert_no_leftovers(data_dir: DataDir) -> None:
    """No staging copy, write-ahead log or half-written temp file."""
    assert files_under(data_dir.staging) == []
    leftovers = [
        p for p in files_under(data_dir.root) if p.endswith((".tmp", ".wal")) or "/.staging/" in p
    ]
    assert leftovers == []


# ---- the reference states, computed once -------------------------------------------------------


@dataclass(frozen=True)
class States:
    template: DataDir  # the base batch loaded: the "old" state
    batch: Path  # the batch every test loads
    old: dict[str, list[str]]
    new: dict[str, list[str]]  # after a clean load of the batch onto the template
    work_s: float  # how long a clean load's own work takes, after imports

    def fresh(self, folder: Path) -> DataDir:
        shutil.copytree(self.template.root, folder / "data")
        return DataDir(folder / "data")


def wait_for_line(proc: subprocess.Popen[str], deadline_s: float) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], deadline_s)
    assert ready, "the load did not start in time"
    return proc.stdout.readline()


def start_warm_load(batch: Path, data_dir: DataDir) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WARM_THEN_LOAD, str(batch), "--data-dir", str(data_dir.root)],
        env=cli_env(),
        cwd=PROJECT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> States:
    root = tmp_path_factory.mktemp("faults")
    base = write_batch(root / "base", BASE)
    batch = write_batch(root / "batch", BATCH)
    template = DataDir(root / "template")
    assert main(["load", str(base), "--data-dir", str(template.root), "--json"]) == 0
    old = warehouse_state(template)

    clean = DataDir(root / "clean")
    shutil.copytree(template.root, clean.root)
    proc = start_warm_load(batch, clean)
    try:
        assert wait_for_line(proc, 120) == "ready\n"
        started = time.monotonic()
        out, err = proc.communicate(timeout=120)
        work_s = time.monotonic() - started
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in out + err
    new = warehouse_state(clean)
    assert new != old
    assert all(new[k] != old[k] for k in KINDS), "the batch must change every record table"
    assert_records_agree(clean)
    return States(template, batch, old, new, work_s)


def rebuild_right_away(data_dir: DataDir, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`coop rebuild` as the first command after the crash (on a copy) keeps the same state:
    records, indicators and load history."""
    copy = DataDir(folder / "rebuilt")
    shutil.copytree(data_dir.root, copy.root)
    killed_state = full_state(copy)
    code, _, err = coop_in_process(capsys, "rebuild", data_dir=copy)
    assert code == 0, err
    assert full_state(copy) == killed_state
    assert_records_agree(copy)


def recover_and_check(
    states: States,
    data_dir: DataDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The next load succeeds at once, heals the leftovers, and the archive alone rebuilds."""
    killed_state = warehouse_state(data_dir)
    # A lock left by the dead load would make this fail fast instead of waiting a minute.
    monkeypatch.setenv("COOP_LOCK_TIMEOUT", "5")
    code, report, err = coop_in_process(capsys, "load", str(states.batch), data_dir=data_dir)
    assert code == 0, err
    assert report is not None
    assert report["status"] == ("accepted" if killed_state == states.old else "unchanged")
    assert warehouse_state(data_dir) == states.new
    assert_records_agree(data_dir)

    before = full_state(data_dir)
    data_dir.warehouse.unlink()
    code, _, err = coop_in_process(capsys, "rebuild", data_dir=data_dir)
    assert code == 0, err
    assert full_state(data_dir) == before
    assert_records_agree(data_dir)


# ---- SIGKILL at every named fault point and at random moments ----------------------------------
#
# The killed loads are subprocesses, run two at a time in the background (the machine has two
# cores and each one spends ~3 s importing Great Expectations) while the tests check the ones
# already done in this process.


@dataclass(frozen=True)
class Killed:
    data_dir: DataDir
    returncode: int
    output: str


def kill_at_point(states: States, folder: Path, point: str) -> Killed:
    data_dir = states.fresh(folder)
    env = cli_env(**{faults.ENV: point})
    done = run_cli("load", str(states.batch), data_dir=data_dir.root, env=env)
    return Killed(data_dir, done.returncode, done.stdout + done.stderr)


def kill_at_random(states: States, folder: Path, fraction: float) -> Killed:
    data_dir = states.fresh(folder)
    proc = start_warm_load(states.batch, data_dir)
    try:
        assert wait_for_line(proc, 120) == "ready\n"
        time.sleep(fraction * states.work_s)
        proc.kill()
        out, err = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait(timeout=60)
    return Killed(data_dir, proc.returncode, out + err)


KILL_TESTS = ("test_load_killed_at_a_fault_point", "test_load_killed_at_a_random_moment")


@pytest.fixture(scope="module")
def kills(
    states: States, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[dict[object, Future[Killed]]]:
    """The selected kill runs, submitted at once in test order; each test waits for its own."""
    root = tmp_path_factory.mktemp("kills")
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kill")
    futures: dict[object, Future[Killed]] = {}
    for item in request.session.items:
        params = getattr(item, "callspec", None)
        if getattr(item, "originalname", None) not in KILL_TESTS or params is None:
            continue
        if "point" in params.params:
            point = params.params["point"]
            folder = root / point
            futures[point] = pool.submit(kill_at_point, states, folder, point)
        else:
            fraction = params.params["fraction"]
            folder = root / f"random-{fraction}"
            futures[fraction] = pool.submit(kill_at_random, states, folder, fraction)
    try:
        yield futures
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def test_every_fault_point_is_classified() -> None:
    assert sorted(faults.POINTS) == sorted(BEFORE_COMMIT + AFTER_COMMIT)


@pytest.mark.slow
@pytest.mark.parametrize("point", faults.POINTS)
def test_load_killed_at_a_fault_point(
    point: str,
    states: States,
    kills: dict[object, Future[Killed]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    killed = kills[point].result(timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.output
    data_dir = killed.data_dir
    runs_before = query(states.template, "SELECT * FROM load_runs")
    if point in BEFORE_COMMIT:
        assert warehouse_state(data_dir) == states.old
        assert query(data_dir, "SELECT * FROM load_runs") == runs_before
    else:
        assert warehouse_state(data_dir) == states.new
        assert len(query(data_dir, "SELECT * FROM load_runs")) == len(runs_before) + 1
    rebuild_right_away(data_dir, tmp_path, capsys)
    recover_and_check(states, data_dir, capsys, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize("fraction", KILL_FRACTIONS)
def test_load_killed_at_a_random_moment(
    fraction: float,
    states: States,
    kills: dict[object, Future[Killed]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    killed = kills[fraction].result(timeout=300)
    state = warehouse_state(killed.data_dir)
    if killed.returncode == -signal.SIGKILL:
        assert state in (states.old, states.new)
    else:  # it finished before the kill
        assert killed.returncode == 0, killed.output
        assert state == states.new
    assert "Traceback" not in killed.output
    rebuild_right_away(killed.data_dir, tmp_path, capsys)
    recover_and_check(states, killed.data_dir, capsys, monkeypatch)


# ---- a read-only data directory ----------------------------------------------------------------


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can enter (pytest's tmp_path lives under a root-only folder)."""
    folder = Path(tempfile.mkdtemp(prefix="coop-faults-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_as(prefix: list[str], code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-c", code],
        env=cli_env(),
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def as_nobody() -> list[str]:
    """A command prefix that runs a program as the unprivileged user nobody (65534).

    Root ignores file permissions, so the read-only case needs another user. If the venv's
    interpreter lies under a folder only root may enter (a pyenv under /root), the process
    keeps CAP_DAC_READ_SEARCH alone: it may read anything, and write nothing root has not
    allowed it to.
    """
    if os.geteuid() != 0:
        pytest.skip("switching to another user needs root; this test run is not root")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed on this machine")
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = "import os, duckdb, etl.cli; print(os.geteuid())"
    done = _run_as(prefix, probe)
    if done.returncode != 0:
        caps = ["--inh-caps=-all,+dac_read_search", "--ambient-caps=-all,+dac_read_search"]
        prefix = [*prefix, *caps]
        done = _run_as(prefix, probe)
    if done.returncode != 0:
        pytest.skip(
            "the venv's Python cannot run as user nobody on this machine, even with "
            f"CAP_DAC_READ_SEARCH: {done.stderr.strip()[-300:]}"
        )
    assert done.stdout.strip() == "65534"
    return prefix


def _snapshot(data_dir: DataDir) -> dict[str, Any]:
    return {
        "warehouse": full_state(data_dir),
        "files": {
            p: (data_dir.root / p).read_bytes()
            for p in files_under(data_dir.root)
            if not p.startswith(".staging")
        },
    }


@pytest.mark.parametrize("command", ["load", "refresh"])
def test_read_only_data_dir_fails_clearly_and_loses_nothing(
    command: str,
    as_nobody: list[str],
    shared_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data_dir = DataDir(shared_tmp / "data")
    base = write_batch(shared_tmp / "base", BASE)
    batch = write_batch(shared_tmp / "batch", BATCH)
    code, _, err = coop_in_process(capsys, "load", str(base), data_dir=data_dir)
    assert code == 0, err
    if command == "refresh":
        write_batch(data_dir.incoming, BATCH)
        data_dir.lock.unlink()  # the lock file must be created, not just opened
        args = ["refresh"]
    else:
        args = ["load", str(batch)]
    # The precondition: this user really cannot write there.
    probe = _run_as(as_nobody, f"open({str(data_dir.root / 'probe')!r}, 'w')")
    assert probe.returncode != 0 and "PermissionError" in probe.stderr
    before = _snapshot(data_dir)

    done = run_cli(*args, data_dir=data_dir.root, prefix=tuple(as_nobody))

    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert str(data_dir.root) in done.stderr
    assert "not writable" in done.stderr
    assert _snapshot(data_dir) == before
    assert not (data_dir.root / "logs").exists()
    # Nothing lost: as a user who may write, the same command loads everything.
    code, report, err = coop_in_process(capsys, *args, data_dir=data_dir)
    assert (code, report and report["status"]) == (0, "accepted"), err
    assert query(data_dir, "SELECT count(*) FROM units") == [(4,)]
    if command == "refresh":
        assert list(data_dir.incoming.iterdir()) == []
    assert_records_agree(data_dir)


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[Callable[[Path], Path]]:
    """Bind-mount a folder read-only (EROFS even for root); unmounted afterwards."""
    mounted: list[Path] = []

    def mount(source: Path) -> Path:
        target = tmp_path / "ro"
        target.mkdir()
        steps = [
            ["mount", "--bind", str(source), str(target)],
            ["mount", "-o", "remount,bind,ro", str(target)],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, timeout=30)
            if done.returncode != 0:
                if mounted:
                    subprocess.run(["umount", str(target)], timeout=30)
                pytest.skip(f"this machine does not allow bind mounts: {done.stderr.strip()}")
            if not mounted:
                mounted.append(target)
        return target

    yield mount
    for target in mounted:
        subprocess.run(["umount", "-l", str(target)], timeout=30)


def test_read_only_file_system_fails_clearly(
    read_only_mount: Callable[[Path], Path],
    tmp_path: Path,
    inbox: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = DataDir(tmp_path / "data")
    base = write_batch(tmp_path / "base", BASE)
    assert coop_in_process(capsys, "load", str(base), data_dir=source)[0] == 0
    data_dir = DataDir(read_only_mount(source.root))
    before = _snapshot(data_dir)
    batch = write_batch(inbox, BATCH)

    code, report, err = coop_in_process(capsys, "load", str(batch), data_dir=data_dir)

    assert code == 2, report
    assert report is not None and report["status"] == "error"
    assert str(data_dir.root) in err and "not writable" in err
    assert "Traceback" not in err
    assert _snapshot(data_dir) == before


# ---- a full data directory ---------------------------------------------------------------------


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "tmpfs"
    mount_point.mkdir()
    # Room for the small warehouse (~3 MiB: a 256 KiB block per table), its staging copy and
    # what a load adds to that copy before it is published.
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=12m,mode=0755", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if done.returncode != 0:
        pytest.skip(
            "this machine does not allow mounting a tmpfs (no CAP_SYS_ADMIN); the injected "
            f"ENOSPC tests below cover the write path instead: {done.stderr.strip()}"
        )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], timeout=30)


def fill(folder: Path, leave: int) -> Path:
    """Fill the file system holding `folder`, then free about `leave` bytes."""
    filler = folder / "filler"
    chunk = b"\0" * 65536
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            try:
                os.write(fd, chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                break
        while True:  # the last few pages
            try:
                os.write(fd, chunk[:4096])
            except OSError:
                break
        if leave:
            os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    finally:
        os.close(fd)
    return filler


@pytest.mark.parametrize(
    ("leave", "recovery_pending"),
    [(0, False), (256 * 1024, False), (0, True)],
    ids=["nothing-free", "room-for-the-archive", "recovery-pending"],
)
def test_full_disk_fails_clearly_and_loses_nothing(
    leave: int,
    recovery_pending: bool,
    states: States,
    tiny_tmpfs: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Space runs out before archiving, after archiving (at the staging copy), or while the
    load's recovery restores the manifest line of a run that died after publishing."""
    data_dir = DataDir(tiny_tmpfs / "data")
    shutil.copytree(states.template.root, data_dir.root)
    if recovery_pending:  # what a load killed after_replace leaves: its manifest line missing
        data_dir.manifest.write_bytes(b"")
    before = _snapshot(data_dir)
    filler = fill(tiny_tmpfs, leave)

    code, report, err = coop_in_process(capsys, "load", str(states.batch), data_dir=data_dir)

    assert code == 2, report
    assert report is not None and report["status"] == "error"
    assert "No space left" in err and str(data_dir.root) in err, err
    assert "Traceback" not in err and "Internal error" not in err
    after = _snapshot(data_dir)
    assert after["warehouse"] == before["warehouse"]
    # Nothing lost; a file archived before space ran out is not referenced by any run, and the
    # next load's recovery removes it.
    assert all(after["files"].get(p) == data for p, data in before["files"].items())
    assert_no_leftovers(data_dir)

    filler.unlink()
    code, report, err = coop_in_process(capsys, "load", str(states.batch), data_dir=data_dir)
    assert (code, report and report["status"]) == (0, "accepted"), err
    assert warehouse_state(data_dir) == states.new
    assert_records_agree(data_dir)


def _enospc(path: object) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


@pytest.mark.parametrize("where", ["archive", "staging-copy", "publish"])
def test_injected_enospc_fails_clearly_and_loses_nothing(
    where: str,
    states: States,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ENOSPC at one exact write of a load: archiving a file, copying the warehouse to its
    private staging copy, or replacing the published warehouse."""
    data_dir = states.fresh(tmp_path)
    before = _snapshot(data_dir)
    real_replace, real_copyfile = os.replace, shutil.copyfile

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        target = Path(dst)
        if (where == "archive" and data_dir.archive in target.parents) or (
            where == "publish" and target == data_dir.warehouse
        ):
            raise _enospc(dst)
        real_replace(src, dst, **kwargs)

    def copyfile(src: Any, dst: Any, **kwargs: Any) -> Any:
        if data_dir.staging in Path(dst).parents:
            raise _enospc(dst)
        return real_copyfile(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    if where == "staging-copy":
        monkeypatch.setattr(shutil, "copyfile", copyfile)

    code, report, err = coop_in_process(capsys, "load", str(states.batch), data_dir=data_dir)

    monkeypatch.undo()
    assert code == 2, report
    assert report is not None and report["status"] == "error"
    assert "No space left" in err and str(data_dir.root) in err, err
    assert "Traceback" not in err and "Internal error" not in err
    after = _snapshot(data_dir)
    assert after["warehouse"] == before["warehouse"]
    assert all(after["files"].get(p) == data for p, data in before["files"].items())
    assert_no_leftovers(data_dir)

    code, report, err = coop_in_process(capsys, "load", str(states.batch), data_dir=data_dir)
    assert (code, report and report["status"]) == (0, "accepted"), err
    assert warehouse_state(data_dir) == states.new
    assert_records_agree(data_dir)
