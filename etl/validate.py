"""Stage 3, validate: column rules through Great Expectations, then the rules that span rows,
files and the warehouse (ids unique across the batch, references that resolve, a unit tree
without cycles, the paper's soft rule). Every violation in the batch is reported."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from etl.normalize import TypedTable
from etl.reader import ROW_COLUMN
from etl.report import Problem
from etl.schema import KINDS
from etl.timing import stage

# Fields of an expectation's meta that are template fields of its message.
_META_FIELDS = ("allowed", "allowed_zh", "allowed_en", "condition_zh", "condition_en")


@dataclass
class WarehouseState:
    """What the cross-file rules need from the published warehouse (small tables only)."""

    keys: dict[str, set[str]] = field(default_factory=dict)  # kind → ids present
    unit_parents: dict[str, str | None] = field(default_factory=dict)
    org_scopes: dict[str, str] = field(default_factory=dict)
    # The stored memberships of the (unit, organization) pairs the batch's memberships name.
    memberships: pl.DataFrame | None = None

    @classmethod
    def read(cls, con: Any | None, tables: list[TypedTable] | None = None) -> WarehouseState:
        state = cls()
        if con is None:
            return state
        state.unit_parents = dict(
            con.execute("SELECT unit_id, parent_unit_id FROM units").fetchall()
        )
        state.org_scopes = dict(con.execute("SELECT org_id, scope FROM organizations").fetchall())
        state.keys["units"] = set(state.unit_parents)
        state.keys["organizations"] = set(state.org_scopes)
        pairs = [
            t.frame.select("unit_id", "org_id")
            for t in tables or []
            if t.kind.name == "memberships"
        ]
        if pairs:
            wanted = pl.concat(pairs).unique()  # noqa: F841 — scanned by DuckDB below
            columns = ", ".join(f"m.{c}" for c in _MEMBERSHIP_COLUMNS)
            state.memberships = con.sql(
                f"SELECT {columns} FROM memberships AS m "
                "SEMI JOIN wanted AS w ON w.unit_id = m.unit_id AND w.org_id = m.org_id"
            ).pl()
        return state


_MEMBERSHIP_COLUMNS = (
    "membership_id",
    "unit_id",
    "org_id",
    "member_type",
    "person_name",
    "status",
    "start_date",
    "end_date",
)
IN_FORCE_STATUSES = ("active", "lapsed", "withdrawn")  # a membership that was held
HELD_OR_INTENDED = ("active", "intended", "applying")


def validate(tables: list[TypedTable], state: WarehouseState) -> None:
    """Append every problem to its table's `errors` (hard rules) or `warnings` (soft rules)."""
    with stage("validate_ge"):
        for table in tables:
            table.errors.extend(column_rules(table))
    with stage("validate_cross"):
        _unique_across_batch(tables)
        _references(tables, state)
        _unit_cycles(tables, state)
        _comprehensive_by_headquarters(tables, state)
        _duplicate_memberships(tables, state)
        _unknown_headquarters(tables)


def column_rules(table: TypedTable) -> list[Problem]:
    """Run the kind's committed Great Expectations suite and map failures to report entries."""
    from etl.expectations import run_suite

    problems: list[Problem] = []
    for kwargs, meta, rows in run_suite(table.kind.name, table.frame, ROW_COLUMN):
        rule = meta.get("rule", "unknown")
        if "column_list" in kwargs:  # compound key
            problems.extend(_key_problems(table, list(kwargs["column_list"]), rows, meta))
            continue
        column = str(meta.get("report_column") or kwargs.get("column") or kwargs.get("column_A"))
        values = _raw_values(table, column, rows)
        extra = tuple((k, str(meta[k])) for k in _META_FIELDS if k in meta)
        extra += (("zh", table.kind.column(column).zh),)
        for row in rows:
            if (row, column) in table.invalid_cells:
                continue  # already reported as a type error
            problems.append(
                Problem(rule, row=row, column=column, value=values.get(row), fields=extra)
            )
    return problems


def _raw_values(table: TypedTable, column: str, rows: list[int]) -> dict[int, str | None]:
    if not rows:
        return {}
    picked = table.raw.select(ROW_COLUMN, column).filter(pl.col(ROW_COLUMN).is_in(rows))
    return dict(picked.iter_rows())


def _key_problems(
    table: TypedTable, key: list[str], rows: list[int], meta: dict[str, Any]
) -> list[Problem]:
    picked = table.raw.select(ROW_COLUMN, *key).filter(pl.col(ROW_COLUMN).is_in(rows))
    allowed = str(meta.get("allowed", ""))
    return [
        Problem(
            "unique_key",
            row=values[0],
            column=",".join(key),
            value=" / ".join("" if v is None else str(v) for v in values[1:]),
            fields=(("allowed", allowed),),
        )
        for values in picked.iter_rows()
    ]


def _key_frame(table: TypedTable) -> pl.DataFrame:
    key = table.kind.key
    return table.frame.select(
        ROW_COLUMN,
        pl.concat_str(
            [pl.col(k).cast(pl.String).fill_null("") for k in key], separator="\x1f"
        ).alias("_key"),
    )


def _unique_across_batch(tables: list[TypedTable]) -> None:
    """An id given in two files of one batch: the later file's rows are errors."""
    seen: dict[str, list[tuple[pl.DataFrame, str]]] = {}
    for table in tables:
        keys = _key_frame(table)
        for earlier, name in seen.get(table.kind.name, []):
            clash = keys.join(earlier.select("_key"), on="_key", how="semi")
            for row, key in clash.iter_rows():
                table.errors.append(
                    Problem(
                        "unique_batch",
                        row=row,
                        column=",".join(table.kind.key),
                        value=key.replace("\x1f", " / "),
                        fields=(("detail", name),),
                    )
                )
        seen.setdefault(table.kind.name, []).append((keys, table.path.name))


def _batch_keys(tables: list[TypedTable], kind: str) -> set[str]:
    keys: set[str] = set()
    column = KINDS[kind].key[0]
    for table in tables:
        if table.kind.name == kind:
            keys.update(v for v in table.frame[column].to_list() if v is not None)
    return keys


def _references(tables: list[TypedTable], state: WarehouseState) -> None:
    known: dict[str, set[str]] = {}
    for table in tables:
        for col in table.kind.foreign_keys:
            assert col.fk is not None
            if col.fk not in known:
                known[col.fk] = state.keys.get(col.fk, set()) | _batch_keys(tables, col.fk)
            target = KINDS[col.fk]
            dangling = table.frame.select(ROW_COLUMN, col.name).filter(
                pl.col(col.name).is_not_null() & ~pl.col(col.name).is_in(list(known[col.fk]))
            )
            for row, value in dangling.iter_rows():
                if (row, col.name) in table.invalid_cells:
                    continue
                table.errors.append(
                    Problem(
                        "fk",
                        row=row,
                        column=col.name,
                        value=value,
                        fields=(("zh", col.zh), ("allowed", f"{target.name}（{target.zh}）")),
                    )
                )


def _unit_cycles(tables: list[TypedTable], state: WarehouseState) -> None:
    parents = dict(state.unit_parents)
    rows: dict[str, tuple[TypedTable, int]] = {}
    for table in tables:
        if table.kind.name != "units":
            continue
        for row, unit_id, parent in table.frame.select(
            ROW_COLUMN, "unit_id", "parent_unit_id"
        ).iter_rows():
            if unit_id is not None:
                parents[unit_id] = parent
                rows[unit_id] = (table, row)
    reported: set[str] = set()
    for start in rows:
        path = [start]
        current = parents.get(start)
        while current is not None and current not in path and len(path) <= len(parents):
            path.append(current)
            current = parents.get(current)
        if current is None or current != start:
            continue  # reaches the root, or joins a cycle that does not include `start`
        cycle_text = " → ".join([*path, start])
        for unit_id in path:
            if unit_id in rows and unit_id not in reported:
                table, row = rows[unit_id]
                reported.add(unit_id)
                table.errors.append(
                    Problem("cycle", row=row, column="parent_unit_id", value=cycle_text)
                )


def _comprehensive_by_headquarters(tables: list[TypedTable], state: WarehouseState) -> None:
    """The paper's soft rule: a sub-unit holds an institutional membership of a comprehensive
    organization. An intention is not flagged when the headquarters already holds or intends
    the same membership (the sub-unit's wish is then the headquarters' matter)."""
    scopes = dict(state.org_scopes)
    parents = dict(state.unit_parents)
    for table in tables:
        if table.kind.name == "organizations":
            scopes.update(dict(table.frame.select("org_id", "scope").iter_rows()))
        elif table.kind.name == "units":
            parents.update(dict(table.frame.select("unit_id", "parent_unit_id").iter_rows()))
    comprehensive = [org for org, scope in scopes.items() if scope == "comprehensive"]
    sub_units = [unit for unit, parent in parents.items() if parent is not None]
    roots = [unit for unit, parent in parents.items() if parent is None]
    memberships = _all_memberships(tables, state)
    by_headquarters = set(
        memberships.filter(
            pl.col("unit_id").is_in(roots)
            & (pl.col("member_type") == "institutional")
            & pl.col("status").is_in(HELD_OR_INTENDED)
        )["org_id"].to_list()
    )
    for table in tables:
        if table.kind.name != "memberships":
            continue
        flagged = table.frame.filter(
            (pl.col("member_type") == "institutional")
            & pl.col("org_id").is_in(comprehensive)
            & pl.col("unit_id").is_in(sub_units)
            & ~(
                pl.col("status").is_in(("intended", "applying"))
                & pl.col("org_id").is_in(list(by_headquarters))
            )
        ).select(ROW_COLUMN, "org_id", "unit_id")
        for row, org_id, unit_id in flagged.iter_rows():
            table.warnings.append(
                Problem(
                    "comprehensive_by_headquarters",
                    row=row,
                    column="org_id",
                    value=org_id,
                    fields=(("detail", unit_id),),
                )
            )


def _all_memberships(tables: list[TypedTable], state: WarehouseState) -> pl.DataFrame:
    """The batch's memberships (with their rows) over the stored ones they do not replace."""
    batch = [
        t.frame.select(ROW_COLUMN, *_MEMBERSHIP_COLUMNS)
        for t in tables
        if t.kind.name == "memberships"
    ]
    frames = list(batch)
    if state.memberships is not None and batch:
        replaced = pl.concat(batch)["membership_id"]
        stored = state.memberships.filter(~pl.col("membership_id").is_in(replaced.implode()))
        frames.append(
            stored.select(pl.lit(None, dtype=pl.Int64).alias(ROW_COLUMN), *_MEMBERSHIP_COLUMNS)
        )
    if not frames:
        return pl.DataFrame(
            schema={ROW_COLUMN: pl.Int64, **{c: pl.String for c in _MEMBERSHIP_COLUMNS}}
        )
    return pl.concat(frames, how="vertical_relaxed")


def _duplicate_memberships(tables: list[TypedTable], state: WarehouseState) -> None:
    """The same unit holding the same membership of the same organization twice at once (the
    same person's, for individual memberships): a warning on each batch row involved."""
    files = {id(t): t for t in tables if t.kind.name == "memberships"}
    if not files:
        return
    everything = _all_memberships(tables, state).filter(
        pl.col("status").is_in(IN_FORCE_STATUSES) & pl.col("start_date").is_not_null()
    )
    key = ["unit_id", "org_id", "member_type", "_person"]
    held = everything.with_columns(
        pl.when(pl.col("member_type") == "individual")
        .then(pl.col("person_name").fill_null(""))
        .otherwise(pl.lit(""))
        .alias("_person"),
        pl.col("end_date").fill_null(dt.date.max).alias("_until"),
    )
    pairs = (
        held.filter(pl.col(ROW_COLUMN).is_not_null())
        .join(held, on=key, suffix="_other")
        .filter(
            (pl.col("membership_id") != pl.col("membership_id_other"))
            & (pl.col("start_date") <= pl.col("_until_other"))
            & (pl.col("start_date_other") <= pl.col("_until"))
        )
        .group_by(ROW_COLUMN, "membership_id", "unit_id", "org_id")
        .agg(pl.col("membership_id_other").sort().first())
    )
    if pairs.is_empty():
        return
    rows = dict(pairs.select(ROW_COLUMN, "membership_id").iter_rows())
    for table in files.values():
        mine = table.frame.select(ROW_COLUMN, "membership_id").filter(
            pl.col(ROW_COLUMN).is_in(list(rows))
        )
        own = {(r, m) for r, m in mine.iter_rows()}
        for row, membership_id, unit_id, org_id, other in pairs.iter_rows():
            if (row, membership_id) not in own:
                continue
            table.warnings.append(
                Problem(
                    "duplicate_membership",
                    row=row,
                    column="org_id",
                    value=org_id,
                    fields=(("detail", unit_id), ("allowed", other)),
                )
            )


def _unknown_headquarters(tables: list[TypedTable]) -> None:
    """Organizations without a headquarters country: one warning per file, naming the rows."""
    for table in tables:
        if table.kind.name != "organizations":
            continue
        rows = table.frame.filter(pl.col("hq_country").is_null())[ROW_COLUMN].to_list()
        rows = [r for r in rows if (r, "hq_country") not in table.invalid_cells]
        if rows:
            shown = "、".join(map(str, rows[:20])) + ("…" if len(rows) > 20 else "")
            table.warnings.append(
                Problem(
                    "hq_country_missing",
                    row=rows[0],
                    column="hq_country",
                    fields=(("count", str(len(rows))), ("rows", shown)),
                )
            )
