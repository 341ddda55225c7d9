"""The panel declarations the screens draw and the benchmark reads: every page's questions are
declared (no screen asks one behind their back), every panel draws and tables its answer, the
palette tells many series apart, and the dashboard's modules stay small and acyclic."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import polars as pl
import pytest

from dashboard import chartbook, charts, palette, panels, queries, views
from dashboard.app import DASHBOARD_PAGES
from dashboard.filters import Filters
from etl import clock
from tests.dashboard.conftest import ROOT

DASHBOARD = ROOT / "dashboard"
PAGE_KEYS = [key for key, _, _ in DASHBOARD_PAGES]


def _page(key: str) -> panels.Page:
    return importlib.import_module(f"dashboard.panels.{key}").PAGE  # type: ignore[no-any-return]


def _screen_questions(key: str) -> set[str]:
    """The questions a screen asks directly: `queries.<name>(…)` or an imported name."""
    tree = ast.parse((DASHBOARD / "screens" / f"{key}.py").read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "dashboard.queries"
        for alias in node.names
    }
    asked = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "queries":
                asked.add(func.attr)
            elif isinstance(func, ast.Name) and func.id in imported:
                asked.add(func.id)
    return asked


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_question_a_screen_asks_is_declared(key: str) -> None:
    declared = {question.__name__ for question, _ in _page(key).asked()}
    common = {"units", "warehouse_status"}  # asked by the router and the sidebar on every page
    assert _screen_questions(key) <= declared | common
    assert declared <= set(queries.__all__)


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_panel_the_screen_draws_is_declared(key: str) -> None:
    source = (DASHBOARD / "screens" / f"{key}.py").read_text(encoding="utf-8")
    used = set(re.findall(r'PAGE\["(\w+)"\]', source)) | set(
        re.findall(r'_listing\("(\w+)"\)', source)
    )
    declared = {panel.key for panel in _page(key).panels}
    assert used == declared, key


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("key", PAGE_KEYS)
def test_every_panel_draws_and_tables_its_answer(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, key: str, lang: str
) -> None:
    """Each panel, asked with a reader's values on the demo data, gives a valid chart spec
    (Altair validates it) and a table with the headers translated."""
    monkeypatch.setenv("COOP_DATA_DIR", str(demo_dir))
    units = queries.units()
    names = dict(zip(units["unit_id"].to_list(), units["name_zh"].to_list(), strict=True))
    filters, today = Filters(2017, 2026), clock.today()
    values = panels.page_values(
        filters,
        year=2025,
        today=today,
        unit_names=names,
        search="",
        org_id=queries.organization_directory(filters, "", today)["org_id"][0],
        unit_a=units["unit_id"][1],
        unit_b=units["unit_id"][2],
        indicator="posts_held",
        indicator_label="posts",
        unit="unit",
    )
    if key == "units":  # its drill-down asks about one unit (the root) and its sub-units
        values["unit_id"] = units["unit_id"][0]
    answered = 0
    for panel in _page(key).panels:
        frame = panels.ask(panel, values)
        seen = panels.look(panel, lang, values)
        if key == "units":  # as the screen does: units named for the legend
            frame = views.with_unit_labels(frame, names)
        if panel.chart is not None:
            panel.chart(frame, seen).to_dict()  # validates against the Vega-Lite schema
        table = panels.table_of(panel, frame, seen)
        if lang == "zh":  # headers translated (English keeps the templates' column names)
            raw = {column for column in frame.columns if "_" in column}
            assert not raw & set(table.columns), (panel.key, table.columns)
        assert panels.file_name(panel, seen)
        answered += not frame.is_empty()
    assert answered, key


def test_adding_a_panel_takes_a_declaration() -> None:
    """A new panel is a few lines: a title key, a question, a chart shape, its headers."""
    panel = panels.Panel(
        key="new",
        title="modes.conf_by_role",
        question=queries.conferences_by_role,
        chart=lambda frame, look: chartbook.conferences_by_role(frame, look.lang, years=look.years),
        headers={"year": "year", "role": "role", "conferences": "conferences.n"},
        enums={"role": ("conferences", "role")},
    )
    page = panels.Page(panels=(panel,))
    assert page["new"] is panel
    assert page.asked() == [(queries.conferences_by_role, {})]
    assert panels.arguments(panel.question, {"filters": 1, "year": 2}) == {"filters": 1}


# ---- the palette -----------------------------------------------------------------------------


def test_the_palette_tells_sixteen_series_apart() -> None:
    assert len(set(palette.SERIES)) == len(palette.SERIES) >= 16
    assert len(set(palette.series_colors(16))) == 16


def test_a_drill_down_shows_every_sub_unit_in_its_own_colour() -> None:
    """12 sub-units: 12 colours and 12 legend entries, the chart tall enough for them all (the
    legend used to be cut after 9, and colours repeated after 10)."""
    labels = [f"Sub-unit {i:02d}" for i in range(12)]
    frame = pl.DataFrame(
        [
            {"year": y, "unit_label": label, "value": float(i), "distance": 1}
            for i, label in enumerate(labels)
            for y in (2024, 2025)
        ]
    )
    spec = chartbook.unit_family(frame, "en", "t", "v", years=[2024, 2025]).to_dict()
    color = spec["layer"][0]["encoding"]["color"]
    assert color["scale"]["domain"] == labels
    assert len(set(color["scale"]["range"])) == 12
    assert color["legend"]["symbolLimit"] == 0  # no entry dropped
    assert spec["height"] >= 12 * charts.LEGEND_ROW


# ---- module shape ----------------------------------------------------------------------------


def _dashboard_modules() -> dict[str, Path]:
    modules = {}
    for path in DASHBOARD.rglob("*.py"):
        parts = path.relative_to(DASHBOARD).with_suffix("").parts
        if parts[0] == "screens":
            continue
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        modules[".".join(("dashboard", *parts))] = path
    return modules


def test_no_dashboard_module_is_over_600_lines() -> None:
    long = {
        name: n
        for name, path in _dashboard_modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert not long


def test_no_import_cycle_in_the_dashboard() -> None:
    modules = _dashboard_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            found |= {t for t in targets if t in modules and t != name}
        graph[name] = found

    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            # A package's __init__ importing its own modules is not a cycle back into it.
            if state.get(nxt) == 1 and not node.startswith(nxt + "."):
                raise AssertionError(" → ".join([*path, node, nxt]))
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])


def test_sql_is_never_spliced_from_f_strings() -> None:
    for path in (DASHBOARD / "queries").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                assert not re.search(r"\b(SELECT|FROM|WHERE|AND|JOIN)\b", text), path
