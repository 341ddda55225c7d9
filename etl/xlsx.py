"""The first sheet of an xlsx workbook as text cells, read within limits, trusting none of its claims.

A workbook is a zip of XML parts. Nothing in it is believed before it is checked: the parts a
workbook may hide behaviour in (macros, links to other files) refuse the file; the sizes the
zip declares are checked (in total and against how well they compress) before anything is
inflated, and `zipfile` never inflates a part past its declared size (a part that lies fails its
CRC check instead); the sheet is streamed row by row (`iterparse`), ignoring the `<dimension>`
it claims, and reading stops at the first row, column or cell beyond the limits below. Entity
expansion ("billion laughs") is refused by the expat parser itself (2.4 and later).

Cells become the text a CSV export would hold: a formula cell holds the value Excel computed and
saved with it (`<v>`); a formula saved without one is reported, never its formula text. A number
formatted as a date becomes an ISO date, other numbers the text of the number (12.0 → "12",
an unformatted date serial 44816 stays "44816"), booleans TRUE/FALSE.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError, iterparse

import polars as pl
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from etl.errors import FileRejected

# Limits of what one workbook may hold. Far beyond any analyst's sheet, far below what would
# exhaust the machine: a sheet at the limits is read in well under a minute.
MAX_ROWS = 200_000  # the row number of the last row holding a value
MAX_COLUMNS = 200  # the column number of the right-most cell holding a value
MAX_CELLS = 20_000_000  # cells holding a value (and shared strings)
MAX_EXPANDED_BYTES = 512 * 2**20  # the XML parts read, uncompressed, as the zip declares them
MAX_SMALL_PART_BYTES = 32 * 2**20  # the workbook, its relationships and its styles, each
# Spreadsheet XML compresses about 10:1; a part compressed more than this is a zip bomb (deflate
# reaches 1000:1 on repeated text). Small parts may compress better: they are harmless.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 2**20

MACROS_PART = "xl/vbaproject.bin"
EXTERNAL_LINKS_FOLDER = "xl/externallinks/"
WORKBOOK_PART = "xl/workbook.xml"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
STRICT_RELATIONSHIP_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
# Number formats whose meaning depends on the locale and that Excel does not write out: in the
# Chinese (zh-CN) locale these are dates such as yyyy"年"m"月"d"日" (ECMA-376 Part 1, 18.8.30).
EAST_ASIAN_DATE_FORMATS = frozenset({27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58})
CHUNK_ROWS = 20_000  # rows gathered in Python lists before they become a Polars frame
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


@dataclass
class Sheet:
    """The first sheet: one frame row per sheet row that holds a value."""

    frame: pl.DataFrame  # column_0 … column_{n-1}: strings, null where empty
    rows: list[int]  # the sheet row number of each frame row (as Excel shows it)
    # Formula cells saved without the value Excel computed: (frame row index, column index).
    no_value: list[tuple[int, int]] = field(default_factory=list)


def read_first_sheet(data: bytes) -> Sheet:
    """The first sheet of the workbook in `data`, or `FileRejected` saying why it cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return _Workbook(book).first_sheet()
    except FileRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        ParseError,
        EOFError,
        OSError,
    ) as exc:
        raise FileRejected("file.xlsx", detail=f"{type(exc).__name__}: {exc}"[:200]) from None
    except (KeyError, ValueError, IndexError, NotImplementedError, RuntimeError) as exc:
        # A part missing, a number that is none, an encryption or compression zipfile lacks.
        raise FileRejected("file.xlsx", detail=f"{type(exc).__name__}: {exc}"[:200]) from None


def _local(tag: str) -> str:
    """A tag without its namespace: transitional and strict OOXML name the same elements."""
    local = _LOCAL_NAMES.get(tag)
    if local is None:
        local = tag.rpartition("}")[2]
        if len(_LOCAL_NAMES) < 1000:  # a hostile part may invent any number of tags
            _LOCAL_NAMES[tag] = local
    return local


_LOCAL_NAMES: dict[str, str] = {}  # workbooks use a few dozen tags, each a million times


def _too_large(limit: str, allowed: int, value: object) -> FileRejected:
    """`file.too_large.rows` (…columns, cells, bytes, ratio): the limit, and what the file has."""
    return FileRejected(f"file.too_large.{limit}", value=str(value), allowed=f"{allowed:,}")


class _Workbook:
    def __init__(self, book: zipfile.ZipFile) -> None:
        self.book = book
        self.parts = {info.filename.lower(): info for info in book.infolist()}
        if MACROS_PART in self.parts:
            raise FileRejected("file.xlsx_macros")
        if any(name.startswith(EXTERNAL_LINKS_FOLDER) for name in self.parts):
            raise FileRejected("file.xlsx_external_links")

    def _info(self, name: str) -> zipfile.ZipInfo | None:
        return self.parts.get(name.lower())

    def first_sheet(self) -> Sheet:
        workbook = self._info(WORKBOOK_PART)
        if workbook is None:
            raise FileRejected("file.xlsx", detail="no xl/workbook.xml")
        relations = self._relations(self._info("xl/_rels/workbook.xml.rels"))
        sheet_id, epoch = self._workbook_facts(workbook)
        by_type = {kind: part for kind, part in reversed(list(relations.values()))}
        sheet = self._info(relations.get(sheet_id, ("", ""))[1]) or self._info(
            "xl/worksheets/sheet1.xml"
        )
        if sheet is None:
            raise FileRejected("file.xlsx", detail="no worksheet")
        strings = self._info(by_type.get("sharedStrings", "xl/sharedStrings.xml"))
        styles = self._info(by_type.get("styles", "xl/styles.xml"))
        self._check_sizes([sheet, strings])
        shared = self._shared_strings(strings) if strings else []
        dates = self._date_styles(styles) if styles else frozenset()
        return _SheetReader(shared, dates, epoch).read(self._stream(sheet, 4))  # …/row/c

    def _check_sizes(self, infos: list[zipfile.ZipInfo | None], limit: int = 0) -> None:
        """Refuse a bomb before inflating it: too much XML, or XML compressed too well."""
        parts = [i for i in infos if i is not None]
        total = sum(i.file_size for i in parts)
        if total > (limit or MAX_EXPANDED_BYTES):
            raise _too_large("bytes", limit or MAX_EXPANDED_BYTES, total)
        for info in parts:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
                raise _too_large("ratio", MAX_COMPRESSION_RATIO, f"{ratio:.0f}")

    def _stream(self, info: zipfile.ZipInfo, depth: int) -> Iterator[tuple[str, Element]]:
        """(event, element) of one part. An element `depth` levels deep (the root is level 1),
        or less, is dropped from its parent once handled (its "end" event), with everything in
        it: memory stays flat however long the part is."""
        open_elements: list[Element] = []
        with self.book.open(info) as stream:
            for event, elem in iterparse(stream, events=("start", "end")):
                if event == "start":
                    open_elements.append(elem)
                    yield event, elem
                    continue
                yield event, elem
                open_elements.pop()
                if open_elements and len(open_elements) < depth:
                    open_elements[-1].remove(elem)

    def _small_part(self, info: zipfile.ZipInfo, depth: int) -> Iterator[tuple[str, Element]]:
        self._check_sizes([info], MAX_SMALL_PART_BYTES)
        return self._stream(info, depth)

    def _relations(self, info: zipfile.ZipInfo | None) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, part name) of the workbook's parts, in their order."""
        found: dict[str, tuple[str, str]] = {}
        if info is None:
            return found
        for event, elem in self._small_part(info, 2):  # Relationships/Relationship
            if event == "end" and _local(elem.tag) == "Relationship":
                target = elem.get("Target", "")
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                kind = elem.get("Type", "").rpartition("/")[2]
                found[elem.get("Id", "")] = (kind, posixpath.normpath(part))
        return found

    def _workbook_facts(self, info: zipfile.ZipInfo) -> tuple[str, dt.datetime]:
        """The relationship id of the first sheet, and the date system (1900 or 1904)."""
        sheet_id = ""
        epoch = CALENDAR_WINDOWS_1900
        for event, elem in self._small_part(info, 3):  # workbook/sheets/sheet
            if event != "start":
                continue
            tag = _local(elem.tag)
            if tag == "workbookPr" and elem.get("date1904", "").lower() in ("1", "true"):
                epoch = CALENDAR_MAC_1904
            elif tag == "sheet" and not sheet_id:
                sheet_id = elem.get(RELATIONSHIP_ID) or elem.get(STRICT_RELATIONSHIP_ID) or ""
        return sheet_id, epoch

    def _shared_strings(self, info: zipfile.ZipInfo) -> list[str]:
        strings: list[str] = []
        for event, elem in self._stream(info, 2):  # sst/si
            if event == "end" and _local(elem.tag) == "si":
                strings.append(_text(elem))
                if len(strings) > MAX_CELLS:
                    raise _too_large("cells", MAX_CELLS, len(strings))
        return strings

    def _date_styles(self, info: zipfile.ZipInfo) -> frozenset[int]:
        """The indexes of the cell styles (`s=`) that format a number as a date."""
        formats: dict[int, str] = {}
        styles: list[int] = []
        in_cell_xfs = False
        for event, elem in self._small_part(info, 3):  # styleSheet/cellXfs/xf
            tag = _local(elem.tag)
            if tag == "cellXfs":
                in_cell_xfs = event == "start"
            elif event == "start" and tag == "numFmt":
                formats[int(elem.get("numFmtId", "0"))] = elem.get("formatCode", "")
            elif event == "start" and tag == "xf" and in_cell_xfs:
                styles.append(int(elem.get("numFmtId", "0")))
        return frozenset(i for i, fmt in enumerate(styles) if _is_date_format(fmt, formats))


def _is_date_format(number_format: int, custom: dict[int, str]) -> bool:
    if number_format in custom:
        return bool(is_date_format(custom[number_format]))
    if number_format in EAST_ASIAN_DATE_FORMATS:
        return True
    return number_format in BUILTIN_FORMATS and bool(is_date_format(BUILTIN_FORMATS[number_format]))


def _text(elem: Element) -> str:
    """The text of a string item (`<si>`, `<is>`): its `<t>` and rich-text runs, without the
    phonetic guides (`<rPh>`) Excel keeps beside East Asian text."""
    parts: list[str] = []
    for child in elem:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


class _SheetReader:
    """`<sheetData>` cell by cell into Polars frames of text, within the limits."""

    def __init__(self, shared: list[str], date_styles: frozenset[int], epoch: dt.datetime):
        self.shared = shared
        self.date_styles = date_styles
        self.epoch = epoch
        self.chunks: list[pl.DataFrame] = []
        self.pending: list[dict[int, str | None]] = []
        self.rows: list[int] = []
        self.no_value: list[tuple[int, int]] = []
        self.cells = 0  # cells the sheet lists, with a value or not
        self.width = 0

    def read(self, events: Iterator[tuple[str, Element]]) -> Sheet:
        row_number = 0
        column = 0
        values: dict[int, str | None] = {}
        for event, elem in events:
            tag = _local(elem.tag)
            if event == "start":
                if tag == "row":
                    number = int(elem.get("r") or row_number + 1)
                    if number <= row_number:  # Excel writes rows in order, each once
                        raise FileRejected("file.xlsx", detail=f"row {number} out of order")
                    row_number = number
                    column = 0
                    values = {}
                continue
            if tag == "c":
                ref = _CELL_REF.fullmatch(elem.get("r", ""))
                column = _column_index(ref.group(1)) if ref else column + 1
                self._cell(elem, row_number, column, values)
            elif tag == "row" and values:
                self._row(row_number, values)
        self._flush()
        columns = [f"column_{i}" for i in range(self.width)]
        if not self.chunks:
            return Sheet(pl.DataFrame(schema={c: pl.String for c in columns}), [], [])
        frame = pl.concat(self.chunks, how="diagonal")
        missing = [pl.lit(None, dtype=pl.String).alias(c) for c in columns if c not in frame]
        return Sheet(frame.with_columns(missing).select(columns), self.rows, self.no_value)

    def _cell(self, cell: Element, row: int, column: int, values: dict[int, str | None]) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise _too_large("cells", MAX_CELLS, self.cells)
        value, missing = self._value(cell)
        if value is None and not missing:
            return
        if row > MAX_ROWS:
            raise _too_large("rows", MAX_ROWS, row)
        if column > MAX_COLUMNS:
            raise _too_large("columns", MAX_COLUMNS, column)
        values[column - 1] = value
        if missing:
            self.no_value.append((len(self.rows), column - 1))

    def _row(self, number: int, values: dict[int, str | None]) -> None:
        self.width = max(self.width, max(values) + 1)
        self.rows.append(number)
        self.pending.append(values)
        if len(self.pending) >= CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        width = max(max(v) for v in self.pending) + 1
        data = {f"column_{i}": [v.get(i) for v in self.pending] for i in range(width)}
        self.chunks.append(pl.DataFrame(data, schema={c: pl.String for c in data}))
        self.pending = []

    def _value(self, cell: Element) -> tuple[str | None, bool]:
        """(the cell as text, whether it is a formula saved without its value)."""
        value: Element | None = None
        formula = False
        inline: str | None = None
        for child in cell:
            tag = _local(child.tag)
            if tag == "v":
                value = child
            elif tag == "f":
                formula = True
            elif tag == "is":
                inline = _text(child)
        kind = cell.get("t", "n")
        if kind == "inlineStr" and inline is not None:
            return (inline or None), False
        raw = "" if value is None else (value.text or "")
        if not raw:
            # Excel saves a formula with what it computed; only a text result may be empty.
            # A formula with no value (or `<v/>`, as programs such as openpyxl write it) was
            # never computed.
            return None, formula and not (value is not None and kind == "str")
        if kind == "s":
            index = int(raw)
            if not 0 <= index < len(self.shared):
                raise FileRejected("file.xlsx", detail=f"no shared string {index}")
            return self.shared[index] or None, False
        if kind == "b":
            return ("TRUE" if raw.strip() in ("1", "true") else "FALSE"), False
        if kind == "n":
            return self._number(raw.strip(), int(cell.get("s") or 0)), False
        if kind == "d":  # an ISO 8601 date cell (strict OOXML): its date when it has no time
            return (raw[:10] if raw[10:].strip("T0:.Z") == "" else raw), False
        return raw, False  # str (a formula's text result), e (an error such as #N/A)

    def _number(self, raw: str, style: int) -> str:
        try:
            number = float(raw)
        except ValueError:
            return raw
        if style in self.date_styles:
            try:
                when = from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                when = None
            if isinstance(when, dt.datetime):
                return when.date().isoformat()
            if isinstance(when, dt.date | dt.time):
                return when.isoformat()
        if number.is_integer():
            return str(int(number))
        return repr(number)


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index
