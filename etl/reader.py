"""Stage 1, read: a CSV or xlsx file → a frame of trimmed strings under canonical column names.

What the contract asks of a file is settled here: its kind (from `--kind` or the file name),
its format (by content, not by name), its encoding (UTF-8, UTF-8 with BOM, GB18030/GBK), its
header (canonical names or Chinese aliases, any order and case), and the cells (trimmed, empty
→ null). Every problem becomes a `Problem` with the spreadsheet row number (header = row 1);
nothing here raises for a bad file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.errors import FileRejected
from etl.report import Problem
from etl.schema import KINDS, Kind, header_aliases, kind_for_name

ROW_COLUMN = "_row"  # spreadsheet row number of each record, carried through every stage
FIRST_RECORD_ROW = 2
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
        table.kind = _kind_of(path, kind_name)
        cells = _cells(path, data)
        table.frame = _to_frame(cells, table.kind, table)
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


def _kind_of(path: Path, kind_name: str | None) -> Kind:
    if kind_name:
        return KINDS[kind_name]  # the CLI has already checked the name
    kind = kind_for_name(path.stem)
    if kind is None:
        allowed = ", ".join(f"{k.name}/{k.zh}" for k in KINDS.values())
        raise FileRejected("file.kind_unknown", detail=path.name, allowed=allowed)
    return kind


# ---------------------------------------------------------------------------------------------
# CSV


@dataclass
class Cells:
    """A parsed sheet: header cells and the data as one column-major frame of strings."""

    header: list[str]
    frame: pl.DataFrame  # columns column_0..column_{n-1}, all strings, one row per record
    ragged: list[tuple[int, int]] = field(default_factory=list)  # (row, field count)


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


def _cells(path: Path, data: bytes) -> Cells:
    """Parse by content: a zip is a workbook, text is CSV; the name only breaks ties."""
    suffix = path.suffix.lower()
    if _BLANK.fullmatch(data):
        raise FileRejected("file.empty")
    if data.startswith(XLSX_MAGIC):
        return _xlsx_cells(data)
    if suffix == ".xlsx":
        raise FileRejected("file.xlsx", detail="not an Excel workbook")
    if suffix not in (".csv", ".txt", ""):
        raise FileRejected("file.format", detail=suffix)
    if b"\n" not in data and b"\r" in data:
        # Lines ended by CR alone (classic Mac OS, some old exports): read as one line each,
        # where every parser would take the whole file for a single header row.
        data = data.replace(b"\r", b"\n")
    return _csv_cells(data)


def _csv_cells(data: bytes) -> Cells:
    _refuse_non_text(data)
    if b'"' not in data:
        # Most files quote nothing: hand the bytes straight to Polars, which checks that they
        # are UTF-8 as it parses (decoding them in Python first costs a quarter second per
        # 100 MB). Anything it refuses takes the careful way below.
        cells = _polars_cells(_without_bom(data))
        if cells is not None:
            return cells
    text, encoding = _decode(data)
    if not text or text.isspace():  # what `not text.strip()` says, without copying the text
        raise FileRejected("file.empty")
    if not _quotes_are_regular(text):
        return _csv_cells_slow(text)
    utf8 = _without_bom(data)
    if encoding != "utf-8-sig":  # decoding it once is enough to know (it takes a while)
        utf8 = text.encode("utf-8")
    cells = _polars_cells(utf8)
    if cells is None:
        # Polars refuses ragged rows and stray quotes; Python's csv module is lenient and
        # tells us exactly which rows are ragged, so the analyst gets row numbers.
        return _csv_cells_slow(text)
    return cells


def _polars_cells(utf8: bytes) -> Cells | None:
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
    header = [("" if v is None else v) for v in frame.row(0)]
    body = frame.slice(1)
    body.columns = [f"column_{i}" for i in range(len(header))]
    return Cells(header, body)


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


def _csv_cells_slow(text: str) -> Cells:
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise FileRejected("file.malformed", row=reader.line_num, detail=str(exc)) from None
    if not rows:
        raise FileRejected("file.empty")
    header, records = rows[0], rows[1:]
    width = len(header)
    ragged = [
        (i + FIRST_RECORD_ROW, len(r))
        for i, r in enumerate(records)
        if len(r) > width and any(c.strip() for c in r[width:])
    ]
    padded = [(r + [""] * width)[:width] for r in records]
    columns = {f"column_{i}": [r[i] for r in padded] for i in range(width)}
    frame = pl.DataFrame(columns, schema={c: pl.String for c in columns})
    return Cells(header, frame, ragged)


# ---------------------------------------------------------------------------------------------
# xlsx


def _xlsx_cells(data: bytes) -> Cells:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
    except Exception as exc:  # openpyxl raises many types for a broken zip or sheet
        raise FileRejected("file.xlsx", detail=f"{type(exc).__name__}: {exc}"[:200]) from None
    if not rows:
        raise FileRejected("file.empty")
    header = [_xlsx_text(v) or "" for v in rows[0]]
    width = len(header)
    columns: dict[str, list[str | None]] = {f"column_{i}": [] for i in range(width)}
    for record in rows[1:]:
        record = (record + [None] * width)[:width]
        for i, value in enumerate(record):
            columns[f"column_{i}"].append(_xlsx_text(value))
    frame = pl.DataFrame(columns, schema={c: pl.String for c in columns})
    return Cells(header, frame)


def _xlsx_text(value: object) -> str | None:
    """A cell as the text a CSV would hold: real dates as ISO dates, 12.0 as 12."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------------------------------------
# header and cells → canonical frame


def _to_frame(cells: Cells, kind: Kind, table: RawTable) -> pl.DataFrame:
    aliases = header_aliases(kind)
    chosen: dict[str, str] = {}  # canonical column → source column
    for i, raw_name in enumerate(cells.header):
        source = f"column_{i}"
        name = raw_name.strip().lower()
        canonical = aliases.get(name)
        if canonical is None:
            if name or cells.frame[source].drop_nulls().str.strip_chars().str.len_chars().sum():
                table.warnings.append(Problem("file.unknown_column", row=1, value=raw_name))
            continue
        if canonical in chosen:
            raise FileRejected(
                "file.duplicate_column", row=1, column=canonical, value=raw_name.strip()
            )
        chosen[canonical] = source
        table.headers[canonical] = raw_name.strip()
    missing = [c for c in kind.required_columns if c not in chosen]
    if missing:
        # Report every missing column at once: the analyst fixes the header in one go.
        first, *rest = missing
        for col in rest:
            table.errors.append(
                Problem(
                    "file.missing_column", row=1, column=col, fields=(("zh", kind.column(col).zh),)
                )
            )
        raise FileRejected("file.missing_column", row=1, column=first, zh=kind.column(first).zh)

    trimmed = [
        (_clean(pl.col(chosen[c])) if c in chosen else pl.lit(None, dtype=pl.String)).alias(c)
        for c in kind.column_names
    ]
    frame = cells.frame.with_row_index(ROW_COLUMN, offset=FIRST_RECORD_ROW).select(
        pl.col(ROW_COLUMN).cast(pl.Int64), *trimmed
    )
    for row, count in cells.ragged:
        table.errors.append(
            Problem(
                "file.ragged_row",
                row=row,
                value=str(count),
                fields=(("allowed", str(len(cells.header))),),
            )
        )
    # Rows with nothing in them (Excel's trailing blank lines) are not records.
    frame = frame.filter(pl.any_horizontal(pl.col(kind.column_names).is_not_null()))
    if frame.height == 0:
        raise FileRejected("file.no_records")
    return frame


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
