"""Real analysts' files, read as the data contract's file-level rules say (`etl.reader.read`).

Every habit is tried in each format an analyst saves: CSV in UTF-8, UTF-8 with BOM and GB18030,
and xlsx. The xlsx files are written with openpyxl; openpyxl writes a formula without the value
Excel would compute and save with it, so `cached` puts that value into the sheet XML (`<v>`)
as Excel does, which is how a workbook saved by Excel arrives.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from etl import layout, xlsx
from etl.cli import main
from etl.config import DataDir
from etl.reader import ROW_COLUMN, RawTable, read
from tests.helpers import query, write

FORMATS = ["utf-8", "utf-8-sig", "gb18030", "xlsx"]
Rows = list[list[Any]]


def csv_bytes(rows: Rows, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [["" if v is None else str(v) for v in r] for r in rows]
    )
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: Rows, merge: str | None = None) -> bytes:
    """A workbook holding `rows` from A1 (None = an empty cell; [] = an empty row)."""
    book = Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_part(data: bytes, name: str, change: Any) -> bytes:
    """The workbook with one part's text changed (`change(text) -> text`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == name:
                part = change(part.decode("utf-8")).encode("utf-8")
            dst.writestr(info, part, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def cached(data: bytes, values: dict[str, str]) -> bytes:
    """Give formula cells the value Excel saves with them: openpyxl writes `<f>…</f><v />`;
    Excel writes `<f>…</f><v>30</v>` (and `t="str"` for a text result)."""

    def change(text: str) -> str:
        for ref, value in values.items():
            kind = "" if re.fullmatch(r"-?[\d.]+", value) else ' t="str"'
            pattern = rf'<c r="{ref}"([^>]*)>(<f>[^<]*</f>)(?:<v ?/>|<v></v>)'
            text, n = re.subn(pattern, rf'<c r="{ref}"\1{kind}>\2<v>{value}</v>', text)
            assert n == 1, ref
        return text

    return rewrite_part(data, "xl/worksheets/sheet1.xml", change)


def encode(rows: Rows, fmt: str) -> bytes:
    return xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows, fmt)


def read_rows(name: str, rows: Rows, fmt: str, kind: str | None = None) -> RawTable:
    suffix = ".xlsx" if fmt == "xlsx" else ".csv"
    return read(Path(name + suffix), kind, data=encode(rows, fmt))


def records(raw: RawTable, *columns: str) -> list[tuple[Any, ...]]:
    assert raw.frame is not None, raw.errors
    return raw.frame.select(ROW_COLUMN, *columns).rows()


def rules(problems: list[Any]) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.rule) for p in problems]


POSTS_ZH = ["任职编号", "姓名", "单位编号", "组织编号", "职务", "职务级别", "任职开始"]
POST = ["P1", "王五", "U1", "ORG2", "秘书长", "领导职务", "2021-03-04"]
CONFERENCES = ["conference_id", "unit_id", "title", "role", "start_date", "country", "备注"]


# ---------------------------------------------------------------------------------------------
# The record kind


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("stem", "kind"),
    [("memberships_2026Q1", "memberships"), ("2026-国际会议", "conferences"), ("任职", "posts")],
)
def test_a_file_name_naming_one_kind_gives_the_kind(fmt: str, stem: str, kind: str) -> None:
    raw = read_rows(stem, [["编号"], ["x"]], fmt)
    assert raw.kind is not None and raw.kind.name == kind


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_name_naming_two_kinds_takes_the_kind_from_the_header(fmt: str) -> None:
    # 国际组织任职统计表 names 国际组织 (organizations) and 任职 (posts): the header decides.
    raw = read_rows("国际组织任职统计表", [["2023年国际组织任职统计表"], POSTS_ZH, POST], fmt)
    assert raw.kind is not None and raw.kind.name == "posts"
    assert records(raw, "post_id", "position") == [(3, "P1", "秘书长")]
    assert [(n.rule, n.row, n.value) for n in raw.notes] == [("read.kind_from_header", 2, "posts")]
    assert "posts" in raw.notes[0].message("en") and "任职" in raw.notes[0].message("zh")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_header_fitting_two_kinds_equally_is_ambiguous(fmt: str) -> None:
    # `title` is a required column of conferences and of safeguards alike.
    raw = read_rows("统计表", [["title", "备注"], ["年会", "x"]], fmt)
    assert raw.frame is None and raw.kind is None
    (error,) = raw.errors
    assert error.rule == "file.kind_ambiguous"
    text = error.message("en")
    assert "conferences" in text and "safeguards" in text and "--kind" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_kind_option_forces_the_kind(fmt: str) -> None:
    raw = read_rows("units", [POSTS_ZH, POST], fmt, kind="posts")
    assert raw.kind is not None and raw.kind.name == "posts" and raw.rows == 1


def test_the_best_matching_kind_wins_over_kinds_sharing_some_columns() -> None:
    # A posts header also names memberships' unit_id, org_id, person_name and start_date.
    cells: list[str | None] = [
        "post_id", "person_name", "unit_id", "org_id", "position", "level", "start_date"
    ]  # fmt: skip
    header = layout.detect_kind("x.csv", [(1, cells)])
    assert (header.kind.name, header.row, header.required, header.matched) == ("posts", 1, 7, 7)


# ---------------------------------------------------------------------------------------------
# The header row


TITLED: Rows = [
    ["2023年国际会议统计表", None, None],
    [],
    ["填报单位：物理所", None, "单位：人"],
    [" Conference_ID ", "单位编号", "会议\n名称", "ROLE", "开始日期", "国家"],
    ["C1", "HQ", "年会", "attended", "2024-05-01", "CN"],
    [],
    ["C2", "HQ", "论坛", "co_hosted", "2024-06-01", "FR"],
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_title_rows_above_the_header_are_skipped_and_rows_keep_the_sheets_numbers(
    fmt: str,
) -> None:
    raw = read_rows("conferences", TITLED, fmt)
    assert raw.errors == [] and raw.warnings == []
    assert records(raw, "conference_id", "title") == [(5, "C1", "年会"), (7, "C2", "论坛")]
    assert [(p.rule, p.row, p.value) for p in raw.skipped] == [
        ("skip.title", 1, "2023年国际会议统计表"),
        ("skip.title", 3, "填报单位：物理所 单位：人"),
    ]
    assert raw.headers["conference_id"] == "Conference_ID"
    assert raw.headers["title"] == "会议\n名称"  # as the file wrote it (trimmed)
    assert "2023年国际会议统计表" in raw.skipped[0].message("zh")


def test_a_merged_title_cell_is_a_title_row() -> None:
    rows: Rows = [
        ["2023年国际会议统计表"],
        CONFERENCES[:6],
        ["C1", "HQ", "年会", "attended", "2024-05-01", "CN"],
    ]
    data = xlsx_bytes(rows, merge="A1:F1")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert b'<mergeCell ref="A1:F1"' in book.read("xl/worksheets/sheet1.xml")
    raw = read(Path("conferences.xlsx"), data=data)
    assert [(p.rule, p.row) for p in raw.skipped] == [("skip.title", 1)]
    assert records(raw, "conference_id") == [(3, "C1")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_header_in_the_first_20_rows_is_refused_naming_the_expected_columns(fmt: str) -> None:
    rows: Rows = [[f"说明第{i}行"] for i in range(1, 21)] + [
        ["unit_id", "name_zh"],
        ["U2", "化学所"],
    ]
    raw = read_rows("units", rows, fmt)
    assert raw.frame is None
    (error,) = raw.errors
    assert error.rule == "file.no_header"
    assert "20" in error.message("en") and "unit_id/单位编号" in error.message("en")
    # The same header one row higher is found.
    assert read_rows("units", rows[1:], fmt).rows == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_required_column_names_the_header_row(fmt: str) -> None:
    rows: Rows = [["会员统计"], [], ["membership_id", "unit_id", "org_id", "member_type"]]
    raw = read_rows("memberships", [*rows, ["M1", "HQ", "ORG1", "individual"]], fmt)
    assert rules(raw.errors) == [(3, "status", "file.missing_column")]
    assert "row 3" in raw.errors[0].message("en") and "第 3 行" in raw.errors[0].message("zh")


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_columns_warn_and_blank_trailing_columns_are_silent(fmt: str) -> None:
    rows: Rows = [["unit_id", "name_zh", "备注", None, None], ["U2", "化学所", "新", None, None]]
    raw = read_rows("units", rows, fmt)
    assert [(w.rule, w.row, w.value) for w in raw.warnings] == [("file.unknown_column", 1, "备注")]
    assert records(raw, "unit_id", "name_zh") == [(2, "U2", "化学所")]


# ---------------------------------------------------------------------------------------------
# Totals and footers


CONFERENCE_ROWS: Rows = [
    ["2023年国际会议统计表"],
    [*CONFERENCES, "本院参会人数"],
    ["C1", "HQ", "Total Synthesis Symposium", "attended", "2024-05-01", "CN", None, "3"],
    ["C2", "HQ", "Total", "attended", "2024-05-02", "CN", None, "2"],
    ["C3", "HQ", "年会", "co_hosted", "2024-05-03", "CN", "合计", "4"],
    [" 合 计 ", None, None, None, None, None, None, "9"],
    [],
    ["填表人：张三", None, "审核人: 李四", None, None, None, None, None],
    ["注：人数含线上参会"],
    ["说明:", None, None, None, None, None, None, "-"],
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_totals_and_footers_are_skipped_with_a_warning_and_records_never_are(fmt: str) -> None:
    raw = read_rows("conferences", CONFERENCE_ROWS, fmt)
    assert raw.errors == []
    assert records(raw, "conference_id", "title") == [
        (3, "C1", "Total Synthesis Symposium"),
        (4, "C2", "Total"),
        (5, "C3", "年会"),
    ]
    expected = [
        ("skip.total", 6, "合 计"),
        ("skip.footer", 8, "填表人：张三"),
        ("skip.footer", 9, "注：人数含线上参会"),
        ("skip.footer", 10, "说明:"),
    ]
    assert [(p.rule, p.row, p.value) for p in raw.skipped if p.rule != "skip.title"] == expected
    assert [(p.rule, p.row, p.value) for p in raw.warnings if p.rule != "file.unknown_column"] == (
        expected
    )
    total = next(p for p in raw.skipped if p.rule == "skip.total")
    assert "Total row" in total.message("en") and "合计行" in total.message("zh")


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["合计", None, None, "12", "1,234.5"], "skip.total"),
        ([None, "Total:", None, "12", None], "skip.total"),
        (["Subtotal", "—", None, None, None], "skip.total"),
        (["填表人：张三", None, "审核人：李四", None, None], "skip.footer"),
        (["Prepared by: Li", None, None, None, None], "skip.footer"),
        # A record that happens to read like one: its other required cells hold text.
        (["Total", "HQ", "年会", None, None], None),
        (["合计", None, "Total Synthesis Symposium", None, None], None),
        (["注：", "HQ", None, None, None], None),
        (["Total Synthesis Symposium", None, None, None, None], None),
        (["总计划", None, None, None, None], None),
        ([None, None, None, None, None], None),
    ],
)
def test_the_total_and_footer_rule(cells: list[str | None], expected: str | None) -> None:
    assert layout.no_record(cells, [0, 1, 2]) == expected


# ---------------------------------------------------------------------------------------------
# Cells and row numbers


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    # A quoted cell holding a line break is one row in Excel and WPS; a blank line is a row.
    text = 'unit_id,name_zh,name_en\nU1,物理所,"Physics\nInstitute"\n\nU2,化学所,Chemistry\n'
    raw = read(Path("units.csv"), data=text.encode("gb18030"))
    assert records(raw, "unit_id", "name_en") == [
        (2, "U1", "Physics\nInstitute"),
        (4, "U2", "Chemistry"),
    ]


def test_xlsx_cells_read_as_the_text_a_csv_would_hold() -> None:
    rows: Rows = [
        ["unit_id", "name_zh", "name_en", "parent_unit_id"],
        ["U1", " 物理所 ", 12.0, dt.date(2022, 9, 12)],
        [],
        [],
        ["U2", "化学所", 44816, True],
        ["U3", "   ", 0.1, dt.datetime(2021, 3, 4, 0, 0)],
    ]
    raw = read(Path("units.xlsx"), data=xlsx_bytes(rows))
    assert records(raw, "unit_id", "name_zh", "name_en", "parent_unit_id") == [
        (2, "U1", "物理所", "12", "2022-09-12"),
        (5, "U2", "化学所", "44816", "TRUE"),
        (6, "U3", None, "0.1", "2021-03-04"),
    ]


def test_xlsx_formulas_give_the_value_excel_saved_and_never_their_text() -> None:
    rows: Rows = [
        ["conference_id", "unit_id", "title", "role", "start_date", "country", "staff_attending"],
        ["C1", "HQ", '=CONCAT("年","会")', "attended", "2024-05-01", "CN", "=1+2"],
        ["C2", "HQ", "论坛", "attended", "2024-05-01", "CN", 4],
        ["合计", None, None, None, None, None, "=SUM(G2:G3)"],  # never computed: not loaded
    ]
    data = cached(xlsx_bytes(rows), {"C2": "年会", "G2": "3"})
    raw = read(Path("conferences.xlsx"), data=data)
    assert raw.errors == []
    assert records(raw, "title", "staff_attending") == [(2, "年会", "3"), (3, "论坛", "4")]
    assert [(p.rule, p.row) for p in raw.skipped] == [("skip.total", 4)]


def test_an_xlsx_formula_saved_without_its_value_is_an_error_naming_row_and_column() -> None:
    rows: Rows = [
        ["unit_id", "name_zh", "name_en"],
        ["U1", "物理所", "=UPPER(B2)"],
        ["U2", "化学所", "=UPPER(B3)"],
    ]
    raw = read(Path("units.xlsx"), data=cached(xlsx_bytes(rows), {"C2": "PHYSICS"}))
    assert rules(raw.errors) == [(3, "name_en", "file.formula_no_value")]
    assert "open and save the file in Excel" in raw.errors[0].message("en")
    assert "请用 Excel 打开并保存该文件" in raw.errors[0].message("zh")
    assert "C" in raw.errors[0].message("en")
    assert raw.frame is not None and "=UPPER(B3)" not in raw.frame["name_en"].to_list()


def test_csv_text_starting_with_an_equals_sign_is_text() -> None:
    raw = read(Path("units.csv"), data="unit_id,name_zh\nU1,=1+2\n".encode("utf-8-sig"))
    assert records(raw, "name_zh") == [(2, "=1+2")]


# ---------------------------------------------------------------------------------------------
# Workbooks that are refused


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(name, content)
    return out.getvalue()


UNITS_BOOK = xlsx_bytes([["unit_id", "name_zh"], ["U1", "物理所"]])


@pytest.mark.parametrize(
    ("part", "rule"),
    [
        ("xl/vbaProject.bin", "file.xlsx_macros"),
        ("xl/externalLinks/externalLink1.xml", "file.xlsx_external_links"),
        ("xl/externalLinks/_rels/externalLink1.xml.rels", "file.xlsx_external_links"),
    ],
)
def test_workbooks_with_macros_or_external_links_are_refused(part: str, rule: str) -> None:
    assert read(Path("units.xlsx"), data=UNITS_BOOK).rows == 1
    raw = read(Path("units.xlsx"), data=with_part(UNITS_BOOK, part, b"\x00" * 64))
    assert raw.frame is None and [e.rule for e in raw.errors] == [rule]
    assert raw.errors[0].message("zh") and raw.errors[0].message("en")


def claimed_dimension(data: bytes, extra_cell: str = "") -> bytes:
    """The dimension bomb: the sheet claims all of Excel's 16384 × 1048576 cells."""

    def change(text: str) -> str:
        text = re.sub(r'<dimension ref="[^"]*" ?/>', '<dimension ref="A1:XFD1048576"/>', text)
        return text.replace("</sheetData>", f"{extra_cell}</sheetData>")

    return rewrite_part(data, "xl/worksheets/sheet1.xml", change)


@pytest.mark.parametrize(
    ("limit", "value", "rows", "rule"),
    [
        ("MAX_ROWS", 3, [["unit_id", "name_zh"], *[[f"U{i}", "所"] for i in range(3)]], "rows"),
        ("MAX_COLUMNS", 3, [["unit_id", "name_zh", None, "x"], ["U1", "所"]], "columns"),
        ("MAX_CELLS", 5, [["unit_id", "name_zh"], *[[f"U{i}", "所"] for i in range(2)]], "cells"),
    ],
)
def test_sheets_beyond_the_limits_are_refused_naming_the_limit(
    monkeypatch: pytest.MonkeyPatch, limit: str, value: int, rows: Rows, rule: str
) -> None:
    assert read(Path("units.xlsx"), data=xlsx_bytes(rows)).errors == []
    monkeypatch.setattr(xlsx, limit, value)
    raw = read(Path("units.xlsx"), data=xlsx_bytes(rows))
    assert [e.rule for e in raw.errors] == [f"file.too_large.{rule}"]
    assert f"{value:,}" in raw.errors[0].message("en")


# Bombs, hand-made: the deflate stream of one block of rows is repeated (each block ends with a
# full flush, so it refers to nothing before it), which makes a gigabyte of XML in a megabyte.

SHEET_HEAD = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<dimension ref="A1:XFD1048576"/><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
BLOCK = (b'<row><c t="inlineStr"><is><t>bomb</t></is></c></row>' * 20000)[: 2**20]


def deflated_bomb(blocks: int) -> tuple[bytes, int, int]:
    """(raw deflate data, CRC-32, size) of the sheet XML: SHEET_HEAD, BLOCK × blocks, tail."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(SHEET_HEAD) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(BLOCK) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(SHEET_TAIL) + compressor.flush()
    crc = zlib.crc32(SHEET_HEAD)
    for _ in range(blocks):
        crc = zlib.crc32(BLOCK, crc)
    crc = zlib.crc32(SHEET_TAIL, crc)
    size = len(SHEET_HEAD) + len(BLOCK) * blocks + len(SHEET_TAIL)
    return head + block * blocks + tail, crc, size


def zip_with_raw_member(parts: dict[str, bytes], name: str, raw: tuple[bytes, int, int]) -> bytes:
    """A zip of `parts` (deflated here) and `name`, whose deflate data, CRC and size are given
    (what zipfile cannot write). Local headers, then the central directory, then its end."""
    entries = [(n, zlib.compressobj(9, zlib.DEFLATED, -15), data) for n, data in parts.items()]
    members = [
        (n.encode(), c.compress(d) + c.flush(), zlib.crc32(d), len(d)) for n, c, d in entries
    ]
    members.append((name.encode(), *raw))
    out = io.BytesIO()
    central = io.BytesIO()
    for filename, data, crc, size in members:
        offset = out.tell()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(filename))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + filename + data)
        central.write(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset)
            + filename
        )
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                    len(directory), start, 0)
    )  # fmt: skip
    return out.getvalue()


def bomb_workbook(blocks: int, claimed_size: int | None = None) -> bytes:
    with zipfile.ZipFile(io.BytesIO(UNITS_BOOK)) as book:
        parts = {n: book.read(n) for n in book.namelist() if n != "xl/worksheets/sheet1.xml"}
    data, crc, size = deflated_bomb(blocks)
    return zip_with_raw_member(parts, "xl/worksheets/sheet1.xml", (data, crc, claimed_size or size))


def test_the_hand_made_bomb_is_a_real_workbook() -> None:
    """A small one inflates to exactly the XML it claims."""
    data = bomb_workbook(1)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        xml = book.read("xl/worksheets/sheet1.xml")
        assert book.testzip() is None  # every CRC checks out
    assert xml == SHEET_HEAD + BLOCK + SHEET_TAIL


SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "ha">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>'
    "</sheetData></worksheet>"
)
# The peak is this process's own high-water mark (VmHWM): getrusage's ru_maxrss survives exec,
# so a child started by a large test process would report its parent's size.
MEASURE = """
import json, sys
from pathlib import Path
from etl.reader import read
table = read(Path(sys.argv[1]))
status = Path("/proc/self/status").read_text()
peak_kb = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
print(json.dumps({
    "rules": [e.rule for e in table.errors],
    "rows": table.rows,
    "peak_mb": peak_kb / 1024,
}))
"""
MEMORY_BOUND_MB = 300


def read_in_child(path: Path) -> dict[str, Any]:
    """Read `path` in a fresh interpreter: its report and its peak memory (resident set)."""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("name", "make", "rules", "rows"),
    [
        # 1.6 KB claiming A1:XFD1048576: the claim is ignored, the two real rows are read.
        ("dimension", lambda: claimed_dimension(UNITS_BOOK), [], 1),
        # … and a real cell at XFD1048576 is beyond the limits, refused without filling the gap.
        (
            "far_cell",
            lambda: claimed_dimension(
                UNITS_BOOK, '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
            ),
            ["file.too_large.rows"],
            0,
        ),
        # About 1 GiB of XML in about a megabyte: refused by its declared size, never inflated.
        ("deflate_1GiB", lambda: bomb_workbook(1024), ["file.too_large.bytes"], 0),
        # 100 MiB, within the size limit, compressed about 1000:1: refused by its ratio.
        ("deflate_100MiB", lambda: bomb_workbook(100), ["file.too_large.ratio"], 0),
        # "Billion laughs": entities nested ten deep; expat refuses the amplification.
        ("entities", lambda: rewrite_part(UNITS_BOOK, SHEET, lambda _: LAUGHS), ["file.xlsx"], 0),
        # 1 GiB declared as 1 KiB: zipfile stops at the declared size and the CRC fails.
        ("lying_size", lambda: bomb_workbook(1024, claimed_size=1024), ["file.xlsx"], 0),
    ],
)
def test_xlsx_bombs_are_read_within_bounded_memory(
    tmp_path: Path, name: str, make: Any, rules: list[str], rows: int
) -> None:
    path = tmp_path / "units.xlsx"
    path.write_bytes(make())
    assert path.stat().st_size < 4 * 2**20
    result = read_in_child(path)
    assert (result["rules"], result["rows"]) == (rules, rows)
    assert result["peak_mb"] < MEMORY_BOUND_MB, result


# ---------------------------------------------------------------------------------------------
# Through the CLI: what the analyst sees in the batch report


def test_a_real_analysts_workbook_loads_and_the_report_names_every_row_skipped(
    data_dir: DataDir, inbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(inbox, "units.csv", "单位编号,单位名称\nHQ,本院\n")
    (inbox / "2023年国际会议统计表.xlsx").write_bytes(xlsx_bytes(CONFERENCE_ROWS, "A1:H1"))
    code = main(["load", str(inbox), "--data-dir", str(data_dir.root), "--json", "--lang", "en"])
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (code, report["status"]) == (0, "accepted"), report
    (book,) = [f for f in report["files"] if f["path"].endswith(".xlsx")]
    assert (book["kind"], book["rows"]) == ("conferences", 3)
    assert [s["row"] for s in book["skipped_rows"]] == [1, 6, 8, 9, 10]
    assert book["skipped_rows"][1]["reason"] == "Total row ('合 计'), skipped, not loaded"
    assert [(w["row"], w["rule"]) for w in book["warnings"]] == [
        (2, "file.unknown_column"),
        (6, "skip.total"),
        (8, "skip.footer"),
        (9, "skip.footer"),
        (10, "skip.footer"),
    ]
    assert query(data_dir, "SELECT conference_id, title FROM conferences ORDER BY 1") == [
        ("C1", "Total Synthesis Symposium"),
        ("C2", "Total"),
        ("C3", "年会"),
    ]
