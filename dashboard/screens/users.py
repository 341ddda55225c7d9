"""用户 Users (admins only): list, add or reset, and remove local dashboard users."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import auth, state, ui
from dashboard.i18n import t
from etl import signins, users
from etl.config import resolve_data_dir
from etl.errors import CoopError

lang = state.lang()
session = auth.require_role("admin", lang)
ui.page_header("users", lang)
data_dir = resolve_data_dir()

st.subheader(t("users.list", lang))
listed = users.load_users(data_dir).values()
st.dataframe(
    pl.DataFrame(
        {
            t("auth.name", lang): [u.name for u in listed],
            t("users.role", lang): [t(f"role.{u.role}", lang) for u in listed],
            t("users.created", lang): [u.created_at for u in listed],
        }
    ),
    hide_index=True,
    width="stretch",
)

add, remove = st.columns(2)
with add, st.form("users.add", clear_on_submit=True):
    st.markdown(f"**{t('users.add', lang)}**")
    name = st.text_input(t("auth.name", lang))
    role = st.selectbox(
        t("users.role", lang), users.ROLES, format_func=lambda r: t(f"role.{r}", lang)
    )
    password = st.text_input(t("auth.password", lang), type="password")
    if st.form_submit_button(t("users.add.submit", lang), type="primary"):
        try:
            users.add_user(data_dir, name.strip(), role, password)
            st.success(t("users.added", lang, name=name.strip(), role=t(f"role.{role}", lang)))
        except CoopError as exc:
            st.error(exc.message(lang))
with remove, st.form("users.remove"):
    st.markdown(f"**{t('users.remove', lang)}**")
    others = [u.name for u in users.load_users(data_dir).values() if u.name != session.name]
    victim = st.selectbox(t("auth.name", lang), others, placeholder=t("none", lang))
    if st.form_submit_button(t("users.remove.submit", lang)) and victim:
        try:
            users.remove_user(data_dir, victim)
            st.success(t("users.removed", lang, name=victim))
        except CoopError as exc:
            st.error(exc.message(lang))

st.subheader(t("users.audit", lang))
st.caption(t("users.audit.caption", lang))
events = signins.recent_events(data_dir)
if not events:
    st.info(t("users.audit.none", lang))
else:
    st.dataframe(
        pl.DataFrame(
            {
                t("users.audit.at", lang): [
                    e.at.isoformat(sep=" ", timespec="seconds") for e in events
                ],
                t("users.audit.event", lang): [t(f"signin.{e.event}", lang) for e in events],
                t("auth.name", lang): [e.name for e in events],
                t("users.audit.address", lang): [
                    t("users.audit.local", lang)
                    if e.address == signins.UNKNOWN_ADDRESS
                    else e.address
                    for e in events
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
