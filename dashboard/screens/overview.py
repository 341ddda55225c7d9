"""总览 Overview: the year's headline tiles, targets, depth ladder and data health."""

from __future__ import annotations

import dataclasses

import streamlit as st

from dashboard import charts, queries, report_button, state, ui, views
from dashboard.i18n import fmt_delta, fmt_int, status_label, t

ctx = ui.begin("overview")
lang, filters = ctx.lang, ctx.filters

head, picker = st.columns([4, 1], vertical_alignment="bottom")
with picker:
    year = state.year_picker(filters, ctx.latest_year, key="overview")
with head:
    unit_label = state.unit_name(filters.unit_id, lang)
    st.markdown(f"#### {unit_label} · {t('year.label', lang, year=year)}")
ui.provisional_note(ctx, year)
ui.scope_note(ctx)
report_button.render(filters, year, ctx.status.years, lang)

values = queries.indicator_year(filters.unit_id, year)
has_previous = year - 1 in ctx.status.years
previous = queries.indicator_year(filters.unit_id, year - 1) if has_previous else None
progress = queries.target_progress(filters.unit_id, year)
trend_indicators = tuple(charts.MODE_INDICATORS.values())
history = queries.indicator_series(
    filters.unit_id, filters.year_from, filters.year_to, trend_indicators
)
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

# ---- targets and depth
left, right = st.columns([3, 2])
with left:
    if progress.is_empty():
        with st.container(border=True):
            st.markdown(f"**{t('overview.progress', lang)}**")
            st.info(t("overview.progress.empty", lang, year=year), icon=":material/flag:")
    else:
        ui.chart(
            charts.target_progress(progress, lang),
            views.progress_table(progress, lang),
            name=f"{t('overview.progress', lang)}_{year}",
            key="progress",
            language=lang,
        )
        st.caption(
            f":material/rule: **{t('overview.target.rule', lang)}**{t('sep', lang)}"
            + views.status_rule(views.expected_ratio(progress), lang)
        )
with right:
    ladder = queries.depth_ladder(filters, year)
    ui.chart(
        charts.depth_ladder(ladder, lang, year),
        views.depth_ladder_table(ladder, lang),
        name=f"{t('overview.depth', lang)}_{year}",
        key="depth",
        language=lang,
    )
    st.caption(t("overview.depth.caption", lang, year=year))

# ---- trend of the four modes
ui.chart(
    charts.modes_trend(history, lang, years=list(filters.years())),
    views.mode_series_long(history, lang),
    name=t("overview.trend", lang),
    key="trend",
    language=lang,
)

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
