"""保障 Safeguards: measures, funding and people, and the information safeguard from the data."""

from __future__ import annotations

import streamlit as st

from dashboard import markup, queries, ui, views
from dashboard.formatting import fmt_cny, fmt_int
from dashboard.i18n import enum_text, t
from dashboard.panels.safeguards import PAGE

ctx = ui.begin("safeguards")
lang, filters = ctx.lang, ctx.filters
asked = ui.values(ctx)
units = asked["unit_names"]

# ---- measures by category and status, with completion
ui.section(f":material/checklist: {t('safeguards.measures', lang)}")
st.caption(":material/info: " + t("safeguards.academy_wide", lang))
by_category = ui.ask(PAGE["safeguards_category"], asked)
if by_category.is_empty():
    ui.no_match(ctx, t("safeguards.measures", lang))
else:
    left, right = st.columns([3, 2])
    with left:
        ui.show(PAGE["safeguards_category"], ctx, asked, by_category)
    with right, st.container(border=True):
        st.markdown(f"**{t('safeguards.progress', lang)}**")
        for row in views.safeguard_progress(by_category):
            label = enum_text("safeguards", "category", row["category"], lang)
            detail = t("safeguards.progress.item", lang, done=row["done"], total=row["total"])
            st.progress(row["share"], text=f"{label} · {detail}")

# ---- funding and people per year
ui.section(
    f":material/payments: {t('safeguards.resources', lang)}",
    t("safeguards.resources.caption", lang),
)
resources = ui.ask(PAGE["funding"], asked)
if resources.is_empty():
    ui.no_match(ctx)
else:
    years = f"{filters.year_from}–{filters.year_to}"
    cells = st.columns(2)
    cells[0].metric(
        t("safeguards.funding.total", lang, years=years),
        fmt_cny(float(resources["amount_cny"].sum()), lang),
        border=True,
    )
    cells[1].metric(
        t("safeguards.people.total", lang, years=years),
        fmt_int(int(resources["people"].sum()), lang),
        border=True,
    )
    left, right = st.columns(2)
    with left:
        ui.show(PAGE["funding"], ctx, asked, resources)
    with right:
        ui.show(PAGE["people"], ctx, asked, resources)

overdue = ui.ask(PAGE["overdue"], asked)
st.markdown(f"**:material/event_busy: {t('safeguards.overdue', lang)}**")
if overdue.is_empty():
    st.success(t("safeguards.overdue.none", lang), icon=":material/check_circle:")
else:
    ui.show(PAGE["overdue"], ctx, asked, overdue)
# ---- the information safeguard, read from the data itself
ui.section(f":material/database: {t('safeguards.info', lang)}")
year = ctx.latest_year if filters.year_to >= ctx.latest_year else filters.year_to
reporting = queries.units_reporting(filters, year)
health = queries.health()
reported = int(reporting["reported"].sum()) if reporting.height else 0
refreshed = health["last_refreshed"]
info_cells = st.columns(3)
info_cells[0].metric(
    t("safeguards.info.reporting", lang, year=year),
    t("safeguards.info.reporting.value", lang, n=reported, total=reporting.height),
    border=True,
)
with info_cells[1]:
    ui.freshness_metric(t("safeguards.info.freshness", lang), refreshed, lang)
info_cells[2].metric(
    t("safeguards.info.warnings", lang),
    fmt_int(health["warnings_outstanding"], lang),
    border=True,
)
left, right = st.columns([3, 2])
with left:
    st.markdown(f"**{t('safeguards.info.latest', lang)}**")
    ui.show(PAGE["latest"], ctx, asked)
with right:
    st.markdown(f"**{t('safeguards.info.silent', lang, year=year)}**")
    silent = [units.get(u, u) for u in reporting.filter(~reporting["reported"])["unit_id"]]
    if silent:
        st.markdown("\n".join("- " + markup.text(name) for name in silent))
    else:
        st.success(t("safeguards.info.silent.none", lang), icon=":material/check_circle:")
