"""The Data page's upload → report → load path: through the real `file_uploader` widget in
AppTest, and through the handler (`dashboard.upload`) directly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import upload
from dashboard.i18n import t
from etl.config import DataDir
from tests.dashboard.conftest import OpenPage, no_errors, warehouse


def _root_unit(data_dir: Path) -> str:
    return str(warehouse(data_dir, "SELECT unit_id FROM units WHERE parent_unit_id IS NULL")[0, 0])


def _good_units(data_dir: Path) -> bytes:
    root = _root_unit(data_dir)
    return f"单位编号,单位名称,英文名称,上级单位编号\nNEW-LAB,新建联合实验室,New Joint Lab,{root}\n".encode()


BAD_CONFERENCES = (
    b"conference_id,unit_id,title,role,start_date,country\n"
    b'C-BAD-1,NO-SUCH-UNIT,=HYPERLINK("http://x"),attended,03/04/2021,CN\n'
    b"C-BAD-2,NO-SUCH-UNIT,Workshop,spoken,2021-03-04,ZZ\n"
)


def test_safe_names_never_follow_the_uploaded_path() -> None:
    taken: set[str] = set()
    assert upload.safe_name("../../etc/passwd", taken) == "passwd"
    assert upload.safe_name("..\\..\\会员 2026.CSV", taken) == "会员_2026.csv"
    assert upload.safe_name(".hidden.csv", taken) == "hidden.csv"
    assert upload.safe_name("a/b/memberships.csv", taken) == "memberships.csv"
    assert upload.safe_name("memberships.csv", taken) == "memberships_2.csv"
    assert upload.safe_name("", taken) == "file"
    assert upload.safe_name("x" * 500 + ".xlsx", taken) == "x" * upload.MAX_STEM + ".xlsx"
    for name in taken:
        assert "/" not in name and "\\" not in name and not name.startswith(".")


def test_handler_validates_then_loads(private_demo_dir: Path) -> None:
    data_dir = DataDir(private_demo_dir)
    files = [upload.Upload("units_new.csv", _good_units(private_demo_dir))]
    validated = upload.run(files, data_dir=data_dir, mode="validate")
    assert validated.status == "valid"
    assert validated.name_of(validated.report.files[0].path) == "units_new.csv"
    assert (
        warehouse(private_demo_dir, "SELECT count(*) FROM units WHERE unit_id = 'NEW-LAB'")[0, 0]
        == 0
    )
    loaded = upload.run(files, data_dir=data_dir, mode="load", user="analyst-a")
    assert loaded.status == "accepted"
    assert (
        warehouse(private_demo_dir, "SELECT count(*) FROM units WHERE unit_id = 'NEW-LAB'")[0, 0]
        == 1
    )
    run = warehouse(
        private_demo_dir, "SELECT source, user_name FROM load_runs ORDER BY started_at DESC LIMIT 1"
    )
    assert run.row(0) == ("upload", "analyst-a")


def test_handler_reports_bad_rows(demo_dir: Path) -> None:
    outcome = upload.run(
        [upload.Upload("conferences.csv", BAD_CONFERENCES)],
        data_dir=DataDir(demo_dir),
        mode="validate",
    )
    assert outcome.status == "invalid"
    problems = upload.problems_frame(outcome, "en")
    assert {"fk", "type.date", "enum", "country"} <= set(problems[t("data.rule", "en")])
    assert set(problems[t("data.row", "en")].drop_nulls()) == {2, 3}
    assert set(problems[t("data.file", "en")]) == {"conferences.csv"}
    zh = upload.problems_frame(outcome, "zh")
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in zh[t("data.message", "zh")])


def test_page_upload_good_file_then_load(
    open_page_in: Callable[[Path], OpenPage], private_demo_dir: Path
) -> None:
    at = open_page_in(private_demo_dir)("data", "zh")
    runs_before = warehouse(private_demo_dir, "SELECT count(*) FROM load_runs")[0, 0]
    at.file_uploader[0].set_value(
        ("units_new.csv", _good_units(private_demo_dir), "text/csv")
    ).run()
    no_errors(at)
    assert any("校验通过" in s.value for s in at.success), [s.value for s in at.success]
    at.button(key="data.load").click().run()
    no_errors(at)
    assert any("已载入" in s.value for s in at.success), [s.value for s in at.success]
    assert (
        warehouse(private_demo_dir, "SELECT count(*) FROM units WHERE unit_id = 'NEW-LAB'")[0, 0]
        == 1
    )
    runs = warehouse(private_demo_dir, "SELECT count(*) FROM load_runs")[0, 0]
    assert runs == runs_before + 1
    # The history on the page shows the new run (the cache follows the replaced file).
    history = next(d.value for d in at.dataframe if t("data.run.source", "zh") in d.value.columns)
    assert len(history) == runs
    assert t("source.upload", "zh") in set(history[t("data.run.source", "zh")])


def test_page_upload_bad_file_is_reported_and_cannot_load(
    open_page_in: Callable[[Path], OpenPage], private_demo_dir: Path
) -> None:
    at = open_page_in(private_demo_dir)("data", "en")
    at.file_uploader[0].set_value(("conferences.csv", BAD_CONFERENCES, "text/csv")).run()
    assert not at.exception
    assert any(t("data.report.invalid", "en")[:10] in e.value for e in at.error)
    report = next(d.value for d in at.dataframe if t("data.rule", "en") in d.value.columns)
    assert {"fk", "type.date"} <= set(report[t("data.rule", "en")])
    assert not [b for b in at.button if b.key == "data.load"], "no load button for an invalid batch"
    downloads = {b.key for b in at.get("download_button")}
    assert {"dl.csv.report", "dl.xlsx.report"} <= downloads


def test_page_upload_several_files_as_one_batch(
    open_page_in: Callable[[Path], OpenPage], private_demo_dir: Path
) -> None:
    root = _root_unit(private_demo_dir)
    orgs = b"org_id,name_en,scope,hq_country\nNEW-ORG,New Union,specialized,ch\n"
    members = (
        "membership_id,unit_id,org_id,member_type,status,start_date\n"
        f"M-NEW,{root},NEW-ORG,institutional,active,2024-05-01\n"
    ).encode()
    at = open_page_in(private_demo_dir)("data", "en")
    at.file_uploader[0].set_value(
        [("memberships_2024.csv", members, "text/csv"), ("organizations.csv", orgs, "text/csv")]
    ).run()
    no_errors(at)
    at.button(key="data.load").click().run()
    no_errors(at)
    assert (
        warehouse(private_demo_dir, "SELECT count(*) FROM memberships WHERE org_id = 'NEW-ORG'")[
            0, 0
        ]
        == 1
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_texts(lang: str, demo_dir: Path) -> None:
    outcome = upload.run(
        [upload.Upload("units.csv", _good_units(demo_dir))],
        data_dir=DataDir(demo_dir),
        mode="validate",
    )
    level, text = upload.summary(outcome, lang)
    assert level == "success" and text


def test_uploads_over_the_size_limit_are_refused_before_touching_disk(
    private_demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etl.errors import UsageError

    monkeypatch.setenv("COOP_MAX_UPLOAD_MB", "0.001")  # about 1 kB
    big = upload.Upload("units.csv", b"unit_id,name_zh\n" + b"U1,x\n" * 400)
    before = sorted(p.name for p in private_demo_dir.iterdir())
    with pytest.raises(UsageError) as caught:
        upload.run([big], data_dir=DataDir(private_demo_dir), mode="load")
    assert caught.value.rule == "upload.too_large"
    assert "units.csv" in caught.value.message("en")
    assert sorted(p.name for p in private_demo_dir.iterdir()) == before


def test_a_traversal_name_lands_safely_inside_the_private_folder(private_demo_dir: Path) -> None:

    outcome = upload.run(
        [
            upload.Upload(
                "../../x_units.csv", "unit_id,name_zh,parent_unit_id\nTRAV,穿越,JNAS\n".encode()
            )
        ],
        data_dir=DataDir(private_demo_dir),
        mode="load",
    )
    assert outcome.status == "accepted", outcome.report.to_json("en")
    assert not (private_demo_dir.parent / "x_units.csv").exists()
    assert not (private_demo_dir.parent.parent / "x_units.csv").exists()
    stored = list((private_demo_dir / "archive").rglob("*x_units.csv"))
    assert len(stored) == 1 and private_demo_dir / "archive" in stored[0].parents


# ---- what a batch changes, before the analyst confirms; withdrawing records


def _conference_csv(data_dir: Path, **changes: object) -> tuple[str, bytes]:
    """One stored conference as a file of its own (canonical headers), with `changes`."""
    from etl.schema import KINDS

    columns = KINDS["conferences"].column_names
    row = warehouse(data_dir, "SELECT * FROM conferences ORDER BY conference_id LIMIT 1").row(
        0, named=True
    )
    row.update(changes)
    cells = ["" if row[c] is None else str(row[c]) for c in columns]
    return str(row["conference_id"]), (",".join(columns) + "\n" + ",".join(cells) + "\n").encode()


def test_handler_reports_counts_and_changes(private_demo_dir: Path) -> None:
    record, data = _conference_csv(private_demo_dir, title="A Renamed Congress", city="Zürich")
    old = warehouse(
        private_demo_dir, "SELECT title, city FROM conferences WHERE conference_id = ?", [record]
    ).row(0)
    outcome = upload.run(
        [upload.Upload("conferences.csv", data)],
        data_dir=DataDir(private_demo_dir),
        mode="validate",
    )
    assert outcome.status == "valid"
    files = upload.files_frame(outcome, "en")
    assert (files["New"][0], files["Replaced"][0], files["Same"][0]) == (0, 1, 0)
    changes = upload.updates_frame(outcome, "en")
    expected = {("title", old[0], "A Renamed Congress")}
    if old[1] != "Zürich":
        expected.add(("city", old[1], "Zürich"))
    assert set(changes.select("Column", "Old", "New").iter_rows()) == expected
    assert set(changes["Record"]) == {record}
    [warning] = upload.identity_warnings(outcome, "en")
    assert record in warning and "reused id" in warning


def test_page_shows_what_a_correction_replaces_before_loading(
    open_page_in: Callable[[Path], OpenPage], private_demo_dir: Path
) -> None:
    record, data = _conference_csv(private_demo_dir, title="A Renamed Congress")
    at = open_page_in(private_demo_dir)("data", "zh")
    at.file_uploader[0].set_value(("conferences.csv", data, "text/csv")).run()
    assert not at.exception and not at.error
    files = next(
        d.value for d in at.dataframe if t("data.counts.replaced", "zh") in d.value.columns
    )
    assert files[t("data.counts.replaced", "zh")].to_list() == [1]
    updates = next(d.value for d in at.dataframe if t("data.old", "zh") in d.value.columns)
    assert updates[t("data.record", "zh")].to_list() == [record]
    assert updates[t("data.new", "zh")].to_list() == ["A Renamed Congress"]
    assert any(record in w.value and "重复使用了编号" in w.value for w in at.warning)
    at.button(key="data.load").click().run()
    no_errors(at)
    assert (
        warehouse(
            private_demo_dir, "SELECT title FROM conferences WHERE conference_id = ?", [record]
        ).item()
        == "A Renamed Congress"
    )


def test_page_offers_no_load_for_files_that_change_nothing(
    open_page_in: Callable[[Path], OpenPage], private_demo_dir: Path
) -> None:
    _, data = _conference_csv(private_demo_dir)
    at = open_page_in(private_demo_dir)("data", "en")
    at.file_uploader[0].set_value(("conferences.csv", data, "text/csv")).run()
    no_errors(at)
    assert any("would change nothing" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "data.load"]


def _withdraw(at: AppTest, kind: str, ids: str, reason: str, *, confirm: bool = True) -> AppTest:
    at.selectbox(key="data.withdraw.kind.0").set_value(kind)
    at.text_input(key="data.withdraw.ids.0").input(ids)
    at.text_input(key="data.withdraw.reason.0").input(reason)
    if confirm:
        at.checkbox(key="data.withdraw.confirm.0").check()
    return at.button(key="data.withdraw").click().run()


def test_page_withdraws_a_record_with_its_reason(
    open_page_in: Callable[[Path], OpenPage], private_demo_dir: Path
) -> None:
    record, _ = _conference_csv(private_demo_dir)
    at = open_page_in(private_demo_dir)("data", "en")
    # Not confirmed: nothing happens.
    _withdraw(at, "conferences", record, "entered twice", confirm=False)
    assert any(t("data.withdraw.unconfirmed", "en") in w.value for w in at.warning)
    count = "SELECT count(*) FROM conferences WHERE conference_id = ?"
    assert warehouse(private_demo_dir, count, [record]).item() == 1

    at.checkbox(key="data.withdraw.confirm.0").check()
    at.button(key="data.withdraw").click().run()
    no_errors(at)
    assert any(t("data.withdrawn", "en", records=1) in s.value for s in at.success)
    assert warehouse(private_demo_dir, count, [record]).item() == 0
    run = warehouse(
        private_demo_dir,
        "SELECT r.source, r.user_name, d.record_id, d.reason FROM load_runs r "
        "JOIN load_deletions d USING (run_id) ORDER BY r.started_at DESC LIMIT 1",
    )
    assert run.row(0) == ("delete", "test-analyst", record, "entered twice")
    history = next(d.value for d in at.dataframe if t("data.run.source", "en") in d.value.columns)
    assert t("source.delete", "en") in set(history[t("data.run.source", "en")])
    # The form is empty again for the next withdrawal.
    assert at.text_input(key="data.withdraw.ids.1").value == ""


def test_page_refuses_to_withdraw_a_unit_still_referred_to(
    open_page_in: Callable[[Path], OpenPage], private_demo_dir: Path
) -> None:
    root = _root_unit(private_demo_dir)
    before = warehouse(private_demo_dir, "SELECT count(*) FROM units").item()
    at = open_page_in(private_demo_dir)("data", "en")
    _withdraw(at, "units", root, "merged")
    assert not at.exception
    assert any(t("data.withdraw.refused", "en")[:12] in e.value for e in at.error)
    report = next(d.value for d in at.dataframe if t("data.rule", "en") in d.value.columns)
    assert set(report[t("data.rule", "en")]) == {"delete.referenced"}
    assert all(root in m for m in report[t("data.message", "en")])
    assert warehouse(private_demo_dir, "SELECT count(*) FROM units").item() == before
    # The input stays, to be corrected.
    assert at.text_input(key="data.withdraw.ids.0").value == root


def test_handler_withdraws_ids_separated_by_commas_or_spaces(private_demo_dir: Path) -> None:
    ids = warehouse(private_demo_dir, "SELECT conference_id FROM conferences ORDER BY 1 LIMIT 3")[
        "conference_id"
    ].to_list()
    outcome = upload.withdraw(
        data_dir=DataDir(private_demo_dir),
        kind="conferences",
        ids=f" {ids[0]}, {ids[1]}，{ids[2]} ",
        reason="test",
        user="analyst-a",
    )
    assert outcome.status == "accepted", outcome.report.to_json("en")
    assert outcome.report.row_count == 3
    left = warehouse(
        private_demo_dir,
        "SELECT count(*) FROM conferences WHERE list_contains(?, conference_id)",
        [ids],
    ).item()
    assert left == 0
    level, text = upload.summary(outcome, "zh")
    assert level == "success" and "3" in text
