"""The units page's questions (a module not named `units`: that is the unit tree question):
the scorecard, a unit and its sub-units, two units compared."""

from __future__ import annotations

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.scope import Scope, ask, sql
from dashboard.warehouse import fetch


def scorecard(filters: Filters, year: int) -> pl.DataFrame:
    """unit_id, indicator, value for every unit in the filtered subtree (rolled-up values)."""
    question = sql(
        """
        SELECT v.unit_id, v.indicator, v.value
        FROM indicator_values AS v
        WHERE v.year = $year AND v.unit_id IS NOT NULL {where}
        """,
        where=Scope.of(filters).where(unit="v.unit_id"),
    )
    return ask(question, year=year)


def unit_family_series(unit_id: str, indicator: str, year_from: int, year_to: int) -> pl.DataFrame:
    """year, unit_id, value for a unit and its direct sub-units."""
    return fetch(
        """
        SELECT v.year, v.unit_id, v.value, c.distance
        FROM indicator_values AS v
        JOIN unit_closure AS c ON c.unit_id = v.unit_id AND c.ancestor_unit_id = $unit_id
        WHERE c.distance <= 1 AND v.indicator = $indicator
          AND v.year BETWEEN $year_from AND $year_to
        ORDER BY c.distance, v.unit_id, v.year
        """,
        unit_id=unit_id,
        indicator=indicator,
        year_from=year_from,
        year_to=year_to,
    )


def compare_units(unit_a: str, unit_b: str, year: int) -> pl.DataFrame:
    return fetch(
        """
        SELECT v.unit_id, v.indicator, v.value, c.sort_order
        FROM indicator_values AS v JOIN indicator_catalog AS c USING (indicator)
        WHERE v.year = $year AND v.unit_id IN ($unit_a, $unit_b)
        ORDER BY c.sort_order
        """,
        unit_a=unit_a,
        unit_b=unit_b,
        year=year,
    )
