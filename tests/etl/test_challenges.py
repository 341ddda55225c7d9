"""The paper's four challenges, measured (etl/sql/75_challenges.sql), on a small hand-made batch
loaded through `coop load`. Today is fixed at 2026-06-15 (tests/conftest.py).

    HQ ─┬─ A ── A1
        └─ B

Every expected value is worked out by hand from the records below, in the comments next to it.
A unit's row counts its subtree; the academy row (unit_id None) counts everything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl.config import DataDir
from etl.schema import INDICATORS
from tests.helpers import query, write

Coop = Callable[..., tuple[int, Any]]

UNITS = """unit_id,name_zh,name_en,parent_unit_id
HQ,示例科学院,Example Academy,
A,甲所,Institute A,HQ
A1,甲一室,Lab A1,A
B,乙所,Institute B,HQ
"""
ORGS = """org_id,name_en,scope,hq_country
C1,Comprehensive One,comprehensive,FR
S1,Special One,specialized,US
S2,Special Two,specialized,CH
S3,Special Three,specialized,JP
"""
# M1 HQ institutional, 2020– (in force 2020..)          M2 A1 institutional of C1 (misplaced)
# M3 A individual 2024-03..2025-02 (in force 2024, 2025) M4 intended: never in force
# M5 B institutional of C1, withdrawn 2021..2022-06 (misplaced 2021, 2022)
MEMBERSHIPS = """membership_id,unit_id,org_id,member_type,person_name,status,start_date,end_date
M1,HQ,C1,institutional,,active,2020-01-01,
M2,A1,C1,institutional,,active,2023-05-01,
M3,A,S1,individual,Li,active,2024-03-01,2025-02-28
M4,B,C1,institutional,,intended,,
M5,B,C1,institutional,,withdrawn,2021-01-01,2022-06-30
"""
CONFERENCES = """conference_id,unit_id,org_id,title,role,start_date,country
K1,A,S1,K1,attended,2024-05-10,US
K2,A,S2,K2,attended,2024-09-10,CH
K3,B,S2,K3,co_hosted,2024-10-01,CN
K4,HQ,S3,K4,attended,2025-04-01,JP
"""
# P1 leader 2020..2026-12-31; P2 committee 2024–; P3 leader 2022..2027-03-31 (the calendar runs
# to 2027); P4 leader 2021..2026-03-01 (ended before today).
POSTS = """post_id,person_name,unit_id,org_id,position,level,start_date,end_date
P1,X,HQ,C1,Vice President,leader,2020-01-01,2026-12-31
P2,Y,A1,S1,Committee member,committee,2024-01-01,
P3,Z,B,S2,Secretary-General,leader,2022-01-01,2027-03-31
P4,W,A,S1,Executive chair,leader,2021-01-01,2026-03-01
"""
SAFEGUARDS = """measure_id,category,title,unit_id,status,due_date,done_date,amount_cny,people
G1,funding,Travel fund,A,done,,2024-11-01,50000,
G2,funding,Academy fund,,done,,2024-12-01,200000,
G3,personnel,Secondment,A1,done,,2024-06-01,,3
G4,services,Visa desk,B,done,,2025-02-01,,5
G5,funding,Planned fund,B,planned,2025-01-01,,10000,
G6,information,Newsletter,HQ,done,,2024-03-01,,7
"""
# Units with targets of their own: 2025 A and A1 (the academy-wide one makes no unit targeted),
# 2026 B.
TARGETS = """year,indicator,unit_id,target
2025,conferences_cohosted,A,2
2025,posts_held,A1,1
2025,conferences_cohosted,,3
2026,memberships_active,B,1
"""


@pytest.fixture
def loaded(coop: Coop, data_dir: DataDir, inbox: Path) -> DataDir:
    for name, text in (
        ("units.csv", UNITS),
        ("organizations.csv", ORGS),
        ("memberships.csv", MEMBERSHIPS),
        ("conferences.csv", CONFERENCES),
        ("posts.csv", POSTS),
        ("safeguards.csv", SAFEGUARDS),
        ("targets.csv", TARGETS),
    ):
        write(inbox, name, text)
    code, report = coop("load", str(inbox))
    assert code == 0, report
    return data_dir


def value(data_dir: DataDir, year: int, unit: str | None, indicator: str) -> float | None:
    """The stored value, or None when there is no row."""
    rows = query(
        data_dir,
        "SELECT value FROM indicator_values"
        " WHERE year = ? AND unit_id IS NOT DISTINCT FROM ? AND indicator = ?",
        [year, unit, indicator],
    )
    assert len(rows) <= 1, rows
    return rows[0][0] if rows else None


def test_individual_membership_share(loaded: DataDir) -> None:
    v = lambda y, u: value(loaded, y, u, "memberships_individual_share")  # noqa: E731
    assert v(2020, None) == 0.0  # M1 only
    assert v(2024, None) == pytest.approx(1 / 3)  # M3 of M1, M2, M3
    assert v(2025, None) == pytest.approx(1 / 3)  # M3 ends 2025-02-28: still in force
    assert v(2026, None) == 0.0  # M1, M2
    assert v(2024, "A") == 0.5  # M3 of M2 (A1), M3 (A)
    assert v(2022, "A") is None  # nothing held in A's subtree: no row, not 0
    assert v(2021, "B") == 0.0  # M5 (withdrawn later, in force 2021)
    assert v(2023, "B") is None  # M4 is only intended


def test_misplaced_memberships(loaded: DataDir) -> None:
    v = lambda y, u: value(loaded, y, u, "memberships_misplaced")  # noqa: E731
    assert [v(y, None) for y in range(2020, 2027)] == [0, 1, 1, 1, 1, 1, 1]  # M5 21-22, M2 23-
    assert v(2021, "B") == 1
    assert v(2021, "HQ") == 1  # the root's subtree is the whole tree
    assert v(2023, "A") == 1
    assert v(2024, "B") == 0  # M4 (intended) is not in force: a count, so 0 rather than absent
    assert v(2020, "HQ") == 0  # M1 is held by the headquarters itself


def test_units_with_targets_share(loaded: DataDir) -> None:
    v = lambda y, u: value(loaded, y, u, "units_with_targets_share")  # noqa: E731
    assert v(2025, None) == 0.5  # A, A1 of four units
    assert v(2026, None) == 0.25  # B
    assert v(2024, None) == 0.0  # no targets, four units
    assert v(2025, "A") == 1.0  # A, A1 of A, A1
    assert v(2025, "B") == 0.0


def test_orgs_shallow_share(loaded: DataDir) -> None:
    v = lambda y, u: value(loaded, y, u, "orgs_shallow_share")  # noqa: E731
    # A's subtree in 2024: C1 (M2, member), S1 (M3, K1, P2, P4: posts), S2 (K2, attends).
    assert v(2024, "A") == pytest.approx(2 / 3)
    assert v(2024, "B") == 0.0  # S2: co-hosted K3 and post P3
    # 2025: C1 (P1), S1 (P2, P4), S2 (P3) go deeper; S3 only attended K4.
    assert v(2025, None) == 0.25
    assert v(2023, "A1") == 1.0  # C1 by membership M2 only
    assert v(2022, "A1") is None  # nothing engaged


def test_attend_host_ratio(loaded: DataDir) -> None:
    v = lambda y, u: value(loaded, y, u, "attend_host_ratio")  # noqa: E731
    assert v(2024, None) == 2.0  # K1, K2 attended; K3 co-hosted
    assert v(2025, None) is None  # K4 attended, nothing co-hosted: no ratio
    assert v(2024, "A") is None
    assert v(2024, "B") == 0.0


def test_leader_post_share(loaded: DataDir) -> None:
    v = lambda y, u: value(loaded, y, u, "posts_leader_share")  # noqa: E731
    assert v(2020, None) == 1.0  # P1
    assert v(2024, None) == 0.75  # P1, P3, P4 of P1..P4
    assert v(2026, None) == 0.75  # P4 ended 2026-03-01, in force during 2026 all the same
    assert v(2027, None) == 0.5  # P3 of P2, P3
    assert v(2024, "A") == 0.5  # P4 of P2, P4
    assert v(2024, "A1") == 0.0  # P2 is a committee post
    assert v(2023, "A1") is None


def test_leader_posts_ending(loaded: DataDir) -> None:
    v = lambda y, u: value(loaded, y, u, "leader_posts_ending")  # noqa: E731
    assert v(2024, None) == 0  # nothing ends in 2025
    assert v(2025, None) == 2  # P1 (2026-12-31), P4 (2026-03-01) end in 2026
    # The current year looks 12 months on from today (2026-06-15): P1 and P3 (2027-03-31);
    # P4 has already ended.
    assert v(2026, None) == 2
    assert v(2026, "B") == 1
    assert v(2025, "A") == 1
    assert v(2026, "A") == 0
    assert v(2027, None) == 0


def test_safeguard_funding_and_people(loaded: DataDir) -> None:
    funding = lambda y, u: value(loaded, y, u, "safeguard_funding")  # noqa: E731
    people = lambda y, u: value(loaded, y, u, "safeguard_people")  # noqa: E731
    assert funding(2024, None) == 250000  # G1 + G2 (academy-wide)
    assert funding(2024, "A") == 50000
    assert funding(2024, "HQ") == 50000  # an academy-wide measure has no unit
    assert funding(2025, "B") == 0  # G5 is only planned
    assert people(2024, None) == 3  # G3; G6 is an information measure
    assert people(2025, None) == 5  # G4 (services)
    assert people(2024, "A") == 3
    assert people(2024, "B") == 0


def test_ratios_are_absent_never_null_or_infinite(loaded: DataDir) -> None:
    ratios = [i.id for i in INDICATORS if i.is_ratio]
    assert set(ratios) == {
        "memberships_individual_share",
        "units_with_targets_share",
        "orgs_shallow_share",
        "attend_host_ratio",
        "posts_leader_share",
    }
    marks = ", ".join("?" for _ in ratios)
    bad = query(
        loaded,
        f"SELECT * FROM indicator_values WHERE indicator IN ({marks})"
        " AND (value IS NULL OR isinf(value) OR isnan(value))",
        ratios,
    )
    assert bad == []
    # Counts stay on the full grid: every year x scope has a row.
    years = query(loaded, "SELECT count(*) FROM calendar_years")[0][0]
    rows = query(
        loaded, "SELECT count(*) FROM indicator_values WHERE indicator = 'memberships_misplaced'"
    )[0][0]
    assert rows == years * 5  # four units and the academy
