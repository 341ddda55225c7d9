"""Loads while the dashboard reads, loads at the same time, and the cron refresh.

- `coop refresh` runs again and again (new files dropped into incoming/ each time) while reader
  threads query the warehouse through the dashboard's own query layer (`dashboard.queries`):
  no reader error, no failed refresh, and every read sees one whole published version.
- Two `coop load`s started at the same moment: both succeed in turn, or the second fails
  clearly after a bounded wait; nothing is lost.
- `coop refresh` as cron runs it: no TTY, no locale, a minimal environment; one log line per
  run, the contract's exit codes, files moved to archive/ or quarantine/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import filelock
import pytest
from openpyxl import Workbook

from etl.cli import main
from etl.config import DataDir
from tests.etl.test_faults import assert_records_agree, files_under, full_state, write_batch
from tests.helpers import query, write

PROJECT = Path(__file__).resolve().parents[2]

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


def cli_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COOP_FAULT_POINT", "COOP_LOCK_TIMEOUT", "COOP_DATA_DIR")
    }
    return {**env, **extra}


def load_base(data_dir: DataDir, folder: Path) -> None:
    base = write_batch(folder, BASE)
    assert main(["load", str(base), "--data-dir", str(data_dir.root), "--json"]) == 0


# ---- refresh rounds while the dashboard reads --------------------------------------------------

ROUNDS = 5
READERS = 4
# Between two reads a reader pauses a little, like a person clicking: the readers then leave
# the refresh a fair share of the two cores and still read many times during each publish.
READ_PAUSE_S = 0.05


def round_files(k: int) -> dict[str, str]:
    """Round k adds 2 units, 3 memberships and 1 conference: 3 files, in one batch."""
    return {
        f"units_r{k}.csv": f"unit_id,name_zh,parent_unit_id\nU{k}A,第{k}研究所,HQ\n"
        f"U{k}B,第{k}实验室,U{k}A\n",
        f"memberships_r{k}.csv": "membership_id,unit_id,org_id,member_type,status,start_date\n"
        f"M{k}1,U{k}A,IUPAC,institutional,active,{2010 + k}-01-01\n"
        f"M{k}2,U{k}B,IUPAC,institutional,active,{2010 + k}-06-01\n"
        f"M{k}3,U{k}A,ISC,institutional,active,{2010 + k}-09-01\n",
        f"conferences_r{k}.csv": "conference_id,unit_id,org_id,title,role,start_date,country\n"
        f"CR{k},U{k}B,IUPAC,Workshop {k},attended,{2010 + k}-07-05,JP\n",
    }


def published(k: int) -> tuple[int, int, int, int, int]:
    """(units, memberships, conferences, runs, Σ memberships_new) after round k."""
    return (3 + 2 * k, 2 + 3 * k, 1 + k, 1 + k, 2 + 3 * k)


def published_health(k: int) -> tuple[int, int]:
    """(runs, files loaded) after round k, as the dashboard's health panel shows them."""
    return (1 + k, 4 + 3 * k)


VERSION_SQL = """
SELECT (SELECT count(*) FROM units) AS units,
       (SELECT count(*) FROM memberships) AS memberships,
       (SELECT count(*) FROM conferences) AS conferences,
       (SELECT count(*) FROM load_runs) AS runs,
       (SELECT CAST(sum(value) AS INTEGER) FROM indicator_values
         WHERE unit_id IS NULL AND indicator = 'memberships_new') AS memberships_new,
       $nonce AS nonce
"""


@pytest.mark.slow
def test_refresh_rounds_while_the_dashboard_reads(
    data_dir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_base(data_dir, tmp_path / "base")
    monkeypatch.setenv("COOP_DATA_DIR", str(data_dir.root))
    from dashboard import queries

    queries.clear_cache()
    versions = {published(k) for k in range(ROUNDS + 1)}
    healths = {published_health(k) for k in range(ROUNDS + 1)}
    unit_counts = {published(k)[0] for k in range(ROUNDS + 1)}
    assert queries.fetch(VERSION_SQL, nonce="start").row(0)[:5] == published(0)

    stop = threading.Event()
    lock = threading.Lock()
    seen: list[tuple[int, ...]] = []
    seen_health: list[tuple[int, int]] = []
    errors: list[str] = []

    def read_versions(reader: int) -> None:
        """Every read opens the file: a fresh nonce defeats the query layer's cache."""
        n = 0
        while not stop.is_set():
            n += 1
            try:
                row = queries.fetch(VERSION_SQL, nonce=f"{reader}-{n}").row(0)
                with lock:
                    seen.append(tuple(row[:5]))
            except Exception as exc:  # any error is a failure, reported below
                with lock:
                    errors.append(f"reader {reader}: {type(exc).__name__}: {exc}")
            stop.wait(READ_PAUSE_S)

    def read_dashboard_panels() -> None:
        """What a dashboard page does: cached reads keyed on the file's identity."""
        while not stop.is_set():
            try:
                health = queries.health()
                units = queries.units().height
                status = queries.warehouse_status()
                with lock:
                    seen_health.append((health["runs"], health["files_loaded"]))
                    if units not in unit_counts:
                        errors.append(f"units() saw {units} units")
                    if status.state != "ready":
                        errors.append(f"warehouse_status() is {status.state}")
            except Exception as exc:
                with lock:
                    errors.append(f"panels: {type(exc).__name__}: {exc}")
            stop.wait(READ_PAUSE_S)

    threads = [
        threading.Thread(target=read_versions, args=(i,), daemon=True) for i in range(READERS - 1)
    ]
    threads.append(threading.Thread(target=read_dashboard_panels, daemon=True))
    for thread in threads:
        thread.start()
    refreshes: list[subprocess.CompletedProcess[str]] = []
    try:
        for k in range(1, ROUNDS + 1):
            write_batch(data_dir.incoming, round_files(k))
            done = subprocess.run(
                [sys.executable, "-m", "etl", "refresh", "--data-dir", str(data_dir.root)]
                + ["--json"],
                env=cli_env(),
                cwd=PROJECT,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=180,
            )
            refreshes.append(done)
            if done.returncode != 0:
                break
            assert list(data_dir.incoming.iterdir()) == []
            # Let the readers see this version before the next round replaces it.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with lock:
                    if seen and seen[-1] == published(k):
                        break
                time.sleep(0.01)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not any(t.is_alive() for t in threads)

    for done in refreshes:
        assert done.returncode == 0, done.stdout + done.stderr
        assert json.loads(done.stdout.splitlines()[-1])["status"] == "accepted"
    assert len(refreshes) == ROUNDS
    assert errors == []
    assert set(seen) <= versions, set(seen) - versions
    assert set(seen_health) <= healths, set(seen_health) - healths
    # The readers really read throughout, and saw the loads land.
    assert len(seen) >= 10 * ROUNDS
    assert len(set(seen)) >= 3
    assert query(data_dir, VERSION_SQL.replace("$nonce", "'end'"))[0][:5] == published(ROUNDS)
    assert_records_agree(data_dir)


# ---- two loads at once -------------------------------------------------------------------------

BATCH_X = {
    "units_x.csv": "unit_id,name_zh,parent_unit_id\nUX1,甲研究所,HQ\nUX2,甲实验室,UX1\n",
    "memberships_x.csv": "membership_id,unit_id,org_id,member_type,status,start_date\n"
    "MX1,UX1,IUPAC,institutional,active,2022-01-01\nMX2,UX2,ISC,institutional,intended,\n",
}
BATCH_Y = {
    "units_y.csv": "unit_id,name_zh,parent_unit_id\nUY1,乙研究所,HQ\n",
    "conferences_y.csv": "conference_id,unit_id,org_id,title,role,start_date,country\n"
    "CY1,UY1,ISC,ISC General Assembly,co_hosted,2023-03-01,CN\n"
    "CY2,UY1,,国际论坛,hosted,2023-10-10,CN\n",
}
MESSAGE = {"en": "Another load is running", "zh": "另一个载入任务正在进行"}

# Imports the CLI, says "ready", waits for "go" on stdin, then runs `coop load` through the
# entry point `python -m etl` uses: both loads reach the lock within milliseconds of each other.
BARRIER_LOAD = """
import sys
import etl.pipeline
from etl.cli import main
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(["load", *sys.argv[1:]]))
"""


def start_barrier_load(
    batch: Path, data_dir: DataDir, lang: str, lock_timeout: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", BARRIER_LOAD, str(batch), "--data-dir", str(data_dir.root)]
        + ["--lang", lang, "--json"],
        env=cli_env(COOP_LOCK_TIMEOUT=lock_timeout),
        cwd=PROJECT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_two_loads_at_once(
    data_dir: DataDir, batches: list[Path], lock_timeout: str
) -> list[tuple[int, str, str, float]]:
    """(exit code, stdout, stderr, seconds from "go" to exit) of each load."""
    procs = [
        start_barrier_load(batch, data_dir, lang, lock_timeout)
        for batch, lang in zip(batches, MESSAGE, strict=True)
    ]
    results = []
    try:
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline()  # bounded: the process exits on any failure
            assert line == "ready\n", proc.communicate(timeout=60)
        started = time.monotonic()
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        ended: dict[int, float] = {}
        deadline = started + 120
        while len(ended) < len(procs) and time.monotonic() < deadline:
            for i, proc in enumerate(procs):
                if i not in ended and proc.poll() is not None:
                    ended[i] = time.monotonic() - started
            time.sleep(0.005)
        for i, proc in enumerate(procs):
            out, err = proc.communicate(timeout=60)
            results.append((proc.returncode, out, err, ended.get(i, float("inf"))))
    finally:
        for proc in procs:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait(timeout=60)
    return results


def run_windows(data_dir: DataDir) -> list[tuple[Any, ...]]:
    return query(data_dir, "SELECT started_at, finished_at FROM load_runs ORDER BY started_at")


def unit_ids(data_dir: DataDir) -> set[str]:
    return {r[0] for r in query(data_dir, "SELECT unit_id FROM units")}


@pytest.mark.slow
def test_two_loads_at_once_both_succeed_in_turn(data_dir: DataDir, tmp_path: Path) -> None:
    load_base(data_dir, tmp_path / "base")
    batches = [write_batch(tmp_path / "x", BATCH_X), write_batch(tmp_path / "y", BATCH_Y)]

    results = run_two_loads_at_once(data_dir, batches, lock_timeout="60")

    for code, out, err, _ in results:
        assert code == 0, out + err
        assert json.loads(out.splitlines()[-1])["status"] == "accepted"
        assert "Traceback" not in out + err
    assert {"UX1", "UX2", "UY1"} <= unit_ids(data_dir)
    assert query(data_dir, "SELECT count(*) FROM memberships") == [(4,)]
    assert query(data_dir, "SELECT count(*) FROM conferences") == [(3,)]
    # One after the other: the runs' write windows do not overlap.
    windows = run_windows(data_dir)
    assert len(windows) == 3
    assert all(a[1] <= b[0] for a, b in zip(windows, windows[1:], strict=False))
    assert_records_agree(data_dir)


@pytest.mark.slow
def test_two_loads_at_once_with_a_short_wait(
    data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a lock wait shorter than a load, the second fails clearly; nothing is lost.

    (If the machine stalls the second past the first, both succeeding in turn is also what
    the contract allows, and is checked as such.)"""
    load_base(data_dir, tmp_path / "base")
    batches = [write_batch(tmp_path / "x", BATCH_X), write_batch(tmp_path / "y", BATCH_Y)]
    wait_s = 0.2

    results = run_two_loads_at_once(data_dir, batches, lock_timeout=str(wait_s))

    codes = sorted(code for code, *_ in results)
    assert codes in ([0, 0], [0, 2]), results
    for _, out, err, _ in results:
        assert "Traceback" not in out + err
    if codes == [0, 0]:
        assert {"UX1", "UX2", "UY1"} <= unit_ids(data_dir)
        assert_records_agree(data_dir)
        return
    (winner,) = [i for i, r in enumerate(results) if r[0] == 0]
    (loser,) = [i for i, r in enumerate(results) if r[0] == 2]
    code, out, err, elapsed = results[loser]
    lang = list(MESSAGE)[loser]
    assert MESSAGE[lang] in err, err
    assert json.loads(out.splitlines()[-1])["status"] == "error"
    assert elapsed < wait_s + 10  # a bounded wait, not a hang
    # The winner's rows are in; the loser changed nothing and its files are intact.
    winner_units = {"UX1", "UX2"} if winner == 0 else {"UY1"}
    loser_units = {"UX1", "UX2"} if loser == 0 else {"UY1"}
    assert winner_units <= unit_ids(data_dir) and not loser_units & unit_ids(data_dir)
    assert_records_agree(data_dir)
    loser_batch = batches[loser]
    expected = BATCH_X if loser == 0 else BATCH_Y
    assert {p.name: p.read_text(encoding="utf-8") for p in loser_batch.iterdir()} == expected
    # Loading it again succeeds, and then both batches are present.
    assert main(["load", str(loser_batch), "--data-dir", str(data_dir.root), "--json"]) == 0
    capsys.readouterr()
    assert {"UX1", "UX2", "UY1"} <= unit_ids(data_dir)
    assert query(data_dir, "SELECT count(*) FROM memberships") == [(4,)]
    assert query(data_dir, "SELECT count(*) FROM conferences") == [(3,)]
    assert_records_agree(data_dir)


# ---- the cron refresh --------------------------------------------------------------------------

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d refresh (?P<status>[a-z-]+) files=(?P<files>\d+) "
    r"rows=(?P<rows>\d+) errors=(?P<errors>\d+) warnings=\d+ run=(?P<run>\S+)$"
)


@pytest.fixture
def cron(tmp_path: Path) -> Iterator[Any]:
    """Run `coop` the way cron does: the installed script, no TTY, no locale, PATH and HOME."""
    home = tmp_path / "home"
    home.mkdir()
    script = Path(sys.executable).parent / "coop"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "etl"]

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args],
            env={"PATH": "/usr/bin:/bin", "HOME": str(home), **env},
            cwd=home,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=180,
        )

    yield run


def _conferences_xlsx(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["会议编号", "单位编号", "组织编号", "会议名称", "参与方式", "开始日期", "国家"])
    sheet.append(["C9", "CHEM", "ISC", "ISC 大会", "参加", dt.datetime(2022, 5, 3), "FR"])
    book.save(path)


def test_refresh_as_cron_runs_it(
    cron: Any, data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_base(data_dir, tmp_path / "base")
    capsys.readouterr()
    incoming = data_dir.incoming
    incoming.mkdir()
    write(
        incoming,
        "单位_2026Q1.csv",
        "单位编号,单位名称,上级单位编号\nBIO,生物研究所,HQ\n",
        "gb18030",
    )
    write(
        incoming,
        "organizations-new.csv",
        "org_id,name_en,scope,hq_country\nIFAC,International Federation of Automatic Control,"
        "specialized,AT\n",
        "utf-8-sig",
    )
    _conferences_xlsx(incoming / "2026-国际会议.xlsx")
    dropped = {p.name: p.read_bytes() for p in incoming.iterdir()}
    args = ("refresh", "--data-dir", str(data_dir.root))

    # 1. New files: accepted, archived unchanged, gone from incoming/.
    done = cron(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert len(lines) == 1, lines
    match = LOG_LINE.match(lines[0])
    assert match and match["status"] == "accepted", lines
    assert (match["files"], match["rows"], match["errors"]) == ("3", "3", "0")
    assert list(incoming.iterdir()) == []
    for name, data in dropped.items():
        sha = hashlib.sha256(data).hexdigest()
        assert (data_dir.archive / sha[:2] / sha / name).read_bytes() == data
    assert query(data_dir, "SELECT source, user_name, status FROM load_runs WHERE run_id = ?", [
        match["run"]
    ]) == [("refresh", "cron", "accepted")]  # fmt: skip
    assert query(data_dir, "SELECT count(*) FROM units") == [(4,)]

    # 2. Nothing new: one quiet line, exit 0, nothing recorded.
    before = full_state(data_dir)
    done = cron(*args)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and LOG_LINE.match(lines[0]), lines
    assert full_state(data_dir) == before

    # 3. A bad drop: rejected (exit 1), quarantined beside its report, gone from incoming/.
    bad = {
        "units.csv": "unit_id,name_zh,parent_unit_id\nBAD\tID,坏编号,HQ\n".encode(),
        "会员.csv": "会员编号,单位编号,组织编号,会员类型,状态\nMZ,NOPE,ISC,单位会员,意向\n".encode(
            "gb18030"
        ),
    }
    for name, data in bad.items():
        (incoming / name).write_bytes(data)
    done = cron(*args)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    log_lines = [ln for ln in lines if LOG_LINE.match(ln)]
    assert len(log_lines) == 1 and lines[0] == log_lines[0], lines  # then the report
    match = LOG_LINE.match(lines[0])
    assert match and match["status"] == "rejected" and int(match["errors"]) >= 2
    assert "BAD\tID" in done.stdout and "会员.csv" in done.stdout
    assert list(incoming.iterdir()) == []
    folder = data_dir.quarantine / match["run"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*bad, "report.en.json", "report.zh.json"]
    )
    for name, data in bad.items():
        assert (folder / name).read_bytes() == data
    report = json.loads((folder / "report.en.json").read_text(encoding="utf-8"))
    assert report["status"] == "rejected"
    assert full_state(data_dir)["units"] == before["units"]

    # 4. Another load holds the lock: exit 2, one clear line on stderr, the drop kept.
    write(incoming, "units_late.csv", "unit_id,name_zh,parent_unit_id\nLATE,迟到研究所,HQ\n")
    with filelock.FileLock(str(data_dir.lock)):
        done = cron(*args, COOP_LOCK_TIMEOUT="0.5")
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.strip().count("\n") == 0 and "Another load is running" in done.stderr
    assert [p.name for p in incoming.iterdir()] == ["units_late.csv"]
    assert "Traceback" not in done.stderr
    assert not (data_dir.root / "logs").exists()
    assert files_under(data_dir.staging) == []
    assert_records_agree(data_dir)
