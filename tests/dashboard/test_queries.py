"""How the dashboard reads: read-only, one connection per query, no lock held, a replaced
warehouse picked up at the next interaction, user values always bound as parameters."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from dashboard import queries, upload
from dashboard.filters import Filters
from etl.config import DataDir
from tests.dashboard.conftest import warehouse

UseDir = Callable[[Path], None]


@pytest.fixture
def use_dir(monkeypatch: pytest.MonkeyPatch) -> UseDir:
    """Point the dashboard at a data directory (as COOP_DATA_DIR does for `make run`)."""

    def bind(path: Path) -> None:
        monkeypatch.setenv("COOP_DATA_DIR", str(path))

    return bind


def test_a_load_that_replaces_the_file_is_seen_without_restart(
    private_demo_dir: Path, use_dir: UseDir
) -> None:
    use_dir(private_demo_dir)
    before = queries.units()
    inode_before = os.stat(private_demo_dir / "warehouse.duckdb").st_ino
    root = before.filter(before["parent_unit_id"].is_null())["unit_id"][0]
    files = [
        upload.Upload(
            "units.csv", f"unit_id,name_zh,parent_unit_id\nNEW-LAB,新实验室,{root}\n".encode()
        )
    ]
    report = upload.run(files, data_dir=DataDir(private_demo_dir), mode="load")
    assert report.status == "accepted"
    assert os.stat(private_demo_dir / "warehouse.duckdb").st_ino != inode_before  # os.replace'd
    after = queries.units()  # no cache clearing, no restart
    assert after.height == before.height + 1
    assert "NEW-LAB" in after["unit_id"].to_list()


def test_no_connection_or_lock_outlives_a_query(demo_dir: Path, use_dir: UseDir) -> None:
    use_dir(demo_dir)
    queries.warehouse_status()
    queries.health()
    # A writable connection in this very process would fail ("different configuration") if a
    # read-only one to the same file were still open.
    writer = duckdb.connect(str(demo_dir / "warehouse.duckdb"))
    writer.close()


def test_identity_follows_file_content_and_day(demo_dir: Path) -> None:
    identity = queries.warehouse_identity(demo_dir / "warehouse.duckdb")
    assert identity is not None
    assert identity[-1] == dt.date.today().isoformat()
    assert queries.warehouse_identity(demo_dir / "missing.duckdb") is None


def test_user_values_are_bound_not_spliced(demo_dir: Path, use_dir: UseDir) -> None:
    use_dir(demo_dir)
    filters = Filters(2000, dt.date.today().year)
    units_before = warehouse(demo_dir, "SELECT count(*) FROM units")[0, 0]
    for hostile in ("'; DROP TABLE units; --", "%", "_", "\\", "' OR '1'='1"):
        found = queries.organization_directory(filters, hostile, dt.date.today())
        assert found.is_empty(), hostile
    assert warehouse(demo_dir, "SELECT count(*) FROM units")[0, 0] == units_before
    odd_unit = Filters(2000, dt.date.today().year, unit_id="x' OR '1'='1", scope="specialized")
    assert queries.conferences_by_role(odd_unit).is_empty()


def test_missing_and_empty_warehouses_are_states_not_errors(
    tmp_path: Path, use_dir: UseDir
) -> None:
    use_dir(tmp_path)
    assert queries.warehouse_status().state == "missing"
    from etl.warehouse import Staging

    staging = Staging(DataDir(tmp_path), "empty")
    staging.publish()
    assert queries.warehouse_status().state == "empty"
    (tmp_path / "warehouse.duckdb").write_bytes(b"not a database")
    queries.clear_cache()
    assert queries.warehouse_status().state == "unavailable"


def test_indicator_queries_match_the_view(demo_dir: Path, use_dir: UseDir) -> None:
    use_dir(demo_dir)
    year = dt.date.today().year - 1
    shown = queries.indicator_year(None, year)
    expected = warehouse(
        demo_dir,
        "SELECT indicator, value FROM indicator_values WHERE unit_id IS NULL AND year = ?",
        [year],
    )
    assert shown == dict(expected.iter_rows())
