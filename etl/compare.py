"""What a file would do to the warehouse: records new, replaced (and which fields change, old →
new) or the same as stored. Compared in DuckDB, the file's frame against the stored table.

A replacement that changes a field of the kind's identity (`Kind.identity`: a conference's title
or start date …) is likely a reused id rather than a correction, and is reported as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from etl.keys import record_id
from etl.normalize import TypedTable
from etl.reader import ROW_COLUMN
from etl.report import Problem, Update
from etl.schema import PRECISION_SUFFIX, Column

INCOMING = "incoming_compared"
NULL_SHOWN = "∅"  # a null in a warning's text (the JSON `changes` carry a real null)


@dataclass
class Comparison:
    new: int = 0
    replaced: int = 0
    same: int = 0
    updates: list[Update] = field(default_factory=list)
    identity_warnings: list[Problem] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"new": self.new, "replaced": self.replaced, "same": self.same}

    @property
    def is_unchanged(self) -> bool:
        return self.new == 0 and self.replaced == 0


def compare(con: duckdb.DuckDBPyConnection | None, table: TypedTable) -> Comparison:
    """Compare a file's records (ids unique within it) with the table `con` holds."""
    if con is None:  # no warehouse yet: everything is new
        return Comparison(new=table.frame.height)
    kind = table.kind
    values = [c for c in kind.columns if c.name not in kind.key]
    match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM i.{k}" for k in kind.key)
    differs = " OR ".join(_distinct(c) for c in values) or "false"
    # The stored table with a marker, so a LEFT JOIN tells a stored record from a new one.
    stored = f"(SELECT *, true AS _stored FROM {kind.name}) t"
    con.register(INCOMING, table.frame)
    try:
        ((total, matched, replaced),) = con.execute(
            f"SELECT count(*), count(t._stored), count(*) FILTER (WHERE t._stored AND ({differs})) "
            f"FROM {INCOMING} i LEFT JOIN {stored} ON {match}"
        ).fetchall()
        result = Comparison(new=total - matched, replaced=replaced, same=matched - replaced)
        if replaced:
            result.updates = _updates(con, table, values, match, differs)
    finally:
        con.unregister(INCOMING)
    result.identity_warnings = [
        w for u in result.updates if (w := identity_warning(u, kind.identity)) is not None
    ]
    return result


def _updates(
    con: duckdb.DuckDBPyConnection,
    table: TypedTable,
    values: list[Column],
    match: str,
    differs: str,
) -> list[Update]:
    """Each replaced record with the fields that change, as display strings, in file order."""
    kind = table.kind
    select = [f"i.{ROW_COLUMN}", *(f"i.{k}" for k in kind.key)]
    for c in values:
        select += [
            _distinct(c),
            display(f"t.{c.name}", c),
            display(f"i.{c.name}", c),
        ]
    rows = con.execute(
        f"SELECT {', '.join(select)} FROM {INCOMING} i JOIN {kind.name} t ON {match} "
        f"WHERE {differs} ORDER BY i.{ROW_COLUMN}"
    ).fetchall()
    width = len(kind.key) + 1
    updates = []
    for row in rows:
        changes = tuple(
            (c.name, row[width + 3 * n + 1], row[width + 3 * n + 2])
            for n, c in enumerate(values)
            if row[width + 3 * n]
        )
        updates.append(Update(record_id(kind, row[1:width]), row[0], changes))
    return updates


def _distinct(column: Column) -> str:
    """SQL: the stored and the incoming value differ (for a partial date, or its precision)."""
    test = f"t.{column.name} IS DISTINCT FROM i.{column.name}"
    if column.partial:
        precision = column.name + PRECISION_SUFFIX
        test = f"({test} OR t.{precision} IS DISTINCT FROM i.{precision})"
    return test


def display(expr: str, column: Column) -> str:
    """SQL for a value as people read it: dates ISO (a partial date as written: 2021-06,
    2021), numbers without a trailing `.0`."""
    if column.type == "date" and column.partial:
        precision = expr + PRECISION_SUFFIX
        return (
            f"CASE {precision} WHEN 'year' THEN strftime({expr}, '%Y') "
            f"WHEN 'month' THEN strftime({expr}, '%Y-%m') ELSE strftime({expr}, '%Y-%m-%d') END"
        )
    if column.type == "date":
        return f"strftime({expr}, '%Y-%m-%d')"
    if column.type == "integer":
        return f"CAST({expr} AS VARCHAR)"
    if column.type == "decimal":
        return (
            f"CASE WHEN {expr} = trunc({expr}) AND abs({expr}) < 1e15 "
            f"THEN CAST(CAST({expr} AS BIGINT) AS VARCHAR) ELSE CAST({expr} AS VARCHAR) END"
        )
    return expr


def identity_warning(update: Update, identity: tuple[str, ...]) -> Problem | None:
    """A warning when the replacement changes what makes the record the same thing."""
    changed = [(c, old, new) for c, old, new in update.changes if c in identity]
    if not changed:
        return None
    detail = "; ".join(f"{_quoted(old)} → {_quoted(new)}" for _, old, new in changed)
    return Problem(
        "identity_changed",
        row=update.row,
        column=",".join(c for c, _, _ in changed),
        value=update.id,
        fields=(("detail", detail),),
    )


def _quoted(value: Any) -> str:
    return NULL_SHOWN if value is None else f"“{value}”"
