"""国际组织 Organizations: the directory with the academy's relationship, and one profile."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, markup, queries, state, ui, views
from dashboard.formatting import fmt_int
from dashboard.i18n import country_name, enum_text, t
from etl import clock

ctx = ui.begin("organizations")
lang, filters = ctx.lang, ctx.filters
today = clock.today()
names = state.unit_names(lang)
ui.scope_note(ctx)

# ---- directory
ui.section(f":material/menu_book: {t('orgs.directory', lang)}")
search = st.text_input(
    t("orgs.search", lang), key="orgs.search", icon=":material/search:", max_chars=100
)
directory = queries.organization_directory(filters, search or "", today)
if directory.is_empty():
    ui.no_match(ctx)
    st.stop()
ui.table(
    views.directory_table(directory, lang),
    name=t("orgs.directory", lang),
    key="directory",
    language=lang,
    height=380,
)

# ---- one organization's profile
ui.section(f":material/info: {t('orgs.profile', lang)}")
org_ids = directory["org_id"].to_list()
labels = views.organization_labels(directory, lang)
chosen = st.session_state.get("orgs.profile")
if chosen not in org_ids:
    st.session_state.pop("orgs.profile", None)
org_id = st.selectbox(
    t("orgs.profile.pick", lang),
    options=org_ids,
    format_func=lambda o: labels.get(o, o),
    key="orgs.profile",
)
profile = queries.organization(org_id) if org_id else None
if profile is None:
    st.info(t("orgs.none_selected", lang))
    st.stop()

relation = directory.filter(directory["org_id"] == org_id).row(0, named=True)
name = profile["name_en"] if lang == "en" else (profile["name_zh"] or profile["name_en"])
heading = markup.text(name) + (
    " · " + markup.text(profile["acronym"]) if profile["acronym"] else ""
)
st.markdown("### " + heading)
sep = t("sep", lang)
facts = [
    f"{t('scope', lang)}{sep}{enum_text('organizations', 'scope', profile['scope'], lang)}",
    f"{t('orgs.hq', lang)}{sep}{country_name(profile['hq_country'], lang)}",
]
if profile["field"]:
    facts.append(f"{t('orgs.field', lang)}{sep}{markup.text(profile['field'])}")
if profile["founded_year"]:
    facts.append(f"{t('orgs.founded', lang)}{sep}{profile['founded_year']}")
st.caption(" · ".join(facts))

cells = st.columns(5)
cells[0].metric(
    t("orgs.member_since", lang),
    str(relation["member_since"]) if relation["member_since"] else t("none", lang),
    border=True,
)
cells[1].metric(t("orgs.posts_now", lang), fmt_int(relation["posts_now"], lang), border=True)
cells[2].metric(t("orgs.conferences", lang), fmt_int(relation["conferences"], lang), border=True)
cells[3].metric(t("orgs.offices", lang), fmt_int(relation["offices"], lang), border=True)
cells[4].metric(
    t("orgs.intention", lang),
    t("yes", lang) if relation["on_intention_list"] else t("no", lang),
    border=True,
)

left, right = st.columns([3, 2])
with left:
    conferences = queries.organization_conferences(org_id, filters)
    ui.chart(
        charts.conferences_by_role(
            conferences,
            lang,
            title=t("orgs.conference_list", lang),
            years=list(filters.years()),
        ),
        views.localize(
            conferences,
            lang,
            headers={"year": "year", "role": "role", "conferences": "conferences.n"},
            enums={"role": ("conferences", "role")},
        ),
        name=f"{org_id}_{t('orgs.conference_list', lang)}",
        key="org_conferences",
        language=lang,
    )


def _listing(
    title_key: str,
    frame: pl.DataFrame,
    key: str,
    headers: dict[str, str],
    enums: dict[str, tuple[str, str]],
) -> None:
    """One of the profile's record lists: a bold title, then the table or "nothing"."""
    st.markdown(f"**{t(title_key, lang)}**")
    if frame.is_empty():
        st.caption(t("orgs.nothing", lang))
        return
    ui.table(
        views.localize(frame, lang, headers=headers, enums=enums, units=names),
        name=f"{org_id}_{t(title_key, lang)}",
        key=key,
        language=lang,
    )


with right:
    _listing(
        "orgs.memberships",
        queries.organization_memberships(org_id),
        "org_memberships",
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
    )
    _listing(
        "orgs.office_list",
        queries.organization_offices(org_id),
        "org_offices",
        headers={
            "office_type": "office_type",
            "city": "city",
            "status": "status",
            "unit_id": "unit",
            "established_date": "established",
        },
        enums={"office_type": ("offices", "office_type"), "status": ("offices", "status")},
    )

_listing(
    "orgs.posts",
    queries.organization_posts(org_id),
    "org_posts",
    headers={
        "person_name": "person",
        "position": "position",
        "level": "level",
        "unit_id": "unit",
        "start_date": "start_date",
        "end_date": "end",
    },
    enums={"level": ("posts", "level")},
)
