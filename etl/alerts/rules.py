"""The alert rules: a small registry, each rule a name, its thresholds with their defaults, the
SQL that finds its cases in the warehouse (the same views the dashboard reads) and how a found
row becomes an alert. "Today" is `etl.clock.today()`, bound into every query as `$today`.

An alert has a stable key (the same case keeps the same key across runs) and a state; it is
sent when it first appears and again only when its state changes (see `etl.alerts.run`).

The rules:
- target_worse: a target of this year whose status (the dashboard's target_progress rule) is
  at risk or off track; the state is the status, so on track → at risk → off track each send.
- leader_term_ending: a leader post whose end_date falls within `months` from today, with no
  later leader post (a later start_date, ending after it or open-ended) recorded for the same
  unit and organization.
- intention_stale: an intention-list item (membership intended or applying) whose status has
  not changed for `months`. The warehouse keeps no edit time per record, so "unchanged since"
  is the start of the accepted load run that first recorded the item with its current status
  (read from the archived membership files, see `etl.alerts.since`); when no archived file
  holds it, the record's start_date; when neither is known, the rule cannot tell and is silent.
- unit_silent: from the `by` month-day of this year on, a unit with no record dated this year
  (membership start or end, conference start, post start or end, office established or closed,
  safeguard due or done).
- load_stale: no accepted load run for `days` days (or none ever).
- refresh_rejected: a scheduled refresh (load_runs.source = 'refresh') that was rejected and
  not yet followed by an accepted refresh, with its quarantine folder and its first
  `errors_shown` errors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb

from etl.alerts.texts import Phrase, text
from etl.schema import INDICATORS, enum_label

SEVERITIES: tuple[str, ...] = ("critical", "warning", "info")


@dataclass(frozen=True)
class Alert:
    key: str
    rule: str
    severity: str
    unit_id: str | None
    state: str
    message_key: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        return text(self.message_key, lang, **self.fields)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "key": self.key,
            "rule": self.rule,
            "severity": self.severity,
            "unit_id": self.unit_id,
            "message": self.message(lang),
        }


@dataclass
class Context:
    """What a rule's row builder may use besides its row."""

    con: duckdb.DuckDBPyConnection
    today: dt.date
    thresholds: dict[str, Any]
    since: Callable[[], dict[str, dt.datetime]]  # membership_id → unchanged since (lazy)


Row = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    name: str
    defaults: dict[str, Any]
    sql: str  # named parameters: $today and the rule's thresholds
    build: Callable[[Row, Context], Alert | None]

    def valid(self, name: str, value: Any) -> bool:
        return THRESHOLD_CHECKS[name][0](value)

    def expected(self, name: str) -> str:
        return THRESHOLD_CHECKS[name][1]

    def params(self, today: dt.date, thresholds: Mapping[str, Any]) -> dict[str, Any]:
        used = {"today": today, **thresholds}
        return {k: v for k, v in used.items() if f"${k}" in self.sql}


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def month_day(value: Any) -> tuple[int, int] | None:
    if not isinstance(value, str) or not re.fullmatch(r"\d{2}-\d{2}", value):
        return None
    month, day = int(value[:2]), int(value[3:])
    try:
        dt.date(2024, month, day)  # a leap year: 02-29 is a month-day
    except ValueError:
        return None
    return month, day


THRESHOLD_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "months": (_positive_int, "expected.positive_int"),
    "days": (_positive_int, "expected.positive_int"),
    "errors_shown": (_positive_int, "expected.positive_int"),
    "by": (lambda v: month_day(v) is not None, "expected.month_day"),
}


# ---- helpers for the builders


def _name(zh: str | None, en: str | None, fallback: str | None) -> tuple[str, str]:
    return (zh or en or fallback or "", en or zh or fallback or "")


def _unit(row: Row) -> tuple[str, str]:
    return _name(row.get("unit_zh"), row.get("unit_en"), row.get("unit_id"))


def _org(row: Row) -> tuple[str, str]:
    en = row.get("org_en")
    if en and row.get("org_acronym"):
        en = f"{en} ({row['org_acronym']})"
    return _name(row.get("org_zh"), en, row.get("org_id"))


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


# ---- the rules

_UNIT_NAMES = "LEFT JOIN units AS u ON u.unit_id = {alias}.unit_id"
_ORG_NAMES = "LEFT JOIN organizations AS o ON o.org_id = {alias}.org_id"


def _target_worse(row: Row, ctx: Context) -> Alert:
    indicator = next((i for i in INDICATORS if i.id == row["indicator"]), None)
    unit_id = row["unit_id"]
    scope = _unit(row) if unit_id else Phrase("academy")
    status = row["status"]
    return Alert(
        key=f"target_worse:{row['year']}:{unit_id or '*'}:{row['indicator']}",
        rule="target_worse",
        severity="critical" if status == "off_track" else "warning",
        unit_id=unit_id,
        state=status,
        message_key="msg.target_worse",
        fields={
            "scope": scope,
            "year": row["year"],
            "indicator": (indicator.zh, indicator.en) if indicator else row["indicator"],
            "target": _number(row["target"]),
            "actual": _number(row["actual"]),
            "pct": _percent(row["ratio"]),
            "expected": _percent(row["expected_ratio"]),
            "status": Phrase(f"target.{status}"),
        },
    )


def _leader_term_ending(row: Row, ctx: Context) -> Alert:
    return Alert(
        key=f"leader_term_ending:{row['post_id']}",
        rule="leader_term_ending",
        severity="warning",
        unit_id=row["unit_id"],
        state=row["end_date"].isoformat(),
        message_key="msg.leader_term_ending",
        fields={
            "unit": _unit(row),
            "person": row["person_name"],
            "org": _org(row),
            "position": row["position"],
            "end_date": row["end_date"].isoformat(),
        },
    )


def _intention_stale(row: Row, ctx: Context) -> Alert | None:
    since: dt.date | None = None
    recorded = ctx.since().get(row["membership_id"])
    if recorded is not None:
        since = recorded.date()
    elif row["start_date"] is not None:
        since = row["start_date"]
    if since is None:
        return None
    months = _months_between(since, ctx.today)
    if months < ctx.thresholds["months"]:
        return None
    status = (
        enum_label("memberships", "status", row["status"], "zh"),
        enum_label("memberships", "status", row["status"], "en").lower(),
    )
    if row["member_type"] == "individual" and row["person_name"]:
        member: Any = row["person_name"]
    else:
        member = Phrase("member.institutional")
    return Alert(
        key=f"intention_stale:{row['membership_id']}",
        rule="intention_stale",
        severity="info",
        unit_id=row["unit_id"],
        state=row["status"],
        message_key="msg.intention_stale",
        fields={
            "unit": _unit(row),
            "org": _org(row),
            "member": member,
            "status": status,
            "since": since.isoformat(),
            "months": months,
        },
    )


def _unit_silent(row: Row, ctx: Context) -> Alert:
    return Alert(
        key=f"unit_silent:{ctx.today.year}:{row['unit_id']}",
        rule="unit_silent",
        severity="warning",
        unit_id=row["unit_id"],
        state="silent",
        message_key="msg.unit_silent",
        fields={"unit": _unit(row), "year": ctx.today.year, "by": row["by_date"].isoformat()},
    )


def _load_stale(row: Row, ctx: Context) -> Alert:
    last = row["last_accepted"]
    if last is None:
        return Alert("load_stale", "load_stale", "warning", None, "never", "msg.load_never")
    return Alert(
        key="load_stale",
        rule="load_stale",
        severity="warning",
        unit_id=None,
        state=last.date().isoformat(),
        message_key="msg.load_stale",
        fields={
            "days": (ctx.today - last.date()).days,
            "last": last.isoformat(sep=" ", timespec="minutes"),
        },
    )


def _refresh_rejected(row: Row, ctx: Context) -> Alert:
    problems = ctx.con.execute(
        "SELECT name, row_number, column_name, message_zh, message_en FROM load_problems "
        "WHERE run_id = $run AND severity = 'error' "
        "ORDER BY name, row_number NULLS FIRST, column_name LIMIT $n",
        {"run": row["run_id"], "n": ctx.thresholds["errors_shown"]},
    ).fetchall()
    first = []
    for name, row_number, column, message_zh, message_en in problems:
        fields = {"name": name, "row": row_number, "column": column or "", "message": ""}
        for lang, message in (("zh", message_zh), ("en", message_en)):
            key = "msg.problem" if row_number is not None else "msg.problem.file"
            fields[f"m_{lang}"] = text(key, lang, **{**fields, "message": message or ""})
        first.append((fields["m_zh"], fields["m_en"]))
    joined = ("；".join(p[0] for p in first) or "–", "; ".join(p[1] for p in first) or "–")
    return Alert(
        key=f"refresh_rejected:{row['run_id']}",
        rule="refresh_rejected",
        severity="critical",
        unit_id=None,
        state="rejected",
        message_key="msg.refresh_rejected",
        fields={
            "time": row["started_at"].isoformat(sep=" ", timespec="minutes"),
            "run": row["run_id"],
            "errors": row["error_count"],
            "folder": f"quarantine/{row['run_id']}/",
            "first": joined,
        },
    )


RULE_LIST: tuple[Rule, ...] = (
    Rule(
        "target_worse",
        {},
        f"""
        SELECT t.year, t.unit_id, t.indicator, t.target, t.actual, t.ratio, t.expected_ratio,
               t.status, u.name_zh AS unit_zh, u.name_en AS unit_en
        FROM target_progress AS t {_UNIT_NAMES.format(alias="t")}
        WHERE t.year = year($today) AND t.status IN ('at_risk', 'off_track')
        ORDER BY t.unit_id NULLS FIRST, t.indicator
        """,
        _target_worse,
    ),
    Rule(
        "leader_term_ending",
        {"months": 12},
        f"""
        SELECT p.post_id, p.person_name, p.position, p.unit_id, p.org_id, p.end_date,
               u.name_zh AS unit_zh, u.name_en AS unit_en,
               o.name_zh AS org_zh, o.name_en AS org_en, o.acronym AS org_acronym
        FROM posts AS p {_UNIT_NAMES.format(alias="p")} {_ORG_NAMES.format(alias="p")}
        WHERE p.level = 'leader'
          AND p.end_date >= $today
          AND p.end_date <= CAST($today + to_months(CAST($months AS INTEGER)) AS DATE)
          AND NOT EXISTS (
              SELECT 1 FROM posts AS q
              WHERE q.level = 'leader' AND q.unit_id = p.unit_id AND q.org_id = p.org_id
                AND q.post_id <> p.post_id AND q.start_date > p.start_date
                AND coalesce(q.end_date, DATE '9999-12-31') > p.end_date
          )
        ORDER BY p.end_date, p.post_id
        """,
        _leader_term_ending,
    ),
    Rule(
        "intention_stale",
        {"months": 6},
        f"""
        SELECT m.membership_id, m.unit_id, m.org_id, m.status, m.member_type, m.person_name,
               m.start_date, u.name_zh AS unit_zh, u.name_en AS unit_en,
               o.name_zh AS org_zh, o.name_en AS org_en, o.acronym AS org_acronym
        FROM memberships AS m {_UNIT_NAMES.format(alias="m")} {_ORG_NAMES.format(alias="m")}
        WHERE m.status IN ('intended', 'applying')
        ORDER BY m.unit_id, m.membership_id
        """,
        _intention_stale,
    ),
    Rule(
        "unit_silent",
        {"by": "07-01"},
        """
        WITH dated AS (
            SELECT unit_id, start_date AS d FROM memberships
            UNION ALL SELECT unit_id, end_date FROM memberships
            UNION ALL SELECT unit_id, start_date FROM conferences
            UNION ALL SELECT unit_id, start_date FROM posts
            UNION ALL SELECT unit_id, end_date FROM posts
            UNION ALL SELECT unit_id, established_date FROM offices
            UNION ALL SELECT unit_id, closed_date FROM offices
            UNION ALL SELECT unit_id, due_date FROM safeguards
            UNION ALL SELECT unit_id, done_date FROM safeguards
        ),
        check_date AS (
            SELECT make_date(year($today), CAST(split_part($by, '-', 1) AS INTEGER),
                             CAST(split_part($by, '-', 2) AS INTEGER)) AS by_date
        )
        SELECT u.unit_id, u.name_zh AS unit_zh, u.name_en AS unit_en, c.by_date
        FROM units AS u CROSS JOIN check_date AS c
        WHERE $today >= c.by_date
          AND NOT EXISTS (
              SELECT 1 FROM dated AS d WHERE d.unit_id = u.unit_id AND year(d.d) = year($today)
          )
        ORDER BY u.unit_id
        """,
        _unit_silent,
    ),
    Rule(
        "load_stale",
        {"days": 30},
        """
        SELECT max(finished_at) AS last_accepted FROM load_runs WHERE status = 'accepted'
        HAVING last_accepted IS NULL
            OR CAST(last_accepted AS DATE) <= $today - CAST($days AS INTEGER)
        """,
        _load_stale,
    ),
    Rule(
        "refresh_rejected",
        {"errors_shown": 3},
        """
        SELECT r.run_id, r.started_at, r.error_count FROM load_runs AS r
        WHERE r.source = 'refresh' AND r.status = 'rejected'
          AND NOT EXISTS (
              SELECT 1 FROM load_runs AS a
              WHERE a.source = 'refresh' AND a.status = 'accepted' AND a.started_at > r.started_at
          )
        ORDER BY r.started_at, r.run_id
        """,
        _refresh_rejected,
    ),
)

RULES: dict[str, Rule] = {rule.name: rule for rule in RULE_LIST}


def evaluate(
    con: duckdb.DuckDBPyConnection,
    today: dt.date,
    thresholds: Mapping[str, Mapping[str, Any]],
    since: Callable[[], dict[str, dt.datetime]],
) -> list[Alert]:
    """Every current alert, rule by rule, in the registry's order."""
    alerts: list[Alert] = []
    for rule in RULE_LIST:
        values = dict(thresholds.get(rule.name, rule.defaults))
        cursor = con.execute(rule.sql, rule.params(today, values))
        names = [d[0] for d in cursor.description]
        ctx = Context(con, today, values, since)
        for record in cursor.fetchall():
            alert = rule.build(dict(zip(names, record, strict=True)), ctx)
            if alert is not None:
                alerts.append(alert)
    return alerts
