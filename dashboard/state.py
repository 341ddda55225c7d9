"""Per-session state: the language and the shared filters, kept across pages.

Widgets own short-lived keys (`w.*`) that Streamlit drops when a page does not draw them; the
chosen values live in durable keys (`lang`, `flt.*`) that every page reads. So the filters
survive switching pages, including pages that hide them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, cast

import streamlit as st

from dashboard import formatting, i18n, queries, views
from dashboard.filters import SCOPES, Filters
from dashboard.i18n import Lang, t
from etl import clock

LANG_KEY = "lang"
LANG_WIDGET_KEY = "w.lang"  # the language switch
YEARS_KEY = "flt.years"
UNIT_KEY = "flt.unit"
SCOPE_KEY = "flt.scope"
FOCUS_YEAR_KEY = "flt.year"
DEFAULT_YEARS_SHOWN = 10
# A select box shows its placeholder for a None option, so "the whole academy" is a sentinel.
ALL_UNITS = "*"


# The roles of etl.users; analysts and admins load data, viewers (leadership) only read.
Role = Literal["viewer", "analyst", "admin"]
DATA_ROLES: tuple[Role, ...] = ("analyst", "admin")


def current_role() -> Role:
    """The signed-in user's role as the user store says now (viewer when nobody is)."""
    from dashboard import auth

    session = auth.current()
    return session.role if session else "viewer"


def can_load_data() -> bool:
    return current_role() in DATA_ROLES


def lang() -> Lang:
    value = st.session_state.get(LANG_KEY)
    if value not in i18n.LANGS:
        # A new server session for a page already open (the browser reconnected) gets the
        # page's widget values back, the language switch's among them: that is the reader's
        # language; else the address's `?lang=`; else the default.
        shown = st.session_state.get(LANG_WIDGET_KEY)
        requested = shown if shown in i18n.LANGS else st.query_params.get("lang")
        value = requested if requested in i18n.LANGS else i18n.DEFAULT_LANG
        st.session_state[LANG_KEY] = value
    return cast(Lang, value)


def _copy(widget_key: str, durable_key: str) -> None:
    st.session_state[durable_key] = st.session_state[widget_key]


def _seed(widget_key: str, durable_key: str, default: Any) -> None:
    """Give a widget the durable value (or the default) before it is drawn."""
    if durable_key not in st.session_state:
        st.session_state[durable_key] = default
    if widget_key not in st.session_state:
        st.session_state[widget_key] = st.session_state[durable_key]


def language_switch() -> None:
    current = lang()
    _seed(LANG_WIDGET_KEY, LANG_KEY, current)
    st.segmented_control(
        t("app.language", current),
        options=list(i18n.LANGS),
        format_func=lambda code: i18n.LANG_NAMES[code],
        key=LANG_WIDGET_KEY,
        required=True,
        on_change=_on_language,
        label_visibility="collapsed",
        width="stretch",
    )


def _on_language() -> None:
    _copy(LANG_WIDGET_KEY, LANG_KEY)
    st.query_params["lang"] = st.session_state[LANG_KEY]


def reporting_years(status: queries.WarehouseStatus) -> list[int]:
    """The years a reader can pick: up to this year (future end dates are plans, not data)."""
    this_year = clock.today().year
    years = [y for y in status.years if y <= this_year]
    return years or list(status.years)


def sidebar_filters(status: queries.WarehouseStatus) -> Filters | None:
    """Draw the shared filters in the sidebar; None when there is nothing to filter yet."""
    language = lang()
    years = reporting_years(status)
    if not years:
        return None
    st.subheader(t("filter.header", language), anchor=False)

    default_years = (years[max(0, len(years) - DEFAULT_YEARS_SHOWN)], years[-1])
    stored = st.session_state.get(YEARS_KEY)
    if not (isinstance(stored, tuple) and stored[0] in years and stored[1] in years):
        st.session_state[YEARS_KEY] = default_years
        st.session_state.pop("w.years", None)
    if len(years) > 1:
        # A range slider is one whose `value` is a pair, so the value is passed, not seeded.
        st.select_slider(
            t("filter.years", language),
            options=years,
            value=st.session_state[YEARS_KEY],
            key="w.years",
            on_change=_copy,
            args=("w.years", YEARS_KEY),
            format_func=lambda y: str(y),
        )

    unit_frame = queries.units()
    unit_ids: list[str] = [ALL_UNITS, *unit_frame["unit_id"].to_list()]
    labels = _unit_option_labels(unit_frame.rows(named=True), language)
    labels[ALL_UNITS] = t("filter.unit.all", language)
    if st.session_state.get(UNIT_KEY) not in unit_ids:
        st.session_state[UNIT_KEY] = ALL_UNITS
        st.session_state.pop("w.unit", None)
    _seed("w.unit", UNIT_KEY, ALL_UNITS)
    st.selectbox(
        t("filter.unit", language),
        options=unit_ids,
        format_func=lambda u: labels.get(u, str(u)),
        key="w.unit",
        on_change=_copy,
        args=("w.unit", UNIT_KEY),
    )

    scope_options: list[str] = ["all", *SCOPES]
    _seed("w.scope", SCOPE_KEY, "all")
    st.selectbox(
        t("filter.scope", language),
        options=scope_options,
        format_func=lambda s: scope_label(s, language),
        key="w.scope",
        on_change=_copy,
        args=("w.scope", SCOPE_KEY),
    )
    st.button(
        t("filter.reset", language), on_click=_reset_filters, type="tertiary", key="filter.reset"
    )
    return current_filters(status)


def _unit_option_labels(rows: Sequence[dict[str, Any]], language: str) -> dict[str, str]:
    # Indent by depth in the tree so the hierarchy reads in a plain list.
    column = "name_en" if language == "en" else "name_zh"
    return {row["unit_id"]: views.tree_label(row[column], row["level"]) for row in rows}


def _reset_filters() -> None:
    for key in (YEARS_KEY, UNIT_KEY, SCOPE_KEY, FOCUS_YEAR_KEY, "w.years", "w.unit", "w.scope"):
        st.session_state.pop(key, None)


def scope_label(scope: str | None, language: str) -> str:
    if scope in (None, "all"):
        return t("filter.scope.all", language)
    return i18n.enum_text("organizations", "scope", scope, language)


def current_filters(status: queries.WarehouseStatus) -> Filters:
    years = reporting_years(status)
    stored = st.session_state.get(YEARS_KEY)
    year_from, year_to = stored if isinstance(stored, tuple) else (years[0], years[-1])
    scope = st.session_state.get(SCOPE_KEY)
    unit = st.session_state.get(UNIT_KEY)
    return Filters(
        year_from=int(year_from),
        year_to=int(year_to),
        unit_id=None if unit in (None, ALL_UNITS) else str(unit),
        scope=None if scope in (None, "all") else str(scope),
    )


def focus_year(filters: Filters) -> int:
    """The year a page looks at in detail: the chosen one, kept inside the year range."""
    chosen = st.session_state.get(FOCUS_YEAR_KEY)
    if not isinstance(chosen, int) or not filters.year_from <= chosen <= filters.year_to:
        chosen = filters.year_to
        st.session_state[FOCUS_YEAR_KEY] = chosen
    return chosen


def year_picker(filters: Filters, latest_year: int, *, key: str) -> int:
    """A page's year selector (shared by every page); the latest year is marked provisional."""
    language = lang()
    year = focus_year(filters)
    widget_key = f"w.year.{key}"
    if st.session_state.get(widget_key) != year:
        st.session_state[widget_key] = year
    options = list(range(filters.year_to, filters.year_from - 1, -1))
    st.selectbox(
        t("filter.year", language),
        options=options,
        key=widget_key,
        format_func=lambda y: formatting.fmt_year(y, language, provisional=y == latest_year),
        on_change=_copy,
        args=(widget_key, FOCUS_YEAR_KEY),
    )
    return int(st.session_state[FOCUS_YEAR_KEY])


def filter_summary(filters: Filters, language: str) -> str:
    unit_text = t("filter.unit.all", language)
    if filters.unit_id:
        unit_text = unit_name(filters.unit_id, language)
    years = f"{filters.year_from}–{filters.year_to}"
    return t(
        "filter.summary",
        language,
        years=years,
        unit=unit_text,
        scope=scope_label(filters.scope, language),
    )


def unit_names(language: str) -> dict[str, str]:
    frame = queries.units()
    column = "name_en" if language == "en" else "name_zh"
    return dict(zip(frame["unit_id"].to_list(), frame[column].to_list(), strict=True))


def unit_name(unit_id: str | None, language: str) -> str:
    if not unit_id:
        return t("filter.unit.all", language)
    return unit_names(language).get(unit_id, unit_id)
