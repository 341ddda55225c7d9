"""单位 Units: every unit's scorecard, one unit and its sub-units over time, two units compared."""

from __future__ import annotations

import streamlit as st

from dashboard import markup, queries, state, ui, views
from dashboard.i18n import indicator_name, t
from dashboard.panels.units import PAGE
from etl.schema import INDICATOR_IDS

ctx = ui.begin("units")
lang, filters = ctx.lang, ctx.filters
unit_frame = queries.units()

year = ui.year_heading(ctx, "units", "units.scorecard")
names = state.unit_names(lang)

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
ui.meeting_rule_note(ctx)

# ---- every unit's targets in one table
ui.section(
    f":material/flag: {t('units.targets', lang, year=year)}",
    t("units.targets.caption", lang, year=year),
)
asked = ui.values(ctx, year=year)
targets = ui.ask(PAGE["targets"], asked)
if targets.is_empty():
    st.info(t("units.targets.none", lang, year=year))
else:
    ui.show(
        PAGE["targets"],
        ctx,
        asked,
        targets,
        column_config=ui.number_columns(
            {t("progress.actual", lang): "", t("progress.target", lang): ""}
        )
        | {t("progress.ratio", lang): st.column_config.NumberColumn(format="percent")},
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
indicator_label = indicator_name(drill_indicator, lang)
unit_label = names.get(drill_unit, drill_unit)
asked = ui.values(
    ctx,
    unit_id=drill_unit,
    indicator=drill_indicator,
    unit=unit_label,
    indicator_label=indicator_label,
)
family = views.with_unit_labels(ui.ask(PAGE["family_self"], asked), names)
# The unit, then its sub-units: on one axis the unit's total would dwarf its parts.
own, children = views.split_family(family)
ui.show(PAGE["family_self"], ctx, asked, own)
if children.is_empty():
    st.info(t("units.drill.no_children", lang, unit=markup.text(unit_label)))
else:
    ui.show(PAGE["family_children"], ctx, asked, children)

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
    asked = ui.values(ctx, year=year, unit_a=unit_a, unit_b=unit_b)
    compared = views.with_unit_labels(ui.ask(PAGE["compare"], asked), names)
    ui.show(PAGE["compare"], ctx, asked, compared)
