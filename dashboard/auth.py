"""Who is using the dashboard, checked on the server on every run.

Two ways in: OIDC through `st.login` when `.streamlit/secrets.toml` has an `[auth]` section,
else the local users of `etl.users` (bcrypt hashes in the data dir) behind a small form.
The session only remembers the user's *name*; the role is looked up in the user store on
every run, so a removed or demoted user loses access at the next click, and nothing a
browser sends can grant a role.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal, cast

import streamlit as st

from dashboard.i18n import t
from etl import users
from etl.config import resolve_data_dir

SESSION_KEY = "auth.user"  # the signed-in local user's name
FAILURES_KEY = "auth.failures"
MAX_FAILURES = 5
LOCKOUT_S = 60
OIDC_DEFAULT_ROLE = "viewer"  # an OIDC user not in the user store can read, not load

Role = Literal["viewer", "analyst", "admin"]


@dataclass(frozen=True)
class Session:
    name: str
    role: Role
    via: Literal["password", "oidc"]


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def current() -> Session | None:
    """The signed-in user with their role as the store says now; None when nobody is."""
    store = users.load_users(resolve_data_dir())
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        email = str(st.user.get("email") or st.user.get("name") or "")
        known = store.get(email)
        return Session(email, cast(Role, known.role if known else OIDC_DEFAULT_ROLE), "oidc")
    name = st.session_state.get(SESSION_KEY)
    if not isinstance(name, str) or name not in store:
        st.session_state.pop(SESSION_KEY, None)
        return None
    return Session(name, cast(Role, store[name].role), "password")


def require_login(lang: str) -> Session:
    """The signed-in user, or a login screen and a stop."""
    session = current()
    if session is not None:
        return session
    _, middle, _ = st.columns([1, 1.2, 1])
    with middle:
        st.markdown(f"## {t('app.title', lang)}")
        if oidc_configured():
            st.caption(t("auth.oidc.lead", lang))
            if st.button(t("auth.oidc.button", lang), type="primary"):
                st.login()
        elif not users.load_users(resolve_data_dir()):
            st.warning(t("auth.no_users", lang))
        else:
            _password_form(lang)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def _password_form(lang: str) -> None:
    failures, last_failure = st.session_state.get(FAILURES_KEY, (0, 0.0))
    locked_for = LOCKOUT_S - (time.monotonic() - last_failure)
    if failures >= MAX_FAILURES and locked_for > 0:
        st.error(t("auth.locked", lang, seconds=int(locked_for) + 1))
        return
    with st.form("login"):
        name = st.text_input(t("auth.name", lang), key="auth.form.name")
        password = st.text_input(t("auth.password", lang), type="password", key="auth.form.pw")
        submitted = st.form_submit_button(t("auth.submit", lang), type="primary")
    if not submitted:
        return
    user = users.authenticate(resolve_data_dir(), name.strip(), password)
    if user is None:
        st.session_state[FAILURES_KEY] = (failures + 1, time.monotonic())
        st.error(t("auth.failed", lang))
        return
    st.session_state.pop(FAILURES_KEY, None)
    st.session_state[SESSION_KEY] = user.name
    st.rerun()


def logout_button(session: Session, lang: str) -> None:
    st.caption(t("auth.signed_in", lang, name=session.name, role=t(f"role.{session.role}", lang)))
    if st.button(t("auth.logout", lang), key="auth.logout"):
        st.session_state.pop(SESSION_KEY, None)
        if session.via == "oidc":
            st.logout()
        st.rerun()


def require_role(role: Role, lang: str) -> Session:
    """Stop a page for anyone below `role` (the router already hides it; this is the second
    lock, should a page ever be reached another way)."""
    session = require_login(lang)
    if not users.User(session.name, session.role, "", "").can(role):
        st.error(t("auth.forbidden", lang))
        st.stop()
    return session
