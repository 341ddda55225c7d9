"""路径 Paths: joining as members, the intention list, old friends and new partners, countries."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, queries, state, ui, views
from dashboard.i18n import t
from etl import clock

ctx = ui.begin("paths")
lang, filters = ctx.lang, ctx.filters
today = clock.today()
units = state.unit_names(lang)

year = ui.year_heading(ctx, "paths")

# ---- joining as members
ui.section(f":material/card_membership: {t('paths.join', lang)}")
left, right = st.columns(2)
with left:
    by_scope = queries.memberships_by_scope_holder(filters, year)
    if by_scope.is_empty():
        ui.no_match(ctx, t("mode.memberships", lang))
    else:
        ui.chart(
            charts.memberships_scope_holder(by_scope, lang, year),
            views.localize(
                by_scope.with_columns(views.holder_label(lang)),
                lang,
                headers={
                    "scope": "scope",
                    "holder_label": "holder",
                    "memberships": "memberships.n",
                },
                enums={"scope": ("organizations", "scope")},
            ),
            name=t("paths.by_scope", lang, year=year),
            key="memberships_scope",
            language=lang,
        )
with right:
    st.markdown(f"**:material/flag: {t('paths.deviations', lang)}**")
    deviations = queries.comprehensive_deviations(filters)
    if deviations.is_empty():
        st.success(t("paths.deviations.none", lang), icon=":material/check_circle:")
    else:
        ui.table(
            views.deviations_table(deviations, units, lang),
            name=t("paths.deviations", lang),
            key="deviations",
            language=lang,
            height=260,
        )

# ---- intention list
ui.section(f":material/playlist_add_check: {t('paths.intention', lang)}")
left, right = st.columns([2, 3])
with left:
    funnel = queries.intention_funnel(filters, today)
    ui.chart(
        charts.intention_funnel(funnel, lang),
        views.localize(
            funnel,
            lang,
            headers={"status": "status", "memberships": "memberships.n"},
            enums={"status": ("memberships", "status")},
        ),
        name=t("paths.funnel", lang),
        key="funnel",
        language=lang,
    )
    st.caption(t("paths.funnel.caption", lang))
with right:
    st.markdown(f"**{t('paths.intention.table', lang)}**")
    intentions = queries.intention_list(filters)
    if intentions.is_empty():
        st.info(t("paths.intention.none", lang))
    else:
        ui.table(
            views.intention_table(intentions, units, lang),
            name=t("paths.intention.table", lang),
            key="intentions",
            language=lang,
            height=260,
        )

# ---- old friends and new partners
ui.section(f":material/diversity_3: {t('paths.partners', lang)}", t("paths.partners.caption", lang))
partners = queries.partners_series(filters)
ui.chart(
    charts.partners(partners, lang, years=list(filters.years())),
    views.localize(
        partners,
        lang,
        headers={
            "year": "year",
            "new": "partner.new",
            "continuing": "partner.continuing",
            "returning": "partner.other",
            "engaged": "ind:orgs_engaged",
        },
    ),
    name=t("paths.partners", lang),
    key="partners",
    language=lang,
)

# ---- countries
ui.section(f":material/travel_explore: {t('paths.countries', lang)}")
left, right = st.columns(2)
with left:
    countries_series = queries.indicator_series(
        filters.unit_id, filters.year_from, filters.year_to, ("countries_engaged",)
    )
    ui.chart(
        charts.indicator_lines(
            countries_series,
            lang,
            title=t("paths.countries", lang),
            colors=(charts.NEUTRAL[0],),
            order=("countries_engaged",),
            years=list(filters.years()),
        ),
        views.mode_series_long(countries_series, lang),
        name=t("paths.countries", lang),
        key="countries_trend",
        language=lang,
    )
with right:
    in_year = queries.countries_in_year(filters, year)
    ui.chart(
        charts.countries_engaged(
            in_year.head(12), lang, title=t("paths.countries.list", lang, year=year)
        ),
        views.localize(
            in_year,
            lang,
            headers={
                "country": "country",
                "conferences": "conferences.n",
                "organizations": "paths.orgs_headquartered",
            },
            countries=("country",),
        ),
        name=t("paths.countries.list", lang, year=year),
        key="countries_year",
        language=lang,
    )
