"""国际组织 Organizations: the directory, and one organization's profile (its facts and
relationship figures are widgets)."""

from __future__ import annotations

from dashboard import chartbook, queries, views
from dashboard.panels import Page, Panel

PAGE = Page(
    panels=(
        Panel(
            key="directory",
            title="orgs.directory",
            question=queries.organization_directory,
            table=lambda frame, look: views.directory_table(frame, look.lang),
            height=380,
        ),
        Panel(
            key="org_conferences",
            title="orgs.conference_list",
            question=queries.organization_conferences,
            chart=lambda frame, look: chartbook.conferences_by_role(
                frame, look.lang, title=look.title, years=look.years
            ),
            headers={"year": "year", "role": "role", "conferences": "conferences.n"},
            enums={"role": ("conferences", "role")},
            name="{org_id}_{title}",
        ),
        Panel(
            key="org_memberships",
            title="orgs.memberships",
            question=queries.organization_memberships,
            headers={
                "unit_id": "unit",
                "member_type": "orgs.member_type",
                "status": "status",
                "start_date": "start_date",
                "end_date": "end",
            },
            enums={
                "member_type": ("memberships", "member_type"),
                "status": ("memberships", "status"),
            },
            name="{org_id}_{title}",
        ),
        Panel(
            key="org_offices",
            title="orgs.office_list",
            question=queries.organization_offices,
            headers={
                "office_type": "office_type",
                "city": "city",
                "status": "status",
                "unit_id": "unit",
                "established_date": "established",
            },
            enums={"office_type": ("offices", "office_type"), "status": ("offices", "status")},
            name="{org_id}_{title}",
        ),
        Panel(
            key="org_posts",
            title="orgs.posts",
            question=queries.organization_posts,
            headers={
                "person_name": "person",
                "position": "position",
                "level": "level",
                "unit_id": "unit",
                "start_date": "start_date",
                "end_date": "end",
            },
            enums={"level": ("posts", "level")},
            name="{org_id}_{title}",
        ),
    ),
    # the profile's facts; the meeting rule named beside the conferences counted
    questions=(queries.organization, queries.meeting_rule),
)
