"""The safeguards page's questions: measures, resources, overdue ones, and the information
safeguard read from the data itself (who reported, how recent the records are)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.scope import Scope, ask, sql
from dashboard.warehouse import fetch

# Academy-wide measures (no unit) belong to the academy view only: a unit filter drops them.


def safeguards_by_category(filters: Filters) -> pl.DataFrame:
    question = sql(
        """
        SELECT s.category, s.status, count(*) AS measures
        FROM stg_safeguards AS s WHERE TRUE {where}
        GROUP BY ALL ORDER BY ALL
        """,
        where=Scope.of(filters).where(unit="s.unit_id"),
    )
    return ask(question)


def safeguard_resources(filters: Filters) -> pl.DataFrame:
    question = sql(
        """
        SELECT CAST(year(coalesce(s.done_date, s.due_date)) AS INTEGER) AS year,
               coalesce(sum(s.amount_cny), 0) AS amount_cny,
               coalesce(sum(s.people), 0) AS people,
               count(*) AS measures
        FROM stg_safeguards AS s
        WHERE year(coalesce(s.done_date, s.due_date)) BETWEEN $year_from AND $year_to {where}
        GROUP BY ALL ORDER BY ALL
        """,
        where=Scope.of(filters).where(unit="s.unit_id"),
    )
    return ask(question, year_from=filters.year_from, year_to=filters.year_to)


def overdue_safeguards(filters: Filters, today: dt.date) -> pl.DataFrame:
    question = sql(
        """
        SELECT s.measure_id, s.title, s.category, s.status, s.unit_id, s.due_date,
               CAST($today - s.due_date AS INTEGER) AS days_overdue
        FROM stg_safeguards AS s
        WHERE NOT s.is_done AND s.due_date < $today {where}
        ORDER BY s.due_date
        """,
        where=Scope.of(filters).where(unit="s.unit_id"),
    )
    return ask(question, today=today)


def latest_record_dates() -> pl.DataFrame:
    """kind, records, latest_date: the newest start of each kind (how recent reporting is)."""
    return fetch(
        """
        SELECT 'memberships' AS kind, count(*) AS records, max(start_date) AS latest_date
        FROM memberships
        UNION ALL SELECT 'conferences', count(*), max(start_date) FROM conferences
        UNION ALL SELECT 'posts', count(*), max(start_date) FROM posts
        UNION ALL SELECT 'offices', count(*), max(established_date) FROM offices
        UNION ALL SELECT 'safeguards', count(*), max(done_date) FROM safeguards
        UNION ALL SELECT 'targets', count(*), NULL FROM targets
        """
    )


def units_reporting(filters: Filters, year: int) -> pl.DataFrame:
    """unit_id, reported: whether each unit of the subtree has any activity in `year`, read from
    the activity materialised at publish time."""
    question = sql(
        """
        SELECT u.unit_id, EXISTS (
            SELECT 1 FROM unit_activity AS a WHERE a.unit_id = u.unit_id AND a.year = $year
        ) AS reported
        FROM units AS u WHERE TRUE {where}
        ORDER BY u.unit_id
        """,
        where=Scope.of(filters).where(unit="u.unit_id"),
    )
    return ask(question, year=year)
