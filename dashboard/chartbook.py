"""Which chart shape each panel draws, in which colours and words: the dashboard's charts as
choices over the shapes of `dashboard.charts`.

One colour per mode (conferences / posts / offices / memberships) and shades of it for its
sub-categories; statuses and units in colours of their own (`dashboard.palette`).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from dashboard.charts import (
    HEIGHT,
    Series,
    bars,
    empty,
    enum_series,
    finish,
    funnel,
    grouped_bars,
    lines,
    progress_bars,
    records,
    rows_height,
    timeline,
    unit_lines,
    year_tip,
    year_x,
    yearly_bars,
)
from dashboard.i18n import (
    country_name,
    depth_label,
    enum_codes,
    enum_text,
    indicator_name,
    status_label,
    t,
)
from dashboard.palette import (
    DEPTH_COLORS,
    MODE_COLORS,
    MODE_INDICATORS,
    MODE_SHADES,
    MUTED,
    NEUTRAL,
    SAFEGUARD_STATUS_COLORS,
    STATUS_COLORS,
)
from dashboard.views import target_label
from etl.schema import DEPTH_LEVELS

Years = Sequence[int] | None


def _indicators(
    lang: str, order: Sequence[str], colors: Sequence[str], **options: object
) -> Series:
    names = {ind: indicator_name(ind, lang) for ind in order}
    return Series("indicator", names, colors, tip=t("indicator", lang), **options)  # type: ignore[arg-type]


# ---- overview --------------------------------------------------------------------------------


def modes_trend(frame: pl.DataFrame, lang: str, *, years: Years = None) -> alt.Chart:
    """frame: year, indicator, value for the four mode indicators."""
    series = _indicators(lang, list(MODE_INDICATORS.values()), list(MODE_COLORS.values()))
    return lines(
        frame,
        lang,
        title=t("overview.trend", lang),
        series=series,
        value_title=t("count", lang),
        years=years,
        point_size=50,
    )


def target_progress(frame: pl.DataFrame, lang: str) -> alt.Chart:
    """frame: indicator, start_year, end_year, target, actual, ratio, expected_ratio, status."""
    statuses = ("on_track", "at_risk", "off_track")
    series = Series(
        "status",
        {s: status_label(s, lang) for s in statuses},
        [STATUS_COLORS[s] for s in statuses],
        tip=t("status", lang),
    )
    data = frame.with_columns(target_label(frame, lang).alias("indicator_label"))
    tips = [
        alt.Tooltip("indicator_label:N", title=t("indicator", lang)),
        alt.Tooltip("target:Q", title=t("progress.target", lang), format=",.0f"),
        alt.Tooltip("actual:Q", title=t("progress.actual", lang), format=",.0f"),
        alt.Tooltip("ratio:Q", title=t("progress.ratio", lang), format=".0%"),
        alt.Tooltip("expected_ratio:Q", title=t("progress.expected", lang), format=".0%"),
        series.tooltip(),
    ]
    return progress_bars(
        data,
        lang,
        title=t("overview.progress", lang),
        label="indicator_label",
        series=series,
        tips=tips,
        ratio_title=t("progress.ratio", lang),
    )


def depth_ladder(frame: pl.DataFrame, lang: str, year: int) -> alt.Chart:
    """frame: depth, units — every level 0…6, including empty ones, the deepest on top."""
    levels = sorted((level for level, _, _ in DEPTH_LEVELS), reverse=True)
    series = Series(
        "depth",
        {level: depth_label(level, lang) for level in levels},
        [DEPTH_COLORS[level] for level in levels],
        legend=False,
    )
    return bars(
        frame.sort("depth", descending=True),
        lang,
        title=f"{t('overview.depth', lang)} · {t('year.label', lang, year=year)}",
        category="depth_label",
        category_tip=t("depth", lang),
        value="units",
        value_title=t("units.count", lang),
        sort=series.domain,
        series=series,
    )


# ---- modes -----------------------------------------------------------------------------------


def conferences_by_role(
    frame: pl.DataFrame, lang: str, title: str | None = None, *, years: Years = None
) -> alt.Chart:
    """frame: year, role, conferences."""
    role = t("role", lang)
    series = enum_series(
        "conferences", "role", lang, MODE_SHADES["conferences"], title=role, tip=role
    )
    return yearly_bars(
        frame,
        lang,
        value="conferences",
        title=title or t("modes.conf_by_role", lang),
        value_title=t("conferences.n", lang),
        years=years,
        series=series,
        height=HEIGHT,
    )


QUALIFICATIONS = ("qualified", "not_qualified", "unknown")


def conference_qualification(
    frame: pl.DataFrame, lang: str, title: str, *, years: Years = None
) -> alt.Chart:
    """frame: year, qualified, not_qualified, unknown — stacked per year, unknown apart."""
    judged = t("modes.qualification", lang)
    series = Series(
        "qualification",
        {q: t(f"qualification.{q}", lang) for q in QUALIFICATIONS},
        (MODE_COLORS["conferences"], NEUTRAL[1], NEUTRAL[2]),
        title=judged,
        tip=judged,
    )
    long = (
        frame.unpivot(
            index="year",
            on=list(QUALIFICATIONS),
            variable_name="qualification",
            value_name="conferences",
        )
        if not frame.is_empty()
        else frame
    )
    return yearly_bars(
        long,
        lang,
        value="conferences",
        title=title,
        value_title=t("conferences.n", lang),
        years=years,
        series=series,
        height=HEIGHT,
    )


def online_share(frame: pl.DataFrame, lang: str, *, years: Years = None) -> alt.Chart:
    """frame: year, conferences, online, hybrid, share."""
    title = t("modes.conf_online", lang)
    if frame.is_empty():
        return empty(lang, title)
    base = alt.Chart(alt.Data(values=records(frame))).encode(
        x=year_x(lang, years),
        y=alt.Y(
            "share:Q",
            title=t("online_share", lang),
            axis=alt.Axis(format=".0%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        tooltip=[
            year_tip(lang),
            alt.Tooltip("share:Q", title=t("online_share", lang), format=".0%"),
            alt.Tooltip("online:Q", title=enum_text("conferences", "format", "online", lang)),
            alt.Tooltip("hybrid:Q", title=enum_text("conferences", "format", "hybrid", lang)),
            alt.Tooltip("conferences:Q", title=t("conferences.n", lang)),
        ],
    )
    area = base.mark_area(color=MODE_SHADES["conferences"][0], opacity=0.45)
    line = base.mark_line(color=MODE_COLORS["conferences"], strokeWidth=2.5)
    points = base.mark_point(color=MODE_COLORS["conferences"], filled=True, size=45)
    return finish(area + line + points, title)


def attend_host_ratio(frame: pl.DataFrame, lang: str, *, years: Years = None) -> alt.Chart:
    """frame: year, attended, cohosted, ratio — with the 1 : 1 line (as many hosted as
    attended)."""
    title = t("modes.attend_host", lang)
    if frame.is_empty():
        return empty(lang, title)
    ratio = t("modes.attend_host.ratio", lang)
    base = alt.Chart(alt.Data(values=records(frame))).encode(
        x=year_x(lang, years),
        tooltip=[
            year_tip(lang),
            alt.Tooltip("attended:Q", title=indicator_name("conferences_attended", lang)),
            alt.Tooltip("cohosted:Q", title=indicator_name("conferences_cohosted", lang)),
            alt.Tooltip("ratio:Q", title=ratio, format=".1f"),
        ],
    )
    y = alt.Y("ratio:Q", title=ratio, axis=alt.Axis(format=".1f"))
    color = MODE_SHADES["conferences"][2]
    line = base.mark_line(color=color, strokeWidth=2.5).encode(y=y)
    points = base.mark_point(color=color, filled=True, size=50).encode(y=y)
    parity = base.mark_rule(color=MUTED, strokeDash=[4, 4]).encode(y=alt.datum(1))
    return finish(alt.layer(parity, line, points), title)


def _country_labels(frame: pl.DataFrame, lang: str) -> tuple[pl.DataFrame, dict[str, str]]:
    """The frame with `country_label` (each ISO code's name in `lang`), and code → name."""
    names = {code: country_name(code, lang) for code in frame["country"].unique().to_list()}
    labelled = frame.with_columns(
        pl.col("country").replace_strict(names, default=None).alias("country_label")
    )
    return labelled, names


def countries_bar(
    frame: pl.DataFrame, lang: str, *, value: str, value_title: str, title: str, color: str
) -> alt.Chart:
    """frame: country (ISO code), <value>."""
    data, _ = _country_labels(frame, lang)
    return bars(
        data,
        lang,
        title=title,
        category="country_label",
        category_tip=t("header.country", lang),
        value=value,
        value_title=value_title,
        sort="-x",
        color=color,
        thickness=14,
        height=rows_height(data.height, step=26, chrome=80),
        label_limit=180,
    )


def posts_by_level(frame: pl.DataFrame, lang: str, year: int) -> alt.Chart:
    """frame: level, posts, people."""
    series = enum_series("posts", "level", lang, MODE_SHADES["posts"], legend=False)
    return bars(
        frame,
        lang,
        title=t("modes.posts_by_level", lang, year=year),
        category="level_label",
        category_tip=t("level", lang),
        value="posts",
        value_title=t("posts.n", lang),
        sort=series.domain,
        series=series,
        thickness=20,
        height=rows_height(4, step=34, chrome=80),
        label_limit=None,
        extra_tips=[
            alt.Tooltip("people:Q", title=indicator_name("people_in_posts", lang), format=",d")
        ],
    )


def indicator_lines(
    frame: pl.DataFrame,
    lang: str,
    *,
    title: str,
    colors: Sequence[str],
    order: Sequence[str],
    dashed: Sequence[str] = (),
    years: Years = None,
    value_title: str | None = None,
) -> alt.Chart:
    """frame: year, indicator, value — a few official indicators over time (one line needs no
    legend: the chart title names it)."""
    series = _indicators(lang, order, colors, legend=len(order) > 1)
    return lines(
        frame,
        lang,
        title=title,
        series=series,
        value_title=value_title or t("count", lang),
        years=years,
        dashed=dashed,
    )


def office_stages(frame: pl.DataFrame, lang: str) -> alt.Chart:
    """frame: status, offices — every stage shown, in pipeline order."""
    series = enum_series("offices", "status", lang, MODE_SHADES["offices"], legend=False)
    present = dict(zip(frame["status"].to_list(), frame["offices"].to_list(), strict=True))
    codes = list(series.labels)
    data = pl.DataFrame({"status": codes, "offices": [int(present.get(c, 0)) for c in codes]})
    return bars(
        data,
        lang,
        title=t("modes.office_stages", lang),
        category="status_label",
        category_tip=t("status", lang),
        value="offices",
        value_title=t("offices.n", lang),
        sort=series.domain,
        series=series,
        thickness=46,
        height=240,
        vertical=True,
    )


def office_timeline(frame: pl.DataFrame, lang: str) -> alt.Chart:
    """frame: office_id, label, office_type, city, status, start, finish, start_shown,
    finish_shown (the dates as written)."""
    series = enum_series("offices", "status", lang, MODE_SHADES["offices"], title=t("status", lang))
    types = {c: enum_text("offices", "office_type", c, lang) for c in frame["office_type"]}
    data = frame.with_columns(
        pl.col("office_type").replace_strict(types, default=None).alias("type_label")
    )
    tips = [
        alt.Tooltip("label:N", title=t("office", lang)),
        alt.Tooltip("type_label:N", title=t("office_type", lang)),
        alt.Tooltip("city:N", title=t("city", lang)),
        alt.Tooltip("status_label:N", title=t("status", lang)),
        alt.Tooltip("start_shown:N", title=t("established", lang)),  # as written
        alt.Tooltip("finish_shown:N", title=t("closed", lang)),
    ]
    return timeline(data, lang, title=t("modes.office_timeline", lang), series=series, tips=tips)


# ---- paths -----------------------------------------------------------------------------------


def memberships_scope_holder(frame: pl.DataFrame, lang: str, year: int) -> alt.Chart:
    """frame: scope, holder (headquarters | sub_unit), memberships."""
    scopes = {
        c: enum_text("organizations", "scope", c, lang) for c in ("comprehensive", "specialized")
    }
    holders = Series(
        "holder",
        {h: t(f"holder.{h}", lang) for h in ("headquarters", "sub_unit")},
        (MODE_SHADES["memberships"][3], MODE_SHADES["memberships"][0]),
        title=t("holder", lang),
        tip=t("holder", lang),
    )
    data = frame.with_columns(
        pl.col("scope").replace_strict(scopes, default=None).alias("scope_label")
    )
    return bars(
        data,
        lang,
        title=t("paths.by_scope", lang, year=year),
        category="scope_label",
        category_tip=t("scope", lang),
        value="memberships",
        value_title=t("memberships.n", lang),
        sort=list(scopes.values()),
        series=holders,
        thickness=26,
        height=220,
        labelled=False,
        label_limit=None,
    )


def intention_funnel(frame: pl.DataFrame, lang: str) -> alt.Chart:
    """frame: status (intended, applying, active), memberships."""
    order = ("intended", "applying", "active")
    series = Series(
        "status",
        {
            c: t("paths.active_now", lang)
            if c == "active"
            else enum_text("memberships", "status", c, lang)
            for c in order
        },
        MODE_SHADES["memberships"][:3],
        tip=t("status", lang),
        legend=False,
    )
    return funnel(
        frame,
        lang,
        title=t("paths.funnel", lang),
        series=series,
        value="memberships",
        value_title=t("memberships.n", lang),
    )


def partners(frame: pl.DataFrame, lang: str, *, years: Years = None) -> alt.Chart:
    """frame: year, new, continuing, returning — stacked organizations engaged."""
    parts = Series(
        "part",
        {
            "continuing": t("partner.continuing", lang),
            "returning": t("partner.other", lang),
            "new": t("partner.new", lang),
        },
        NEUTRAL,
        tip=t("organization", lang),
    )
    long = frame.unpivot(
        index="year", on=list(parts.labels), variable_name="part", value_name="organizations"
    )
    return yearly_bars(
        long,
        lang,
        value="organizations",
        title=t("paths.partners", lang),
        value_title=indicator_name("orgs_engaged", lang),
        years=years,
        series=parts,
        height=HEIGHT,
    )


def countries_engaged(frame: pl.DataFrame, lang: str, *, title: str) -> alt.Chart:
    """frame: country, conferences, organizations — stacked per country."""
    parts = Series(
        "part",
        {
            "conferences": t("conferences.n", lang),
            "organizations": t("paths.orgs_headquartered", lang),
        },
        (MODE_COLORS["conferences"], NEUTRAL[1]),
        tip=t("category", lang),
        legend=alt.Legend(labelLimit=320),
    )
    long = frame.unpivot(
        index="country", on=list(parts.labels), variable_name="part", value_name="n"
    )
    data, names = _country_labels(long, lang)
    return bars(
        data,
        lang,
        title=title,
        category="country_label",
        category_tip=t("header.country", lang),
        value="n",
        value_title=t("count", lang),
        sort=[names[c] for c in frame["country"].to_list()],
        series=parts,
        thickness=14,
        height=rows_height(frame.height, step=26),
        labelled=False,
        label_limit=180,
    )


# ---- safeguards and units --------------------------------------------------------------------


def safeguards_by_category(frame: pl.DataFrame, lang: str) -> alt.Chart:
    """frame: category, status, measures."""
    statuses = enum_series(
        "safeguards",
        "status",
        lang,
        list(SAFEGUARD_STATUS_COLORS.values()),
        title=t("status", lang),
        tip=t("status", lang),
    )
    categories = {
        c: enum_text("safeguards", "category", c, lang)
        for c in enum_codes("safeguards", "category")
    }
    data = frame.with_columns(
        pl.col("category").replace_strict(categories, default=None).alias("category_label")
    )
    return bars(
        data,
        lang,
        title=t("safeguards.by_category", lang),
        category="category_label",
        category_tip=t("category", lang),
        value="measures",
        value_title=t("count", lang),
        sort=list(categories.values()),
        series=statuses,
        thickness=20,
        height=rows_height(5, step=32),
        labelled=False,
    )


def unit_family(
    frame: pl.DataFrame,
    lang: str,
    title: str,
    value_title: str,
    *,
    years: Years = None,
    height: int = HEIGHT,
) -> alt.Chart:
    """frame: year, unit_label, value, distance (0 = the unit itself)."""
    return unit_lines(frame, lang, title, value_title, years=years, height=height)


def compare_units(frame: pl.DataFrame, lang: str, title: str) -> alt.Chart:
    """frame: indicator, unit_label, value, sort_order — two units, every indicator."""
    if frame.is_empty():
        return empty(lang, title)
    names = {i: indicator_name(i, lang) for i in frame["indicator"]}
    data = frame.with_columns(
        pl.col("indicator").replace_strict(names, default=None).alias("indicator_label")
    )
    order = data.sort("sort_order")["indicator_label"].unique(maintain_order=True).to_list()
    return grouped_bars(data, lang, title=title, category="indicator_label", order=order)
