"""Broken batches: a clear report, exit code 1 (2 for usage errors), never a traceback, and the
warehouse, the archive and the data loaded before left exactly as they were.

Every test starts from a copy of a warehouse that already holds a good batch (units HQ and U1,
organizations ORG1 and ORG2, membership M1). Row numbers are the spreadsheet's: header = row 1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from etl import clock
from etl.cli import main
from etl.config import DataDir
from tests.helpers import query, snapshot, write

SEED = {
    "units.csv": "unit_id,name_zh,name_en,parent_unit_id\nHQ,本院,Academy,\nU1,物理所,Physics,HQ\n",
    "organizations.csv": (
        "org_id,name_en,scope,hq_country\n"
        "ORG1,Intl Science Union,comprehensive,FR\n"
        "ORG2,Intl Physics Society,specialized,US\n"
    ),
    "memberships.csv": (
        "membership_id,unit_id,org_id,member_type,status,start_date\n"
        "M1,HQ,ORG1,institutional,active,2020-01-01\n"
    ),
}
MEMBERSHIPS = (
    "membership_id,unit_id,org_id,member_type,person_name,status,start_date,end_date,"
    "annual_fee,currency\n"
)
OFFICES = "office_id,org_id,unit_id,office_type,city,country,status,established_date,closed_date\n"
POSTS = "post_id,person_name,unit_id,org_id,position,level,start_date,end_date\n"

Entry = tuple[Any, Any, Any, str]  # (row, column, value, rule)
Cli = Callable[..., tuple[int, Any, str]]


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the good batch, built once and copied into each test's own."""
    root = tmp_path_factory.mktemp("seed")
    folder = root / "in"
    folder.mkdir()
    for name, text in SEED.items():
        write(folder, name, text)
    data = root / "data"
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["load", str(folder), "--data-dir", str(data), "--json"])
    assert code == 0, out.getvalue()
    return data


@pytest.fixture
def before(seeded_template: Path, data_dir: DataDir) -> dict[str, Any]:
    """This test's data dir, seeded; returns its snapshot to compare with after a rejection."""
    shutil.copytree(seeded_template, data_dir.root)
    state = snapshot(data_dir)
    assert state["memberships"] and state["archive"]
    return state


@pytest.fixture
def cli(data_dir: DataDir, capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run `coop … --json` in-process: (exit code, JSON or None, stderr); never a traceback."""

    def run(*args: str, lang: str = "en") -> tuple[int, Any, str]:
        code = main([*args, "--data-dir", str(data_dir.root), "--json", "--lang", lang])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        assert not (data_dir.root / "logs").exists(), "the CLI logged a crash"
        lines = [ln for ln in captured.out.splitlines() if ln.startswith("{")]
        report = json.loads(lines[-1]) if lines else None
        assert report is None or report.get("rule") != "internal", report
        return code, report, captured.err

    return run


def file_report(report: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [f for f in report["files"] if Path(f["path"]).name == name]
    return found


def errors(report: dict[str, Any], name: str) -> list[Entry]:
    return [
        (e["row"], e["column"], e["value"], e["rule"]) for e in file_report(report, name)["errors"]
    ]


def message(report: dict[str, Any], name: str, row: int | None, column: str | None) -> str:
    (found,) = [
        e["message"]
        for e in file_report(report, name)["errors"]
        if e["row"] == row and e["column"] == column
    ]
    return str(found)


def load_rejected(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], *paths: Path, lang: str = "en"
) -> dict[str, Any]:
    """Load, expect the whole batch rejected and nothing changed; return the JSON report."""
    code, report, _ = cli("load", *map(str, paths), lang=lang)
    assert (code, report["status"]) == (1, "rejected"), report
    assert snapshot(data_dir) == before
    return report


def load_accepted(cli: Cli, *paths: Path) -> dict[str, Any]:
    code, report, _ = cli("load", *map(str, paths))
    assert (code, report["status"]) == (0, "accepted"), report
    return report


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Files that cannot be read as records at all

UNITS_GOOD = "unit_id,name_zh\nU2,化学所\n"
# Shift-JIS half-width katakana are single bytes 0xB1-0xB3 here: GB18030 takes B1 B2 as one
# character and then finds B3 0A, which is no character. (Full-width Shift-JIS text is made of
# valid GB18030 pairs and cannot be told from Chinese; only bytes like these are refused.)
SHIFT_JIS = "unit_id,name_zh\nU2,ｱｲｳ\n".encode("shift_jis")
UNREADABLE = {
    "utf16": ("units.csv", UNITS_GOOD.encode("utf-16"), "file.encoding"),
    "shift_jis": ("units.csv", SHIFT_JIS, "file.encoding"),
    "binary_junk": ("units.csv", bytes(range(256)) * 8, "file.binary"),
    "empty": ("units.csv", b"", "file.empty"),
    "bom_and_blank_lines": ("units.csv", b"\xef\xbb\xbf \r\n\r\n", "file.empty"),
    "header_only": ("units.csv", b"unit_id,name_zh\r\n", "file.no_records"),
    "header_and_empty_rows": ("units.csv", b"unit_id,name_zh\n,\n  ,\n\n", "file.no_records"),
    "corrupt_xlsx": ("units.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50, "file.xlsx"),
    "truncated_xlsx": ("units.xlsx", xlsx_bytes([["unit_id"], ["U2"]])[:400], "file.xlsx"),
    "xlsx_that_is_text": ("units.xlsx", UNITS_GOOD.encode(), "file.xlsx"),
}  # fmt: skip


def test_shift_jis_sample_is_really_invalid_in_every_accepted_encoding() -> None:
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            SHIFT_JIS.decode(encoding)


@pytest.mark.parametrize(("name", "data", "rule"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_unreadable_file_is_rejected_with_a_file_level_error(
    cli: Cli,
    data_dir: DataDir,
    before: dict[str, Any],
    inbox: Path,
    name: str,
    data: bytes,
    rule: str,
) -> None:
    path = inbox / name
    path.write_bytes(data)
    report = load_rejected(cli, data_dir, before, path)
    (only,) = report["files"]
    assert (only["path"], only["kind"], only["rows"]) == (str(path), "units", 0)
    assert only["sha256"] == hashlib.sha256(data).hexdigest()
    assert errors(report, name) == [(None, None, None, rule)]
    assert only["errors"][0]["message"]


@pytest.mark.parametrize("name", ["records.csv", "units_and_posts.csv", "单位与任职.csv"])
def test_file_whose_name_names_no_kind_or_two_kinds_is_read_by_its_header(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path, name: str
) -> None:
    # The contract changed: such a file is no longer refused for its name; its header decides.
    report = load_accepted(cli, write(inbox, name, UNITS_GOOD))
    assert file_report(report, name)["kind"] == "units"
    assert query(data_dir, "SELECT name_zh FROM units WHERE unit_id = 'U2'") == [("化学所",)]


@pytest.mark.parametrize("name", ["records.csv", "units_and_posts.csv", "单位与任职.csv"])
def test_file_whose_name_and_header_name_no_kind_is_rejected(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path, name: str
) -> None:
    path = write(inbox, name, "编号,名字\nU2,化学所\n")
    report = load_rejected(cli, data_dir, before, path)
    assert file_report(report, name)["kind"] is None
    assert errors(report, name) == [(None, None, None, "file.kind_unknown")]
    text = message(report, name, None, None)
    assert name in text and "--kind" in text and "20" in text


def test_kind_option_reads_a_file_whose_name_names_no_kind(
    cli: Cli, before: dict[str, Any], data_dir: DataDir, inbox: Path
) -> None:
    path = write(inbox, "records.csv", UNITS_GOOD)
    code, report, _ = cli("load", str(path), "--kind", "units")
    assert (code, report["status"]) == (0, "accepted")
    assert query(data_dir, "SELECT name_zh FROM units WHERE unit_id = 'U2'") == [("化学所",)]


# ---------------------------------------------------------------------------------------------
# Header problems


def test_every_missing_required_column_is_listed(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    path = write(inbox, "memberships.csv", "membership_id,unit_id,person_name\nM2,HQ,张三\n")
    report = load_rejected(cli, data_dir, before, path)
    assert sorted(errors(report, "memberships.csv")) == [
        (1, "member_type", None, "file.missing_column"),
        (1, "org_id", None, "file.missing_column"),
        (1, "status", None, "file.missing_column"),
    ]
    assert "会员类型" in message(report, "memberships.csv", 1, "member_type")


def test_a_column_given_in_english_and_as_its_chinese_alias_is_a_duplicate(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    path = write(inbox, "units.csv", "unit_id,name_zh, 单位编号 \nU2,化学所,U3\n")
    report = load_rejected(cli, data_dir, before, path)
    assert errors(report, "units.csv") == [(1, "unit_id", "单位编号", "file.duplicate_column")]


def test_unknown_extra_column_is_a_warning_and_the_batch_loads(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    path = write(inbox, "units.csv", "unit_id,name_zh,备注\nU2,化学所,新成立\n")
    report = load_accepted(cli, path)
    warnings = file_report(report, "units.csv")["warnings"]
    assert [(w["row"], w["value"], w["rule"]) for w in warnings] == [
        (1, "备注", "file.unknown_column")
    ]
    assert query(data_dir, "SELECT name_zh FROM units WHERE unit_id = 'U2'") == [("化学所",)]


# ---------------------------------------------------------------------------------------------
# CSV structure


def test_row_with_too_many_fields_is_reported_with_its_field_count(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    text = "unit_id,name_zh\nU2,化学所,北京,海淀\nU3,生物所\nU4,数学所,\n"
    path = write(inbox, "units.csv", text)
    report = load_rejected(cli, data_dir, before, path)
    assert errors(report, "units.csv") == [(2, None, "4", "file.ragged_row")]
    assert "2" in message(report, "units.csv", 2, None)


@pytest.mark.parametrize(
    "name_en", ["Chemistry", '"Chemistry, Institute of"'], ids=["unquoted", "quoted"]
)
def test_lines_ended_by_cr_alone_are_read_as_lines(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path, name_en: str
) -> None:
    text = f"unit_id,name_zh,name_en\rU2,化学所,{name_en}\rU3,生物所,\r"
    path = inbox / "units.csv"
    path.write_bytes(text.encode("gb18030"))
    report = load_accepted(cli, path)
    assert file_report(report, "units.csv")["rows"] == 2
    assert not file_report(report, "units.csv")["warnings"]
    rows = query(data_dir, "SELECT name_en FROM units WHERE unit_id IN ('U2', 'U3') ORDER BY 1")
    assert rows == [(name_en.strip('"'),), (None,)]


def test_unclosed_quote_is_reported_at_its_row_instead_of_swallowing_the_file(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    text = 'unit_id,name_zh,name_en\nU2,化学所,"Chemistry\nU3,生物所,Biology\nU4,数学所,Maths\n'
    path = write(inbox, "units.csv", text)
    report = load_rejected(cli, data_dir, before, path)
    assert errors(report, "units.csv") == [(2, "name_en", '"Chemistry', "file.malformed")]


def test_spreadsheet_formulas_are_stored_verbatim(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    text = (
        "unit_id,name_zh,name_en\n"
        'U2,"=HYPERLINK(""http://example.org/u2"",""化学所"")",=1+2\n'
        "U3,@SUM(A1:A3),+cmd|' /C calc'!A0\n"
    )
    load_accepted(cli, write(inbox, "units.csv", text))
    assert query(
        data_dir,
        "SELECT unit_id, name_zh, name_en FROM units WHERE unit_id IN ('U2', 'U3') ORDER BY 1",
    ) == [
        ("U2", '=HYPERLINK("http://example.org/u2","化学所")', "=1+2"),
        ("U3", "@SUM(A1:A3)", "+cmd|' /C calc'!A0"),
    ]


def test_a_one_megabyte_cell_is_rejected_by_the_max_length_rule(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    huge = "长" * (1 << 20)
    path = write(inbox, "units.csv", f"unit_id,name_zh\nU2,化学所\nU3,{huge}\n")
    report = load_rejected(cli, data_dir, before, path)
    assert [e[:2] + e[3:] for e in errors(report, "units.csv")] == [(3, "name_zh", "max_length")]
    assert errors(report, "units.csv")[0][2].startswith("长长长")
    assert "2000" in message(report, "units.csv", 3, "name_zh")


def test_csv_that_is_really_an_xlsx_workbook_is_read_as_one(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    data = xlsx_bytes(
        [
            ["任职编号", "姓名", "单位编号", "组织编号", "职务", "职务级别", "任职开始"],
            ["P1", "王五", "U1", "ORG2", "Secretary-General", "领导职务", dt.date(2021, 3, 4)],
        ]
    )
    path = inbox / "posts.csv"
    path.write_bytes(data)
    report = load_accepted(cli, path)
    assert file_report(report, "posts.csv")["rows"] == 1
    assert query(data_dir, "SELECT post_id, level, start_date FROM posts") == [
        ("P1", "leader", dt.date(2021, 3, 4))
    ]


# ---------------------------------------------------------------------------------------------
# Cell values


def test_unknown_enum_labels_are_named_with_the_allowed_values(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    text = MEMBERSHIPS + (
        "M2,HQ,ORG2,团体会员,,有效,2021-01-01,,,\n"
        "M3,HQ,ORG2,Institutional,,bogus,,,,\n"
        "M4,HQ,ORG2,INDIVIDUAL,张三,申请中,,,,\n"
    )
    report = load_rejected(cli, data_dir, before, write(inbox, "memberships.csv", text))
    assert errors(report, "memberships.csv") == [
        (2, "member_type", "团体会员", "enum"),
        (3, "status", "bogus", "enum"),
    ]
    # The labels are listed in the report's language.
    assert "institutional (Institutional)" in message(report, "memberships.csv", 2, "member_type")
    _, zh_report, _ = cli("validate", str(inbox / "memberships.csv"), lang="zh")
    assert "单位会员（institutional）" in message(zh_report, "memberships.csv", 2, "member_type")


def test_impossible_ambiguous_and_datetime_dates_are_refused_never_guessed(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    text = MEMBERSHIPS + (
        "M2,HQ,ORG2,institutional,,active,2021-02-30,,,\n"
        "M3,HQ,ORG2,institutional,,active,03/04/2021,,,\n"
        "M4,HQ,ORG2,institutional,,active,2021-03-04T10:00:00,,,\n"
        "M5,HQ,ORG2,institutional,,active,2021-03-04 10:00,,,\n"
        "M6,HQ,ORG2,institutional,,active,2021年3月1日,2021/3/4,,\n"
        "M7,HQ,ORG2,institutional,,active,0000-01-01,,,\n"
    )
    report = load_rejected(cli, data_dir, before, write(inbox, "memberships.csv", text))
    assert errors(report, "memberships.csv") == [
        (2, "start_date", "2021-02-30", "type.date"),
        (3, "start_date", "03/04/2021", "type.date"),
        (4, "start_date", "2021-03-04T10:00:00", "type.date"),
        (5, "start_date", "2021-03-04 10:00", "type.date"),
        (7, "start_date", "0000-01-01", "type.date"),
    ]
    assert "YYYY-MM-DD" in message(report, "memberships.csv", 3, "start_date")


def test_duplicate_ids_within_a_file_are_both_reported(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    text = MEMBERSHIPS + (
        "M7,HQ,ORG2,institutional,,intended,,,,\n"
        "M8,HQ,ORG2,institutional,,intended,,,,\n"
        "M7,U1,ORG2,institutional,,applying,,,,\n"
    )
    report = load_rejected(cli, data_dir, before, write(inbox, "memberships.csv", text))
    assert errors(report, "memberships.csv") == [
        (2, "membership_id", "M7", "unique"),
        (4, "membership_id", "M7", "unique"),
    ]


def test_an_id_given_in_two_files_of_one_batch_is_reported_in_the_later_file(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    first = write(
        inbox, "memberships_a.csv", MEMBERSHIPS + "M7,HQ,ORG2,institutional,,intended,,,,\n"
    )
    second = write(
        inbox,
        "memberships_b.csv",
        MEMBERSHIPS
        + "M8,HQ,ORG2,institutional,,intended,,,,\nM7,U1,ORG2,institutional,,intended,,,,\n",
    )
    report = load_rejected(cli, data_dir, before, first, second)
    assert errors(report, "memberships_a.csv") == []
    assert errors(report, "memberships_b.csv") == [(3, "membership_id", "M7", "unique_batch")]
    assert "memberships_a.csv" in message(report, "memberships_b.csv", 3, "membership_id")


def test_dangling_references_to_the_warehouse_and_within_the_batch(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    units = write(
        inbox, "units.csv", "unit_id,name_zh,parent_unit_id\nU2,化学所,U9\nU3,生物所,U2\n"
    )
    memberships = write(
        inbox,
        "memberships.csv",
        MEMBERSHIPS
        + "M7,NOPE,ORG1,institutional,,intended,,,,\n"
        + "M8,U3,ORG9,institutional,,intended,,,,\n"
        + "M9,U2,ORG2,institutional,,intended,,,,\n",
    )
    report = load_rejected(cli, data_dir, before, units, memberships)
    assert errors(report, "units.csv") == [(2, "parent_unit_id", "U9", "fk")]
    assert errors(report, "memberships.csv") == [
        (2, "unit_id", "NOPE", "fk"),
        (3, "org_id", "ORG9", "fk"),
    ]
    assert "organizations" in message(report, "memberships.csv", 3, "org_id")


def test_batch_adding_an_organization_and_records_referring_to_it_is_accepted(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    orgs = write(
        inbox, "organizations.csv", "org_id,name_en,scope,hq_country\nORG3,New Alliance,专业性,de\n"
    )
    members = write(inbox, "memberships.csv", MEMBERSHIPS + "M7,U1,ORG3,单位会员,,意向,,,,\n")
    posts = write(inbox, "posts.csv", POSTS + "P1,王五,U1,ORG3,理事,理事,2024-01-01,\n")
    load_accepted(cli, posts, members, orgs)  # given in the wrong order on purpose
    assert query(
        data_dir, "SELECT org_id, scope, hq_country FROM organizations WHERE org_id = 'ORG3'"
    ) == [("ORG3", "specialized", "DE")]
    assert query(data_dir, "SELECT membership_id, org_id FROM memberships ORDER BY 1") == [
        ("M1", "ORG1"),
        ("M7", "ORG3"),
    ]
    assert query(data_dir, "SELECT post_id, org_id FROM posts") == [("P1", "ORG3")]


def test_cycles_in_the_unit_tree_are_reported_on_every_unit_in_them(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    text = (
        "unit_id,name_zh,parent_unit_id\n"
        "A,甲所,B\n"
        "B,乙所,A\n"
        "C,丙所,C\n"
        "HQ,本院,U1\n"  # U1's parent is HQ in the warehouse
        "D,丁所,A\n"  # hangs from the cycle but is not in it
    )
    report = load_rejected(cli, data_dir, before, write(inbox, "units.csv", text))
    found = errors(report, "units.csv")
    assert [(row, col, rule) for row, col, _, rule in found] == [
        (2, "parent_unit_id", "cycle"),
        (3, "parent_unit_id", "cycle"),
        (4, "parent_unit_id", "cycle"),
        (5, "parent_unit_id", "cycle"),
    ]
    assert found[0][2] == found[1][2] and found[0][2] in ("A → B → A", "B → A → B")
    assert found[2][2] == "C → C"
    assert found[3][2] == "HQ → U1 → HQ"


def test_conditional_requirements(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    members = write(
        inbox,
        "memberships.csv",
        MEMBERSHIPS
        + "M7,HQ,ORG2,individual,,intended,,,,\n"
        + "M8,HQ,ORG2,institutional,,active,,,,\n"
        + "M9,HQ,ORG2,institutional,,intended,,,100,\n"
        + "M10,HQ,ORG2,individual,李四,withdrawn,2020-01-01,2021-01-01,100,usd\n",
    )
    offices = write(
        inbox,
        "offices.csv",
        OFFICES
        + "F1,ORG1,HQ,branch,北京,CN,closed,2020-01-01,\n"
        + "F2,ORG1,HQ,秘书处,北京,CN,established,,\n"
        + "F3,ORG1,HQ,secretariat,北京,CN,negotiating,,\n",
    )
    report = load_rejected(cli, data_dir, before, members, offices)
    assert errors(report, "memberships.csv") == [
        (2, "person_name", None, "required_when"),
        (3, "start_date", None, "required_when"),
        (4, "currency", None, "required_when"),
    ]
    assert errors(report, "offices.csv") == [
        (2, "closed_date", None, "required_when"),
        (3, "established_date", None, "required_when"),
    ]
    assert "member_type is individual" in message(report, "memberships.csv", 2, "person_name")


def test_end_before_start_is_reported_with_the_value_as_typed(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    members = write(
        inbox,
        "memberships.csv",
        MEMBERSHIPS
        + "M7,HQ,ORG2,institutional,,lapsed,2021-01-01,2020-12-31,,\n"
        + "M8,HQ,ORG2,institutional,,lapsed,2021-01-01,2021-01-01,,\n",
    )
    posts = write(
        inbox, "posts.csv", POSTS + "P1,王五,U1,ORG2,理事,council,2022-05-01,2022年4月30日\n"
    )
    offices = write(
        inbox, "offices.csv", OFFICES + "F1,ORG1,HQ,branch,北京,CN,closed,2020-06-01,2020.5.31\n"
    )
    report = load_rejected(cli, data_dir, before, members, posts, offices)
    assert errors(report, "memberships.csv") == [(2, "end_date", "2020-12-31", "date_order")]
    assert errors(report, "posts.csv") == [(2, "end_date", "2022年4月30日", "date_order")]
    assert errors(report, "offices.csv") == [(2, "closed_date", "2020.5.31", "date_order")]


def test_malformed_ids(cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path) -> None:
    # Ids as analysts write them (spaces, &, ', Chinese) are ids; too long, or holding a control
    # character, they are not.
    text = MEMBERSHIPS + "".join(
        f"{mid},HQ,ORG2,institutional,,intended,,,,\n"
        for mid in ("M 7", "X" * 65, "会员8", "Y" * 64, "m.9_a-b", "A&B's 会员", "M\t10")
    )
    report = load_rejected(cli, data_dir, before, write(inbox, "memberships.csv", text))
    assert errors(report, "memberships.csv") == [
        (3, "membership_id", "X" * 65, "id_format"),
        (8, "membership_id", "M\t10", "id_format"),
    ]


def test_bad_country_currency_ror_id_and_future_founding_year(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    this_year = clock.today().year
    orgs = write(
        inbox,
        "organizations.csv",
        "org_id,name_en,scope,hq_country,ror_id,founded_year\n"
        f"O1,Alpha,specialized,China,https://ror.org/05dxps055,{this_year}\n"
        "O2,Beta,specialized,fr,05abcde12,1800\n"
        f"O3,Gamma,specialized,US,05ABCDE12,{this_year + 1}\n"
        "O4,Delta,specialized,XX,https://ror.org/05abcde12,\n"
        "O5,Epsilon,specialized,,not-a-ror,\n",
    )
    members = write(
        inbox,
        "memberships.csv",
        MEMBERSHIPS
        + "M7,HQ,ORG2,institutional,,intended,,,300,元宝\n"
        + "M8,HQ,ORG2,institutional,,intended,,,300,usd\n"
        + "M9,HQ,ORG2,institutional,,intended,,,300,RMB\n",
    )
    report = load_rejected(cli, data_dir, before, orgs, members)
    # China is a country's name (a note, not an error); a ROR id's checksum is verified, with
    # or without its https://ror.org/ prefix; a value that is no ROR id at all fails its pattern.
    assert errors(report, "organizations.csv") == [
        (3, "ror_id", "05abcde12", "check.ror"),
        (4, "founded_year", str(this_year + 1), "range"),
        (4, "ror_id", "05ABCDE12", "check.ror"),
        (5, "hq_country", "XX", "country"),
        (5, "ror_id", "https://ror.org/05abcde12", "check.ror"),
        (6, "ror_id", "not-a-ror", "pattern"),
    ]
    (orgs_report,) = [f for f in report["files"] if f["path"].endswith("organizations.csv")]
    assert [(n["row"], n["column"], n["value"]) for n in orgs_report["notes"]] == [
        (2, "hq_country", "China")
    ]
    assert [w["rule"] for w in orgs_report["warnings"]] == ["hq_country_missing"]
    assert errors(report, "memberships.csv") == [(2, "currency", "元宝", "currency")]


def test_negative_numbers(cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path) -> None:
    members = write(
        inbox, "memberships.csv", MEMBERSHIPS + "M7,HQ,ORG2,institutional,,intended,,,-5,CNY\n"
    )
    conferences = write(
        inbox,
        "conferences.csv",
        "conference_id,unit_id,title,role,start_date,country,staff_attending,countries_total\n"
        "C1,HQ,年会,attended,2024-05-01,CN,-1,0\n"
        "C2,HQ,年会,attended,2024-05-01,CN,0,1\n",
    )
    safeguards = write(
        inbox,
        "safeguards.csv",
        "measure_id,category,title,status,amount_cny,people\nS1,funding,专项经费,planned,-100.5,-2\n",
    )
    report = load_rejected(cli, data_dir, before, members, conferences, safeguards)
    assert errors(report, "memberships.csv") == [(2, "annual_fee", "-5", "range")]
    assert errors(report, "conferences.csv") == [
        (2, "countries_total", "0", "range"),
        (2, "staff_attending", "-1", "range"),
    ]
    assert errors(report, "safeguards.csv") == [
        (2, "amount_cny", "-100.5", "range"),
        (2, "people", "-2", "range"),
    ]


def test_targets_with_the_same_key_and_an_empty_unit_id_are_duplicates(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    text = (
        "year,end_year,indicator,unit_id,target\n"
        "2025,,memberships_active,,10\n"
        "2025,2025,有效会员数,,12\n"  # the same: its former Chinese name, the year spelled out
        "2025,,memberships_active,U1,5\n"
        "2026,,memberships_active,,10\n"
        "2025,2027,memberships_active,,10\n"  # a period: another target
    )
    report = load_rejected(cli, data_dir, before, write(inbox, "targets.csv", text))
    key = "year,end_year,indicator,unit_id"
    assert errors(report, "targets.csv") == [
        (2, key, "2025 /  / memberships_active / ", "unique_key"),
        (3, key, "2025 / 2025 / 有效会员数 / ", "unique_key"),
    ]


# ---------------------------------------------------------------------------------------------
# The batch as a whole


def test_one_bad_file_rejects_the_whole_batch_into_quarantine_and_history(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    good = write(inbox, "units.csv", "unit_id,name_zh,parent_unit_id\nU2,化学所,HQ\n")
    bad = write(
        inbox, "memberships.csv", MEMBERSHIPS + "M7,U2,ORG2,institutional,,active,03/04/2021,,,\n"
    )
    report = load_rejected(cli, data_dir, before, inbox)
    assert errors(report, "units.csv") == []
    assert errors(report, "memberships.csv") == [(2, "start_date", "03/04/2021", "type.date")]
    assert query(data_dir, "SELECT count(*) FROM units WHERE unit_id = 'U2'") == [(0,)]

    folder = data_dir.quarantine / report["run_id"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "memberships.csv", "report.en.json", "report.zh.json", "units.csv"
    ]  # fmt: skip
    assert (folder / "units.csv").read_bytes() == good.read_bytes()
    assert (folder / "memberships.csv").read_bytes() == bad.read_bytes()
    en = json.loads((folder / "report.en.json").read_text(encoding="utf-8"))
    zh = json.loads((folder / "report.zh.json").read_text(encoding="utf-8"))
    assert en["status"] == zh["status"] == "rejected"
    assert (
        errors(en, "memberships.csv")
        == errors(zh, "memberships.csv")
        == errors(report, "memberships.csv")
    )
    assert "is not an accepted date" in message(en, "memberships.csv", 2, "start_date")
    assert "不是可接受的日期" in message(zh, "memberships.csv", 2, "start_date")

    code, history, _ = cli("history")
    assert code == 0
    latest = history["runs"][0]
    assert (latest["run_id"], latest["status"], latest["error_count"]) == (
        report["run_id"], "rejected", 1
    )  # fmt: skip
    assert sorted((f["name"], f["status"], f["stored_path"]) for f in latest["files"]) == [
        ("memberships.csv", "rejected", f"quarantine/{report['run_id']}/memberships.csv"),
        ("units.csv", "rejected", f"quarantine/{report['run_id']}/units.csv"),
    ]
    assert [r["status"] for r in history["runs"]] == ["rejected", "accepted"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", "“2021-02-30”不是可接受的日期"), ("en", "'2021-02-30' is not an accepted date")],
)
def test_report_message_is_in_the_chosen_language(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path, lang: str, expected: str
) -> None:
    path = write(
        inbox, "memberships.csv", MEMBERSHIPS + "M7,HQ,ORG2,institutional,,active,2021-02-30,,,\n"
    )
    report = load_rejected(cli, data_dir, before, path, lang=lang)
    assert message(report, "memberships.csv", 2, "start_date").startswith(expected)


def test_nonexistent_path_is_a_usage_error(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    missing = inbox / "no_such_units.csv"
    code, report, err = cli("load", str(missing))
    assert code == 2
    assert (report["status"], report["rule"]) == ("error", "file.not_found")
    assert str(missing) in report["message"] and str(missing) in err
    assert snapshot(data_dir) == before
    assert [r["status"] for r in cli("history")[1]["runs"]] == ["accepted"]


def test_unknown_kind_is_a_usage_error(
    cli: Cli, data_dir: DataDir, before: dict[str, Any], inbox: Path
) -> None:
    path = write(inbox, "records.csv", UNITS_GOOD)
    code, report, err = cli("load", str(path), "--kind", "unicorns")
    assert (code, report) == (2, None)
    assert "unicorns" in err and "units" in err
    assert snapshot(data_dir) == before
    assert [r["status"] for r in cli("history")[1]["runs"]] == ["accepted"]
