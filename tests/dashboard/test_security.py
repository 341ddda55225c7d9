"""What a hostile value in the data cannot do: become Markdown (images that call home, live
links, headings), become a formula in a downloaded table, or break the organization search."""

from __future__ import annotations

import datetime as dt
import io
import re
import string
import tomllib
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import export, markup, queries
from dashboard.app import DASHBOARD_PAGES, SAFE_CLIENT_OPTIONS
from dashboard.filters import Filters
from etl import clock
from tests.dashboard.conftest import LANGS, ROOT, OpenPage, no_errors

HOSTILE = (
    "![x](http://host/track.png) [click](http://evil.example/) <img src=x> "
    "www.evil.example *em* _u_ `code` $x^2$ :red[red] | a |\r\n# Big\n- item\n1. one"
)
# What must never reach Markdown unescaped (see `_unescaped`).
RAW = ("![x](", "[click](", "<img", "\n#", "\n-", "\n1.", "www.evil", ":red[", "`code`", "$x")
LEAF = "JNAS-AGRI"  # a unit without sub-units in the demo data


def _unescaped(body: str) -> str:
    """The Markdown source with every backslash-escaped character blanked out."""
    return re.sub(r"\\.", "\x00", body, flags=re.S)


def _resolved(body: str) -> str:
    """The text Markdown shows once escapes are resolved (where GFM then finds bare links)."""
    return re.sub(r"\\(.)", r"\1", body, flags=re.S)


# A bare address GitHub-flavoured Markdown would turn into a live link.
AUTOLINK = re.compile(r"(?i)(https?://|www\.|\w@\w)")


def _escaped_everywhere(body: str) -> bool:
    """Every ASCII punctuation character of `body` is preceded by a backslash escape."""
    i = 0
    while i < len(body):
        if body[i] == "\\":
            i += 2
            continue
        if body[i] in string.punctuation:
            return False
        i += 1
    return True


@pytest.mark.parametrize(
    "value",
    [HOSTILE, "a\u2028# b", "x\\y", "plain 名称", "[a](b)", "a\\[b](c)", "", "me@x.org WWW.A.B"],
)
def test_markup_text_is_one_line_with_every_markdown_character_escaped(value: str) -> None:
    shown = markup.text(value)
    assert not any(c in shown for c in "\r\n\v\f\u2028\u2029\x85")
    assert not AUTOLINK.search(_resolved(shown))
    assert _escaped_everywhere(shown), shown
    # Removing the escapes gives the value back (line breaks become spaces).
    unescaped = _resolved(shown).replace(markup.WORD_JOINER, "")
    assert " ".join(unescaped.split()) == " ".join(markup._LINE_BREAKS.sub(" ", value).split())


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory, demo_dir: Path) -> Path:
    """The demo data with every unit and organization renamed to something hostile."""
    import shutil

    root = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(demo_dir, root, ignore=shutil.ignore_patterns(".coop.lock", ".staging"))
    con = duckdb.connect(str(root / "warehouse.duckdb"))
    try:
        con.execute(
            "UPDATE units SET name_zh = unit_id || ' ' || $h, name_en = unit_id || ' ' || $h",
            {"h": HOSTILE},
        )
        con.execute(
            "UPDATE organizations SET name_en = $h, name_zh = $h, acronym = 'A_' || org_id, "
            "field = $h",
            {"h": HOSTILE},
        )
        con.execute(
            "INSERT INTO organizations (org_id, name_en, scope, hq_country) VALUES "
            "('ZZ1', 'X_FORMULA', 'specialized', 'FR'), ('ZZ2', 'XYFORMULA', 'specialized', 'FR'),"
            "('ZZ3', 'a\\b 100% sure', 'specialized', 'FR')"
        )
    finally:
        con.close()
    return root


def _markdown_bodies(at: AppTest) -> list[str]:
    """The Markdown source of everything on the page that Streamlit renders as Markdown."""
    bodies: list[str] = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "title"):
        bodies += [str(element.value) for element in at.get(kind)]
    bodies += [str(element.label) for element in at.metric]
    return bodies


def _page_bodies(open_page: OpenPage, page: str, lang: str) -> list[str]:
    """The page's Markdown, opened on a leaf unit (its name in headings); every tab of modes."""
    at = open_page(page, lang, **{"flt.unit": LEAF})
    no_errors(at)
    bodies = _markdown_bodies(at)
    if page == "modes":
        for tab in [tab.label for tab in at.tabs][1:]:
            at.session_state["modes.tab"] = tab
            at.run()
            no_errors(at)
            bodies += _markdown_bodies(at)
    return bodies


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [key for key, _, _ in DASHBOARD_PAGES])
def test_hostile_names_are_shown_as_text_on_every_page(
    open_page_in: Callable[[Path], OpenPage], hostile_dir: Path, page: str, lang: str
) -> None:
    open_page = open_page_in(hostile_dir)
    bodies = _page_bodies(open_page, page, lang)
    for body in bodies:
        assert not any(raw in _unescaped(body) for raw in RAW), (page, body)
        assert not AUTOLINK.search(_resolved(body)), (page, body)
    # Every page names the hostile unit or organization somewhere, escaped.
    assert any(markup.text(HOSTILE) in body for body in bodies), page


def test_a_filter_summary_naming_a_hostile_unit_is_escaped(
    open_page_in: Callable[[Path], OpenPage], hostile_dir: Path
) -> None:
    open_page = open_page_in(hostile_dir)
    # The leaf unit has no safeguard measures: the page says which filters match nothing.
    at = open_page("safeguards", "en", **{"flt.unit": LEAF})
    no_errors(at)
    summaries = [i.value for i in at.info if "Nothing matches the current filters" in i.value]
    assert summaries and all(markup.text(HOSTILE) in body for body in summaries)
    assert not any(raw in _unescaped(body) for body in summaries for raw in RAW)


# ---- downloads -------------------------------------------------------------------------------


def test_tables_offer_no_download_of_their_own() -> None:
    """Only the app's buttons (which neutralise formulas) download a table."""
    assert SAFE_CLIENT_OPTIONS["client.disableDataExport"] is True
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_the_app_switches_the_table_toolbar_download_off(open_page: OpenPage) -> None:
    import streamlit as st

    st.set_option("client.disableDataExport", False)
    at = open_page("organizations", "en", role="viewer")
    no_errors(at)
    assert at.dataframe  # the page shows tables …
    assert st.get_option("client.disableDataExport") is True  # … without their own download


def test_full_width_equals_is_neutralised_in_exports() -> None:
    frame = pl.DataFrame({"名称": ["\uff1dSUM(A1:A9)", "a\uff1db", "\uff1d"]})
    back = pl.read_csv(io.BytesIO(export.to_csv_bytes(frame)[3:]))
    assert back["名称"].to_list() == ["'\uff1dSUM(A1:A9)", "a\uff1db", "'\uff1d"]
    assert export.neutralise_cell("\uff1d1+1") == "'\uff1d1+1"


# ---- organization search ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("X_FORMULA", {"ZZ1"}),  # `_` is a character, not any character (XYFORMULA)
        ("x_formula", {"ZZ1"}),
        ("FORMULA", {"ZZ1", "ZZ2"}),
        ("100%", {"ZZ3"}),
        ("0% s", {"ZZ3"}),
        ("a\\b", {"ZZ3"}),
        ("X%FORMULA", set()),
        ("\\", {"ZZ3"}),
    ],
)
def test_organization_search_takes_wildcards_literally(
    hostile_dir: Path, monkeypatch: pytest.MonkeyPatch, search: str, found: set[str]
) -> None:
    monkeypatch.setenv("COOP_DATA_DIR", str(hostile_dir))
    filters = Filters(2000, clock.today().year)
    today: dt.date = clock.today()
    result = queries.organization_directory(filters, search, today)
    assert set(result["org_id"].to_list()) == found
