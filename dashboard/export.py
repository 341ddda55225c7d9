"""Chart data as downloadable CSV and xlsx, safe to open in a spreadsheet.

A cell starting with = + - @, a tab or a carriage return would be read by Excel as a formula
(CSV/formula injection), and so would a full-width ＝ (Excel on a Chinese or Japanese system
takes it for =); exports prefix such cells with a `'`. Only exports are changed: the warehouse
keeps every value verbatim. These buttons are the only way to download a table: the tables'
own toolbar download (which neutralises nothing) is switched off (`client.disableDataExport`,
set by `dashboard.app`).
"""

from __future__ import annotations

import io
import re

import polars as pl

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d")
_SAFE_NAME = re.compile(r"[^\w.-]+", re.UNICODE)


def neutralise_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Text columns (and the header) with formula-looking cells prefixed by a quote."""
    triggers = "^[" + re.escape("".join(FORMULA_TRIGGERS)) + "]"
    exprs = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.String:
            column = (
                pl.when(column.str.contains(triggers)).then(pl.lit("'") + column).otherwise(column)
            )
        exprs.append(column.alias(neutralise_cell(name)))
    return frame.select(exprs)


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested or object columns cannot go into CSV; show them as text."""
    casts = [
        pl.col(name).cast(pl.String)
        for name, dtype in frame.schema.items()
        if isinstance(dtype, (pl.List, pl.Struct, pl.Array, pl.Object))
    ]
    return frame.with_columns(casts) if casts else frame


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    # UTF-8 with BOM: Excel on a Chinese Windows then opens the Chinese text correctly.
    return b"\xef\xbb\xbf" + neutralise(_plain(frame)).write_csv().encode("utf-8")


def to_xlsx_bytes(frame: pl.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    safe = neutralise(_plain(frame))
    # xlsxwriter would otherwise turn text that looks like a formula/URL into one.
    safe.write_excel(buffer, worksheet=sheet[:31] or "data", autofit=True)
    return buffer.getvalue()


def file_stem(name: str) -> str:
    """A download file name from a (possibly Chinese) title: no path separators, no spaces."""
    stem = _SAFE_NAME.sub("_", name).strip("._")
    return stem[:80] or "data"
