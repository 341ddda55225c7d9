"""单位 Units: every unit's scorecard, one unit and its sub-units over time, two units compared."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, markup, queries, state, ui, views
from dashboard.i18n import indicator_name, t
from etl.schema import INDICATOR_IDS

ctx = ui.begin("units")
lang, filters = ctx.lang, ctx.filters
unit_frame = queries.units()
names = state.unit_names(lang)

year = ui.year_heading(ctx, "units", "units.scorecard")

# ---- scorecard
scores = queries.scorecard(filters, year)
if scores.is_empty():
    ui.no_match(ctx)
    st.stop()
table, definitions = views.scorecard_table(scores, unit_frame, lang)
st.caption(t("units.scorecard.caption", lang))
ui.table(
    table,
    name=t("units.scorecard", lang, year=year),
    key="scorecard",
    language=lang,
    column_config=ui.number_columns(definitions, pinned=t("unit", lang)),
)

# ---- one unit and its sub-units over time
ui.section(f":material/timeline: {t('units.drill', lang)}")
unit_ids = unit_frame["unit_id"].to_list()
default_unit = filters.unit_id or unit_ids[0]
pick_unit, pick_indicator = st.columns(2)
with pick_unit:
    drill_unit = st.selectbox(
        t("units.drill.pick", lang),
        options=unit_ids,
        index=unit_ids.index(default_unit) if default_unit in unit_ids else 0,
        format_func=lambda u: names.get(u, u),
        key="units.drill.unit",
    )
with pick_indicator:
    drill_indicator = st.selectbox(
        t("units.drill.indicator", lang),
        options=[i for i in INDICATOR_IDS if i != "depth"],
        index=[i for i in INDICATOR_IDS if i != "depth"].index("posts_held"),
        format_func=lambda i: indicator_name(i, lang),
        key="units.drill.indicator",
    )
family = views.with_unit_labels(
    queries.unit_family_series(drill_unit, drill_indicator, filters.year_from, filters.year_to),
    names,
)
indicator_label = indicator_name(drill_indicator, lang)
unit_label = names.get(drill_unit, drill_unit)
# The unit, then its sub-units: on one axis the unit's total would dwarf its parts.
own, children = views.split_family(family)
title = t("units.drill.self", lang, unit=unit_label)
ui.chart(
    charts.unit_family(own, lang, title, indicator_label, years=list(filters.years()), height=220),
    views.family_table(own, lang),
    name=f"{title}_{indicator_label}",
    key="family_self",
    language=lang,
)
title = t("units.drill.children", lang, unit=unit_label)
if children.is_empty():
    st.info(t("units.drill.no_children", lang, unit=markup.text(unit_label)))
else:
    ui.chart(
        charts.unit_family(children, lang, title, indicator_label, years=list(filters.years())),
        views.family_table(children, lang),
        name=f"{title}_{indicator_label}",
        key="family_children",
        language=lang,
    )

# ---- two units side by side
ui.section(f":material/compare_arrows: {t('units.compare', lang)}")
if len(unit_ids) < 2:
    ui.no_match(ctx, t("unit", lang))
else:
    second_level = [u for u in unit_frame.filter(unit_frame["level"] == 1)["unit_id"]]
    default_a, default_b = (second_level + unit_ids)[:2]
    if default_a == default_b:
        default_b = unit_ids[1]
    pick_a, pick_b = st.columns(2)
    with pick_a:
        unit_a = st.selectbox(
            t("units.compare.a", lang),
            options=unit_ids,
            index=unit_ids.index(default_a),
            format_func=lambda u: names.get(u, u),
            key="units.compare.a",
        )
    with pick_b:
        unit_b = st.selectbox(
            t("units.compare.b", lang),
            options=unit_ids,
            index=unit_ids.index(default_b),
            format_func=lambda u: names.get(u, u),
            key="units.compare.b",
        )
    compared = views.with_unit_labels(queries.compare_units(unit_a, unit_b, year), names)
    title = t("units.compare.caption", lang, year=year)
    ui.chart(
        charts.compare_units(compared, lang, title),
        views.compare_table(compared, names, unit_a, unit_b, lang),
        name=f"{t('units.compare', lang)}_{year}",
        key="compare",
        language=lang,
    )
