"""Building blocks every page uses: header, empty states, charts with downloads, tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import altair as alt
import polars as pl
import streamlit as st

from dashboard import export, markup, panels, queries, state, views
from dashboard.filters import Filters
from dashboard.formatting import fmt_datetime
from dashboard.i18n import t
from etl import clock

SCREENS_DIR = Path(__file__).resolve().parent / "screens"

# Up to this many rows a table shows them all; longer ones scroll within the given height.
AUTO_HEIGHT_ROWS = 10


@dataclass(frozen=True)
class PageContext:
    lang: str
    status: queries.WarehouseStatus
    filters: Filters
    latest_year: int


def page_header(page: str, language: str) -> None:
    st.title(t(f"page.{page}", language), anchor=False)
    st.caption(t(f"page.{page}.lead", language))


def begin(page: str) -> PageContext:
    """Header, then the data check: a page without data shows what to load and stops."""
    language = state.lang()
    page_header(page, language)
    status = queries.warehouse_status()
    if status.state != "ready":
        empty_warehouse(status, language)
        st.stop()
    years = state.reporting_years(status)
    return PageContext(language, status, state.current_filters(status), years[-1])


def empty_warehouse(
    status: queries.WarehouseStatus, language: str, *, link_to_data: bool = True
) -> None:
    kind = {"missing": "no_warehouse", "empty": "no_records", "unavailable": "unavailable"}.get(
        status.state, "no_records"
    )
    with st.container(border=True):
        st.subheader(t(f"empty.{kind}.title", language), anchor=False)
        st.markdown(t(f"empty.{kind}.body", language, path=status.path.parent))
        if link_to_data and state.can_load_data() and kind != "unavailable":
            st.page_link(
                str(SCREENS_DIR / "data.py"),
                label=t("empty.go_to_data", language),
                icon=":material/upload_file:",
            )


def no_match(ctx: PageContext, what: str | None = None) -> None:
    """The helpful empty state for a filter that matches nothing."""
    if what:
        st.info(t("empty.section", ctx.lang, what=what), icon=":material/filter_alt_off:")
    else:
        summary = markup.text(state.filter_summary(ctx.filters, ctx.lang))
        st.info(
            t("empty.filter", ctx.lang, filters=summary),
            icon=":material/filter_alt_off:",
        )


def year_heading(
    ctx: PageContext, key: str, title_key: str | None = None, *, with_scope_note: bool = True
) -> int:
    """The page's year picker beside its heading (the chosen unit and the year, or the catalog
    text `title_key` of the year), then the notes on that year; returns the year."""
    head, picker = st.columns([4, 1], vertical_alignment="bottom")
    with picker:
        year = state.year_picker(ctx.filters, ctx.latest_year, key=key)
    with head:
        if title_key is None:
            unit = markup.text(state.unit_name(ctx.filters.unit_id, ctx.lang))
            title = f"{unit} · {t('year.label', ctx.lang, year=year)}"
        else:
            title = t(title_key, ctx.lang, year=year)
        st.markdown("#### " + title)
    provisional_note(ctx, year)
    if with_scope_note:
        scope_note(ctx)
    return year


def scope_note(ctx: PageContext) -> None:
    if ctx.filters.is_narrowed_by_scope:
        st.caption(":material/info: " + t("filter.scope_note", ctx.lang))


def provisional_note(ctx: PageContext, year: int) -> None:
    if year == ctx.latest_year:
        st.caption(":material/schedule: " + t("provisional.note", ctx.lang, year=year))


def downloads(frame: pl.DataFrame, name: str, key: str, language: str) -> None:
    """CSV and xlsx of exactly what a chart or table shows, made only when clicked."""
    stem = export.file_stem(name)
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            t("download.csv", language),
            data=_deferred(export.to_csv_bytes, frame),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"dl.csv.{key}",
            icon=":material/download:",
            type="tertiary",
            help=t("download.help", language),
            on_click="ignore",
        )
        st.download_button(
            t("download.xlsx", language),
            data=_deferred(export.to_xlsx_bytes, frame),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"dl.xlsx.{key}",
            icon=":material/table_view:",
            type="tertiary",
            help=t("download.help", language),
            on_click="ignore",
        )


def _deferred(convert: Callable[[pl.DataFrame], bytes], frame: pl.DataFrame) -> Callable[[], bytes]:
    def make() -> bytes:
        return convert(frame)

    return make


def chart(
    figure: alt.Chart | alt.LayerChart,
    data: pl.DataFrame,
    *,
    name: str,
    key: str,
    language: str,
) -> None:
    """A chart with its data downloadable underneath."""
    with st.container(border=True):
        # The specs are validated by the tests (chart.to_dict()); validating every chart on
        # every rerun cost more than building it, so the app hands Streamlit the plain spec.
        st.vega_lite_chart(spec=figure.to_dict(validate=False), width="stretch", key=f"chart.{key}")
        if not data.is_empty():
            downloads(data, name, key, language)


def table(
    data: pl.DataFrame,
    *,
    name: str,
    key: str,
    language: str,
    column_config: dict[str, Any] | None = None,
    height: int | Literal["auto"] = "auto",
) -> None:
    """A table with its downloads; a short table is never padded with empty rows."""
    if data.height <= AUTO_HEIGHT_ROWS:
        height = "auto"
    st.dataframe(
        views.temporal_as_text(data),
        hide_index=True,
        width="stretch",
        column_config=column_config,
        height=height,
        key=f"table.{key}",
        placeholder=t("none", language),
    )
    downloads(data, name, key, language)


def show(
    panel: panels.Panel,
    ctx: PageContext,
    values: dict[str, Any],
    frame: pl.DataFrame | None = None,
    **table_options: Any,
) -> pl.DataFrame:
    """One declared panel: its question asked (unless its `frame` is given), then its chart with
    the data downloadable, or its table. Returns the frame."""
    data = panels.ask(panel, values) if frame is None else frame
    seen = panels.look(panel, ctx.lang, values)
    shown = panels.table_of(panel, data, seen)
    name = panels.file_name(panel, seen)
    if panel.chart is None:
        if panel.height is not None:
            table_options.setdefault("height", panel.height)
        table(shown, name=name, key=panel.key, language=ctx.lang, **table_options)
    else:
        chart(panel.chart(data, seen), shown, name=name, key=panel.key, language=ctx.lang)
    return data


def ask(panel: panels.Panel, values: dict[str, Any]) -> pl.DataFrame:
    """A panel's question, asked before it is shown (when the page needs its answer first)."""
    return panels.ask(panel, values)


def values(ctx: PageContext, **page_values: Any) -> dict[str, Any]:
    """The values a page's questions and panels are bound to (see `dashboard.panels`)."""
    return panels.page_values(
        ctx.filters, unit_names=state.unit_names(ctx.lang), today=clock.today(), **page_values
    )


def section(title: str, caption: str | None = None) -> None:
    st.space("small")
    st.subheader(title, anchor=False)
    if caption:
        st.caption(caption)


def number_columns(helps: dict[str, str], pinned: str | None = None) -> dict[str, Any]:
    """Numbers with thousands separators, each column explained on hover; one column pinned."""
    config: dict[str, Any] = {
        name: st.column_config.NumberColumn(name, format="localized", help=text or None)
        for name, text in helps.items()
    }
    if pinned:
        config[pinned] = st.column_config.Column(pinned, pinned=True)
    return config


def freshness_metric(label: str, refreshed: dt.datetime | None, language: str) -> None:
    """When the data was last refreshed: the date, how long ago, the exact time on hover."""
    if refreshed is None:
        st.metric(label, t("overview.health.never", language), border=True)
        return
    age = views.days_between(refreshed, clock.today())
    st.metric(
        label,
        f"{refreshed:%Y-%m-%d}",
        delta=views.freshness_text(age, language),
        delta_color="gray",
        delta_arrow="off",
        help=fmt_datetime(refreshed, language),
        border=True,
    )


def meeting_rule_note(ctx: PageContext, *, counts: bool = True) -> None:
    """Name the meeting rule in force and its source where conferences are counted.

    counts: the page counts every recorded conference (not only those meeting the rule)."""
    rule = queries.meeting_rule()
    if rule is None:
        return
    name = markup.text(rule["name_en" if ctx.lang == "en" else "name_zh"])
    source = markup.text(rule["source_en" if ctx.lang == "en" else "source_zh"])
    key = "meeting_rule.note.counts" if counts else "meeting_rule.note"
    st.caption(":material/gavel: " + t(key, ctx.lang, name=name, source=source))
