"""The demo-data factory: one frame per record kind, for a seed, a size and a day.

The patterns follow the source paper: the academy mostly *attends* annual meetings, co-hosts
few conferences, holds few key posts, the headquarters joins the comprehensive organizations
and the sub-units the specialized ones, and "cloud" conferences appear from 2020. Each kind
of record has its own module; this one sizes the plan and runs them in a fixed order (they
share one random stream, so the order is part of the output).
"""

from __future__ import annotations

import datetime as dt
import random

import polars as pl

from etl import clock
from etl.demo.catalog import load_catalog
from etl.demo.conferences import make_conferences
from etl.demo.memberships import make_memberships
from etl.demo.model import Ctx, Plan
from etl.demo.offices import make_offices
from etl.demo.organizations import build_orgs, orgs_columns
from etl.demo.people import hire_staff
from etl.demo.posts import make_posts
from etl.demo.records import to_frame
from etl.demo.safeguards import make_safeguards
from etl.demo.targets import make_targets
from etl.demo.units import build_units, relate, units_columns
from etl.schema import KIND_ORDER

# The kinds whose rows are "facts" (what `fact_rows` counts); the rest are dimensions/plans.
FACT_KINDS: tuple[str, ...] = ("conferences", "memberships", "posts", "offices")


def generate(
    seed: int = 20240601,
    *,
    fact_rows: int | None = None,
    today: dt.date | None = None,
) -> dict[str, pl.DataFrame]:
    """One frame per record kind (in `KIND_ORDER`), with exactly the kind's columns.

    Default: one realistic academy (a headquarters and 8–15 sub-units) over the last twelve
    years. `fact_rows=N`: about N conferences + memberships + posts + offices in all, with
    branch academies and generated organizations added so the volume stays plausible.
    The same seed and `today` give identical frames.
    """
    if fact_rows is not None and fact_rows < 500:
        raise ValueError("fact_rows must be at least 500 (or None for the default academy)")
    today = today or clock.today()
    rng = random.Random(seed)
    years = list(range(today.year - 11, today.year + 1))
    catalog = load_catalog()
    if fact_rows is None:
        plan = Plan(
            conferences=rng.randint(2300, 2700),
            posts=rng.randint(200, 260),
            memberships=None,
            offices=None,
            units=None,
        )
    else:
        # Proportions of the default academy: conferences are the bulk, offices a handful.
        n_posts = round(fact_rows * 0.08)
        n_memberships = round(fact_rows * 0.058)
        n_offices = max(7, round(fact_rows * 0.002))
        plan = Plan(
            conferences=fact_rows - n_posts - n_memberships - n_offices,
            posts=n_posts,
            memberships=n_memberships,
            offices=n_offices,
            units=max(20, min(5000, fact_rows // 1500)),
        )

    orgs = build_orgs(rng, catalog, fact_rows)
    units = build_units(rng, plan)
    ctx = Ctx(
        rng=rng, today=today, years=years, units=units, orgs=orgs, scale=fact_rows is not None
    )
    relate(ctx)
    hire_staff(ctx, plan.posts)

    frames: dict[str, pl.DataFrame] = {}
    frames["units"] = to_frame("units", units_columns(ctx))
    frames["organizations"] = to_frame("organizations", orgs_columns(ctx))
    memberships = make_memberships(ctx, plan.memberships)
    frames["conferences"], conf_stats = make_conferences(ctx, plan.conferences)
    posts = make_posts(ctx, plan.posts)
    offices = make_offices(ctx, plan.offices)
    safeguards = make_safeguards(ctx)
    targets = make_targets(ctx, memberships, conf_stats, posts, offices)
    frames["memberships"] = to_frame("memberships", memberships)
    frames["posts"] = to_frame("posts", posts)
    frames["offices"] = to_frame("offices", offices)
    frames["safeguards"] = to_frame("safeguards", safeguards)
    frames["targets"] = to_frame("targets", targets)
    return {kind: frames[kind] for kind in KIND_ORDER}
