"""Declarative panels: a chart (or a table) is a title, a question, a chart shape and its table.

A page declares its panels (and the few other questions its own widgets ask) in
`dashboard.panels.<page>`; the screen lays them out with `show`. The benchmark reads the same
declarations to know which questions each page asks (`bench.pages`).

A question's arguments are bound by parameter name from the page's values (`filters`, `year`,
`today`, `unit_id`, `year_from`, `year_to`, …), over the panel's fixed `args`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import polars as pl

from dashboard import views
from dashboard.i18n import t

Question = Callable[..., Any]


@dataclass(frozen=True)
class Look:
    """What a chart or table builder knows besides its frame."""

    lang: str
    title: str
    values: Mapping[str, Any]

    @property
    def years(self) -> list[int]:
        return list(self.values["filters"].years())

    @property
    def year(self) -> int:
        return int(self.values["year"])


ChartBuilder = Callable[[pl.DataFrame, Look], "alt.Chart | alt.LayerChart"]
TableBuilder = Callable[[pl.DataFrame, Look], pl.DataFrame]


@dataclass(frozen=True)
class Panel:
    """One chart with its data downloadable, or one table (no `chart`).

    title: catalog key, its fields filled from the page's values.
    headers / enums / countries: the table (see `views.localize`), unless `table` shapes it.
    name: the download's file name, `{title}` (the title, or the catalog text `file_title`)
        and the page's values filled in.
    """

    key: str
    title: str
    question: Question
    chart: ChartBuilder | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    enums: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    countries: tuple[str, ...] = ()
    args: Mapping[str, Any] = field(default_factory=dict)
    table: TableBuilder | None = None
    name: str = "{title}"
    file_title: str | None = None
    height: int | None = None  # a long table scrolls within this height


@dataclass(frozen=True)
class Page:
    """A page's panels and the other questions its own widgets ask, in the order asked."""

    panels: tuple[Panel, ...]
    questions: tuple[Question, ...] = ()

    def __getitem__(self, key: str) -> Panel:
        for panel in self.panels:
            if panel.key == key:
                return panel
        raise KeyError(key)

    def asked(self) -> list[tuple[Question, Mapping[str, Any]]]:
        """Every question with its fixed arguments: the panels' (panels drawing the same
        answer share one asking), then the widgets'."""
        asked: list[tuple[Question, Mapping[str, Any]]] = []
        for panel in self.panels:
            if (panel.question, panel.args) not in asked:
                asked.append((panel.question, panel.args))
        return asked + [(question, {}) for question in self.questions]


def arguments(question: Question, values: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments of `question` found by name in `values` (the others keep defaults)."""
    names = inspect.signature(question).parameters
    return {name: values[name] for name in names if name in values}


def page_values(filters: Any, **values: Any) -> dict[str, Any]:
    """A page's values: the filters, what follows from them, and the page's own."""
    return {
        "filters": filters,
        "unit_id": filters.unit_id,
        "year_from": filters.year_from,
        "year_to": filters.year_to,
        **values,
    }


def ask(panel: Panel, values: Mapping[str, Any]) -> pl.DataFrame:
    merged = {**values, **panel.args}
    frame: pl.DataFrame = panel.question(**arguments(panel.question, merged))
    return frame


def look(panel: Panel, lang: str, values: Mapping[str, Any]) -> Look:
    return Look(lang, t(panel.title, lang, **{**values, **panel.args}), values)


def table_of(panel: Panel, frame: pl.DataFrame, seen: Look) -> pl.DataFrame:
    if panel.table is not None:
        return panel.table(frame, seen)
    return views.localize(
        frame,
        seen.lang,
        headers=panel.headers,
        enums=panel.enums,
        countries=panel.countries,
        units=seen.values.get("unit_names"),
    )


def file_name(panel: Panel, seen: Look) -> str:
    title = t(panel.file_title, seen.lang) if panel.file_title else seen.title
    return panel.name.format(**{**seen.values, "title": title})
