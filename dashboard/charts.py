"""Pure chart builders: a small frame (codes, numbers) and a language in, an `alt.Chart` out.

Every chart uses one colour per mode (conferences / posts / offices / memberships) and shades
of it for its sub-categories, a CJK-capable font, translated titles, axes, legends and
tooltips. Nothing here touches Streamlit or the warehouse, so `chart.to_dict()` is testable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import polars as pl

from dashboard.i18n import (
    country_name,
    depth_label,
    enum_codes,
    enum_text,
    indicator_name,
    status_label,
    t,
)
from etl.schema import DEPTH_LEVELS

FONT = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"Source Sans 3", "Source Sans Pro", sans-serif'
)
TEXT_COLOR = "#243447"
MUTED = "#6B7785"
GRID = "#E6EAEF"

# One colour per mode; the first shade is the mode's own colour.
MODE_COLORS: dict[str, str] = {
    "conferences": "#3A7CA5",
    "posts": "#C07A2C",
    "offices": "#2E8B74",
    "memberships": "#7A5C9E",
}
MODE_SHADES: dict[str, tuple[str, ...]] = {
    "conferences": ("#A9C8DE", "#3A7CA5", "#1E4A6B"),
    "posts": ("#8A5418", "#C07A2C", "#DDAA6E", "#EED7B6"),
    "offices": ("#B9DDD2", "#74B8A4", "#2E8B74", "#9AA6A2"),
    "memberships": ("#C9B8DE", "#9E84C0", "#7A5C9E", "#4E3873"),
}
NEUTRAL: tuple[str, ...] = ("#1F3A5F", "#7F98B5", "#C5D1DE")
STATUS_COLORS: dict[str, str] = {
    "on_track": "#2E7D5B",
    "at_risk": "#D4A017",
    "off_track": "#B03A2E",
    "none": "#9AA5B1",
}
SAFEGUARD_STATUS_COLORS: dict[str, str] = {
    "planned": "#C5D1DE",
    "in_progress": "#7F98B5",
    "done": "#1F3A5F",
}
# Units are not modes: a muted palette that avoids the modes' hues.
UNIT_COLORS: tuple[str, ...] = (
    "#1F3A5F",
    "#6F8FAF",
    "#9C755F",
    "#B07AA1",
    "#79706E",
    "#86BCB6",
    "#D4A6C8",
    "#BAB0AC",
    "#4E6E58",
    "#A0522D",
)
# The depth ladder speaks the modes' colours: a level is coloured by what reaches it.
DEPTH_COLORS: dict[int, str] = {
    0: "#D5DBE2",
    1: MODE_COLORS["memberships"],
    2: MODE_SHADES["conferences"][0],
    3: MODE_COLORS["conferences"],
    4: MODE_SHADES["posts"][2],
    5: MODE_SHADES["posts"][0],
    6: MODE_COLORS["offices"],
}
# The indicator that stands for each mode in trend charts.
MODE_INDICATORS: dict[str, str] = {
    "conferences": "conferences_cohosted",
    "posts": "posts_held",
    "offices": "offices_established",
    "memberships": "memberships_active",
}

HEIGHT = 300
# Streamlit fits the whole chart (title, axes, legend) into the height it is given, so charts
# with one row per item ask for rows × step plus room for the rest.
ROW_STEP = 30
CHROME = 110


def _rows_height(rows: int, *, step: int = ROW_STEP, chrome: int = CHROME, least: int = 160) -> int:
    return max(least, rows * step + chrome)


# ---- shared pieces -------------------------------------------------------------------------


def _year_axis(lang: str, title: bool = False) -> alt.Axis:
    # Chinese readers expect 2024年; English readers a bare year.
    label_expr = "datum.value + '年'" if lang == "zh" else "datum.value"
    return alt.Axis(title=t("year", lang) if title else None, labelExpr=label_expr, labelAngle=0)


def _year_x(lang: str, years: Sequence[int] | None) -> alt.X:
    """Years along x; every year of the chosen range, so charts line up even with gaps."""
    if years:
        return alt.X("year:O", axis=_year_axis(lang), scale=alt.Scale(domain=list(years)))
    return alt.X("year:O", axis=_year_axis(lang))


def _headroom(frame: pl.DataFrame, column: str) -> alt.Scale:
    """A value axis with room past the longest bar for its label."""
    top = frame[column].max() if frame.height else None
    peak = float(top) if isinstance(top, (int, float)) else 0.0
    return alt.Scale(domain=[0, max(1.0, peak * 1.12)], nice=False)


def _finish(chart: Any, title: str, *, height: int = HEIGHT) -> alt.Chart:
    """Size, title and house style, applied once at the top level."""
    styled = (
        chart.properties(
            width="container",
            height=height,
            title=alt.TitleParams(text=title, anchor="start", fontSize=15, fontWeight=600),
        )
        .configure(font=FONT)
        .configure_title(font=FONT, color=TEXT_COLOR, offset=12)
        .configure_axis(
            labelFont=FONT,
            titleFont=FONT,
            labelFontSize=12,
            titleFontSize=12,
            labelColor=MUTED,
            titleColor=MUTED,
            gridColor=GRID,
            domainColor=GRID,
            tickColor=GRID,
        )
        .configure_legend(
            labelFont=FONT,
            titleFont=FONT,
            labelFontSize=12,
            titleFontSize=12,
            orient="bottom",
            labelColor=TEXT_COLOR,
            titleColor=MUTED,
            symbolType="square",
        )
        .configure_view(strokeWidth=0)
    )
    return styled


def _with_labels(
    frame: pl.DataFrame, column: str, labels: dict[str, str], order: Sequence[str]
) -> pl.DataFrame:
    """Add `<column>_label` (display text) and `<column>_order` (legend/stack order)."""
    rank = {code: i for i, code in enumerate(order)}
    return frame.with_columns(
        pl.col(column).replace_strict(labels, default=pl.col(column)).alias(f"{column}_label"),
        pl.col(column)
        .replace_strict(rank, default=len(rank), return_dtype=pl.Int32)
        .alias(f"{column}_order"),
    )


def _enum_scale(
    kind: str, column: str, lang: str, colors: Sequence[str], codes: Sequence[str] | None = None
) -> tuple[dict[str, str], alt.Scale, list[str]]:
    wanted = list(codes or enum_codes(kind, column))
    labels = {code: enum_text(kind, column, code, lang) for code in wanted}
    domain = [labels[c] for c in wanted]
    return labels, alt.Scale(domain=domain, range=list(colors)[: len(domain)]), wanted


def _records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    # Dates become ISO strings so the spec is plain JSON.
    return frame.with_columns(pl.col(pl.Date).cast(pl.String)).to_dicts()


def _empty(lang: str, title: str) -> alt.Chart:
    base = alt.Chart(alt.Data(values=[{"x": 0}])).mark_text(
        text=t("orgs.nothing", lang), color=MUTED, fontSize=13
    )
    return _finish(base, title, height=120)


# ---- overview ------------------------------------------------------------------------------


def modes_trend(frame: pl.DataFrame, lang: str, *, years: Sequence[int] | None = None) -> alt.Chart:
    """frame: year, indicator, value for the four mode indicators."""
    title = t("overview.trend", lang)
    if frame.is_empty():
        return _empty(lang, title)
    names = {ind: indicator_name(ind, lang) for ind in MODE_INDICATORS.values()}
    order = list(MODE_INDICATORS.values())
    data = _with_labels(frame, "indicator", names, order)
    domain = [names[i] for i in order]
    colors = [MODE_COLORS[m] for m in MODE_INDICATORS]
    base = alt.Chart(alt.Data(values=_records(data))).encode(
        x=_year_x(lang, years),
        y=alt.Y("value:Q", title=t("count", lang), axis=alt.Axis(format=",d", tickMinStep=1)),
        color=alt.Color(
            "indicator_label:N",
            title=None,
            scale=alt.Scale(domain=domain, range=colors),
            sort=domain,
        ),
        tooltip=[
            alt.Tooltip("year:O", title=t("year", lang)),
            alt.Tooltip("indicator_label:N", title=t("indicator", lang)),
            alt.Tooltip("value:Q", title=t("value", lang), format=",d"),
        ],
    )
    chart = base.mark_line(strokeWidth=2.5) + base.mark_point(filled=True, size=50)
    return _finish(chart, title)


def target_progress(frame: pl.DataFrame, lang: str) -> alt.Chart:
    """frame: indicator, target, actual, ratio, expected_ratio, status."""
    title = t("overview.progress", lang)
    if frame.is_empty():
        return _empty(lang, title)
    statuses = ["on_track", "at_risk", "off_track"]
    status_names = {s: status_label(s, lang) for s in statuses}
    data = frame.with_columns(
        pl.col("indicator")
        .replace_strict({i: indicator_name(i, lang) for i in frame["indicator"]}, default=None)
        .alias("indicator_label"),
        pl.col("status").replace_strict(status_names, default="").alias("status_label"),
        pl.col("ratio").fill_null(1.0).clip(0, 1.5).alias("ratio_shown"),
    )
    y = alt.Y("indicator_label:N", title=None, sort=None, axis=alt.Axis(labelLimit=220))
    tooltip = [
        alt.Tooltip("indicator_label:N", title=t("indicator", lang)),
        alt.Tooltip("target:Q", title=t("progress.target", lang), format=",.0f"),
        alt.Tooltip("actual:Q", title=t("progress.actual", lang), format=",.0f"),
        alt.Tooltip("ratio:Q", title=t("progress.ratio", lang), format=".0%"),
        alt.Tooltip("expected_ratio:Q", title=t("progress.expected", lang), format=".0%"),
        alt.Tooltip("status_label:N", title=t("status", lang)),
    ]
    base = alt.Chart(alt.Data(values=_records(data)))
    bars = base.mark_bar(height=16, cornerRadiusEnd=3).encode(
        y=y,
        x=alt.X(
            "ratio_shown:Q",
            title=t("progress.ratio", lang),
            axis=alt.Axis(format=".0%"),
            scale=alt.Scale(domain=[0, 1.5]),
        ),
        color=alt.Color(
            "status_label:N",
            title=None,
            scale=alt.Scale(
                domain=[status_names[s] for s in statuses],
                range=[STATUS_COLORS[s] for s in statuses],
            ),
        ),
        tooltip=tooltip,
    )
    expected = base.mark_tick(color=TEXT_COLOR, thickness=2, size=26).encode(
        y=y, x="expected_ratio:Q", tooltip=tooltip
    )
    chart = alt.layer(bars, expected)
    return _finish(chart, title, height=_rows_height(data.height, step=36))


def depth_ladder(frame: pl.DataFrame, lang: str, year: int) -> alt.Chart:
    """frame: depth, units — every level 0…6, including empty ones."""
    title = t("overview.depth", lang)
    labels = {level: depth_label(level, lang) for level, _, _ in DEPTH_LEVELS}
    data = frame.with_columns(
        pl.col("depth").replace_strict(labels, default=None).alias("depth_label")
    ).sort("depth", descending=True)
    domain = [labels[level] for level, _, _ in sorted(DEPTH_LEVELS, reverse=True)]
    colors = [DEPTH_COLORS[level] for level, _, _ in sorted(DEPTH_LEVELS, reverse=True)]
    base = alt.Chart(alt.Data(values=_records(data))).encode(
        y=alt.Y("depth_label:N", title=None, sort=domain, axis=alt.Axis(labelLimit=200)),
        x=alt.X(
            "units:Q",
            title=t("units.count", lang),
            axis=alt.Axis(format=",d", tickMinStep=1),
            scale=_headroom(data, "units"),
        ),
        tooltip=[
            alt.Tooltip("depth_label:N", title=t("depth", lang)),
            alt.Tooltip("units:Q", title=t("units.count", lang), format=",d"),
        ],
    )
    bars = base.mark_bar(height=18, cornerRadiusEnd=3).encode(
        color=alt.Color("depth_label:N", scale=alt.Scale(domain=domain, range=colors), legend=None)
    )
    text = base.mark_text(align="left", dx=4, color=TEXT_COLOR).encode(text="units:Q")
    return _finish(alt.layer(bars, text), f"{title} · {t('year.label', lang, year=year)}")


# ---- modes: conferences --------------------------------------------------------------------


def conferences_by_role(
    frame: pl.DataFrame, lang: str, title: str | None = None, *, years: Sequence[int] | None = None
) -> alt.Chart:
    """frame: year, role, conferences."""
    title = title or t("modes.conf_by_role", lang)
    if frame.is_empty():
        return _empty(lang, title)
    labels, scale, order = _enum_scale("conferences", "role", lang, MODE_SHADES["conferences"])
    data = _with_labels(frame, "role", labels, order)
    chart = (
        alt.Chart(alt.Data(values=_records(data)))
        .mark_bar()
        .encode(
            x=_year_x(lang, years),
            y=alt.Y("conferences:Q", title=t("conferences.n", lang), axis=alt.Axis(format=",d")),
            color=alt.Color("role_label:N", title=t("role", lang), scale=scale),
            order=alt.Order("role_order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title=t("year", lang)),
                alt.Tooltip("role_label:N", title=t("role", lang)),
                alt.Tooltip("conferences:Q", title=t("conferences.n", lang), format=",d"),
            ],
        )
    )
    return _finish(chart, title)


def online_share(
    frame: pl.DataFrame, lang: str, *, years: Sequence[int] | None = None
) -> alt.Chart:
    """frame: year, conferences, online, hybrid, share."""
    title = t("modes.conf_online", lang)
    if frame.is_empty():
        return _empty(lang, title)
    base = alt.Chart(alt.Data(values=_records(frame))).encode(
        x=_year_x(lang, years),
        y=alt.Y(
            "share:Q",
            title=t("online_share", lang),
            axis=alt.Axis(format=".0%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        tooltip=[
            alt.Tooltip("year:O", title=t("year", lang)),
            alt.Tooltip("share:Q", title=t("online_share", lang), format=".0%"),
            alt.Tooltip("online:Q", title=enum_text("conferences", "format", "online", lang)),
            alt.Tooltip("hybrid:Q", title=enum_text("conferences", "format", "hybrid", lang)),
            alt.Tooltip("conferences:Q", title=t("conferences.n", lang)),
        ],
    )
    area = base.mark_area(color=MODE_SHADES["conferences"][0], opacity=0.45)
    line = base.mark_line(color=MODE_COLORS["conferences"], strokeWidth=2.5)
    points = base.mark_point(color=MODE_COLORS["conferences"], filled=True, size=45)
    return _finish(area + line + points, title)


def countries_bar(
    frame: pl.DataFrame, lang: str, *, value: str, value_title: str, title: str, color: str
) -> alt.Chart:
    """frame: country (ISO code), <value>."""
    if frame.is_empty():
        return _empty(lang, title)
    names = {code: country_name(code, lang) for code in frame["country"].to_list()}
    data = frame.with_columns(
        pl.col("country").replace_strict(names, default=None).alias("country_label")
    )
    base = alt.Chart(alt.Data(values=_records(data))).encode(
        y=alt.Y("country_label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=180)),
        x=alt.X(
            f"{value}:Q",
            title=value_title,
            axis=alt.Axis(format=",d", tickMinStep=1),
            scale=_headroom(data, value),
        ),
        tooltip=[
            alt.Tooltip("country_label:N", title=t("country", lang)),
            alt.Tooltip(f"{value}:Q", title=value_title, format=",d"),
        ],
    )
    bars = base.mark_bar(color=color, height=14, cornerRadiusEnd=3)
    text = base.mark_text(align="left", dx=4, color=TEXT_COLOR).encode(text=f"{value}:Q")
    return _finish(bars + text, title, height=_rows_height(data.height, step=26, chrome=80))


def countries_engaged(frame: pl.DataFrame, lang: str, *, title: str) -> alt.Chart:
    """frame: country, conferences, organizations — stacked per country."""
    if frame.is_empty():
        return _empty(lang, title)
    parts = ["conferences", "organizations"]
    labels = {
        "conferences": t("conferences.n", lang),
        "organizations": t("paths.orgs_headquartered", lang),
    }
    names = {code: country_name(code, lang) for code in frame["country"].to_list()}
    long = frame.unpivot(index="country", on=parts, variable_name="part", value_name="n")
    data = _with_labels(long, "part", labels, parts).with_columns(
        pl.col("country").replace_strict(names, default=None).alias("country_label")
    )
    order = [names[c] for c in frame["country"].to_list()]
    domain = [labels[p] for p in parts]
    chart = (
        alt.Chart(alt.Data(values=_records(data)))
        .mark_bar(height=14)
        .encode(
            y=alt.Y("country_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=180)),
            x=alt.X("n:Q", title=t("count", lang), axis=alt.Axis(format=",d", tickMinStep=1)),
            color=alt.Color(
                "part_label:N",
                title=None,
                sort=domain,
                scale=alt.Scale(domain=domain, range=[MODE_COLORS["conferences"], NEUTRAL[1]]),
                legend=alt.Legend(labelLimit=320),
            ),
            order=alt.Order("part_order:Q"),
            tooltip=[
                alt.Tooltip("country_label:N", title=t("country", lang)),
                alt.Tooltip("part_label:N", title=t("category", lang)),
                alt.Tooltip("n:Q", title=t("count", lang), format=",d"),
            ],
        )
    )
    return _finish(chart, title, height=_rows_height(frame.height, step=26))


def attend_host_ratio(
    frame: pl.DataFrame, lang: str, *, years: Sequence[int] | None = None
) -> alt.Chart:
    """frame: year, attended, cohosted, ratio."""
    title = t("modes.attend_host", lang)
    if frame.is_empty():
        return _empty(lang, title)
    base = alt.Chart(alt.Data(values=_records(frame))).encode(
        x=_year_x(lang, years),
        tooltip=[
            alt.Tooltip("year:O", title=t("year", lang)),
            alt.Tooltip("attended:Q", title=indicator_name("conferences_attended", lang)),
            alt.Tooltip("cohosted:Q", title=indicator_name("conferences_cohosted", lang)),
            alt.Tooltip("ratio:Q", title=t("modes.attend_host.ratio", lang), format=".1f"),
        ],
    )
    y = alt.Y("ratio:Q", title=t("modes.attend_host.ratio", lang), axis=alt.Axis(format=".1f"))
    line = base.mark_line(color=MODE_SHADES["conferences"][2], strokeWidth=2.5).encode(y=y)
    points = base.mark_point(color=MODE_SHADES["conferences"][2], filled=True, size=50).encode(y=y)
    # The 1 : 1 line: as many co-hosted as attended.
    parity = base.mark_rule(color=MUTED, strokeDash=[4, 4]).encode(y=alt.datum(1))
    return _finish(alt.layer(parity, line, points), title)


# ---- modes: posts --------------------------------------------------------------------------


def posts_by_level(frame: pl.DataFrame, lang: str, year: int) -> alt.Chart:
    """frame: level, posts, people."""
    title = t("modes.posts_by_level", lang, year=year)
    if frame.is_empty():
        return _empty(lang, title)
    labels, scale, order = _enum_scale("posts", "level", lang, MODE_SHADES["posts"])
    data = _with_labels(frame, "level", labels, order)
    base = alt.Chart(alt.Data(values=_records(data))).encode(
        y=alt.Y("level_label:N", title=None, sort=[labels[c] for c in order]),
        x=alt.X(
            "posts:Q",
            title=t("posts.n", lang),
            axis=alt.Axis(format=",d", tickMinStep=1),
            scale=_headroom(data, "posts"),
        ),
        tooltip=[
            alt.Tooltip("level_label:N", title=t("level", lang)),
            alt.Tooltip("posts:Q", title=t("posts.n", lang), format=",d"),
            alt.Tooltip("people:Q", title=indicator_name("people_in_posts", lang), format=",d"),
        ],
    )
    bars = base.mark_bar(height=20, cornerRadiusEnd=3).encode(
        color=alt.Color("level_label:N", scale=scale, legend=None)
    )
    text = base.mark_text(align="left", dx=4, color=TEXT_COLOR).encode(text="posts:Q")
    return _finish(bars + text, title, height=_rows_height(4, step=34, chrome=80))


def indicator_lines(
    frame: pl.DataFrame,
    lang: str,
    *,
    title: str,
    colors: Sequence[str],
    order: Sequence[str],
    dashed: Sequence[str] = (),
    years: Sequence[int] | None = None,
) -> alt.Chart:
    """frame: year, indicator, value — a few official indicators over time."""
    if frame.is_empty():
        return _empty(lang, title)
    names = {ind: indicator_name(ind, lang) for ind in order}
    data = _with_labels(frame, "indicator", names, order).with_columns(
        pl.col("indicator").is_in(list(dashed)).alias("dashed")
    )
    domain = [names[i] for i in order]
    base = alt.Chart(alt.Data(values=_records(data))).encode(
        x=_year_x(lang, years),
        y=alt.Y("value:Q", title=t("count", lang), axis=alt.Axis(format=",d", tickMinStep=1)),
        color=alt.Color(
            "indicator_label:N",
            title=None,
            scale=alt.Scale(domain=domain, range=list(colors)),
            sort=domain,
            # One line needs no legend: the chart title names it.
            legend=alt.Legend() if len(order) > 1 else None,
        ),
        tooltip=[
            alt.Tooltip("year:O", title=t("year", lang)),
            alt.Tooltip("indicator_label:N", title=t("indicator", lang)),
            alt.Tooltip("value:Q", title=t("value", lang), format=",d"),
        ],
    )
    lines = base.mark_line(strokeWidth=2.5).encode(
        strokeDash=alt.StrokeDash(
            "dashed:N", scale=alt.Scale(domain=[False, True], range=[[1, 0], [5, 3]]), legend=None
        )
    )
    return _finish(lines + base.mark_point(filled=True, size=40), title)


# ---- modes: offices ------------------------------------------------------------------------


def office_stages(frame: pl.DataFrame, lang: str) -> alt.Chart:
    """frame: status, offices — every stage shown, in pipeline order."""
    title = t("modes.office_stages", lang)
    labels, scale, order = _enum_scale("offices", "status", lang, MODE_SHADES["offices"])
    present = dict(zip(frame["status"].to_list(), frame["offices"].to_list(), strict=True))
    data = pl.DataFrame(
        {"status": order, "offices": [int(present.get(code, 0)) for code in order]}
    ).with_columns(pl.col("status").replace_strict(labels).alias("status_label"))
    base = alt.Chart(alt.Data(values=_records(data))).encode(
        x=alt.X(
            "status_label:N",
            title=None,
            sort=[labels[c] for c in order],
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y(
            "offices:Q",
            title=t("offices.n", lang),
            axis=alt.Axis(format=",d", tickMinStep=1),
            scale=_headroom(data, "offices"),
        ),
        tooltip=[
            alt.Tooltip("status_label:N", title=t("status", lang)),
            alt.Tooltip("offices:Q", title=t("offices.n", lang), format=",d"),
        ],
    )
    bars = base.mark_bar(size=46, cornerRadiusTopLeft=3, cornerRadiusTopRight=3).encode(
        color=alt.Color("status_label:N", scale=scale, legend=None)
    )
    text = base.mark_text(dy=-8, color=TEXT_COLOR).encode(text="offices:Q")
    return _finish(bars + text, title, height=240)


def office_timeline(frame: pl.DataFrame, lang: str) -> alt.Chart:
    """frame: office_id, label, office_type, city, status, start, finish."""
    title = t("modes.office_timeline", lang)
    if frame.is_empty():
        return _empty(lang, title)
    type_labels = {c: enum_text("offices", "office_type", c, lang) for c in frame["office_type"]}
    status_labels, scale, _ = _enum_scale("offices", "status", lang, MODE_SHADES["offices"])
    data = frame.with_columns(
        pl.col("office_type").replace_strict(type_labels, default=None).alias("type_label"),
        pl.col("status").replace_strict(status_labels, default=None).alias("status_label"),
    )
    chart = (
        alt.Chart(alt.Data(values=_records(data)))
        .mark_bar(height=14, cornerRadius=3)
        .encode(
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0)),
            x2="finish:T",
            color=alt.Color("status_label:N", title=t("status", lang), scale=scale),
            tooltip=[
                alt.Tooltip("label:N", title=t("office", lang)),
                alt.Tooltip("type_label:N", title=t("office_type", lang)),
                alt.Tooltip("city:N", title=t("city", lang)),
                alt.Tooltip("status_label:N", title=t("status", lang)),
                alt.Tooltip("start:T", title=t("established", lang), format="%Y-%m-%d"),
                alt.Tooltip("finish:T", title=t("closed", lang), format="%Y-%m-%d"),
            ],
        )
    )
    return _finish(chart, title, height=_rows_height(data.height, step=28, chrome=120))


# ---- paths ---------------------------------------------------------------------------------


def memberships_scope_holder(frame: pl.DataFrame, lang: str, year: int) -> alt.Chart:
    """frame: scope, holder (headquarters | sub_unit), memberships."""
    title = t("paths.by_scope", lang, year=year)
    if frame.is_empty():
        return _empty(lang, title)
    scope_labels = {
        c: enum_text("organizations", "scope", c, lang) for c in ("comprehensive", "specialized")
    }
    holders = ["headquarters", "sub_unit"]
    holder_labels = {h: t(f"holder.{h}", lang) for h in holders}
    data = _with_labels(frame, "holder", holder_labels, holders).with_columns(
        pl.col("scope").replace_strict(scope_labels, default=None).alias("scope_label")
    )
    chart = (
        alt.Chart(alt.Data(values=_records(data)))
        .mark_bar(height=26)
        .encode(
            y=alt.Y("scope_label:N", title=None, sort=list(scope_labels.values())),
            x=alt.X(
                "memberships:Q",
                title=t("memberships.n", lang),
                axis=alt.Axis(format=",d", tickMinStep=1),
            ),
            color=alt.Color(
                "holder_label:N",
                title=t("holder", lang),
                scale=alt.Scale(
                    domain=[holder_labels[h] for h in holders],
                    range=[MODE_SHADES["memberships"][3], MODE_SHADES["memberships"][0]],
                ),
            ),
            order=alt.Order("holder_order:Q"),
            tooltip=[
                alt.Tooltip("scope_label:N", title=t("scope", lang)),
                alt.Tooltip("holder_label:N", title=t("holder", lang)),
                alt.Tooltip("memberships:Q", title=t("memberships.n", lang), format=",d"),
            ],
        )
    )
    return _finish(chart, title, height=220)


def intention_funnel(frame: pl.DataFrame, lang: str) -> alt.Chart:
    """frame: status (intended, applying, active), memberships."""
    title = t("paths.funnel", lang)
    order = ["intended", "applying", "active"]
    labels = {c: enum_text("memberships", "status", c, lang) for c in order}
    # A bar centred on zero per step reads as a funnel.
    data = _with_labels(frame, "status", labels, order).with_columns(
        (-pl.col("memberships") / 2).alias("left"),
        (pl.col("memberships") / 2).alias("right"),
    )
    domain = [labels[c] for c in order]
    base = alt.Chart(alt.Data(values=_records(data))).encode(
        y=alt.Y("status_label:N", title=None, sort=domain),
        tooltip=[
            alt.Tooltip("status_label:N", title=t("status", lang)),
            alt.Tooltip("memberships:Q", title=t("memberships.n", lang), format=",d"),
        ],
    )
    bars = base.mark_bar(height=30, cornerRadius=3).encode(
        x=alt.X("left:Q", axis=None),
        x2="right:Q",
        color=alt.Color(
            "status_label:N",
            legend=None,
            scale=alt.Scale(domain=domain, range=list(MODE_SHADES["memberships"][:3])),
        ),
    )
    text = base.mark_text(align="left", dx=6, color=TEXT_COLOR, fontWeight=600).encode(
        x=alt.X("right:Q", axis=None), text=alt.Text("memberships:Q", format=",d")
    )
    return _finish(alt.layer(bars, text), title, height=200)


def partners(frame: pl.DataFrame, lang: str, *, years: Sequence[int] | None = None) -> alt.Chart:
    """frame: year, new, continuing, returning — stacked organizations engaged."""
    title = t("paths.partners", lang)
    if frame.is_empty():
        return _empty(lang, title)
    parts = ["continuing", "returning", "new"]
    labels = {
        "continuing": t("partner.continuing", lang),
        "returning": t("partner.other", lang),
        "new": t("partner.new", lang),
    }
    long = frame.unpivot(index="year", on=parts, variable_name="part", value_name="organizations")
    data = _with_labels(long, "part", labels, parts)
    domain = [labels[p] for p in parts]
    chart = (
        alt.Chart(alt.Data(values=_records(data)))
        .mark_bar()
        .encode(
            x=_year_x(lang, years),
            y=alt.Y(
                "organizations:Q",
                title=indicator_name("orgs_engaged", lang),
                axis=alt.Axis(format=",d"),
            ),
            color=alt.Color(
                "part_label:N",
                title=None,
                scale=alt.Scale(domain=domain, range=list(NEUTRAL)),
                sort=domain,
            ),
            order=alt.Order("part_order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title=t("year", lang)),
                alt.Tooltip("part_label:N", title=t("organization", lang)),
                alt.Tooltip("organizations:Q", title=t("count", lang), format=",d"),
            ],
        )
    )
    return _finish(chart, title)


# ---- safeguards ----------------------------------------------------------------------------


def safeguards_by_category(frame: pl.DataFrame, lang: str) -> alt.Chart:
    """frame: category, status, measures."""
    title = t("safeguards.by_category", lang)
    if frame.is_empty():
        return _empty(lang, title)
    status_labels, scale, status_order = _enum_scale(
        "safeguards", "status", lang, list(SAFEGUARD_STATUS_COLORS.values())
    )
    cat_codes = enum_codes("safeguards", "category")
    cat_labels = {c: enum_text("safeguards", "category", c, lang) for c in cat_codes}
    data = _with_labels(frame, "status", status_labels, status_order).with_columns(
        pl.col("category").replace_strict(cat_labels, default=None).alias("category_label")
    )
    chart = (
        alt.Chart(alt.Data(values=_records(data)))
        .mark_bar(height=20)
        .encode(
            y=alt.Y(
                "category_label:N",
                title=None,
                sort=[cat_labels[c] for c in cat_codes],
                axis=alt.Axis(labelLimit=200),
            ),
            x=alt.X(
                "measures:Q", title=t("count", lang), axis=alt.Axis(format=",d", tickMinStep=1)
            ),
            color=alt.Color("status_label:N", title=t("status", lang), scale=scale),
            order=alt.Order("status_order:Q"),
            tooltip=[
                alt.Tooltip("category_label:N", title=t("category", lang)),
                alt.Tooltip("status_label:N", title=t("status", lang)),
                alt.Tooltip("measures:Q", title=t("count", lang), format=",d"),
            ],
        )
    )
    return _finish(chart, title, height=_rows_height(5, step=32))


def yearly_bars(
    frame: pl.DataFrame,
    lang: str,
    *,
    value: str,
    title: str,
    value_title: str,
    color: str,
    value_format: str = ",d",
    years: Sequence[int] | None = None,
) -> alt.Chart:
    """frame: year, <value> — one bar per year."""
    if frame.is_empty():
        return _empty(lang, title)
    base = alt.Chart(alt.Data(values=_records(frame))).encode(
        x=_year_x(lang, years),
        y=alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format)),
        tooltip=[
            alt.Tooltip("year:O", title=t("year", lang)),
            alt.Tooltip(f"{value}:Q", title=value_title, format=value_format),
        ],
    )
    bars = base.mark_bar(color=color, cornerRadiusTopLeft=3, cornerRadiusTopRight=3)
    return _finish(bars, title, height=240)


# ---- units ---------------------------------------------------------------------------------


def unit_family(
    frame: pl.DataFrame,
    lang: str,
    title: str,
    value_title: str,
    *,
    years: Sequence[int] | None = None,
    height: int = HEIGHT,
) -> alt.Chart:
    """frame: year, unit_label, value, distance (0 = the unit itself)."""
    if frame.is_empty():
        return _empty(lang, title)
    base = alt.Chart(alt.Data(values=_records(frame))).encode(
        x=_year_x(lang, years),
        y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format=",d", tickMinStep=1)),
        color=alt.Color(
            "unit_label:N",
            title=None,
            scale=alt.Scale(range=list(UNIT_COLORS)),
            legend=alt.Legend(orient="right", labelLimit=420),
        ),
        tooltip=[
            alt.Tooltip("year:O", title=t("year", lang)),
            alt.Tooltip("unit_label:N", title=t("unit", lang)),
            alt.Tooltip("value:Q", title=value_title, format=",d"),
        ],
    )
    lines = base.mark_line().encode(
        strokeWidth=alt.StrokeWidth(
            "distance:O", scale=alt.Scale(domain=[0, 1], range=[3.5, 1.8]), legend=None
        )
    )
    return _finish(lines + base.mark_point(filled=True, size=35), title, height=height)


def compare_units(frame: pl.DataFrame, lang: str, title: str) -> alt.Chart:
    """frame: indicator, unit_label, value, sort_order — two units, every indicator."""
    if frame.is_empty():
        return _empty(lang, title)
    data = frame.with_columns(
        pl.col("indicator")
        .replace_strict({i: indicator_name(i, lang) for i in frame["indicator"]}, default=None)
        .alias("indicator_label")
    )
    order = data.sort("sort_order")["indicator_label"].unique(maintain_order=True).to_list()
    units = data["unit_label"].unique(maintain_order=True).to_list()
    chart = (
        alt.Chart(alt.Data(values=_records(data)))
        .mark_bar(height=9)
        .encode(
            y=alt.Y("indicator_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
            yOffset=alt.YOffset("unit_label:N", sort=units),
            x=alt.X("value:Q", title=t("value", lang), axis=alt.Axis(format=",d")),
            color=alt.Color(
                "unit_label:N",
                title=None,
                sort=units,
                scale=alt.Scale(range=[NEUTRAL[0], NEUTRAL[1]]),
                legend=alt.Legend(labelLimit=480),
            ),
            tooltip=[
                alt.Tooltip("unit_label:N", title=t("unit", lang)),
                alt.Tooltip("indicator_label:N", title=t("indicator", lang)),
                alt.Tooltip("value:Q", title=t("value", lang), format=",d"),
            ],
        )
    )
    return _finish(chart, title, height=_rows_height(len(order), step=30, chrome=100))
