"""Records as the schema shapes them: columns collected row by row, then one typed frame."""

from __future__ import annotations

from typing import Any

import polars as pl

from etl.schema import KINDS

_POLARS_TYPES: dict[str, Any] = {
    "id": pl.String,
    "text": pl.String,
    "enum": pl.String,
    "date": pl.Date,
    "integer": pl.Int64,
    "decimal": pl.Float64,
    "country": pl.String,
    "currency": pl.String,
}


def new_columns(kind: str) -> dict[str, list[Any]]:
    return {name: [] for name in KINDS[kind].column_names}


def add_row(cols: dict[str, list[Any]], **values: Any) -> None:
    """Append one record; an unknown or missing column is a bug here, not in the data."""
    if values.keys() != cols.keys():
        raise KeyError(f"columns differ: {sorted(values.keys() ^ cols.keys())}")
    for name, column in cols.items():
        column.append(values[name])


def to_frame(kind: str, cols: dict[str, list[Any]]) -> pl.DataFrame:
    spec = KINDS[kind]
    if tuple(cols) != spec.column_names:
        raise AssertionError(f"{kind}: built {tuple(cols)}, schema has {spec.column_names}")
    return pl.DataFrame(cols, schema={c.name: _POLARS_TYPES[c.type] for c in spec.columns})
