"""保障 Safeguards: measures, funding and people, and the information safeguard from the data."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, markup, queries, state, ui, views
from dashboard.formatting import fmt_cny, fmt_int
from dashboard.i18n import enum_text, t
from etl import clock

ctx = ui.begin("safeguards")
lang, filters = ctx.lang, ctx.filters
today = clock.today()
units = state.unit_names(lang)

# ---- measures by category and status, with completion
ui.section(f":material/checklist: {t('safeguards.measures', lang)}")
by_category = queries.safeguards_by_category(filters)
if by_category.is_empty():
    ui.no_match(ctx, t("safeguards.measures", lang))
else:
    left, right = st.columns([3, 2])
    with left:
        ui.chart(
            charts.safeguards_by_category(by_category, lang),
            views.localize(
                by_category,
                lang,
                headers={"category": "category", "status": "status", "measures": "count"},
                enums={
                    "category": ("safeguards", "category"),
                    "status": ("safeguards", "status"),
                },
            ),
            name=t("safeguards.by_category", lang),
            key="safeguards_category",
            language=lang,
        )
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
resources = queries.safeguard_resources(filters)
if resources.is_empty():
    ui.no_match(ctx)
else:
    total_amount = float(resources["amount_cny"].sum())
    total_people = int(resources["people"].sum())
    cells = st.columns(2)
    cells[0].metric(
        t("safeguards.funding.total", lang, years=f"{filters.year_from}–{filters.year_to}"),
        fmt_cny(total_amount, lang),
        border=True,
    )
    cells[1].metric(
        t("safeguards.people.total", lang, years=f"{filters.year_from}–{filters.year_to}"),
        fmt_int(total_people, lang),
        border=True,
    )
    export = views.localize(
        resources,
        lang,
        headers={
            "year": "year",
            "amount_cny": "amount_cny",
            "people": "people",
            "measures": "count",
        },
    )
    left, right = st.columns(2)
    with left:
        funding = views.funding_in_display_unit(resources, lang)
        ui.chart(
            charts.yearly_bars(
                funding,
                lang,
                value="amount",
                title=t("safeguards.funding", lang),
                value_title=t("safeguards.funding", lang),
                color=charts.NEUTRAL[0],
                value_format=",.0f",
                years=list(filters.years()),
            ),
            export,
            name=t("safeguards.resources", lang),
            key="funding",
            language=lang,
        )
    with right:
        ui.chart(
            charts.yearly_bars(
                resources,
                lang,
                value="people",
                title=t("safeguards.people", lang),
                value_title=t("safeguards.people", lang),
                color=charts.NEUTRAL[1],
                years=list(filters.years()),
            ),
            export,
            name=t("safeguards.resources", lang),
            key="people",
            language=lang,
        )

overdue = queries.overdue_safeguards(filters, today)
st.markdown(f"**:material/event_busy: {t('safeguards.overdue', lang)}**")
if overdue.is_empty():
    st.success(t("safeguards.overdue.none", lang), icon=":material/check_circle:")
else:
    ui.table(
        views.overdue_table(overdue, units, lang),
        name=t("safeguards.overdue", lang),
        key="overdue",
        language=lang,
        height=240,
    )

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
    latest = queries.latest_record_dates()
    st.markdown(f"**{t('safeguards.info.latest', lang)}**")
    ui.table(
        views.localize(
            latest,
            lang,
            headers={"kind": "kind", "records": "records", "latest_date": "latest_date"},
            kinds=("kind",),
        ),
        name=t("safeguards.info.latest", lang),
        key="latest",
        language=lang,
    )
with right:
    st.markdown(f"**{t('safeguards.info.silent', lang, year=year)}**")
    silent = [units.get(u, u) for u in reporting.filter(~reporting["reported"])["unit_id"]]
    if silent:
        st.markdown("\n".join("- " + markup.text(name) for name in silent))
    else:
        st.success(t("safeguards.info.silent.none", lang), icon=":material/check_circle:")
