"""How the dashboard reads: read-only, one shared connection per warehouse file (a cursor per
query, from any thread), a replaced warehouse picked up at the next interaction and the old
connection closed, user values always bound as parameters, materialised views up to date."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dashboard import queries, upload
from dashboard import warehouse as warehouse_file
from dashboard.filters import Filters
from etl import clock, indicators
from etl.config import DataDir
from etl.errors import CoopError
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


@pytest.fixture
def attaches(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The warehouse files the query layer opens, in order (its connections start closed)."""
    queries.close_connections()
    opened: list[Path] = []
    attach = warehouse_file._attach

    def counting(path: Path) -> Any:
        opened.append(path)
        return attach(path)

    monkeypatch.setattr(warehouse_file, "_attach", counting)
    return opened


def republish(path: Path, sql: str) -> None:
    """Change a copy of the warehouse and `os.replace` it over the published one, as loads do."""
    copy = path.with_name("next.duckdb")
    shutil.copyfile(path, copy)
    writer = duckdb.connect(str(copy))
    writer.execute(sql)
    writer.close()
    os.replace(copy, path)


def open_warehouse(path: Path) -> Any:
    return warehouse_file._OPEN[str(path.resolve())]


def test_queries_share_one_connection_per_file(
    demo_dir: Path, use_dir: UseDir, attaches: list[Path]
) -> None:
    use_dir(demo_dir)
    queries.warehouse_status()
    queries.health()
    queries.clear_cache()  # a cold result cache still finds the connection open
    queries.units()
    assert len(attaches) == 1


def test_a_replaced_file_is_read_at_once_and_the_old_connection_closed(
    private_demo_dir: Path, use_dir: UseDir, attaches: list[Path]
) -> None:
    use_dir(private_demo_dir)
    path = private_demo_dir / "warehouse.duckdb"
    units_before = queries.fetch("SELECT count(*) AS n FROM units")["n"][0]
    old = open_warehouse(path)
    # The open connection does not hold the load up: the file is replaced under it.
    republish(path, "CREATE TABLE marker AS SELECT 42 AS answer")
    assert queries.fetch("SELECT answer FROM marker")["answer"].to_list() == [42]
    assert queries.fetch("SELECT count(*) AS n FROM units")["n"][0] == units_before
    assert len(attaches) == 2
    with pytest.raises(duckdb.ConnectionException):
        old.connection.execute("SELECT 1")


def test_a_retired_connection_stays_open_until_its_last_query_ends(
    private_demo_dir: Path, use_dir: UseDir
) -> None:
    use_dir(private_demo_dir)
    path = private_demo_dir / "warehouse.duckdb"
    with warehouse_file._cursor(path) as running:  # a query still reading the old file
        old = open_warehouse(path)
        republish(path, "CREATE TABLE marker AS SELECT 42 AS answer")
        assert queries.fetch("SELECT answer FROM marker").height == 1
        assert open_warehouse(path) is not old and old.retired
        tables = running.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
        assert ("units",) in tables and ("marker",) not in tables  # still the old file
    with pytest.raises(duckdb.ConnectionException):
        old.connection.execute("SELECT 1")


def test_concurrent_queries_from_many_threads(
    demo_dir: Path, use_dir: UseDir, attaches: list[Path]
) -> None:
    use_dir(demo_dir)
    sql = "SELECT $n AS n, count(*) AS conferences FROM conferences WHERE year(start_date) >= $y"
    count_sql = "SELECT count(*) FROM conferences WHERE year(start_date) >= ?"
    expected = {y: warehouse(demo_dir, count_sql, [y])[0, 0] for y in range(2015, 2025)}
    start = threading.Barrier(8, timeout=30)

    def ask(n: int) -> tuple[int, int, int]:
        if n < 8:
            start.wait()  # the first eight all start together
        frame = queries.fetch(sql, n=n, y=2015 + n % 10)  # each n a new question: no cache
        return n, int(frame["n"][0]), int(frame["conferences"][0])

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, range(80)))
    assert all(asked == got for asked, got, _ in answers)
    assert all(count == expected[2015 + n % 10] for n, _, count in answers)
    assert len(attaches) == 1


def test_close_connections_lets_go_of_the_file(demo_dir: Path, use_dir: UseDir) -> None:
    use_dir(demo_dir)
    queries.health()
    queries.close_connections()
    # A writable connection in this very process fails while any connection holds the file.
    writer = duckdb.connect(str(demo_dir / "warehouse.duckdb"))
    writer.close()
    queries.clear_cache()
    assert queries.warehouse_status().state == "ready"  # and the next query opens it again


def test_materialised_views_equal_their_definitions_after_a_load(demo_dir: Path) -> None:
    for name, columns in indicators.MATERIALISED.items():
        listed = ", ".join(columns)
        stored = warehouse(demo_dir, f"SELECT {listed} FROM {name} ORDER BY ALL")
        computed = warehouse(demo_dir, f"SELECT {listed} FROM {name}_computed ORDER BY ALL")
        assert stored.height > 0, name
        assert stored.equals(computed, null_equal=True), name


def test_identity_follows_file_content_and_day(demo_dir: Path) -> None:
    identity = queries.warehouse_identity(demo_dir / "warehouse.duckdb")
    assert identity is not None
    assert identity[-1] == clock.today().isoformat()
    assert queries.warehouse_identity(demo_dir / "missing.duckdb") is None


def test_user_values_are_bound_not_spliced(demo_dir: Path, use_dir: UseDir) -> None:
    use_dir(demo_dir)
    filters = Filters(2000, clock.today().year)
    units_before = warehouse(demo_dir, "SELECT count(*) FROM units")[0, 0]
    for hostile in ("'; DROP TABLE units; --", "%", "_", "\\", "' OR '1'='1"):
        found = queries.organization_directory(filters, hostile, clock.today())
        assert found.is_empty(), hostile
    assert warehouse(demo_dir, "SELECT count(*) FROM units")[0, 0] == units_before
    odd_unit = Filters(2000, clock.today().year, unit_id="x' OR '1'='1", scope="specialized")
    assert queries.conferences_by_role(odd_unit).is_empty()


def test_missing_and_empty_warehouses_are_states_not_errors(
    tmp_path: Path, use_dir: UseDir
) -> None:
    use_dir(tmp_path)
    assert queries.warehouse_status().state == "missing"
    with pytest.raises(CoopError) as missing:  # one of the project's own errors, in words
        queries.fetch("SELECT 1")
    assert isinstance(missing.value, queries.WarehouseMissing)
    assert missing.value.message("en") == "No data yet"
    from etl.warehouse import Staging

    staging = Staging(DataDir(tmp_path), "empty")
    staging.publish()
    assert queries.warehouse_status().state == "empty"
    (tmp_path / "warehouse.duckdb").write_bytes(b"not a database")
    queries.clear_cache()
    assert queries.warehouse_status().state == "unavailable"


def test_indicator_queries_match_the_view(demo_dir: Path, use_dir: UseDir) -> None:
    use_dir(demo_dir)
    year = clock.today().year - 1
    shown = queries.indicator_year(None, year)
    expected = warehouse(
        demo_dir,
        "SELECT indicator, value FROM indicator_values WHERE unit_id IS NULL AND year = ?",
        [year],
    )
    assert shown == dict(expected.iter_rows())


def test_scope_turns_filters_into_conditions_and_parameters() -> None:
    from dashboard.queries.scope import Scope, Where, sql

    scope = Scope.of(Filters(2020, 2021, unit_id="U1", scope="specialized"))
    where = scope.where(years="c.year", unit="c.unit_id", org="o.scope")
    assert where.sql == (
        " AND c.year BETWEEN $year_from AND $year_to"
        " AND c.unit_id IN (SELECT unit_id FROM unit_closure WHERE ancestor_unit_id = $unit_id)"
        " AND o.scope = $scope"
    )
    assert where.params == {
        "year_from": 2020,
        "year_to": 2021,
        "unit_id": "U1",
        "scope": "specialized",
    }
    # Not narrowed: no condition, no parameter; the academy's own rows are those without a unit.
    academy = Scope.of(Filters(2020, 2021))
    assert academy.where(unit="c.unit_id", org="o.scope") == Where()
    assert academy.where(own_unit="unit_id").sql == " AND unit_id IS NULL"
    # Only column names go into the text, and every slot of a question is filled.
    with pytest.raises(ValueError):
        scope.where(unit="c.unit_id) OR (1=1")
    with pytest.raises(ValueError):
        sql("SELECT 1 WHERE TRUE {where}", other=where)
