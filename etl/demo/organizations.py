"""The organizations: the real catalog, plus generated namesakes at benchmark scale."""

from __future__ import annotations

import random
from typing import Any

from etl.demo.codes import SPECIALIZED
from etl.demo.model import Ctx, Org
from etl.demo.records import add_row, new_columns
from etl.demo.world import (
    FELLOWS_ONLY,
    GEN_HQ,
    GEN_PATTERNS,
    GEN_QUALIFIERS,
    GEN_TOPICS,
    MULTI,
    PERSONAL_MEMBERS,
    STATES_ONLY,
)


def build_orgs(
    rng: random.Random, catalog: list[dict[str, Any]], fact_rows: int | None
) -> list[Org]:
    orgs = [_org_from_row(row) for row in catalog]
    if fact_rows is None:
        return orgs
    wanted = max(len(orgs), min(3000, fact_rows // 1500))
    taken = {o.row["name_en"] for o in orgs}
    combos = [(p, t) for t in GEN_TOPICS for p in GEN_PATTERNS]
    rng.shuffle(combos)
    n = 0
    while len(orgs) < wanted:
        (en_fmt, zh_fmt), (fld, en_topic, zh_topic) = combos[n % len(combos)]
        round_ = n // len(combos)
        q = round_ % len(GEN_QUALIFIERS)
        suffix = f" {round_ // len(GEN_QUALIFIERS) + 1}" if round_ >= len(GEN_QUALIFIERS) else ""
        n += 1
        qualifier_en, qualifier_zh = GEN_QUALIFIERS[q]
        name_en = en_fmt.format(en_topic) + qualifier_en + suffix
        if name_en in taken:
            continue
        taken.add(name_en)
        acronym = "".join(w[0] for w in name_en.split() if w[0].isupper() and w.isalpha())
        row: dict[str, Any] = {
            "org_id": f"GX{len(orgs):04d}",
            "name_en": name_en,
            "name_zh": zh_fmt.format(zh_topic) + qualifier_zh + suffix.strip(),
            "acronym": acronym or None,
            "scope": SPECIALIZED,
            "field": fld,
            "hq_country": rng.choice(GEN_HQ),
            "ror_id": None,
            "founded_year": rng.randint(1920, 2018),
        }
        orgs.append(_org_from_row(row))
    return orgs


def _org_from_row(row: dict[str, Any]) -> Org:
    acronym = row["acronym"] or ""
    generated = row["org_id"].startswith("GX")
    return Org(
        org_id=row["org_id"],
        name_zh=row["name_zh"] or row["name_en"],
        acronym=row["acronym"],
        scope=row["scope"],
        field=row["field"] or MULTI,
        hq_country=row["hq_country"],
        row=row,
        institutions_join=acronym not in STATES_ONLY | FELLOWS_ONLY,
        persons_join=acronym in PERSONAL_MEMBERS
        or (generated and any(w in row["name_en"] for w in ("Society", "Association", "Academy"))),
    )


def orgs_columns(ctx: Ctx) -> dict[str, list[Any]]:
    cols = new_columns("organizations")
    for org in ctx.orgs:
        add_row(cols, **org.row)
    return cols
