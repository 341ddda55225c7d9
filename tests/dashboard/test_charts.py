"""Chart specs through `chart.to_dict()`, the export neutralisation, and the catalogs."""

from __future__ import annotations

import io
import json
import re
import string
from typing import Any

import altair as alt
import polars as pl
import pytest
from openpyxl import load_workbook

from dashboard import chartbook, charts, export, formatting, i18n
from dashboard.i18n import enum_text, indicator_name, t
from etl.i18n import entries
from etl.schema import DEPTH_LEVELS, INDICATORS

CATALOG = entries("dashboard")

YEARS = [2022, 2023, 2024]


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    return chart.to_dict()


def _colors(spec: dict[str, Any]) -> dict[str, str]:
    """label → colour from the colour scale of the chart (or of its first layer that has one)."""
    parts = [spec, *spec.get("layer", [])]
    for part in parts:
        color = part.get("encoding", {}).get("color", {})
        scale = color.get("scale", {})
        if "domain" in scale and "range" in scale:
            return dict(zip(scale["domain"], scale["range"], strict=False))
    return {}


def _all_text(spec: dict[str, Any]) -> str:
    return json.dumps(spec, ensure_ascii=False)


def _trend_frame() -> pl.DataFrame:
    rows = [
        {"year": y, "indicator": ind, "value": float(i + y - 2020)}
        for y in YEARS
        for i, ind in enumerate(charts.MODE_INDICATORS.values())
    ]
    return pl.DataFrame(rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_colour_per_mode_everywhere(lang: str) -> None:
    trend = _spec(chartbook.modes_trend(_trend_frame(), lang, years=YEARS))
    colours = _colors(trend)
    for mode, ind in charts.MODE_INDICATORS.items():
        assert colours[indicator_name(ind, lang)] == charts.MODE_COLORS[mode]

    roles = pl.DataFrame(
        {"year": YEARS, "role": ["attended", "co_hosted", "hosted"], "conferences": [3, 2, 1]}
    )
    role_colours = _colors(_spec(chartbook.conferences_by_role(roles, lang, years=YEARS)))
    assert set(role_colours.values()) <= set(charts.MODE_SHADES["conferences"])
    assert charts.MODE_COLORS["conferences"] in role_colours.values()

    levels = pl.DataFrame({"level": ["leader", "council"], "posts": [2, 5], "people": [2, 4]})
    level_colours = _colors(_spec(chartbook.posts_by_level(levels, lang, 2024)))
    assert set(level_colours.values()) <= set(charts.MODE_SHADES["posts"])

    stages = pl.DataFrame({"status": ["established", "negotiating"], "offices": [3, 1]})
    stage_colours = _colors(_spec(chartbook.office_stages(stages, lang)))
    assert (
        stage_colours[enum_text("offices", "status", "established", lang)]
        == charts.MODE_COLORS["offices"]
    )

    funnel = pl.DataFrame({"status": ["intended", "applying", "active"], "memberships": [4, 3, 60]})
    funnel_colours = _colors(_spec(chartbook.intention_funnel(funnel, lang)))
    assert set(funnel_colours.values()) <= set(charts.MODE_SHADES["memberships"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_titles_axes_legends_and_tooltips_are_translated(lang: str) -> None:
    other = "en" if lang == "zh" else "zh"
    roles = pl.DataFrame(
        {"year": YEARS, "role": ["attended", "co_hosted", "hosted"], "conferences": [3, 2, 1]}
    )
    spec = _spec(chartbook.conferences_by_role(roles, lang, years=YEARS))
    assert spec["title"]["text"] == t("modes.conf_by_role", lang)
    assert spec["encoding"]["y"]["title"] == t("conferences.n", lang)
    assert spec["encoding"]["color"]["title"] == t("role", lang)
    tooltip_titles = [tip["title"] for tip in spec["encoding"]["tooltip"]]
    assert tooltip_titles == [t("year", lang), t("role", lang), t("conferences.n", lang)]
    labels = {row["role_label"] for row in spec["data"]["values"]}
    assert labels == {
        enum_text("conferences", "role", c, lang) for c in ("attended", "co_hosted", "hosted")
    }
    assert t("modes.conf_by_role", other) not in _all_text(spec)
    # Chinese years read 2024年; English ones a bare 2024.
    expr = spec["encoding"]["x"]["axis"]["labelExpr"]
    assert ("年" in expr) == (lang == "zh")
    assert spec["encoding"]["x"]["scale"]["domain"] == YEARS


def test_cjk_font_first_and_house_style() -> None:
    spec = _spec(chartbook.modes_trend(_trend_frame(), "zh"))
    assert spec["config"]["font"].startswith('"Noto Sans CJK SC"')
    assert spec["config"]["axis"]["labelFont"] == charts.FONT
    assert spec["width"] == "container"


def test_depth_ladder_lists_every_level_in_the_modes_colours() -> None:
    ladder = pl.DataFrame(
        {"depth": [lvl for lvl, _, _ in DEPTH_LEVELS], "units": [0, 1, 2, 3, 4, 5, 6]}
    )
    spec = _spec(chartbook.depth_ladder(ladder, "zh", 2024))
    colours = _colors(spec)
    assert len(colours) == len(DEPTH_LEVELS)
    assert colours[i18n.depth_label(6, "zh")] == charts.MODE_COLORS["offices"]
    assert colours[i18n.depth_label(1, "zh")] == charts.MODE_COLORS["memberships"]
    assert "2024年" in spec["title"]["text"]


def test_target_progress_colours_by_status_and_marks_time_elapsed() -> None:
    frame = pl.DataFrame(
        {
            "indicator": ["posts_held", "offices_established", "conferences_cohosted"],
            "target": [20.0, 4.0, 10.0],
            "actual": [25.0, 3.0, 2.0],
            "ratio": [1.25, 0.75, 0.2],
            "expected_ratio": [0.9, 0.9, 0.9],
            "status": ["on_track", "at_risk", "off_track"],
        }
    )
    spec = _spec(chartbook.target_progress(frame, "en"))
    colours = _colors(spec)
    assert colours == {
        "On track": charts.STATUS_COLORS["on_track"],
        "At risk": charts.STATUS_COLORS["at_risk"],
        "Off track": charts.STATUS_COLORS["off_track"],
    }
    assert spec["layer"][1]["mark"]["type"] == "tick"
    assert spec["layer"][1]["encoding"]["x"]["field"] == "expected_ratio"
    # Status colours never borrow a mode's colour.
    assert not set(charts.STATUS_COLORS.values()) & set(charts.MODE_COLORS.values())


def test_empty_frames_give_a_friendly_chart() -> None:
    empty = pl.DataFrame(
        {"year": [], "role": [], "conferences": []},
        schema={"year": pl.Int64, "role": pl.String, "conferences": pl.Int64},
    )
    spec = _spec(chartbook.conferences_by_role(empty, "zh"))
    assert spec["mark"]["text"] == t("orgs.nothing", "zh")


def test_countries_are_named_in_each_language() -> None:
    frame = pl.DataFrame({"country": ["FR", "US"], "conferences": [3, 2]})
    zh = _spec(
        chartbook.countries_bar(
            frame, "zh", value="conferences", value_title="x", title="t", color="#000"
        )
    )
    en = _spec(
        chartbook.countries_bar(
            frame, "en", value="conferences", value_title="x", title="t", color="#000"
        )
    )
    assert {r["country_label"] for r in zh["data"]["values"]} == {"法国", "美国"}
    assert {r["country_label"] for r in en["data"]["values"]} == {"France", "United States"}


# ---- exports ---------------------------------------------------------------------------------

DANGEROUS = ["=SUM(A1:A9)", "+1+1", "-2+3", "@cmd", "\tx", "\rx", "safe", "a=b", None]


def test_csv_export_neutralises_formula_cells_and_keeps_the_rest() -> None:
    frame = pl.DataFrame({"名称": DANGEROUS, "=header": [1] * len(DANGEROUS)})
    data = export.to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows reads UTF-8 with BOM
    back = pl.read_csv(io.BytesIO(data[3:]))
    assert back.columns == ["名称", "'=header"]
    assert back["名称"].to_list()[:8] == [
        "'=SUM(A1:A9)",
        "'+1+1",
        "'-2+3",
        "'@cmd",
        "'\tx",
        "'\rx",
        "safe",
        "a=b",
    ]
    # The frame itself (what the warehouse and the page show) is untouched.
    assert frame["名称"][0] == "=SUM(A1:A9)"


def test_xlsx_export_writes_text_not_formulas() -> None:
    frame = pl.DataFrame({"title": DANGEROUS, "n": list(range(len(DANGEROUS)))})
    sheet = load_workbook(io.BytesIO(export.to_xlsx_bytes(frame))).active
    assert sheet is not None
    values = [sheet.cell(row=r, column=1).value for r in range(2, 2 + len(DANGEROUS))]
    assert values[0] == "'=SUM(A1:A9)" and values[3] == "'@cmd" and values[6] == "safe"
    assert all(sheet.cell(row=r, column=1).data_type != "f" for r in range(2, 2 + len(DANGEROUS)))


def test_export_file_names_are_safe() -> None:
    assert export.file_stem("../2024 年 会议/国家") == "2024_年_会议_国家"
    assert export.file_stem("///") == "data"


# ---- catalogs --------------------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_exists_in_both_languages_with_the_same_fields() -> None:
    for key, (zh, en) in CATALOG.items():
        assert zh.strip() and en.strip(), key
        assert _fields(zh) == _fields(en), key
        assert not re.search(r"[\u4e00-\u9fff]", en) or key == "app.language", key


def test_every_catalog_key_used_in_the_code_exists() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "dashboard"
    used: set[str] = set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\(\s*[\"']([a-z_]+(?:\.[a-z_]+)+)[\"']", text))
    missing = {key for key in used if key not in CATALOG}
    assert not missing


def test_labels_come_from_the_schema() -> None:
    for ind in INDICATORS:
        assert indicator_name(ind.id, "zh") == ind.zh
        assert indicator_name(ind.id, "en") == ind.en
    assert enum_text("conferences", "role", "co_hosted", "zh") == "联合举办"
    assert i18n.depth_label(4, "en").endswith(DEPTH_LEVELS[4][2])


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (23_260_000.0, "2,326 万元", "CNY 23.26 M"),
        (125_000.0, "12.5 万元", "CNY 125 k"),
        (800.0, "800 元", "CNY 800"),
        (None, "—", "—"),
    ],
)
def test_money_reads_naturally(value: float | None, zh: str, en: str) -> None:
    assert formatting.fmt_cny(value, "zh") == zh
    assert formatting.fmt_cny(value, "en") == en
