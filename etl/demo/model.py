"""The world being generated, in memory: organizations, units, people, and the plan of sizes."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass
class Org:
    org_id: str
    name_zh: str
    acronym: str | None
    scope: str
    field: str
    hq_country: str
    row: dict[str, Any]
    institutions_join: bool  # an academy or institute can be a member
    persons_join: bool  # a scientist can be a member in person


@dataclass(frozen=True)
class Person:
    name: str
    person_id: str | None


@dataclass
class Unit:
    unit_id: str
    name_zh: str
    name_en: str | None
    parent_id: str | None
    fields: tuple[str, ...]
    city: str
    weight: float
    level: Literal["hq", "branch", "institute", "lab"]
    orgs: list[int] = field(default_factory=list)
    staff: list[Person] = field(default_factory=list)


@dataclass
class Ctx:
    rng: random.Random
    today: dt.date
    years: list[int]
    units: list[Unit]
    orgs: list[Org]
    scale: bool

    @property
    def start_year(self) -> int:
        return self.years[0]

    @property
    def hq(self) -> Unit:
        return self.units[0]


@dataclass(frozen=True)
class Plan:
    conferences: int
    posts: int
    memberships: int | None  # None = what the default academy naturally has
    offices: int | None
    units: int | None
