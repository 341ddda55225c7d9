"""Stage 2, normalize: string cells → typed columns, vectorised in Polars.

What the cells mean is settled here, from the schema's declarations:
- enum labels become codes (Chinese or English labels, any case); other accepted words (a post
  title for its level) too, reported as notes; an unknown label is left as typed, so the
  `enum` expectation names it;
- countries and currencies written as names (`美国`, `South Korea`, `瑞士法郎`) become ISO codes
  (`etl.places`), reported as notes; a name that means no code, or several, is an error that
  offers the closest names;
- dates are parsed from exactly the spellings the contract allows, Excel serial numbers
  included; a partial date (`2021年6月`, `2021`) where the column allows one is stored as the
  first (start) or last (end) day of its period with its precision; `至今` in an end date is
  no end date;
- identifiers with a checksum (ROR, ORCID) are verified and stored without their URL prefix;
- numbers are parsed.
A cell that cannot be parsed becomes null and a problem; the validators then skip that cell so
the analyst sees one message per mistake.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.checks import CHECKS
from etl.places import Domain, resolve
from etl.reader import ROW_COLUMN, RawTable
from etl.report import Problem
from etl.schema import (
    MAX_DATE_YEAR,
    MIN_DATE_YEAR,
    OPEN_END_WORDS,
    PRECISION_SUFFIX,
    Column,
    Kind,
    enum_aliases,
    enum_inputs,
)

# YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 — and nothing else (no guessing of 03/04/2021).
DATE_PATTERN = (
    r"^(?P<y>\d{4})(?:-(?P<m1>\d{2})-(?P<d1>\d{2})"
    r"|/(?P<m2>\d{1,2})/(?P<d2>\d{1,2})"
    r"|\.(?P<m3>\d{1,2})\.(?P<d3>\d{1,2})"
    r"|年(?P<m4>\d{1,2})月(?P<d4>\d{1,2})日)$"
)
ISO_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"  # the one spelling parsed directly
# Partial dates, where a column allows them: YYYY-MM, YYYY/M, YYYY年M月; YYYY, YYYY年.
MONTH_PATTERN = r"^(?P<y>\d{4})(?:-(?P<m1>\d{2})|/(?P<m2>\d{1,2})|年(?P<m3>\d{1,2})月)$"
YEAR_PATTERN = r"^(?P<y>\d{4})年?$"
# An Excel serial day number (what a date cell shows when formatted as a number): five digits,
# 10000 (1927-05-18) … 73050 (2099-12-31). Four digits in a date column are a year, or a slip.
SERIAL_PATTERN = r"^[1-9]\d{4}(?:\.0+)?$"
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's 1900 leap-year bug aside)
INTEGER_PATTERN = r"^[+-]?\d+(?:\.0+)?$"
DECIMAL_PATTERN = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$"
GROUPED_DECIMAL = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"  # 1,234,567.50

DAY_FORMS = "YYYY-MM-DD、YYYY/M/D、YYYY.M.D、YYYY年M月D日"
PARTIAL_FORMS = "YYYY-MM、YYYY/M、YYYY年M月、YYYY、YYYY年"

POLARS_TYPES: dict[str, pl.DataType] = {
    "id": pl.String(),
    "text": pl.String(),
    "enum": pl.String(),
    "country": pl.String(),
    "currency": pl.String(),
    "date": pl.Date(),
    "integer": pl.Int32(),
    "decimal": pl.Float64(),
}


@dataclass
class TypedTable:
    path: Path
    kind: Kind
    sha256: str
    frame: pl.DataFrame  # typed columns (and a precision beside each partial date) + ROW_COLUMN
    raw: pl.DataFrame  # the strings as read, for quoting values back to the analyst
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # what was understood (美国 → US)
    invalid_cells: set[tuple[int, str]] = field(default_factory=set)


def normalize(raw: RawTable) -> TypedTable:
    assert raw.frame is not None and raw.kind is not None
    kind, frame = raw.kind, raw.frame
    # Words that mean "no value" in an end date (至今) are nulled before typing; a note says so.
    prepared = frame.with_columns(
        _without_open_end(pl.col(c.name)).alias(c.name) for c in kind.columns if c.open_end
    )
    table = TypedTable(
        raw.path, kind, raw.sha256, prepared, frame, list(raw.errors), raw.warnings, list(raw.notes)
    )
    lookups = {c.name: _lookup(c, prepared, table) for c in kind.columns}
    typed_columns: list[pl.Expr] = []
    for col in kind.columns:
        expr = _typed_expr(col, lookups[col.name])
        typed_columns.append(expr.alias(col.name))
        if col.partial:
            precision = pl.when(expr.is_not_null()).then(date_precision(pl.col(col.name)))
            typed_columns.append(precision.alias(col.name + PRECISION_SUFFIX))
    typed = prepared.select(pl.col(ROW_COLUMN), *typed_columns)
    for col in kind.columns:
        if col.open_end:
            _note_open_ends(table, col)
        if col.type not in ("date", "integer", "decimal") and not col.check:
            continue
        bad = prepared.select(ROW_COLUMN, col.name).filter(
            pl.col(col.name).is_not_null() & typed[col.name].is_null()
        )
        rule = f"check.{col.check}" if col.check else f"type.{col.type}"
        fields = (("allowed", _date_forms(col)),) if col.type == "date" else ()
        for row, value in bad.iter_rows():
            if (row, col.name) in table.invalid_cells:
                continue
            table.errors.append(Problem(rule, row=row, column=col.name, value=value, fields=fields))
            table.invalid_cells.add((row, col.name))
    # An empty cell that means another column's value (an end year: the year itself); after the
    # checks above, so that a cell that could not be read is still reported.
    typed = typed.with_columns(
        pl.col(c.name).fill_null(pl.col(c.default_from)) for c in kind.columns if c.default_from
    )
    table.frame = typed
    return table


def _date_forms(col: Column) -> str:
    forms = DAY_FORMS + (f"；或部分日期 {PARTIAL_FORMS}" if col.partial else "")
    return forms + "；或 Excel 日期序号"


def _without_open_end(s: pl.Expr) -> pl.Expr:
    return pl.when(s.str.to_lowercase().is_in(list(OPEN_END_WORDS))).then(None).otherwise(s)


def _note_open_ends(table: TypedTable, col: Column) -> None:
    said = table.raw.filter(pl.col(col.name).str.to_lowercase().is_in(list(OPEN_END_WORDS))).select(
        ROW_COLUMN, col.name
    )
    for (value,), group in said.group_by([col.name], maintain_order=True):
        rows = group[ROW_COLUMN].to_list()
        table.notes.append(_note("note.open_end", col, str(value), rows, ""))


def _note(rule: str, col: Column, value: str, rows: list[int], meaning: str) -> Problem:
    shown = "、".join(str(r) for r in rows[:10]) + ("…" if len(rows) > 10 else "")
    return Problem(
        rule,
        row=rows[0],
        column=col.name,
        value=value,
        fields=(("allowed", meaning), ("count", str(len(rows))), ("rows", shown)),
    )


def _lookup(col: Column, frame: pl.DataFrame, table: TypedTable) -> dict[str, str] | None:
    """For columns judged value by value (names, aliases, checksums): each distinct cell that
    means something else → what it means. Notes and errors are added to `table` here."""
    if col.type in ("country", "currency"):
        return _place_lookup(col, frame, table, col.type)
    if col.type == "enum" and col.aliases:
        aliases = enum_aliases(col)
        used = _distinct(frame, col.name)
        mapping: dict[str, str] = {}
        for value in used:
            code = aliases.get(value.lower())
            if code is not None:
                mapping[value] = code
                label = next(v for v in col.enum if v.code == code)
                rows = _rows_of(frame, col.name, value)
                table.notes.append(
                    _note("note.mapped", col, value, rows, f"{label.label_zh} / {label.label_en}")
                )
        return mapping
    if col.check:
        check = CHECKS[col.check]
        mapping = {}
        for value in _distinct(frame, col.name):
            checked = check(value)
            if checked is None:
                mapping[value] = ""  # becomes null: reported as a check error
            elif checked != value:
                mapping[value] = checked
        return mapping
    return None


def _distinct(frame: pl.DataFrame, column: str) -> list[str]:
    return frame.get_column(column).drop_nulls().unique().to_list()


def _rows_of(frame: pl.DataFrame, column: str, value: str) -> list[int]:
    return frame.filter(pl.col(column) == value).get_column(ROW_COLUMN).to_list()


def _place_lookup(
    col: Column, frame: pl.DataFrame, table: TypedTable, domain: Domain
) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in _distinct(frame, col.name):
        found = resolve(value, domain)
        if found.code is not None:
            mapping[value] = found.code
            if found.code != value.upper():  # a name, not just a code in lower case
                rows = _rows_of(frame, col.name, value)
                table.notes.append(_note("note.mapped", col, value, rows, found.code))
            continue
        if found.ambiguous:
            rule, hint = f"{domain}.ambiguous", " / ".join(found.ambiguous)
        else:
            rule, hint = domain, "、".join(found.suggestions)
        for row in _rows_of(frame, col.name, value):
            table.errors.append(
                Problem(rule, row=row, column=col.name, value=value, fields=(("detail", hint),))
            )
            table.invalid_cells.add((row, col.name))
    return mapping


def _typed_expr(col: Column, lookup: dict[str, str] | None = None) -> pl.Expr:
    s = pl.col(col.name)
    if lookup:
        s = s.replace(lookup)
    if col.check:
        return pl.when(s != "").then(s)
    if col.type == "enum":
        mapped = s.str.to_lowercase().replace_strict(enum_inputs(col), default=s)
        return mapped.fill_null(col.default) if col.default else mapped
    if col.type in ("country", "currency"):
        return s.str.to_uppercase()
    if col.type == "date":
        return parse_dates(s, partial=col.partial)
    if col.type == "integer":
        # INTEGER_PATTERN, without matching it: "12.00" loses its zeros, and the cast takes
        # exactly [+-]?[0-9]+ (tests/etl/test_normalize.py holds the two to the same verdicts).
        return s.str.replace(r"\.0+$", "").cast(pl.Int32, strict=False)
    if col.type == "decimal":
        plain = (
            pl.when(s.str.contains(GROUPED_DECIMAL)).then(s.str.replace_all(",", "")).otherwise(s)
        )
        return (
            pl.when(plain.str.contains(DECIMAL_PATTERN)).then(plain).cast(pl.Float64, strict=False)
        )
    return s


def parse_dates(s: pl.Expr, partial: str | None = None) -> pl.Expr:
    """Parse the contract's date spellings; anything else (or 2021-02-30) becomes null.

    With `partial` ("start" or "end") a month or a year stands for its first or last day.
    """
    # Most cells are ISO already (what systems export): parse those directly. The spelling by
    # spelling extraction below costs several times more per cell, so it only sees the rest.
    is_iso = s.str.contains(ISO_DATE_PATTERN)
    direct = pl.when(is_iso).then(s).str.to_date("%Y-%m-%d", strict=False)
    rest = pl.when(is_iso.not_()).then(s)
    candidates = [direct, _parse_spelled(rest), _parse_serial(rest)]
    if partial:
        month = _parse_month(rest)
        year = _parse_year(rest)
        if partial == "end":
            month, year = month.dt.month_end(), year.dt.offset_by("11mo").dt.month_end()
        candidates += [month, year]
    date = pl.coalesce(*candidates)
    # Year 0000 would parse as 1 BC in Polars' proleptic calendar; that and other years outside
    # the plausible range are refused (see schema.MIN_DATE_YEAR).
    return pl.when(date.dt.year().is_between(MIN_DATE_YEAR, MAX_DATE_YEAR)).then(date)


def date_precision(s: pl.Expr) -> pl.Expr:
    """`day`, `month` or `year`: how precisely a date cell was written (null when empty)."""
    return (
        pl.when(s.str.contains(MONTH_PATTERN))
        .then(pl.lit("month"))
        .when(s.str.contains(YEAR_PATTERN))
        .then(pl.lit("year"))
        .when(s.is_not_null())
        .then(pl.lit("day"))
    )


def _parse_spelled(s: pl.Expr) -> pl.Expr:
    parts = s.str.extract_groups(DATE_PATTERN)
    month = pl.coalesce(*(parts.struct.field(f"m{i}") for i in range(1, 5)))
    day = pl.coalesce(*(parts.struct.field(f"d{i}") for i in range(1, 5)))
    iso = pl.concat_str(
        parts.struct.field("y"), pl.lit("-"), month.str.zfill(2), pl.lit("-"), day.str.zfill(2)
    )
    return iso.str.to_date("%Y-%m-%d", strict=False)


def _parse_serial(s: pl.Expr) -> pl.Expr:
    days = pl.when(s.str.contains(SERIAL_PATTERN)).then(s.str.replace(r"\.0+$", ""))
    return pl.lit(EXCEL_EPOCH) + pl.duration(days=days.cast(pl.Int64, strict=False))


def _parse_month(s: pl.Expr) -> pl.Expr:
    parts = s.str.extract_groups(MONTH_PATTERN)
    month = pl.coalesce(*(parts.struct.field(f"m{i}") for i in range(1, 4)))
    iso = pl.concat_str(parts.struct.field("y"), pl.lit("-"), month.str.zfill(2), pl.lit("-01"))
    return iso.str.to_date("%Y-%m-%d", strict=False)


def _parse_year(s: pl.Expr) -> pl.Expr:
    year = s.str.extract(YEAR_PATTERN, 1)
    return pl.concat_str(year, pl.lit("-01-01")).str.to_date("%Y-%m-%d", strict=False)
