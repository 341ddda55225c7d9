"""Which queries each dashboard page runs, read from the pages' source, and how to call them.

A page's query set is every `queries.<name>(…)` call in its screen file, after the calls every
page view makes first (the router's `warehouse_status`, the sidebar filters' `units`). Reading
the calls from the source keeps the benchmark in step with the dashboard as it changes; the
arguments are the values a reader would have on screen (default filters, the latest full year,
the busiest organization …), bound by parameter name.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Calls made on every page view before the page's own: (file, function) in dashboard/.
COMMON_SOURCES: tuple[tuple[str, str], ...] = (
    ("app.py", "main"),
    ("ui.py", "begin"),
    ("state.py", "sidebar_filters"),
)
# The page that shows no filters (the router skips the sidebar filters for it).
UNFILTERED_PAGES = ("data",)
# Functions of queries.py that are plumbing, not questions a page asks.
INFRASTRUCTURE = frozenset(
    {"fetch", "clear_cache", "close_connections", "warehouse_path", "warehouse_identity"}
)


class Unresolvable(Exception):
    """A query parameter the benchmark has no value for (the signature changed)."""


@dataclass
class PageSpec:
    key: str
    file: Path
    calls: list[str] = field(default_factory=list)  # query function names, in call order


def query_calls(tree: ast.AST, module_alias: str = "queries") -> list[str]:
    """`queries.<name>(…)` calls in source order."""
    found: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == module_alias
        ):
            found.append((node.lineno, node.col_offset, node.func.attr))
    return [name for _, _, name in sorted(found)]


def function_calls(path: Path, function: str) -> list[str]:
    if not path.exists():
        return []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function:
            return query_calls(node)
    return []


def common_calls(dashboard_dir: Path, *, filtered: bool) -> list[str]:
    calls: list[str] = []
    for file, function in COMMON_SOURCES:
        if not filtered and function == "sidebar_filters":
            continue
        for name in function_calls(dashboard_dir / file, function):
            if name not in calls:
                calls.append(name)
    return calls


def page_specs(
    dashboard_dir: Path, pages_dir: Path, pages: list[tuple[str, str]]
) -> list[PageSpec]:
    """One spec per (key, file) page of the router; a missing file gives an empty spec."""
    specs = []
    for key, file in pages:
        path = pages_dir / file
        own = query_calls(ast.parse(path.read_text(encoding="utf-8"))) if path.exists() else []
        spec = PageSpec(
            key, path, common_calls(dashboard_dir, filtered=key not in UNFILTERED_PAGES)
        )
        spec.calls += own
        specs.append(spec)
    return specs


def public_queries(module: Any) -> dict[str, Callable[..., Any]]:
    return {
        name: fn
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__
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
