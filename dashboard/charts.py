"""The chart shapes the dashboard has: yearly bars, labelled (or stacked) bars, lines, a timeline,
a funnel and progress bars. A small frame and a language in, an `alt.Chart` out.

Which shape a panel uses, with which colours and labels, is said where the panel is declared
(`dashboard.panels.<page>`); colours come from `dashboard.palette`. Every chart gets a
CJK-capable font and the house style here. Nothing here touches Streamlit or the warehouse, so
`chart.to_dict()` is testable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import polars as pl

from dashboard.i18n import enum_codes, enum_text, t
from dashboard.palette import (
    FONT,
    GRID,
    MODE_COLORS,
    MODE_INDICATORS,
    MODE_SHADES,
    MUTED,
    NEUTRAL,
    STATUS_COLORS,
    TEXT_COLOR,
    series_colors,
)

__all__ = [
    "FONT",
    "HEIGHT",
    "LEGEND_ROW",
    "MODE_COLORS",
    "MODE_INDICATORS",
    "MODE_SHADES",
    "NEUTRAL",
    "STATUS_COLORS",
    "Series",
    "bars",
    "empty",
    "enum_series",
    "funnel",
    "grouped_bars",
    "lines",
    "progress_bars",
    "rows_height",
    "timeline",
    "year_x",
    "yearly_bars",
]

HEIGHT = 300
# Streamlit fits the whole chart (title, axes, legend) into the height it is given, so charts
# with one row per item ask for rows × step plus room for the rest.
ROW_STEP = 30
CHROME = 110
LEGEND_ROW = 30  # the height one legend entry takes (in the app's theme), so a side legend fits


def rows_height(rows: int, *, step: int = ROW_STEP, chrome: int = CHROME, least: int = 160) -> int:
    return max(least, rows * step + chrome)


# ---- shared pieces -------------------------------------------------------------------------


def year_x(lang: str, years: Sequence[int] | None) -> alt.X:
    """Years along x; every year of the chosen range, so charts line up even with gaps.
    Chinese readers expect 2024年; English readers a bare year."""
    label_expr = "datum.value + '年'" if lang == "zh" else "datum.value"
    axis = alt.Axis(title=None, labelExpr=label_expr, labelAngle=0)
    if years:
        return alt.X("year:O", axis=axis, scale=alt.Scale(domain=list(years)))
    return alt.X("year:O", axis=axis)


def year_tip(lang: str) -> alt.Tooltip:
    return alt.Tooltip("year:O", title=t("year", lang))


def _headroom(frame: pl.DataFrame, column: str) -> alt.Scale:
    """A value axis with room past the longest bar for its label."""
    top = frame[column].max() if frame.height else None
    peak = float(top) if isinstance(top, (int, float)) else 0.0
    return alt.Scale(domain=[0, max(1.0, peak * 1.12)], nice=False)


def finish(chart: Any, title: str, *, height: int = HEIGHT) -> alt.Chart:
    """Size, title and house style, applied once at the top level."""
    text = {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12}
    return (
        chart.properties(
            width="container",
            height=height,
            title=alt.TitleParams(text=title, anchor="start", fontSize=15, fontWeight=600),
        )
        .configure(font=FONT)
        .configure_title(font=FONT, color=TEXT_COLOR, offset=12)
        .configure_axis(
            **text,
            labelColor=MUTED,
            titleColor=MUTED,
            gridColor=GRID,
            domainColor=GRID,
            tickColor=GRID,
        )
        .configure_legend(
            **text, orient="bottom", labelColor=TEXT_COLOR, titleColor=MUTED, symbolType="square"
        )
        .configure_view(strokeWidth=0)
    )


def records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    # Dates become ISO strings so the spec is plain JSON.
    return frame.with_columns(pl.col(pl.Date).cast(pl.String)).to_dicts()


def empty(lang: str, title: str) -> alt.Chart:
    base = alt.Chart(alt.Data(values=[{"x": 0}])).mark_text(
        text=t("orgs.nothing", lang), color=MUTED, fontSize=13
    )
    return finish(base, title, height=120)


@dataclass(frozen=True)
class Series:
    """A column of codes drawn as coloured parts: each code's label, in order, in its colour.

    title: the legend's title (None: none); tip: the tooltip's title for the label;
    legend: False when the axis already names the parts.
    """

    column: str
    labels: Mapping[Any, str]
    colors: Sequence[str]
    title: str | None = None
    tip: str = ""
    legend: bool | alt.Legend = True

    @property
    def label(self) -> str:
        return f"{self.column}_label"

    @property
    def domain(self) -> list[str]:
        return list(self.labels.values())

    def prepare(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Add `<column>_label` (display text) and `<column>_order` (legend/stack order)."""
        rank = {code: i for i, code in enumerate(self.labels)}
        column = pl.col(self.column)
        return frame.with_columns(
            column.replace_strict(dict(self.labels), default=column.cast(pl.String)).alias(
                self.label
            ),
            column.replace_strict(rank, default=len(rank), return_dtype=pl.Int32).alias(
                f"{self.column}_order"
            ),
        )

    def color(self) -> alt.Color:
        scale = alt.Scale(domain=self.domain, range=list(self.colors)[: len(self.labels)])
        legend: Any = self.legend
        if legend is True:
            legend = alt.Undefined
        elif legend is False:
            legend = None
        return alt.Color(
            f"{self.label}:N", title=self.title, scale=scale, sort=self.domain, legend=legend
        )

    def order(self) -> alt.Order:
        return alt.Order(f"{self.column}_order:Q")

    def tooltip(self) -> alt.Tooltip:
        return alt.Tooltip(f"{self.label}:N", title=self.tip)


def enum_series(kind: str, column: str, lang: str, colors: Sequence[str], **options: Any) -> Series:
    """A schema enum as a series, every code in the schema's order."""
    labels = {code: enum_text(kind, column, code, lang) for code in enum_codes(kind, column)}
    return Series(column, labels, colors, **options)


# ---- yearly bars -----------------------------------------------------------------------------


def yearly_bars(
    frame: pl.DataFrame,
    lang: str,
    *,
    value: str,
    title: str,
    value_title: str,
    years: Sequence[int] | None = None,
    series: Series | None = None,
    color: str | None = None,
    value_format: str = ",d",
    height: int = 240,
) -> alt.Chart:
    """frame: year, <value> (and the series' column) — one bar per year, stacked by series."""
    if frame.is_empty():
        return empty(lang, title)
    data = series.prepare(frame) if series else frame
    tooltip = [year_tip(lang), alt.Tooltip(f"{value}:Q", title=value_title, format=value_format)]
    encoding: dict[str, Any] = {}
    if series:
        mark = alt.Chart(alt.Data(values=records(data))).mark_bar()
        encoding = {"color": series.color(), "order": series.order()}
        tooltip.insert(1, series.tooltip())
    else:
        mark = alt.Chart(alt.Data(values=records(data))).mark_bar(
            color=color or alt.Undefined, cornerRadiusTopLeft=3, cornerRadiusTopRight=3
        )
    chart = mark.encode(
        x=year_x(lang, years),
        y=alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format)),
        tooltip=tooltip,
        **encoding,
    )
    return finish(chart, title, height=height)


# ---- labelled and stacked bars ---------------------------------------------------------------


def bars(
    frame: pl.DataFrame,
    lang: str,
    *,
    title: str,
    category: str,
    category_tip: str,
    value: str,
    value_title: str,
    sort: Any,
    series: Series | None = None,
    color: str | None = None,
    thickness: int = 18,
    height: int = HEIGHT,
    labelled: bool = True,
    label_limit: int | None = 200,
    extra_tips: Sequence[alt.Tooltip] = (),
    vertical: bool = False,
) -> alt.Chart:
    """One bar per category (`category`: the label column), its value written at its end when
    `labelled`; coloured by `series` (stacked when it splits a category) or one `color`."""
    if frame.is_empty():
        return empty(lang, title)
    data = series.prepare(frame) if series else frame
    tips = [alt.Tooltip(f"{category}:N", title=category_tip)]
    tips += [series.tooltip()] if series and series.label != category else []
    tips += [alt.Tooltip(f"{value}:Q", title=value_title, format=",d"), *extra_tips]
    axis = alt.Axis(labelLimit=label_limit) if label_limit else alt.Undefined
    value_axis = alt.Axis(format=",d", tickMinStep=1)
    scale = _headroom(data, value) if labelled else alt.Undefined
    along: Any = (alt.X if vertical else alt.Y)(
        f"{category}:N",
        title=None,
        sort=sort,
        axis=alt.Axis(labelAngle=0) if vertical else axis,
    )
    across: Any = (alt.Y if vertical else alt.X)(
        f"{value}:Q", title=value_title, axis=value_axis, scale=scale
    )
    x, y = (along, across) if vertical else (across, along)
    base = alt.Chart(alt.Data(values=records(data))).encode(x=x, y=y, tooltip=tips)
    if vertical:
        shape: dict[str, Any] = {"size": thickness, "cornerRadiusTopLeft": 3}
        shape["cornerRadiusTopRight"] = 3
    else:
        shape = {"height": thickness}
        if labelled:
            shape["cornerRadiusEnd"] = 3
    drawn = base.mark_bar(color=color, **shape) if color else base.mark_bar(**shape)
    if series:
        drawn = drawn.encode(color=series.color(), order=series.order())
    if not labelled:
        return finish(drawn, title, height=height)
    place = {"dy": -8} if vertical else {"align": "left", "dx": 4}
    text = base.mark_text(color=TEXT_COLOR, **place).encode(text=f"{value}:Q")
    return finish(alt.layer(drawn, text), title, height=height)


def grouped_bars(
    frame: pl.DataFrame, lang: str, *, title: str, category: str, order: Sequence[str]
) -> alt.Chart:
    """frame: <category>, unit_label, value — one thin bar per unit beside the other."""
    if frame.is_empty():
        return empty(lang, title)
    units = frame["unit_label"].unique(maintain_order=True).to_list()
    chart = (
        alt.Chart(alt.Data(values=records(frame)))
        .mark_bar(height=9)
        .encode(
            y=alt.Y(f"{category}:N", title=None, sort=list(order), axis=alt.Axis(labelLimit=220)),
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
                alt.Tooltip(f"{category}:N", title=t("indicator", lang)),
                alt.Tooltip("value:Q", title=t("value", lang), format=",d"),
            ],
        )
    )
    return finish(chart, title, height=rows_height(len(order), step=30, chrome=100))


# ---- lines -----------------------------------------------------------------------------------


def lines(
    frame: pl.DataFrame,
    lang: str,
    *,
    title: str,
    series: Series,
    value_title: str,
    years: Sequence[int] | None = None,
    dashed: Sequence[str] = (),
    widths: tuple[str, Sequence[float]] | None = None,
    point_size: int = 40,
    height: int = HEIGHT,
    value_tip: str | None = None,
) -> alt.Chart:
    """frame: year, <series column>, value — one line per code of the series, in its colour.

    dashed: codes drawn dashed; widths: (a column, the widths of its values 0, 1 …).
    """
    if frame.is_empty():
        return empty(lang, title)
    data = series.prepare(frame).with_columns(
        pl.col(series.column).is_in(list(dashed)).alias("dashed")
    )
    base = alt.Chart(alt.Data(values=records(data))).encode(
        x=year_x(lang, years),
        y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format=",d", tickMinStep=1)),
        color=series.color(),
        tooltip=[
            year_tip(lang),
            series.tooltip(),
            alt.Tooltip("value:Q", title=value_tip or t("value", lang), format=",d"),
        ],
    )
    dash = alt.StrokeDash(
        "dashed:N", scale=alt.Scale(domain=[False, True], range=[[1, 0], [5, 3]]), legend=None
    )
    drawn = base.mark_line(strokeWidth=2.5).encode(strokeDash=dash)
    if widths:
        column, sizes = widths
        scale = alt.Scale(domain=list(range(len(sizes))), range=list(sizes))
        width = alt.StrokeWidth(f"{column}:O", scale=scale, legend=None)
        drawn = base.mark_line().encode(strokeWidth=width)
    return finish(drawn + base.mark_point(filled=True, size=point_size), title, height=height)


# ---- timeline, funnel, progress ----------------------------------------------------------------


def timeline(
    frame: pl.DataFrame, lang: str, *, title: str, series: Series, tips: Sequence[alt.Tooltip]
) -> alt.Chart:
    """frame: label, start, finish (and the series' column) — one bar per row over time."""
    if frame.is_empty():
        return empty(lang, title)
    data = series.prepare(frame)
    chart = (
        alt.Chart(alt.Data(values=records(data)))
        .mark_bar(height=14, cornerRadius=3)
        .encode(
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", labelAngle=0)),
            x2="finish:T",
            color=series.color(),
            tooltip=list(tips),
        )
    )
    return finish(chart, title, height=rows_height(data.height, step=28, chrome=120))


def funnel(
    frame: pl.DataFrame, lang: str, *, title: str, series: Series, value: str, value_title: str
) -> alt.Chart:
    """frame: <series column>, <value> — a bar centred on zero per step reads as a funnel."""
    data = series.prepare(frame).with_columns(
        (-pl.col(value) / 2).alias("left"), (pl.col(value) / 2).alias("right")
    )
    base = alt.Chart(alt.Data(values=records(data))).encode(
        y=alt.Y(f"{series.label}:N", title=None, sort=series.domain),
        tooltip=[series.tooltip(), alt.Tooltip(f"{value}:Q", title=value_title, format=",d")],
    )
    bars_ = base.mark_bar(height=30, cornerRadius=3).encode(
        x=alt.X("left:Q", axis=None), x2="right:Q", color=series.color()
    )
    text = base.mark_text(align="left", dx=6, color=TEXT_COLOR, fontWeight=600).encode(
        x=alt.X("right:Q", axis=None), text=alt.Text(f"{value}:Q", format=",d")
    )
    return finish(alt.layer(bars_, text), title, height=200)


def progress_bars(
    frame: pl.DataFrame,
    lang: str,
    *,
    title: str,
    label: str,
    series: Series,
    tips: Sequence[alt.Tooltip],
    ratio_title: str,
) -> alt.Chart:
    """frame: <label>, ratio, expected_ratio (and the series' column) — how far each row got
    (capped at 150%), with a tick where it should be by now."""
    if frame.is_empty():
        return empty(lang, title)
    data = series.prepare(frame).with_columns(
        pl.col("ratio").fill_null(1.0).clip(0, 1.5).alias("ratio_shown")
    )
    y = alt.Y(f"{label}:N", title=None, sort=None, axis=alt.Axis(labelLimit=300))
    base = alt.Chart(alt.Data(values=records(data)))
    done = base.mark_bar(height=16, cornerRadiusEnd=3).encode(
        y=y,
        x=alt.X(
            "ratio_shown:Q",
            title=ratio_title,
            axis=alt.Axis(format=".0%"),
            scale=alt.Scale(domain=[0, 1.5]),
        ),
        color=series.color(),
        tooltip=list(tips),
    )
    expected = base.mark_tick(color=TEXT_COLOR, thickness=2, size=26).encode(
        y=y, x="expected_ratio:Q", tooltip=list(tips)
    )
    return finish(alt.layer(done, expected), title, height=rows_height(data.height, step=36))


def unit_lines(
    frame: pl.DataFrame,
    lang: str,
    title: str,
    value_title: str,
    *,
    years: Sequence[int] | None = None,
    height: int = HEIGHT,
) -> alt.Chart:
    """frame: year, unit_label, value, distance (0 = the unit itself) — one line per unit, each
    in its own colour, every unit in the legend (the chart grows to hold it)."""
    labels = frame["unit_label"].unique(maintain_order=True).to_list() if frame.height else []
    series = Series(
        "unit_label",
        {label: label for label in labels},
        series_colors(len(labels)),
        tip=t("unit", lang),
        legend=alt.Legend(orient="right", labelLimit=420, symbolLimit=0, columns=1),
    )
    return lines(
        frame,
        lang,
        title=title,
        series=series,
        value_title=value_title,
        years=years,
        widths=("distance", (3.5, 1.8)),
        point_size=35,
        height=max(height, len(labels) * LEGEND_ROW + 40),
        value_tip=value_title,
    )
