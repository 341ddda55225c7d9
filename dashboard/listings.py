"""Tables leadership reads by name: leader posts, the offices pipeline, every unit's targets and
the membership fees. Pure functions of frames and a language, like `dashboard.views`."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dashboard.i18n import status_label, t
from dashboard.views import localize, org_name_column, period_text, target_label


def leader_posts_table(frame: pl.DataFrame, units: Mapping[str, str], lang: str) -> pl.DataFrame:
    """person, organization, position, unit, since, term end, ⚑ when it ends within 12 months."""
    marked = frame.with_columns(
        pl.when(pl.col("ending_soon"))
        .then(pl.lit(t("ending_soon.mark", lang)))
        .otherwise(pl.lit(""))
        .alias("ending_soon")
    )
    headers = {
        "person_name": "person",
        org_name_column(lang): "organization",
        "position": "position",
        "unit_id": "unit",
        "start_date": "since",
        "end_date": "term_end",
        "ending_soon": "ending_soon",
    }
    return localize(marked, lang, headers=headers, units=units)


def office_pipeline_table(frame: pl.DataFrame, units: Mapping[str, str], lang: str) -> pl.DataFrame:
    """organization, stage, since when, office type, city, host unit."""
    headers = {
        org_name_column(lang): "organization",
        "status": "stage",
        "since": "stage_since",
        "office_type": "office_type",
        "city": "city",
        "unit_id": "host_unit",
    }
    enums = {"status": ("offices", "status"), "office_type": ("offices", "office_type")}
    return localize(frame, lang, headers=headers, enums=enums, units=units)


def target_status_table(frame: pl.DataFrame, units: Mapping[str, str], lang: str) -> pl.DataFrame:
    """unit × indicator: period, actual, target, reached, status — numbers kept numeric so the
    table sorts by them."""
    unit = pl.col("unit_id").replace_strict(dict(units), default=pl.col("unit_id"))
    return frame.select(
        unit.fill_null(t("filter.unit.all", lang)).alias(t("unit", lang)),
        target_label(frame, lang).alias(t("indicator", lang)),
        period_text(lang).alias(t("progress.period", lang)),
        pl.col("actual").alias(t("progress.actual", lang)),
        pl.col("target").alias(t("progress.target", lang)),
        pl.col("ratio").alias(t("progress.ratio", lang)),
        pl.col("status")
        .map_elements(lambda s: status_label(s, lang), return_dtype=pl.String)
        .alias(t("status", lang)),
    )


def fees_table(
    frame: pl.DataFrame, units: Mapping[str, str], lang: str, *, by: str
) -> pl.DataFrame:
    """Year and unit (or organization) down, one column per currency (never converted)."""
    name_header = t("unit" if by == "unit" else "organization", lang)
    if frame.is_empty():
        return pl.DataFrame(schema={t("year", lang): pl.Int32, name_header: pl.String})
    if by == "unit":
        name = pl.col("holder").replace_strict(dict(units), default=pl.col("holder"))
    else:
        name = pl.col(org_name_column(lang))
    named = frame.with_columns(name.alias("name"))
    currencies = sorted(named["currency"].unique().to_list())
    wide = named.pivot(
        on="currency", index=["year", "holder", "name"], values="fees", aggregate_function="first"
    ).sort(["year", "name"], descending=[True, False])
    return wide.select(
        pl.col("year").alias(t("year", lang)),
        pl.col("name").alias(name_header),
        *[pl.col(c) for c in currencies],
    )
