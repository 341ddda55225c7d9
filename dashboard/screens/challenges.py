"""挑战 Challenges: the paper's four challenges, each a card with its measured figures and trend.

The challenges, their indicators and the paper's words are the leadership report's
(`etl.leadership`), so the screen and the report never say different things.
"""

from __future__ import annotations

import streamlit as st

from dashboard import queries, ui
from dashboard.i18n import indicator_definition, indicator_name
from dashboard.panels.challenges import PAGE
from etl.leadership.build import CHALLENGES, TREND_YEARS
from etl.leadership.words import fmt_change, fmt_value, w

ctx = ui.begin("challenges")
lang, filters = ctx.lang, ctx.filters

year = ui.year_heading(ctx, "challenges", with_scope_note=False)

wanted = tuple(ind for _, indicators in CHALLENGES for ind in indicators)
first = max(min(ctx.status.years), year - TREND_YEARS + 1)
series = queries.indicator_series(filters.unit_id, first, year, wanted)
values: dict[tuple[int, str], float] = {
    (y, i): v for y, i, v in zip(series["year"], series["indicator"], series["value"], strict=True)
}

cards = st.columns(2)
for n, (key, indicators) in enumerate(CHALLENGES):
    with cards[n % 2], st.container(border=True, key=f"challenge-{key}"):
        st.markdown(f"**{w(key, lang)}**")
        st.caption(w(f"{key}_words", lang))
        for column, indicator in zip(st.columns(len(indicators)), indicators, strict=True):
            now, before = values.get((year, indicator)), values.get((year - 1, indicator))
            trend = [
                values[(y, indicator)] for y in range(first, year + 1) if (y, indicator) in values
            ]
            change = None if now is None or before is None else now - before
            column.metric(
                indicator_name(indicator, lang),
                fmt_value(indicator, now),
                delta=None if change is None else fmt_change(indicator, now, before),
                delta_color="off",
                delta_arrow="off" if change == 0 else "auto",
                help=indicator_definition(indicator, lang),
                chart_data=trend or None,
                chart_type="line",
            )

ui.show(PAGE["shares"], ctx, ui.values(ctx, year=year))
