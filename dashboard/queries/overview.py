"""The overview's questions: progress against targets, the depth ladder."""

from __future__ import annotations

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.scope import Scope, ask, sql, unit_only


def target_progress(unit_id: str | None, year: int) -> pl.DataFrame:
    """The targets whose period covers `year` (a year's own, and a plan over year … end_year
    with its progress over the period so far), annual ones first, in indicator order."""
    question = sql(
        """
        SELECT t.indicator, t.year AS start_year, t.end_year, t.measure, t.target, t.actual,
               t.baseline, t.expected, t.ratio, t.expected_ratio, t.elapsed_share, t.status
        FROM target_progress AS t
        LEFT JOIN indicator_catalog AS c USING (indicator)
        WHERE $year BETWEEN t.year AND t.end_year {where}
        ORDER BY t.end_year > t.year, c.sort_order, t.year
        """,
        where=unit_only(unit_id).where(own_unit="t.unit_id"),
    )
    return ask(question, year=year)


def target_status(filters: Filters, year: int) -> pl.DataFrame:
    """Every unit's targets (and the academy's) whose period covers `year`: unit × indicator,
    the period, actual, target, status — the unit filter narrows to its subtree."""
    question = sql(
        """
        SELECT t.unit_id, t.indicator, t.year AS start_year, t.end_year, t.measure,
               t.actual, t.target, t.ratio, t.expected_ratio, t.status
        FROM target_progress AS t
        LEFT JOIN indicator_catalog AS c USING (indicator)
        WHERE $year BETWEEN t.year AND t.end_year {where}
        ORDER BY t.unit_id NULLS FIRST, c.sort_order, t.year, t.end_year
        """,
        where=Scope.of(filters).where(unit="t.unit_id"),
    )
    return ask(question, year=year)


def depth_ladder(filters: Filters, year: int) -> pl.DataFrame:
    """How many units reach each depth level by themselves in `year` (every level listed),
    read from the depths materialised at publish time."""
    question = sql(
        """
        SELECT l.level AS depth, count(d.unit_id) AS units
        FROM depth_levels AS l
        LEFT JOIN unit_depth AS d ON d.depth = l.level AND d.year = $year {where}
        GROUP BY l.level ORDER BY l.level
        """,
        where=Scope.of(filters).where(unit="d.unit_id"),
    )
    return ask(question, year=year)
