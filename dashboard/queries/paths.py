"""The paths page's questions: joining as members, the intention list, partners, countries."""

from __future__ import annotations

import datetime as dt

import polars as pl

from dashboard.filters import Filters
from dashboard.queries.modes import conferences_of
from dashboard.queries.scope import Scope, ask, sql


def memberships_by_scope_holder(filters: Filters, year: int) -> pl.DataFrame:
    """Memberships held and in force in `year`, by organization scope and holder."""
    question = sql(
        """
        SELECT o.scope,
               CASE WHEN u.parent_unit_id IS NULL THEN 'headquarters' ELSE 'sub_unit' END
                   AS holder,
               count(*) AS memberships
        FROM stg_memberships AS m
        JOIN organizations AS o ON o.org_id = m.org_id
        JOIN units AS u ON u.unit_id = m.unit_id
        WHERE m.is_held AND $year BETWEEN m.first_year AND m.last_year {where}
        GROUP BY ALL ORDER BY ALL
        """,
        where=Scope.of(filters).where(unit="m.unit_id", org="o.scope"),
    )
    return ask(question, year=year)


def comprehensive_deviations(filters: Filters) -> pl.DataFrame:
    question = sql(
        """
        SELECT m.membership_id, m.unit_id, m.status, m.start_date, m.start_date_precision,
               coalesce(o.acronym, o.name_en) AS org_en, coalesce(o.name_zh, o.name_en) AS org_zh
        FROM soft_rule_violations AS v
        JOIN memberships AS m ON v.kind = 'memberships' AND m.membership_id = v.record_id
        JOIN organizations AS o ON o.org_id = m.org_id
        WHERE v.rule = 'comprehensive_by_headquarters' {where}
        ORDER BY m.unit_id, org_en
        """,
        where=Scope.of(filters).where(unit="m.unit_id", org="o.scope"),
    )
    return ask(question)


def intention_funnel(filters: Filters, today: dt.date) -> pl.DataFrame:
    """intended → applying → active (in force today): a current snapshot."""
    question = sql(
        """
        SELECT s.status, count(m.membership_id) AS memberships
        FROM (VALUES ('intended', 1), ('applying', 2), ('active', 3)) AS s(status, step)
        LEFT JOIN memberships AS m ON m.status = s.status
             AND (m.status <> 'active' OR m.end_date IS NULL OR m.end_date >= $today) {where}
        GROUP BY s.status, s.step ORDER BY s.step
        """,
        where=Scope.of(filters).where(unit="m.unit_id", org_id="m.org_id"),
    )
    return ask(question, today=today)


def intention_list(filters: Filters) -> pl.DataFrame:
    question = sql(
        """
        SELECT m.membership_id, m.status, m.unit_id, o.scope, o.hq_country,
               coalesce(o.acronym, o.name_en) AS org_en, coalesce(o.name_zh, o.name_en) AS org_zh
        FROM memberships AS m JOIN organizations AS o ON o.org_id = m.org_id
        WHERE m.status IN ('intended', 'applying') {where}
        ORDER BY CASE m.status WHEN 'applying' THEN 0 ELSE 1 END, org_en
        """,
        where=Scope.of(filters).where(unit="m.unit_id", org="o.scope"),
    )
    return ask(question)


def partners_series(filters: Filters) -> pl.DataFrame:
    """year, new, continuing, returning (engaged again after a gap), engaged."""
    question = sql(
        """
        SELECT year,
               max(value) FILTER (WHERE indicator = 'partners_new') AS new,
               max(value) FILTER (WHERE indicator = 'partners_continuing') AS continuing,
               max(value) FILTER (WHERE indicator = 'orgs_engaged') AS engaged,
               engaged - new - continuing AS returning
        FROM indicator_values
        WHERE indicator IN ('partners_new', 'partners_continuing', 'orgs_engaged') {where}
        GROUP BY year ORDER BY year
        """,
        where=Scope.of(filters).where(own_unit="unit_id", years="year"),
    )
    return ask(question)


def countries_in_year(filters: Filters, year: int) -> pl.DataFrame:
    """country, conferences there, engaged organizations headquartered there, in `year`.

    `year` is a reporting year (the pages offer no other), so the organizations engaged then are
    those of the engagement spans covering it: what `engagement` holds for that year, without
    spreading every span over the calendar first.
    """
    scope = Scope.of(filters)
    question = sql(
        """
        WITH conf AS (
            SELECT c.country, count(*) AS conferences
            FROM {conferences}
            WHERE c.year = $year {where_conf}
            GROUP BY ALL
        ),
        orgs AS (
            SELECT o.hq_country AS country, count(DISTINCT e.org_id) AS organizations
            FROM engagement_spans AS e JOIN organizations AS o ON o.org_id = e.org_id
            WHERE $year BETWEEN e.first_year AND e.last_year {where_orgs}
            GROUP BY ALL
        )
        SELECT coalesce(conf.country, orgs.country) AS country,
               coalesce(conferences, 0) AS conferences,
               coalesce(organizations, 0) AS organizations
        FROM conf FULL OUTER JOIN orgs ON conf.country = orgs.country
        ORDER BY conferences + organizations DESC, country
        """,
        conferences=conferences_of(filters),
        where_conf=scope.where(unit="c.unit_id", org="o.scope"),
        where_orgs=scope.where(unit="e.unit_id", org="o.scope"),
    )
    return ask(question, year=year)


# Who a fee is grouped by: the unit holding the membership, or the organization.
FEE_HOLDERS = {"unit": "m.unit_id", "org": "m.org_id"}


def membership_fees(filters: Filters, by: str) -> pl.DataFrame:
    """The annual fees of the memberships held, per year and currency, by unit or by
    organization (`by`): a membership's fee counts in every year it is in force (within the
    year range). No conversion: each currency is summed on its own.

    Columns: year, holder (a unit_id or an org_id), org_en, org_zh (for organizations),
    currency, fees, memberships."""
    holder = FEE_HOLDERS[by]  # a fixed fragment of this module, never a value
    question = sql(
        """
        SELECT y.year, {holder} AS holder,
               any_value(coalesce(o.acronym, o.name_en)) AS org_en,
               any_value(coalesce(o.name_zh, o.name_en)) AS org_zh,
               f.currency, sum(f.annual_fee) AS fees, count(*) AS memberships
        FROM stg_memberships AS m
        JOIN memberships AS f ON f.membership_id = m.membership_id
        JOIN organizations AS o ON o.org_id = m.org_id
        JOIN calendar_years AS y ON y.year BETWEEN m.first_year AND m.last_year
        WHERE m.is_held AND f.annual_fee IS NOT NULL AND f.currency IS NOT NULL {where}
        GROUP BY y.year, {holder}, f.currency
        ORDER BY y.year DESC, {holder}, f.currency
        """,
        holder=holder,
        where=Scope.of(filters).where(years="y.year", unit="m.unit_id", org="o.scope"),
    )
    return ask(question)
