"""总览 Overview: the year's headline tiles, targets, depth ladder and data health."""

from __future__ import annotations

import dataclasses

import streamlit as st

from dashboard import queries, report_button, ui, views
from dashboard.alerts_panel import render as render_alerts
from dashboard.formatting import fmt_delta, fmt_int
from dashboard.i18n import status_label, t
from dashboard.panels.overview import PAGE

ctx = ui.begin("overview")
lang, filters = ctx.lang, ctx.filters

year = ui.year_heading(ctx, "overview")
report_button.render(filters, year, ctx.status.years, lang)

asked = ui.values(ctx, year=year)
values = queries.indicator_year(filters.unit_id, year)
has_previous = year - 1 in ctx.status.years
previous = queries.indicator_year(filters.unit_id, year - 1) if has_previous else None
progress = ui.ask(PAGE["progress"], asked)
history = ui.ask(PAGE["trend"], asked)
pipeline = queries.offices_by_status(dataclasses.replace(filters, scope=None))
tiles = views.headline_tiles(
    values,
    previous,
    progress,
    history,
    lang,
    offices_in_pipeline=views.offices_in_pipeline(pipeline),
)

# ---- headline tiles
for column, tile in zip(st.columns(len(tiles)), tiles, strict=True):
    with column, st.container(border=True, key=f"tile-{tile.mode}"):
        st.metric(
            tile.label,
            fmt_int(tile.value, lang),
            delta=views.delta_value(tile.delta),
            delta_description=t("yoy.short", lang) if tile.delta is not None else None,
            delta_color=views.MODE_METRIC_COLORS[tile.mode],  # type: ignore[arg-type]
            help=tile.definition,
            chart_data=list(tile.sparkline) or None,
            chart_type="area",
        )
        st.caption(tile.extra)
        if tile.has_target:
            # Status and figures on lines of their own, so every tile has the same height.
            st.badge(
                status_label(tile.status, lang),
                color=views.badge_color(tile.status),  # type: ignore[arg-type]
                help=views.status_rule(tile.expected_ratio, lang),
            )
            st.caption(views.target_text(tile, lang))
        else:
            st.caption(t("overview.target.none", lang))
        if tile.delta is None:
            st.caption(fmt_delta(None, lang))

ui.meeting_rule_note(ctx)

render_alerts(filters)

# ---- targets and depth
left, right = st.columns([3, 2])
with left:
    if progress.is_empty():
        with st.container(border=True):
            st.markdown(f"**{t('overview.progress', lang)}**")
            st.info(t("overview.progress.empty", lang, year=year), icon=":material/flag:")
    else:
        ui.show(PAGE["progress"], ctx, asked, progress)
        st.caption(
            f":material/rule: **{t('overview.target.rule', lang)}**{t('sep', lang)}"
            + views.status_rule(None, lang)
        )
with right:
    ui.show(PAGE["depth"], ctx, asked)
    st.caption(t("overview.depth.caption", lang, year=year))

# ---- trend of the four modes
ui.show(PAGE["trend"], ctx, asked, history)

# ---- data health
ui.section(t("overview.health", lang))
health = queries.health()
cells = st.columns(4)
with cells[0]:
    ui.freshness_metric(t("overview.health.refreshed", lang), health["last_refreshed"], lang)
cells[1].metric(
    t("overview.health.loaded", lang), fmt_int(health["files_loaded"], lang), border=True
)
cells[2].metric(
    t("overview.health.rejected", lang), fmt_int(health["files_rejected"], lang), border=True
)
cells[3].metric(
    t("overview.health.warnings", lang),
    fmt_int(health["warnings_outstanding"], lang),
    border=True,
)
