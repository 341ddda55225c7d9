"""`run_suite` validates de-duplicated value combinations, whole rows only where it must: its
verdicts and failing rows must be exactly those of the committed suite run on every row."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from etl import demo, expectations
from etl.normalize import TypedTable, normalize
from etl.reader import ROW_COLUMN, read
from etl.schema import KIND_ORDER, KINDS


def whole_frame_failures(kind: str, frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    """The reference: the committed suite, every expectation, on every row."""
    frame = frame.with_columns(pl.col(pl.Int8, pl.Int16, pl.Int32).cast(pl.Int64))
    validator = expectations._validator(frame.to_pandas())
    result = expectations._run(
        validator,
        expectations.load_suite(kind),
        {"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_COLUMN]},
    )
    failures = []
    for item in result.results:
        if not item.success:
            rows = sorted(int(e[ROW_COLUMN]) for e in item.result["unexpected_index_list"])
            committed = _committed(kind, item.expectation_config)
            failures.append((committed["type"], _plain(committed["kwargs"]), rows))
    return sorted(failures, key=repr)


def _committed(kind: str, config: Any) -> dict[str, Any]:
    """The committed expectation a result is about.

    Great Expectations hands back its own normalised copy of the kwargs (a string
    `row_condition` becomes `{"type": "pass_through", …}` in recent versions): comparing those
    with the committed kwargs would compare two spellings of one expectation, not verdicts.
    """
    return expectations._suite_items(kind)[expectations.suite_position(config)]


def _plain(kwargs: Any) -> dict[str, Any]:
    """The expectation's own arguments (Great Expectations adds the batch it ran on)."""
    return {k: v for k, v in dict(kwargs).items() if k != "batch_id"}


def optimised_failures(kind: str, frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    # run_suite names an expectation by its kwargs and meta (a column's not-null and unique
    # expectations share their kwargs; their meta says which rule each is).
    types = {
        repr((_plain(i["kwargs"]), i["meta"])): i["type"] for i in expectations._suite_items(kind)
    }
    failures = []
    for kwargs, meta, rows in expectations.run_suite(kind, frame, ROW_COLUMN):
        failures.append((types[repr((_plain(kwargs), meta))], _plain(kwargs), sorted(rows)))
    return sorted(failures, key=repr)


def _breakage(rng: random.Random, table: TypedTable) -> pl.DataFrame:
    """The typed frame with a few cells broken the ways analysts' files break."""
    frame = table.frame
    kind = table.kind
    key = kind.key[0]
    values = {name: frame[name].to_list() for name in frame.columns}
    height = frame.height
    for _ in range(max(3, height // 20)):
        row = rng.randrange(height)
        col = rng.choice(kind.columns)
        what = rng.choice(["null", "odd", "duplicate", "long"])
        if what == "null":
            values[col.name][row] = None
        elif what == "duplicate":
            values[key][row] = values[key][rng.randrange(height)]
        elif what == "long" and col.type == "text":
            values[col.name][row] = "长" * 2100
        elif col.type in ("integer",):
            values[col.name][row] = rng.choice([-5, 10**7])
        elif col.type == "date":
            values[col.name][row] = rng.choice([dt.date(1905, 1, 1), dt.date(2099, 12, 31)])
        elif col.type in ("text", "enum", "country", "currency", "id"):
            values[col.name][row] = rng.choice(["bad id!", "XX", "bogus", ""])
    return pl.DataFrame(values, schema=frame.schema)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TypedTable]:
    folder = tmp_path_factory.mktemp("demo")
    files = demo.write_files(demo.generate(7, fact_rows=3000), folder)
    out = {}
    for path in files:
        table = normalize(read(Path(path)))
        out[table.kind.name] = table
    return out


@pytest.mark.parametrize("kind", KIND_ORDER)
def test_clean_demo_data_passes_both_ways(kind: str, tables: dict[str, TypedTable]) -> None:
    frame = tables[kind].frame
    assert optimised_failures(kind, frame) == whole_frame_failures(kind, frame) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("kind", KIND_ORDER)
def test_broken_cells_fail_the_same_rows(
    kind: str, seed: int, tables: dict[str, TypedTable]
) -> None:
    frame = _breakage(random.Random(f"{kind}-{seed}"), tables[kind])
    expected = whole_frame_failures(kind, frame)
    assert expected, "the breakage broke nothing: the test would prove nothing"
    assert optimised_failures(kind, frame) == expected


def test_every_kind_is_covered() -> None:
    assert set(KIND_ORDER) == set(KINDS)


def test_libraries_both_validation_and_the_write_import_are_imported_before_they_run(
    tmp_path: Path,
) -> None:
    # Great Expectations (imported by validation) and DuckDB (writing beside validation, in a
    # thread) both import NumPy and PyArrow; they are imported before the write thread starts,
    # so the two threads never import them at once.
    (tmp_path / "units.csv").write_text("unit_id,name_zh,parent_unit_id\nHQ,本院,\n")
    probe = f"""
import sys
from pathlib import Path
from etl import pipeline
from etl.config import DataDir
seen = []
submit = pipeline._WRITER.submit
def watch(fn, *args):
    if fn.__name__ == "_write":
        numpy, pyarrow = sys.modules.get("numpy"), sys.modules.get("pyarrow")
        seen.append(hasattr(numpy, "ndarray") and hasattr(pyarrow, "Table"))
        seen.append("great_expectations" in sys.modules)
    return submit(fn, *args)
pipeline._WRITER.submit = watch
report = pipeline.run_batch([Path({str(tmp_path / "units.csv")!r})],
                            data_dir=DataDir(Path({str(tmp_path / "data")!r})))
print(report.status, *seen)
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.split() == ["accepted", "True", "False"], done.stderr
