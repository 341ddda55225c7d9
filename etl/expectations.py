"""Great Expectations suites, derived from the schema and committed under `expectations/`.

`suite_dict(kind)` is the single derivation; `coop expectations` writes it to
`expectations/<kind>.json`, a test checks the committed files equal it, and the validator
loads the committed files. Great Expectations itself is imported lazily (it takes seconds),
only when a batch is validated.
"""

from __future__ import annotations

import functools
import json
import logging
from pathlib import Path
from typing import Any

from etl.messages import render
from etl.schema import ID_PATTERN, KINDS, MAX_TEXT_LENGTH, Column, Kind

SUITE_DIR = Path(__file__).resolve().parent.parent / "expectations"
THIS_YEAR_PARAMETER = "this_year"


@functools.cache
def country_codes() -> tuple[str, ...]:
    import pycountry

    return tuple(sorted(c.alpha_2 for c in pycountry.countries))


@functools.cache
def currency_codes() -> tuple[str, ...]:
    import pycountry

    return tuple(sorted(c.alpha_3 for c in pycountry.currencies))


def allowed_enum_text(col: Column) -> str:
    return ", ".join(f"{v.code}（{'/'.join(v.labels_zh)}）" for v in col.enum)


def _condition_text(col: Column, lang: str) -> str:
    assert col.required_when is not None
    other = col.required_when.column
    if not col.required_when.values:
        return f"{other} 有值" if lang == "zh" else f"{other} is given"
    values = "/".join(col.required_when.values)
    return f"{other} 为 {values}" if lang == "zh" else f"{other} is {values}"


def _expectation(
    type_: str, rule: str, col: Column | None, kwargs: dict[str, Any], **fields: str
) -> dict[str, Any]:
    names = {"column": col.name if col else kwargs.get("column"), "zh": col.zh if col else ""}
    names.update(fields)
    meta = {
        "rule": rule,
        **fields,
        "message_zh": render(rule, "zh", value="{value}", **names),
        "message_en": render(rule, "en", value="{value}", **names),
    }
    return {"type": type_, "kwargs": kwargs, "meta": meta}


def _column_expectations(kind: Kind, col: Column) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    name = col.name
    if col.required:
        out.append(
            _expectation("expect_column_values_to_not_be_null", "required", col, {"column": name})
        )
    if col.required_when is not None:
        when = col.required_when
        condition = (
            f"{when.column} in {json.dumps(list(when.values))}"
            if when.values
            else f"{when.column}.notna()"
        )
        out.append(
            _expectation(
                "expect_column_values_to_not_be_null",
                "required_when",
                col,
                {"column": name, "row_condition": condition, "condition_parser": "pandas"},
                condition_zh=_condition_text(col, "zh"),
                condition_en=_condition_text(col, "en"),
            )
        )
    if col.type == "id":
        out.append(
            _expectation(
                "expect_column_values_to_match_regex",
                "id_format",
                col,
                {"column": name, "regex": ID_PATTERN},
            )
        )
    if col.pattern and col.type != "id":
        out.append(
            _expectation(
                "expect_column_values_to_match_regex",
                "pattern",
                col,
                {"column": name, "regex": col.pattern},
                allowed=col.pattern,
            )
        )
    if col.type in ("text",):
        out.append(
            _expectation(
                "expect_column_value_lengths_to_be_between",
                "max_length",
                col,
                {"column": name, "max_value": MAX_TEXT_LENGTH},
                allowed=str(MAX_TEXT_LENGTH),
            )
        )
    if col.type == "enum":
        out.append(
            _expectation(
                "expect_column_values_to_be_in_set",
                "enum",
                col,
                {"column": name, "value_set": list(col.codes)},
                allowed=allowed_enum_text(col),
            )
        )
    if col.type == "country":
        out.append(
            _expectation(
                "expect_column_values_to_be_in_set",
                "country",
                col,
                {"column": name, "value_set": list(country_codes())},
            )
        )
    if col.type == "currency":
        out.append(
            _expectation(
                "expect_column_values_to_be_in_set",
                "currency",
                col,
                {"column": name, "value_set": list(currency_codes())},
            )
        )
    if col.min_value is not None or col.max_value is not None or col.max_is_this_year:
        kwargs: dict[str, Any] = {"column": name}
        if col.min_value is not None:
            kwargs["min_value"] = col.min_value
        if col.max_is_this_year:
            # A suite parameter, so the committed suite does not go stale on 1 January.
            kwargs["max_value"] = {"$PARAMETER": THIS_YEAR_PARAMETER}
        elif col.max_value is not None:
            kwargs["max_value"] = col.max_value
        low = "" if col.min_value is None else f"{col.min_value:g}"
        high = (
            "今年"
            if col.max_is_this_year
            else ("" if col.max_value is None else f"{col.max_value:g}")
        )
        out.append(
            _expectation(
                "expect_column_values_to_be_between",
                "range",
                col,
                kwargs,
                allowed=f"[{low}, {high}]",
            )
        )
    if col.unique:
        out.append(
            _expectation("expect_column_values_to_be_unique", "unique", col, {"column": name})
        )
    if col.not_before:
        other = kind.column(col.not_before)
        out.append(
            _expectation(
                "expect_column_pair_values_a_to_be_greater_than_b",
                "date_order",
                col,
                {
                    "column_A": name,
                    "column_B": other.name,
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                allowed=f"{other.name}（{other.zh}）",
            )
        )
    return out


def suite_dict(kind: Kind) -> dict[str, Any]:
    """The suite for one kind, as committed (deterministic: no generated ids)."""
    expectations: list[dict[str, Any]] = []
    for col in kind.columns:
        expectations.extend(_column_expectations(kind, col))
    if len(kind.key) > 1:
        key = ", ".join(kind.key)
        expectations.append(
            _expectation(
                "expect_compound_columns_to_be_unique",
                "unique_key",
                None,
                {"column_list": list(kind.key)},
                allowed=f"({key})",
            )
        )
    return {
        "name": kind.name,
        "expectations": expectations,
        "meta": {"generated_by": "coop expectations", "kind_zh": kind.zh},
    }


def suite_json(kind: Kind) -> str:
    return json.dumps(suite_dict(kind), ensure_ascii=False, indent=2) + "\n"


def write_suites(directory: Path = SUITE_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS.values():
        path = directory / f"{kind.name}.json"
        path.write_text(suite_json(kind), encoding="utf-8")
        written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# Running the suites (Great Expectations imported here only)


@functools.cache
def _context() -> Any:
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


@functools.cache
def _batch_definition() -> Any:
    source = _context().data_sources.add_pandas("coop_frames")
    return source.add_dataframe_asset("records").add_batch_definition_whole_dataframe("whole")


@functools.cache
def load_suite(kind_name: str, directory: Path = SUITE_DIR) -> Any:
    """The committed suite of a kind, as a Great Expectations ExpectationSuite."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    data = json.loads((directory / f"{kind_name}.json").read_text(encoding="utf-8"))
    suite = gx.ExpectationSuite(name=data["name"], meta=data.get("meta"))
    for item in data["expectations"]:
        config = ExpectationConfiguration(
            type=item["type"], kwargs=item["kwargs"], meta=item["meta"]
        )
        suite.add_expectation_configuration(config)
    return suite


def run_suite(
    kind_name: str, frame: Any, row_column: str
) -> list[tuple[dict[str, Any], dict[str, Any], list[int]]]:
    """Validate a pandas frame; return (kwargs, meta, failing spreadsheet rows) per failed expectation."""
    import datetime as dt

    suite = load_suite(kind_name)
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(
        suite,
        expectation_parameters={THIS_YEAR_PARAMETER: dt.date.today().year},
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [row_column]},
    )
    failures = []
    for item in result.results:
        if item.success:
            continue
        if item.exception_info and item.exception_info.get("raised_exception"):
            raise RuntimeError(
                f"expectation {item.expectation_config.type} failed to run: "
                f"{item.exception_info.get('exception_message')}"
            )
        rows = [int(entry[row_column]) for entry in item.result.get("unexpected_index_list") or []]
        failures.append(
            (dict(item.expectation_config.kwargs), dict(item.expectation_config.meta or {}), rows)
        )
    return failures
