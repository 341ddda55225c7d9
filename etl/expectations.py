"""Great Expectations suites, derived from the schema and committed twice.

`suite_dict(kind)` is the single derivation; `coop expectations` writes it to
`etl/suites/<kind>.json` — package data, which the validator loads through
`importlib.resources`, so an installed package carries its suites — and to
`expectations/<kind>.json` at the project root, the copy for people to read. A test checks
both equal the derivation. Great Expectations itself is imported when a batch is first
validated (`_batch_definition`), never on the dashboard's viewing path.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import polars as pl

from etl import clock
from etl.deferred import deferring
from etl.errors import UsageError
from etl.i18n import text
from etl.schema import ID_PATTERN, KINDS, MAX_TEXT_LENGTH, Column, Kind
from etl.timing import stage

PACKAGED_SUITES = "suites"  # inside the `etl` package
READABLE_SUITES = "expectations"  # at the project root
THIS_YEAR_PARAMETER = "this_year"


@functools.cache
def country_codes() -> tuple[str, ...]:
    import pycountry

    return tuple(sorted(c.alpha_2 for c in pycountry.countries))


@functools.cache
def currency_codes() -> tuple[str, ...]:
    import pycountry

    return tuple(sorted(c.alpha_3 for c in pycountry.currencies))


def allowed_enum_text(col: Column, lang: str = "zh") -> str:
    """The values an enum accepts, in the report's language: 综合性（comprehensive）、… or
    comprehensive (Comprehensive), …"""
    if lang == "zh":
        return "、".join(f"{'/'.join(v.labels_zh)}（{v.code}）" for v in col.enum)
    return ", ".join(f"{v.code} ({v.label_en})" for v in col.enum)


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
        "message_zh": text(rule, "zh", value="{value}", **names),
        "message_en": text(rule, "en", value="{value}", **names),
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
                allowed_zh=allowed_enum_text(col, "zh"),
                allowed_en=allowed_enum_text(col, "en"),
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
    if col.at_most:
        other = kind.column(col.at_most)
        out.append(
            _expectation(
                "expect_column_pair_values_a_to_be_greater_than_b",
                "at_most",
                col,
                {
                    "column_A": other.name,
                    "column_B": name,
                    "or_equal": True,
                    "ignore_row_if": "either_value_is_missing",
                },
                allowed=f"{other.name}（{other.zh}）",
                report_column=name,
            )
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


def packaged_suites() -> Traversable:
    """The suites the validator runs, as the installed package holds them."""
    return resources.files("etl") / PACKAGED_SUITES


def write_suites(root: Path | None = None) -> list[Path]:
    """Write every suite into the package's `etl/suites/` and the project's `expectations/`.

    `root` is the project checkout (default: the one the `etl` package is imported from); an
    installed package is not one, and is left alone.
    """
    if root is None:
        root = Path(str(resources.files("etl"))).parent
    if not (root / "pyproject.toml").is_file():
        raise UsageError("usage.not_a_checkout", path=root)
    written = []
    for directory in (root / "etl" / PACKAGED_SUITES, root / READABLE_SUITES):
        directory.mkdir(parents=True, exist_ok=True)
        for kind in KINDS.values():
            path = directory / f"{kind.name}.json"
            path.write_text(suite_json(kind), encoding="utf-8")
            written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# Running the suites (Great Expectations imported here only)


# Modules Great Expectations imports only for features a load never uses (see etl.deferred):
# about a second of every `coop load`. tests/etl/test_deferred.py fails when a Great
# Expectations upgrade stops importing them or starts using them, and this goes.
DEFERRED_IMPORTS = ("scipy.stats", "altair")


def _import_gx() -> Any:
    """Import Great Expectations; the pandas batch definition every frame is validated through."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    with deferring(DEFERRED_IMPORTS):
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig
        from great_expectations.validator.v1_validator import Validator  # noqa: F401

    from great_expectations.execution_engine import pandas_execution_engine

    # Every frame under this many bytes gets an md5 "fingerprint" of all its values, kept only
    # as a marker in the result (nothing reads it): 0.3 s of hashing per million-row batch.
    pandas_execution_engine.HASH_THRESHOLD = 0

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("coop_frames")
    return source.add_dataframe_asset("records").add_batch_definition_whole_dataframe("whole")


_gx_batch_definition: Any = None
_gx_lock = threading.Lock()  # the dashboard may validate two uploads at once


def _batch_definition() -> Any:
    """The pandas batch definition frames are validated through; imports Great Expectations
    the first time (about 1.5 s: `coop` commands that never validate don't pay it)."""
    global _gx_batch_definition
    with _gx_lock:
        if _gx_batch_definition is None:
            with stage("gx_import"):
                _gx_batch_definition = _import_gx()
        return _gx_batch_definition


def load_suite(kind_name: str) -> Any:
    """The committed suite of a kind as one Great Expectations ExpectationSuite, every
    expectation carrying its position in the file (`suite_position`)."""
    suite = _suite_items(kind_name)
    return _gx_suite(kind_name, suite, list(range(len(suite))))


def suite_position(config: Any) -> int:
    """Where the expectation a result is about stands in the committed suite."""
    return int(config.meta[_POSITION_META])


# How each expectation type can be evaluated without changing its verdicts:
# - row-wise types judge a row by its own values in the expectation's columns (and row
#   condition), so they run once per distinct combination of those values and the verdict is
#   mapped back to every row holding a failing combination;
# - uniqueness needs every row, and so do the row-wise types on a unique column (an id has
#   as many distinct values as rows): they run together, once, on the rows as they are;
# - any other type runs on the rows as they are too.
# tests/etl/test_expectations.py checks the verdicts and rows equal the whole suite's on
# every row.
ROW_WISE_TYPES = frozenset(
    {
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_match_regex",
        "expect_column_value_lengths_to_be_between",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_be_between",
        "expect_column_pair_values_a_to_be_greater_than_b",
    }
)
UNIQUE_TYPES = frozenset(
    {"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"}
)
# Distinct combinations are validated in one frame per kind, each part padded to the largest;
# a part with more combinations than this gets a frame of its own instead.
PACKED_PART_MAX = 10_000
_POSITION = "_position"  # the index column of a frame of distinct combinations

Failure = tuple[dict[str, Any], dict[str, Any], list[int]]


@functools.cache
def _suite_items(kind_name: str) -> tuple[dict[str, Any], ...]:
    text = (packaged_suites() / f"{kind_name}.json").read_text(encoding="utf-8")
    return tuple(json.loads(text)["expectations"])


# Each expectation carries its position in the committed suite in its meta: Great Expectations
# does not return results in suite order (it groups them by what they compute).
_POSITION_META = "coop_suite_position"


def _gx_suite(name: str, suite: tuple[dict[str, Any], ...], items: list[int]) -> Any:
    _batch_definition()
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    # Built in one go: adding expectations one by one compares each with all added before.
    return gx.ExpectationSuite(
        name=name,
        expectations=[
            ExpectationConfiguration(
                type=suite[index]["type"],
                kwargs=suite[index]["kwargs"],
                meta={**suite[index]["meta"], _POSITION_META: index},
            )
            for index in items
        ],
    )


def _position(result: Any) -> int:
    return suite_position(result.expectation_config)


def _item_columns(item: dict[str, Any], names: set[str]) -> list[str]:
    kwargs = item["kwargs"]
    columns = [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    columns += list(kwargs.get("column_list", []))
    condition = kwargs.get("row_condition")
    if isinstance(condition, str):
        columns += [w for w in re.findall(r"[A-Za-z_]\w*", condition) if w in names]
    return list(dict.fromkeys(columns))


@dataclass
class _Part:
    """Row-wise expectations that share columns (directly or through a chain)."""

    columns: list[str]
    items: list[int]  # positions in the suite


def _parts(suite: tuple[dict[str, Any], ...], items: list[int], names: set[str]) -> list[_Part]:
    parts: list[_Part] = []
    for index in items:
        merged = _Part(_item_columns(suite[index], names), [index])
        for part in [p for p in parts if set(p.columns) & set(merged.columns)]:
            parts.remove(part)
            merged = _Part(
                list(dict.fromkeys(part.columns + merged.columns)),
                sorted(part.items + merged.items),
            )
        parts.append(merged)
    return parts


def _validator(data: Any) -> Any:
    """A validator over one pandas frame. It loads (and fingerprints) the frame once however
    many suites it runs, where `Batch.validate` loads it once more per call."""
    batch_definition = _batch_definition()  # first: Great Expectations must finish importing
    from great_expectations.validator.v1_validator import Validator

    return Validator(batch_definition=batch_definition, batch_parameters={"dataframe": data})


def _run(validator: Any, suite: Any, result_format: dict[str, Any]) -> Any:

    validator.result_format = result_format
    return validator.validate_expectation_suite(
        suite, expectation_parameters={THIS_YEAR_PARAMETER: clock.today().year}
    )


def _raise_if_broken(result: Any) -> None:
    if result.exception_info and result.exception_info.get("raised_exception"):
        raise RuntimeError(
            f"expectation {result.expectation_config.type} failed to run: "
            f"{result.exception_info.get('exception_message')}"
        )


def _failing(
    name: str, suite: tuple[dict[str, Any], ...], items: list[int], validator: Any
) -> list[int]:
    """The suite positions among `items` whose expectation fails (a cheap pass: no rows)."""
    if not items:
        return []
    result = _run(validator, _gx_suite(name, suite, items), {"result_format": "BOOLEAN_ONLY"})
    failing = []
    for item in result.results:
        _raise_if_broken(item)
        if not item.success:
            failing.append(_position(item))
    return sorted(failing)


def _failing_rows(
    name: str,
    suite: tuple[dict[str, Any], ...],
    items: list[int],
    validator: Any,
    index_column: str,
) -> dict[int, Failure]:
    """Suite position → (kwargs, meta, index values of the failing rows), for failing `items`."""
    if not items:
        return {}
    result = _run(
        validator,
        _gx_suite(f"{name}-rows", suite, items),
        {"result_format": "COMPLETE", "unexpected_index_column_names": [index_column]},
    )
    out: dict[int, Failure] = {}
    for item in result.results:
        _raise_if_broken(item)
        index = _position(item)
        entries = item.result.get("unexpected_index_list") or []
        rows = [int(entry[index_column]) for entry in entries]
        # The committed expectation's own kwargs and meta (GE adds a batch id to its copy).
        out[index] = (dict(suite[index]["kwargs"]), dict(suite[index]["meta"]), rows)
    assert sorted(out) == sorted(items), "an expectation's result is missing"
    return out


def _failures(
    name: str,
    suite: tuple[dict[str, Any], ...],
    items: list[int],
    frame: pl.DataFrame,
    index_column: str,
) -> dict[int, Failure]:
    """Run the suite's `items` on `frame`: a cheap pass (does each expectation hold?), then
    the failing ones again for their rows. A valid batch never pays for row lists."""
    if not items:
        return {}
    validator = _validator(frame.to_pandas())
    failing = _failing(name, suite, items, validator)
    return _failing_rows(name, suite, failing, validator, index_column)


def _columns(suite: tuple[dict[str, Any], ...], items: list[int], names: set[str]) -> list[str]:
    return list(dict.fromkeys(c for i in items for c in _item_columns(suite[i], names)))


def run_suite(kind_name: str, frame: pl.DataFrame, row_column: str) -> list[Failure]:
    """Validate a typed frame with the kind's committed suite.

    Returns (kwargs, meta, failing spreadsheet rows) per failed expectation, in suite order —
    exactly what running the suite on the whole frame returns, at a fraction of the cost.
    """
    suite = _suite_items(kind_name)
    # Great Expectations compares int64/float64 columns vectorised, other widths row by row.
    frame = frame.with_columns(pl.col(pl.Int8, pl.Int16, pl.Int32).cast(pl.Int64))
    names = set(frame.columns)
    unique, row_wise, other = [], [], []
    for index, item in enumerate(suite):
        if "row_condition" in item["kwargs"] and item["type"] not in ROW_WISE_TYPES:
            other.append(index)
        elif item["type"] in UNIQUE_TYPES:
            unique.append(index)
        elif item["type"] in ROW_WISE_TYPES:
            row_wise.append(index)
        else:
            other.append(index)
    failures: dict[int, Failure] = {}

    # Uniqueness needs every row, and so do the parts that hold a unique column (an id: as
    # many combinations as rows): those run together, once, on the rows as they are.
    parts = _parts(suite, row_wise, names)
    keys = set(_columns(suite, unique, names))
    whole = [p for p in parts if keys & set(p.columns)]
    parts = [p for p in parts if not keys & set(p.columns)]
    items = sorted(unique + other + [i for p in whole for i in p.items])
    rows = frame.select(row_column, *_columns(suite, items, names))
    failures.update(_failures(f"{kind_name}-rows", suite, items, rows, row_column))

    # In any order (each part's combinations are mapped back to rows by value), all at once.
    distinct = pl.collect_all([frame.lazy().select(p.columns).unique() for p in parts])
    small = [k for k, d in enumerate(distinct) if d.height <= PACKED_PART_MAX]
    groups = [[k] for k in range(len(parts)) if k not in small] + ([small] if small else [])
    for group in groups:
        height = max(distinct[k].height for k in group)
        spread = pl.int_range(height, eager=True, dtype=pl.Int64)
        packed = pl.concat(
            [pl.DataFrame({_POSITION: spread})]
            + [distinct[k][spread.clip(upper_bound=max(distinct[k].height - 1, 0))] for k in group]
            if height
            else [pl.DataFrame({_POSITION: spread})] + [distinct[k] for k in group],
            how="horizontal",
        )
        items = sorted(i for k in group for i in parts[k].items)
        failing = _failing(f"{kind_name}-distinct", suite, items, _validator(packed.to_pandas()))
        # Their rows from each part's own combinations: padding repeats a combination, which
        # may be a failing one, and must not multiply the rows to collect.
        for k in group:
            wanted = [i for i in failing if i in parts[k].items]
            if not wanted:
                continue
            combos = distinct[k].with_row_index(_POSITION)
            validator = _validator(combos.to_pandas())
            found = _failing_rows(f"{kind_name}-distinct", suite, wanted, validator, _POSITION)
            for index, (kwargs, meta, positions) in found.items():
                bad = combos.filter(pl.col(_POSITION).is_in(positions)).drop(_POSITION)
                hit = frame.join(bad, on=parts[k].columns, how="semi", nulls_equal=True)
                failures[index] = (kwargs, meta, hit[row_column].sort().to_list())
    return [failures[i] for i in sorted(failures)]
