"""路径 Paths: joining as members, the intention list, partners, countries."""

from __future__ import annotations

from dashboard import chartbook, listings, queries, views
from dashboard.palette import NEUTRAL
from dashboard.panels import Page, Panel

PAGE = Page(
    panels=(
        Panel(
            key="memberships_scope",
            title="paths.by_scope",
            question=queries.memberships_by_scope_holder,
            chart=lambda frame, look: chartbook.memberships_scope_holder(
                frame, look.lang, look.year
            ),
            table=lambda frame, look: views.localize(
                frame.with_columns(views.holder_label(look.lang)),
                look.lang,
                headers={
                    "scope": "scope",
                    "holder_label": "holder",
                    "memberships": "memberships.n",
                },
                enums={"scope": ("organizations", "scope")},
            ),
        ),
        Panel(
            key="deviations",
            title="paths.deviations",
            question=queries.comprehensive_deviations,
            table=lambda frame, look: views.deviations_table(
                frame, look.values["unit_names"], look.lang
            ),
            height=260,
        ),
        Panel(
            key="fees_unit",
            title="paths.fees.by_unit",
            question=queries.membership_fees,
            args={"by": "unit"},
            table=lambda frame, look: listings.fees_table(
                frame, look.values["unit_names"], look.lang, by="unit"
            ),
            height=300,
        ),
        Panel(
            key="fees_org",
            title="paths.fees.by_org",
            question=queries.membership_fees,
            args={"by": "org"},
            table=lambda frame, look: listings.fees_table(
                frame, look.values["unit_names"], look.lang, by="org"
            ),
            height=300,
        ),
        Panel(
            key="funnel",
            title="paths.funnel",
            question=queries.intention_funnel,
            chart=lambda frame, look: chartbook.intention_funnel(frame, look.lang),
            table=lambda frame, look: views.localize(
                views.active_now(frame, look.lang),
                look.lang,
                headers={"status": "status", "memberships": "memberships.n"},
                enums={"status": ("memberships", "status")},
            ),
        ),
        Panel(
            key="intentions",
            title="paths.intention.table",
            question=queries.intention_list,
            table=lambda frame, look: views.intention_table(
                frame, look.values["unit_names"], look.lang
            ),
            height=260,
        ),
        Panel(
            key="partners",
            title="paths.partners",
            question=queries.partners_series,
            chart=lambda frame, look: chartbook.partners(frame, look.lang, years=look.years),
            headers={
                "year": "year",
                "new": "partner.new",
                "continuing": "partner.continuing",
                "returning": "partner.other",
                "engaged": "ind:orgs_engaged",
            },
        ),
        Panel(
            key="countries_trend",
            title="paths.countries",
            question=queries.indicator_series,
            args={"indicators": ("countries_engaged",)},
            chart=lambda frame, look: chartbook.indicator_lines(
                frame,
                look.lang,
                title=look.title,
                colors=(NEUTRAL[0],),
                order=("countries_engaged",),
                years=look.years,
            ),
            table=lambda frame, look: views.mode_series_long(frame, look.lang),
        ),
        Panel(
            key="countries_year",
            title="paths.countries.list",
            question=queries.countries_in_year,
            chart=lambda frame, look: chartbook.countries_engaged(
                frame.head(12), look.lang, title=look.title
            ),
            headers={
                "country": "header.country",
                "conferences": "conferences.n",
                "organizations": "paths.orgs_headquartered",
            },
            countries=("country",),
        ),
    ),
    questions=(queries.meeting_rule,),  # named where conferences are counted
)
