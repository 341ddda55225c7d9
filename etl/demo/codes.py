"""The schema's enum codes the demo factory relies on, each checked against `etl.schema`.

A code renamed or removed in the schema fails here, at import, instead of producing records
the loader would reject.
"""

from __future__ import annotations

from etl.schema import KINDS


def code(kind: str, column: str, value: str) -> str:
    """An enum code of `kind.column`; raises when the schema has no such code."""
    if value not in KINDS[kind].column(column).codes:
        raise ValueError(f"{kind}.{column} has no code {value!r}; update etl/demo")
    return value


COMPREHENSIVE = code("organizations", "scope", "comprehensive")
SPECIALIZED = code("organizations", "scope", "specialized")
INSTITUTIONAL = code("memberships", "member_type", "institutional")
INDIVIDUAL = code("memberships", "member_type", "individual")
M_INTENDED = code("memberships", "status", "intended")
M_APPLYING = code("memberships", "status", "applying")
M_ACTIVE = code("memberships", "status", "active")
M_LAPSED = code("memberships", "status", "lapsed")
M_WITHDRAWN = code("memberships", "status", "withdrawn")
ATTENDED = code("conferences", "role", "attended")
CO_HOSTED = code("conferences", "role", "co_hosted")
HOSTED = code("conferences", "role", "hosted")
IN_PERSON = code("conferences", "format", "in_person")
ONLINE = code("conferences", "format", "online")
HYBRID = code("conferences", "format", "hybrid")
LEADER = code("posts", "level", "leader")
COUNCIL = code("posts", "level", "council")
COMMITTEE = code("posts", "level", "committee")
OTHER = code("posts", "level", "other")
OT_HEADQUARTERS = code("offices", "office_type", "headquarters")
OT_BRANCH = code("offices", "office_type", "branch")
OT_REGIONAL = code("offices", "office_type", "regional_office")
OT_SECRETARIAT = code("offices", "office_type", "secretariat")
OT_REPRESENTATIVE = code("offices", "office_type", "representative_office")
NEGOTIATING = code("offices", "status", "negotiating")
APPROVED = code("offices", "status", "approved")
ESTABLISHED = code("offices", "status", "established")
CLOSED = code("offices", "status", "closed")
SG_INSTITUTIONAL = code("safeguards", "category", "institutional")
SG_FUNDING = code("safeguards", "category", "funding")
SG_PERSONNEL = code("safeguards", "category", "personnel")
SG_INFORMATION = code("safeguards", "category", "information")
SG_SERVICES = code("safeguards", "category", "services")
PLANNED = code("safeguards", "status", "planned")
IN_PROGRESS = code("safeguards", "status", "in_progress")
DONE = code("safeguards", "status", "done")
I_MEMBERSHIPS_ACTIVE = code("targets", "indicator", "memberships_active")
I_CONF_ATTENDED = code("targets", "indicator", "conferences_attended")
I_CONF_COHOSTED = code("targets", "indicator", "conferences_cohosted")
I_CONF_ONLINE = code("targets", "indicator", "conferences_online")
I_POSTS_HELD = code("targets", "indicator", "posts_held")
I_POSTS_LEADER = code("targets", "indicator", "posts_leader")
I_OFFICES = code("targets", "indicator", "offices_established")
I_ORGS_ENGAGED = code("targets", "indicator", "orgs_engaged")
