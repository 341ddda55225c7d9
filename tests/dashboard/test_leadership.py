"""The questions leadership asked that no screen answered: leader posts and offices by name,
every unit's targets, membership fees, period targets, the meeting rule (and choosing it),
wording that names each count, and partial dates shown as written — in both languages."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import markup
from dashboard.formatting import fmt_partial_date
from dashboard.i18n import enum_text, indicator_name, status_label, t
from etl import clock
from tests.dashboard.conftest import LANGS, OpenPage, chart_data, no_errors, warehouse
from tests.dashboard.test_security import HOSTILE, RAW, _markdown_bodies, _unescaped


def _table(at: AppTest, *headers: str) -> pd.DataFrame:
    """The table on the page whose columns include every one of `headers`."""
    for frame in at.dataframe:
        if set(headers) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(
        f"no table with {headers} in {[list(d.value.columns) for d in at.dataframe]}"
    )


def _tab(at: AppTest, key: str, lang: str) -> AppTest:
    label = next(tab.label for tab in at.tabs if tab.label.endswith(t(key, lang)))
    at.session_state["modes.tab"] = label
    at.run()
    no_errors(at)
    return at


def _captions(at: AppTest) -> list[str]:
    return [str(c.value) for c in at.caption]


def _copy(demo_dir: Path, tmp_path: Path, *statements: tuple[str, list[object]]) -> Path:
    """A private copy of the demo data with `statements` (SQL, parameters) applied to its
    warehouse."""
    root = tmp_path / "data"
    shutil.copytree(demo_dir, root, ignore=shutil.ignore_patterns(".coop.lock", ".staging"))
    con = duckdb.connect(str(root / "warehouse.duckdb"))
    try:
        for statement, params in statements:
            con.execute(statement, params)
    finally:
        con.close()
    return root


# ---- 1. leader posts ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_leader_posts_are_listed_by_name_with_terms_ending_soon_marked(
    open_page: OpenPage, demo_dir: Path, lang: str
) -> None:
    at = _tab(open_page("modes", lang), "modes.posts", lang)
    table = _table(at, t("person", lang), t("since", lang), t("term_end", lang))
    today = clock.today()
    held = warehouse(
        demo_dir,
        "SELECT person_name, end_date FROM posts WHERE level = 'leader' AND start_date <= ? "
        "AND (end_date IS NULL OR end_date >= ?)",
        [today, today],
    )
    assert held.height > 0
    assert sorted(table[t("person", lang)]) == sorted(held["person_name"])
    soon = held.filter(pl.col("end_date") <= today.replace(year=today.year + 1))
    marked = table[table[t("ending_soon", lang)] == t("ending_soon.mark", lang)]
    assert sorted(marked[t("person", lang)]) == sorted(soon["person_name"])
    assert 0 < len(marked) < len(table)  # the demo has both kinds on the fixed today


def test_leader_posts_follow_the_unit_filter(open_page: OpenPage, demo_dir: Path) -> None:
    at = _tab(open_page("modes", "en"), "modes.posts", "en")
    everyone = _table(at, t("person", "en"), t("term_end", "en"))
    unit = warehouse(
        demo_dir,
        "SELECT unit_id FROM posts WHERE level = 'leader' AND start_date <= ? "
        "AND (end_date IS NULL OR end_date >= ?) LIMIT 1",
        [clock.today(), clock.today()],
    )["unit_id"][0]
    narrowed = _tab(open_page("modes", "en", **{"flt.unit": unit}), "modes.posts", "en")
    mine = _table(narrowed, t("person", "en"), t("term_end", "en"))
    assert 0 < len(mine) <= len(everyone)
    names = warehouse(demo_dir, "SELECT name_en FROM units WHERE unit_id = ?", [unit])
    assert set(mine[t("unit", "en")]) == {names["name_en"][0]}


# ---- 2. the offices pipeline -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_offices_are_listed_by_name_with_stage_date_and_host_unit(
    open_page: OpenPage, demo_dir: Path, lang: str
) -> None:
    at = _tab(open_page("modes", lang), "modes.offices", lang)
    table = _table(at, t("stage", lang), t("stage_since", lang), t("host_unit", lang))
    offices = warehouse(
        demo_dir,
        "SELECT status, negotiation_date, approved_date, established_date, closed_date "
        "FROM offices",
    )
    assert len(table) == offices.height
    stages = {enum_text("offices", "status", s, lang) for s in offices["status"]}
    assert set(table[t("stage", lang)]) == stages
    negotiating = offices.filter(pl.col("status") == "negotiating")["negotiation_date"]
    shown = table[table[t("stage", lang)] == enum_text("offices", "status", "negotiating", lang)]
    assert sorted(shown[t("stage_since", lang)]) == sorted(f"{d:%Y-%m-%d}" for d in negotiating)
    if lang == "en":  # the demo's cities are stored in Chinese; English names are in the catalog
        assert "Nanjing" in set(table[t("city", lang)])
        assert not any("南京" in str(c) for c in table[t("city", lang)])


def test_the_office_timeline_speaks_english(open_page: OpenPage) -> None:
    at = _tab(open_page("modes", "en"), "modes.offices", "en")
    timeline = chart_data(at)[t("modes.office_timeline", "en")]
    labels = timeline["label"].to_list()
    assert labels and not any("\u4e00" <= ch <= "\u9fff" for label in labels for ch in label)


# ---- 3. every unit's targets -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_units_targets_in_one_sortable_table(
    open_page: OpenPage, demo_dir: Path, lang: str
) -> None:
    year = 2025
    at = open_page("units", lang, **{"flt.year": year})
    no_errors(at)
    table = _table(at, t("progress.period", lang), t("progress.actual", lang), t("status", lang))
    expected = warehouse(
        demo_dir,
        "SELECT unit_id, indicator, year, end_year, actual, target, status FROM target_progress "
        "WHERE ? BETWEEN year AND end_year",
        [year],
    )
    assert len(table) == expected.height
    assert expected["unit_id"].n_unique() > 2  # the academy and several units
    assert set(table[t("status", lang)]) == {status_label(s, lang) for s in expected["status"]}
    assert sorted(table[t("progress.actual", lang)]) == sorted(expected["actual"])
    assert pd.api.types.is_numeric_dtype(table[t("progress.target", lang)])  # sorts as numbers
    assert "2021–2025" in set(table[t("progress.period", lang)])  # a plan over several years


# ---- 4. membership fees ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_fees_per_currency_count_in_every_year_a_membership_is_in_force(
    open_page: OpenPage, demo_dir: Path, lang: str
) -> None:
    at = open_page("paths", lang)
    by_unit = _table(at, t("year", lang), t("unit", lang), "EUR")
    by_org = _table(at, t("year", lang), t("organization", lang), "EUR")
    rows = warehouse(
        demo_dir,
        "SELECT unit_id, org_id, annual_fee, currency, year(start_date) AS first, "
        "coalesce(year(end_date), 9999) AS last FROM memberships "
        "WHERE status IN ('active', 'lapsed', 'withdrawn') AND annual_fee IS NOT NULL",
    )
    currencies = set(rows["currency"])
    assert currencies <= set(by_unit.columns) and len(currencies) > 1  # never converted
    for year in (2018, 2024):
        in_force = rows.filter((pl.col("first") <= year) & (pl.col("last") >= year))
        for currency in currencies:
            total = in_force.filter(pl.col("currency") == currency)["annual_fee"].sum()
            shown_unit = by_unit[by_unit[t("year", lang)] == year][currency].fillna(0).sum()
            shown_org = by_org[by_org[t("year", lang)] == year][currency].fillna(0).sum()
            assert shown_unit == pytest.approx(total)
            assert shown_org == pytest.approx(total)


# ---- 5. period targets on the overview --------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_period_target_shows_its_period_and_the_new_rule(
    open_page: OpenPage, demo_dir: Path, lang: str
) -> None:
    at = open_page("overview", lang, **{"flt.year": 2023})
    no_errors(at)
    progress = chart_data(at)[t("overview.progress", lang)]
    period = progress.filter(pl.col("end_year") > pl.col("start_year"))
    expected = warehouse(
        demo_dir,
        "SELECT indicator, actual, status FROM target_progress "
        "WHERE year = 2021 AND end_year = 2025 AND unit_id IS NULL",
    )
    assert period.height == expected.height > 0
    assert dict(period.select("indicator", "actual").iter_rows()) == dict(
        expected.select("indicator", "actual").iter_rows()
    )
    labels = period["indicator_label"].to_list()
    assert all(label.endswith(" · 2021–2025") for label in labels)
    annual = progress.filter(pl.col("end_year") == pl.col("start_year"))
    assert set(annual["start_year"]) == {2023}
    rule = next(c for c in _captions(at) if t("overview.target.rule", lang) in c)
    assert t("overview.target.rule.text", lang) in rule
    assert "本年度已过" not in rule and "of the year" not in rule  # the old rule's words


# ---- 6. the meeting rule -----------------------------------------------------------------------


PAGES_COUNTING_CONFERENCES = ("overview", "modes", "paths", "units", "organizations")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES_COUNTING_CONFERENCES)
def test_every_page_counting_conferences_names_the_rule_in_force(
    open_page: OpenPage, page: str, lang: str
) -> None:
    at = open_page(page, lang)
    no_errors(at)
    rule_name = "All recorded conferences" if lang == "en" else "全部记录的会议"
    assert any(markup.text(rule_name) in c for c in _captions(at)), page


def _choose(open_page: OpenPage, rule_id: str, lang: str = "en") -> AppTest:
    at = open_page("settings", lang, role="admin")
    no_errors(at)
    at.radio(key="settings.rule").set_value(rule_id)
    at.button[0].click()
    at.run()
    no_errors(at)
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_an_admin_chooses_the_rule_and_modes_counts_by_it(
    open_page_in: Callable[[Path], OpenPage], private_demo_dir: Path, lang: str
) -> None:
    open_page = open_page_in(private_demo_dir)
    at = _choose(open_page, "ICCA", lang)
    saved = t("settings.meeting_rule.saved", lang, name="")
    assert any(saved in s.value for s in at.success)
    rule = warehouse(private_demo_dir, "SELECT rule_id FROM meeting_rules WHERE in_force")
    assert rule["rule_id"].to_list() == ["ICCA"]

    modes = open_page("modes", lang)
    no_errors(modes)
    drawn = chart_data(modes)[t("modes.qualification.title", lang)]
    judged = warehouse(
        private_demo_dir,
        "SELECT year, qualification, count(*) AS n FROM conference_qualification "
        "WHERE year BETWEEN 2017 AND ? GROUP BY ALL",
        [clock.today().year],
    )
    assert set(judged["qualification"]) >= {"qualified", "not_qualified", "unknown"}
    for year, qualification, n in judged.iter_rows():
        part = drawn.filter((pl.col("year") == year) & (pl.col("qualification") == qualification))
        assert part["conferences"].to_list() == [n]
    icca = "ICCA association-meeting criteria" if lang == "en" else "ICCA 协会会议标准"
    assert any(markup.text(icca) in c for c in _captions(modes))


def test_only_admins_reach_the_settings_page(open_page: OpenPage) -> None:
    for role in ("viewer", "analyst"):
        at = open_page("settings", "en", role=role)
        assert not at.radio, role
        assert t("settings.meeting_rule.save", "en") not in [b.label for b in at.button]


def test_a_hostile_rule_name_is_shown_as_text(
    open_page_in: Callable[[Path], OpenPage], private_demo_dir: Path
) -> None:
    own = private_demo_dir / "meeting_rules.toml"
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    quoted = quoted.replace("\n", "\\n")
    own.write_text(
        "[[rule]]\n"
        'id = "all"\n'
        f'name_zh = "{quoted}"\nname_en = "{quoted}"\n'
        f'source_zh = "{quoted}"\nsource_en = "{quoted}"\n',
        encoding="utf-8",
    )
    open_page = open_page_in(private_demo_dir)
    _choose(open_page, "ICCA")
    at = _choose(open_page, "all")  # republished with the admin's own "all"
    for page in ("settings", "modes", "overview"):
        at = open_page(page, "en", role="admin")
        no_errors(at)
        bodies = _markdown_bodies(at) + [str(o) for r in at.radio for o in r.options]
        assert any(markup.text(HOSTILE) in body for body in bodies), page
        for body in bodies:
            assert not any(raw in _unescaped(body) for raw in RAW), (page, body)


# ---- 7. wording --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_membership_count_is_named_for_what_it_counts(
    open_page: OpenPage, demo_dir: Path, lang: str
) -> None:
    overview = open_page("overview", lang)
    labels = [m.label for m in overview.metric]
    assert t("overview.tile.memberships", lang) in labels
    assert (
        t("overview.tile.memberships", lang)
        == indicator_name("memberships_active", lang)[: len(t("overview.tile.memberships", lang))]
    )
    paths = open_page("paths", lang)
    funnel = chart_data(paths)[t("paths.funnel", lang)]
    active = warehouse(
        demo_dir,
        "SELECT count(*) AS n FROM memberships WHERE status = 'active' "
        "AND (end_date IS NULL OR end_date >= ?)",
        [clock.today()],
    )["n"][0]
    row = funnel.filter(pl.col("status") == "active")
    assert row["status_label"].to_list() == [t("paths.active_now", lang)]
    assert row["memberships"].to_list() == [active]
    for body in _markdown_bodies(paths) + _markdown_bodies(overview):
        assert "有效会员" not in body  # the count in force in the year is not "active"


# ---- 8. small fixes ----------------------------------------------------------------------------


def test_the_directory_shows_no_lapsed_membership_as_current(
    open_page_in: Callable[[Path], OpenPage], demo_dir: Path, tmp_path: Path
) -> None:
    held = warehouse(
        demo_dir,
        "SELECT org_id FROM memberships GROUP BY org_id "
        "HAVING count(*) = 1 AND bool_and(status = 'active') ORDER BY org_id LIMIT 1",
    )
    org_id = held["org_id"][0]
    root = _copy(
        demo_dir,
        tmp_path,
        (
            "UPDATE memberships SET status = 'lapsed', end_date = DATE '2020-12-31' "
            "WHERE org_id = ? AND status = 'active'",
            [org_id],
        ),
    )
    at = open_page_in(root)("organizations", "en")
    no_errors(at)
    directory = _table(at, t("orgs.member_since", "en"), t("orgs.member_until", "en"))
    acronym = warehouse(root, "SELECT acronym FROM organizations WHERE org_id = ?", [org_id])
    row = directory[directory[t("orgs.acronym", "en")] == acronym["acronym"][0]].iloc[0]
    assert pd.isna(row[t("orgs.member_since", "en")])
    assert row[t("orgs.member_until", "en")] == 2020


def test_the_directory_shows_fields_in_english(open_page: OpenPage, demo_dir: Path) -> None:
    at = open_page("organizations", "en")
    fields = set(_table(at, t("orgs.field", "en"))[t("orgs.field", "en")].dropna())
    assert "Multidisciplinary" in fields
    assert not any("\u4e00" <= ch <= "\u9fff" for field in fields for ch in field)
    profile = [c for c in _captions(at) if t("orgs.field", "en") + ": " in c]
    assert profile and not any("\u4e00" <= ch <= "\u9fff" for ch in profile[0])
    zh = open_page("organizations", "zh")
    assert "多学科" in set(_table(zh, t("orgs.field", "zh"))[t("orgs.field", "zh")])


@pytest.mark.parametrize("lang", LANGS)
def test_safeguards_explain_academy_wide_measures(open_page: OpenPage, lang: str) -> None:
    at = open_page("safeguards", lang)
    assert any(t("safeguards.academy_wide", lang) in c for c in _captions(at))


# ---- 9. partial dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "zh", "en"),
    [
        ("day", "2021-06-05", "2021-06-05"),
        ("month", "2021年6月", "Jun 2021"),
        ("year", "2021年", "2021"),
    ],
)
def test_a_partial_date_is_shown_as_written(precision: str, zh: str, en: str) -> None:
    day = dt.date(2021, 6, 5)
    assert fmt_partial_date(day, precision, "zh") == zh
    assert fmt_partial_date(day, precision, "en") == en
    assert fmt_partial_date(None, precision, "en") == t("none", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_partial_dates_of_posts_and_offices_show_as_written(
    open_page_in: Callable[[Path], OpenPage], demo_dir: Path, tmp_path: Path, lang: str
) -> None:
    today = clock.today()
    leader = warehouse(
        demo_dir,
        "SELECT post_id FROM posts WHERE level = 'leader' AND start_date <= ? "
        "AND (end_date IS NULL OR end_date >= ?) ORDER BY post_id LIMIT 1",
        [today, today],
    )["post_id"][0]
    root = _copy(
        demo_dir,
        tmp_path,
        (
            "UPDATE posts SET start_date = DATE '2021-06-01', start_date_precision = 'month' "
            "WHERE post_id = ?",
            [leader],
        ),
        (
            "UPDATE offices SET negotiation_date = DATE '2025-01-01', "
            "negotiation_date_precision = 'year' WHERE status = 'negotiating'",
            [],
        ),
        (
            "UPDATE offices SET established_date = DATE '2019-09-01', "
            "established_date_precision = 'month' WHERE office_id = ("
            "SELECT min(office_id) FROM offices WHERE status = 'established')",
            [],
        ),
    )
    open_page = open_page_in(root)
    posts = _tab(open_page("modes", lang), "modes.posts", lang)
    since = set(_table(posts, t("since", lang), t("term_end", lang))[t("since", lang)])
    assert ("Jun 2021" if lang == "en" else "2021年6月") in since
    assert "2021-06-01" not in since
    offices = _tab(open_page("modes", lang), "modes.offices", lang)
    stage_since = set(_table(offices, t("stage_since", lang))[t("stage_since", lang)])
    assert ("2025" if lang == "en" else "2025年") in stage_since
    assert "2025-01-01" not in stage_since
    month = "Sep 2019" if lang == "en" else "2019年9月"
    timeline = chart_data(offices)[t("modes.office_timeline", lang)]
    assert month in timeline["start_shown"].to_list()  # the tooltip
