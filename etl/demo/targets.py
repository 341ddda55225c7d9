"""Leadership's yearly targets, set around what was achieved so some are met and some not."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from typing import Any

from etl.demo.codes import (
    I_CONF_ATTENDED,
    I_CONF_COHOSTED,
    I_CONF_ONLINE,
    I_MEMBERSHIPS_ACTIVE,
    I_OFFICES,
    I_ORGS_ENGAGED,
    I_POSTS_HELD,
    I_POSTS_LEADER,
    LEADER,
    M_ACTIVE,
    M_LAPSED,
    M_WITHDRAWN,
)
from etl.demo.conferences import ConfStats
from etl.demo.dates import in_force, years_in_force
from etl.demo.model import Ctx
from etl.demo.records import add_row, new_columns


def make_targets(
    ctx: Ctx,
    memberships: dict[str, list[Any]],
    conferences: ConfStats,
    posts: dict[str, list[Any]],
    offices: dict[str, list[Any]],
) -> dict[str, list[Any]]:
    """Leadership's yearly targets, set around what was achieved so some are met and some not."""
    rng, today, years = ctx.rng, ctx.today, ctx.years
    actual = _academy_actuals(ctx, memberships, conferences, posts, offices)
    cols = new_columns("targets")
    target_years = years[2:]
    first_office = min(
        (d.year for d in offices["established_date"] if d is not None), default=today.year + 1
    )
    for indicator, by_year in actual.items():
        first = (
            2021 if indicator == I_CONF_ONLINE else first_office if indicator == I_OFFICES else 0
        )
        ys = [y for y in target_years if y >= first]
        _add_targets(rng, cols, indicator, None, ys, by_year, today)
    _add_plan_targets(cols, actual, years, today)
    # Per-unit targets for the most active institutes (a unit's count includes its labs).
    institutes = sorted((u for u in ctx.units if u.level == "institute"), key=lambda u: -u.weight)
    chosen = institutes[: 4 if not ctx.scale else max(4, len(institutes) // 10)]
    recent = years[-4:]
    # One pass over the facts: counts per (unit, year), then summed over each unit's subtree.
    conf_by_unit = conferences.unit_attended
    held_by_unit: dict[tuple[str, int], int] = {}
    for u, s, e in zip(posts["unit_id"], posts["start_date"], posts["end_date"], strict=True):
        for y in recent:
            if in_force(s, e, y):
                held_by_unit[u, y] = held_by_unit.get((u, y), 0) + 1
    children: dict[str, list[str]] = {}
    for u in ctx.units:
        if u.parent_id:
            children.setdefault(u.parent_id, []).append(u.unit_id)
    for unit in chosen:
        subtree = [unit.unit_id, *children.get(unit.unit_id, [])]
        conf = {y: sum(conf_by_unit.get((u, y), 0) for u in subtree) for y in years}
        held = {y: sum(held_by_unit.get((u, y), 0) for u in subtree) for y in recent}
        _add_targets(rng, cols, I_CONF_ATTENDED, unit.unit_id, recent, conf, today)
        _add_targets(rng, cols, I_POSTS_HELD, unit.unit_id, recent, held, today)
    return cols


# The five-year plan (十四五, 2021–2025) the academy set for itself, where the data covers it:
# a flow (conferences co-hosted, summed over the period) and a stock (memberships in force).
PLAN = (2021, 2025)
PLAN_INDICATORS = ((I_CONF_COHOSTED, 1.15), (I_MEMBERSHIPS_ACTIVE, 1.1))


def _add_plan_targets(
    cols: dict[str, list[Any]], actual: dict[str, dict[int, int]], years: list[int], today: dt.date
) -> None:
    first, last = PLAN
    if first - 1 not in years or last > today.year:
        return
    for indicator, ambition in PLAN_INDICATORS:
        by_year = actual.get(indicator, {})
        if indicator == I_CONF_COHOSTED:  # a flow: the period's total
            target = math.ceil(sum(by_year.get(y, 0) for y in range(first, last + 1)) * ambition)
        else:  # a stock: where it should stand at the end
            target = math.ceil(by_year.get(first - 1, 0) * ambition * ambition)
        add_row(
            cols, year=first, end_year=last, indicator=indicator, unit_id=None, target=float(target)
        )


def _add_targets(
    rng: random.Random,
    cols: dict[str, list[Any]],
    indicator: str,
    unit_id: str | None,
    years: Sequence[int],
    actual: dict[int, int],
    today: dt.date,
) -> None:
    past = [y for y in years if y < today.year]
    met = {y: rng.random() < 0.6 for y in past}
    if len(past) >= 3 and len(set(met.values())) == 1:
        met[past[-1]] = not met[past[-1]]  # a dashboard needs both outcomes to show
    for y in years:
        if y in met:
            value = actual.get(y, 0)
            if met[y]:
                target = math.floor(value * rng.uniform(0.85, 1.0))
            else:
                target = max(value + 1, math.ceil(value * rng.uniform(1.03, 1.25)))
        else:  # this year: last year's result plus some ambition
            target = math.ceil(actual.get(y - 1, 0) * rng.uniform(1.0, 1.12))
        add_row(
            cols, year=y, end_year=y, indicator=indicator, unit_id=unit_id, target=float(target)
        )


def _academy_actuals(
    ctx: Ctx,
    memberships: dict[str, list[Any]],
    conferences: ConfStats,
    posts: dict[str, list[Any]],
    offices: dict[str, list[Any]],
) -> dict[str, dict[int, int]]:
    years = ctx.years
    started = (M_ACTIVE, M_LAPSED, M_WITHDRAWN)
    m_rows = [
        (o, s, e)
        for o, st, s, e in zip(
            memberships["org_id"], memberships["status"], memberships["start_date"],
            memberships["end_date"], strict=True,
        )
        if st in started
    ]  # fmt: skip
    p_rows = list(
        zip(posts["org_id"], posts["level"], posts["start_date"], posts["end_date"], strict=True)
    )
    o_rows = [
        (o, s, e)
        for o, s, e in zip(
            offices["org_id"], offices["established_date"], offices["closed_date"], strict=True
        )
        if s is not None
    ]
    attended, cohosted, online = conferences.attended, conferences.cohosted, conferences.online
    conf_orgs = {y: set(conferences.orgs.get(y, ())) for y in years}
    result: dict[str, dict[int, int]] = {
        I_MEMBERSHIPS_ACTIVE: {}, I_CONF_ATTENDED: attended, I_CONF_COHOSTED: cohosted,
        I_CONF_ONLINE: online, I_POSTS_HELD: {}, I_POSTS_LEADER: {}, I_OFFICES: {},
        I_ORGS_ENGAGED: {},
    }  # fmt: skip
    orgs_by_year: dict[int, set[str]] = conf_orgs
    rows: list[tuple[str, str, dt.date, dt.date | None]] = [
        (I_MEMBERSHIPS_ACTIVE, o, s, e) for o, s, e in m_rows
    ]
    rows += [(I_POSTS_LEADER if lv == LEADER else I_POSTS_HELD, o, s, e) for o, lv, s, e in p_rows]
    rows += [(I_OFFICES, o, s, e) for o, s, e in o_rows]
    for indicator, org, start, end in rows:
        # In force during Y: started by the end of Y and not ended before Y began.
        for y in years_in_force(start, end, years[0], years[-1]):
            counts = result[indicator]
            counts[y] = counts.get(y, 0) + 1
            if indicator == I_POSTS_LEADER:  # a leader post is also a post held
                result[I_POSTS_HELD][y] = result[I_POSTS_HELD].get(y, 0) + 1
            orgs_by_year[y].add(org)
    for y in years:
        for indicator in (I_MEMBERSHIPS_ACTIVE, I_POSTS_HELD, I_POSTS_LEADER, I_OFFICES):
            result[indicator].setdefault(y, 0)
        result[I_ORGS_ENGAGED][y] = len(orgs_by_year[y])
    return result
