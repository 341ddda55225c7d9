"""Loading a corrected file: records are upserted by id, and the report says per file how many
records are new, replace a stored one (each with the fields that change, old → new) or are the
same; a replacement that changes a record's identity is a warning; a file that changes no
record is `unchanged` whatever its bytes, and one applied again after a later correction is
applied again — in the order `coop rebuild` replays."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl import timing
from etl.config import DataDir
from etl.pipeline import run_batch
from tests.helpers import query, snapshot, write

Coop = Callable[..., tuple[int, Any]]

BASE = {
    "units.csv": "unit_id,name_zh,parent_unit_id\nHQ,总部,\nCHEM,化学所,HQ\n",
    "organizations.csv": "org_id,name_en,scope,hq_country\n"
    "ISC,International Science Council,comprehensive,FR\n"
    "IUPAC,International Union of Pure and Applied Chemistry,specialized,US\n",
    "conferences.csv": "conference_id,unit_id,org_id,title,role,start_date,end_date,city,country,"
    "staff_attending\n"
    "C1,CHEM,IUPAC,IUPAC Congress,attended,2021-07-05,2021-07-09,Paris,FR,3\n"
    "C2,CHEM,,Catalysis Workshop,hosted,2022-09-01,,,CN,12\n"
    "C3,HQ,ISC,ISC Assembly,attended,2021-03-01,,Tokyo,JP,2\n",
    "memberships.csv": "membership_id,unit_id,org_id,member_type,status,start_date,annual_fee,"
    "currency\n"
    "M1,HQ,ISC,institutional,active,2018-05-01,1200,USD\n"
    "M2,CHEM,IUPAC,institutional,active,2020-03-05,,\n",
    "posts.csv": "post_id,person_name,unit_id,org_id,position,level,start_date\n"
    "P1,王强,CHEM,IUPAC,Vice-President,leader,2020-01-01\n",
    "targets.csv": "year,indicator,unit_id,target\n2021,conferences_cohosted,,2\n"
    "2021,posts_held,CHEM,1\n",
}

# C1 corrected (one more staff member, the end date removed, the city spelled out), C2 the
# same, C4 new.
CONFERENCES_FIX = (
    "conference_id,unit_id,org_id,title,role,start_date,end_date,city,country,staff_attending\n"
    "C1,CHEM,IUPAC,IUPAC Congress,attended,2021-07-05,,Paris (FR),FR,4\n"
    "C2,CHEM,,Catalysis Workshop,hosted,2022-09-01,,,CN,12\n"
    "C4,HQ,,Open Science Forum,hosted,2023-10-10,,南京,CN,\n"
)


@pytest.fixture
def loaded(coop: Coop, inbox: Path) -> Path:
    """The base batch loaded; returns a fresh folder for the next files."""
    for name, text in BASE.items():
        write(inbox, name, text)
    code, report = coop("load", str(inbox))
    assert (code, report["status"]) == (0, "accepted"), report
    assert all(f["counts"] == {"new": f["rows"], "replaced": 0, "same": 0} for f in report["files"])
    folder = inbox.parent / "next"
    folder.mkdir()
    return folder


def only_file(report: dict[str, Any]) -> dict[str, Any]:
    assert len(report["files"]) == 1, report
    return report["files"][0]


def test_counts_and_changes_of_a_correction(coop: Coop, data_dir: DataDir, loaded: Path) -> None:
    path = write(loaded, "conferences.csv", CONFERENCES_FIX)
    expected_updates = [
        {
            "id": "C1",
            "row": 2,
            "changes": {
                "end_date": ["2021-07-09", None],
                "city": ["Paris", "Paris (FR)"],
                "staff_attending": ["3", "4"],
            },
        }
    ]
    # `coop validate` compares with the published warehouse too, and writes nothing.
    code, report = coop("validate", str(path))
    assert (code, report["status"]) == (0, "valid")
    file = only_file(report)
    assert file["counts"] == {"new": 1, "replaced": 1, "same": 1}
    assert file["updates"] == expected_updates
    assert file["warnings"] == []  # a correction, not a reused id

    code, report = coop("load", str(path))
    assert (code, report["status"]) == (0, "accepted")
    file = only_file(report)
    assert file["counts"] == {"new": 1, "replaced": 1, "same": 1}
    assert file["updates"] == expected_updates
    assert query(
        data_dir,
        "SELECT conference_id, end_date, city, staff_attending FROM conferences ORDER BY 1",
    ) == [
        ("C1", None, "Paris (FR)", 4),
        ("C2", None, None, 12),
        ("C3", None, "Tokyo", 2),
        ("C4", None, "南京", None),
    ]


def test_changes_are_display_strings(coop: Coop, loaded: Path) -> None:
    """Dates ISO, numbers without a trailing .0, a null as null; a target by its text id."""
    write(
        loaded,
        "memberships.csv",
        "membership_id,unit_id,org_id,member_type,status,start_date,end_date,annual_fee,currency\n"
        "M1,HQ,ISC,institutional,withdrawn,2018-05-01,2021年12月31日,1200.50,usd\n"
        "M2,CHEM,IUPAC,institutional,active,2020/3/5,,800,CNY\n",
    )
    write(
        loaded,
        "targets.csv",
        "year,indicator,unit_id,target\n2021,conferences_cohosted,,3.0\n2021,posts_held,CHEM,1\n",
    )
    code, report = coop("validate", str(loaded))
    assert code == 0, report
    by_kind = {f["kind"]: f for f in report["files"]}
    assert by_kind["memberships"]["counts"] == {"new": 0, "replaced": 2, "same": 0}
    assert by_kind["memberships"]["updates"] == [
        {
            "id": "M1",
            "row": 2,
            "changes": {
                "status": ["active", "withdrawn"],
                "end_date": [None, "2021-12-31"],
                "annual_fee": ["1200", "1200.5"],
            },
        },
        {"id": "M2", "row": 3, "changes": {"annual_fee": [None, "800"], "currency": [None, "CNY"]}},
    ]
    assert by_kind["targets"]["counts"] == {"new": 0, "replaced": 1, "same": 1}
    assert by_kind["targets"]["updates"] == [
        {"id": "2021/conferences_cohosted", "row": 2, "changes": {"target": ["2", "3"]}}
    ]


def test_changes_name_columns_as_the_file_does(coop: Coop, loaded: Path) -> None:
    path = write(
        loaded,
        "国际会议.csv",
        "会议编号,单位编号,组织编号,会议名称,参与方式,开始日期,结束日期,城市,国家,本院参会人数\n"
        "C2,CHEM,,Catalysis Workshop,承办,2022-09-01,,杭州,CN,15\n",
    )
    code, report = coop("validate", str(path))
    assert code == 0, report
    assert only_file(report)["updates"] == [
        {"id": "C2", "row": 2, "changes": {"城市": [None, "杭州"], "本院参会人数": ["12", "15"]}}
    ]


@pytest.mark.parametrize(
    ("name", "text", "column", "detail"),
    [
        (
            "conferences.csv",
            "conference_id,unit_id,title,role,start_date,country\n"
            "C3,HQ,Quantum Summit,hosted,2024-05-01,CN\n",
            "title,start_date",
            "“ISC Assembly” → “Quantum Summit”; “2021-03-01” → “2024-05-01”",
        ),
        (
            "posts.csv",
            "post_id,person_name,unit_id,org_id,position,level,start_date\n"
            "P1,李娜,CHEM,IUPAC,Vice-President,leader,2020-01-01\n",
            "person_name",
            "“王强” → “李娜”",
        ),
        (
            "memberships.csv",
            "membership_id,unit_id,org_id,member_type,status,start_date,annual_fee,currency\n"
            "M1,HQ,IUPAC,institutional,active,2018-05-01,1200,USD\n",
            "org_id",
            "“ISC” → “IUPAC”",
        ),
    ],
)
def test_a_replaced_identity_is_a_warning(
    coop: Coop, data_dir: DataDir, loaded: Path, name: str, text: str, column: str, detail: str
) -> None:
    path = write(loaded, name, text)
    code, report = coop("load", str(path), "--lang", "en")
    assert (code, report["status"]) == (0, "accepted")  # a warning: it still loads
    file = only_file(report)
    assert file["counts"]["replaced"] == 1
    [warning] = file["warnings"]
    record = file["updates"][0]["id"]
    assert (warning["row"], warning["column"], warning["value"], warning["rule"]) == (
        2,
        column,
        record,
        "identity_changed",
    )
    assert f"'{record}'" in warning["message"] and detail in warning["message"]
    assert "reused id" in warning["message"]
    problems = query(
        data_dir, "SELECT rule, value, message_zh FROM load_problems WHERE severity = 'warning'"
    )
    assert [(r, v) for r, v, _ in problems] == [("identity_changed", record)]
    assert detail in problems[0][2] and "重复使用了编号" in problems[0][2]


def test_a_file_that_changes_nothing_is_unchanged_whatever_its_bytes(
    coop: Coop, data_dir: DataDir, loaded: Path, inbox: Path
) -> None:
    before = snapshot(data_dir)
    # The same bytes again.
    code, report = coop("load", str(inbox / "conferences.csv"))
    assert (code, report["status"]) == (0, "unchanged")
    assert only_file(report)["counts"] == {"new": 0, "replaced": 0, "same": 3}
    # Other bytes, the same records: columns reordered, Chinese headers and labels, GB18030.
    other = write(
        loaded,
        "国际会议.csv",
        "会议名称,会议编号,单位编号,组织编号,参与方式,开始日期,结束日期,城市,国家,本院参会人数\n"
        "ISC Assembly,C3,HQ,ISC,参加,2021/3/1,,Tokyo,jp,2\n"
        "IUPAC Congress,C1,CHEM,IUPAC,参加,2021年7月5日,2021-07-09,Paris,FR,3\n",
        encoding="gb18030",
    )
    code, report = coop("load", str(other))
    assert (code, report["status"]) == (0, "unchanged")
    assert only_file(report)["counts"] == {"new": 0, "replaced": 0, "same": 2}
    assert snapshot(data_dir) == before  # nothing archived for it either
    statuses = query(data_dir, "SELECT status, stored_path FROM load_files WHERE run_id = ?",
                     [report["run_id"]])  # fmt: skip
    assert statuses == [("unchanged", None)]


def test_an_unchanged_file_in_a_changing_batch_is_not_archived(
    coop: Coop, data_dir: DataDir, loaded: Path
) -> None:
    write(loaded, "conferences.csv", CONFERENCES_FIX)
    write(loaded, "posts-again.csv", BASE["posts.csv"].replace("\n", "\r\n"))  # other bytes
    code, report = coop("load", str(loaded))
    assert (code, report["status"]) == (0, "accepted")
    by_kind = {f["kind"]: f for f in report["files"]}
    assert by_kind["posts"]["counts"] == {"new": 0, "replaced": 0, "same": 1}
    rows = query(
        data_dir,
        "SELECT kind, status, stored_path IS NOT NULL FROM load_files WHERE run_id = ? "
        "ORDER BY kind",
        [report["run_id"]],
    )
    assert rows == [("conferences", "accepted", True), ("posts", "unchanged", False)]
    archived = {p.name for p in data_dir.archive.rglob("*.csv")}
    assert "posts-again.csv" not in archived and "conferences.csv" in archived


def _state(data_dir: DataDir) -> dict[str, list[str]]:
    tables = [
        "units", "organizations", "memberships", "conferences", "posts", "offices", "safeguards",
        "targets", "indicator_values", "load_runs", "load_files", "load_problems",
        "load_deletions",
    ]  # fmt: skip
    return {t: sorted(map(repr, query(data_dir, f"SELECT * FROM {t}"))) for t in tables}


def test_a_file_applied_again_after_a_correction_is_applied_and_rebuilt_in_order(
    coop: Coop, data_dir: DataDir, loaded: Path, inbox: Path
) -> None:
    file_a = inbox / "conferences.csv"
    file_b = write(loaded, "conferences.csv", CONFERENCES_FIX)
    assert coop("load", str(file_b))[1]["status"] == "accepted"
    code, report = coop("load", str(file_a))  # A again: it changes C1 back
    assert (code, report["status"]) == (0, "accepted")
    assert only_file(report)["counts"] == {"new": 0, "replaced": 1, "same": 2}
    assert only_file(report)["updates"] == [
        {
            "id": "C1",
            "row": 2,
            "changes": {
                "end_date": [None, "2021-07-09"],
                "city": ["Paris (FR)", "Paris"],
                "staff_attending": ["4", "3"],
            },
        }
    ]
    a_values = [
        ("C1", dt.date(2021, 7, 9), "Paris", 3),
        ("C2", None, None, 12),
        ("C3", None, "Tokyo", 2),
        ("C4", None, "南京", None),  # B's new record stays: a file replaces, it does not prune
    ]
    sql = "SELECT conference_id, end_date, city, staff_attending FROM conferences ORDER BY 1"
    assert query(data_dir, sql) == a_values
    # The manifest lists the runs in order, A's archived file named twice.
    entries = [
        [f["name"] for f in e["load_files"] if f["status"] == "accepted"]
        for e in map(json.loads, data_dir.manifest.read_text().splitlines())
    ]
    assert entries[-2:] == [["conferences.csv"], ["conferences.csv"]]
    # A third time changes nothing.
    assert coop("load", str(file_a))[1]["status"] == "unchanged"

    before = _state(data_dir)
    data_dir.warehouse.unlink()
    code, out = coop("rebuild")
    assert code == 0, out
    assert query(data_dir, sql) == a_values
    assert _state(data_dir) == before
    code, history = coop("history")
    assert [r["status"] for r in history["runs"]] == [
        "unchanged", "accepted", "accepted", "accepted",
    ]  # fmt: skip


def test_the_comparison_is_a_timed_stage(data_dir: DataDir, loaded: Path) -> None:
    path = write(loaded, "conferences.csv", CONFERENCES_FIX)
    with timing.collect() as stages:
        report = run_batch([path], data_dir=data_dir, mode="validate")
    assert report.status == "valid"
    assert "parallel:compare" in stages  # beside the validation


def test_a_file_with_errors_is_not_compared(coop: Coop, loaded: Path) -> None:
    path = write(
        loaded,
        "conferences.csv",
        "conference_id,unit_id,title,role,start_date,country\n"
        "C1,CHEM,IUPAC Congress,attended,someday,FR\n",
    )
    code, report = coop("validate", str(path))
    assert (code, report["status"]) == (1, "invalid")
    file = only_file(report)
    assert file["updates"] == [] and file["counts"] == {"new": 0, "replaced": 0, "same": 0}


def test_the_first_load_counts_everything_new(coop: Coop, inbox: Path) -> None:
    path = write(inbox, "units.csv", BASE["units.csv"])
    code, report = coop("validate", str(path))  # no warehouse yet
    assert (code, only_file(report)["counts"]) == (0, {"new": 2, "replaced": 0, "same": 0})
