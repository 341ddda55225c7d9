"""路径 Paths: joining as members, the intention list, old friends and new partners, countries."""

from __future__ import annotations

import streamlit as st

from dashboard import ui
from dashboard.i18n import t
from dashboard.panels.paths import PAGE

ctx = ui.begin("paths")
lang = ctx.lang
year = ui.year_heading(ctx, "paths")
asked = ui.values(ctx, year=year)

# ---- joining as members
ui.section(f":material/card_membership: {t('paths.join', lang)}")
left, right = st.columns(2)
with left:
    by_scope = ui.ask(PAGE["memberships_scope"], asked)
    if by_scope.is_empty():
        ui.no_match(ctx, t("mode.memberships", lang))
    else:
        ui.show(PAGE["memberships_scope"], ctx, asked, by_scope)
with right:
    st.markdown(f"**:material/flag: {t('paths.deviations', lang)}**")
    deviations = ui.ask(PAGE["deviations"], asked)
    if deviations.is_empty():
        st.success(t("paths.deviations.none", lang), icon=":material/check_circle:")
    else:
        ui.show(PAGE["deviations"], ctx, asked, deviations)

# ---- membership fees, by unit and by organization
ui.section(f":material/payments: {t('paths.fees', lang)}", t("paths.fees.caption", lang))
for panel in (PAGE["fees_unit"], PAGE["fees_org"]):
    st.markdown(f"**{t(panel.title, lang)}**")
    fees = ui.ask(panel, asked)
    if fees.is_empty():
        st.info(t("paths.fees.none", lang))
    else:
        currencies = {currency: "" for currency in fees["currency"].unique().sort()}
        ui.show(panel, ctx, asked, fees, column_config=ui.number_columns(currencies))

# ---- intention list
ui.section(f":material/playlist_add_check: {t('paths.intention', lang)}")
left, right = st.columns([2, 3])
with left:
    ui.show(PAGE["funnel"], ctx, asked)
    st.caption(t("paths.funnel.caption", lang))
with right:
    st.markdown(f"**{t('paths.intention.table', lang)}**")
    intentions = ui.ask(PAGE["intentions"], asked)
    if intentions.is_empty():
        st.info(t("paths.intention.none", lang))
    else:
        ui.show(PAGE["intentions"], ctx, asked, intentions)

# ---- old friends and new partners
ui.section(f":material/diversity_3: {t('paths.partners', lang)}", t("paths.partners.caption", lang))
ui.show(PAGE["partners"], ctx, asked)

# ---- countries
ui.section(f":material/travel_explore: {t('paths.countries', lang)}")
left, right = st.columns(2)
with left:
    ui.show(PAGE["countries_trend"], ctx, asked)
with right:
    ui.show(PAGE["countries_year"], ctx, asked)
ui.meeting_rule_note(ctx)
