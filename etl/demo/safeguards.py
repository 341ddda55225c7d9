"""Safeguard measures: academy-wide one-off and yearly measures, and a few sub-units' own."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from etl.demo.codes import DONE, IN_PROGRESS, PLANNED, SG_FUNDING, SG_PERSONNEL, SG_SERVICES
from etl.demo.dates import rand_date
from etl.demo.model import Ctx, Unit
from etl.demo.records import add_row, new_columns
from etl.demo.world import MEASURES, UNIT_MEASURES, YEARLY


def make_safeguards(ctx: Ctx) -> dict[str, list[Any]]:
    rng, today = ctx.rng, ctx.today
    cols = new_columns("safeguards")
    per_year: dict[int, int] = {}

    def add(
        category: str,
        title: str,
        year: int,
        unit: Unit | None,
        amount: tuple[int, int] | None,
        people: tuple[int, int] | None,
    ) -> None:
        due = dt.date(year, rng.randint(6, 12), rng.randint(1, 28))
        status, done = _progress(rng, due, today)
        per_year[year] = per_year.get(year, 0) + 1
        add_row(
            cols,
            measure_id=f"SG-{year}-{per_year[year]:03d}",
            category=category,
            title=title,
            unit_id=unit.unit_id if unit else None,
            status=status,
            due_date=due,
            done_date=done,
            amount_cny=float(round(rng.randint(*amount), -4)) if amount else None,
            people=rng.randint(*people) if people else None,
        )

    last = today.year + 1  # next year's plans are already on the books
    for category, title, offset in MEASURES:
        year = min(ctx.start_year + offset, last)
        amount = (1_000_000, 5_000_000) if category == SG_FUNDING else None
        people = (10, 80) if category == SG_PERSONNEL else None
        add(category, title, year, None, amount, people)
    for category, template, offset, amount, people in YEARLY:
        for year in range(ctx.start_year + offset, last + 1):
            add(category, template.format(year), year, None, amount, people)
    subunits = [u for u in ctx.units if u.level in ("institute", "branch")]
    n_units = min(len(subunits), max(3, len(subunits) // 5))
    for unit in rng.sample(subunits, n_units):
        category, template = rng.choice(UNIT_MEASURES)
        year = rng.randint(ctx.start_year + 3, last)
        amount = (100_000, 600_000) if category == SG_FUNDING else None
        people = (2, 30) if category in (SG_PERSONNEL, SG_SERVICES) else None
        add(category, template.format(unit.name_zh), year, unit, amount, people)
    return cols


def _progress(rng: random.Random, due: dt.date, today: dt.date) -> tuple[str, dt.date | None]:
    """Status and completion date of a measure due on `due`, as seen on `today`."""
    if due.year > today.year:
        return PLANNED, None
    if due <= today and rng.random() < 0.88:
        done = rand_date(rng, due - dt.timedelta(days=90), due + dt.timedelta(days=45))
        if done <= today:
            return DONE, done
    if due.year == today.year and rng.random() < 0.3:
        return PLANNED, None
    return IN_PROGRESS, None  # overdue or under way
