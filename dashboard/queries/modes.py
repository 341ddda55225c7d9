"""The modes page's questions: conferences, posts and offices."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.scope import Scope, ask, sql

# Conferences (c), joined to their organization (o) only when a scope filter needs it: org_id is
# unique in organizations (the loader upserts by it), so the LEFT JOIN never adds or drops a
# conference, and without a scope to filter on it is work for nothing.
CONFERENCES = "stg_conferences AS c"
CONFERENCES_WITH_ORGS = "stg_conferences AS c LEFT JOIN organizations AS o ON o.org_id = c.org_id"


def conferences_of(filters: Filters) -> str:
    return CONFERENCES_WITH_ORGS if filters.scope else CONFERENCES


def _conferences(filters: Filters, template: str) -> pl.DataFrame:
    """A question over the filtered conferences: `{conferences}` and `{where}` filled."""
    where = Scope.of(filters).where(years="c.year", unit="c.unit_id", org="o.scope")
    return ask(sql(template, conferences=conferences_of(filters), where=where))


def conferences_by_role(filters: Filters) -> pl.DataFrame:
    return _conferences(
        filters,
        """
        SELECT c.year, c.role, count(*) AS conferences
        FROM {conferences} WHERE TRUE {where}
        GROUP BY ALL ORDER BY ALL
        """,
    )


def conferences_online_share(filters: Filters) -> pl.DataFrame:
    return _conferences(
        filters,
        """
        SELECT c.year,
               count(*) AS conferences,
               count(*) FILTER (WHERE c.format = 'online') AS online,
               count(*) FILTER (WHERE c.format = 'hybrid') AS hybrid,
               count(*) FILTER (WHERE c.is_online) / count(*) AS share
        FROM {conferences} WHERE TRUE {where}
        GROUP BY ALL ORDER BY ALL
        """,
    )


def conference_countries(filters: Filters, limit: int = 15) -> pl.DataFrame:
    where = Scope.of(filters).where(years="c.year", unit="c.unit_id", org="o.scope")
    question = sql(
        """
        SELECT c.country, count(*) AS conferences,
               count(*) FILTER (WHERE c.is_cohosted) AS cohosted
        FROM {conferences} WHERE TRUE {where}
        GROUP BY ALL ORDER BY conferences DESC, c.country LIMIT $limit
        """,
        conferences=conferences_of(filters),
        where=where,
    )
    return ask(question, limit=limit)


def attend_host_ratio(filters: Filters) -> pl.DataFrame:
    """The 'shallow cooperation' ratio from the official indicators of the chosen unit."""
    question = sql(
        """
        SELECT year,
               max(value) FILTER (WHERE indicator = 'conferences_attended') AS attended,
               max(value) FILTER (WHERE indicator = 'conferences_cohosted') AS cohosted,
               CASE WHEN cohosted > 0 THEN attended / cohosted END AS ratio
        FROM indicator_values
        WHERE indicator IN ('conferences_attended', 'conferences_cohosted') {where}
        GROUP BY year ORDER BY year
        """,
        where=Scope.of(filters).where(own_unit="unit_id", years="year"),
    )
    return ask(question)


def posts_by_level(filters: Filters, year: int) -> pl.DataFrame:
    """Posts in force during `year` by level (the ETL's own in-force span)."""
    question = sql(
        """
        SELECT p.level, count(*) AS posts, count(DISTINCT p.person_key) AS people
        FROM stg_posts AS p JOIN organizations AS o ON o.org_id = p.org_id
        WHERE $year BETWEEN p.first_year AND p.last_year {where}
        GROUP BY ALL
        """,
        where=Scope.of(filters).where(unit="p.unit_id", org="o.scope"),
    )
    return ask(question, year=year)


def succession_alerts(filters: Filters, today: dt.date) -> pl.DataFrame:
    """Posts whose term ends within the next 12 months, soonest first."""
    question = sql(
        """
        SELECT p.person_name, p.position, p.level, p.unit_id,
               coalesce(o.acronym, o.name_en) AS org_en, coalesce(o.name_zh, o.name_en) AS org_zh,
               p.end_date, p.end_date_precision,
               CAST(p.end_date - $today AS INTEGER) AS days_left
        FROM posts AS p JOIN organizations AS o ON o.org_id = p.org_id
        WHERE p.end_date BETWEEN $today AND $today + INTERVAL 12 MONTH {where}
        ORDER BY p.end_date, p.person_name
        """,
        where=Scope.of(filters).where(unit="p.unit_id", org="o.scope"),
    )
    return ask(question, today=today)


def office_timeline(filters: Filters, today: dt.date) -> pl.DataFrame:
    """Every office that has existed, from establishment to closure (or today)."""
    question = sql(
        """
        SELECT f.office_id, f.office_type, f.city, f.status, f.unit_id,
               coalesce(o.acronym, o.name_en) AS org_en, coalesce(o.name_zh, o.name_en) AS org_zh,
               f.established_date AS start, coalesce(f.closed_date, $today) AS finish,
               f.established_date_precision AS start_precision,
               CASE WHEN f.closed_date IS NOT NULL THEN f.closed_date_precision END
                   AS finish_precision
        FROM offices AS f JOIN organizations AS o ON o.org_id = f.org_id
        WHERE f.established_date IS NOT NULL {where}
        ORDER BY f.established_date, f.office_id
        """,
        where=Scope.of(filters).where(unit="f.unit_id", org="o.scope"),
    )
    return ask(question, today=today)


def leader_posts(filters: Filters, today: dt.date) -> pl.DataFrame:
    """Leader posts in force today (started, not ended), the terms ending within 12 months
    marked; soonest-ending first, open-ended last."""
    question = sql(
        """
        SELECT p.person_name, p.position, p.unit_id,
               coalesce(o.acronym, o.name_en) AS org_en, coalesce(o.name_zh, o.name_en) AS org_zh,
               p.start_date, p.start_date_precision, p.end_date, p.end_date_precision,
               p.end_date IS NOT NULL AND p.end_date <= $today + INTERVAL 12 MONTH AS ending_soon
        FROM posts AS p JOIN organizations AS o ON o.org_id = p.org_id
        WHERE p.level = 'leader' AND p.start_date <= $today
              AND (p.end_date IS NULL OR p.end_date >= $today) {where}
        ORDER BY p.end_date NULLS LAST, p.person_name, p.post_id
        """,
        where=Scope.of(filters).where(unit="p.unit_id", org="o.scope"),
    )
    return ask(question, today=today)


def office_pipeline(filters: Filters) -> pl.DataFrame:
    """Every office by name with its stage and the date it reached that stage (talks began,
    approved, established, closed), pipeline first."""
    question = sql(
        """
        SELECT f.office_id, f.status, f.office_type, f.city, f.unit_id,
               coalesce(o.acronym, o.name_en) AS org_en, coalesce(o.name_zh, o.name_en) AS org_zh,
               CASE f.status WHEN 'negotiating' THEN f.negotiation_date
                             WHEN 'approved' THEN f.approved_date
                             WHEN 'established' THEN f.established_date
                             ELSE f.closed_date END AS since,
               CASE f.status WHEN 'negotiating' THEN f.negotiation_date_precision
                             WHEN 'approved' THEN f.approved_date_precision
                             WHEN 'established' THEN f.established_date_precision
                             ELSE f.closed_date_precision END AS since_precision
        FROM offices AS f JOIN organizations AS o ON o.org_id = f.org_id
        WHERE TRUE {where}
        ORDER BY CASE f.status WHEN 'negotiating' THEN 0 WHEN 'approved' THEN 1
                               WHEN 'established' THEN 2 ELSE 3 END,
                 since NULLS LAST, org_en, f.office_id
        """,
        where=Scope.of(filters).where(unit="f.unit_id", org="o.scope"),
    )
    return ask(question)


def conference_qualification(filters: Filters) -> pl.DataFrame:
    """year, qualified, not_qualified, unknown: the filtered conferences judged by the meeting
    rule in force (`conference_qualification`)."""
    return _conferences(
        filters,
        """
        SELECT c.year,
               count(*) FILTER (WHERE q.qualification = 'qualified') AS qualified,
               count(*) FILTER (WHERE q.qualification = 'not_qualified') AS not_qualified,
               count(*) FILTER (WHERE q.qualification = 'unknown') AS unknown
        FROM {conferences}
        JOIN conference_qualification AS q ON q.conference_id = c.conference_id
        WHERE TRUE {where}
        GROUP BY ALL ORDER BY ALL
        """,
    )
