"""Writing the demo frames as files: the clean export of a system (`plain`), or what analysts
really send (`analyst`: Chinese headers and labels, mixed date spellings and encodings, an
Excel workbook)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import polars as pl

from etl import clock
from etl.schema import KIND_ORDER, KINDS, Column, Kind, header_aliases, kind_for_name

Style = Literal["plain", "analyst"]


def write_files(
    frames: dict[str, pl.DataFrame], out_dir: str | Path, *, style: Style = "plain"
) -> list[Path]:
    """Write the frames as files the loader accepts; returns the paths in `KIND_ORDER`.

    `plain`: `<kind>.csv`, UTF-8, canonical headers, ISO dates, enum codes.
    `analyst`: the same records as analysts send them — Chinese headers and labels (and the
    alternative labels), every allowed date spelling, GB18030 and UTF-8-with-BOM files, dated
    file names, and the posts as an Excel workbook with real date cells.
    """
    if style not in ("plain", "analyst"):
        raise ValueError(f"unknown style {style!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    stamp = _stamp(frames)
    for name in KIND_ORDER:
        if name not in frames:
            continue
        kind = KINDS[name]
        frame = frames[name]
        if tuple(frame.columns) != kind.column_names:
            raise ValueError(f"{name}: columns must be {kind.column_names}")
        if style == "plain":
            path = out / f"{name}.csv"
            frame.write_csv(path)
        else:
            filename, encoding = _analyst_name(kind, stamp)
            path = out / filename
            if kind_for_name(path.stem) is not kind:
                raise AssertionError(f"{filename} would not be recognised as {name}")
            if path.suffix == ".xlsx":
                _write_analyst_xlsx(kind, frame, path, stamp)
            else:
                _write_analyst_csv(kind, frame, path, encoding)
        paths.append(path)
    return paths


_ANALYST_FILES: dict[str, tuple[str, str | None]] = {
    "units": ("{zh}名录_{year}.csv", "utf-8-sig"),
    "organizations": ("{zh}名录.csv", "gb18030"),
    "memberships": ("{name}_{year}Q{q}.csv", "utf-8-sig"),
    "conferences": ("{year}-{zh}.csv", "gb18030"),
    "posts": ("{year}年{zh}情况.xlsx", None),
    "offices": ("{zh}.csv", "utf-8"),
    "safeguards": ("{zh}台账_{year}.csv", "utf-8-sig"),
    "targets": ("{year}{zh}.csv", "gb18030"),
}

_DATE_SPELLINGS: tuple[Callable[[dt.date], str], ...] = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
)


def _stamp(frames: dict[str, pl.DataFrame]) -> dt.date:
    """The 'as of' date in analyst file names, taken from the data so output is stable.

    Required dates (a conference's or a post's start) are things that happened; optional
    ones (due dates, scheduled term ends) may lie in the future, so they are not used.
    """
    latest: dt.date | None = None
    for name, frame in frames.items():
        kind = KINDS.get(name)
        if kind is None or not frame.height:
            continue
        for col in kind.columns:
            if col.type == "date" and col.required:
                value = frame.get_column(col.name).max()
                if isinstance(value, dt.date) and (latest is None or value > latest):
                    latest = value
    return latest or clock.today()


def _analyst_name(kind: Kind, stamp: dt.date) -> tuple[str, str | None]:
    template, encoding = _ANALYST_FILES.get(kind.name, ("{zh}.csv", "utf-8-sig"))
    name = template.format(
        zh=kind.zh, name=kind.name, year=stamp.year, q=(stamp.month - 1) // 3 + 1
    )
    return name, encoding


def _analyst_layout(kind: Kind) -> list[tuple[Column, str]]:
    """Columns in an analyst's order, each with the header spelling the analyst typed."""
    order = list(kind.columns)
    random.Random(kind.name).shuffle(order)  # fixed per kind: the same file every time
    aliases = header_aliases(kind)
    layout: list[tuple[Column, str]] = []
    for j, col in enumerate(order):
        # Excel users type ASCII brackets (金额(元)): use such a variant when the schema has one.
        variants = [
            a
            for a, c in aliases.items()
            if c == col.name and a not in (col.name.lower(), col.zh.lower())
        ]
        header = variants[0] if variants else col.zh
        if j == 1:
            header = col.name.upper()  # one column left in English, shouted
        elif j == 2:
            header = f" {header} "  # stray spaces around a header
        layout.append((col, header))
    return layout


def _analyst_value(col: Column, value: Any, i: int, j: int) -> Any:
    """How an analyst would have typed this cell (dates stay dates; the writer spells them)."""
    if value is None:
        return None
    if col.type == "enum":
        if col.default is not None and value == col.default and i % 3 == 0:
            return None  # empty means the default
        labels = next(e.labels_zh for e in col.enum if e.code == value)
        if (i + j) % 5 == 4:
            return value.upper()  # now and then the code, in any case
        return labels[(i + j) % len(labels)]  # otherwise a label, alternatives included
    if col.type == "country" and i % 7 == 3:
        return value.lower()
    if col.type == "text" and i % 13 == 5:
        return f" {value}  "
    return value


def _csv_text(col: Column, value: Any, i: int, j: int) -> str:
    if value is None:
        return ""
    if col.type == "date":
        return _DATE_SPELLINGS[(i + j) % len(_DATE_SPELLINGS)](value)
    if col.type == "decimal":
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value)


def _write_analyst_csv(kind: Kind, frame: pl.DataFrame, path: Path, encoding: str | None) -> None:
    layout = _analyst_layout(kind)
    index = [kind.column_names.index(col.name) for col, _ in layout]
    with path.open("w", encoding=encoding or "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")  # what Excel writes
        writer.writerow([header for _, header in layout])
        for i, row in enumerate(frame.iter_rows()):
            writer.writerow(
                [
                    _csv_text(col, _analyst_value(col, row[k], i, j), i, j)
                    for j, ((col, _), k) in enumerate(zip(layout, index, strict=True))
                ]
            )


def _write_analyst_xlsx(kind: Kind, frame: pl.DataFrame, path: Path, stamp: dt.date) -> None:
    import xlsxwriter  # only needed for this style

    layout = _analyst_layout(kind)
    index = [kind.column_names.index(col.name) for col, _ in layout]
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    # Created "as of" the data, not now: the same frames give the same workbook.
    created = dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=dt.UTC)
    workbook.set_properties({"created": created})
    try:
        sheet = workbook.add_worksheet(kind.zh)
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for j, (_, header) in enumerate(layout):
            sheet.write_string(0, j, header)
        for i, row in enumerate(frame.iter_rows()):
            for j, ((col, _), k) in enumerate(zip(layout, index, strict=True)):
                value = _analyst_value(col, row[k], i, j)
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(i + 1, j, value, date_format)
                elif isinstance(value, int | float):
                    sheet.write_number(i + 1, j, value)
                else:
                    sheet.write_string(i + 1, j, str(value))
    finally:
        workbook.close()
