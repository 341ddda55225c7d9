"""A record's id as text, and back: what reports, the history and `coop delete` call a record.

A kind keyed by one column is called by that column's value (`C-2021-007`). The targets are
keyed by (year, indicator, unit_id): their id is the parts joined by `/`, an academy-wide target
(no unit) without the last part — `2026/conferences_cohosted/CHEM`, `2026/posts_held`. Ids never
contain `/` (`ID_PATTERN`), nor do indicator ids, so the form reads back unambiguously.
"""

from __future__ import annotations

from collections.abc import Sequence

from etl.schema import Kind

SEPARATOR = "/"


def record_id(kind: Kind, values: Sequence[object]) -> str:
    """The text id of the record whose key columns hold `values` (None = empty)."""
    parts = ["" if v is None else str(v) for v in values]
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()  # an optional last part left empty: the academy-wide target
    return SEPARATOR.join(parts)


def parse_record_id(kind: Kind, text: str) -> tuple[object, ...] | None:
    """The key values a text id names, typed as the key columns are; None if it cannot be one."""
    text = text.strip()
    parts = text.split(SEPARATOR) if len(kind.key) > 1 else [text]
    if not text or len(parts) > len(kind.key):
        return None
    parts += [""] * (len(kind.key) - len(parts))
    values: list[object] = []
    for name, part in zip(kind.key, parts, strict=True):
        column = kind.column(name)
        if part == "":
            if column.required:
                return None
            values.append(None)
        elif column.type == "integer":
            if not part.lstrip("+-").isdigit():
                return None
            values.append(int(part))
        else:
            values.append(part)
    return tuple(values)


def id_form(kind: Kind) -> str:
    """How an id of this kind is written, for messages: `conference_id`, `year/indicator[/unit_id]`."""
    parts = [name if kind.column(name).required else f"[{SEPARATOR}{name}]" for name in kind.key]
    out = parts[0]
    for part in parts[1:]:
        out += part if part.startswith("[") else SEPARATOR + part
    return out
