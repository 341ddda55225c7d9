"""Offices the academy attracted, through every stage from negotiating to closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from etl.demo.codes import (
    APPROVED,
    CLOSED,
    ESTABLISHED,
    NEGOTIATING,
    OT_BRANCH,
    OT_HEADQUARTERS,
    OT_REGIONAL,
    OT_REPRESENTATIVE,
    OT_SECRETARIAT,
    SPECIALIZED,
)
from etl.demo.dates import rand_date
from etl.demo.model import Ctx
from etl.demo.records import add_row, new_columns


def make_offices(ctx: Ctx, wanted: int | None) -> dict[str, list[Any]]:
    rng, today, orgs = ctx.rng, ctx.today, ctx.orgs
    cols = new_columns("offices")
    # The stages the paper describes: negotiating → approved → established (one closed).
    statuses = [ESTABLISHED, ESTABLISHED, ESTABLISHED, CLOSED, APPROVED, NEGOTIATING, NEGOTIATING]
    types = [OT_REGIONAL, OT_SECRETARIAT, OT_REPRESENTATIVE, OT_SECRETARIAT, OT_BRANCH,
             OT_REGIONAL, OT_HEADQUARTERS]  # fmt: skip
    if wanted is not None:
        for _ in range(wanted - len(statuses)):
            r = rng.random()
            statuses.append(ESTABLISHED if r < 0.55 else APPROVED if r < 0.70 else
                            NEGOTIATING if r < 0.90 else CLOSED)  # fmt: skip
            r = rng.random()
            types.append(OT_REGIONAL if r < 0.3 else OT_SECRETARIAT if r < 0.6 else
                         OT_REPRESENTATIVE if r < 0.8 else OT_BRANCH if r < 0.95 else
                         OT_HEADQUARTERS)  # fmt: skip
    hosts = [u for u in ctx.units if u.level == "institute"]
    used: set[int] = set()
    earliest = dt.date(ctx.start_year + 2, 1, 1)
    for status, office_type in zip(statuses, types, strict=True):
        unit = rng.choice(hosts)
        choices = [i for i in unit.orgs if orgs[i].scope == SPECIALIZED and i not in used]
        org_i = rng.choice(choices or unit.orgs)
        used.add(org_i)
        established: dt.date | None = None
        closed: dt.date | None = None
        approved: dt.date | None = None
        if status == ESTABLISHED:
            established = rand_date(rng, earliest, today - dt.timedelta(days=400))
        elif status == CLOSED:
            # Open for two years at least, closed before today.
            established = rand_date(rng, earliest, today - dt.timedelta(days=1100))
            closed = rand_date(
                rng, established + dt.timedelta(days=730), today - dt.timedelta(days=30)
            )
        # The stages before: talks began a year or two before approval, approval months
        # before the office opened; an office still under negotiation has only its first date.
        if established is not None:
            approved = established - dt.timedelta(days=rng.randint(60, 240))
        elif status == APPROVED:
            approved = rand_date(rng, today - dt.timedelta(days=300), today - dt.timedelta(days=20))
        start_of_talks = approved or today
        negotiation = start_of_talks - dt.timedelta(days=rng.randint(200, 700))
        add_row(
            cols,
            office_id=f"OF-{len(cols['office_id']) + 1:04d}",
            org_id=orgs[org_i].org_id,
            unit_id=unit.unit_id,
            office_type=office_type,
            city=unit.city,
            country="CN",
            status=status,
            negotiation_date=negotiation,
            approved_date=approved,
            established_date=established,
            closed_date=closed,
        )
    return cols
