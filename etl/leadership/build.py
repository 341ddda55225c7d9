"""Build the report's content from the warehouse: one read-only connection, figures only from it.

Every figure is read from `indicator_values` (or `target_progress`, or the records behind a list);
nothing is estimated. A sentence whose figure has no row is left out, and a clause (the change on
the year before, the share of the target) is left out when its own figure is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import duckdb

from etl import clock
from etl.errors import ReportError
from etl.leadership.charts import line_spec
from etl.leadership.model import (
    Block,
    Bullets,
    Chart,
    Heading,
    Note,
    Paragraph,
    Report,
    Section,
    Table,
)
from etl.leadership.words import (
    country,
    fmt_change,
    fmt_count,
    fmt_date,
    fmt_percent,
    fmt_value,
    indicator_name,
    label,
    measure_word,
    w,
)

# The summary's key figures, in the paper's order: the three modes, the paths, the safeguards.
KEY_INDICATORS = (
    "conferences_cohosted",
    "conferences_attended",
    "posts_held",
    "posts_leader",
    "offices_established",
    "memberships_active",
    "orgs_engaged",
    "partners_new",
    "countries_engaged",
    "safeguards_done",
)
CHALLENGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "c_strategy",
        ("memberships_individual_share", "memberships_misplaced", "units_with_targets_share"),
    ),
    ("c_shallow", ("orgs_shallow_share", "attend_host_ratio", "depth")),
    ("c_posts", ("posts_leader_share", "posts_leader", "leader_posts_ending")),
    ("c_incentives", ("safeguard_funding", "safeguard_people", "safeguards_done")),
)
MODE_TREND = ("conferences_cohosted", "posts_held", "offices_established", "memberships_active")
SHARE_TREND = (
    "memberships_individual_share",
    "units_with_targets_share",
    "orgs_shallow_share",
    "posts_leader_share",
)
TREND_YEARS = 5
LIST_LIMIT = 30  # rows of a record list before "n more"

Values = dict[tuple[int, str], float]


class Builder:
    """The report for one year and scope: reads the warehouse, writes out every section."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, year: int, unit_id: str | None, lang: str
    ) -> None:
        self.con = con
        self.year = year
        self.unit_id = unit_id
        self.lang = lang
        self.today = clock.today()
        units = self._rows("SELECT unit_id, name_zh, name_en, parent_unit_id FROM units")
        self.unit_names = {u: (zh if lang == "zh" else (en or zh)) for u, zh, en, _ in units}
        roots = sorted(u for u, _, _, parent in units if parent is None)
        if unit_id is not None and unit_id not in self.unit_names:
            raise ReportError(
                "report.unknown_unit",
                value=unit_id,
                allowed=", ".join(sorted(self.unit_names)[:20])
                + (" …" if len(self.unit_names) > 20 else ""),
            )
        years = [r[0] for r in self._rows("SELECT year FROM calendar_years ORDER BY year")]
        if year not in years:
            span = f"{years[0]}–{years[-1]}" if years else "—"
            raise ReportError("report.no_data", value=str(year), detail=span)
        self.years = years
        orgs = self._rows("SELECT org_id, name_zh, name_en FROM organizations")
        self.org_names = {o: (zh or en) if lang == "zh" else en for o, zh, en in orgs}
        self.academy = self.unit_names[roots[0]] if roots else ""
        if lang != "zh" and roots:  # the academy's own (Chinese) name too, as the units hold it
            zh_name = next(zh for u, zh, _, _ in units if u == roots[0])
            if zh_name != self.academy:
                self.academy = f"{self.academy} ({zh_name})"
        root_name = self.unit_names[roots[0]] if roots else ""
        self.scope_name = root_name if unit_id is None else self.unit_names[unit_id]
        self.values = self._values()

    # ---- reading -----------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, list(params)).fetchall()

    def _scope(self, column: str) -> tuple[str, list[Any]]:
        """A condition keeping the records of the scope (a unit's subtree, or everything)."""
        if self.unit_id is None:
            return "TRUE", []
        return (
            f"{column} IN (SELECT unit_id FROM unit_closure WHERE ancestor_unit_id = ?)",
            [self.unit_id],
        )

    def _values(self) -> Values:
        rows = self._rows(
            "SELECT year, indicator, value FROM indicator_values"
            " WHERE unit_id IS NOT DISTINCT FROM ? AND year BETWEEN ? AND ?",
            [self.unit_id, self.year - TREND_YEARS, self.year],
        )
        return {(y, i): v for y, i, v in rows}

    def value(self, indicator: str, year: int | None = None) -> float | None:
        return self.values.get((self.year if year is None else year, indicator))

    def _targets(self) -> dict[str, tuple[float, float | None, str]]:
        rows = self._rows(
            "SELECT indicator, target, ratio, status FROM target_progress"
            " WHERE year = ? AND unit_id IS NOT DISTINCT FROM ?",
            [self.year, self.unit_id],
        )
        return {i: (t, r, s) for i, t, r, s in rows}

    def unit_name(self, unit_id: str | None) -> str:
        if unit_id is None:
            return w("academy_wide", self.lang)
        return self.unit_names.get(unit_id, unit_id)

    def org_name(self, org_id: str | None) -> str:
        if org_id is None:
            return "—"
        return self.org_names.get(org_id) or org_id

    # ---- pieces ------------------------------------------------------------------------------

    def figures(self, indicators: Sequence[str], *, targets: bool = False) -> Table:
        """Indicator | this year | last year | change (| target | progress | status)."""
        lang, year = self.lang, self.year
        columns = [
            w("h_indicator", lang),
            w("h_value", lang, year=year),
            w("h_value", lang, year=year - 1),
            w("h_change", lang),
        ]
        goals = self._targets() if targets else {}
        if targets:
            columns += [w("h_target", lang), w("h_progress", lang), w("h_status", lang)]
        rows = []
        for ind in indicators:
            now, before = self.value(ind), self.value(ind, year - 1)
            row = [
                indicator_name(ind, lang),
                fmt_value(ind, now),
                fmt_value(ind, before),
                fmt_change(ind, now, before),
            ]
            if targets:
                if ind in goals:
                    target, ratio, status = goals[ind]
                    row += [
                        fmt_value(ind, target),
                        "—" if ratio is None else fmt_percent(ratio),
                        w(status, lang),
                    ]
                else:
                    row += ["—", "—", "—"]
            rows.append(tuple(row))
        numeric = tuple(range(1, len(columns) - (1 if targets else 0)))
        return Table(tuple(columns), tuple(rows), numeric)

    def trend(self, indicators: Sequence[str]) -> Table:
        shown = [y for y in self.years if self.year - TREND_YEARS < y <= self.year]
        columns = (w("h_indicator", self.lang), *(w("h_value", self.lang, year=y) for y in shown))
        rows = tuple(
            (indicator_name(i, self.lang), *(fmt_value(i, self.value(i, y)) for y in shown))
            for i in indicators
        )
        return Table(columns, rows, tuple(range(1, len(columns))))

    def trend_chart(
        self, title: str, name: str, indicators: Sequence[str], *, percent: bool = False
    ) -> list[Block]:
        """A line per indicator over the trend years; nothing when no year has a value."""
        shown = [y for y in self.years if self.year - TREND_YEARS < y <= self.year]
        points = [
            (y, indicator_name(i, self.lang), value)
            for i in indicators
            for y in shown
            if (value := self.value(i, y)) is not None
        ]
        if len({y for y, _, _ in points}) < 2:
            return []
        return [Chart(title, name, line_spec(points, percent=percent))]

    def listing(
        self,
        columns: Sequence[str],
        rows: list[tuple[str, ...]],
        numeric: tuple[int, ...] = (),
        limit: int = LIST_LIMIT,
    ) -> list[Block]:
        if not rows:
            return [Note(w("no_records", self.lang))]
        blocks: list[Block] = [Table(tuple(columns), tuple(rows[:limit]), numeric)]
        if len(rows) > limit:
            blocks.append(Note(w("more_rows", self.lang, n=len(rows) - limit)))
        return blocks

    # ---- sentences ---------------------------------------------------------------------------

    def _sentence(
        self, base: str, indicator: str | None, unit_key: str | None, tail: str = ""
    ) -> str:
        """base, the change on the year before, the share of the target (each when known), tail."""
        lang = self.lang
        clauses = [base]
        if indicator is not None:
            now, before = self.value(indicator), self.value(indicator, self.year - 1)
            if now is not None and before is not None:
                delta = now - before
                unit = measure_word(unit_key, lang)
                if delta > 0:
                    clauses.append(w("yoy_up", lang, d=fmt_count(delta) + unit))
                elif delta < 0:
                    clauses.append(w("yoy_down", lang, d=fmt_count(-delta) + unit))
                else:
                    clauses.append(w("yoy_same", lang))
            goal = self._targets().get(indicator)
            if goal is not None and goal[1] is not None:
                clauses.append(w("of_target", lang, p=fmt_percent(goal[1])))
        if tail:
            clauses.append(tail)
        return ("，".join(clauses) + "。") if lang == "zh" else (", ".join(clauses) + ".")

    def sentences(self) -> list[str]:
        lang, year, v = self.lang, self.year, self.value
        out: list[str] = []

        def n(indicator: str) -> str:
            return fmt_value(indicator, v(indicator))

        if v("conferences_cohosted") is not None:
            base = w("sent_cohosted", lang, year=year, n=n("conferences_cohosted"))
            out.append(self._sentence(base, "conferences_cohosted", "unit_cohosted"))
        if v("posts_held") is not None and v("posts_leader") is not None:
            base = w("sent_posts", lang, n=n("posts_held"))
            tail = w("sent_posts_leader", lang, m=n("posts_leader"))
            out.append(self._sentence(base, "posts_held", "unit_posts", tail))
        if v("offices_established") is not None:
            base = w("sent_offices", lang, n=n("offices_established"))
            out.append(self._sentence(base, "offices_established", "unit_offices"))
        if v("memberships_active") is not None and v("orgs_engaged") is not None:
            base = w("sent_memberships", lang, n=n("memberships_active"), k=n("orgs_engaged"))
            out.append(self._sentence(base, "memberships_active", "unit_memberships"))
        if v("countries_engaged") is not None:
            base = w("sent_countries", lang, n=n("countries_engaged"))
            out.append(self._sentence(base, "countries_engaged", "unit_countries"))
        goals = self._targets()
        if goals:
            on_track = sum(1 for _, _, s in goals.values() if s == "on_track")
            base = w("sent_targets", lang, n=len(goals), m=on_track)
            out.append(self._sentence(base, None, None))
        return out

    # ---- sections ----------------------------------------------------------------------------

    def summary(self, sentences: list[str]) -> Section:
        return Section(
            w("s1", self.lang),
            [
                *(Paragraph(s) for s in sentences),
                self.figures(KEY_INDICATORS, targets=True),
                *self.trend_chart(w("chart_modes", self.lang), "modes", MODE_TREND),
            ],
        )

    def modes(self) -> Section:
        lang, year = self.lang, self.year
        blocks: list[Block] = [Heading(w("s2_conferences", lang))]
        blocks.append(
            self.figures(("conferences_cohosted", "conferences_attended", "conferences_online"))
        )
        cond, params = self._scope("unit_id")
        rows = self._rows(
            f"SELECT title, role, start_date, city, country, org_id FROM stg_conferences"
            f" WHERE is_cohosted AND year = ? AND {cond} ORDER BY start_date, conference_id",
            [year, *params],
        )
        blocks.append(Paragraph(w("p_cohosted_list", lang, year=year)))
        blocks += self.listing(
            [w(k, lang) for k in ("h_title", "h_role", "h_date", "h_place", "h_org")],
            [
                (
                    t,
                    label("conferences", "role", r, lang),
                    fmt_date(d, lang),
                    " ".join(x for x in (c, country(k, lang)) if x),
                    self.org_name(o),
                )
                for t, r, d, c, k, o in rows
            ],
        )

        blocks.append(Heading(w("s2_posts", lang)))
        blocks.append(self.figures(("posts_held", "posts_leader", "people_in_posts")))
        rows = self._rows(
            f"SELECT person_name, org_id, position, unit_id, end_date FROM stg_posts"
            f" WHERE is_leader AND first_year <= ? AND last_year >= ? AND {cond}"
            f" ORDER BY end_date NULLS LAST, person_name, post_id",
            [year, year, *params],
        )
        blocks.append(Paragraph(w("p_posts_leader", lang, year=year)))
        blocks += self.listing(
            [w(k, lang) for k in ("h_person", "h_org", "h_position", "h_unit", "h_term_end")],
            [
                (p, self.org_name(o), pos, self.unit_name(u), fmt_date(e, lang))
                for p, o, pos, u, e in rows
            ],
        )

        blocks.append(Heading(w("s2_offices", lang)))
        blocks.append(self.figures(("offices_established",)))
        rows = self._rows(
            f"SELECT org_id, office_type, city, status, established_date, closed_date"
            f" FROM stg_offices WHERE {cond} AND ("
            f"   (has_existed AND first_year <= ? AND last_year >= ?)"
            f"   OR status IN ('negotiating', 'approved'))"
            f" ORDER BY has_existed DESC, established_date, office_id",
            [*params, year, year],
        )
        blocks.append(Paragraph(w("p_offices_list", lang)))
        blocks += self.listing(
            [
                w(k, lang)
                for k in ("h_org", "h_type", "h_city", "h_status", "h_established", "h_closed")
            ],
            [
                (
                    self.org_name(o),
                    label("offices", "office_type", t, lang),
                    c,
                    label("offices", "status", s, lang),
                    fmt_date(e, lang),
                    fmt_date(x, lang),
                )
                for o, t, c, s, e, x in rows
            ],
        )
        return Section(w("s2", lang), blocks)

    def paths(self) -> Section:
        lang, year = self.lang, self.year
        cond, params = self._scope("m.unit_id")
        blocks: list[Block] = [Heading(w("s3_memberships", lang))]
        blocks.append(
            self.figures(("memberships_active", "memberships_new", "memberships_misplaced"))
        )
        held = self._rows(
            f"SELECT m.member_type, o.scope, count(*) FROM stg_memberships AS m"
            f" LEFT JOIN organizations AS o ON o.org_id = m.org_id"
            f" WHERE m.is_held AND m.first_year <= ? AND m.last_year >= ? AND {cond}"
            f" GROUP BY ALL ORDER BY ALL",
            [year, year, *params],
        )
        scopes = ("comprehensive", "specialized")
        counts = {(t, s): n for t, s, n in held}
        table_rows = []
        for holder in ("institutional", "individual"):
            cells = [counts.get((holder, s), 0) for s in scopes]
            table_rows.append(
                (
                    label("memberships", "member_type", holder, lang),
                    *map(fmt_count, cells),
                    fmt_count(sum(cells)),
                )
            )
        blocks.append(
            Table(
                (
                    w("h_holder", lang),
                    *(label("organizations", "scope", s, lang) for s in scopes),
                    w("h_total", lang),
                ),
                tuple(table_rows),
                (1, 2, 3),
            )
        )
        misplaced = self._rows(
            f"SELECT m.org_id, m.unit_id, m.start_date FROM stg_memberships AS m"
            f" JOIN organizations AS o ON o.org_id = m.org_id"
            f" JOIN units AS u ON u.unit_id = m.unit_id"
            f" WHERE m.is_held AND m.first_year <= ? AND m.last_year >= ?"
            f" AND m.member_type = 'institutional' AND o.scope = 'comprehensive'"
            f" AND u.parent_unit_id IS NOT NULL AND {cond} ORDER BY m.org_id, m.unit_id",
            [year, year, *params],
        )
        if misplaced:
            blocks.append(Paragraph(w("p_misplaced", lang, n=len(misplaced))))
            blocks += self.listing(
                [w(k, lang) for k in ("h_org", "h_unit", "h_date")],
                [(self.org_name(o), self.unit_name(u), fmt_date(d, lang)) for o, u, d in misplaced],
            )

        blocks.append(Heading(w("s3_intentions", lang)))
        intentions = self._rows(
            f"SELECT m.org_id, m.unit_id, m.member_type, m.status FROM stg_memberships AS m"
            f" WHERE m.is_intention AND {cond} ORDER BY m.status DESC, m.org_id, m.unit_id",
            params,
        )
        if intentions:
            blocks += self.listing(
                [w(k, lang) for k in ("h_org", "h_unit", "h_holder", "h_status")],
                [
                    (
                        self.org_name(o),
                        self.unit_name(u),
                        label("memberships", "member_type", t, lang),
                        label("memberships", "status", s, lang),
                    )
                    for o, u, t, s in intentions
                ],
            )
        else:
            blocks.append(Note(w("none_open", lang)))

        blocks.append(Heading(w("s3_partners", lang)))
        blocks.append(
            self.figures(
                ("orgs_engaged", "partners_new", "partners_continuing", "orgs_shallow_share")
            )
        )
        cond_u, params_u = self._scope("unit_id")
        new = self._rows(
            f"SELECT org_id FROM engagement_spans WHERE {cond_u}"
            f" GROUP BY org_id HAVING min(first_year) = ? ORDER BY org_id",
            [*params_u, year],
        )
        if new:
            blocks.append(Paragraph(w("p_new_partners", lang, year=year)))
            blocks.append(Bullets(tuple(self.org_name(o) for (o,) in new)))

        blocks.append(Heading(w("s3_countries", lang)))
        blocks.append(self.figures(("countries_engaged",)))
        countries = self._rows(
            f"SELECT country, count(*) AS n FROM stg_conferences WHERE year = ? AND {cond_u}"
            f" GROUP BY country ORDER BY n DESC, country",
            [year, *params_u],
        )
        blocks += self.listing(
            [w("h_country", lang), w("h_conferences", lang)],
            [(country(c, lang), fmt_count(n)) for c, n in countries],
            numeric=(1,),
            limit=15,
        )
        return Section(w("s3", lang), blocks)

    def safeguards(self) -> Section:
        lang, year = self.lang, self.year
        cond, params = self._scope("unit_id")  # academy-wide measures count for the academy only
        blocks: list[Block] = [Heading(w("s4_measures", lang))]
        blocks.append(self.figures(("safeguards_done", "safeguard_funding", "safeguard_people")))
        counts = self._rows(
            f"SELECT category, status, count(*) FROM stg_safeguards WHERE {cond}"
            f" AND (done_year = ? OR NOT is_done) GROUP BY ALL",
            [*params, year],
        )
        by = {(c, s): n for c, s, n in counts}
        statuses = ("planned", "in_progress", "done")
        categories = ("institutional", "funding", "personnel", "information", "services")
        blocks.append(
            Table(
                (
                    w("h_category", lang),
                    *(label("safeguards", "status", s, lang) for s in statuses),
                ),
                tuple(
                    (
                        label("safeguards", "category", c, lang),
                        *(fmt_count(by.get((c, s), 0)) for s in statuses),
                    )
                    for c in categories
                ),
                (1, 2, 3),
            )
        )
        funding, people = self.value("safeguard_funding"), self.value("safeguard_people")
        if funding is not None and people is not None:
            blocks.append(
                Paragraph(
                    w(
                        "p_funding",
                        lang,
                        year=year,
                        funding=fmt_value("safeguard_funding", funding),
                        people=fmt_value("safeguard_people", people),
                    )
                )
            )
        blocks.append(Heading(w("s4_overdue", lang)))
        overdue = self._rows(
            f"SELECT title, category, unit_id, due_date, status FROM stg_safeguards"
            f" WHERE {cond} AND NOT is_done AND due_date < ? ORDER BY due_date, measure_id",
            [*params, self.today],
        )
        if overdue:
            blocks += self.listing(
                [w(k, lang) for k in ("h_measure", "h_category", "h_unit", "h_due", "h_status")],
                [
                    (
                        t,
                        label("safeguards", "category", c, lang),
                        self.unit_name(u),
                        fmt_date(d, lang),
                        label("safeguards", "status", s, lang),
                    )
                    for t, c, u, d, s in overdue
                ],
            )
        else:
            blocks.append(Note(w("no_overdue", lang)))
        return Section(w("s4", lang), blocks)

    def challenges(self) -> Section:
        blocks: list[Block] = self.trend_chart(
            w("chart_shares", self.lang), "shares", SHARE_TREND, percent=True
        )
        for key, indicators in CHALLENGES:
            blocks += [
                Heading(w(key, self.lang)),
                Paragraph(w(f"{key}_words", self.lang)),
                self.trend(indicators),
            ]
        return Section(w("s5", self.lang), blocks)

    def appendix(self) -> Section:
        lang, year = self.lang, self.year
        blocks: list[Block] = [Heading(w("s6_units", lang))]
        if self.unit_id is None:
            units = self._rows("SELECT unit_id FROM units ORDER BY unit_id")
        else:
            units = self._rows(
                "SELECT unit_id FROM unit_closure WHERE ancestor_unit_id = ?"
                " ORDER BY distance, unit_id",
                [self.unit_id],
            )
        ids = [u for (u,) in units]
        shown = (
            "conferences_cohosted",
            "posts_held",
            "offices_established",
            "memberships_active",
            "orgs_engaged",
        )
        values = {
            (u, i): v
            for u, i, v in self._rows(
                "SELECT unit_id, indicator, value FROM indicator_values"
                " WHERE year = ? AND unit_id IS NOT NULL",
                [year],
            )
        }
        status = {
            (u, s): n
            for u, s, n in self._rows(
                "SELECT unit_id, status, count(*) FROM target_progress"
                " WHERE year = ? AND unit_id IS NOT NULL GROUP BY ALL",
                [year],
            )
        }
        rows = []
        for u in ids:
            goals = [status.get((u, s), 0) for s in ("on_track", "at_risk", "off_track")]
            rows.append(
                (
                    self.unit_name(u),
                    *(fmt_value(i, values.get((u, i))) for i in shown),
                    "/".join(map(str, goals)) if any(goals) else "—",
                )
            )
        blocks.append(
            Table(
                (
                    w("h_unit", lang),
                    *(indicator_name(i, lang) for i in shown),
                    w("h_targets", lang),
                ),
                tuple(rows),
                tuple(range(1, len(shown) + 2)),
            )
        )
        blocks += [Heading(w("s6_rule", lang)), Paragraph(w("p_rule", lang))]
        blocks.append(Heading(w("s6_freshness", lang)))
        runs = self._rows(
            "SELECT run_id, finished_at, source, user_name, file_count, row_count FROM load_runs"
            " WHERE status = 'accepted' ORDER BY finished_at DESC, run_id DESC"
        )
        if runs:
            blocks.append(
                Paragraph(w("p_freshness", lang, when=fmt_date(runs[0][1], lang), run=runs[0][0]))
            )
            blocks.append(Paragraph(w("p_runs", lang)))
            blocks += self.listing(
                [
                    w(k, lang)
                    for k in ("h_run", "h_finished", "h_source", "h_user", "h_files", "h_rows")
                ],
                [
                    (r, fmt_date(f, lang), s or "", u or "", fmt_count(n or 0), fmt_count(m or 0))
                    for r, f, s, u, n, m in runs
                ],
            )
        else:
            blocks.append(Paragraph(w("p_no_loads", lang)))
        return Section(w("s6", lang), blocks)

    def report(self) -> Report:
        lang, year = self.lang, self.year
        lines = [
            w("scope_academy", lang, academy=self.academy)
            if self.unit_id is None
            else w("scope_unit", lang, academy=self.academy, name=self.scope_name)
        ]
        if year == self.today.year:
            lines.append(w("provisional", lang, year=year, today=_long_date(self.today, lang)))
        lines.append(w("generated", lang, today=_long_date(self.today, lang)))
        sentences = self.sentences()
        return Report(
            lang=lang,
            title=w("title", lang, name=self.scope_name),
            subtitle=w("subtitle", lang, year=year),
            lines=lines,
            sections=[
                self.summary(sentences),
                self.modes(),
                self.paths(),
                self.safeguards(),
                self.challenges(),
                self.appendix(),
            ],
            sentences=sentences,
        )


def _long_date(day: dt.date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def build(con: duckdb.DuckDBPyConnection, year: int, unit_id: str | None, lang: str) -> Report:
    """The report for `year` over `unit_id`'s subtree (None: the academy), in `lang`."""
    return Builder(con, year, unit_id, lang).report()
