"""The people who hold posts and individual memberships: Chinese names, staff numbers, ORCID iDs."""

from __future__ import annotations

import random
from itertools import accumulate

from etl.demo.model import Ctx, Person
from etl.demo.world import COMPOUND_SURNAMES, GIVEN, SURNAMES


def hire_staff(ctx: Ctx, n_posts: int) -> None:
    """The people who hold posts and individual memberships (about two posts each)."""
    rng = ctx.rng
    total_weight = sum(u.weight for u in ctx.units)
    people = max(len(ctx.units) * 3, round(n_posts / 1.8))
    seen_orcids: set[str] = set()
    staff_no = 0
    for unit in ctx.units:
        for _ in range(max(3, round(people * unit.weight / total_weight))):
            staff_no += 1
            r = rng.random()
            if r < 0.62:
                person_id: str | None = f"JN{rng.randint(95, 124) % 100:02d}{staff_no:05d}"
            elif r < 0.92:
                person_id = _orcid(rng)
                while person_id in seen_orcids:
                    person_id = _orcid(rng)
                seen_orcids.add(person_id)
            else:
                person_id = None  # not every record-keeper fills it in
            unit.staff.append(Person(_person_name(rng), person_id))


_SURNAME_CUM = list(accumulate(1.0 / (i + 6) for i in range(len(SURNAMES))))


def _person_name(rng: random.Random) -> str:
    if rng.random() < 0.01:
        surname = rng.choice(COMPOUND_SURNAMES)
    else:
        surname = rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.72 else "")
    return surname + given


def _orcid(rng: random.Random) -> str:
    """A well-formed ORCID iD (ISO 7064 MOD 11-2 check digit)."""
    # 0000-0001-… to 0000-0003-…: the blocks ORCID has issued so far.
    digits = "0000000" + str(rng.randint(1, 3)) + "".join(str(rng.randrange(10)) for _ in range(7))
    total = 0
    for ch in digits:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    full = digits + ("X" if check == 10 else str(check))
    return "-".join(full[i : i + 4] for i in range(0, 16, 4))
