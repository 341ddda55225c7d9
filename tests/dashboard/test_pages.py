"""Every page, in both languages, through Streamlit's AppTest on the demo warehouse: no
exception, no error, and the figures shown are the warehouse's own `indicator_values`."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dashboard import state, views
from dashboard.formatting import fmt_int
from dashboard.i18n import indicator_name, t
from tests.dashboard.conftest import (
    LANGS,
    OpenPage,
    chart_data,
    indicator,
    latest_year,
    metrics,
    no_errors,
    warehouse,
)


def _series(data_dir: Path, name: str, years: list[int], unit_id: str | None = None) -> list[float]:
    return [indicator(data_dir, name, y, unit_id) for y in years]


def _chart(charts: dict[str, pl.DataFrame], title_start: str) -> pl.DataFrame:
    matches = [frame for title, frame in charts.items() if title.startswith(title_start)]
    assert matches, f"no chart titled {title_start!r} in {list(charts)}"
    return matches[0]


@pytest.mark.parametrize("lang", LANGS)
def test_overview(open_page: OpenPage, demo_dir: Path, lang: str) -> None:
    at = open_page("overview", lang)
    no_errors(at)
    year = latest_year(demo_dir)
    shown = {m.label: m for m in at.metric}
    for mode, ind, _ in views.HEADLINES:
        tile = shown[t(f"overview.tile.{mode}", lang)]
        assert tile.value == fmt_int(indicator(demo_dir, ind, year), lang)
        change = indicator(demo_dir, ind, year) - indicator(demo_dir, ind, year - 1)
        assert float(tile.delta) == change

    charts = chart_data(at)
    progress = _chart(charts, t("overview.progress", lang))
    expected = warehouse(
        demo_dir,
        "SELECT indicator, actual FROM target_progress WHERE year = ? AND unit_id IS NULL",
        [year],
    )
    assert dict(progress.select("indicator", "actual").iter_rows()) == dict(expected.iter_rows())

    ladder = _chart(charts, t("overview.depth", lang))
    own_depth = warehouse(
        demo_dir, "SELECT depth, count(*) AS n FROM unit_depth WHERE year = ? GROUP BY ALL", [year]
    )
    drawn = {d: n for d, n in ladder.select("depth", "units").iter_rows() if n}
    assert drawn == dict(own_depth.iter_rows())

    trend = _chart(charts, t("overview.trend", lang))
    for ind in ("conferences_cohosted", "posts_held", "offices_established", "memberships_active"):
        part = trend.filter(pl.col("indicator") == ind).sort("year")
        assert part["value"].to_list() == _series(demo_dir, ind, part["year"].to_list())

    health = warehouse(
        demo_dir,
        "SELECT count(*) FILTER (WHERE status = 'accepted') AS loaded, "
        "count(*) FILTER (WHERE status = 'rejected') AS rejected FROM load_files",
    )
    values = metrics(at)
    assert values[t("overview.health.loaded", lang)] == str(health["loaded"][0])
    assert values[t("overview.health.rejected", lang)] == str(health["rejected"][0])
    violations = warehouse(demo_dir, "SELECT count(*) AS n FROM soft_rule_violations")
    assert values[t("overview.health.warnings", lang)] == str(violations["n"][0])


@pytest.mark.parametrize("lang", LANGS)
def test_modes(open_page: OpenPage, demo_dir: Path, lang: str) -> None:
    at = open_page("modes", lang)
    no_errors(at)
    year = latest_year(demo_dir)
    # The tabs are lazy: open each in turn and gather what it shows.
    charts, shown = chart_data(at), metrics(at)
    tab_labels = [tab.label for tab in at.tabs]
    assert len(tab_labels) == 3
    for label in tab_labels[1:]:
        at.session_state["modes.tab"] = label
        at.run()
        no_errors(at)
        charts |= chart_data(at)
        shown |= metrics(at)

    by_role = _chart(charts, t("modes.conf_by_role", lang))
    per_year = by_role.group_by("year").agg(
        pl.col("conferences").filter(pl.col("role") == "attended").sum().alias("attended"),
        pl.col("conferences").filter(pl.col("role") != "attended").sum().alias("cohosted"),
    )
    for y, attended, cohosted in per_year.iter_rows():
        assert attended == indicator(demo_dir, "conferences_attended", y)
        assert cohosted == indicator(demo_dir, "conferences_cohosted", y)

    online = _chart(charts, t("modes.conf_online", lang))
    for y, total, share in online.select("year", "conferences", "share").iter_rows():
        assert round(total * share) == indicator(demo_dir, "conferences_online", y)

    ratio = _chart(charts, t("modes.attend_host", lang))
    for y, attended, cohosted in ratio.select("year", "attended", "cohosted").iter_rows():
        assert attended == indicator(demo_dir, "conferences_attended", y)
        assert cohosted == indicator(demo_dir, "conferences_cohosted", y)

    for ind in ("posts_held", "posts_leader", "people_in_posts"):
        assert shown[indicator_name(ind, lang)] == fmt_int(indicator(demo_dir, ind, year), lang)
    levels = _chart(charts, t("modes.posts_by_level", lang, year=year))
    assert levels["posts"].sum() == indicator(demo_dir, "posts_held", year)

    stages = _chart(charts, t("modes.office_stages", lang))
    offices = warehouse(demo_dir, "SELECT count(*) AS n FROM offices")
    assert stages["offices"].sum() == offices["n"][0]


@pytest.mark.parametrize("lang", LANGS)
def test_paths(open_page: OpenPage, demo_dir: Path, lang: str) -> None:
    at = open_page("paths", lang)
    no_errors(at)
    year = latest_year(demo_dir)
    charts = chart_data(at)

    scope = _chart(charts, t("paths.by_scope", lang, year=year))
    assert scope["memberships"].sum() == indicator(demo_dir, "memberships_active", year)

    funnel = _chart(charts, t("paths.funnel", lang))
    open_now = funnel.filter(pl.col("status") != "active")["memberships"].sum()
    assert open_now == indicator(demo_dir, "intention_open", year)

    partners = _chart(charts, t("paths.partners", lang)).pivot(
        on="part", index="year", values="organizations"
    )
    for y, new, continuing in partners.select("year", "new", "continuing").iter_rows():
        assert new == indicator(demo_dir, "partners_new", y)
        assert continuing == indicator(demo_dir, "partners_continuing", y)

    countries = _chart(charts, t("paths.countries", lang) + "")
    part = countries.filter(pl.col("indicator") == "countries_engaged").sort("year")
    assert part["value"].to_list() == _series(demo_dir, "countries_engaged", part["year"].to_list())


@pytest.mark.parametrize("lang", LANGS)
def test_safeguards(open_page: OpenPage, demo_dir: Path, lang: str) -> None:
    at = open_page("safeguards", lang)
    no_errors(at)
    year = latest_year(demo_dir)
    by_category = _chart(chart_data(at), t("safeguards.by_category", lang))
    total = warehouse(demo_dir, "SELECT count(*) AS n FROM safeguards")["n"][0]
    assert by_category["measures"].sum() == total

    shown = metrics(at)
    reporting = shown[t("safeguards.info.reporting", lang, year=year)]
    units = warehouse(demo_dir, "SELECT count(*) AS n FROM units")["n"][0]
    engaged = int(indicator(demo_dir, "units_engaged", year))
    assert reporting == t("safeguards.info.reporting.value", lang, n=engaged, total=units)
    violations = warehouse(demo_dir, "SELECT count(*) AS n FROM soft_rule_violations")["n"][0]
    assert shown[t("safeguards.info.warnings", lang)] == str(violations)


@pytest.mark.parametrize("lang", LANGS)
def test_units(open_page: OpenPage, demo_dir: Path, lang: str) -> None:
    at = open_page("units", lang)
    no_errors(at)
    year = latest_year(demo_dir)
    scorecard = at.dataframe[0].value
    tree = warehouse(
        demo_dir, "SELECT unit_id, name_zh, coalesce(name_en, name_zh) AS name_en FROM units"
    )
    name_column = "name_en" if lang == "en" else "name_zh"
    by_name = {name: unit for unit, name in tree.select("unit_id", name_column).iter_rows()}
    assert len(scorecard) == tree.height
    for _, row in scorecard.iterrows():
        unit_id = by_name[row[t("unit", lang)].lstrip("\u3000└ ")]
        for ind in ("memberships_active", "conferences_cohosted", "posts_held", "orgs_engaged"):
            assert row[indicator_name(ind, lang)] == indicator(demo_dir, ind, year, unit_id)

    compare = _chart(chart_data(at), t("units.compare.caption", lang, year=year))
    for unit_id, ind, value in compare.select("unit_id", "indicator", "value").iter_rows():
        assert value == indicator(demo_dir, ind, year, unit_id)


@pytest.mark.parametrize("lang", LANGS)
def test_organizations(open_page: OpenPage, demo_dir: Path, lang: str) -> None:
    at = open_page("organizations", lang)
    no_errors(at)
    directory = at.dataframe[0].value
    orgs = warehouse(demo_dir, "SELECT count(*) AS n FROM organizations")["n"][0]
    assert len(directory) == orgs
    # The profile's conference chart counts what the directory lists for that organization.
    first = directory.iloc[0]
    shown = metrics(at)
    assert shown[t("orgs.conferences", lang)] == fmt_int(first[t("orgs.conferences", lang)], lang)
    conferences = _chart(chart_data(at), t("orgs.conference_list", lang))
    assert conferences["conferences"].sum() == first[t("orgs.conferences", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_data_page(open_page: OpenPage, demo_dir: Path, lang: str) -> None:
    at = open_page("data", lang)
    no_errors(at)
    runs = warehouse(demo_dir, "SELECT count(*) AS n FROM load_runs")["n"][0]
    assert len(at.dataframe[0].value) == runs
    templates = [b for b in at.get("download_button") if str(b.key).startswith("template.")]
    assert len(templates) == 8
    assert at.file_uploader, "the upload widget is on the page"


def test_filters_persist_across_pages(open_page: OpenPage, demo_dir: Path) -> None:
    units = warehouse(demo_dir, "SELECT unit_id FROM units WHERE parent_unit_id IS NOT NULL")
    unit_id = units["unit_id"][0]
    at = open_page("overview")
    at.selectbox(key="w.unit").set_value(unit_id).run()
    at.selectbox(key="w.scope").set_value("specialized").run()
    no_errors(at)
    year = latest_year(demo_dir)
    tile = {m.label: m.value for m in at.metric}[t("overview.tile.posts", "zh")]
    assert tile == fmt_int(indicator(demo_dir, "posts_held", year, unit_id), "zh")

    at.switch_page("screens/units.py").run()
    no_errors(at)
    assert at.session_state["flt.unit"] == unit_id
    assert at.session_state["flt.scope"] == "specialized"
    assert len(at.dataframe[0].value) >= 1  # the unit and its sub-units only
    total_units = warehouse(demo_dir, "SELECT count(*) AS n FROM units")["n"][0]
    assert len(at.dataframe[0].value) < total_units
    # The Data page hides the filters but keeps them.
    at.switch_page("screens/data.py").run()
    at.switch_page("screens/modes.py").run()
    assert at.session_state["flt.unit"] == unit_id
    # Reset brings back the whole academy and every scope.
    at.button(key="filter.reset").click().run()
    no_errors(at)
    assert at.session_state["flt.unit"] == state.ALL_UNITS
    assert at.session_state["flt.scope"] == "all"


def test_language_switch(open_page: OpenPage) -> None:
    at = open_page("overview", "zh")
    assert at.title[0].value == t("page.overview", "zh")
    at.segmented_control(key="w.lang").set_value("en").run()
    no_errors(at)
    assert at.title[0].value == t("page.overview", "en")
    assert t("overview.tile.posts", "en") in {m.label for m in at.metric}


def test_the_chosen_year_is_shared_by_the_pages(open_page: OpenPage, demo_dir: Path) -> None:
    year = latest_year(demo_dir) - 1
    at = open_page("overview", "en")
    at.selectbox(key="w.year.overview").set_value(year).run()
    no_errors(at)
    tile = {m.label: m.value for m in at.metric}[t("overview.tile.memberships", "en")]
    assert tile == fmt_int(indicator(demo_dir, "memberships_active", year), "en")
    at.switch_page("screens/units.py").run()
    assert at.selectbox(key="w.year.units").value == year
    assert at.markdown[0].value.endswith(t("units.scorecard", "en", year=year))


def test_viewers_cannot_reach_the_data_page(open_page: OpenPage) -> None:
    from dashboard.app import DASHBOARD_PAGES, pages_for

    assert len(pages_for("viewer", "zh")) == len(DASHBOARD_PAGES)
    assert len(pages_for("analyst", "zh")) == len(DASHBOARD_PAGES) + 1
    at = open_page("overview", "zh", role="viewer")
    no_errors(at)
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("screens/data.py")
