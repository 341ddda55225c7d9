"""The academy's units: the headquarters, its institutes and labs, and (at benchmark scale)
branch academies in other cities; and which organizations each unit deals with."""

from __future__ import annotations

import random
from typing import Any

from etl.demo.codes import SPECIALIZED
from etl.demo.model import Ctx, Plan, Unit
from etl.demo.records import add_row, new_columns
from etl.demo.world import (
    ACADEMY_EN,
    ACADEMY_ID,
    ACADEMY_ZH,
    BRANCH_CITIES,
    CORE_INSTITUTES,
    HOME_CITY,
    INSTITUTES,
    MULTI,
    TOPICS,
    Template,
)


def build_units(rng: random.Random, plan: Plan) -> list[Unit]:
    hq = Unit(ACADEMY_ID, ACADEMY_ZH, ACADEMY_EN, None, (MULTI,), HOME_CITY, 0.7, "hq")
    units = [hq]
    if plan.units is None:
        # 8–15 sub-units: the core institutes, a sample of the others, one or two key labs.
        core = [t for t in INSTITUTES if t.code in CORE_INSTITUTES]
        rest = [t for t in INSTITUTES if t.code not in CORE_INSTITUTES]
        chosen = core + rng.sample(rest, rng.randint(4, 7))
        chosen.sort(key=INSTITUTES.index)
        institutes = [_institute(t, hq, rng.uniform(0.6, 1.6)) for t in chosen]
        units += institutes
        for parent, template in rng.sample(
            list(zip(institutes, chosen, strict=True)), rng.randint(1, 2)
        ):
            units.append(_lab(template, parent, rng.uniform(0.2, 0.45)))
        units[1:] = sorted(units[1:], key=lambda u: u.unit_id)
        return units
    # Benchmark scale: the provincial institutes, then branch academies in other cities, each
    # with its own institutes and labs, until the wanted number of units is reached.
    for t in INSTITUTES:
        inst = _institute(t, hq, rng.uniform(0.6, 1.6))
        units.append(inst)
        units.append(_lab(t, inst, rng.uniform(0.2, 0.45)))
    b = 0
    while len(units) < plan.units:
        city, code, city_en = BRANCH_CITIES[b % len(BRANCH_CITIES)]
        if b >= len(BRANCH_CITIES):
            code, city = (
                f"{code}{b // len(BRANCH_CITIES) + 1}",
                f"{city}第{b // len(BRANCH_CITIES) + 1}",
            )
        b += 1
        branch = Unit(
            f"{ACADEMY_ID}-{code}",
            f"{ACADEMY_ZH}{city}分院",
            f"{city_en} Branch, {ACADEMY_EN}",
            hq.unit_id,
            tuple(rng.sample(sorted(TOPICS.keys() - {MULTI}), 2)),
            city,
            0.3,
            "branch",
        )
        units.append(branch)
        for t in rng.sample(INSTITUTES, rng.randint(6, 12)):
            inst = Unit(
                f"{branch.unit_id}-{t.code}",
                f"{city}{t.name_zh}",
                f"{city_en} {t.name_en}",
                branch.unit_id,
                t.fields,
                city,
                rng.uniform(0.5, 1.4),
                "institute",
            )
            units.append(inst)
            for k in range(rng.choice((0, 1, 1, 2))):
                topic = TOPICS[t.fields[0]][k % len(TOPICS[t.fields[0]])]
                units.append(
                    Unit(
                        f"{inst.unit_id}-L{k + 1}",
                        f"{inst.name_zh}{topic}实验室",
                        None,
                        inst.unit_id,
                        t.fields,
                        city,
                        rng.uniform(0.2, 0.45),
                        "lab",
                    )
                )
    return units


def _institute(t: Template, hq: Unit, weight: float) -> Unit:
    return Unit(
        f"{ACADEMY_ID}-{t.code}",
        f"江南省{t.name_zh}",
        f"{t.name_en}, {ACADEMY_EN}",
        hq.unit_id,
        t.fields,
        t.city,
        weight,
        "institute",
    )


def _lab(t: Template, parent: Unit, weight: float) -> Unit:
    return Unit(
        f"{parent.unit_id}-LAB",
        f"{parent.name_zh}{t.lab_zh}",
        t.lab_en,
        parent.unit_id,
        t.fields,
        parent.city,
        weight,
        "lab",
    )


def relate(ctx: Ctx) -> None:
    """Each unit's own organizations: comprehensive for the headquarters, its fields' otherwise."""
    by_field: dict[str, list[int]] = {}
    for i, org in enumerate(ctx.orgs):
        by_field.setdefault(org.field if org.scope == SPECIALIZED else MULTI, []).append(i)
    for unit in ctx.units:
        unit.orgs = [i for f in unit.fields for i in by_field.get(f, [])]
        if not unit.orgs:  # a unit must be able to attend something
            unit.orgs = list(by_field[MULTI])


def units_columns(ctx: Ctx) -> dict[str, list[Any]]:
    cols = new_columns("units")
    for u in ctx.units:
        add_row(
            cols,
            unit_id=u.unit_id,
            name_zh=u.name_zh,
            name_en=u.name_en,
            parent_unit_id=u.parent_id,
        )
    return cols
