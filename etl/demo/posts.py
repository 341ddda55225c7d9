"""Posts held by the academy's people in the organizations: mostly committee seats, few leaders."""

from __future__ import annotations

import datetime as dt
from itertools import accumulate
from typing import Any

from etl.demo.codes import COMMITTEE, COUNCIL, LEADER, OTHER
from etl.demo.dates import add_years, rand_date
from etl.demo.model import Ctx
from etl.demo.records import add_row, new_columns
from etl.demo.world import MULTI, POSITIONS, TOPICS


def make_posts(ctx: Ctx, n: int) -> dict[str, list[Any]]:
    rng, today, orgs = ctx.rng, ctx.today, ctx.orgs
    cols = new_columns("posts")
    n_leader = max(4, round(n * 0.045))  # the paper: few people in key posts
    n_council = round(n * 0.21)
    n_other = round(n * 0.14)
    levels = [LEADER] * n_leader + [COUNCIL] * n_council + [OTHER] * n_other
    levels += [COMMITTEE] * (n - len(levels))
    rng.shuffle(levels)
    first = ctx.start_year - 3
    post_years = list(range(first, today.year + 1))
    year_cw = list(accumulate(1 + 0.1 * (y - first) for y in post_years))
    staffed = [u for u in ctx.units if u.staff]
    unit_cw = list(accumulate(u.weight for u in staffed))
    comprehensive = list(ctx.hq.orgs)
    successions = 0  # leader posts whose term ends within the next twelve months
    for level in levels:
        unit = rng.choices(staffed, cum_weights=unit_cw)[0]
        person = rng.choice(unit.staff)
        if unit is ctx.hq or rng.random() < 0.1:
            org_i = rng.choice(comprehensive)
        else:
            org_i = rng.choice(unit.orgs)
        org = orgs[org_i]
        position = rng.choice(POSITIONS[level])
        if "{}" in position:
            position = position.format(rng.choice(TOPICS.get(org.field, TOPICS[MULTI])))
        term = rng.choice((2, 3, 4, 4, 4))
        if level == LEADER and successions < 2:
            # Two leader terms end soon, so the dashboard has a succession to warn about.
            successions += 1
            end: dt.date | None = today + dt.timedelta(days=rng.randint(30, 330))
            assert end is not None
            start = add_years(end, -term) + dt.timedelta(days=1)
        else:
            y = rng.choices(post_years, cum_weights=year_cw)[0]
            start = rand_date(rng, dt.date(y, 1, 1), min(dt.date(y, 12, 31), today))
            scheduled = add_years(start, term) - dt.timedelta(days=1)
            if scheduled < today:
                early = rng.random() < 0.08
                end = rand_date(rng, start, scheduled) if early else scheduled
            else:
                end = scheduled if rng.random() < 0.6 else None  # ongoing, end not recorded
        add_row(
            cols,
            post_id=f"PT-{len(cols['post_id']) + 1:05d}",
            person_name=person.name,
            person_id=person.person_id,
            unit_id=unit.unit_id,
            org_id=org.org_id,
            position=position,
            level=level,
            start_date=start,
            end_date=end,
        )
    return cols
