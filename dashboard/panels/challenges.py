"""挑战 Challenges: four cards of metrics (figures, change, trend) the screen draws itself, and
the challenges' shares over the years as one chart."""

from __future__ import annotations

from dashboard import chartbook, queries, views
from dashboard.i18n import t
from dashboard.palette import SERIES
from dashboard.panels import Page, Panel
from etl.leadership.build import SHARE_TREND

PAGE = Page(
    panels=(
        Panel(
            key="shares",
            title="challenges.shares",
            question=queries.indicator_series,
            args={"indicators": SHARE_TREND},
            chart=lambda frame, look: chartbook.indicator_lines(
                frame,
                look.lang,
                title=look.title,
                colors=SERIES[: len(SHARE_TREND)],
                order=SHARE_TREND,
                years=look.years,
                value_title=t("share", look.lang),
            ),
            table=lambda frame, look: views.mode_series_long(frame, look.lang),
        ),
    ),
    questions=(queries.indicator_series,),  # the cards
)
