"""Date arithmetic of the demo factory: random days, anniversaries, being in force in a year."""

from __future__ import annotations

import datetime as dt
import random


def rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if hi <= lo:
        return lo
    return lo + dt.timedelta(days=int(rng.random() * ((hi - lo).days + 1)))


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def years_in_force(start: dt.date, end: dt.date | None, first: int, last: int) -> range:
    return range(max(start.year, first), min(end.year if end else last, last) + 1)


def in_force(start: dt.date, end: dt.date | None, year: int) -> bool:
    return start <= dt.date(year, 12, 31) and (end is None or end >= dt.date(year, 1, 1))
