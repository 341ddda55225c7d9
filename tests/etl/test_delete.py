"""`coop delete KIND ID… --reason`: a record withdrawn in an atomic, recorded run (who, when,
why) that `coop rebuild` replays in its place; refused for an unknown id and for a unit or an
organization that records still refer to."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl.config import DataDir
from etl.errors import UsageError
from etl.withdraw import withdraw
from tests.helpers import query, snapshot, write

Coop = Callable[..., tuple[int, Any]]

BASE = {
    "units.csv": "unit_id,name_zh,parent_unit_id\nHQ,总部,\nCHEM,化学所,HQ\nLAB,实验室,CHEM\n"
    "EMPTY,空单位,HQ\n",
    "organizations.csv": "org_id,name_en,scope,hq_country\n"
    "IUPAC,International Union of Pure and Applied Chemistry,specialized,US\n"
    "IFAC,International Federation of Automatic Control,specialized,AT\n",
    "conferences.csv": "conference_id,unit_id,org_id,title,role,start_date,country\n"
    "C1,CHEM,IUPAC,IUPAC Congress,co_hosted,2021-07-05,FR\n"
    "C2,CHEM,,Catalysis Workshop,hosted,2021-09-01,CN\n",
    "memberships.csv": "membership_id,unit_id,org_id,member_type,status,start_date\n"
    "M1,CHEM,IUPAC,institutional,active,2020-03-05\n",
    "targets.csv": "year,indicator,unit_id,target\n2021,conferences_cohosted,,2\n"
    "2021,posts_held,CHEM,1\n",
}


@pytest.fixture
def loaded(coop: Coop, inbox: Path) -> Path:
    for name, text in BASE.items():
        write(inbox, name, text)
    code, report = coop("load", str(inbox))
    assert (code, report["status"]) == (0, "accepted"), report
    return inbox


def ids(data_dir: DataDir, kind: str, column: str) -> list[Any]:
    return [r[0] for r in query(data_dir, f"SELECT {column} FROM {kind} ORDER BY 1")]


def cohosted_2021(data_dir: DataDir) -> float:
    rows = query(
        data_dir,
        "SELECT value FROM indicator_values WHERE year = 2021 "
        "AND indicator = 'conferences_cohosted' AND unit_id IS NULL",
    )
    return float(rows[0][0])


def test_a_withdrawal_is_recorded_with_who_when_and_why(
    coop: Coop, data_dir: DataDir, loaded: Path
) -> None:
    assert cohosted_2021(data_dir) == 2
    code, report = coop(
        "delete", "conferences", "C2", "--reason", "entered twice", "--user", "analyst-a"
    )
    assert code == 0, report
    assert report["status"] == "accepted" and report["run_id"]
    [file] = report["files"]
    assert set(file) == {
        "path", "kind", "rows", "sha256", "errors", "warnings", "notes", "skipped_rows",
        "counts", "updates",
    }  # fmt: skip
    assert (file["kind"], file["rows"], file["errors"]) == ("conferences", 1, [])
    assert [(n["rule"], n["value"]) for n in file["notes"]] == [("delete.withdrawn", "C2")]
    assert ids(data_dir, "conferences", "conference_id") == ["C1"]
    assert cohosted_2021(data_dir) == 1  # the indicators follow

    run = query(
        data_dir,
        "SELECT source, user_name, status, file_count, row_count, started_at <= finished_at "
        "FROM load_runs WHERE run_id = ?",
        [report["run_id"]],
    )
    assert run == [("delete", "analyst-a", "accepted", 0, 1, True)]
    [(kind, record_id, reason, record)] = query(
        data_dir,
        "SELECT kind, record_id, reason, record FROM load_deletions WHERE run_id = ?",
        [report["run_id"]],
    )
    assert (kind, record_id, reason) == ("conferences", "C2", "entered twice")
    assert json.loads(record)["title"] == "Catalysis Workshop"
    assert query(data_dir, "SELECT count(*) FROM load_files WHERE run_id = ?", [report["run_id"]])[
        0
    ] == (0,)

    code, history = coop("history")
    latest = history["runs"][0]
    assert (latest["source"], latest["user_name"], latest["status"]) == (
        "delete",
        "analyst-a",
        "accepted",
    )
    assert latest["deletions"] == [
        {
            "kind": "conferences",
            "record_id": "C2",
            "reason": "entered twice",
            "record": json.loads(record),
        }
    ]
    code, text = coop("history", "--lang", "en", json_out=False)
    assert code == 0 and " delete " in text.splitlines()[0]


def test_an_unknown_id_refuses_the_whole_withdrawal(
    coop: Coop, data_dir: DataDir, loaded: Path
) -> None:
    before = snapshot(data_dir)
    code, report = coop("delete", "conferences", "C1", "C9", "--reason", "cleanup", "--lang", "en")
    assert (code, report["status"]) == (1, "rejected")
    [error] = report["files"][0]["errors"]
    assert (error["rule"], error["value"], error["column"]) == (
        "delete.unknown_id",
        "C9",
        "conference_id",
    )
    assert "'C9'" in error["message"]
    assert snapshot(data_dir) == before  # C1 stays: all or nothing
    # The refused attempt is recorded too, with its reason, in the journal (not the manifest).
    runs = query(data_dir, "SELECT source, status, error_count FROM load_runs WHERE run_id = ?",
                 [report["run_id"]])  # fmt: skip
    assert runs == [("delete", "rejected", 1)]
    assert query(
        data_dir,
        "SELECT record_id, reason, record FROM load_deletions WHERE run_id = ? ORDER BY 1",
        [report["run_id"]],
    ) == [("C1", "cleanup", None), ("C9", "cleanup", None)]
    assert report["run_id"] in data_dir.journal.read_text(encoding="utf-8")
    assert report["run_id"] not in data_dir.manifest.read_text(encoding="utf-8")


def test_a_unit_still_referred_to_cannot_be_withdrawn(
    coop: Coop, data_dir: DataDir, loaded: Path
) -> None:
    before = snapshot(data_dir)
    code, report = coop("delete", "units", "CHEM", "--reason", "merged", "--lang", "en")
    assert (code, report["status"]) == (1, "rejected")
    errors = report["files"][0]["errors"]
    assert all(e["rule"] == "delete.referenced" and e["value"] == "CHEM" for e in errors)
    named = sorted(e["message"].split(" record ")[1].split(" (")[0] for e in errors)
    assert named == sorted(["'C1'", "'C2'", "'M1'", "'2021/posts_held/CHEM'", "'LAB'"])
    messages = " | ".join(e["message"] for e in errors)
    for kind in ("conferences", "memberships", "targets", "units"):
        assert f"by {kind} record" in messages
    assert snapshot(data_dir) == before


def test_an_organization_still_referred_to_cannot_be_withdrawn(
    coop: Coop, data_dir: DataDir, loaded: Path
) -> None:
    code, report = coop("delete", "organizations", "IUPAC", "--reason", "x", "--lang", "zh")
    assert code == 1
    refs = sorted(e["message"] for e in report["files"][0]["errors"])
    assert len(refs) == 2
    assert "国际会议记录“C1”" in refs[0] + refs[1] and "会员记录“M1”" in refs[0] + refs[1]
    assert ids(data_dir, "organizations", "org_id") == ["IFAC", "IUPAC"]
    # One nobody refers to goes.
    code, report = coop("delete", "organizations", "IFAC", "--reason", "never joined")
    assert (code, report["status"]) == (0, "accepted")
    assert ids(data_dir, "organizations", "org_id") == ["IUPAC"]


def test_a_unit_withdrawn_with_its_sub_unit_in_one_run(
    coop: Coop, data_dir: DataDir, loaded: Path, inbox: Path
) -> None:
    write(
        inbox, "units_more.csv", "unit_id,name_zh,parent_unit_id\nOLD,旧所,HQ\nOLD-LAB,旧室,OLD\n"
    )
    assert coop("load", str(inbox / "units_more.csv"))[0] == 0
    code, report = coop("delete", "units", "OLD", "--reason", "closed")
    assert code == 1 and report["files"][0]["errors"][0]["rule"] == "delete.referenced"
    code, report = coop("delete", "units", "OLD", "OLD-LAB", "EMPTY", "--reason", "closed")
    assert (code, report["status"]) == (0, "accepted"), report
    assert ids(data_dir, "units", "unit_id") == ["CHEM", "HQ", "LAB"]


def test_targets_are_withdrawn_by_year_indicator_and_unit(
    coop: Coop, data_dir: DataDir, loaded: Path
) -> None:
    code, report = coop("delete", "targets", "2021", "2021/posts_held/", "--reason", "x")
    assert code == 1
    [bad, unknown] = report["files"][0]["errors"]
    assert (bad["rule"], bad["value"]) == ("delete.bad_id", "2021")
    assert "year[-end_year]/indicator[/unit_id]" in bad["message"]
    assert (unknown["rule"], unknown["value"]) == ("delete.unknown_id", "2021/posts_held/")
    code, report = coop(
        "delete",
        "targets",
        "2021/conferences_cohosted",
        "2021/conferences_cohosted/",  # the same target, spelled with its empty unit
        "2021/posts_held/CHEM",
        "--reason",
        "x",
    )
    assert (code, report["status"]) == (0, "accepted"), report
    assert report["files"][0]["rows"] == 2
    assert query(data_dir, "SELECT count(*) FROM targets") == [(0,)]
    recorded = query(
        data_dir,
        "SELECT record_id FROM load_deletions WHERE run_id = ? ORDER BY 1",
        [report["run_id"]],
    )
    assert recorded == [("2021/conferences_cohosted",), ("2021/posts_held/CHEM",)]


def test_rebuild_replays_withdrawals_in_their_place(
    coop: Coop, data_dir: DataDir, loaded: Path, inbox: Path
) -> None:
    assert coop("delete", "conferences", "C2", "--reason", "entered twice")[0] == 0
    assert coop("delete", "conferences", "C9", "--reason", "typo")[0] == 1  # refused, journal
    # The same file again brings C2 back (a new record now), and a withdrawal after that.
    code, report = coop("load", str(inbox / "conferences.csv"))
    assert (code, report["status"]) == (0, "accepted")
    assert report["files"][0]["counts"] == {"new": 1, "replaced": 0, "same": 1}
    assert coop("delete", "targets", "2021/posts_held/CHEM", "--reason", "dropped")[0] == 0
    tables = ("conferences", "targets", "indicator_values", "load_runs", "load_files",
              "load_problems", "load_deletions")  # fmt: skip
    before = {t: sorted(map(repr, query(data_dir, f"SELECT * FROM {t}"))) for t in tables}
    assert ids(data_dir, "conferences", "conference_id") == ["C1", "C2"]

    data_dir.warehouse.unlink()
    code, out = coop("rebuild")
    assert (code, out["runs_replayed"]) == (0, 4)
    after = {t: sorted(map(repr, query(data_dir, f"SELECT * FROM {t}"))) for t in tables}
    assert after == before


def test_a_reason_is_required(coop: Coop, data_dir: DataDir, loaded: Path) -> None:
    code, out = coop("delete", "conferences", "C1", "--reason", "  ")
    assert code == 2 and out["rule"] == "delete.no_reason"
    assert coop("delete", "conferences", "C1")[0] == 2  # argparse: --reason is required
    with pytest.raises(UsageError) as caught:
        withdraw(data_dir, "conferences", [" "], reason="x")
    assert caught.value.rule == "delete.no_ids"
    assert ids(data_dir, "conferences", "conference_id") == ["C1", "C2"]


def test_text_output_of_a_refused_withdrawal(coop: Coop, loaded: Path) -> None:
    code, text = coop("delete", "units", "NOPE", "--reason", "x", "--lang", "en", json_out=False)
    assert code == 1
    assert "NOPE" in text and "quarantine" not in text  # no files were kept anywhere


def test_a_withdrawal_that_fails_midway_changes_nothing(
    data_dir: DataDir, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etl import indicators

    def fail(*_: object) -> None:
        raise RuntimeError("the disk went away")

    before = snapshot(data_dir)
    runs = query(data_dir, "SELECT * FROM load_runs")
    manifest = data_dir.manifest.read_bytes()
    monkeypatch.setattr(indicators, "refresh", fail)  # after the records are removed
    with pytest.raises(RuntimeError):
        withdraw(data_dir, "conferences", ["C2"], reason="entered twice")
    assert snapshot(data_dir) == before
    assert query(data_dir, "SELECT * FROM load_runs") == runs
    assert data_dir.manifest.read_bytes() == manifest
    assert list(data_dir.staging.iterdir()) == []
