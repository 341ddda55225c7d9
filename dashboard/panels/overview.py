"""总览 Overview: targets, the depth ladder, the modes' trend; tiles and health are widgets."""

from __future__ import annotations

from dashboard import chartbook, queries, views
from dashboard.palette import MODE_INDICATORS
from dashboard.panels import Page, Panel

PAGE = Page(
    panels=(
        Panel(
            key="progress",
            title="overview.progress",
            question=queries.target_progress,
            chart=lambda frame, look: chartbook.target_progress(frame, look.lang),
            table=lambda frame, look: views.progress_table(frame, look.lang),
            name="{title}_{year}",
        ),
        Panel(
            key="depth",
            title="overview.depth",
            question=queries.depth_ladder,
            chart=lambda frame, look: chartbook.depth_ladder(frame, look.lang, look.year),
            table=lambda frame, look: views.depth_ladder_table(frame, look.lang),
            name="{title}_{year}",
        ),
        Panel(
            key="trend",
            title="overview.trend",
            question=queries.indicator_series,
            args={"indicators": tuple(MODE_INDICATORS.values())},
            chart=lambda frame, look: chartbook.modes_trend(frame, look.lang, years=look.years),
            table=lambda frame, look: views.mode_series_long(frame, look.lang),
        ),
    ),
    # The tiles: the year and the one before, offices in the pipeline; then the data's health.
    questions=(
        queries.indicator_year,
        queries.indicator_year,
        queries.offices_by_status,
        queries.health,
        queries.meeting_rule,  # named beside the conferences tile
    ),
)
