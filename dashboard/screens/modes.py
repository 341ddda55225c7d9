"""模式 Modes: conferences, posts and offices, year by year."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, queries, state, ui, views
from dashboard.formatting import fmt_int
from dashboard.i18n import indicator_definition, indicator_name, t
from etl import clock

ctx = ui.begin("modes")
lang, filters = ctx.lang, ctx.filters
today = clock.today()
units = state.unit_names(lang)
years = list(filters.years())
ui.scope_note(ctx)


def _conferences() -> None:
    """Conferences by role, online share, attend-versus-host, countries."""
    by_role = queries.conferences_by_role(filters)
    if by_role.is_empty():
        ui.no_match(ctx)
    else:
        left, right = st.columns([3, 2])
        with left:
            ui.chart(
                charts.conferences_by_role(by_role, lang, years=years),
                views.localize(
                    by_role,
                    lang,
                    headers={"year": "year", "role": "role", "conferences": "conferences.n"},
                    enums={"role": ("conferences", "role")},
                ),
                name=t("modes.conf_by_role", lang),
                key="conf_role",
                language=lang,
            )
        with right:
            online = queries.conferences_online_share(filters)
            ui.chart(
                charts.online_share(online, lang, years=years),
                views.localize(
                    online,
                    lang,
                    headers={
                        "year": "year",
                        "conferences": "conferences.n",
                        "online": "enum:conferences.format.online",
                        "hybrid": "enum:conferences.format.hybrid",
                        "share": "online_share",
                    },
                ),
                name=t("modes.conf_online", lang),
                key="conf_online",
                language=lang,
            )
        left, right = st.columns(2)
        with left:
            ratio = queries.attend_host_ratio(filters)
            ui.chart(
                charts.attend_host_ratio(ratio, lang, years=years),
                views.localize(
                    ratio,
                    lang,
                    headers={
                        "year": "year",
                        "attended": "ind:conferences_attended",
                        "cohosted": "ind:conferences_cohosted",
                        "ratio": "modes.attend_host.ratio",
                    },
                ),
                name=t("modes.attend_host", lang),
                key="conf_ratio",
                language=lang,
            )
            st.caption(t("modes.attend_host.caption", lang))
        with right:
            countries = queries.conference_countries(filters, limit=12)
            ui.chart(
                charts.countries_bar(
                    countries,
                    lang,
                    value="conferences",
                    value_title=t("conferences.n", lang),
                    title=t("modes.conf_countries", lang, n=12),
                    color=charts.MODE_COLORS["conferences"],
                ),
                views.localize(
                    countries,
                    lang,
                    headers={
                        "country": "country",
                        "conferences": "conferences.n",
                        "cohosted": "ind:conferences_cohosted",
                    },
                    countries=("country",),
                ),
                name=t("modes.conf_countries", lang, n=12),
                key="conf_countries",
                language=lang,
            )


def _posts() -> None:
    """Posts in force by level, leader posts, people, succession alert."""
    year = ui.year_heading(ctx, "modes", with_scope_note=False)  # noted above the tabs
    values = queries.indicator_year(filters.unit_id, year)
    cells = st.columns(3)
    for cell, indicator in zip(
        cells, ("posts_held", "posts_leader", "people_in_posts"), strict=True
    ):
        cell.metric(
            indicator_name(indicator, lang),
            fmt_int(values.get(indicator, 0.0), lang),
            border=True,
            help=indicator_definition(indicator, lang),
        )
    left, right = st.columns(2)
    with left:
        by_level = queries.posts_by_level(filters, year)
        ui.chart(
            charts.posts_by_level(by_level, lang, year),
            views.localize(
                by_level,
                lang,
                headers={"level": "level", "posts": "posts.n", "people": "people"},
                enums={"level": ("posts", "level")},
            ),
            name=t("modes.posts_by_level", lang, year=year),
            key="posts_level",
            language=lang,
        )
    with right:
        post_indicators = ("posts_held", "posts_leader", "people_in_posts")
        post_series = queries.indicator_series(
            filters.unit_id, filters.year_from, filters.year_to, post_indicators
        )
        ui.chart(
            charts.indicator_lines(
                post_series,
                lang,
                title=t("modes.posts_trend", lang),
                colors=(
                    charts.MODE_COLORS["posts"],
                    charts.MODE_SHADES["posts"][0],
                    charts.MODE_SHADES["posts"][2],
                ),
                order=post_indicators,
                dashed=("people_in_posts",),
                years=years,
            ),
            views.mode_series_long(post_series, lang),
            name=t("modes.posts_trend", lang),
            key="posts_trend",
            language=lang,
        )
    ui.section(f":material/notifications_active: {t('modes.succession', lang)}")
    alerts = queries.succession_alerts(filters, today)
    if alerts.is_empty():
        st.success(t("modes.succession.none", lang), icon=":material/check_circle:")
    else:
        ui.table(
            views.succession_table(alerts, units, lang),
            name=t("modes.succession", lang),
            key="succession",
            language=lang,
        )


def _offices() -> None:
    """Offices through their stages, with a timeline."""
    stages = queries.offices_by_status(filters)
    if stages.is_empty():
        ui.no_match(ctx, t("modes.offices", lang))
    else:
        left, right = st.columns([2, 3])
        with left:
            ui.chart(
                charts.office_stages(stages, lang),
                views.localize(
                    stages,
                    lang,
                    headers={"status": "status", "offices": "offices.n"},
                    enums={"status": ("offices", "status")},
                ),
                name=t("modes.office_stages", lang),
                key="office_stages",
                language=lang,
            )
        with right:
            timeline = views.office_timeline_frame(queries.office_timeline(filters, today), lang)
            if timeline.is_empty():
                st.info(t("modes.office_timeline.empty", lang))
            else:
                ui.chart(
                    charts.office_timeline(timeline, lang),
                    views.localize(
                        timeline,
                        lang,
                        headers={
                            "label": "office",
                            "office_type": "office_type",
                            "city": "city",
                            "status": "status",
                            "start": "established",
                            "finish": "closed",
                        },
                        enums={
                            "status": ("offices", "status"),
                            "office_type": ("offices", "office_type"),
                        },
                    ),
                    name=t("modes.office_timeline", lang),
                    key="office_timeline",
                    language=lang,
                )


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
