"""The dashboard's entry point and router: `streamlit run dashboard/app.py`.

Pages are registered per role by `pages_for`: a page that is not registered cannot be reached
at all, so access control is enforced here on the server, not by hiding links.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import auth, queries, state, style
from dashboard.i18n import t
from etl.alerts.texts import text as alert_text
from etl.config import use_private_umask

# Not `pages/`: Streamlit treats a `pages/` folder beside the entry point as an old-style
# multipage app and would serve its scripts directly, bypassing this router.
PAGES_DIR = Path(__file__).resolve().parent / "screens"

# (page key, file, material icon); the Data page is for analysts only.
DASHBOARD_PAGES: tuple[tuple[str, str, str], ...] = (
    ("overview", "overview.py", ":material/space_dashboard:"),
    ("modes", "modes.py", ":material/hub:"),
    ("paths", "paths.py", ":material/route:"),
    ("safeguards", "safeguards.py", ":material/verified_user:"),
    ("units", "units.py", ":material/account_tree:"),
    ("organizations", "organizations.py", ":material/public:"),
    ("challenges", "challenges.py", ":material/flag:"),
)
DATA_PAGE: tuple[str, str, str] = ("data", "data.py", ":material/upload_file:")
USERS_PAGE: tuple[str, str, str] = ("users", "users.py", ":material/manage_accounts:")
SETTINGS_PAGE: tuple[str, str, str] = ("settings", "settings.py", ":material/settings:")
ALERTS_PAGE: tuple[str, str, str] = (
    "alerts_settings",
    "alerts_settings.py",
    ":material/notifications:",
)


def _page(key: str, file: str, icon: str, language: str, *, default: bool = False) -> st.Page:
    return st.Page(
        PAGES_DIR / file,
        title=t(f"page.{key}", language),
        icon=icon,
        url_path=key,
        default=default,
    )


def pages_for(role: state.Role, language: str) -> list[st.Page]:
    """The navigation for a role: viewers get every page except Data; admins also Users."""
    pages = [
        _page(key, file, icon, language, default=i == 0)
        for i, (key, file, icon) in enumerate(DASHBOARD_PAGES)
    ]
    if role in state.DATA_ROLES:
        pages.append(_page(*DATA_PAGE, language))
    if role == "admin":
        pages.append(_page(*USERS_PAGE, language))
        pages.append(_page(*SETTINGS_PAGE, language))
        key, file, icon = ALERTS_PAGE  # its title lives with the other alert texts
        pages.append(
            st.Page(
                PAGES_DIR / file, title=alert_text("page.title", language), icon=icon, url_path=key
            )
        )
    return pages


# Tables' own toolbar (CSV download, copy) would hand out cells as they are, formula-looking
# ones included; the app's download buttons (`dashboard.export`) neutralise them.
SAFE_CLIENT_OPTIONS: dict[str, object] = {"client.disableDataExport": True}


def main() -> None:
    use_private_umask()  # uploads, the sign-in record: private to the service's user and group
    for option, value in SAFE_CLIENT_OPTIONS.items():
        st.set_option(option, value)
    language = state.lang()
    st.set_page_config(
        page_title=t("app.title", language),
        page_icon=":material/public:",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    session = auth.require_login(language)
    # Imported once signed in: the sign-in form needs no charts (Altair takes a quarter second).
    import altair as alt

    # Altair checks every chart object against the Vega-Lite schema as it is built; the
    # tests check every chart's full spec, so the running app skips the per-object checks.
    alt.utils.schemapi.disable_debug_mode()
    navigation = st.navigation(pages_for(session.role, language), position="top")
    st.html(style.stylesheet(language))
    with st.sidebar:
        st.markdown(f"**{t('app.title', language)}**")
        st.caption(t("app.subtitle", language))
        state.language_switch()
        auth.logout_button(session, language)
        status = queries.warehouse_status()
        # The Data page filters nothing; the chosen filters stay in the session meanwhile.
        if status.state == "ready" and navigation.url_path not in (
            DATA_PAGE[0],
            USERS_PAGE[0],
            SETTINGS_PAGE[0],
        ):
            state.sidebar_filters(status)
    navigation.run()


if __name__ == "__main__":  # Streamlit runs the entry point as __main__
    main()
