"""The filters shared by every page: year range, unit (with its sub-units), organization scope.

A plain value object, so queries and tests can use it without a Streamlit session; the
sidebar widgets that set it live in `dashboard.state`.
"""

from __future__ import annotations

from dataclasses import dataclass

SCOPES: tuple[str, ...] = ("comprehensive", "specialized")


@dataclass(frozen=True)
class Filters:
    year_from: int
    year_to: int
    unit_id: str | None = None  # None = the whole academy
    scope: str | None = None  # None = every organization scope

    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)

    @property
    def is_narrowed_by_scope(self) -> bool:
        return self.scope is not None
