"""模式 Modes: conferences, posts and offices, year by year."""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.formatting import fmt_int
from dashboard.i18n import indicator_definition, indicator_name, t
from dashboard.panels.modes import PAGE, POST_INDICATORS
from dashboard.queries import indicator_year

ctx = ui.begin("modes")
lang, filters = ctx.lang, ctx.filters
ui.scope_note(ctx)


def _conferences() -> None:
    """Conferences by role, online share, attend-versus-host, countries."""
    asked = ui.values(ctx)
    by_role = ui.ask(PAGE["conf_role"], asked)
    if by_role.is_empty():
        ui.no_match(ctx)
        return
    left, right = st.columns([3, 2])
    with left:
        ui.show(PAGE["conf_role"], ctx, asked, by_role)
    with right:
        ui.show(PAGE["conf_online"], ctx, asked)
    ui.show(PAGE["conf_qualification"], ctx, asked)
    st.caption(t("modes.qualification.caption", lang))
    ui.meeting_rule_note(ctx, counts=False)
    left, right = st.columns(2)
    with left:
        ui.show(PAGE["conf_ratio"], ctx, asked)
        st.caption(t("modes.attend_host.caption", lang))
    with right:
        ui.show(PAGE["conf_countries"], ctx, asked)


def _posts() -> None:
    """Posts in force by level, leader posts, people, succession alert."""
    year = ui.year_heading(ctx, "modes", with_scope_note=False)  # noted above the tabs
    asked = ui.values(ctx, year=year)
    values = indicator_year(filters.unit_id, year)
    for cell, indicator in zip(st.columns(3), POST_INDICATORS, strict=True):
        cell.metric(
            indicator_name(indicator, lang),
            fmt_int(values.get(indicator, 0.0), lang),
            border=True,
            help=indicator_definition(indicator, lang),
        )
    left, right = st.columns(2)
    with left:
        ui.show(PAGE["posts_level"], ctx, asked)
    with right:
        ui.show(PAGE["posts_trend"], ctx, asked)
    ui.section(f":material/notifications_active: {t('modes.succession', lang)}")
    alerts = ui.ask(PAGE["succession"], asked)
    if alerts.is_empty():
        st.success(t("modes.succession.none", lang), icon=":material/check_circle:")
    else:
        ui.show(PAGE["succession"], ctx, asked, alerts)
    ui.section(
        f":material/workspace_premium: {t('modes.leader_posts', lang)}",
        t("modes.leader_posts.caption", lang),
    )
    leaders = ui.ask(PAGE["leader_posts"], asked)
    if leaders.is_empty():
        st.info(t("modes.leader_posts.none", lang))
    else:
        ui.show(PAGE["leader_posts"], ctx, asked, leaders)


def _offices() -> None:
    """Offices through their stages, with a timeline."""
    asked = ui.values(ctx)
    stages = ui.ask(PAGE["office_stages"], asked)
    if stages.is_empty():
        ui.no_match(ctx, t("modes.offices", lang))
        return
    left, right = st.columns([2, 3])
    with left:
        ui.show(PAGE["office_stages"], ctx, asked, stages)
    with right:
        timeline = ui.ask(PAGE["office_timeline"], asked)
        if timeline.is_empty():
            st.info(t("modes.office_timeline.empty", lang))
        else:
            ui.show(PAGE["office_timeline"], ctx, asked, timeline)
    ui.section(
        f":material/list_alt: {t('modes.office_pipeline', lang)}",
        t("modes.office_pipeline.caption", lang),
    )
    ui.show(PAGE["office_pipeline"], ctx, asked)


# Lazy tabs: only the open tab's queries and charts run and reach the browser.
conf_tab, posts_tab, offices_tab = st.tabs(
    [
        f":material/groups: {t('modes.conferences', lang)}",
        f":material/badge: {t('modes.posts', lang)}",
        f":material/apartment: {t('modes.offices', lang)}",
    ],
    key="modes.tab",
    on_change="rerun",
)

for tab, render in ((conf_tab, _conferences), (posts_tab, _posts), (offices_tab, _offices)):
    if tab.open:
        with tab:
            render()
