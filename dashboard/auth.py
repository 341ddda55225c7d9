"""Who is using the dashboard, checked on the server on every run.

Two ways in: OIDC through `st.login` when `.streamlit/secrets.toml` has an `[auth]` section
(Streamlit keeps that session; an identity takes a local user's role only through a verified
e-mail address), else the local users of `etl.users` behind a small form.

A local sign-in lasts across reloads, tabs and browser restarts: the browser keeps a signed,
expiring token (`etl.remember`) in a cookie, written and cleared by the cookie manager of
`extra-streamlit-components` and read from the request that opened the session
(`st.context.cookies`). The session remembers the user's name and session version; the role is
looked up in the user store on every run, and a version that no longer matches (a password
reset, a role change, a removal) ends the session at the next click. Nothing a browser sends
can grant a role. Failed sign-ins are throttled on the server per user name and per client
address, for all sessions alike (`etl.signins`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

import streamlit as st

from dashboard.i18n import t
from etl import remember, signins, users
from etl.config import resolve_data_dir
from etl.errors import CoopError

SESSION_KEY = "auth.user"  # the signed-in local user's name
VERSION_KEY = "auth.version"  # their session version when they signed in
TOKEN_KEY = "auth.token"  # (token, expiry) still to be written into the browser's cookie
FORGET_KEY = "auth.forget"  # the browser's cookie is still to be cleared (signed out)
IGNORE_COOKIE_KEY = "auth.no_cookie"  # signed out: the cookie this session opened with is void
LAST_NAME_KEY = "auth.last_name"  # the name last tried here, to show its lockout
COOKIE = "coop_signin"
COOKIE_ALL_KEY = "auth.cookie.all"
COOKIE_SET_KEY = "auth.cookie.set"
COOKIE_DELETE_KEY = "auth.cookie.delete"
OIDC_DEFAULT_ROLE = "viewer"  # an OIDC user not in the user store can read, not load

Role = Literal["viewer", "analyst", "admin"]


def _log_sign_ins() -> None:
    """Failed and refused sign-ins go to the server's log (stderr), with their time."""
    logger = logging.getLogger(signins.__name__)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)


_log_sign_ins()


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


def oidc_session(claims: Mapping[str, Any], store: dict[str, users.User]) -> Session:
    """An OIDC identity's session: the role of the local user named by its e-mail address when
    the provider says that address is verified, else the default role. Never by display name,
    which anyone can choose."""
    email = str(claims.get("email") or "")
    if email and claims.get("email_verified") is True:
        known = store.get(email)
        return Session(email, cast(Role, known.role if known else OIDC_DEFAULT_ROLE), "oidc")
    label = email or str(claims.get("name") or claims.get("sub") or "?")
    return Session(f"{label} (OIDC)", cast(Role, OIDC_DEFAULT_ROLE), "oidc")


def client_address() -> str | None:
    """The client's address: the connection's peer, or, when that peer is this machine (a
    reverse proxy in front of the dashboard), the address the proxy appended to
    X-Forwarded-For. None for a local browser, and where there is no connection (tests)."""
    address = st.context.ip_address  # None when the peer is this machine
    if isinstance(address, str):
        return address
    forwarded = st.context.headers.get("X-Forwarded-For")
    if isinstance(forwarded, str) and forwarded.strip():
        return forwarded.split(",")[-1].strip()[:64]
    return None


def current() -> Session | None:
    """The signed-in user with their role as the store says now; None when nobody is.
    Raises a `CoopError` when the user store or the signing secret cannot be read."""
    data_dir = resolve_data_dir()
    store = users.load_users(data_dir)
    if oidc_configured() and getattr(st.user, "is_logged_in", False):
        return oidc_session(st.user.to_dict(), store)
    state = st.session_state
    if state.get(SESSION_KEY) is None and not state.get(IGNORE_COOKIE_KEY):
        token = st.context.cookies.get(COOKIE)
        remembered = remember.verify(data_dir, token if isinstance(token, str) else None, store)
        if remembered is not None:
            state[SESSION_KEY] = remembered.name
            state[VERSION_KEY] = remembered.session_version
    name = state.get(SESSION_KEY)
    user = store.get(name) if isinstance(name, str) else None
    # A session signed in by server code without a version (never by a browser) is pinned to
    # the user's version as it is now.
    if user is None or state.setdefault(VERSION_KEY, user.session_version) != (
        user.session_version
    ):
        if name is not None:  # removed, demoted, reset: this session and its cookie end
            _end_session()
        return None
    return Session(user.name, cast(Role, user.role), "password")


def _end_session() -> None:
    for key in (SESSION_KEY, VERSION_KEY, TOKEN_KEY):
        st.session_state.pop(key, None)
    st.session_state[IGNORE_COOKIE_KEY] = True
    st.session_state[FORGET_KEY] = True


def require_login(lang: str) -> Session:
    """The signed-in user, or a login screen and a stop. A user store or signing secret that
    cannot be read is named on the screen, and nobody gets in."""
    try:
        return _require_login(lang)
    except CoopError as exc:
        st.error(exc.message(lang))
        st.stop()
        raise AssertionError("unreachable") from None  # st.stop() raises


def _require_login(lang: str) -> Session:
    session = current()
    known = bool(session) or bool(users.load_users(resolve_data_dir()))
    if session is not None:
        if _cookie_pending() and _in_a_browser():
            _remembering(lang)
        return session
    _, middle, _ = st.columns([1, 1.2, 1])
    with middle:
        st.markdown(f"## {t('app.title', lang)}")
        if oidc_configured():
            st.caption(t("auth.oidc.lead", lang))
            if st.button(t("auth.oidc.button", lang), type="primary"):
                st.login()
        elif not known:
            st.warning(t("auth.no_users", lang))
        else:
            _password_form(lang)
        _clear_cookie()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def _password_form(lang: str) -> None:
    data_dir = resolve_data_dir()
    address = client_address()
    locked = signins.locked_for(data_dir, st.session_state.get(LAST_NAME_KEY), address)
    if locked > 0:
        st.error(t("auth.locked", lang, seconds=int(locked) + 1))
        return
    with st.form("login"):
        name = st.text_input(t("auth.name", lang), key="auth.form.name")
        password = st.text_input(t("auth.password", lang), type="password", key="auth.form.pw")
        submitted = st.form_submit_button(t("auth.submit", lang), type="primary")
    if not submitted:
        return
    name = name.strip()
    st.session_state[LAST_NAME_KEY] = name
    outcome = signins.attempt(
        data_dir, name, address, lambda: users.authenticate(data_dir, name, password)
    )
    if outcome.locked_for > 0:
        st.error(t("auth.locked", lang, seconds=int(outcome.locked_for) + 1))
        return
    if outcome.result is None:
        st.error(t("auth.failed", lang))
        return
    user = outcome.result
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=remember.lifetime_s())
    for key in (FORGET_KEY, LAST_NAME_KEY):
        st.session_state.pop(key, None)
    st.session_state[SESSION_KEY] = user.name
    st.session_state[VERSION_KEY] = user.session_version
    st.session_state[TOKEN_KEY] = (remember.issue(data_dir, user), expires)
    st.rerun()


def _cookies() -> Any:
    import extra_streamlit_components as stx

    return stx.CookieManager(key=COOKIE_ALL_KEY)


def _in_a_browser() -> bool:
    """Whether a browser runs this session (it tells its URL); not so in tests."""
    return isinstance(st.context.url, str)


def _remembering(lang: str) -> None:
    """Right after signing in: hold the pages until the browser has stored the sign-in, so a
    reload at once still finds it. The browser's confirmation reruns the script, and the pages
    show (`_cookie_pending` is then false)."""
    _, middle, _ = st.columns([1, 1.2, 1])
    with middle:
        st.markdown(f"## {t('app.title', lang)}")
        st.caption(t("auth.remembering", lang))
        _write_cookie()
        if st.button(t("auth.remembering.skip", lang), key="auth.remembering.skip"):
            st.session_state.pop(TOKEN_KEY, None)
            st.rerun()
    st.stop()


def _cookie_pending() -> bool:
    """Whether a fresh sign-in's token still has to reach the browser."""
    if st.session_state.get(TOKEN_KEY) is None:
        return False
    if st.session_state.get(COOKIE_SET_KEY) is True:  # the browser said it stored it
        st.session_state.pop(TOKEN_KEY, None)
        return False
    return True


def _write_cookie() -> None:
    """Put a fresh sign-in's token into the browser, until the browser says it has it."""
    if not _cookie_pending():
        return
    token, expires = st.session_state[TOKEN_KEY]
    url = st.context.url
    secure = isinstance(url, str) and url.startswith("https://")
    _cookies().set(
        COOKIE, token, key=COOKIE_SET_KEY, expires_at=expires, secure=secure, same_site="strict"
    )


def _clear_cookie() -> None:
    """Clear the browser's cookie after signing out, until the browser says it is gone."""
    if not st.session_state.get(FORGET_KEY):
        return
    if st.session_state.get(COOKIE_DELETE_KEY) is True:
        st.session_state.pop(FORGET_KEY, None)
        return
    manager = _cookies()
    with contextlib.suppress(KeyError):  # it forgets a cookie it had not read yet, then fails
        manager.delete(COOKIE, key=COOKIE_DELETE_KEY)


def logout_button(session: Session, lang: str) -> None:
    st.caption(t("auth.signed_in", lang, name=session.name, role=t(f"role.{session.role}", lang)))
    if st.button(t("auth.logout", lang), key="auth.logout"):
        _end_session()
        if session.via == "oidc":
            st.logout()
        st.rerun()
    _write_cookie()


def require_role(role: Role, lang: str) -> Session:
    """Stop a page for anyone below `role` (the router already hides it; this is the second
    lock, should a page ever be reached another way)."""
    session = require_login(lang)
    if not users.User(session.name, session.role, "", "").can(role):
        st.error(t("auth.forbidden", lang))
        st.stop()
    return session
