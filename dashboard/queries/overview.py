"""The overview's questions: progress against targets, the depth ladder."""

from __future__ import annotations

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.scope import Scope, ask, sql, unit_only


def target_progress(unit_id: str | None, year: int) -> pl.DataFrame:
    question = sql(
        """
        SELECT t.indicator, t.target, t.actual, t.ratio, t.expected_ratio, t.status
        FROM target_progress AS t
        LEFT JOIN indicator_catalog AS c USING (indicator)
        WHERE year = $year {where}
        ORDER BY c.sort_order
        """,
        where=unit_only(unit_id).where(own_unit="unit_id"),
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
