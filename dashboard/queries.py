"""Every question the dashboard asks the warehouse: SQL in, a small Polars frame out.

Reading rules:
- The warehouse is opened read-only, once per published file (path, inode, mtime, size), and
  that connection is shared by every query and session: each query runs on its own cursor, so
  sessions (Streamlit threads) read in parallel and no lock is held while a query runs.
- A load replaces the file (`os.replace`) and must never wait for the dashboard: an open file
  handle on the old inode does not stop that. The next query sees another file identity, opens
  the new file and retires the old connection, closed as soon as no query still uses it.
- The file is attached to a private in-memory database (`ATTACH … (READ_ONLY)`), not opened
  with `duckdb.connect(path)`: DuckDB hands a new `connect()` the database already open for
  that path in this process, which after a load would still be the old file.
- Results are cached on the file's identity and today's date (the views' "in force now"
  depends on it): a load is picked up at the next interaction, no restart.
- Aggregation happens in DuckDB; what comes back is what a chart or table shows.
- User-chosen values are always bound parameters; only fixed SQL fragments are composed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
import polars as pl
import streamlit as st

from dashboard.filters import Filters
from etl import clock
from etl.config import resolve_data_dir

Identity = tuple[str, int, int, int, str]
Params = tuple[tuple[str, Any], ...]


class WarehouseMissing(Exception):
    """There is no warehouse file yet."""


class WarehouseUnavailable(Exception):
    """The warehouse exists but cannot be read (being replaced, or views missing)."""


def warehouse_path() -> Path:
    return resolve_data_dir().warehouse


FileKey = tuple[str, int, int, int]  # path, inode, mtime, size: one published warehouse file


def _file_key(path: Path) -> FileKey | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (str(path.resolve()), info.st_ino, info.st_mtime_ns, info.st_size)


def warehouse_identity(path: Path | None = None) -> Identity | None:
    """What makes a cached answer stale: another file, another write, another day."""
    key = _file_key(path or warehouse_path())
    return None if key is None else (*key, clock.today().isoformat())


# ---- the shared read-only connection -------------------------------------------------------

_ALIAS = "wh"  # the warehouse's name inside the private in-memory database
_ATTACH_ATTEMPTS = 3


@dataclass(eq=False)
class _OpenWarehouse:
    """One published file, attached read-only; closed once retired and no query uses it."""

    key: FileKey
    connection: duckdb.DuckDBPyConnection
    readers: int = 0
    retired: bool = False

    def close_if_idle(self) -> None:
        if self.retired and self.readers == 0:
            self.connection.close()


# The file last opened at each warehouse path. The lock guards this registry, the reader counts
# and the bookkeeping of cursors (creating, closing); queries themselves run outside it.
_OPEN: dict[str, _OpenWarehouse] = {}
_REGISTRY_LOCK = threading.Lock()


def _attach(path: Path) -> _OpenWarehouse:
    """Attach the file at `path`, making sure the file attached is the one the key describes."""
    for _ in range(_ATTACH_ATTEMPTS):
        key = _file_key(path)
        if key is None:
            raise WarehouseMissing(str(path))
        connection = clock.bind(duckdb.connect(":memory:"))
        try:
            connection.execute(f"ATTACH $path AS {_ALIAS} (READ_ONLY)", {"path": key[0]})
        except duckdb.Error as exc:
            connection.close()
            raise WarehouseUnavailable(str(exc)) from None
        if _file_key(path) == key:
            return _OpenWarehouse(key, connection)
        connection.close()  # replaced while attaching: attach the new file instead
    raise WarehouseUnavailable(f"{path} kept changing while being opened")


def _retire(warehouse: _OpenWarehouse) -> None:
    warehouse.retired = True
    warehouse.close_if_idle()


def _current(path: Path) -> _OpenWarehouse:
    """The open warehouse for the file now at `path`, attached if it is new (lock held)."""
    key = _file_key(path)
    if key is None:
        raise WarehouseMissing(str(path))
    current = _OPEN.get(key[0])
    if current is not None and current.key == key:
        return current
    if current is not None:
        # Another file now: the old connection only serves the queries already running on it.
        del _OPEN[key[0]]
        _retire(current)
    current = _OPEN[key[0]] = _attach(path)
    return current


@contextlib.contextmanager
def _cursor(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the shared connection to the file now at `path`, for one query."""
    with _REGISTRY_LOCK:
        warehouse = _current(path)
        cursor = warehouse.connection.cursor()
        warehouse.readers += 1
    try:
        cursor.execute(f"USE {_ALIAS}")
        yield cursor
    finally:
        with _REGISTRY_LOCK:
            cursor.close()
            warehouse.readers -= 1
            warehouse.close_if_idle()


def close_connections() -> None:
    """Close every warehouse connection (each as soon as the queries running on it end)."""
    with _REGISTRY_LOCK:
        for warehouse in _OPEN.values():
            _retire(warehouse)
        _OPEN.clear()


def _read(path: Path, sql: str, params: Params) -> pl.DataFrame:
    try:
        with _cursor(path) as cursor:
            return cursor.sql(sql, params=dict(params) or None).pl()
    except duckdb.Error as exc:
        raise WarehouseUnavailable(str(exc)) from None


@st.cache_data(max_entries=2048, ttl=dt.timedelta(hours=6), show_spinner=False)
def _fetch_cached(identity: Identity, sql: str, params: Params) -> pl.DataFrame:
    return _read(Path(identity[0]), sql, params)


_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


def fetch(sql: str, **params: Any) -> pl.DataFrame:
    """Run one read-only query with named parameters (`$name`), cached on the file identity."""
    identity = warehouse_identity()
    if identity is None:
        raise WarehouseMissing(str(warehouse_path()))
    # DuckDB refuses parameters the statement does not use; filters offer more than each needs.
    used = set(_PARAMETER.findall(sql))
    bound = tuple(sorted((k, v) for k, v in params.items() if k in used))
    return _fetch_cached(identity, sql, bound)


def clear_cache() -> None:
    _fetch_cached.clear()


# ---- SQL fragments (fixed text; values are parameters) -------------------------------------

UNIT_SUBTREE = "(SELECT unit_id FROM unit_closure WHERE ancestor_unit_id = $unit_id)"


def _unit_clause(filters: Filters, column: str) -> str:
    return f" AND {column} IN {UNIT_SUBTREE}" if filters.unit_id else ""


def _scope_clause(filters: Filters, column: str) -> str:
    return f" AND {column} = $scope" if filters.scope else ""


def _filter_params(filters: Filters, *, years: bool = True) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if years:
        params.update(year_from=filters.year_from, year_to=filters.year_to)
    if filters.unit_id:
        params["unit_id"] = filters.unit_id
    if filters.scope:
        params["scope"] = filters.scope
    return params


# ---- the state of the warehouse ------------------------------------------------------------


@dataclass(frozen=True)
class WarehouseStatus:
    state: Literal["missing", "empty", "unavailable", "ready"]
    path: Path
    years: tuple[int, ...] = field(default=())

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None


def warehouse_status() -> WarehouseStatus:
    path = warehouse_path()
    try:
        frame = fetch("SELECT DISTINCT year FROM indicator_values WHERE unit_id IS NULL ORDER BY 1")
    except WarehouseMissing:
        return WarehouseStatus("missing", path)
    except WarehouseUnavailable:
        return WarehouseStatus("unavailable", path)
    years = tuple(int(y) for y in frame["year"].to_list())
    return WarehouseStatus("ready" if years else "empty", path, years)


# ---- units and organizations ---------------------------------------------------------------


def units() -> pl.DataFrame:
    """Every unit in tree order (parents before children), with its level below the root."""
    return fetch(
        """
        WITH RECURSIVE tree(unit_id, name_zh, name_en, parent_unit_id, level, sort_path) AS (
            SELECT unit_id, name_zh, name_en, parent_unit_id, 0, [unit_id]
            FROM units WHERE parent_unit_id IS NULL
            UNION ALL
            SELECT u.unit_id, u.name_zh, u.name_en, u.parent_unit_id, t.level + 1,
                   list_append(t.sort_path, u.unit_id)
            FROM units AS u JOIN tree AS t ON u.parent_unit_id = t.unit_id
            WHERE t.level < 64
        )
        SELECT unit_id, name_zh, coalesce(name_en, name_zh) AS name_en, parent_unit_id,
               CAST(level AS INTEGER) AS level
        FROM tree ORDER BY sort_path
        """
    )


def organizations_brief() -> pl.DataFrame:
    return fetch(
        """
        SELECT org_id, name_en, coalesce(name_zh, name_en) AS name_zh, acronym, scope
        FROM organizations ORDER BY coalesce(acronym, name_en)
        """
    )


# ---- indicators ----------------------------------------------------------------------------


def indicator_series(
    unit_id: str | None, year_from: int, year_to: int, indicators: tuple[str, ...]
) -> pl.DataFrame:
    """year, indicator, value for one unit (rolled up over its sub-units) or the academy."""
    unit_sql = "unit_id = $unit_id" if unit_id else "unit_id IS NULL"
    params: dict[str, Any] = {"year_from": year_from, "year_to": year_to, "wanted": indicators}
    if unit_id:
        params["unit_id"] = unit_id
    return fetch(
        f"""
        SELECT year, indicator, value FROM indicator_values
        WHERE {unit_sql} AND year BETWEEN $year_from AND $year_to
          AND list_contains($wanted, indicator)
        ORDER BY year, indicator
        """,
        **params,
    )


def indicator_year(unit_id: str | None, year: int) -> dict[str, float]:
    """Every indicator's value for one year and one unit (or the academy)."""
    unit_sql = "unit_id = $unit_id" if unit_id else "unit_id IS NULL"
    params: dict[str, Any] = {"year": year}
    if unit_id:
        params["unit_id"] = unit_id
    frame = fetch(
        f"SELECT indicator, value FROM indicator_values WHERE {unit_sql} AND year = $year",
        **params,
    )
    return dict(zip(frame["indicator"].to_list(), frame["value"].to_list(), strict=True))


def target_progress(unit_id: str | None, year: int) -> pl.DataFrame:
    unit_sql = "unit_id = $unit_id" if unit_id else "unit_id IS NULL"
    params: dict[str, Any] = {"year": year}
    if unit_id:
        params["unit_id"] = unit_id
    return fetch(
        f"""
        SELECT t.indicator, t.target, t.actual, t.ratio, t.expected_ratio, t.status
        FROM target_progress AS t
        LEFT JOIN indicator_catalog AS c USING (indicator)
        WHERE {unit_sql} AND year = $year
        ORDER BY c.sort_order
        """,
        **params,
    )


def depth_ladder(filters: Filters, year: int) -> pl.DataFrame:
    """How many units reach each depth level by themselves in `year` (every level listed)."""
    return fetch(
        f"""
        SELECT l.level AS depth, count(d.unit_id) AS units
        FROM depth_levels AS l
        LEFT JOIN unit_depth AS d
          ON d.depth = l.level AND d.year = $year {_unit_clause(filters, "d.unit_id")}
        GROUP BY l.level ORDER BY l.level
        """,
        year=year,
        **_filter_params(filters, years=False),
    )


def scorecard(filters: Filters, year: int) -> pl.DataFrame:
    """unit_id, indicator, value for every unit in the filtered subtree (rolled-up values)."""
    return fetch(
        f"""
        SELECT v.unit_id, v.indicator, v.value
        FROM indicator_values AS v
        WHERE v.year = $year AND v.unit_id IS NOT NULL {_unit_clause(filters, "v.unit_id")}
        """,
        year=year,
        **_filter_params(filters, years=False),
    )


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


# ---- health and freshness ------------------------------------------------------------------


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
    """unit_id, reported: whether each unit of the subtree has any activity in `year`."""
    return fetch(
        f"""
        SELECT u.unit_id, EXISTS (
            SELECT 1 FROM unit_activity AS a WHERE a.unit_id = u.unit_id AND a.year = $year
        ) AS reported
        FROM units AS u WHERE TRUE {_unit_clause(filters, "u.unit_id")}
        ORDER BY u.unit_id
        """,
        year=year,
        **_filter_params(filters, years=False),
    )


# ---- modes: conferences --------------------------------------------------------------------


def _conferences_of(filters: Filters) -> str:
    """stg_conferences AS c, joined to its organization (o) only when a scope filter needs it.

    org_id is unique in organizations (the loader upserts by it), so the LEFT JOIN never adds
    or drops a conference: without a scope to filter on, it is work for nothing.
    """
    if filters.scope:
        return "stg_conferences AS c LEFT JOIN organizations AS o ON o.org_id = c.org_id"
    return "stg_conferences AS c"


def _conf_from(filters: Filters) -> str:
    return f"FROM {_conferences_of(filters)} WHERE c.year BETWEEN $year_from AND $year_to"


def conferences_by_role(filters: Filters) -> pl.DataFrame:
    return fetch(
        f"""
        SELECT c.year, c.role, count(*) AS conferences {_conf_from(filters)}
        {_unit_clause(filters, "c.unit_id")} {_scope_clause(filters, "o.scope")}
        GROUP BY ALL ORDER BY ALL
        """,
        **_filter_params(filters),
    )


def conferences_online_share(filters: Filters) -> pl.DataFrame:
    return fetch(
        f"""
        SELECT c.year,
               count(*) AS conferences,
               count(*) FILTER (WHERE c.format = 'online') AS online,
               count(*) FILTER (WHERE c.format = 'hybrid') AS hybrid,
               count(*) FILTER (WHERE c.is_online) / count(*) AS share
        {_conf_from(filters)}
        {_unit_clause(filters, "c.unit_id")} {_scope_clause(filters, "o.scope")}
        GROUP BY ALL ORDER BY ALL
        """,
        **_filter_params(filters),
    )


def conference_countries(filters: Filters, limit: int = 15) -> pl.DataFrame:
    return fetch(
        f"""
        SELECT c.country, count(*) AS conferences,
               count(*) FILTER (WHERE c.is_cohosted) AS cohosted
        {_conf_from(filters)}
        {_unit_clause(filters, "c.unit_id")} {_scope_clause(filters, "o.scope")}
        GROUP BY ALL ORDER BY conferences DESC, c.country LIMIT $limit
        """,
        limit=limit,
        **_filter_params(filters),
    )


def attend_host_ratio(filters: Filters) -> pl.DataFrame:
    """The 'shallow cooperation' ratio from the official indicators of the chosen unit."""
    unit_sql = "unit_id = $unit_id" if filters.unit_id else "unit_id IS NULL"
    params: dict[str, Any] = {"year_from": filters.year_from, "year_to": filters.year_to}
    if filters.unit_id:
        params["unit_id"] = filters.unit_id
    return fetch(
        f"""
        SELECT year,
               max(value) FILTER (WHERE indicator = 'conferences_attended') AS attended,
               max(value) FILTER (WHERE indicator = 'conferences_cohosted') AS cohosted,
               CASE WHEN cohosted > 0 THEN attended / cohosted END AS ratio
        FROM indicator_values
        WHERE {unit_sql} AND year BETWEEN $year_from AND $year_to
          AND indicator IN ('conferences_attended', 'conferences_cohosted')
        GROUP BY year ORDER BY year
        """,
        **params,
    )


# ---- modes: posts --------------------------------------------------------------------------


def posts_by_level(filters: Filters, year: int) -> pl.DataFrame:
    """Posts in force during `year` by level (the ETL's own in-force span)."""
    return fetch(
        f"""
        SELECT p.level, count(*) AS posts, count(DISTINCT p.person_key) AS people
        FROM stg_posts AS p JOIN organizations AS o ON o.org_id = p.org_id
        WHERE $year BETWEEN p.first_year AND p.last_year
        {_unit_clause(filters, "p.unit_id")} {_scope_clause(filters, "o.scope")}
        GROUP BY ALL
        """,
        year=year,
        **_filter_params(filters, years=False),
    )


def succession_alerts(filters: Filters, today: dt.date) -> pl.DataFrame:
    """Posts whose term ends within the next 12 months, soonest first."""
    return fetch(
        f"""
        SELECT p.person_name, p.position, p.level, p.unit_id,
               coalesce(o.acronym, o.name_en) AS org_en, coalesce(o.name_zh, o.name_en) AS org_zh,
               p.end_date, CAST(p.end_date - $today AS INTEGER) AS days_left
        FROM posts AS p JOIN organizations AS o ON o.org_id = p.org_id
        WHERE p.end_date BETWEEN $today AND $today + INTERVAL 12 MONTH
        {_unit_clause(filters, "p.unit_id")} {_scope_clause(filters, "o.scope")}
        ORDER BY p.end_date, p.person_name
        """,
        today=today,
        **_filter_params(filters, years=False),
    )


# ---- modes: offices ------------------------------------------------------------------------


def offices_by_status(filters: Filters) -> pl.DataFrame:
    return fetch(
        f"""
        SELECT f.status, count(*) AS offices
        FROM offices AS f JOIN organizations AS o ON o.org_id = f.org_id
        WHERE TRUE {_unit_clause(filters, "f.unit_id")} {_scope_clause(filters, "o.scope")}
        GROUP BY ALL
        """,
        **_filter_params(filters, years=False),
    )


def office_timeline(filters: Filters, today: dt.date) -> pl.DataFrame:
    """Every office that has existed, from establishment to closure (or today)."""
    return fetch(
        f"""
        SELECT f.office_id, f.office_type, f.city, f.status, f.unit_id,
               coalesce(o.acronym, o.name_en) AS org_en, coalesce(o.name_zh, o.name_en) AS org_zh,
               f.established_date AS start, coalesce(f.closed_date, $today) AS finish
        FROM offices AS f JOIN organizations AS o ON o.org_id = f.org_id
        WHERE f.established_date IS NOT NULL
        {_unit_clause(filters, "f.unit_id")} {_scope_clause(filters, "o.scope")}
        ORDER BY f.established_date, f.office_id
        """,
        today=today,
        **_filter_params(filters, years=False),
    )


# ---- paths ---------------------------------------------------------------------------------


def memberships_by_scope_holder(filters: Filters, year: int) -> pl.DataFrame:
    """Memberships held and in force in `year`, by organization scope and holder."""
    return fetch(
        f"""
        SELECT o.scope,
               CASE WHEN u.parent_unit_id IS NULL THEN 'headquarters' ELSE 'sub_unit' END
                   AS holder,
               count(*) AS memberships
        FROM stg_memberships AS m
        JOIN organizations AS o ON o.org_id = m.org_id
        JOIN units AS u ON u.unit_id = m.unit_id
        WHERE m.is_held AND $year BETWEEN m.first_year AND m.last_year
        {_unit_clause(filters, "m.unit_id")} {_scope_clause(filters, "o.scope")}
        GROUP BY ALL ORDER BY ALL
        """,
        year=year,
        **_filter_params(filters, years=False),
    )


def comprehensive_deviations(filters: Filters) -> pl.DataFrame:
    return fetch(
        f"""
        SELECT m.membership_id, m.unit_id, m.status, m.start_date,
               coalesce(o.acronym, o.name_en) AS org_en, coalesce(o.name_zh, o.name_en) AS org_zh
        FROM soft_rule_violations AS v
        JOIN memberships AS m ON v.kind = 'memberships' AND m.membership_id = v.record_id
        JOIN organizations AS o ON o.org_id = m.org_id
        WHERE v.rule = 'comprehensive_by_headquarters'
        {_unit_clause(filters, "m.unit_id")} {_scope_clause(filters, "o.scope")}
        ORDER BY m.unit_id, org_en
        """,
        **_filter_params(filters, years=False),
    )


def intention_funnel(filters: Filters, today: dt.date) -> pl.DataFrame:
    """intended → applying → active (in force today): a current snapshot."""
    scope_sql = (
        "AND m.org_id IN (SELECT org_id FROM organizations WHERE scope = $scope)"
        if filters.scope
        else ""
    )
    return fetch(
        f"""
        SELECT s.status, count(m.membership_id) AS memberships
        FROM (VALUES ('intended', 1), ('applying', 2), ('active', 3)) AS s(status, step)
        LEFT JOIN memberships AS m ON m.status = s.status
             AND (m.status <> 'active' OR m.end_date IS NULL OR m.end_date >= $today)
             {_unit_clause(filters, "m.unit_id")} {scope_sql}
        GROUP BY s.status, s.step ORDER BY s.step
        """,
        today=today,
        **_filter_params(filters, years=False),
    )


def intention_list(filters: Filters) -> pl.DataFrame:
    return fetch(
        f"""
        SELECT m.membership_id, m.status, m.unit_id, o.scope, o.hq_country,
               coalesce(o.acronym, o.name_en) AS org_en, coalesce(o.name_zh, o.name_en) AS org_zh
        FROM memberships AS m JOIN organizations AS o ON o.org_id = m.org_id
        WHERE m.status IN ('intended', 'applying')
        {_unit_clause(filters, "m.unit_id")} {_scope_clause(filters, "o.scope")}
        ORDER BY CASE m.status WHEN 'applying' THEN 0 ELSE 1 END, org_en
        """,
        **_filter_params(filters, years=False),
    )


def partners_series(filters: Filters) -> pl.DataFrame:
    """year, new, continuing, returning (engaged again after a gap), engaged."""
    unit_sql = "unit_id = $unit_id" if filters.unit_id else "unit_id IS NULL"
    params: dict[str, Any] = {"year_from": filters.year_from, "year_to": filters.year_to}
    if filters.unit_id:
        params["unit_id"] = filters.unit_id
    return fetch(
        f"""
        SELECT year,
               max(value) FILTER (WHERE indicator = 'partners_new') AS new,
               max(value) FILTER (WHERE indicator = 'partners_continuing') AS continuing,
               max(value) FILTER (WHERE indicator = 'orgs_engaged') AS engaged,
               engaged - new - continuing AS returning
        FROM indicator_values
        WHERE {unit_sql} AND year BETWEEN $year_from AND $year_to
          AND indicator IN ('partners_new', 'partners_continuing', 'orgs_engaged')
        GROUP BY year ORDER BY year
        """,
        **params,
    )


def countries_in_year(filters: Filters, year: int) -> pl.DataFrame:
    """country, conferences there, engaged organizations headquartered there, in `year`.

    `year` is a reporting year (the pages offer no other), so the organizations engaged then are
    those of the engagement spans covering it: what `engagement` holds for that year, without
    spreading every span over the calendar first.
    """
    unit_conf = _unit_clause(filters, "c.unit_id")
    unit_eng = _unit_clause(filters, "e.unit_id")
    return fetch(
        f"""
        WITH conf AS (
            SELECT c.country, count(*) AS conferences
            FROM {_conferences_of(filters)}
            WHERE c.year = $year {unit_conf} {_scope_clause(filters, "o.scope")}
            GROUP BY ALL
        ),
        orgs AS (
            SELECT o.hq_country AS country, count(DISTINCT e.org_id) AS organizations
            FROM engagement_spans AS e JOIN organizations AS o ON o.org_id = e.org_id
            WHERE $year BETWEEN e.first_year AND e.last_year
              {unit_eng} {_scope_clause(filters, "o.scope")}
            GROUP BY ALL
        )
        SELECT coalesce(conf.country, orgs.country) AS country,
               coalesce(conferences, 0) AS conferences,
               coalesce(organizations, 0) AS organizations
        FROM conf FULL OUTER JOIN orgs ON conf.country = orgs.country
        ORDER BY conferences + organizations DESC, country
        """,
        year=year,
        **_filter_params(filters, years=False),
    )


# ---- safeguards ----------------------------------------------------------------------------


def _safeguard_unit_clause(filters: Filters) -> str:
    # Academy-wide measures (no unit) belong to the academy view only.
    return f" AND s.unit_id IN {UNIT_SUBTREE}" if filters.unit_id else ""


def safeguards_by_category(filters: Filters) -> pl.DataFrame:
    return fetch(
        f"""
        SELECT s.category, s.status, count(*) AS measures
        FROM stg_safeguards AS s WHERE TRUE {_safeguard_unit_clause(filters)}
        GROUP BY ALL ORDER BY ALL
        """,
        **_filter_params(filters, years=False),
    )


def safeguard_resources(filters: Filters) -> pl.DataFrame:
    return fetch(
        f"""
        SELECT CAST(year(coalesce(s.done_date, s.due_date)) AS INTEGER) AS year,
               coalesce(sum(s.amount_cny), 0) AS amount_cny,
               coalesce(sum(s.people), 0) AS people,
               count(*) AS measures
        FROM stg_safeguards AS s
        WHERE year(coalesce(s.done_date, s.due_date)) BETWEEN $year_from AND $year_to
        {_safeguard_unit_clause(filters)}
        GROUP BY ALL ORDER BY ALL
        """,
        **_filter_params(filters),
    )


def overdue_safeguards(filters: Filters, today: dt.date) -> pl.DataFrame:
    return fetch(
        f"""
        SELECT s.measure_id, s.title, s.category, s.status, s.unit_id, s.due_date,
               CAST($today - s.due_date AS INTEGER) AS days_overdue
        FROM stg_safeguards AS s
        WHERE NOT s.is_done AND s.due_date < $today {_safeguard_unit_clause(filters)}
        ORDER BY s.due_date
        """,
        today=today,
        **_filter_params(filters, years=False),
    )


# ---- organizations -------------------------------------------------------------------------


def organization_directory(filters: Filters, search: str, today: dt.date) -> pl.DataFrame:
    """Every organization (scope and search applied) with the academy's relationship to it.

    Relationship counts are restricted to the chosen unit's subtree; conferences count the
    chosen year range.
    """
    unit_m = _unit_clause(filters, "m.unit_id")
    unit_p = _unit_clause(filters, "p.unit_id")
    unit_c = _unit_clause(filters, "c.unit_id")
    unit_f = _unit_clause(filters, "f.unit_id")
    search_sql = ""
    params = _filter_params(filters)
    if search.strip():
        search_sql = (
            " AND (o.name_en ILIKE $pattern OR o.name_zh ILIKE $pattern"
            " OR o.acronym ILIKE $pattern OR o.field ILIKE $pattern OR o.org_id ILIKE $pattern)"
        )
        escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["pattern"] = f"%{escaped}%"
    # Each relationship is counted per organization in one pass over its table, then joined.
    return fetch(
        f"""
        WITH memberships_by_org AS (
            SELECT m.org_id,
                   min(year(m.start_date))
                       FILTER (WHERE m.status IN ('active', 'lapsed', 'withdrawn'))
                       AS member_since,
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
            WHERE c.year BETWEEN $year_from AND $year_to {unit_c}
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
               coalesce(p.posts_now, 0) AS posts_now,
               coalesce(c.conferences, 0) AS conferences,
               coalesce(f.offices, 0) AS offices,
               coalesce(m.on_intention_list, FALSE) AS on_intention_list
        FROM organizations AS o
        LEFT JOIN memberships_by_org AS m ON m.org_id = o.org_id
        LEFT JOIN posts_by_org AS p ON p.org_id = o.org_id
        LEFT JOIN conferences_by_org AS c ON c.org_id = o.org_id
        LEFT JOIN offices_by_org AS f ON f.org_id = o.org_id
        WHERE TRUE {_scope_clause(filters, "o.scope")} {search_sql}
        )
        ORDER BY member_since IS NULL, posts_now + conferences + offices DESC,
                 coalesce(acronym, name_en), org_id
        """,
        today=today,
        **params,
    )


def organization(org_id: str) -> dict[str, Any] | None:
    frame = fetch("SELECT * FROM organizations WHERE org_id = $org_id", org_id=org_id)
    return frame.row(0, named=True) if frame.height else None


def organization_memberships(org_id: str) -> pl.DataFrame:
    return fetch(
        """
        SELECT membership_id, unit_id, member_type, person_name, status, start_date, end_date
        FROM memberships WHERE org_id = $org_id ORDER BY start_date NULLS LAST
        """,
        org_id=org_id,
    )


def organization_posts(org_id: str) -> pl.DataFrame:
    return fetch(
        """
        SELECT person_name, position, level, unit_id, start_date, end_date
        FROM posts WHERE org_id = $org_id ORDER BY start_date DESC
        """,
        org_id=org_id,
    )


def organization_conferences(org_id: str, filters: Filters) -> pl.DataFrame:
    """Conferences under one organization per year and role (year range and unit applied)."""
    return fetch(
        f"""
        SELECT c.year, c.role, count(*) AS conferences
        FROM stg_conferences AS c
        WHERE c.org_id = $org_id AND c.year BETWEEN $year_from AND $year_to
        {_unit_clause(filters, "c.unit_id")}
        GROUP BY ALL ORDER BY ALL
        """,
        org_id=org_id,
        **_filter_params(filters),
    )


def organization_offices(org_id: str) -> pl.DataFrame:
    return fetch(
        """
        SELECT office_id, office_type, city, country, status, unit_id, established_date,
               closed_date
        FROM offices WHERE org_id = $org_id ORDER BY established_date NULLS LAST
        """,
        org_id=org_id,
    )


# ---- load history --------------------------------------------------------------------------


def load_runs(limit: int = 50) -> pl.DataFrame:
    return fetch(
        """
        SELECT run_id, started_at, source, user_name, status, file_count, row_count,
               error_count, warning_count
        FROM load_runs ORDER BY started_at DESC, run_id DESC LIMIT $limit
        """,
        limit=limit,
    )


def load_files(limit: int = 200) -> pl.DataFrame:
    return fetch(
        """
        SELECT r.started_at, f.name, f.kind, f.rows, f.status, f.error_count, f.warning_count
        FROM load_files AS f JOIN load_runs AS r USING (run_id)
        ORDER BY r.started_at DESC, f.name LIMIT $limit
        """,
        limit=limit,
    )
