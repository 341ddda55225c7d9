"""Which questions each dashboard page asks, read from its panel declarations, and how to call
them.

A page's questions are those every page view asks first (the router's `warehouse_status`, the
sidebar filters' `units`), then its own: the panels and widget questions declared in
`dashboard.panels.<page>` (`Page.asked`), in order. Reading the declarations the screens draw
keeps the benchmark in step with the dashboard; the arguments are the values a reader would have
on screen (default filters, the latest full year, the busiest organization …), bound by
parameter name over each panel's fixed arguments.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Question = Callable[..., Any]
# The pages that show no filters (the router skips the sidebar filters for them).
UNFILTERED_PAGES = ("data", "users", "settings")
# Names in dashboard.queries that are plumbing, not questions a page asks.
INFRASTRUCTURE = frozenset(
    {"fetch", "clear_cache", "close_connections", "warehouse_path", "warehouse_identity"}
)


class Unresolvable(Exception):
    """A query parameter the benchmark has no value for (the signature changed)."""


@dataclass
class PageSpec:
    key: str
    file: Path
    asked: list[tuple[Question, Mapping[str, Any]]] = field(default_factory=list)

    @property
    def calls(self) -> list[str]:
        """The questions' names, in the order asked."""
        return [question.__name__ for question, _ in self.asked]


def common_questions(*, filtered: bool) -> list[tuple[Question, Mapping[str, Any]]]:
    from dashboard import queries

    asked: list[tuple[Question, Mapping[str, Any]]] = [(queries.warehouse_status, {})]
    if filtered:
        asked.append((queries.units, {}))
    return asked


def declared(key: str, package: str = "dashboard.panels") -> list[tuple[Question, Any]]:
    """The questions page `key` declares (none if it declares no panels)."""
    try:
        module = importlib.import_module(f"{package}.{key}")
    except ModuleNotFoundError:
        return []
    return list(module.PAGE.asked())


def page_specs(
    pages_dir: Path, pages: list[tuple[str, str]], package: str = "dashboard.panels"
) -> list[PageSpec]:
    """One spec per (key, file) page of the router."""
    specs = []
    for key, file in pages:
        spec = PageSpec(
            key, pages_dir / file, common_questions(filtered=key not in UNFILTERED_PAGES)
        )
        spec.asked += declared(key, package)
        specs.append(spec)
    return specs


def public_queries(module: Any) -> dict[str, Question]:
    """Every question `dashboard.queries` offers (what a page could ask)."""
    return {
        name: fn
        for name in getattr(module, "__all__", dir(module))
        if inspect.isfunction(fn := getattr(module, name))
        and not name.startswith("_")
        and name not in INFRASTRUCTURE
    }


def _allows_none(parameter: inspect.Parameter) -> bool:
    annotation = parameter.annotation
    if annotation is inspect.Parameter.empty:
        return True
    return "None" in str(annotation) or "Optional" in str(annotation)


def bind(
    fn: Callable[..., Any], context: dict[str, Any], fallbacks: dict[str, Any], occurrence: int
) -> dict[str, Any]:
    """Arguments for `fn` by parameter name; the n-th repeated call looks one year further back
    (pages call e.g. `indicator_year` for the year and the one before)."""
    args: dict[str, Any] = {}
    for name, parameter in inspect.signature(fn).parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if name in context:
            value = context[name]
            if value is None and not _allows_none(parameter):
                if name not in fallbacks:
                    raise Unresolvable(name)
                value = fallbacks[name]
            args[name] = value
        elif parameter.default is not parameter.empty:
            continue
        else:
            raise Unresolvable(name)
    if occurrence and isinstance(args.get("year"), int):
        args["year"] -= occurrence
    return args
