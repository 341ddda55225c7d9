"""模式 Modes: conferences, posts and offices; the posts' figures and alerts are widgets."""

from __future__ import annotations

from dashboard import chartbook, listings, queries, views
from dashboard.palette import MODE_COLORS, MODE_SHADES
from dashboard.panels import Page, Panel

COUNTRIES_SHOWN = 12
POST_INDICATORS = ("posts_held", "posts_leader", "people_in_posts")

CONFERENCE_ROLES = Panel(
    key="conf_role",
    title="modes.conf_by_role",
    question=queries.conferences_by_role,
    chart=lambda frame, look: chartbook.conferences_by_role(frame, look.lang, years=look.years),
    headers={"year": "year", "role": "role", "conferences": "conferences.n"},
    enums={"role": ("conferences", "role")},
)

PAGE = Page(
    panels=(
        CONFERENCE_ROLES,
        Panel(
            key="conf_qualification",
            title="modes.qualification.title",
            question=queries.conference_qualification,
            chart=lambda frame, look: chartbook.conference_qualification(
                frame, look.lang, look.title, years=look.years
            ),
            headers={
                "year": "year",
                "qualified": "qualification.qualified",
                "not_qualified": "qualification.not_qualified",
                "unknown": "qualification.unknown",
            },
        ),
        Panel(
            key="conf_online",
            title="modes.conf_online",
            question=queries.conferences_online_share,
            chart=lambda frame, look: chartbook.online_share(frame, look.lang, years=look.years),
            headers={
                "year": "year",
                "conferences": "conferences.n",
                "online": "enum:conferences.format.online",
                "hybrid": "enum:conferences.format.hybrid",
                "share": "online_share",
            },
        ),
        Panel(
            key="conf_ratio",
            title="modes.attend_host",
            question=queries.attend_host_ratio,
            chart=lambda frame, look: chartbook.attend_host_ratio(
                frame, look.lang, years=look.years
            ),
            headers={
                "year": "year",
                "attended": "ind:conferences_attended",
                "cohosted": "ind:conferences_cohosted",
                "ratio": "modes.attend_host.ratio",
            },
        ),
        Panel(
            key="conf_countries",
            title="modes.conf_countries",
            question=queries.conference_countries,
            args={"limit": COUNTRIES_SHOWN, "n": COUNTRIES_SHOWN},
            chart=lambda frame, look: chartbook.countries_bar(
                frame,
                look.lang,
                value="conferences",
                value_title=views.header_text("conferences.n", look.lang),
                title=look.title,
                color=MODE_COLORS["conferences"],
            ),
            headers={
                "country": "header.country",
                "conferences": "conferences.n",
                "cohosted": "ind:conferences_cohosted",
            },
            countries=("country",),
        ),
        Panel(
            key="posts_level",
            title="modes.posts_by_level",
            question=queries.posts_by_level,
            chart=lambda frame, look: chartbook.posts_by_level(frame, look.lang, look.year),
            headers={"level": "level", "posts": "posts.n", "people": "people"},
            enums={"level": ("posts", "level")},
        ),
        Panel(
            key="posts_trend",
            title="modes.posts_trend",
            question=queries.indicator_series,
            args={"indicators": POST_INDICATORS},
            chart=lambda frame, look: chartbook.indicator_lines(
                frame,
                look.lang,
                title=look.title,
                colors=(MODE_COLORS["posts"], MODE_SHADES["posts"][0], MODE_SHADES["posts"][2]),
                order=POST_INDICATORS,
                dashed=("people_in_posts",),
                years=look.years,
            ),
            table=lambda frame, look: views.mode_series_long(frame, look.lang),
        ),
        Panel(
            key="succession",
            title="modes.succession",
            question=queries.succession_alerts,
            table=lambda frame, look: views.succession_table(
                frame, look.values["unit_names"], look.lang
            ),
        ),
        Panel(
            key="leader_posts",
            title="modes.leader_posts",
            question=queries.leader_posts,
            table=lambda frame, look: listings.leader_posts_table(
                frame, look.values["unit_names"], look.lang
            ),
            height=320,
        ),
        Panel(
            key="office_stages",
            title="modes.office_stages",
            question=queries.offices_by_status,
            chart=lambda frame, look: chartbook.office_stages(frame, look.lang),
            headers={"status": "status", "offices": "offices.n"},
            enums={"status": ("offices", "status")},
        ),
        Panel(
            key="office_timeline",
            title="modes.office_timeline",
            question=queries.office_timeline,
            chart=lambda frame, look: chartbook.office_timeline(
                views.office_timeline_frame(frame, look.lang), look.lang
            ),
            table=lambda frame, look: views.localize(
                views.office_timeline_frame(frame, look.lang),
                look.lang,
                headers={
                    "label": "office",
                    "office_type": "office_type",
                    "city": "city",
                    "status": "status",
                    "start": "established",
                    "finish": "closed",
                },
                enums={"status": ("offices", "status"), "office_type": ("offices", "office_type")},
            ),
        ),
        Panel(
            key="office_pipeline",
            title="modes.office_pipeline",
            question=queries.office_pipeline,
            table=lambda frame, look: listings.office_pipeline_table(
                frame, look.values["unit_names"], look.lang
            ),
            height=320,
        ),
    ),
    # the posts tab's figures; the meeting rule named beside the conferences
    questions=(queries.indicator_year, queries.meeting_rule),  # the posts tab's figures
)
