"""The filters as SQL: the one place where a question's text is put together.

A `Scope` (years, unit subtree, organization scope) turns into `AND …` conditions on the
columns a question names, plus the parameters they use; `sql()` fills a question's `{slot}`s
with such conditions. Only fixed text is ever joined: column names are checked to be plain
identifiers, and every value the reader chose is a bound parameter (`$unit_id`, `$scope` …).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from dashboard.filters import Filters
from dashboard.warehouse import fetch

# A unit and every unit below it, read from the closure materialised at publish time.
UNIT_SUBTREE = "(SELECT unit_id FROM unit_closure WHERE ancestor_unit_id = $unit_id)"
ORGS_IN_SCOPE = "(SELECT org_id FROM organizations WHERE scope = $scope)"
_COLUMN = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?")
_SLOT = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Where:
    """Conditions, each starting with ` AND `, and the parameters they use."""

    sql: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)


def _column(name: str) -> str:
    if not _COLUMN.fullmatch(name):
        raise ValueError("not a column name: " + repr(name))
    return name


@dataclass(frozen=True)
class Scope:
    """What a page is narrowed to; `None` means not narrowed."""

    year_from: int | None = None
    year_to: int | None = None
    unit_id: str | None = None
    org_scope: str | None = None

    @classmethod
    def of(cls, filters: Filters) -> Scope:
        return cls(filters.year_from, filters.year_to, filters.unit_id, filters.scope)

    def where(
        self,
        *,
        years: str | None = None,
        unit: str | None = None,
        own_unit: str | None = None,
        org: str | None = None,
        org_id: str | None = None,
    ) -> Where:
        """Conditions on the named columns.

        years: a year column kept within the year range.
        unit: a unit column kept within the chosen unit's subtree (nothing when no unit).
        own_unit: a unit column equal to the chosen unit, or NULL (the academy) when none —
            how `indicator_values` stores rolled-up values.
        org: an organization-scope column equal to the chosen scope.
        org_id: an organization id column whose organization has the chosen scope.
        """
        parts: list[str] = []
        params: dict[str, Any] = {}
        if years:
            parts.append(_column(years) + " BETWEEN $year_from AND $year_to")
            params.update(year_from=self.year_from, year_to=self.year_to)
        if own_unit:
            if self.unit_id:
                parts.append(_column(own_unit) + " = $unit_id")
            else:
                parts.append(_column(own_unit) + " IS NULL")
        if unit and self.unit_id:
            parts.append(_column(unit) + " IN " + UNIT_SUBTREE)
        if self.unit_id and (unit or own_unit):
            params["unit_id"] = self.unit_id
        if self.org_scope and (org or org_id):
            if org:
                parts.append(_column(org) + " = $scope")
            if org_id:
                parts.append(_column(org_id) + " IN " + ORGS_IN_SCOPE)
            params["scope"] = self.org_scope
        return Where("".join(" AND " + part for part in parts), params)


def unit_only(unit_id: str | None) -> Scope:
    """The scope of one unit (or the academy): for questions about a unit, not the filters."""
    return Scope(unit_id=unit_id)


def sql(template: str, **slots: Where | str) -> Where:
    """`template` with each `{slot}` filled: conditions (`Where`) or a fixed fragment of this
    package (a `str` constant, never a value). Every slot must be filled, once named."""
    wanted = set(_SLOT.findall(template))
    if wanted != set(slots):
        raise ValueError("slots " + repr(sorted(wanted)) + " filled with " + repr(sorted(slots)))
    params: dict[str, Any] = {}
    for name, part in slots.items():
        text = part.sql if isinstance(part, Where) else part
        if isinstance(part, Where):
            params.update(part.params)
        template = template.replace("{" + name + "}", text)
    return Where(template, params)


def ask(question: Where, **params: Any) -> pl.DataFrame:
    """Run a put-together question with its conditions' parameters and `params`."""
    return fetch(question.sql, **{**question.params, **params})
