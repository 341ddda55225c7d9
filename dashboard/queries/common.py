"""Questions several pages ask: the unit tree, the organizations, the official indicators, the
health of the data."""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.scope import Scope, ask, sql, unit_only
from dashboard.warehouse import fetch


def units() -> pl.DataFrame:
    """Every unit in tree order (parents before children), with its level below the root.

    Read from the closure materialised at publish time: a unit's ancestors, root first, are its
    place in the tree, and its distance from the root is its level.
    """
    return fetch(
        """
        WITH placed AS (
            SELECT unit_id, list(ancestor_unit_id ORDER BY distance DESC) AS sort_path,
                   max(distance) AS level
            FROM unit_closure GROUP BY unit_id
        )
        SELECT u.unit_id, u.name_zh, coalesce(u.name_en, u.name_zh) AS name_en,
               u.parent_unit_id, CAST(p.level AS INTEGER) AS level
        FROM units AS u JOIN placed AS p USING (unit_id)
        ORDER BY p.sort_path
        """
    )


def organizations_brief() -> pl.DataFrame:
    return fetch(
        """
        SELECT org_id, name_en, coalesce(name_zh, name_en) AS name_zh, acronym, scope
        FROM organizations ORDER BY coalesce(acronym, name_en)
        """
    )


def indicator_series(
    unit_id: str | None, year_from: int, year_to: int, indicators: tuple[str, ...]
) -> pl.DataFrame:
    """year, indicator, value for one unit (rolled up over its sub-units) or the academy."""
    scope = Scope(year_from, year_to, unit_id)
    question = sql(
        """
        SELECT year, indicator, value FROM indicator_values
        WHERE list_contains($wanted, indicator) {where}
        ORDER BY year, indicator
        """,
        where=scope.where(own_unit="unit_id", years="year"),
    )
    return ask(question, wanted=indicators)


def indicator_year(unit_id: str | None, year: int) -> dict[str, float]:
    """Every indicator's value for one year and one unit (or the academy)."""
    question = sql(
        "SELECT indicator, value FROM indicator_values WHERE year = $year {where}",
        where=unit_only(unit_id).where(own_unit="unit_id"),
    )
    frame = ask(question, year=year)
    return dict(zip(frame["indicator"].to_list(), frame["value"].to_list(), strict=True))


def offices_by_status(filters: Filters) -> pl.DataFrame:
    question = sql(
        """
        SELECT f.status, count(*) AS offices
        FROM offices AS f JOIN organizations AS o ON o.org_id = f.org_id
        WHERE TRUE {where}
        GROUP BY ALL
        """,
        where=Scope.of(filters).where(unit="f.unit_id", org="o.scope"),
    )
    return ask(question)


def health() -> dict[str, Any]:
    """Last refresh, files loaded and rejected, soft-rule warnings outstanding."""
    frame = fetch(
        """
        SELECT
          (SELECT max(finished_at) FROM load_runs WHERE status IN ('accepted', 'unchanged'))
              AS last_refreshed,
          (SELECT count(*) FROM load_files WHERE status = 'accepted') AS files_loaded,
          (SELECT count(*) FROM load_files WHERE status = 'rejected') AS files_rejected,
          (SELECT count(*) FROM soft_rule_violations) AS warnings_outstanding,
          (SELECT count(*) FROM load_runs) AS runs
        """
    )
    return frame.row(0, named=True)


def meeting_rule() -> dict[str, Any] | None:
    """The meeting rule in force (names, source, address) as the last publish wrote it; None for
    a warehouse written before meeting rules existed."""
    frame = fetch(
        """
        SELECT rule_id, name_zh, name_en, source_zh, source_en, url
        FROM meeting_rules WHERE in_force LIMIT 1
        """
    )
    return frame.row(0, named=True) if frame.height else None
