"""Property tests of stage 1 and 2: `etl.reader.read` and `etl.normalize.normalize`.

(a) Round trip: random valid records of any kind, written as the CSV an analyst's tool would
    write (UTF-8, UTF-8 with BOM or GB18030; canonical or Chinese headers in any order, case and
    padding; every accepted spelling of dates and enums), read back to exactly the normalized
    values with the spreadsheet row numbers.
(b) Robustness: whatever bytes arrive, `read` returns a RawTable (a frame or errors, never an
    exception) and `normalize` never raises on what `read` could read. For quote-heavy CSV text
    the reader agrees with an independent model of lenient CSV parsing.
(c) Dates: every calendar date in every allowed spelling parses to itself; nothing else parses.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
import string
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
import pycountry
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from etl.normalize import POLARS_TYPES, normalize, parse_dates
from etl.reader import ROW_COLUMN, RawTable, read
from etl.schema import KINDS, MAX_DATE_YEAR, MIN_DATE_YEAR, PRECISION_SUFFIX, Column

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

COUNTRIES = sorted(c.alpha_2 for c in pycountry.countries)
CURRENCIES = sorted(c.alpha_3 for c in pycountry.currencies)
ID_CHARS = string.ascii_letters + string.digits + "._-"
# Surrounding whitespace an analyst's tool leaves in a cell (U+3000 is the CJK full-width space).
PADDING = st.text(" \t\u3000", max_size=3)


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# (a) round trip

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
text_char = st.one_of(
    cjk,
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from([",", '"', "\n", "\r\n", " ", "\t", "\u3000", "，", "“", "”", "="]),
    # Any other printable character; control characters are no analyst's text.
    st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn")),
)
free_text = st.lists(text_char, max_size=25).map("".join)
# A required text cell must hold something once trimmed.
filled_text = st.tuples(free_text, cjk, free_text).map("".join)


@st.composite
def random_case(draw: st.DrawFn, word: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if f else c.lower() for c, f in zip(word, flips, strict=True))


def date_spellings(d: dt.date) -> list[str]:
    y, m, day = f"{d.year:04d}", d.month, d.day
    return [
        f"{y}-{m:02d}-{day:02d}",
        f"{y}/{m}/{day}",
        f"{y}/{m:02d}/{day:02d}",
        f"{y}.{m}.{day}",
        f"{y}.{m:02d}.{day:02d}",
        f"{y}年{m}月{day}日",
        f"{y}年{m:02d}月{day:02d}日",
    ]


@st.composite
def cell(draw: st.DrawFn, col: Column) -> tuple[str, Any]:
    """(text as written in the file, the value normalize must produce)."""
    if not col.required and draw(st.integers(0, 3)) == 0:
        blank = draw(PADDING)
        return blank, (col.default if col.default else None)
    pad_left, pad_right = draw(PADDING), draw(PADDING)
    if col.type == "text":
        text = draw(filled_text if col.required else free_text)
        return text, (text.strip() or None)
    if col.type == "id":
        value: Any = draw(st.text(ID_CHARS, min_size=1, max_size=64))
        return pad_left + value + pad_right, value
    if col.type == "enum":
        choice = draw(st.sampled_from(col.enum))
        spelling = draw(st.one_of(random_case(choice.code), st.sampled_from(choice.labels_zh)))
        return pad_left + spelling + pad_right, choice.code
    if col.type == "date":
        value = draw(PLAUSIBLE_DATES)
        return pad_left + draw(st.sampled_from(date_spellings(value))) + pad_right, value
    if col.type == "integer":
        value = draw(st.integers(-(2**31), 2**31 - 1))
        sign = "-" if value < 0 else draw(st.sampled_from(["", "+"]))
        zeros = draw(st.sampled_from(["", "0", "00"]))
        tail = draw(st.sampled_from(["", ".0", ".00"]))
        return f"{pad_left}{sign}{zeros}{abs(value)}{tail}{pad_right}", value
    if col.type == "decimal":
        whole = draw(st.integers(0, 10**12))
        frac = draw(st.sampled_from(["", ".5", ".25", ".05", ".125", "."]))
        sign = draw(st.sampled_from(["", "-", "+"]))
        grouped = draw(st.booleans()) and whole >= 1000 and frac != "."  # 1,234.50 not 1,234.
        digits = f"{whole:,}" if grouped else str(whole)
        return f"{pad_left}{sign}{digits}{frac}{pad_right}", float(f"{sign}{whole}{frac}")
    if col.type in ("country", "currency"):
        code = draw(st.sampled_from(COUNTRIES if col.type == "country" else CURRENCIES))
        return pad_left + draw(random_case(code)) + pad_right, code
    raise AssertionError(f"no strategy for {col.type}")


@st.composite
def header_cell(draw: st.DrawFn, col: Column) -> str:
    spellings = [col.name, col.zh, col.zh.replace("（", "(").replace("）", ")")]
    name = draw(random_case(draw(st.sampled_from(spellings))))
    return draw(PADDING) + name + draw(st.text(" \t", max_size=2))


@st.composite
def csv_file(draw: st.DrawFn) -> tuple[str, str, bytes, list[tuple[int, dict[str, Any]]]]:
    """A valid CSV file of a random kind and what reading and normalizing it must give."""
    kind = draw(st.sampled_from(list(KINDS.values())))
    optional = [c for c in kind.columns if not c.required]
    present = [c for c in kind.columns if c.required] + draw(
        st.lists(st.sampled_from(optional), unique=True) if optional else st.just([])
    )
    present = draw(st.permutations(present))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow([draw(header_cell(c)) for c in present])
    expected: list[tuple[int, dict[str, Any]]] = []
    row = 1
    for _ in range(draw(st.integers(1, 5))):
        for _ in range(draw(st.integers(0, 1))):  # a blank line is still a spreadsheet row
            row += 1
            out.write(draw(st.sampled_from(["", "," * (len(present) - 1)])) + newline)
        row += 1
        cells = {c.name: draw(cell(c)) for c in present}
        writer.writerow([cells[c.name][0] for c in present])
        values = {c.name: (c.default if c.default else None) for c in kind.columns}
        values.update({name: v for name, (_, v) in cells.items()})
        for c in kind.columns:  # an empty cell that means another column's value (end_year)
            if c.default_from and values[c.name] is None:
                values[c.name] = values[c.default_from]
        expected.append((row, values))
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    data = text.encode(encoding)
    # A GB18030 file whose bytes happen to be valid UTF-8 too (e.g. "一" is D2 BB, which is
    # also UTF-8 for "һ") cannot be told apart; the contract's detection tries UTF-8 first.
    assume(encoding != "gb18030" or data == text.encode("utf-8") or not is_utf8(data))
    stem = draw(
        st.sampled_from([kind.name, f"{kind.name}_2026Q1", f"2026-{kind.name}", f"2026年{kind.zh}"])
    )
    return kind.name, f"{stem}.csv", data, expected


@FAST
@given(csv_file())
def test_valid_csv_reads_back_to_the_normalized_values_and_spreadsheet_rows(
    case: tuple[str, str, bytes, list[tuple[int, dict[str, Any]]]],
) -> None:
    kind, name, data, expected = case
    raw = read(Path(name), data=data)
    assert raw.errors == [] and raw.warnings == []
    assert raw.kind is KINDS[kind] and raw.frame is not None
    assert raw.frame[ROW_COLUMN].to_list() == [row for row, _ in expected]
    typed = normalize(raw)
    assert typed.errors == []
    got = typed.frame.to_dicts()
    assert [r.pop(ROW_COLUMN) for r in got] == [row for row, _ in expected]
    # Whole dates are written here: a partial date's precision says so beside it.
    for record in got:
        for col in KINDS[kind].columns:
            if col.partial:
                precision = record.pop(col.name + PRECISION_SUFFIX)
                assert precision == (None if record[col.name] is None else "day")
    assert got == [values for _, values in expected]


# ---------------------------------------------------------------------------------------------
# (b) robustness


def assert_well_formed(raw: RawTable) -> None:
    """What every later stage relies on: a frame of strings, or the reason there is none."""
    assert isinstance(raw, RawTable)
    assert len(raw.sha256) == 64
    if raw.frame is None:
        assert raw.errors, "no frame and no error"
        return
    assert raw.kind is not None
    assert raw.frame.columns == [ROW_COLUMN, *raw.kind.column_names]
    assert all(dtype == pl.String for dtype in raw.frame.drop(ROW_COLUMN).dtypes)
    rows = raw.frame[ROW_COLUMN].to_list()
    assert rows == sorted(set(rows)) and all(r >= 2 for r in rows)
    typed = normalize(raw)
    assert typed.frame.height == raw.frame.height
    for col in raw.kind.columns:
        assert typed.frame[col.name].dtype == POLARS_TYPES[col.type]


NAMES = ["units.csv", "memberships.xlsx", "2026-国际会议.csv", "targets.txt", "posts", "x.csv"]


@FAST
@given(data=st.binary(max_size=3000), name=st.sampled_from(NAMES))
def test_arbitrary_bytes_never_raise(data: bytes, name: str) -> None:
    assert_well_formed(read(Path(name), data=data))


@st.composite
def messy_csv_text(draw: st.DrawFn) -> str:
    """A plausible header of some kind, then rows of junk full of quotes, commas and newlines."""
    kind = draw(st.sampled_from(list(KINDS.values())))
    header_names = draw(
        st.lists(
            st.sampled_from([*kind.column_names, kind.columns[0].zh, "备注", "", " x "]),
            max_size=len(kind.columns) + 2,
        )
    )
    token = st.one_of(
        st.sampled_from(['"', '""', ",", "\n", "\r", "\r\n", " ", "\t", "2021-02-30", "有效"]),
        st.text(max_size=4),
    )
    return ",".join(header_names) + "\n" + "".join(draw(st.lists(token, max_size=40)))


ENCODINGS = [
    "utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "shift_jis", "big5", "cp1252",
    "latin-1",
]  # fmt: skip


@FAST
@given(text=messy_csv_text(), encoding=st.sampled_from(ENCODINGS), name=st.sampled_from(NAMES))
def test_messy_text_in_any_encoding_never_raises(text: str, encoding: str, name: str) -> None:
    assert_well_formed(read(Path(name), data=text.encode(encoding, errors="replace")))


def _xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


VALID_XLSX = _xlsx_bytes([["unit_id", "单位名称"], ["U1", "物理所"], ["U2", dt.date(2021, 3, 4)]])


@settings(max_examples=40, deadline=None)
@given(
    cut=st.integers(0, len(VALID_XLSX)),
    noise=st.binary(max_size=200),
    name=st.sampled_from(["units.xlsx", "units.csv"]),
)
def test_damaged_workbooks_never_raise(cut: int, noise: bytes, name: str) -> None:
    assert_well_formed(read(Path(name), data=VALID_XLSX[:cut] + noise))
    assert_well_formed(read(Path(name), data=b"PK\x03\x04" + noise))


UNITS_HEADER = ["unit_id", "name_zh", "name_en", "parent_unit_id"]


def ends_inside_quotes(text: str) -> bool:
    """Lenient CSV (Python's csv, strict=False): does the text end inside a quoted cell?"""
    state = "start"
    for ch in text:
        if state in ("start", "closing"):
            state = "quoted" if ch == '"' else "start" if ch in ",\r\n" else "plain"
        elif state == "plain" and ch in ",\r\n":
            state = "start"
        elif state == "quoted" and ch == '"':
            state = "closing"  # a closing quote, or the first of an escaped pair
    return state == "quoted"


@MANY
@given(
    body=st.lists(
        st.sampled_from(["a", "中", " ", '"', '""', ",", "\n", "\r\n", 'x"y', "\u3000"]),
        max_size=30,
    ).map("".join)
)
def test_quotes_and_commas_read_as_lenient_csv_or_are_reported(body: str) -> None:
    """The reader (fast Polars path or lenient fallback) agrees with Python's csv module; a
    quote never closed is reported rather than swallowing the rest of the file into one cell."""
    text = ",".join(UNITS_HEADER) + "\n" + body
    raw = read(Path("units.csv"), data=text.encode("utf-8"))
    records = list(csv.reader(io.StringIO(text, newline=""), strict=False))
    if ends_inside_quotes(text):
        assert raw.frame is None
        assert [(e.rule, e.row) for e in raw.errors] == [("file.malformed", len(records))]
        return
    width = len(UNITS_HEADER)
    expected_ragged = [
        (i, len(r))
        for i, r in enumerate(records[1:], start=2)
        if len(r) > width and any(c.strip() for c in r[width:])
    ]
    assert [(e.row, int(e.value or 0)) for e in raw.errors if e.rule == "file.ragged_row"] == (
        expected_ragged
    )
    expected_rows = []
    for i, r in enumerate(records[1:], start=2):
        cells = [(c.strip() or None) for c in (r + [""] * width)[:width]]
        if any(cells):
            expected_rows.append((i, *cells))
    if not expected_rows:
        assert raw.frame is None
        assert [e.rule for e in raw.errors if e.rule != "file.ragged_row"] == ["file.no_records"]
        return
    assert raw.frame is not None
    assert raw.frame.rows() == expected_rows


# ---------------------------------------------------------------------------------------------
# (c) dates

ALLOWED_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})|(\d{4})/(\d{1,2})/(\d{1,2})|(\d{4})\.(\d{1,2})\.(\d{1,2})"
    r"|(\d{4})年(\d{1,2})月(\d{1,2})日",
    re.ASCII,
)


PLAUSIBLE_DATES = st.dates(dt.date(MIN_DATE_YEAR, 1, 1), dt.date(MAX_DATE_YEAR, 12, 31))


@MANY
@given(st.dates().filter(lambda d: not MIN_DATE_YEAR <= d.year <= MAX_DATE_YEAR))
def test_real_dates_outside_the_plausible_years_never_parse(day: dt.date) -> None:
    assert parsed(date_spellings(day)) == [None] * len(date_spellings(day))


def reference_date(text: str) -> str | None:
    """The contract's date rule written out independently: ISO text of the date, or None."""
    serial = re.fullmatch(r"([1-9][0-9]{4})(?:\.0+)?", text)
    if serial:  # an Excel serial day number: day 1 is 1900-01-01, counted from 1899-12-30
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(serial.group(1)))
        return day.isoformat() if MIN_DATE_YEAR <= day.year <= MAX_DATE_YEAR else None
    match = ALLOWED_DATE.fullmatch(text)
    if match is None:
        return None
    y, m, d = (int(g) for g in match.groups() if g is not None)
    if not MIN_DATE_YEAR <= y <= MAX_DATE_YEAR:
        return None  # the plausible years only: 0000 or 9999 are slips and placeholders
    if not 1 <= m <= 12 or not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None  # 2021-02-30 does not exist
    return f"{y:04d}-{m:02d}-{d:02d}"


def parsed(texts: list[str]) -> list[str | None]:
    frame = pl.DataFrame({"d": texts}, schema={"d": pl.String})
    return frame.select(parse_dates(pl.col("d")).dt.to_string("%Y-%m-%d")).to_series().to_list()


@MANY
@given(PLAUSIBLE_DATES)
def test_every_date_in_every_allowed_spelling_parses_to_itself(day: dt.date) -> None:
    spellings = date_spellings(day)
    assert parsed(spellings) == [day.isoformat()] * len(spellings)


def near_misses(d: dt.date) -> list[str]:
    """Spellings people use that the contract refuses (never guess day/month order)."""
    y, m, day = d.year, d.month, d.day
    iso = f"{y:04d}-{m:02d}-{day:02d}"
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    misses = [
        f"{m:02d}/{day:02d}/{y:04d}",
        f"{day:02d}.{m:02d}.{y:04d}",
        f"{y % 100:02d}-{m:02d}-{day:02d}",
        f"{y:04d}{m:02d}{day:02d}",
        f"{iso}T00:00:00",
        f"{iso} 10:30",
        f"{iso}Z",
        f"{y:04d}年{m}月{day}号",
        f"{y:04d}/{m}/{day}/",
        f"{y:04d}-{m:02d}/{day:02d}",
        iso.translate(wide),
        f"{y + 10000}-{m:02d}-{day:02d}",
    ]
    if m < 10 or day < 10:
        misses.append(f"{y:04d}-{m}-{day}")  # ISO needs two-digit month and day
    return misses


@MANY
@given(st.dates())
def test_near_miss_spellings_never_parse(day: dt.date) -> None:
    misses = near_misses(day)
    assert parsed(misses) == [None] * len(misses)


@MANY
@given(st.text(st.sampled_from("0123456789-/.年月日 T:０２"), max_size=14))
@example("0000-01-01")  # year 0 does not exist (ISO's 1 BC)
@example("44816")  # an Excel serial number: 2022-09-12
@example("00002")  # no serial number is written with a leading zero
@example("0000年2月29日")
@example("2021/2/29")
@example("2024.2.29")
def test_a_date_parses_exactly_when_the_contract_allows_it(text: str) -> None:
    assert parsed([text]) == [reference_date(text)]


SHEET_XML = "xl/worksheets/sheet1.xml"
XML_PIECES = [
    '<row r="0">', '<row r="2">', '<row r="-1">', "<row>", "</row>", '<c r="A2" t="s">',
    '<c t="n" s="9">', '<c r="ZZZZ1">', '<c r="XFD3" t="b">', '<c t="d">', '<c t="e">', "</c>",
    "<v>1</v>", "<v>x</v>", "<v>1e308</v>", "<v>-1</v>", "<v/>", "<f>A1</f>", "<is><t>a</t></is>",
    "<v>2021-03-04T00:00:00</v>", '<c t="inlineStr">', "<![CDATA[x]]>", "&amp;", "&bogus;",
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', "中",
]  # fmt: skip


def _with_sheet_data(data: bytes, inner: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == SHEET_XML:
                part = re.sub(
                    rb"<sheetData>.*</sheetData>",
                    lambda _: b"<sheetData>" + inner.encode() + b"</sheetData>",
                    part,
                )
            dst.writestr(info, part)
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(st.sampled_from(XML_PIECES), max_size=30))
def test_hostile_sheet_xml_never_raises(pieces: list[str]) -> None:
    """Inside a well-formed workbook, any sheet content: rows out of order, cells far away,
    values that are no numbers, dangling shared strings, formulas without values, entities."""
    inner = '<row r="1"><c r="A1" t="inlineStr"><is><t>unit_id</t></is></c></row>' + "".join(pieces)
    assert_well_formed(read(Path("units.xlsx"), data=_with_sheet_data(VALID_XLSX, inner)))
