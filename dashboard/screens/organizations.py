"""国际组织 Organizations: the directory with the academy's relationship, and one profile."""

from __future__ import annotations

import streamlit as st

from dashboard import markup, queries, ui, views
from dashboard.formatting import fmt_int
from dashboard.i18n import country_name, enum_text, field_name, t
from dashboard.panels.organizations import PAGE

ctx = ui.begin("organizations")
lang, filters = ctx.lang, ctx.filters
ui.scope_note(ctx)

# ---- directory
ui.section(f":material/menu_book: {t('orgs.directory', lang)}")
search = st.text_input(
    t("orgs.search", lang), key="orgs.search", icon=":material/search:", max_chars=100
)
asked = ui.values(ctx, search=search or "")
directory = ui.ask(PAGE["directory"], asked)
if directory.is_empty():
    ui.no_match(ctx)
    st.stop()
ui.show(PAGE["directory"], ctx, asked, directory)
st.caption(t("orgs.member_since.caption", lang))
ui.meeting_rule_note(ctx)

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
    field = markup.text(field_name(profile["field"], lang))
    facts.append(f"{t('orgs.field', lang)}{sep}{field}")
if profile["founded_year"]:
    facts.append(f"{t('orgs.founded', lang)}{sep}{profile['founded_year']}")
st.caption(" · ".join(facts))

cells = st.columns(5)
if relation["member_since"] or not relation["member_until"]:
    cells[0].metric(
        t("orgs.member_since", lang),
        str(relation["member_since"]) if relation["member_since"] else t("none", lang),
        border=True,
    )
else:  # a lapsed or withdrawn membership is not shown as current
    cells[0].metric(t("orgs.member_until", lang), str(relation["member_until"]), border=True)
cells[1].metric(t("orgs.posts_now", lang), fmt_int(relation["posts_now"], lang), border=True)
cells[2].metric(t("orgs.conferences", lang), fmt_int(relation["conferences"], lang), border=True)
cells[3].metric(t("orgs.offices", lang), fmt_int(relation["offices"], lang), border=True)
cells[4].metric(
    t("orgs.intention", lang),
    t("yes", lang) if relation["on_intention_list"] else t("no", lang),
    border=True,
)

asked = ui.values(ctx, org_id=org_id)
left, right = st.columns([3, 2])
with left:
    ui.show(PAGE["org_conferences"], ctx, asked)


def _listing(key: str) -> None:
    """One of the profile's record lists: a bold title, then the table or "nothing"."""
    panel = PAGE[key]
    st.markdown(f"**{t(panel.title, lang)}**")
    frame = ui.ask(panel, asked)
    if frame.is_empty():
        st.caption(t("orgs.nothing", lang))
    else:
        ui.show(panel, ctx, asked, frame)


with right:
    _listing("org_memberships")
    _listing("org_offices")
_listing("org_posts")
