"""Stage 1, read: a CSV or xlsx file → a frame of trimmed strings under canonical column names.

What the contract asks of a file is settled here: its format (by content, not by name), its
encoding (UTF-8, UTF-8 with BOM, GB18030/GBK), the rows of the sheet; then, through
`etl.layout`, its kind (from `--kind`, the file name, or else its header), its header row
(canonical names or Chinese aliases, any order and case, below any title rows), the rows that
are no records (titles, totals, footers), and the cells (trimmed, empty → null). xlsx workbooks
are read by `etl.xlsx`. Every problem becomes a `Problem` with the row number a spreadsheet
shows for that file (its first line is row 1); nothing here raises for a bad file.

Row numbers of a CSV file count records as a spreadsheet opening it does: a quoted cell holding
line breaks is one row (Excel and WPS show it so), and a blank line is a row.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl import layout
from etl.errors import FileRejected
from etl.report import Problem
from etl.schema import KINDS, Kind, kind_for_name
from etl.xlsx import read_first_sheet

ROW_COLUMN = "_row"  # spreadsheet row number of each record, carried through every stage
XLSX_MAGIC = b"PK\x03\x04"
# A file of nothing but blanks and a BOM; matching stops at the first other byte, where
# `data.strip()` would copy the whole file first.
_BLANK = re.compile(rb"[ \t\r\n\xef\xbb\xbf]*")
READABLE_SUFFIXES = (".csv", ".xlsx")

csv.field_size_limit(1 << 30)  # huge cells are reported by the max_length rule, not by a crash


@dataclass
class RawTable:
    """One file as read: string cells under canonical names, or the reason it could not be."""

    path: Path
    sha256: str
    kind: Kind | None = None
    frame: pl.DataFrame | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # what was understood for the analyst
    skipped: list[Problem] = field(default_factory=list)  # rows that are not records, and why
    headers: dict[str, str] = field(default_factory=dict)  # canonical → as the file wrote it

    @property
    def rows(self) -> int:
        return 0 if self.frame is None else self.frame.height

    @property
    def is_readable(self) -> bool:
        return self.frame is not None and self.kind is not None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(path: Path, kind_name: str | None = None, data: bytes | None = None) -> RawTable:
    """Read one file. `data` lets callers pass bytes they already hold (uploads, hashing)."""
    if data is None:
        data = path.read_bytes()
    table = RawTable(path=path, sha256=sha256_of(data))
    try:
        table.kind = KINDS[kind_name] if kind_name else kind_for_name(path.stem)
        grid = _grid(path, data)
        table.frame = _to_frame(grid, table)
    except FileRejected as exc:
        table.frame = None
        table.errors.append(
            Problem(
                exc.rule,
                row=exc.row,
                column=exc.column,
                value=exc.value,
                fields=tuple((k, str(v)) for k, v in exc.fields.items() if k not in _BASE),
            )
        )
    return table


_BASE = {"row", "column", "value"}


# ---------------------------------------------------------------------------------------------
# The rows of a sheet


@dataclass
class Grid:
    """A sheet as parsed, before its header is known: every row, its cells as strings."""

    frame: pl.DataFrame  # column_0 … column_{n-1}: strings (null or blank where empty)
    numbers: list[int] | None = None  # spreadsheet row of each frame row; None: 1, 2, 3 …
    # CSV read leniently: the fields on each row (a row with more than its header is ragged).
    # None where no row can be longer than the frame (Polars refuses those; xlsx has columns).
    counts: list[int] | None = None
    # xlsx formula cells saved without their value: (frame row, column index).
    no_value: list[tuple[int, int]] = field(default_factory=list)

    def number(self, index: int) -> int:
        return index + 1 if self.numbers is None else self.numbers[index]

    def first_rows(self) -> list[tuple[int, list[str | None]]]:
        """(row number, cells) of the rows the header is looked for in."""
        head = self.frame.head(layout.HEADER_SCAN_ROWS)
        rows = [(self.number(i), list(r)) for i, r in enumerate(head.iter_rows())]
        return [(n, cells) for n, cells in rows if n <= layout.HEADER_SCAN_ROWS]


# ---------------------------------------------------------------------------------------------
# CSV


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK); anything else is refused."""
    return _decode(data)[0]


def _refuse_non_text(data: bytes) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16/32 text (Excel's "Unicode text") is full of NUL bytes but is no binary file:
        # tell the analyst to re-save it in an accepted encoding.
        raise FileRejected("file.encoding")
    if b"\x00" in data[:65536]:
        raise FileRejected("file.binary")


def _without_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in."""
    _refuse_non_text(data)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileRejected("file.encoding")


def _grid(path: Path, data: bytes) -> Grid:
    """Parse by content: a zip is a workbook, text is CSV; the name only breaks ties."""
    suffix = path.suffix.lower()
    if _BLANK.fullmatch(data):
        raise FileRejected("file.empty")
    if data.startswith(XLSX_MAGIC):
        sheet = read_first_sheet(data)
        return Grid(sheet.frame, numbers=sheet.rows, no_value=sheet.no_value)
    if suffix == ".xlsx":
        raise FileRejected("file.xlsx", detail="not an Excel workbook")
    if suffix not in (".csv", ".txt", ""):
        raise FileRejected("file.format", detail=suffix)
    if b"\n" not in data and b"\r" in data:
        # Lines ended by CR alone (classic Mac OS, some old exports): read as one line each,
        # where every parser would take the whole file for a single header row.
        data = data.replace(b"\r", b"\n")
    return _csv_grid(data)


def _csv_grid(data: bytes) -> Grid:
    _refuse_non_text(data)
    if b'"' not in data:
        # Most files quote nothing: hand the bytes straight to Polars, which checks that they
        # are UTF-8 as it parses (decoding them in Python first costs a quarter second per
        # 100 MB). Anything it refuses takes the careful way below.
        grid = _polars_grid(_without_bom(data))
        if grid is not None:
            return grid
    text, encoding = _decode(data)
    if not text or text.isspace():  # what `not text.strip()` says, without copying the text
        raise FileRejected("file.empty")
    if not _quotes_are_regular(text):
        return _csv_grid_slow(text)
    utf8 = _without_bom(data)
    if encoding != "utf-8-sig":  # decoding it once is enough to know (it takes a while)
        utf8 = text.encode("utf-8")
    grid = _polars_grid(utf8)
    if grid is None:
        # Polars refuses rows longer than the first (ragged rows, or a title row above a wider
        # table) and stray quotes; Python's csv module is lenient and counts each row's fields.
        return _csv_grid_slow(text)
    return grid


def _polars_grid(utf8: bytes) -> Grid | None:
    """The cells as Polars reads them; None where it refuses the file (not UTF-8, ragged)."""
    try:
        frame = pl.read_csv(
            io.BytesIO(utf8),
            has_header=False,
            infer_schema=False,
            quote_char='"',
            raise_if_empty=False,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError):
        return None
    if frame.height == 0:
        raise FileRejected("file.empty")
    frame.columns = [f"column_{i}" for i in range(frame.width)]
    return Grid(frame)


def _quotes_are_regular(text: str) -> bool:
    """Whether every quoted cell is well-formed, so Polars reads the text as the csv module does.

    Polars silently drops a stray quote after a closing one (`"a"b"` → `a`) where the lenient
    fallback keeps it (`ab"`); such files take the fallback. A quote that is never closed would
    swallow the rest of the file into one cell (both parsers accept that silently): it is
    reported at the row where it opens.
    """
    if '"' not in text:
        return True
    try:
        # One strict pass settles the usual case: it fails on a stray quote after a closing
        # one, and on a quote never closed (at the end of the data).
        for _ in csv.reader(io.StringIO(text, newline=""), strict=True):
            pass
        return True
    except csv.Error:
        pass
    sentinel = "\ue000end\ue000"
    while sentinel in text:
        sentinel += "\ue000"
    reader = csv.reader(io.StringIO(f"{text}\n{sentinel}", newline=""), strict=False)
    header: list[str] = []
    last: list[str] = []
    count = 0
    try:
        for count, last in enumerate(reader, start=1):  # noqa: B007 — we want the last one
            if count == 1:
                header = last
    except csv.Error:
        return False  # the lenient fallback reports it
    if last != [sentinel]:
        # The sentinel ended up inside the last cell of the record whose quote never closed.
        index = len(last) - 1
        swallowed = last[-1][: -len(sentinel)].strip()
        raise FileRejected(
            "file.malformed",
            row=count,
            column=header[index].strip() if count > 1 and index < len(header) else None,
            value='"' + (swallowed.splitlines()[0][:50] if swallowed else ""),
            detail='引号未闭合 / unclosed quote "',
        )
    return False  # the strict pass failed: the lenient fallback reports the rows


def _csv_grid_slow(text: str) -> Grid:
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise FileRejected("file.malformed", row=reader.line_num, detail=str(exc)) from None
    if not rows:
        raise FileRejected("file.empty")
    width = max(map(len, rows))
    columns = {f"column_{i}": [r[i] if i < len(r) else None for r in rows] for i in range(width)}
    frame = pl.DataFrame(columns, schema={c: pl.String for c in columns})
    return Grid(frame, counts=[len(r) for r in rows])


# ---------------------------------------------------------------------------------------------
# header and rows → canonical frame


def _to_frame(grid: Grid, table: RawTable) -> pl.DataFrame:
    first = grid.first_rows()
    if table.kind is None:
        header = layout.detect_kind(table.path.name, first)
        table.kind = header.kind
        table.notes.append(
            Problem(
                "read.kind_from_header",
                row=header.row,
                value=header.kind.name,
                fields=(("zh", header.kind.zh),),
            )
        )
    else:
        header = layout.find_header(table.kind, first)
    kind = table.kind
    for row, cells in first[: header.index]:
        # Title rows are listed with their text; blank rows above the header are not (like
        # blank rows between records, they are simply no rows of the table).
        title = " ".join(c.strip() for c in cells if c and c.strip())
        if title:
            table.skipped.append(Problem("skip.title", row=row, value=title))

    width = grid.frame.width if grid.counts is None else grid.counts[header.index]
    body = _body(grid, header.index)
    chosen = _columns(grid, header, width, body, table)
    _report_ragged(grid, header, width, table)

    cleaned = [_clean(pl.col(f"column_{i}")).alias(f"_c{i}") for i in range(width)]
    frame = body.select(ROW_COLUMN, *cleaned)
    # Rows with nothing in them (Excel's trailing blank lines) are not records.
    known = [f"_c{chosen[c]}" for c in kind.column_names if c in chosen]
    frame = frame.filter(pl.any_horizontal(pl.col(known).is_not_null()))
    skipped = set(_totals_and_footers(frame, [chosen[c] for c in kind.required_columns], table))
    if skipped:
        frame = frame.filter(~pl.col(ROW_COLUMN).is_in(skipped))
    _report_formulas(grid, header, chosen, skipped, table)
    frame = frame.select(
        pl.col(ROW_COLUMN).cast(pl.Int64),
        *(
            (pl.col(f"_c{chosen[c]}") if c in chosen else pl.lit(None, dtype=pl.String)).alias(c)
            for c in kind.column_names
        ),
    )
    if frame.height == 0:
        raise FileRejected("file.no_records")
    return frame


def _body(grid: Grid, header_index: int) -> pl.DataFrame:
    """The rows below the header, with their spreadsheet row numbers."""
    body = grid.frame.slice(header_index + 1)
    if grid.numbers is None:
        return body.with_row_index(ROW_COLUMN, offset=header_index + 2)
    numbers = pl.Series(ROW_COLUMN, grid.numbers[header_index + 1 :], dtype=pl.Int64)
    return body.with_columns(numbers)


def _columns(
    grid: Grid, header: layout.Header, width: int, body: pl.DataFrame, table: RawTable
) -> dict[str, int]:
    """canonical column → its position; unknown columns warned about, missing ones refused."""
    kind = header.kind
    names = layout.column_names(kind)
    chosen: dict[str, int] = {}
    for i, raw in enumerate(grid.frame.row(header.index)[:width]):
        text = (raw or "").strip()
        canonical = names.get(layout.header_key(text))
        if canonical is None:
            data = body[f"column_{i}"].drop_nulls().str.strip_chars().str.len_chars().sum()
            if text or data:  # blank trailing columns are ignored silently
                table.warnings.append(Problem("file.unknown_column", row=header.row, value=text))
            continue
        if canonical in chosen:
            raise FileRejected(
                "file.duplicate_column", row=header.row, column=canonical, value=text
            )
        chosen[canonical] = i
        table.headers[canonical] = text
    missing = [c for c in kind.required_columns if c not in chosen]
    if missing:
        # Report every missing column at once: the analyst fixes the header in one go.
        first, *rest = missing
        for col in rest:
            table.errors.append(
                Problem(
                    "file.missing_column",
                    row=header.row,
                    column=col,
                    fields=(("zh", kind.column(col).zh),),
                )
            )
        raise FileRejected(
            "file.missing_column", row=header.row, column=first, zh=kind.column(first).zh
        )
    return chosen


def _report_ragged(grid: Grid, header: layout.Header, width: int, table: RawTable) -> None:
    """CSV rows with more fields than the header (an extra comma, an unclosed quote)."""
    if grid.counts is None:
        return
    for index in range(header.index + 1, grid.frame.height):
        count = grid.counts[index]
        if count > width and any((c or "").strip() for c in grid.frame.row(index)[width:]):
            table.errors.append(
                Problem(
                    "file.ragged_row",
                    row=grid.number(index),
                    value=str(count),
                    fields=(("allowed", str(width)),),
                )
            )


def _totals_and_footers(frame: pl.DataFrame, required: list[int], table: RawTable) -> list[int]:
    """The rows that are totals or footers (rule in `etl.layout`): each a warning and a skipped
    row. Only rows whose first non-empty cell hints at one are looked at cell by cell."""
    cells = [c for c in frame.columns if c != ROW_COLUMN]
    if not cells:
        return []
    hinted = frame.filter(pl.coalesce(cells).str.contains(layout.MARKER_HINT))
    skipped: list[int] = []
    for row, *values in hinted.iter_rows():
        rule = layout.no_record(values, required)
        if rule is None:
            continue
        value = next(v for v in values if v)
        problem = Problem(rule, row=row, value=value)
        table.warnings.append(problem)
        table.skipped.append(problem)
        skipped.append(row)
    return skipped


def _report_formulas(
    grid: Grid, header: layout.Header, chosen: dict[str, int], skipped: set[int], table: RawTable
) -> None:
    """Formula cells of records saved without the value Excel computed: there is nothing to
    load in their place (a file written by a program and never opened in Excel)."""
    by_position = {i: c for c, i in chosen.items()}
    for index, position in grid.no_value:
        row = grid.number(index)
        if index <= header.index or position not in by_position or row in skipped:
            continue
        table.errors.append(
            Problem(
                "file.formula_no_value",
                row=row,
                column=by_position[position],
                fields=(("letter", _column_letter(position)),),
            )
        )


def _column_letter(position: int) -> str:
    letters = ""
    n = position + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _clean(expr: pl.Expr) -> pl.Expr:
    # Blank cells are null. (`replace` computes the stripped text once; a when/then over it
    # computed it twice: half of this step's time.)
    return expr.str.strip_chars().replace("", None)


def discover(paths: list[Path]) -> list[Path]:
    """Expand folders into the .csv/.xlsx files they hold (sorted, hidden and temp files skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in READABLE_SUFFIXES
                    and not p.name.startswith((".", "~$"))
                )
            )
        else:
            files.append(path)
    return files
