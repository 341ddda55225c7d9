"""保障 Safeguards: measures, funding and people; completion, overdue measures and the
information safeguard are widgets and tables."""

from __future__ import annotations

from dashboard import chartbook, queries, views
from dashboard.palette import NEUTRAL
from dashboard.panels import Page, Panel

RESOURCES = {"year": "year", "amount_cny": "amount_cny", "people": "people", "measures": "count"}


PAGE = Page(
    panels=(
        Panel(
            key="safeguards_category",
            title="safeguards.by_category",
            question=queries.safeguards_by_category,
            chart=lambda frame, look: chartbook.safeguards_by_category(frame, look.lang),
            headers={"category": "category", "status": "status", "measures": "count"},
            enums={"category": ("safeguards", "category"), "status": ("safeguards", "status")},
        ),
        Panel(
            key="funding",
            title="safeguards.funding",
            question=queries.safeguard_resources,
            chart=lambda frame, look: chartbook.yearly_bars(
                views.funding_in_display_unit(frame, look.lang),
                look.lang,
                value="amount",
                title=look.title,
                value_title=look.title,
                color=NEUTRAL[0],
                value_format=",.0f",
                years=look.years,
            ),
            headers=RESOURCES,
            file_title="safeguards.resources",
        ),
        Panel(
            key="people",
            title="safeguards.people",
            question=queries.safeguard_resources,
            chart=lambda frame, look: chartbook.yearly_bars(
                frame,
                look.lang,
                value="people",
                title=look.title,
                value_title=look.title,
                color=NEUTRAL[1],
                years=look.years,
            ),
            headers=RESOURCES,
            file_title="safeguards.resources",
        ),
        Panel(
            key="overdue",
            title="safeguards.overdue",
            question=queries.overdue_safeguards,
            table=lambda frame, look: views.overdue_table(
                frame, look.values["unit_names"], look.lang
            ),
            height=240,
        ),
        Panel(
            key="latest",
            title="safeguards.info.latest",
            question=queries.latest_record_dates,
            table=lambda frame, look: views.localize(
                frame,
                look.lang,
                headers={"kind": "kind", "records": "records", "latest_date": "latest_date"},
                kinds=("kind",),
            ),
        ),
    ),
    questions=(queries.units_reporting, queries.health),  # the information safeguard's figures
)
