"""The indicator layer (etl/sql + etl.indicators) on small hand-built warehouses.

Rows go straight into an in-memory DuckDB created from `etl.warehouse.schema_ddl()`; every
expected value is worked out by hand in the comments next to it. Most tests use the same
three-level tree:

    HQ ─┬─ A ── A1
        └─ B

A unit's row counts its subtree; the academy row (unit_id NULL) counts everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import clock, indicators
from etl.schema import DEPTH_LEVELS, INDICATOR_IDS, INDICATORS, KINDS
from etl.warehouse import schema_ddl

THIS_YEAR = clock.today().year
TREE = {"HQ": None, "A": "HQ", "A1": "A", "B": "HQ"}
SCOPES: tuple[str | None, ...] = (None, "HQ", "A", "A1", "B")


# ---- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = clock.bind(duckdb.connect())  # coop_today() is the fixed day, as in a load
    connection.execute(schema_ddl())
    yield connection
    connection.close()


def insert(con: duckdb.DuckDBPyConnection, kind: str, *rows: dict[str, Any]) -> None:
    """Insert records of a kind; columns not given are NULL; 'YYYY-MM-DD' strings are dates."""
    columns = KINDS[kind].column_names
    for row in rows:
        unknown = set(row) - set(columns)
        assert not unknown, unknown
        values = [
            dt.date.fromisoformat(v) if isinstance(v, str) and col.endswith("_date") else v
            for col, v in ((c, row.get(c)) for c in columns)
        ]
        marks = ", ".join("?" for _ in columns)
        con.execute(f"INSERT INTO {kind} ({', '.join(columns)}) VALUES ({marks})", values)


def tree(con: duckdb.DuckDBPyConnection, units: dict[str, str | None] = TREE) -> None:
    insert(
        con, "units", *({"unit_id": u, "name_zh": u, "parent_unit_id": p} for u, p in units.items())
    )


def orgs(con: duckdb.DuckDBPyConnection, **hq: str) -> None:
    """orgs(con, O1="FR", ...): specialized organizations with their headquarters country."""
    insert(
        con,
        "organizations",
        *(
            {"org_id": o, "name_en": o, "scope": "specialized", "hq_country": c}
            for o, c in hq.items()
        ),
    )


def membership(
    con: duckdb.DuckDBPyConnection,
    mid: str,
    unit: str,
    org: str,
    status: str,
    start: str | None = None,
    end: str | None = None,
    **extra: Any,
) -> None:
    insert(
        con,
        "memberships",
        {
            "membership_id": mid,
            "unit_id": unit,
            "org_id": org,
            "status": status,
            "member_type": extra.pop("member_type", "institutional"),
            "start_date": start,
            "end_date": end,
            **extra,
        },
    )


def conference(
    con: duckdb.DuckDBPyConnection,
    cid: str,
    unit: str,
    org: str | None,
    role: str,
    start: str,
    country: str,
    fmt: str | None = None,
) -> None:
    insert(
        con,
        "conferences",
        {
            "conference_id": cid,
            "unit_id": unit,
            "org_id": org,
            "title": cid,
            "role": role,
            "format": fmt,
            "start_date": start,
            "country": country,
        },
    )


def post(
    con: duckdb.DuckDBPyConnection,
    pid: str,
    unit: str,
    org: str,
    level: str,
    start: str,
    end: str | None,
    name: str = "Wang",
    person_id: str | None = None,
) -> None:
    insert(
        con,
        "posts",
        {
            "post_id": pid,
            "person_name": name,
            "person_id": person_id,
            "unit_id": unit,
            "org_id": org,
            "position": "member",
            "level": level,
            "start_date": start,
            "end_date": end,
        },
    )


def office(
    con: duckdb.DuckDBPyConnection,
    fid: str,
    unit: str,
    org: str,
    status: str,
    established: str | None = None,
    closed: str | None = None,
) -> None:
    insert(
        con,
        "offices",
        {
            "office_id": fid,
            "org_id": org,
            "unit_id": unit,
            "office_type": "branch",
            "city": "Hangzhou",
            "country": "CN",
            "status": status,
            "established_date": established,
            "closed_date": closed,
        },
    )


def safeguard(
    con: duckdb.DuckDBPyConnection,
    sid: str,
    unit: str | None,
    status: str,
    done: str | None = None,
    due: str | None = None,
) -> None:
    insert(
        con,
        "safeguards",
        {
            "measure_id": sid,
            "category": "funding",
            "title": sid,
            "unit_id": unit,
            "status": status,
            "done_date": done,
            "due_date": due,
        },
    )


def target(
    con: duckdb.DuckDBPyConnection,
    year: int,
    indicator: str,
    unit: str | None,
    value: float,
    end_year: int | None = None,
) -> None:
    insert(
        con,
        "targets",
        {"year": year, "end_year": end_year or year, "indicator": indicator, "unit_id": unit,
         "target": value},
    )  # fmt: skip


def values(con: duckdb.DuckDBPyConnection) -> dict[tuple[int, str | None, str], float]:
    rows = con.execute("SELECT year, unit_id, indicator, value FROM indicator_values").fetchall()
    table = {(y, u, i): v for y, u, i, v in rows}
    assert len(table) == len(rows), "duplicate (year, unit, indicator) rows"
    return table


def series(con: duckdb.DuckDBPyConnection, indicator: str, unit: str | None) -> dict[int, float]:
    """{year: value} of one indicator for one scope (unit_id None = the academy)."""
    return {y: v for (y, u, i), v in values(con).items() if i == indicator and u == unit}


def at(con: duckdb.DuckDBPyConnection, year: int, indicator: str) -> dict[str | None, float]:
    """{scope: value} of one indicator in one year, for the academy and every unit."""
    return {u: v for (y, u, i), v in values(con).items() if i == indicator and y == year}


def years(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [
        r[0]
        for r in con.execute("SELECT DISTINCT year FROM indicator_values ORDER BY 1").fetchall()
    ]


# ---- the catalogue, the shape, empty warehouses ----------------------------------------------


def test_catalogue_views_come_from_the_schema(con: duckdb.DuckDBPyConnection) -> None:
    indicators.create_views(con)
    catalog = con.execute(
        "SELECT indicator, is_snapshot FROM indicator_catalog ORDER BY sort_order"
    ).fetchall()
    assert catalog == [(i.id, i.is_snapshot) for i in INDICATORS]
    assert [r[0] for r in catalog] == list(INDICATOR_IDS) and len(catalog) == 27
    levels = con.execute("SELECT level, label_zh, label_en FROM depth_levels ORDER BY 1").fetchall()
    assert levels == list(DEPTH_LEVELS)


def test_sql_files_run_in_numeric_order() -> None:
    names = [p.name for p in indicators.sql_files()]
    assert names == sorted(names) and names[0].startswith("00_") and len(names) >= 10
    on_disk = Path(indicators.__file__).with_name("sql").glob("*.sql")  # the package's data
    assert names == sorted(p.name for p in on_disk)


def test_empty_warehouse_has_no_years_and_no_rows(con: duckdb.DuckDBPyConnection) -> None:
    target(con, 2020, "posts_held", None, 2)
    assert indicators.refresh(con) == 0
    assert con.execute("SELECT count(*) FROM indicator_values").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM calendar_years").fetchall() == [(0,)]
    # No data: the 2020 target's actual is 0 → ratio 0 < 0.8 × 1 (a past year) → off_track.
    assert con.execute(
        "SELECT actual, ratio, expected_ratio, status FROM target_progress"
    ).fetchall() == [(0.0, 0.0, 1.0, "off_track")]


def test_records_without_dates_give_no_years(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR")
    membership(con, "M1", "A1", "O1", "intended")  # an intention has no date
    office(con, "F1", "B", "O1", "negotiating")
    safeguard(con, "S1", None, "planned", due="2030-01-01")  # a due date is a plan
    target(con, 2025, "orgs_engaged", None, 3)  # so is a target
    assert indicators.refresh(con) == 0


def test_every_indicator_for_every_year_and_scope_zeros_included(
    con: duckdb.DuckDBPyConnection,
) -> None:
    tree(con)
    orgs(con, O1="FR")
    # One lapsed membership of A1 from 2019 to 2020 → years 2019 and 2020.
    membership(con, "M1", "A1", "O1", "lapsed", "2019-03-01", "2020-08-31")
    # 2 years × 5 scopes (HQ, A, A1, B, academy) × 22 counts = 220 rows, and the ratios where
    # their denominator is not zero: the individual share and the shallow share where A1's
    # membership counts (4 scopes, not B), the units-with-targets share everywhere (units
    # exist); no posts or co-hosted conferences, so no leader share or attend/host ratio.
    assert indicators.refresh(con) == 220 + 2 * (4 + 4 + 5)
    table = values(con)
    counts = [i.id for i in INDICATORS if not i.is_ratio]
    assert {k for k in table if k[2] in counts} == {
        (y, u, i) for y in (2019, 2020) for u in SCOPES for i in counts
    }
    ratios = {(u, i) for (_, u, i) in table if i not in counts}
    assert ratios == {
        *((u, "memberships_individual_share") for u in SCOPES if u != "B"),
        *((u, "orgs_shallow_share") for u in SCOPES if u != "B"),
        *((u, "units_with_targets_share") for u in SCOPES),
    }
    # B has done nothing: its rows are there, all zero.
    assert all(v == 0 for (y, u, i), v in table.items() if u == "B")
    assert at(con, 2020, "memberships_active") == {None: 1, "HQ": 1, "A": 1, "A1": 1, "B": 0}


def test_contract_column_types(con: duckdb.DuckDBPyConnection) -> None:
    indicators.refresh(con)
    described = con.execute("DESCRIBE indicator_values").fetchall()
    assert [(r[0], r[1]) for r in described] == [
        ("year", "INTEGER"), ("unit_id", "VARCHAR"), ("indicator", "VARCHAR"), ("value", "DOUBLE"),
    ]  # fmt: skip
    progress = con.execute("DESCRIBE target_progress").fetchall()
    assert [r[0] for r in progress] == [
        "year", "end_year", "unit_id", "indicator", "measure", "target", "actual", "baseline",
        "expected", "ratio", "expected_ratio", "elapsed_share", "status",
    ]  # fmt: skip
    assert [r[0] for r in con.execute("DESCRIBE unit_closure").fetchall()] == [
        "ancestor_unit_id", "unit_id", "distance",
    ]  # fmt: skip
    assert [r[0] for r in con.execute("DESCRIBE engagement").fetchall()] == [
        "year", "unit_id", "org_id", "kind",
    ]  # fmt: skip
    assert [r[0] for r in con.execute("DESCRIBE unit_depth").fetchall()] == [
        "year", "unit_id", "depth",
    ]  # fmt: skip
    assert [r[0] for r in con.execute("DESCRIBE soft_rule_violations").fetchall()] == [
        "kind", "record_id", "rule", "value",
    ]  # fmt: skip


# ---- the unit tree and the academy row -------------------------------------------------------


def test_unit_closure_of_a_three_level_tree(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    indicators.create_views(con)
    rows = set(
        con.execute("SELECT ancestor_unit_id, unit_id, distance FROM unit_closure").fetchall()
    )
    assert rows == {
        ("HQ", "HQ", 0), ("HQ", "A", 1), ("HQ", "A1", 2), ("HQ", "B", 1),
        ("A", "A", 0), ("A", "A1", 1), ("A1", "A1", 0), ("B", "B", 0),
    }  # fmt: skip


def test_units_roll_up_over_their_descendants(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR", O2="US")
    # All in force during 2020 only: A1 holds 2, A 1, B 1, HQ 1.
    for mid, unit in [("M1", "A1"), ("M2", "A1"), ("M3", "A"), ("M4", "B"), ("M5", "HQ")]:
        membership(con, mid, unit, "O1", "lapsed", "2020-03-01", "2020-09-30")
    indicators.refresh(con)
    # A1 = 2; A = A + A1 = 3; B = 1; HQ = everything = 5; academy = 5.
    assert at(con, 2020, "memberships_active") == {None: 5, "HQ": 5, "A": 3, "A1": 2, "B": 1}
    # Every membership started in 2020 too.
    assert at(con, 2020, "memberships_new") == {None: 5, "HQ": 5, "A": 3, "A1": 2, "B": 1}


def test_academy_row_counts_academy_wide_records(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    safeguard(con, "S1", None, "done", "2021-03-01")  # academy-wide: only the academy row
    safeguard(con, "S2", "B", "done", "2021-06-01")
    safeguard(con, "S3", "A1", "done", "2021-12-31")
    safeguard(con, "S4", "A", "done", "2022-01-01")
    safeguard(con, "S5", "B", "in_progress", "2021-05-01")  # not done: never counts
    safeguard(con, "S6", "B", "planned", due="2021-09-01")
    indicators.refresh(con)
    assert years(con) == [2021, 2022]
    # 2021: S1, S2, S3 for the academy; HQ's subtree has S2, S3 but not the unit-less S1.
    assert at(con, 2021, "safeguards_done") == {None: 3, "HQ": 2, "A": 1, "A1": 1, "B": 1}
    # 2022: S4 (A).
    assert at(con, 2022, "safeguards_done") == {None: 1, "HQ": 1, "A": 1, "A1": 0, "B": 0}
    # units_engaged: a done safeguard is activity of its unit; S1 has none.
    # 2021: B (S2), A1 (S3) → 2. S5 is not done, so it does not make B active on its own.
    assert at(con, 2021, "units_engaged") == {None: 2, "HQ": 2, "A": 1, "A1": 1, "B": 1}
    assert at(con, 2022, "units_engaged") == {None: 1, "HQ": 1, "A": 1, "A1": 0, "B": 0}


# ---- years and in-force boundaries -----------------------------------------------------------


def test_in_force_boundaries(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR")
    membership(con, "M1", "A1", "O1", "lapsed", "2018-06-01", "2020-01-01")  # ends on 1 Jan 2020
    membership(con, "M2", "A1", "O1", "withdrawn", "2017-03-01", "2019-12-31")  # ends 31 Dec 2019
    membership(con, "M3", "A1", "O1", "lapsed", "2020-12-31", "2021-01-01")  # starts 31 Dec 2020
    indicators.refresh(con)
    assert years(con) == [2017, 2018, 2019, 2020, 2021]
    # 2017: M2. 2018, 2019: M1, M2. 2020: M1 (ends 1 Jan 2020: counts) + M3 (starts 31 Dec),
    # not M2 (ended 31 Dec 2019). 2021: M3 (ends 1 Jan 2021).
    assert series(con, "memberships_active", "A1") == {2017: 1, 2018: 2, 2019: 2, 2020: 2, 2021: 1}
    # Start years: M2 2017, M1 2018, M3 2020.
    assert series(con, "memberships_new", None) == {2017: 1, 2018: 1, 2019: 0, 2020: 1, 2021: 0}


def test_open_ended_records_run_to_this_year(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR")
    membership(con, "M1", "A1", "O1", "active", "2019-05-01")  # no end: in force now
    post(con, "P1", "B", "O1", "council", "2020-02-01", None)  # ongoing
    safeguard(con, "S1", None, "planned", due=f"{THIS_YEAR + 3}-01-01")  # plans add no years
    target(con, THIS_YEAR + 4, "posts_held", None, 1)
    indicators.refresh(con)
    assert years(con) == list(range(2019, THIS_YEAR + 1))
    assert series(con, "memberships_active", "A1") == {y: 1 for y in range(2019, THIS_YEAR + 1)}
    # The post counts from 2020 to this year, not in 2019.
    assert series(con, "posts_held", "B") == {2019: 0} | {y: 1 for y in range(2020, THIS_YEAR + 1)}


def test_years_come_from_every_record_date(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR")
    post(con, "P1", "A1", "O1", "council", "2016-01-01", "2018-06-30")  # start 2016, end 2018
    office(con, "F1", "B", "O1", "closed", "2017-01-01", "2020-03-01")  # closed 2020
    safeguard(con, "S1", None, "done", "2022-02-02", due="2025-01-01")  # done 2022; due ignored
    target(con, 2030, "posts_held", None, 1)  # ignored
    indicators.refresh(con)
    assert years(con) == [2016, 2017, 2018, 2019, 2020, 2021, 2022]


# ---- memberships -----------------------------------------------------------------------------


def test_membership_status_filters_and_the_intention_snapshot(
    con: duckdb.DuckDBPyConnection,
) -> None:
    tree(con)
    orgs(con, O1="FR", O2="US")
    membership(con, "M1", "A1", "O1", "active", "2020-02-01", "2020-11-30")
    membership(con, "M2", "A1", "O1", "lapsed", "2020-02-01", "2020-11-30")
    membership(con, "M3", "A1", "O2", "withdrawn", "2020-02-01", "2020-11-30")
    membership(con, "M4", "A1", "O2", "intended", "2020-05-01")  # a planned start date
    membership(con, "M5", "A1", "O1", "applying")
    membership(con, "M6", "B", "O2", "intended")
    membership(con, "M7", "HQ", "O1", "lapsed", "2018-01-01", "2018-12-31")
    indicators.refresh(con)
    assert years(con) == [2018, 2019, 2020]
    # Held = active, lapsed, withdrawn: M1-M3 in 2020; the intended M4 is not in force.
    assert at(con, 2020, "memberships_active") == {None: 3, "HQ": 3, "A": 3, "A1": 3, "B": 0}
    # New = start_date in the year, any status: M1-M4 in 2020 (M4 is intended), M7 in 2018.
    assert at(con, 2020, "memberships_new") == {None: 4, "HQ": 4, "A": 4, "A1": 4, "B": 0}
    assert series(con, "memberships_new", None) == {2018: 1, 2019: 0, 2020: 4}
    # Intentions now: M4, M5 (A1) and M6 (B); the same value in every year.
    expected = {None: 3, "HQ": 3, "A": 2, "A1": 2, "B": 1}
    for year in (2018, 2019, 2020):
        assert at(con, year, "intention_open") == expected
    # Depth 1 (member) for A1 in 2020 only from the held memberships.
    assert series(con, "depth", "A1") == {2018: 0, 2019: 0, 2020: 1}


# ---- conferences -----------------------------------------------------------------------------


def test_conference_roles_and_formats(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR")
    conference(con, "C1", "A1", "O1", "attended", "2021-03-01", "DE", "in_person")
    conference(con, "C2", "A1", "O1", "attended", "2021-04-01", "DE", "online")
    conference(con, "C3", "A1", None, "co_hosted", "2021-05-01", "CN", "hybrid")
    conference(con, "C4", "A1", "O1", "hosted", "2021-06-01", "CN")  # empty format = in person
    conference(con, "C5", "A1", "O1", "hosted", "2022-01-01", "CN", "online")
    conference(con, "C6", "B", None, "attended", "2021-12-31", "JP", "hybrid")
    indicators.refresh(con)
    # 2021 attended: C1, C2 (A1), C6 (B).
    assert at(con, 2021, "conferences_attended") == {None: 3, "HQ": 3, "A": 2, "A1": 2, "B": 1}
    # 2021 co-hosted or hosted: C3, C4 (A1).
    assert at(con, 2021, "conferences_cohosted") == {None: 2, "HQ": 2, "A": 2, "A1": 2, "B": 0}
    # 2021 online or hybrid: C2, C3 (A1), C6 (B); C4 has no format = in person.
    assert at(con, 2021, "conferences_online") == {None: 3, "HQ": 3, "A": 2, "A1": 2, "B": 1}
    # 2022: C5 only (hosted, online).
    assert series(con, "conferences_cohosted", "A1") == {2021: 2, 2022: 1}
    assert series(con, "conferences_online", None) == {2021: 3, 2022: 1}
    assert series(con, "conferences_attended", None) == {2021: 3, 2022: 0}


# ---- posts and people ------------------------------------------------------------------------


def test_posts_leaders_and_distinct_people(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR", O2="US")
    post(con, "P1", "A1", "O1", "leader", "2019-01-01", "2020-01-01", "Wang", "X1")
    post(con, "P2", "B", "O2", "council", "2020-06-01", "2021-06-01", "Wang Wei", "X1")
    post(con, "P3", "A1", "O1", "committee", "2020-01-01", "2020-12-31", "Li")
    post(con, "P4", "A1", "O2", "other", "2020-03-01", "2020-04-01", "Li")  # same Li (A1)
    post(con, "P5", "B", "O1", "council", "2020-05-01", "2020-06-01", "Li")  # another Li (B)
    post(con, "P6", "A", "O1", "leader", "2018-01-01", "2019-12-31", "Zhao")
    indicators.refresh(con)
    assert years(con) == [2018, 2019, 2020, 2021]
    # 2020 in force: P1 (ends 1 Jan 2020), P3, P4 in A1; P2, P5 in B; P6 ended 2019.
    assert at(con, 2020, "posts_held") == {None: 5, "HQ": 5, "A": 3, "A1": 3, "B": 2}
    # Leaders: 2020 P1; 2019 P1 (A1) and P6 (A).
    assert at(con, 2020, "posts_leader") == {None: 1, "HQ": 1, "A": 1, "A1": 1, "B": 0}
    assert at(con, 2019, "posts_leader") == {None: 2, "HQ": 2, "A": 2, "A1": 1, "B": 0}
    # People 2020: A1 has X1 and Li@A1 (P3 = P4); B has X1 (same id, other spelling) and Li@B.
    # HQ's subtree: X1, Li@A1, Li@B = 3, not 2 + 2: X1 counts once.
    assert at(con, 2020, "people_in_posts") == {None: 3, "HQ": 3, "A": 2, "A1": 2, "B": 2}
    # 2021: P2 (X1 in B). 2019: X1 (A1) and Zhao (A). 2018: Zhao.
    assert series(con, "people_in_posts", None) == {2018: 1, 2019: 2, 2020: 3, 2021: 1}
    assert series(con, "people_in_posts", "A") == {2018: 1, 2019: 2, 2020: 2, 2021: 0}


# ---- offices ---------------------------------------------------------------------------------


def test_offices_in_force_by_status(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR")
    office(con, "F1", "A1", "O1", "closed", "2018-05-01", "2020-01-01")  # 2018-2020
    office(con, "F2", "A1", "O1", "closed", "2017-01-01", "2018-12-31")  # 2017-2018
    office(con, "F3", "A1", "O1", "negotiating")  # never
    office(con, "F4", "A1", "O1", "approved", "2019-01-01")  # not established: never
    office(con, "F5", "B", "O1", "established", "2021-07-01")  # open: 2021 to this year
    indicators.refresh(con)
    assert years(con) == list(range(2017, THIS_YEAR + 1))
    later = {y: 0 for y in range(2021, THIS_YEAR + 1)}
    assert series(con, "offices_established", "A1") == {2017: 1, 2018: 2, 2019: 1, 2020: 1} | later
    assert series(con, "offices_established", "B") == {y: 0 for y in range(2017, 2021)} | {
        y: 1 for y in range(2021, THIS_YEAR + 1)
    }
    assert series(con, "offices_established", "HQ") == {2017: 1, 2018: 2, 2019: 1, 2020: 1} | {
        y: 1 for y in range(2021, THIS_YEAR + 1)
    }
    # An office is depth 6; the approved F4 is not.
    assert series(con, "depth", "A1")[2019] == 6 and series(con, "depth", "B")[2020] == 0


# ---- organizations, partners, countries, units -----------------------------------------------


@pytest.fixture
def engaged(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    tree(con)
    orgs(con, O1="FR", O2="US", O3="CH", O4="JP")
    membership(con, "M1", "A1", "O1", "lapsed", "2018-02-01", "2019-06-30")  # O1 2018-2019
    conference(con, "C1", "B", "O2", "attended", "2019-04-01", "JP")
    conference(con, "C2", "B", "O2", "attended", "2021-04-01", "US")
    conference(con, "C3", "B", "O1", "co_hosted", "2021-09-01", "DE")
    conference(con, "C4", "A1", None, "attended", "2020-05-01", "KR")  # no organization
    post(con, "P1", "B", "O3", "council", "2020-01-01", "2021-12-31", "Chen", "X9")  # 2020-21
    membership(con, "M2", "A", "O4", "intended")  # an intention is no engagement
    office(con, "F1", "A", "O4", "negotiating")  # nor is an office under negotiation
    indicators.refresh(con)
    return con


def test_orgs_engaged_new_and_continuing(engaged: duckdb.DuckDBPyConnection) -> None:
    con = engaged
    assert years(con) == [2018, 2019, 2020, 2021]
    # Academy (= HQ): 2018 {O1}; 2019 {O1, O2}; 2020 {O3}; 2021 {O1 (C3), O2 (C2), O3 (P1)}.
    assert series(con, "orgs_engaged", None) == {2018: 1, 2019: 2, 2020: 1, 2021: 3}
    # New: O1 2018, O2 2019, O3 2020; in 2021 all three were seen before.
    assert series(con, "partners_new", None) == {2018: 1, 2019: 1, 2020: 1, 2021: 0}
    # Continuing: 2019 O1 (also 2018); 2020 none (O1 ended 2019, O2 skipped 2020); 2021 O3.
    assert series(con, "partners_continuing", None) == {2018: 0, 2019: 1, 2020: 0, 2021: 1}
    assert series(con, "orgs_engaged", "HQ") == series(con, "orgs_engaged", None)
    # B alone: 2019 {O2}; 2020 {O3}; 2021 {O1, O2, O3}: O1 is new *for B's subtree* in 2021.
    assert series(con, "orgs_engaged", "B") == {2018: 0, 2019: 1, 2020: 1, 2021: 3}
    assert series(con, "partners_new", "B") == {2018: 0, 2019: 1, 2020: 1, 2021: 1}
    assert series(con, "partners_continuing", "B") == {2018: 0, 2019: 0, 2020: 0, 2021: 1}
    # A (A + A1): {O1} in 2018 and 2019; C4 has no organization; M2 and F1 do not engage O4.
    assert series(con, "orgs_engaged", "A") == {2018: 1, 2019: 1, 2020: 0, 2021: 0}
    assert series(con, "partners_new", "A") == {2018: 1, 2019: 0, 2020: 0, 2021: 0}
    assert series(con, "partners_continuing", "A") == {2018: 0, 2019: 1, 2020: 0, 2021: 0}


def test_countries_from_conferences_and_headquarters(engaged: duckdb.DuckDBPyConnection) -> None:
    con = engaged
    # Academy: 2018 FR (O1's HQ); 2019 FR, US (HQs of O1, O2) + JP (C1) = 3;
    # 2020 CH (O3) + KR (C4) = 2; 2021 US, DE (C2, C3) + US, FR, CH (HQs) = {US, DE, FR, CH} = 4.
    assert series(con, "countries_engaged", None) == {2018: 1, 2019: 3, 2020: 2, 2021: 4}
    # B: 2019 JP + US = 2; 2020 CH = 1; 2021 = 4.
    assert series(con, "countries_engaged", "B") == {2018: 0, 2019: 2, 2020: 1, 2021: 4}
    # A1: FR in 2018-2019 (O1); KR in 2020 from a conference without an organization.
    assert series(con, "countries_engaged", "A1") == {2018: 1, 2019: 1, 2020: 1, 2021: 0}
    assert series(con, "countries_engaged", "A") == series(con, "countries_engaged", "A1")


def test_units_engaged_and_the_engagement_view(engaged: duckdb.DuckDBPyConnection) -> None:
    con = engaged
    # 2018 A1; 2019 A1, B; 2020 A1 (C4), B (P1); 2021 B. A's intention/negotiation is no activity.
    assert series(con, "units_engaged", None) == {2018: 1, 2019: 2, 2020: 2, 2021: 1}
    assert series(con, "units_engaged", "A") == {2018: 1, 2019: 1, 2020: 1, 2021: 0}
    rows = set(con.execute("SELECT year, unit_id, org_id, kind FROM engagement").fetchall())
    assert rows == {
        (2018, "A1", "O1", "memberships"), (2019, "A1", "O1", "memberships"),
        (2019, "B", "O2", "conferences"), (2021, "B", "O2", "conferences"),
        (2021, "B", "O1", "conferences"),
        (2020, "B", "O3", "posts"), (2021, "B", "O3", "posts"),
    }  # fmt: skip
    activity = set(con.execute("SELECT year, unit_id, kind FROM unit_activity").fetchall())
    assert (2020, "A1", "conferences") in activity and not any(u == "A" for _, u, _ in activity)


def test_same_organization_in_two_sub_units_counts_once(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR")
    membership(con, "M1", "A1", "O1", "lapsed", "2020-01-01", "2020-12-31")
    post(con, "P1", "B", "O1", "council", "2020-03-01", "2020-04-01")
    indicators.refresh(con)
    # O1 is engaged by A1 and by B: one organization for HQ, not two; one country (FR).
    assert at(con, 2020, "orgs_engaged") == {None: 1, "HQ": 1, "A": 1, "A1": 1, "B": 1}
    assert at(con, 2020, "countries_engaged") == {None: 1, "HQ": 1, "A": 1, "A1": 1, "B": 1}
    assert at(con, 2020, "units_engaged") == {None: 2, "HQ": 2, "A": 1, "A1": 1, "B": 1}


def test_distinct_counts_beyond_64_organizations_and_people(
    con: duckdb.DuckDBPyConnection,
) -> None:
    tree(con)
    countries = ("FR", "US", "DE")
    orgs(con, **{f"O{i:03d}": countries[i % 3] for i in range(130)})
    # A1 meets O000-O099 in 2020; B meets O060-O129 in 2020 and O000-O009 in 2021.
    for i in range(100):
        conference(con, f"CA{i}", "A1", f"O{i:03d}", "attended", "2020-05-01", "CN")
    for i in range(60, 130):
        conference(con, f"CB{i}", "B", f"O{i:03d}", "attended", "2020-06-01", "CN")
    for i in range(10):
        conference(con, f"CC{i}", "B", f"O{i:03d}", "attended", "2021-06-01", "CN")
    # People p0-p69 hold posts in A1, p50-p119 in B, all in 2020.
    for i in range(70):
        post(con, f"PA{i}", "A1", "O000", "other", "2020-01-01", "2020-12-31", f"n{i}", f"p{i}")
    for i in range(50, 120):
        post(con, f"PB{i}", "B", "O060", "other", "2020-01-01", "2020-12-31", f"n{i}", f"p{i}")
    indicators.refresh(con)
    # 2020: A1 100 orgs, B 70, together O000-O129 = 130 (the posts' O000 and O060 are already
    # engaged through conferences of the same units).
    assert at(con, 2020, "orgs_engaged") == {None: 130, "HQ": 130, "A": 100, "A1": 100, "B": 70}
    assert at(con, 2020, "partners_new") == {None: 130, "HQ": 130, "A": 100, "A1": 100, "B": 70}
    # 2021: B's O000-O009 were engaged in 2020 by A1 (academy: continuing, not new) but never
    # by B (B: new).
    assert at(con, 2021, "orgs_engaged") == {None: 10, "HQ": 10, "A": 0, "A1": 0, "B": 10}
    assert at(con, 2021, "partners_new") == {None: 0, "HQ": 0, "A": 0, "A1": 0, "B": 10}
    assert at(con, 2021, "partners_continuing") == {None: 10, "HQ": 10, "A": 0, "A1": 0, "B": 0}
    # People 2020: A1 p0-p69 = 70, B p50-p119 = 70, together p0-p119 = 120.
    assert at(con, 2020, "people_in_posts") == {None: 120, "HQ": 120, "A": 70, "A1": 70, "B": 70}
    # Countries 2020: CN (conferences) + FR, US, DE (HQs) = 4 everywhere.
    assert at(con, 2020, "countries_engaged") == {None: 4, "HQ": 4, "A": 4, "A1": 4, "B": 4}


# ---- depth -----------------------------------------------------------------------------------


def test_depth_levels_per_unit_and_rolled_up(con: duckdb.DuckDBPyConnection) -> None:
    units = {"HQ": None, "U0": "HQ", "U1": "HQ", "U2": "HQ", "U3": "HQ", "U4": "HQ",
             "U5": "U4", "U6": "U4"}  # fmt: skip
    tree(con, units)
    orgs(con, O1="FR")
    # U1 member (1); U2 attends (2); U3 member + co-hosts (3); U4 council post (4);
    # U5 leader post + attends (5); U6 office + member (6); U0 nothing (0); all in 2020.
    membership(con, "M1", "U1", "O1", "lapsed", "2020-01-01", "2020-12-31")
    conference(con, "C2", "U2", None, "attended", "2020-03-01", "DE")
    membership(con, "M3", "U3", "O1", "lapsed", "2020-01-01", "2020-12-31")
    conference(con, "C3", "U3", "O1", "hosted", "2020-04-01", "DE")
    post(con, "P4", "U4", "O1", "council", "2020-01-01", "2020-12-31")
    post(con, "P5", "U5", "O1", "leader", "2020-01-01", "2020-12-31")
    conference(con, "C5", "U5", "O1", "attended", "2020-05-01", "DE")
    office(con, "F6", "U6", "O1", "closed", "2020-01-01", "2020-06-30")
    membership(con, "M6", "U6", "O1", "lapsed", "2020-01-01", "2020-12-31")
    indicators.refresh(con)
    own = dict(con.execute("SELECT unit_id, depth FROM unit_depth WHERE year = 2020").fetchall())
    assert own == {"HQ": 0, "U0": 0, "U1": 1, "U2": 2, "U3": 3, "U4": 4, "U5": 5, "U6": 6}
    # Rolled up: U4's subtree (U4, U5, U6) reaches 6; HQ and the academy reach 6.
    assert at(con, 2020, "depth") == {
        None: 6, "HQ": 6, "U0": 0, "U1": 1, "U2": 2, "U3": 3, "U4": 6, "U5": 5, "U6": 6,
    }  # fmt: skip


# ---- targets ---------------------------------------------------------------------------------


def _status(ratio: float, expected: float) -> str:
    """The documented rule, for the current-year case whose expected ratio moves daily."""
    if ratio >= expected:
        return "on_track"
    return "at_risk" if ratio >= 0.8 * expected else "off_track"


def test_target_progress_statuses(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR")
    for i in range(4):  # four posts of A1 in force during 2019 only
        post(con, f"P{i}", "A1", "O1", "council", "2019-01-01", "2019-12-31")
    post(con, "P9", "B", "O1", "council", "2020-01-01", None)  # ongoing: 1 post every year since
    membership(con, "M1", "B", "O1", "intended")  # intention list: 1
    target(con, 2019, "posts_held", None, 4)  # 4/4 = 1.0 ≥ 1 → on_track
    target(con, 2019, "posts_held", "A1", 5)  # 4/5 = 0.8 ≥ 0.8 × 1 → at_risk
    target(con, 2019, "posts_held", "A", 10)  # 4/10 = 0.4 < 0.8 → off_track
    target(con, 2019, "posts_leader", "B", 0)  # target 0: ratio NULL, always met → on_track
    target(con, THIS_YEAR + 1, "posts_held", None, 3)  # not started: expects nothing yet
    target(con, THIS_YEAR + 2, "intention_open", None, 2)  # snapshot: actual 1 in any year
    target(con, THIS_YEAR, "posts_held", "B", 2)  # a stock: the line from last year's 1 to 2
    indicators.refresh(con)
    rows = con.execute(
        "SELECT year, unit_id, indicator, target, actual, ratio, expected_ratio, status"
        " FROM target_progress"
    ).fetchall()
    got = {(r[0], r[1], r[2]): r[3:] for r in rows}
    assert len(rows) == 7  # one row per target
    assert got[(2019, None, "posts_held")] == (4.0, 4.0, 1.0, 1.0, "on_track")
    assert got[(2019, "A1", "posts_held")] == (5.0, 4.0, 0.8, 1.0, "at_risk")
    assert got[(2019, "A", "posts_held")] == (10.0, 4.0, 0.4, 1.0, "off_track")
    assert got[(2019, "B", "posts_leader")] == (0.0, 0.0, None, 0.0, "on_track")
    assert got[(THIS_YEAR + 1, None, "posts_held")] == (3.0, 1.0, 1 / 3, 0.0, "on_track")
    assert got[(THIS_YEAR + 2, None, "intention_open")] == (2.0, 1.0, 0.5, 0.0, "on_track")
    # A stock is not pro-rated by the share of the year: it is expected on the straight line
    # from its baseline (last year's 1) to its target (2), as far as the year has gone.
    share = _share_of(THIS_YEAR, THIS_YEAR)
    target_now, actual, ratio, expected, status = got[(THIS_YEAR, "B", "posts_held")]
    assert (target_now, actual, ratio) == (2.0, 1.0, 0.5)
    assert expected == pytest.approx((1 + (2 - 1) * share) / 2)
    assert status == _status(1.0, 1 + share)


def _share_of(first: int, last: int) -> float:
    """The elapsed share of the years first … last on the (fixed) today."""
    today = clock.today()
    days = (dt.date(last + 1, 1, 1) - dt.date(first, 1, 1)).days
    return min(1.0, max(0.0, ((today - dt.date(first, 1, 1)).days + 1) / days))


def test_period_targets_sum_flows_and_take_the_latest_stock(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """A five-year plan running this year: conferences (a flow) are summed over the years so
    far against the target pro-rated by the period elapsed; posts (a stock) take this year's
    value against the straight line from the year before the plan to the target."""
    tree(con)
    orgs(con, O1="FR")
    first, last = THIS_YEAR - 2, THIS_YEAR + 2
    for n, year in enumerate([first - 1, first, first, first + 1, THIS_YEAR]):
        conference(con, f"C{n}", "A1", "O1", "hosted", f"{year}-03-01", "FR")
    post(con, "P1", "A1", "O1", "council", f"{first - 1}-01-01", None)  # baseline: 1 post
    post(con, "P2", "A1", "O1", "council", f"{first + 1}-01-01", None)  # 2 posts from first+1
    target(con, first, "conferences_cohosted", None, 10, end_year=last)
    target(con, first, "posts_held", None, 6, end_year=last)
    indicators.refresh(con)
    got = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT indicator, measure, actual, baseline, expected, status FROM target_progress"
        ).fetchall()
    }
    share = _share_of(first, last)
    measure, actual, baseline, expected, status = got["conferences_cohosted"]
    assert (measure, actual, baseline) == ("flow", 4.0, 0.0)  # the year before does not count
    assert expected == pytest.approx(10 * share)
    assert status == _status(4.0, 10 * share)
    measure, actual, baseline, expected, status = got["posts_held"]
    assert (measure, actual, baseline) == ("stock", 2.0, 1.0)
    assert expected == pytest.approx(1 + (6 - 1) * share)
    assert status == _status(2.0, 1 + 5 * share)


def test_a_period_over_before_today_is_judged_on_its_last_year(
    con: duckdb.DuckDBPyConnection,
) -> None:
    tree(con)
    orgs(con, O1="FR")
    post(con, "P1", "A1", "O1", "council", "2018-01-01", None)
    post(con, "P2", "A1", "O1", "council", "2022-01-01", "2023-06-30")
    target(con, 2021, "posts_held", None, 2, end_year=2025)  # 2025: one post → off track
    target(con, 2021, "posts_held", "A1", 1, end_year=2025)
    indicators.refresh(con)
    rows = con.execute(
        "SELECT unit_id, actual, expected, elapsed_share, status FROM target_progress"
        " ORDER BY unit_id NULLS FIRST"
    ).fetchall()
    assert rows == [(None, 1.0, 2.0, 1.0, "off_track"), ("A1", 1.0, 1.0, 1.0, "on_track")]


def test_values_and_progress_read_the_materialised_table(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR")
    post(con, "P1", "A1", "O1", "council", "2019-01-01", "2019-12-31")
    target(con, 2019, "posts_held", "A1", 2)
    indicators.refresh(con)
    post(con, "P2", "A1", "O1", "council", "2019-01-01", "2019-12-31")  # not refreshed yet
    assert series(con, "posts_held", "A1") == {2019: 1}
    assert con.execute("SELECT actual, status FROM target_progress").fetchall() == [
        (1.0, "off_track")  # 1/2 = 0.5 < 0.8
    ]
    assert con.execute(
        "SELECT value FROM indicator_values_computed"
        " WHERE year = 2019 AND unit_id = 'A1' AND indicator = 'posts_held'"
    ).fetchall() == [(2.0,)]
    indicators.refresh(con)
    assert series(con, "posts_held", "A1") == {2019: 2}
    assert con.execute("SELECT actual, status FROM target_progress").fetchall() == [
        (2.0, "on_track")  # 2/2 = 1
    ]


# ---- soft rules ------------------------------------------------------------------------------


def test_soft_rule_violations(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    insert(
        con,
        "organizations",
        {"org_id": "C1", "name_en": "C1", "scope": "comprehensive", "hq_country": "FR"},
        {"org_id": "S1", "name_en": "S1", "scope": "specialized", "hq_country": "US"},
    )
    membership(con, "V1", "A1", "C1", "active", "2020-01-01")  # sub-unit holds it: warning
    membership(con, "V2", "HQ", "C1", "active", "2020-01-01")  # headquarters: fine
    membership(
        con, "V3", "A1", "C1", "active", "2020-01-01", member_type="individual", person_name="Li"
    )  # individual: fine
    membership(con, "V4", "B", "S1", "active", "2020-01-01")  # specialized: fine
    membership(con, "V5", "B", "C1", "intended")  # sub-unit, any status: warning
    indicators.create_views(con)
    rows = set(con.execute("SELECT * FROM soft_rule_violations").fetchall())
    rule = "comprehensive_by_headquarters"
    assert rule in {r.rule for r in KINDS["memberships"].soft_rules}
    assert rows == {("memberships", "V1", rule, "A1"), ("memberships", "V5", rule, "B")}


# ---- the module ------------------------------------------------------------------------------


def test_create_views_is_idempotent_and_refresh_repeatable(
    engaged: duckdb.DuckDBPyConnection,
) -> None:
    con = engaged
    first = values(con)
    indicators.create_views(con)
    indicators.create_views(con)
    assert indicators.refresh(con) == len(first)
    assert values(con) == first
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    assert {"indicator_values", "indicator_values_computed", "target_progress", "unit_closure",
            "engagement", "unit_depth", "soft_rule_violations"} <= views  # fmt: skip
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert indicators.VALUES_TABLE in tables


def test_refresh_joins_the_callers_transaction(engaged: duckdb.DuckDBPyConnection) -> None:
    con = engaged
    before = values(con)
    con.begin()
    post(con, "PX", "A1", "O1", "leader", "2018-01-01", "2018-12-31")
    indicators.refresh(con)
    assert series(con, "posts_leader", "A1")[2018] == 1
    con.rollback()  # the caller's batch fails: the new values go with it
    assert values(con) == before


def test_refresh_redefines_views_when_they_are_missing(con: duckdb.DuckDBPyConnection) -> None:
    tree(con)
    orgs(con, O1="FR")
    post(con, "P1", "A1", "O1", "council", "2019-01-01", "2019-12-31")
    indicators.refresh(con)  # on a warehouse that never had the views
    assert at(con, 2019, "posts_held")["HQ"] == 1


def materialised_matches_computed(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Assert every materialised view holds exactly its definition's rows; return row counts."""
    counts = {}
    for name, columns in indicators.MATERIALISED.items():
        listed = ", ".join(columns)
        stored = con.execute(f"SELECT {listed} FROM {name} ORDER BY ALL").fetchall()
        computed = con.execute(f"SELECT {listed} FROM {name}_computed ORDER BY ALL").fetchall()
        assert stored == computed, name
        counts[name] = len(stored)
    return counts


def test_materialised_views_follow_every_refresh(engaged: duckdb.DuckDBPyConnection) -> None:
    con = engaged
    first = materialised_matches_computed(con)
    assert all(first.values()), first
    post(con, "PX", "A", "O4", "leader", "2017-01-01", "2017-12-31")  # a new year and unit
    stored_2017 = "SELECT count(*) FROM unit_activity WHERE year = 2017"
    assert con.execute(stored_2017).fetchall() == [(0,)]  # stored rows change at refresh only
    indicators.refresh(con)
    after = materialised_matches_computed(con)
    assert after["unit_activity"] > first["unit_activity"]
    assert (2017, "A", 5) in con.execute("SELECT year, unit_id, depth FROM unit_depth").fetchall()


def test_new_definitions_fill_the_materialised_tables_at_once(
    con: duckdb.DuckDBPyConnection,
) -> None:
    tree(con)
    orgs(con, O1="FR")
    post(con, "P1", "A1", "O1", "council", "2019-01-01", "2019-12-31")
    indicators.create_views(con)  # definitions new to this warehouse: no refresh needed
    assert materialised_matches_computed(con)["unit_depth"] == 4  # 2019 x 4 units
    own_depth = "SELECT depth FROM unit_depth WHERE unit_id = 'B' AND year = 2019"
    post(con, "P2", "B", "O1", "council", "2019-01-01", "2019-12-31")
    indicators.create_views(con)  # unchanged definitions: the tables wait for refresh()
    assert con.execute(own_depth).fetchall() == [(0,)]
    indicators.refresh(con)
    assert con.execute(own_depth).fetchall() == [(4,)]
    materialised_matches_computed(con)


# ---- against a brute-force reference ---------------------------------------------------------

ORG_HQ = {"O1": "FR", "O2": "US", "O3": "FR", "O4": "DE"}
SUBTREE: dict[str | None, set[str]] = {
    "HQ": {"HQ", "A", "A1", "B"},
    "A": {"A", "A1"},
    "A1": {"A1"},
    "B": {"B"},
}

units_st = st.sampled_from(sorted(TREE))
orgs_st = st.sampled_from(sorted(ORG_HQ))
span_st = st.tuples(st.integers(2015, 2019), st.integers(0, 2))  # (start year, length in years)

memberships_st = st.lists(
    st.tuples(units_st, orgs_st, st.sampled_from(["active", "lapsed", "intended"]), span_st),
    max_size=5,
)
conferences_st = st.lists(
    st.tuples(units_st, st.one_of(st.none(), orgs_st),
              st.sampled_from(["attended", "co_hosted", "hosted"]),
              st.integers(2015, 2019), st.sampled_from(["CN", "JP", "FR"])),
    max_size=5,
)  # fmt: skip
posts_st = st.lists(
    st.tuples(units_st, orgs_st, st.sampled_from(["leader", "council"]), span_st,
              st.sampled_from([("Li", "X1"), ("Li", None), ("Wu", None), ("Wu", "X2")])),
    max_size=5,
)  # fmt: skip
offices_st = st.lists(
    st.tuples(units_st, orgs_st, st.sampled_from(["closed", "approved"]), span_st), max_size=3
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(memberships_st, conferences_st, posts_st, offices_st)
def test_matches_a_brute_force_reference(
    ms: list[Any], cs: list[Any], ps: list[Any], fs: list[Any]
) -> None:
    """Random closed-span records; each indicator recomputed naively, scope by scope."""
    con = clock.bind(duckdb.connect())
    con.execute(schema_ddl())
    tree(con)
    orgs(con, **ORG_HQ)
    for n, (unit, org, status, (y, length)) in enumerate(ms):
        dates = (f"{y}-03-01", f"{y + length}-10-31") if status != "intended" else (None, None)
        membership(con, f"M{n}", unit, org, status, *dates)
    for n, (unit, org, role, y, country) in enumerate(cs):
        conference(con, f"C{n}", unit, org, role, f"{y}-06-01", country)
    for n, (unit, org, level, (y, length), (name, pid)) in enumerate(ps):
        post(con, f"P{n}", unit, org, level, f"{y}-01-01", f"{y + length}-12-31", name, pid)
    for n, (unit, org, status, (y, length)) in enumerate(fs):
        office(
            con,
            f"F{n}",
            unit,
            org,
            status,
            f"{y}-02-01",
            f"{y + length}-11-30" if status == "closed" else None,
        )
    indicators.refresh(con)
    got = values(con)
    con.close()

    # The calendar: every year of a record date (membership dates only when given).
    dated = [y for *_, s, (y, n) in ms if s != "intended" for y in (y, y + n)]
    dated += [y for *_, y, _ in cs] + [y for _, _, _, (y, n), _ in ps for y in (y, y + n)]
    # An office's dates: established, and closed only for a closed one.
    dated += [y for _, _, s, (y, n) in fs for y in ((y, y + n) if s == "closed" else (y,))]
    if not dated:
        assert got == {}
        return
    all_years = range(min(dated), max(dated) + 1)

    def facts(year: int, units: set[str]) -> dict[str, Any]:
        held = [
            m
            for m in ms
            if m[2] != "intended" and m[0] in units and m[3][0] <= year <= m[3][0] + m[3][1]
        ]
        conf = [c for c in cs if c[0] in units and c[3] == year]
        pst = [p for p in ps if p[0] in units and p[3][0] <= year <= p[3][0] + p[3][1]]
        off = [
            f
            for f in fs
            if f[0] in units and f[2] == "closed" and f[3][0] <= year <= f[3][0] + f[3][1]
        ]
        engaged = {m[1] for m in held} | {c[1] for c in conf if c[1]} | {p[1] for p in pst}
        engaged |= {f[1] for f in off}
        levels = [1 for _ in held] + [2 if c[2] == "attended" else 3 for c in conf]
        levels += [5 if p[2] == "leader" else 4 for p in pst] + [6 for _ in off]
        return {
            "memberships_active": len(held),
            "posts_held": len(pst),
            "posts_leader": sum(p[2] == "leader" for p in pst),
            "people_in_posts": len({p[4][1] or (p[4][0], p[0]) for p in pst}),
            "offices_established": len(off),
            "orgs": engaged,
            "countries_engaged": len({c[4] for c in conf} | {ORG_HQ[o] for o in engaged}),
            "units_engaged": len({r[0] for r in held + conf + pst + off}),
            "depth": max(levels, default=0),
        }

    scopes: dict[str | None, set[str]] = {None: set(TREE), **SUBTREE}
    for scope, units in scopes.items():
        history: set[str] = set()
        previous: set[str] = set()
        for year in all_years:
            expected = facts(year, units)
            engaged_now = expected.pop("orgs")
            expected["orgs_engaged"] = len(engaged_now)
            expected["partners_new"] = len(engaged_now - history)
            expected["partners_continuing"] = len(engaged_now & previous)
            history |= engaged_now
            previous = engaged_now
            for name, value in expected.items():
                assert got[(year, scope, name)] == value, (year, scope, name)
