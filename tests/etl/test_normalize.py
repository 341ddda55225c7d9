"""Normalization rules that are ours rather than the reader's: plausible date years, integer
cells read by the documented pattern, and values quoted back to people cut short."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.normalize import INTEGER_PATTERN, _typed_expr, parse_dates
from etl.report import Problem
from etl.schema import KINDS, MAX_REPORTED_VALUE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1900-01-01", dt.date(1900, 1, 1)),
        ("2100/12/31", dt.date(2100, 12, 31)),
        ("1899-12-31", None),  # a typing slip, not a record of the 19th century
        ("9999-12-31", None),  # the "open-ended" placeholder: leave the cell empty instead
        ("0000-01-01", None),
    ],
)
def test_dates_outside_the_plausible_years_are_refused(text: str, expected: dt.date | None) -> None:
    parsed = pl.DataFrame({"d": [text]}).select(parse_dates(pl.col("d")))["d"][0]
    assert parsed == expected


def test_huge_values_are_cut_in_reports_but_say_how_much() -> None:
    problem = Problem("max_length", row=2, column="title", value="长" * 1_000_000)
    shown = problem.to_json("zh")["value"]
    assert shown.startswith("长" * MAX_REPORTED_VALUE)
    assert len(shown) < MAX_REPORTED_VALUE + 20 and str(1_000_000 - MAX_REPORTED_VALUE) in shown
    assert len(problem.message("en")) < 1000


INTEGER_CELLS = st.text(alphabet="0123456789+-.٣² e,x", max_size=12) | st.sampled_from(
    ["12.00", "+5.0", "-0", "2147483647", "2147483648", "-2147483648", "-2147483649", "1.0.0"]
)


@given(st.lists(INTEGER_CELLS, min_size=1, max_size=50))
def test_integer_cells_are_read_as_the_documented_pattern_says(cells: list[str]) -> None:
    # The reading skips matching INTEGER_PATTERN (a regex pass per column); it must give what
    # gating the cast on the pattern gives.
    column = KINDS["conferences"].column("staff_attending")
    frame = pl.DataFrame({column.name: cells})
    s = pl.col(column.name)
    gated = pl.when(s.str.contains(INTEGER_PATTERN)).then(s.str.replace(r"\.0+$", ""))
    expected = frame.select(gated.cast(pl.Int32, strict=False))[column.name]
    assert frame.select(_typed_expr(column))[column.name].to_list() == expected.to_list()
