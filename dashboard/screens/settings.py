"""设置 Settings (admins only): the academy-wide settings of the dashboard — the meeting rule."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, markup, state, ui
from dashboard.i18n import t
from etl import meeting_rules, pipeline
from etl.config import resolve_data_dir
from etl.errors import CoopError

lang = state.lang()
auth.require_role("admin", lang)
ui.page_header("settings", lang)
data_dir = resolve_data_dir()

SAVED = "settings.saved"  # the rule just chosen, shown once after the page reloads

st.subheader(t("settings.meeting_rule", lang), anchor=False)
if saved := st.session_state.pop(SAVED, None):
    st.success(t("settings.meeting_rule.saved", lang, name=markup.text(saved)))
st.caption(t("settings.meeting_rule.help", lang))
try:
    available = meeting_rules.rules(data_dir)
    current = meeting_rules.in_force(data_dir)
except CoopError as exc:  # an admin's own rules file that cannot be read
    st.error(t("settings.failed", lang, message=markup.text(exc.message(lang))))
    st.stop()

st.markdown(
    ":material/gavel: "
    + t("settings.meeting_rule.current", lang, name=markup.text(current.name(lang)))
)
st.caption(t("settings.meeting_rule.source", lang, source=markup.text(current.source(lang))))

rule_ids = list(available)
with st.form("settings.meeting_rule"):
    chosen = st.radio(
        t("settings.meeting_rule", lang),
        rule_ids,
        index=rule_ids.index(current.id),
        # Options render as Markdown; an admin's own rule names are data.
        format_func=lambda r: markup.text(
            f"{available[r].name(lang)} — {available[r].source(lang)}"
        ),
        key="settings.rule",
    )
    submitted = st.form_submit_button(t("settings.meeting_rule.save", lang), type="primary")

if submitted:
    if chosen == current.id:
        st.info(t("settings.meeting_rule.unchanged", lang))
    else:
        try:
            with st.spinner(t("settings.meeting_rule.saving", lang)):
                rule = pipeline.choose_meeting_rule(data_dir, chosen)
        except CoopError as exc:
            st.error(t("settings.failed", lang, message=markup.text(exc.message(lang))))
        else:
            st.session_state[SAVED] = rule.name(lang)
            st.rerun()
