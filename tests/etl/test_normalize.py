"""Normalization rules that are ours rather than the reader's: plausible date years, and
values quoted back to people cut short."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from etl.normalize import parse_dates
from etl.report import Problem
from etl.schema import MAX_REPORTED_VALUE


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
