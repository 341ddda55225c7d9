"""A record's id as text, and back: what reports, the history and `coop delete` call a record.

A kind keyed by one column is called by that column's value (`C-2021-007`, any characters). The
targets are keyed by (year, end_year, indicator, unit_id): their id is the year (with `-END`
for a period such as 十四五, `2021-2025`), the indicator and the unit, joined by `/`; an
academy-wide target (no unit) has no last part — `2026/conferences_cohosted/CHEM`,
`2021-2025/posts_held`. The year and the indicator never hold `/`, so the unit, which may
(ids are written as analysts write them), is everything after the second `/`.
"""

from __future__ import annotations

from collections.abc import Sequence

from etl.schema import Column, Kind

SEPARATOR = "/"
PERIOD = "-"


def _folded(kind: Kind) -> dict[str, Column]:
    """Key columns written inside another's part (end_year in year's): name → that column."""
    return {
        c.name: c
        for c in (kind.column(n) for n in kind.key)
        if c.default_from and c.default_from in kind.key
    }


def record_id(kind: Kind, values: Sequence[object]) -> str:
    """The text id of the record whose key columns hold `values` (None = empty)."""
    given = dict(zip(kind.key, values, strict=True))
    folded = _folded(kind)
    parts: list[str] = []
    for name in kind.key:
        if name in folded:
            continue
        value = given[name]
        part = "" if value is None else str(value)
        for other, column in folded.items():
            extra = given[other]
            if column.default_from == name and extra is not None and extra != value:
                part += f"{PERIOD}{extra}"
        parts.append(part)
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()  # an optional last part left empty: the academy-wide target
    return SEPARATOR.join(parts)


def parse_record_id(kind: Kind, text: str) -> tuple[object, ...] | None:
    """The key values a text id names, typed as the key columns are; None if it cannot be one."""
    text = text.strip()
    folded = _folded(kind)
    visible = [n for n in kind.key if n not in folded]
    if not text:
        return None
    parts = text.split(SEPARATOR, len(visible) - 1) if len(visible) > 1 else [text]
    parts += [""] * (len(visible) - len(parts))
    given: dict[str, object] = {}
    for name, part in zip(visible, parts, strict=True):
        column = kind.column(name)
        owned = [other for other, c in folded.items() if c.default_from == name]
        if owned and PERIOD in part.lstrip("+-"):
            part, extra = part.rsplit(PERIOD, 1)
            if not extra.isdigit():
                return None
            given[owned[0]] = int(extra)
        value = _typed(column, part)
        if value is _INVALID:
            return None
        given[name] = value
    for name, column in folded.items():
        given.setdefault(name, given.get(column.default_from or ""))
    return tuple(given[name] for name in kind.key)


_INVALID = object()


def _typed(column: Column, part: str) -> object:
    if part == "":
        return _INVALID if column.required else None
    if column.type == "integer":
        return int(part) if part.lstrip("+-").isdigit() else _INVALID
    return part


def id_form(kind: Kind) -> str:
    """How an id of this kind is written, for messages: `conference_id`,
    `year[-end_year]/indicator[/unit_id]`."""
    folded = _folded(kind)
    out = ""
    for name in kind.key:
        if name in folded:
            continue
        column = kind.column(name)
        part = name + "".join(
            f"[{PERIOD}{other}]" for other, c in folded.items() if c.default_from == name
        )
        if not out:
            out = part
        elif column.required:
            out += SEPARATOR + part
        else:
            out += f"[{SEPARATOR}{part}]"
    return out
