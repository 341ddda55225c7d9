"""Shaping query results for people: headline tiles, localized tables, label columns.

Pure functions of frames and a language (no Streamlit, no SQL), so pages only lay out.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from dashboard.formatting import fmt_number, fmt_partial_date, fmt_pct
from dashboard.i18n import (
    city_name,
    column_label,
    country_name,
    depth_label,
    enum_codes,
    enum_text,
    field_name,
    indicator_definition,
    indicator_name,
    kind_label,
    status_label,
    t,
)
from etl.i18n import entries
from etl.schema import INDICATORS, PRECISION_SUFFIX

# The four headline tiles: (mode, indicator, the indicator of the line under the value).
HEADLINES: tuple[tuple[str, str, str | None], ...] = (
    ("conferences", "conferences_cohosted", "conferences_attended"),
    ("posts", "posts_held", "posts_leader"),
    ("offices", "offices_established", None),  # its line: offices still in the pipeline
    ("memberships", "memberships_active", "memberships_new"),
)


@dataclass(frozen=True)
class Tile:
    mode: str
    indicator: str
    label: str
    value: float
    delta: float | None
    definition: str
    extra: str
    target: float | None
    ratio: float | None
    expected_ratio: float | None
    status: str | None
    sparkline: tuple[float, ...]

    @property
    def has_target(self) -> bool:
        return self.target is not None


def headline_tiles(
    values: Mapping[str, float],
    previous: Mapping[str, float] | None,
    progress: pl.DataFrame,
    history: pl.DataFrame,
    lang: str,
    *,
    offices_in_pipeline: int = 0,
) -> list[Tile]:
    """values/previous: indicator → value for the year and the year before (None: no year)."""
    annual = (
        progress.filter(pl.col("end_year") == pl.col("start_year")) if progress.height else progress
    )
    targets = {row["indicator"]: row for row in annual.rows(named=True)}
    tiles = []
    for mode, indicator, extra_indicator in HEADLINES:
        value = float(values.get(indicator, 0.0))
        delta = None
        if previous is not None:
            delta = value - float(previous.get(indicator, 0.0))
        if extra_indicator:
            extra = t(
                f"overview.tile.{extra_indicator}",
                lang,
                n=fmt_number(values.get(extra_indicator, 0.0), lang),
            )
        else:
            extra = t("overview.tile.pipeline", lang, n=fmt_number(offices_in_pipeline, lang))
        target_row = targets.get(indicator)
        spark = history.filter(pl.col("indicator") == indicator).sort("year")["value"].to_list()
        tiles.append(
            Tile(
                mode=mode,
                indicator=indicator,
                label=t(f"overview.tile.{mode}", lang),
                value=value,
                delta=delta,
                definition=indicator_definition(indicator, lang),
                extra=extra,
                target=target_row["target"] if target_row else None,
                ratio=target_row["ratio"] if target_row else None,
                expected_ratio=target_row["expected_ratio"] if target_row else None,
                status=target_row["status"] if target_row else None,
                sparkline=tuple(float(v) for v in spark),
            )
        )
    return tiles


def delta_value(delta: float | None) -> int | float | None:
    """A year-on-year change as a number (so the arrow and colour follow its sign)."""
    if delta is None:
        return None
    return int(delta) if float(delta).is_integer() else round(delta, 1)


def target_text(tile: Tile, lang: str) -> str:
    if tile.target is None:
        return t("overview.target.none", lang)
    ratio = fmt_pct(tile.ratio, lang) if tile.ratio is not None else "100%"
    return t("overview.target", lang, target=fmt_number(tile.target, lang), ratio=ratio)


def status_rule(expected_ratio: float | None, lang: str) -> str:
    """How target_progress judges a status (the rule in etl/sql/95_targets.sql), in words;
    with `expected_ratio`, one target's share of its target expected by now."""
    rule = t("overview.target.rule.text", lang)
    if expected_ratio is None:
        return rule
    return rule + t("overview.target.expected", lang, expected=fmt_pct(expected_ratio, lang))


# Streamlit's named colours, themed in .streamlit/config.toml to the modes' chart colours.
MODE_METRIC_COLORS = {
    "conferences": "blue",
    "posts": "orange",
    "offices": "green",
    "memberships": "violet",
}

# "orange" and "green" are themed to the posts/offices colours, so statuses use their own.
STATUS_BADGE_COLORS = {"on_track": "primary", "at_risk": "yellow", "off_track": "red"}


def badge_color(status: str | None) -> str:
    return STATUS_BADGE_COLORS.get(status or "", "gray")


def target_label(frame: pl.DataFrame, lang: str) -> pl.Expr:
    """A target's indicator name, with its period when it spans years (`… · 2021–2025`)."""
    names = {i: indicator_name(i, lang) for i in frame["indicator"]}
    name = pl.col("indicator").replace_strict(names, default=None)
    if "end_year" not in frame.columns:
        return name
    period = pl.format("{}–{}", pl.col("start_year"), pl.col("end_year"))
    return (
        pl.when(pl.col("end_year") > pl.col("start_year"))
        .then(pl.concat_str([name, period], separator=" · "))
        .otherwise(name)
    )


def progress_table(progress: pl.DataFrame, lang: str) -> pl.DataFrame:
    return progress.select(
        target_label(progress, lang).alias(t("indicator", lang)),
        period_text(lang).alias(t("progress.period", lang)),
        pl.col("target").alias(t("progress.target", lang)),
        pl.col("actual").alias(t("progress.actual", lang)),
        pl.col("ratio").alias(t("progress.ratio", lang)),
        pl.col("expected_ratio").alias(t("progress.expected", lang)),
        pl.col("status")
        .map_elements(lambda s: status_label(s, lang), return_dtype=pl.String)
        .alias(t("status", lang)),
    )


def period_text(lang: str) -> pl.Expr:
    """A target's period from start_year and end_year: `2025年`/`2025`, or `2021–2025`."""
    one = pl.col("start_year").map_elements(
        lambda y: t("year.label", lang, year=y), return_dtype=pl.String
    )
    return (
        pl.when(pl.col("end_year") > pl.col("start_year"))
        .then(pl.format("{}–{}", pl.col("start_year"), pl.col("end_year")))
        .otherwise(one)
    )


def depth_ladder_table(ladder: pl.DataFrame, lang: str) -> pl.DataFrame:
    return ladder.select(
        pl.col("depth")
        .map_elements(lambda d: depth_label(int(d), lang), return_dtype=pl.String)
        .alias(t("depth", lang)),
        pl.col("units").alias(t("units.count", lang)),
    )


# ---- generic localisation ------------------------------------------------------------------


def localize(
    frame: pl.DataFrame,
    lang: str,
    *,
    headers: Mapping[str, str],
    enums: Mapping[str, tuple[str, str]] | None = None,
    units: Mapping[str, str] | None = None,
    countries: Sequence[str] = (),
    indicators: Sequence[str] = (),
    kinds: Sequence[str] = (),
    catalog_values: Mapping[str, str] | None = None,
    yes_no: Sequence[str] = (),
) -> pl.DataFrame:
    """A display copy: codes → labels, ids → names, catalog-keyed headers; only `headers` kept.
    Partial dates show as written (`written_dates`); cities and fields in `lang` where known.

    headers: column → catalog key, `enum:kind.column.code`, `ind:indicator` or
        `col:kind.column` (see header_text).
    enums: column → (kind, column) of the schema enum it holds.
    units: unit_id → name, for columns named unit_id (no unit = the whole academy).
    catalog_values: column → catalog prefix its values are keys under (source → source.cli).
    yes_no: boolean columns shown as 是/否, Yes/No.
    """
    frame = written_dates(frame, lang)
    exprs: list[pl.Expr] = []
    for column, key in headers.items():
        expr = pl.col(column)
        if column in PLACE_NAMES:  # stored in Chinese; English where the catalog has it
            expr = expr.map_elements(
                functools.partial(PLACE_NAMES[column], lang=lang), return_dtype=pl.String
            )
        elif enums and column in enums:
            kind, enum_column = enums[column]
            expr = expr.replace_strict(_enum_labels(kind, enum_column, lang), default=expr)
        elif column == "unit_id" and units is not None:
            expr = expr.replace_strict(dict(units), default=expr).fill_null(
                t("filter.unit.all", lang)
            )
        elif catalog_values and column in catalog_values:
            expr = expr.replace_strict(_catalog_labels(catalog_values[column], lang), default=expr)
        elif column in yes_no:
            expr = pl.when(expr).then(pl.lit(t("yes", lang))).otherwise(pl.lit(t("no", lang)))
        elif column in countries:
            expr = expr.map_elements(lambda code: country_name(code, lang), return_dtype=pl.String)
        elif column in indicators:
            expr = expr.map_elements(lambda i: indicator_name(i, lang), return_dtype=pl.String)
        elif column in kinds:
            expr = expr.map_elements(lambda k: kind_label(k, lang), return_dtype=pl.String)
        exprs.append(expr.alias(header_text(key, lang)))
    return frame.select(exprs)


# Columns holding a place or field name the data stores in Chinese → its name in a language.
PLACE_NAMES = {"city": city_name, "field": field_name}


def _catalog_labels(prefix: str, lang: str) -> dict[str, str]:
    """Every `prefix.<value>` entry of the catalog: value → its text in `lang`."""
    keys = entries("dashboard")
    return {key.split(".", 1)[1]: t(key, lang) for key in keys if key.startswith(prefix + ".")}


def _enum_labels(kind: str, column: str, lang: str) -> dict[str, str]:
    return {code: enum_text(kind, column, code, lang) for code in enum_codes(kind, column)}


def header_text(key: str, lang: str) -> str:
    """A column header: `enum:kind.column.code` and `ind:indicator` come from the schema."""
    if key.startswith("enum:"):
        kind, column, code = key[5:].split(".", 2)
        return enum_text(kind, column, code, lang)
    if key.startswith("ind:"):
        return indicator_name(key[4:], lang)
    if key.startswith("col:"):
        kind, column = key[4:].split(".", 1)
        return column_label(kind, column, lang)
    return t(key, lang)


def org_name_column(lang: str) -> str:
    """The query column holding an organization's display name in `lang`."""
    return "org_en" if lang == "en" else "org_zh"


def mode_series_long(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The trend data as a readable table: year × indicator names."""
    if frame.is_empty():
        return frame
    wide = frame.pivot(on="indicator", index="year", values="value").sort("year")
    return wide.rename(
        {c: indicator_name(c, lang) for c in wide.columns if c != "year"}
        | {"year": t("year", lang)}
    )


def scorecard_table(
    long: pl.DataFrame, units: pl.DataFrame, lang: str
) -> tuple[pl.DataFrame, dict[str, str]]:
    """One row per unit (tree order, names indented by depth), one column per indicator.

    Returns the frame and, per indicator column, its definition (for the column's tooltip).
    """
    name_column = "name_en" if lang == "en" else "name_zh"
    wide = long.pivot(on="indicator", index="unit_id", values="value")
    indicator_ids = [i.id for i in INDICATORS if i.id in wide.columns and i.id != "depth"]
    ordered = units.select("unit_id", name_column, "level").join(
        wide, on="unit_id", how="inner", maintain_order="left"
    )
    names = {i: indicator_name(i, lang) for i in indicator_ids}
    out = ordered.select(
        pl.struct(name_column, "level")
        .map_elements(lambda r: tree_label(r[name_column], r["level"]), return_dtype=pl.String)
        .alias(t("unit", lang)),
        pl.col("depth")
        .map_elements(lambda d: depth_label(int(d), lang), return_dtype=pl.String)
        .alias(t("depth", lang)),
        *[pl.col(i).alias(names[i]) for i in indicator_ids],
    )
    return out, {names[i]: indicator_definition(i, lang) for i in indicator_ids}


def tree_label(name: str, level: int) -> str:
    """A unit's name indented under its parent, so a plain list reads as the unit tree."""
    if level <= 0:
        return name
    return "\u3000" * (level - 1) + "└ " + name


def days_between(earlier: dt.datetime | dt.date | None, today: dt.date) -> int | None:
    if earlier is None:
        return None
    day = earlier.date() if isinstance(earlier, dt.datetime) else earlier
    return (today - day).days


def safeguard_progress(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """category, done, total, share — from category × status counts, in schema order."""
    rows = []
    for category in enum_codes("safeguards", "category"):
        part = frame.filter(pl.col("category") == category)
        total = int(part["measures"].sum()) if part.height else 0
        done = int(part.filter(pl.col("status") == "done")["measures"].sum()) if total else 0
        rows.append(
            {
                "category": category,
                "done": done,
                "total": total,
                "share": done / total if total else 0.0,
            }
        )
    return rows


def succession_table(alerts: pl.DataFrame, units: Mapping[str, str], lang: str) -> pl.DataFrame:
    headers = {
        "person_name": "person",
        "position": "position",
        "level": "level",
        org_name_column(lang): "organization",
        "unit_id": "unit",
        "end_date": "end_date",
        "days_left": "days_left",
    }
    return localize(alerts, lang, headers=headers, enums={"level": ("posts", "level")}, units=units)


def office_timeline_frame(offices: pl.DataFrame, lang: str) -> pl.DataFrame:
    """One bar per office, labelled 'organization · city', with its dates as written
    (`start_shown`, `finish_shown`) for the tooltips."""
    shown = written_dates(
        offices.with_columns(
            pl.col("start").alias("start_shown"),
            pl.col("start_precision").alias("start_shown" + PRECISION_SUFFIX),
            pl.col("finish").alias("finish_shown"),
            pl.col("finish_precision").alias("finish_shown" + PRECISION_SUFFIX),
        ),
        lang,
        only=("start_shown", "finish_shown"),
    )
    return shown.with_columns(
        pl.col("city").map_elements(lambda c: city_name(c, lang), return_dtype=pl.String),
    ).with_columns(
        pl.concat_str([pl.col(org_name_column(lang)), pl.col("city")], separator=" · ").alias(
            "label"
        )
    )


def holder_label(lang: str) -> pl.Expr:
    return (
        pl.col("holder")
        .replace_strict(
            {h: t(f"holder.{h}", lang) for h in ("headquarters", "sub_unit")}, default=None
        )
        .alias("holder_label")
    )


def deviations_table(frame: pl.DataFrame, units: Mapping[str, str], lang: str) -> pl.DataFrame:
    headers = {
        org_name_column(lang): "organization",
        "unit_id": "unit",
        "status": "status",
        "start_date": "member_since",
        "membership_id": "col:memberships.membership_id",
    }
    enums = {"status": ("memberships", "status")}
    return localize(frame, lang, headers=headers, enums=enums, units=units)


def active_now(funnel: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The funnel's `active` step named for what it counts: the status active now."""
    return funnel.with_columns(pl.col("status").replace({"active": t("paths.active_now", lang)}))


def intention_table(frame: pl.DataFrame, units: Mapping[str, str], lang: str) -> pl.DataFrame:
    headers = {
        org_name_column(lang): "organization",
        "status": "status",
        "scope": "scope",
        "hq_country": "orgs.hq",
        "unit_id": "unit",
    }
    enums = {"status": ("memberships", "status"), "scope": ("organizations", "scope")}
    return localize(
        frame, lang, headers=headers, enums=enums, units=units, countries=("hq_country",)
    )


def funding_in_display_unit(resources: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Amounts in the unit each audience reads: 万元 (10,000) or CNY thousand."""
    divisor = 1_000 if lang == "en" else 10_000
    return resources.select("year", (pl.col("amount_cny") / divisor).alias("amount"))


def overdue_table(frame: pl.DataFrame, units: Mapping[str, str], lang: str) -> pl.DataFrame:
    headers = {
        "title": "title",
        "category": "category",
        "status": "status",
        "unit_id": "unit",
        "due_date": "due_date",
        "days_overdue": "days_overdue",
    }
    enums = {"category": ("safeguards", "category"), "status": ("safeguards", "status")}
    return localize(frame, lang, headers=headers, enums=enums, units=units)


def freshness_text(age_days: int | None, lang: str) -> str | None:
    if age_days is None:
        return None
    if age_days == 0:
        return t("safeguards.info.today", lang)
    return t("safeguards.info.days", lang, n=age_days)


def with_unit_labels(frame: pl.DataFrame, names: Mapping[str, str]) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("unit_id").replace_strict(dict(names), default=pl.col("unit_id")).alias("unit_label")
    )


def split_family(family: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the unit itself, its direct sub-units) from a unit_family_series frame."""
    return family.filter(pl.col("distance") == 0), family.filter(pl.col("distance") == 1)


def family_table(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Years down, units across: the drill-down as a table."""
    if frame.is_empty():
        return frame
    wide = frame.pivot(on="unit_label", index="year", values="value").sort("year")
    return wide.rename({"year": t("year", lang)})


def compare_table(
    frame: pl.DataFrame, names: Mapping[str, str], unit_a: str, unit_b: str, lang: str
) -> pl.DataFrame:
    if frame.is_empty():
        return frame
    wide = frame.pivot(on="unit_id", index=["indicator", "sort_order"], values="value").sort(
        "sort_order"
    )
    columns = [u for u in (unit_a, unit_b) if u in wide.columns]
    return wide.select(
        pl.col("indicator")
        .map_elements(lambda i: indicator_name(i, lang), return_dtype=pl.String)
        .alias(t("indicator", lang)),
        *[pl.col(u).alias(names.get(u, u)) for u in dict.fromkeys(columns)],
    )


def organization_labels(directory: pl.DataFrame, lang: str) -> dict[str, str]:
    name_column = "name_en" if lang == "en" else "name_zh"
    labels = {}
    for row in directory.select("org_id", "acronym", name_column).rows():
        org_id, acronym, name = row
        labels[org_id] = f"{acronym} · {name}" if acronym else str(name)
    return labels


def directory_table(directory: pl.DataFrame, lang: str) -> pl.DataFrame:
    headers = {
        "acronym": "orgs.acronym",
        "name_en" if lang == "en" else "name_zh": "orgs.name",
        "scope": "scope",
        "hq_country": "orgs.hq",
        "field": "orgs.field",
        "member_since": "orgs.member_since",
        "member_until": "orgs.member_until",
        "posts_now": "orgs.posts_now",
        "conferences": "orgs.conferences",
        "offices": "orgs.offices",
        "on_intention_list": "orgs.intention",
    }
    return localize(
        directory,
        lang,
        headers=headers,
        enums={"scope": ("organizations", "scope")},
        countries=("hq_country",),
        yes_no=("on_intention_list",),
    )


def runs_table(runs: pl.DataFrame, lang: str) -> pl.DataFrame:
    headers = {
        "started_at": "data.run.started",
        "source": "data.run.source",
        "user_name": "data.run.user",
        "status": "data.run.status",
        "file_count": "data.run.files",
        "row_count": "data.run.rows",
        "error_count": "data.errors",
        "warning_count": "data.warnings",
    }
    values = {"source": "source", "status": "outcome"}
    return localize(runs, lang, headers=headers, catalog_values=values)


def load_files_table(files: pl.DataFrame, lang: str) -> pl.DataFrame:
    headers = {
        "started_at": "data.run.started",
        "name": "data.file",
        "kind": "kind",
        "rows": "data.rows",
        "status": "data.run.status",
        "error_count": "data.errors",
        "warning_count": "data.warnings",
    }
    values = {"status": "outcome"}
    return localize(files, lang, headers=headers, kinds=("kind",), catalog_values=values)


def written_dates(
    frame: pl.DataFrame, lang: str, only: Sequence[str] | None = None
) -> pl.DataFrame:
    """Every date column (of `only`, if given) with a `<column>_precision` beside it as the
    text it was written as (`2021年6月`, `Jun 2021`, `2021`), never a made-up day; those
    precision columns dropped."""
    dated = [
        name
        for name in (frame.columns if only is None else only)
        if name + PRECISION_SUFFIX in frame.columns and frame.schema[name] == pl.Date
    ]
    if not dated:
        return frame
    return frame.with_columns(
        pl.struct(name, name + PRECISION_SUFFIX)
        .map_elements(functools.partial(_as_written, name=name, lang=lang), return_dtype=pl.String)
        .alias(name)
        for name in dated
    ).drop([name + PRECISION_SUFFIX for name in dated])


def _as_written(row: Mapping[str, Any], name: str, lang: str) -> str:
    return fmt_partial_date(row[name], row[name + PRECISION_SUFFIX], lang)


def temporal_as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates as YYYY-MM-DD and times to the minute: what a table should show (no 00:00:00)."""
    casts = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            casts.append(pl.col(name).dt.strftime("%Y-%m-%d"))
        elif isinstance(dtype, pl.Datetime):
            casts.append(pl.col(name).dt.strftime("%Y-%m-%d %H:%M"))
    return frame.with_columns(casts) if casts else frame


def offices_in_pipeline(by_status: pl.DataFrame) -> int:
    """Offices negotiating or approved: the next ones to come."""
    pending = by_status.filter(pl.col("status").is_in(["negotiating", "approved"]))
    return int(pending["offices"].sum()) if pending.height else 0
