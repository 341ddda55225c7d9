"""Conferences: mostly attended, a few co-hosted or hosted, online and hybrid from 2020."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field
from itertools import accumulate

import polars as pl

from etl.demo.codes import ATTENDED, CO_HOSTED, HOSTED, HYBRID, IN_PERSON, ONLINE
from etl.demo.dates import rand_date
from etl.demo.model import Ctx, Org, Unit
from etl.demo.records import new_columns, to_frame
from etl.demo.world import CN_VENUES, FIELD_IDS, FIELDS, MULTI, TOPICS, VENUES

# title, start, end, city, country, format, attendees, countries, series
_Event = tuple[
    str, dt.date, dt.date | None, str | None, str | None, str, int | None, int | None, str | None
]


@dataclass
class ConfStats:
    """What the targets need from the conferences, gathered while generating them."""

    attended: dict[int, int] = field(default_factory=dict)
    cohosted: dict[int, int] = field(default_factory=dict)
    online: dict[int, int] = field(default_factory=dict)
    orgs: dict[int, set[str]] = field(default_factory=dict)
    unit_attended: dict[tuple[str, int], int] = field(default_factory=dict)


def make_conferences(ctx: Ctx, n: int) -> tuple[pl.DataFrame, ConfStats]:
    rng, today, orgs, units = ctx.rng, ctx.today, ctx.orgs, ctx.units
    years = ctx.years
    span = max(1, len(years) - 1)
    covid = {2020: 0.55, 2021: 0.75, 2022: 0.9}
    year_share = max(0.02, today.timetuple().tm_yday / 366)
    year_w = [
        (1 + 0.06 * (y - years[0])) * covid.get(y, 1.0) * (year_share if y == today.year else 1.0)
        for y in years
    ]
    per_year = dict.fromkeys(years, 0)
    for y in rng.choices(years, cum_weights=list(accumulate(year_w)), k=n):
        per_year[y] += 1
    unit_cw = list(accumulate(u.weight for u in units))
    # Co-hosting and hosting grow slowly; attending stays the bulk (the "shallow" challenge).
    comprehensive = list(ctx.hq.orgs)
    events: dict[tuple[int, int, int], _Event] = {}
    stats = ConfStats()
    rand = rng.random
    chunks: list[pl.DataFrame] = []
    # One year at a time, so only a year's rows are ever held as Python objects.
    for y in years:
        p_host = 0.006 + 0.010 * (y - years[0]) / span
        p_cohost = p_host + 0.025 + 0.035 * (y - years[0]) / span
        cols = new_columns("conferences")
        c_id, c_unit, c_org, c_title = (
            cols["conference_id"],
            cols["unit_id"],
            cols["org_id"],
            cols["title"],
        )
        c_role, c_format, c_start, c_end = (
            cols["role"],
            cols["format"],
            cols["start_date"],
            cols["end_date"],
        )
        c_city, c_country = cols["city"], cols["country"]
        c_staff, c_pres = cols["staff_attending"], cols["presentations"]
        c_att, c_ctry = cols["attendees_total"], cols["countries_total"]
        c_foreign, c_series = cols["foreign_attendees"], cols["series"]
        year_orgs = stats.orgs.setdefault(y, set())
        attended = cohosted = online = 0
        unit_attended = stats.unit_attended
        picks = rng.choices(units, cum_weights=unit_cw, k=per_year[y])
        for seq, unit in enumerate(picks, start=1):
            r = rand()
            if r >= p_cohost:
                role = ATTENDED
                r2 = rand()
                if r2 < 0.8:
                    org_i = unit.orgs[int(rand() * len(unit.orgs))]
                elif r2 < 0.93:
                    org_i = comprehensive[int(rand() * len(comprehensive))]
                else:
                    # Under no organization; keyed by field so units of a field share it.
                    org_i = -1 - FIELD_IDS[unit.fields[int(rand() * len(unit.fields))]]
                r3 = rand()
                k = 0 if r3 < 0.55 else 1 if r3 < 0.85 else 2
                key = (org_i, y, k)
                event = events.get(key)
                if event is None:
                    event = events[key] = _new_event(ctx, org_i, unit, y, k)
                staff = 1 + int(rand() ** 2 * 6)
                pres = int(rand() * (staff + 1))
                attended += 1
                unit_key = (unit.unit_id, y)
                unit_attended[unit_key] = unit_attended.get(unit_key, 0) + 1
            else:
                role = HOSTED if r < p_host else CO_HOSTED
                org_i = unit.orgs[int(rand() * len(unit.orgs))] if rand() < 0.85 else -1
                event = _hosted_event(ctx, org_i, unit, y, role)
                staff = rng.randint(8, 60) if role == CO_HOSTED else rng.randint(20, 120)
                pres = rng.randint(3, 20)
                cohosted += 1
            title, start, end, city, country, fmt, attendees, countries, series = event
            org_id = orgs[org_i].org_id if org_i >= 0 else None
            if org_id is not None:
                year_orgs.add(org_id)
            if fmt != IN_PERSON:
                online += 1
            c_id.append(f"CF-{y}-{seq:05d}")
            c_unit.append(unit.unit_id)
            c_org.append(org_id)
            c_title.append(title)
            c_role.append(role)
            c_format.append(fmt)
            c_start.append(start)
            c_end.append(end)
            c_city.append(city)
            c_country.append(country)
            c_staff.append(staff)
            c_pres.append(pres)
            c_att.append(attendees)
            c_ctry.append(countries)
            c_foreign.append(_foreign(title, country, attendees))
            c_series.append(series)
        stats.attended[y], stats.cohosted[y], stats.online[y] = attended, cohosted, online
        chunks.append(to_frame("conferences", cols))
    return pl.concat(chunks, rechunk=False), stats


def _event_format(rng: random.Random, start: dt.date) -> str:
    # "Cloud" meetings appear with the pandemic and stay as a minority afterwards.
    if start < dt.date(2020, 3, 1):
        return IN_PERSON
    online, hybrid = {2020: (0.60, 0.15), 2021: (0.45, 0.35), 2022: (0.20, 0.35)}.get(
        start.year, (0.08, 0.17)
    )
    r = rng.random()
    return ONLINE if r < online else HYBRID if r < online + hybrid else IN_PERSON


def _foreign(title: str, country: str | None, attendees: int | None) -> int | None:
    """Participants from outside China: most of a meeting abroad, a share of one at home (a
    fixed share per meeting, so the same meeting always reports the same number)."""
    if attendees is None:
        return None
    share = 0.15 + (zlib.crc32(title.encode()) % 50) / 100
    return round(attendees * (share if country in ("CN", None) else 0.92))


def _event_series(org: Org | None, topic: str, k: int) -> str | None:
    """The recurring series a meeting belongs to: an organization's general meeting or its
    numbered symposium; one-off workshops belong to none."""
    if org is None or k == 1:
        return None
    return _event_title(org, topic, 0, k).removeprefix("0年")


def _event_title(org: Org | None, topic: str, y: int, k: int) -> str:
    if org is None:
        return f"{y}年{topic}国际学术研讨会"
    if k == 0:
        name = org.name_zh
        if name.endswith(("联合会", "联盟", "理事会", "委员会", "组织")):
            suffix = "大会"
        elif name.endswith(("学会", "协会", "学院", "科学院")):
            suffix = "年会"
        else:
            suffix = "年度会议"
        return f"{y}年{name}{suffix}"
    if k == 1:
        return f"{y}年{org.name_zh}{topic}专题研讨会"
    if y == 0:  # the series, not one meeting of it
        return f"{org.acronym or org.name_zh}{topic}国际研讨会"
    return f"{org.acronym or org.name_zh}第{max(1, y - 2000)}届{topic}国际研讨会"


def _new_event(ctx: Ctx, org_i: int, unit: Unit, y: int, k: int) -> _Event:
    rng = ctx.rng
    org = ctx.orgs[org_i] if org_i >= 0 else None
    fld = org.field if org else FIELDS[-org_i - 1]
    topics = TOPICS.get(fld, TOPICS[MULTI])
    topic = topics[(y + k) % len(topics)]
    start = rand_date(rng, dt.date(y, 1, 1), min(dt.date(y, 12, 31), ctx.today))
    fmt = _event_format(rng, start)
    days = (rng.randint(3, 6), rng.randint(1, 3), rng.randint(1, 4))[k]
    end = (
        None
        if rng.random() < 0.03
        else start + dt.timedelta(days=days if fmt != ONLINE else days // 2)
    )
    if fmt == ONLINE:  # an online meeting takes place in no country
        city, country = None, None if org else (rng.choice(VENUES) and None)
    elif rng.random() < 0.12:
        city, country = rng.choice(CN_VENUES), "CN"
    else:
        city, country = rng.choice(VENUES)
    size = ((500, 6000, 30, 100), (80, 600, 8, 40), (30, 300, 5, 30))[k]
    attendees: int | None = rng.randint(size[0], size[1])
    countries: int | None = rng.randint(size[2], size[3])
    if rng.random() < 0.08:
        attendees, countries = None, None  # not reported
    series = _event_series(org, topics[k % len(topics)], k)
    title = _event_title(org, topic, y, k)
    return (title, start, end, city, country, fmt, attendees, countries, series)


def _hosted_event(ctx: Ctx, org_i: int, unit: Unit, y: int, role: str) -> _Event:
    rng = ctx.rng
    org = ctx.orgs[org_i] if org_i >= 0 else None
    topics = TOPICS.get(org.field if org else unit.fields[0], TOPICS[MULTI])
    topic = rng.choice(topics)
    start = rand_date(rng, dt.date(y, 1, 1), min(dt.date(y, 12, 31), ctx.today))
    fmt = _event_format(rng, start)
    r = rng.random()
    if org and r < 0.5:
        title = f"{y}年{org.name_zh}{topic}国际研讨会"
    elif r < 0.75:
        title = f"{y}{topic}国际论坛（{unit.city}）"
    else:
        title = f"第{max(1, y - 2008)}届{topic}国际学术会议"
    big = role == HOSTED
    attendees = rng.randint(150, 900) if big else rng.randint(60, 400)
    countries = rng.randint(10, 45) if big else rng.randint(5, 25)
    end = start + dt.timedelta(days=rng.randint(1, 4))
    return (
        title,
        start,
        end,
        unit.city if fmt != ONLINE else None,
        "CN" if fmt != ONLINE else None,
        fmt,
        attendees,
        countries,
        None,
    )
