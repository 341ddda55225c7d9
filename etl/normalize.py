"""Stage 2, normalize: string cells → typed columns, vectorised in Polars.

Enum labels become codes (an unknown label is left as typed, so the `enum` expectation names
it), countries and currencies are upper-cased, dates are parsed from exactly the spellings the
contract allows, numbers are parsed. A cell that cannot be parsed becomes null and a `type.*`
problem; the validators then skip that cell so the analyst sees one message per mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from etl.reader import ROW_COLUMN, RawTable
from etl.report import Problem
from etl.schema import MAX_DATE_YEAR, MIN_DATE_YEAR, Column, Kind, enum_inputs

# YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 — and nothing else (no guessing of 03/04/2021).
DATE_PATTERN = (
    r"^(?P<y>\d{4})(?:-(?P<m1>\d{2})-(?P<d1>\d{2})"
    r"|/(?P<m2>\d{1,2})/(?P<d2>\d{1,2})"
    r"|\.(?P<m3>\d{1,2})\.(?P<d3>\d{1,2})"
    r"|年(?P<m4>\d{1,2})月(?P<d4>\d{1,2})日)$"
)
ISO_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"  # the one spelling parsed directly
INTEGER_PATTERN = r"^[+-]?\d+(?:\.0+)?$"
DECIMAL_PATTERN = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$"
GROUPED_DECIMAL = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"  # 1,234,567.50

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
    frame: pl.DataFrame  # typed columns plus ROW_COLUMN
    raw: pl.DataFrame  # the strings as read, for quoting values back to the analyst
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # what was understood (美国 → US)
    invalid_cells: set[tuple[int, str]] = field(default_factory=set)


def normalize(raw: RawTable) -> TypedTable:
    assert raw.frame is not None and raw.kind is not None
    kind, frame = raw.kind, raw.frame
    typed = frame.select(
        pl.col(ROW_COLUMN), *(_typed_expr(col).alias(col.name) for col in kind.columns)
    )
    table = TypedTable(
        raw.path, kind, raw.sha256, typed, frame, list(raw.errors), raw.warnings, list(raw.notes)
    )
    for col in kind.columns:
        if col.type not in ("date", "integer", "decimal"):
            continue
        bad = frame.select(ROW_COLUMN, col.name).filter(
            pl.col(col.name).is_not_null() & typed[col.name].is_null()
        )
        for row, value in bad.iter_rows():
            table.errors.append(Problem(f"type.{col.type}", row=row, column=col.name, value=value))
            table.invalid_cells.add((row, col.name))
    return table


def _typed_expr(col: Column) -> pl.Expr:
    s = pl.col(col.name)
    if col.type == "enum":
        mapped = s.str.to_lowercase().replace_strict(enum_inputs(col), default=s)
        return mapped.fill_null(col.default) if col.default else mapped
    if col.type in ("country", "currency"):
        return s.str.to_uppercase()
    if col.type == "date":
        return parse_dates(s)
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


def parse_dates(s: pl.Expr) -> pl.Expr:
    """Parse the contract's date spellings; anything else (or 2021-02-30) becomes null."""
    # Most cells are ISO already (what systems export): parse those directly. The spelling by
    # spelling extraction below costs several times more per cell, so it only sees the rest.
    is_iso = s.str.contains(ISO_DATE_PATTERN)
    direct = pl.when(is_iso).then(s).str.to_date("%Y-%m-%d", strict=False)
    date = pl.coalesce(direct, _parse_spelled(pl.when(is_iso.not_()).then(s)))
    # Year 0000 would parse as 1 BC in Polars' proleptic calendar; that and other years outside
    # the plausible range are refused (see schema.MIN_DATE_YEAR).
    return pl.when(date.dt.year().is_between(MIN_DATE_YEAR, MAX_DATE_YEAR)).then(date)


def _parse_spelled(s: pl.Expr) -> pl.Expr:
    parts = s.str.extract_groups(DATE_PATTERN)
    month = pl.coalesce(*(parts.struct.field(f"m{i}") for i in range(1, 5)))
    day = pl.coalesce(*(parts.struct.field(f"d{i}") for i in range(1, 5)))
    iso = pl.concat_str(
        parts.struct.field("y"), pl.lit("-"), month.str.zfill(2), pl.lit("-"), day.str.zfill(2)
    )
    return iso.str.to_date("%Y-%m-%d", strict=False)
