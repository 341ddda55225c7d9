"""Memberships: the headquarters in the comprehensive organizations, the sub-units in their
specialized ones, scientists in person in their societies; and the intention list."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from etl.demo.codes import (
    COMPREHENSIVE,
    INDIVIDUAL,
    INSTITUTIONAL,
    M_ACTIVE,
    M_APPLYING,
    M_INTENDED,
    M_LAPSED,
    M_WITHDRAWN,
    SPECIALIZED,
)
from etl.demo.dates import rand_date
from etl.demo.model import Ctx, Org, Person, Unit
from etl.demo.records import add_row, new_columns
from etl.demo.world import EURO, FEE_CURRENCY, INSTITUTES, PER_USD

# Who holds a membership: (unit, organization index, member type, person's name or None).
_Holder = tuple[str, int, str, str | None]


class _Tenure:
    """The memberships in force so far, per holder: at most one at a time.

    Memberships of one holder follow each other (a lapsed or withdrawn one, then a re-join
    after it ended); a holder whose membership is open (active, no end) cannot take another.
    """

    def __init__(self, latest_start: dt.date) -> None:
        self.latest_start = latest_start  # no membership starts later (it has a history)
        self._ends: dict[_Holder, dt.date | None] = {}

    def free_from(self, holder: _Holder) -> dt.date | None:
        """The first day a new membership of `holder` may start; None if none may."""
        if holder not in self._ends:
            return dt.date.min
        end = self._ends[holder]
        if end is None or end + dt.timedelta(days=1) > self.latest_start:
            return None
        return end + dt.timedelta(days=1)

    def enter(self, holder: _Holder, start: dt.date, end: dt.date | None) -> None:
        free = self.free_from(holder)
        if free is None or start < free:
            raise AssertionError(f"{holder}: a second membership in force from {start}")
        self._ends[holder] = end


def make_memberships(ctx: Ctx, wanted: int | None) -> dict[str, list[Any]]:
    rng, today, orgs, hq = ctx.rng, ctx.today, ctx.orgs, ctx.hq
    cols = new_columns("memberships")
    held: set[tuple[str, int]] = set()  # (unit, org) with an institutional record
    intents: set[tuple[str, int]] = set()  # (unit, org) on the intention list
    tenure = _Tenure(today - dt.timedelta(days=400))

    def holder(unit: Unit, org_i: int, member_type: str, person: Person | None) -> _Holder:
        return (unit.unit_id, org_i, member_type, person.name if person else None)

    def add(
        unit: Unit,
        org_i: int,
        member_type: str,
        status: str,
        person: Person | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> None:
        org = orgs[org_i]
        fee, currency = _fee(rng, org, member_type) if rng.random() < 0.82 else (None, None)
        add_row(
            cols,
            membership_id=f"MB-{len(cols['membership_id']) + 1:05d}",
            unit_id=unit.unit_id,
            org_id=org.org_id,
            member_type=member_type,
            person_name=person.name if person else None,
            status=status,
            start_date=start,
            end_date=end,
            annual_fee=fee,
            currency=currency,
        )
        if start is not None:
            tenure.enter(holder(unit, org_i, member_type, person), start, end)
        if member_type == INSTITUTIONAL:
            held.add((unit.unit_id, org_i))
        if status in (M_INTENDED, M_APPLYING):
            intents.add((unit.unit_id, org_i))

    def timeline(
        first_year: int, status: str, after: dt.date | None = None
    ) -> tuple[dt.date | None, dt.date | None]:
        """Start and end of a membership begun no earlier than `first_year` and `after`."""
        if status in (M_INTENDED, M_APPLYING):
            return None, None
        earliest = max(dt.date(first_year, 1, 1), after or dt.date.min)
        start = rand_date(rng, earliest, tenure.latest_start)
        if status == M_ACTIVE:
            return start, None
        return start, rand_date(rng, start + dt.timedelta(days=365), today - dt.timedelta(days=1))

    # The headquarters holds most comprehensive memberships (the paper's recommendation).
    comprehensive = [i for i in hq.orgs if orgs[i].institutions_join]
    rng.shuffle(comprehensive)
    n_held = max(2, len(comprehensive) - 2)
    hq_held, hq_not = comprehensive[:n_held], comprehensive[n_held:]
    for k, org_i in enumerate(hq_held):
        status = M_LAPSED if k == 1 else M_ACTIVE
        add(hq, org_i, INSTITUTIONAL, status, None, *timeline(ctx.start_year - 8, status))
    # ... and is applying to one more (the tracked intention list).
    if hq_not:
        add(hq, hq_not[0], INSTITUTIONAL, M_APPLYING)
    # The soft-rule deviation: one or two institutes joined a comprehensive organization alone.
    institutes = [u for u in ctx.units if u.level == "institute"]
    for unit in rng.sample(institutes[: len(INSTITUTES)], rng.randint(1, 2)):
        org_i = hq_not[-1] if len(hq_not) > 1 else rng.choice(comprehensive)
        add(unit, org_i, INSTITUTIONAL, M_ACTIVE, None, *timeline(ctx.start_year, M_ACTIVE))

    def joinable(unit: Unit) -> list[int]:
        return [i for i in unit.orgs if orgs[i].scope == SPECIALIZED and orgs[i].institutions_join]

    def open_to(unit: Unit) -> list[int]:
        """What `unit` may join: none of its memberships in force, not on its intention list."""
        return [
            i
            for i in joinable(unit)
            if (unit.unit_id, i) not in intents
            and tenure.free_from(holder(unit, i, INSTITUTIONAL, None)) is not None
        ]

    subunits = [u for u in ctx.units if u is not hq and joinable(u)]
    curated = len(cols["membership_id"])
    if wanted is None:
        n_inst = round(len(subunits) * rng.uniform(2.0, 2.6))
        n_intent = rng.randint(4, 6)
        n_indiv = rng.randint(35, 55)
    else:
        rest = max(0, wanted - curated)
        n_inst, n_intent = round(rest * 0.40), round(rest * 0.06)
        n_indiv = rest - n_inst - n_intent
        # An intention list is short: at most a tenth of what the units could join.
        capped = min(n_intent, sum(len(joinable(u)) for u in subunits) // 10)
        n_indiv += n_intent - capped
        n_intent = capped

    order = list(subunits)
    rng.shuffle(order)
    missing = 0
    # The sub-units' own intention list: organizations they are not members of; first, so
    # that the units (which hold all they can at scale) have some left to intend.
    for k in range(n_intent):
        for attempt in range(1 if wanted is None else 10):
            unit = order[(k * 3 + 1) % len(order)] if attempt == 0 else rng.choice(order)
            choices = [i for i in joinable(unit) if (unit.unit_id, i) not in held]
            if choices:
                break
        else:
            missing += 1
            continue
        add(unit, rng.choice(choices), INSTITUTIONAL, M_APPLYING if k % 3 == 0 else M_INTENDED)
    # Sub-units join their specialized organizations, round-robin so each has a few.
    # A unit holding all it can join gives way to another (at scale) or is skipped; at scale,
    # what the units cannot hold goes to individual members (people are many more).
    for k in range(n_inst):
        for _ in range(1 if wanted is None else 10):
            unit = order[k % len(order)] if wanted is None else rng.choice(order)
            choices = open_to(unit)
            if choices:
                break
        else:
            missing += 1
            continue
        org_i = rng.choice(choices)
        for _ in range(3):
            if (unit.unit_id, org_i) not in held:
                break
            org_i = rng.choice(choices)
        r = rng.random()
        status = M_ACTIVE if r < 0.84 else M_LAPSED if r < 0.95 else M_WITHDRAWN
        after = tenure.free_from(holder(unit, org_i, INSTITUTIONAL, None))
        add(unit, org_i, INSTITUTIONAL, status, None, *timeline(ctx.start_year - 6, status, after))
    if wanted is not None:
        n_indiv += missing
    # Individual memberships: scientists in their societies (dues paid personally), and a few
    # elected fellows of the academies of individuals.
    fellowships = [i for i, o in enumerate(orgs) if o.persons_join and o.scope == COMPREHENSIVE]
    societies = [i for i, o in enumerate(orgs) if o.persons_join and o.scope == SPECIALIZED]
    with_staff = [u for u in subunits if u.staff]
    for _ in range(n_indiv):
        for _ in range(10):  # someone who can join: not already a member in force
            unit = rng.choice(with_staff)
            person = rng.choice(unit.staff)
            r = rng.random()
            status = M_ACTIVE if r < 0.8 else M_LAPSED if r < 0.95 else M_WITHDRAWN
            own = [i for i in unit.orgs if orgs[i].persons_join]
            if rng.random() < 0.12 and fellowships:
                org_i = rng.choice(fellowships)
                status = M_ACTIVE  # fellowship is for life
            else:
                org_i = rng.choice(own or societies)
            after = tenure.free_from(holder(unit, org_i, INDIVIDUAL, person))
            if after is not None:
                break
        else:
            continue
        add(unit, org_i, INDIVIDUAL, status, person, *timeline(ctx.start_year - 2, status, after))
    return cols


def _fee(rng: random.Random, org: Org, member_type: str) -> tuple[float, str]:
    currency = "EUR" if org.hq_country in EURO else FEE_CURRENCY.get(org.hq_country, "USD")
    usd = rng.uniform(1_000, 25_000) if member_type == INSTITUTIONAL else rng.uniform(60, 260)
    amount = usd * PER_USD[currency]
    step = 10 ** max(0, int(math.log10(amount)) - 1)  # two significant digits, like real dues
    return float(round(amount / step) * step), currency
