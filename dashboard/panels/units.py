"""单位 Units: a unit and its sub-units over time, two units compared; the scorecard is a
table of its own (one column per indicator, explained on hover) and the pickers are widgets."""

from __future__ import annotations

from dashboard import chartbook, listings, queries, views
from dashboard.panels import Page, Panel

PAGE = Page(
    panels=(
        Panel(
            key="targets",
            title="units.targets",
            question=queries.target_status,
            table=lambda frame, look: listings.target_status_table(
                frame, look.values["unit_names"], look.lang
            ),
            name="{title}",
            height=360,
        ),
        Panel(
            key="family_self",
            title="units.drill.self",
            question=queries.unit_family_series,
            chart=lambda frame, look: chartbook.unit_family(
                frame,
                look.lang,
                look.title,
                look.values["indicator_label"],
                years=look.years,
                height=220,
            ),
            table=lambda frame, look: views.family_table(frame, look.lang),
            name="{title}_{indicator_label}",
        ),
        Panel(
            key="family_children",
            title="units.drill.children",
            question=queries.unit_family_series,
            chart=lambda frame, look: chartbook.unit_family(
                frame, look.lang, look.title, look.values["indicator_label"], years=look.years
            ),
            table=lambda frame, look: views.family_table(frame, look.lang),
            name="{title}_{indicator_label}",
        ),
        Panel(
            key="compare",
            title="units.compare.caption",
            question=queries.compare_units,
            chart=lambda frame, look: chartbook.compare_units(frame, look.lang, look.title),
            table=lambda frame, look: views.compare_table(
                frame,
                look.values["unit_names"],
                look.values["unit_a"],
                look.values["unit_b"],
                look.lang,
            ),
            file_title="units.compare",
            name="{title}_{year}",
        ),
    ),
    questions=(queries.units, queries.scorecard, queries.meeting_rule),
)
