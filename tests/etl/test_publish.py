"""Publishing safely: loads write a private copy and atomically replace the warehouse, one
writer at a time, and readers never block them or see half a warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from etl.config import DataDir
from tests.helpers import query, write

Coop = Callable[..., tuple[int, Any]]

UNITS = "unit_id,name_zh,parent_unit_id\nHQ,江南省科学院,\nU1,化学研究所,HQ\n"
MORE_UNITS = "unit_id,name_zh,parent_unit_id\nU2,物理研究所,HQ\n"


def test_a_load_leaves_no_wal_and_no_staging_copy(
    coop: Coop, data_dir: DataDir, inbox: Path
) -> None:
    write(inbox, "units.csv", UNITS)
    assert coop("load", str(inbox))[0] == 0
    assert data_dir.warehouse.exists()
    assert not Path(str(data_dir.warehouse) + ".wal").exists()
    assert list(data_dir.staging.iterdir()) == []


def test_an_open_reader_neither_blocks_a_load_nor_sees_it_half_done(
    coop: Coop, data_dir: DataDir, inbox: Path, tmp_path: Path
) -> None:
    write(inbox, "units.csv", UNITS)
    assert coop("load", str(inbox))[0] == 0
    reader = duckdb.connect(str(data_dir.warehouse), read_only=True)
    try:
        more = tmp_path / "more"
        more.mkdir()
        write(more, "units.csv", MORE_UNITS)
        code, report = coop("load", str(more))
        assert (code, report["status"]) == (0, "accepted")
        # The open reader keeps its whole old version …
        assert reader.execute("SELECT count(*) FROM units").fetchone() == (2,)
    finally:
        reader.close()
    # … and the next connection sees the new one.
    assert query(data_dir, "SELECT count(*) FROM units") == [(3,)]


def test_a_second_writer_waits_then_fails_clearly(
    data_dir: DataDir, inbox: Path, tmp_path: Path
) -> None:
    write(inbox, "units.csv", UNITS)
    data_dir.root.mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import filelock, sys, time
                with filelock.FileLock({str(data_dir.lock)!r}):
                    print("held", flush=True)
                    time.sleep(20)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        env = {**os.environ, "COOP_LOCK_TIMEOUT": "1"}
        started = time.monotonic()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "etl",
                "load",
                str(inbox),
                "--data-dir",
                str(data_dir.root),
                "--lang",
                "en",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2
    assert "Another load is running" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert waited >= 1
    assert not data_dir.warehouse.exists()


def test_leftovers_of_a_dead_load_are_cleaned_by_the_next(
    coop: Coop, data_dir: DataDir, inbox: Path, tmp_path: Path
) -> None:
    write(inbox, "units.csv", UNITS)
    assert coop("load", str(inbox))[0] == 0
    # What a load killed mid-way can leave: a staging copy, an archived file no run refers
    # to, and a torn manifest line.
    (data_dir.staging / "warehouse-dead.duckdb").write_bytes(b"partial")
    orphan = data_dir.archive / "ab" / ("ab" + "0" * 62) / "posts.csv"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("post_id\n")
    with open(data_dir.manifest, "a", encoding="utf-8") as handle:
        handle.write('{"load_runs": [{"run_id": "torn"')
    more = tmp_path / "more"
    more.mkdir()
    write(more, "units.csv", MORE_UNITS)
    code, report = coop("load", str(more))
    assert (code, report["status"]) == (0, "accepted")
    assert list(data_dir.staging.iterdir()) == []
    assert not orphan.exists()
    lines = data_dir.manifest.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(line.endswith("}") for line in lines)


def test_manifest_is_repaired_from_the_warehouse(
    coop: Coop, data_dir: DataDir, inbox: Path, tmp_path: Path
) -> None:
    """A load that died after publishing but before appending its manifest line."""
    write(inbox, "units.csv", UNITS)
    assert coop("load", str(inbox))[0] == 0
    data_dir.manifest.unlink()
    more = tmp_path / "more"
    more.mkdir()
    write(more, "units.csv", MORE_UNITS)
    assert coop("load", str(more))[0] == 0
    assert len(data_dir.manifest.read_text(encoding="utf-8").splitlines()) == 2
    data_dir.warehouse.unlink()
    assert coop("rebuild")[0] == 0
    assert query(data_dir, "SELECT count(*) FROM units") == [(3,)]


@pytest.mark.parametrize("args", [["load", "/nonexistent/x.csv"], ["load", "--kind", "nope", "x"]])
def test_usage_errors_exit_2(coop: Coop, args: list[str]) -> None:
    code, _ = coop(*args)
    assert code == 2


def test_a_batch_validation_rejects_is_written_aside_and_thrown_away(
    coop: Coop, data_dir: DataDir, inbox: Path, tmp_path: Path
) -> None:
    """The write runs while Great Expectations validates (etl.pipeline.Prewrite): when a rule
    then fails, that copy is discarded and the published warehouse keeps only the old data."""
    write(inbox, "units.csv", UNITS)
    assert coop("load", str(inbox))[0] == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    # Readable and typed, so the write starts; the id rule (a suite expectation) rejects it
    # (an id holds no control character).
    write(bad, "units.csv", "unit_id,name_zh,parent_unit_id\nU2,物理研究所,HQ\nU\t3,数学所,HQ\n")
    code, report = coop("load", str(bad))
    assert (code, report["status"]) == (1, "rejected")
    assert [e["rule"] for e in report["files"][0]["errors"]] == ["id_format"]
    assert query(data_dir, "SELECT unit_id FROM units ORDER BY 1") == [("HQ",), ("U1",)]
    assert query(data_dir, "SELECT status FROM load_runs ORDER BY started_at") == [
        ("accepted",),
        ("rejected",),
    ]
    assert list(data_dir.staging.iterdir()) == []
    # It was archived meanwhile too; the archive keeps only the accepted batch's file.
    archived = sorted(p.name for p in data_dir.archive.rglob("*.csv"))
    assert archived == ["units.csv"]
    assert (data_dir.quarantine / report["run_id"] / "units.csv").exists()
