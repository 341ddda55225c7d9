"""The organizations page's questions: the directory with the academy's relationship to each
organization, and one organization's records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.scope import Scope, Where, ask, sql
from dashboard.warehouse import fetch

# The search matches text literally: `\` escapes the LIKE wildcards `%` and `_` (and itself),
# and ESCAPE tells DuckDB so; without it "X_FORMULA" would find nothing.
SEARCHED_COLUMNS = ("o.name_en", "o.name_zh", "o.acronym", "o.field", "o.org_id")
SEARCH = (
    " AND ("
    + " OR ".join(column + " ILIKE $pattern ESCAPE '\\'" for column in SEARCHED_COLUMNS)
    + ")"
)


def search_pattern(search: str) -> str:
    """`%text%` with the wildcards in `text` taken literally."""
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + escaped + "%"


def _search(search: str) -> Where:
    text = search.strip()
    return Where(SEARCH, {"pattern": search_pattern(text)}) if text else Where()


def organization_directory(filters: Filters, search: str, today: dt.date) -> pl.DataFrame:
    """Every organization (scope and search applied) with the academy's relationship to it.

    Relationship counts are restricted to the chosen unit's subtree; conferences count the
    chosen year range. Each relationship is counted per organization in one pass over its
    table, then joined.
    """
    scope = Scope.of(filters)
    question = sql(
        """
        WITH memberships_by_org AS (
            SELECT m.org_id,
                   min(year(m.start_date))
                       FILTER (WHERE m.status = 'active'
                               AND (m.end_date IS NULL OR m.end_date >= $today))
                       AS member_since,
                   max(year(m.end_date))
                       FILTER (WHERE m.status IN ('lapsed', 'withdrawn')
                               OR (m.status = 'active' AND m.end_date < $today))
                       AS member_until,
                   bool_or(m.status IN ('intended', 'applying')) AS on_intention_list
            FROM memberships AS m WHERE TRUE {unit_m}
            GROUP BY m.org_id
        ),
        posts_by_org AS (
            SELECT p.org_id, count(*) AS posts_now
            FROM posts AS p
            WHERE p.start_date <= $today AND (p.end_date IS NULL OR p.end_date >= $today) {unit_p}
            GROUP BY p.org_id
        ),
        conferences_by_org AS (
            SELECT c.org_id, count(*) AS conferences
            FROM stg_conferences AS c
            WHERE TRUE {years_unit_c}
            GROUP BY c.org_id
        ),
        offices_by_org AS (
            SELECT f.org_id, count(*) AS offices
            FROM offices AS f WHERE f.status = 'established' {unit_f}
            GROUP BY f.org_id
        )
        SELECT * FROM (
        SELECT o.org_id, o.name_en, coalesce(o.name_zh, o.name_en) AS name_zh, o.acronym,
               o.scope, o.field, o.hq_country,
               m.member_since,
               CASE WHEN m.member_since IS NULL THEN m.member_until END AS member_until,
               coalesce(p.posts_now, 0) AS posts_now,
               coalesce(c.conferences, 0) AS conferences,
               coalesce(f.offices, 0) AS offices,
               coalesce(m.on_intention_list, FALSE) AS on_intention_list
        FROM organizations AS o
        LEFT JOIN memberships_by_org AS m ON m.org_id = o.org_id
        LEFT JOIN posts_by_org AS p ON p.org_id = o.org_id
        LEFT JOIN conferences_by_org AS c ON c.org_id = o.org_id
        LEFT JOIN offices_by_org AS f ON f.org_id = o.org_id
        WHERE TRUE {scope} {search}
        )
        ORDER BY member_since IS NULL, posts_now + conferences + offices DESC,
                 coalesce(acronym, name_en), org_id
        """,
        unit_m=scope.where(unit="m.unit_id"),
        unit_p=scope.where(unit="p.unit_id"),
        years_unit_c=scope.where(years="c.year", unit="c.unit_id"),
        unit_f=scope.where(unit="f.unit_id"),
        scope=scope.where(org="o.scope"),
        search=_search(search),
    )
    return ask(question, today=today)


def organization(org_id: str) -> dict[str, Any] | None:
    frame = fetch("SELECT * FROM organizations WHERE org_id = $org_id", org_id=org_id)
    return frame.row(0, named=True) if frame.height else None


def organization_memberships(org_id: str) -> pl.DataFrame:
    return fetch(
        """
        SELECT membership_id, unit_id, member_type, person_name, status,
               start_date, start_date_precision, end_date, end_date_precision
        FROM memberships WHERE org_id = $org_id ORDER BY start_date NULLS LAST
        """,
        org_id=org_id,
    )


def organization_posts(org_id: str) -> pl.DataFrame:
    return fetch(
        """
        SELECT person_name, position, level, unit_id,
               start_date, start_date_precision, end_date, end_date_precision
        FROM posts WHERE org_id = $org_id ORDER BY start_date DESC
        """,
        org_id=org_id,
    )


def organization_conferences(org_id: str, filters: Filters) -> pl.DataFrame:
    """Conferences under one organization per year and role (year range and unit applied)."""
    question = sql(
        """
        SELECT c.year, c.role, count(*) AS conferences
        FROM stg_conferences AS c
        WHERE c.org_id = $org_id {where}
        GROUP BY ALL ORDER BY ALL
        """,
        where=Scope.of(filters).where(years="c.year", unit="c.unit_id"),
    )
    return ask(question, org_id=org_id)


def organization_offices(org_id: str) -> pl.DataFrame:
    return fetch(
        """
        SELECT office_id, office_type, city, country, status, unit_id,
               established_date, established_date_precision, closed_date, closed_date_precision
        FROM offices WHERE org_id = $org_id ORDER BY established_date NULLS LAST
        """,
        org_id=org_id,
    )
