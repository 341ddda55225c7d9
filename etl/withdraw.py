"""Withdrawing records: `coop delete KIND ID… --reason TEXT` and the Data page's withdraw form.

A withdrawal is a run like a load: atomic (all the ids go, or none), recorded (who and when in
`load_runs` with source `delete`, why and what in `load_deletions`), and replayed in its place by
`coop rebuild` (its manifest line carries the `load_deletions` rows). It is refused — a report
with errors, nothing changed — for an id the warehouse does not hold, and for a unit or an
organization that a record still refers to (each referring record named by kind and id).

Ids are written as `etl.keys` writes them: the id column's value, or for a target
`year[-end_year]/indicator[/unit_id]` (`2026/conferences_cohosted/CHEM`; `2026/posts_held` academy-wide; `2021-2025/posts_held` a period).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from etl import archive, faults, indicators, load
from etl.config import DataDir
from etl.errors import UsageError
from etl.keys import id_form, parse_record_id, record_id
from etl.report import BatchReport, FileReport, Problem
from etl.schema import KINDS, Kind
from etl.warehouse import Staging, writer_lock

SOURCE = "delete"


def withdraw(
    data_dir: DataDir,
    kind: str,
    ids: list[str],
    *,
    reason: str,
    user: str | None = None,
    lock_timeout_s: float | None = None,
) -> BatchReport:
    """Remove the records of `kind` with these ids as one atomic, recorded run."""
    from etl.pipeline import default_user, new_run_id

    if kind not in KINDS:
        raise UsageError("usage.kind", value=kind, allowed=", ".join(KINDS))
    wanted = list(dict.fromkeys(i.strip() for i in ids if i.strip()))  # in order, once each
    if not wanted:
        raise UsageError("delete.no_ids")
    reason = reason.strip()
    if not reason:
        raise UsageError("delete.no_reason")
    spec = KINDS[kind]
    with writer_lock(data_dir, lock_timeout_s):
        archive.recover(data_dir)
        run_id, started_at = new_run_id(), dt.datetime.now()
        staging = Staging(data_dir, run_id)  # a copy of the published warehouse, under the lock
        try:
            found, problems = _check(staging.con, spec, wanted)
            rows = len(wanted) if problems else len(found)  # two spellings of one id: one row
            file = FileReport(path=kind, kind=kind, rows=rows, errors=problems)
            report = BatchReport("rejected" if problems else "accepted", [file], run_id=run_id)
            if not problems:
                file.notes = [
                    Problem("delete.withdrawn", value=rid, fields=(("detail", reason),))
                    for rid in found
                ]
                # The private copy is published whole or not at all: the run is atomic.
                load.delete(staging.con, spec, [key for key, _ in found.values()])
                indicators.refresh(staging.con)
            load.record_run(
                staging.con,
                report,
                source=SOURCE,
                user=user or default_user(),
                started_at=started_at,
                stored={},
                files=False,
            )
            load.record_deletions(
                staging.con,
                run_id,
                kind,
                # A refused attempt keeps its reason too, without a record (none was removed).
                [(rid, reason, None) for rid in wanted]
                if problems
                else [
                    (rid, reason, json.dumps(values, ensure_ascii=False, default=str))
                    for rid, (_, values) in found.items()
                ],
            )
            entry = archive.run_rows(staging.con, run_id)
            faults.point("after_write")
            staging.publish()
        except BaseException:
            staging.discard()
            raise
        faults.point("after_replace")
        archive.append_manifest(data_dir, entry)
    return report


Found = dict[str, tuple[tuple[object, ...], dict[str, Any]]]  # id → (key, the record's values)


def _check(
    con: duckdb.DuckDBPyConnection, kind: Kind, ids: list[str]
) -> tuple[Found, list[Problem]]:
    """The records the ids name, and the problems that refuse the withdrawal."""
    problems: list[Problem] = []
    found: Found = {}
    about = (("kind_zh", kind.zh), ("kind_en", kind.name))
    key_column = ",".join(kind.key)
    match = " AND ".join(f"{k} IS NOT DISTINCT FROM ?" for k in kind.key)
    for text in ids:
        key = parse_record_id(kind, text)
        if key is None:
            allowed = (("allowed", id_form(kind)),)
            problems.append(
                Problem("delete.bad_id", column=key_column, value=text, fields=about + allowed)
            )
            continue
        cursor = con.execute(f"SELECT * FROM {kind.name} WHERE {match}", list(key))
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()  # one at most: the warehouse holds each key once
        if not rows:
            problems.append(
                Problem("delete.unknown_id", column=key_column, value=text, fields=about)
            )
            continue
        found[record_id(kind, key)] = (key, dict(zip(names, rows[0], strict=True)))
    problems.extend(_references(con, kind, found))
    return found, problems


def _references(con: duckdb.DuckDBPyConnection, kind: Kind, found: Found) -> list[Problem]:
    """Every record that still refers to one of the records to withdraw (other than those)."""
    if not found or len(kind.key) != 1:
        return []  # only single-column keys (units, organizations) are referred to
    ids = [key[0] for key, _ in found.values()]
    problems = []
    for other in KINDS.values():
        for column in other.foreign_keys:
            if column.fk != kind.name:
                continue
            keys = ", ".join(other.key)
            rows = con.execute(
                f"SELECT {column.name}, {keys} FROM {other.name} "
                f"WHERE list_contains(?, {column.name}) ORDER BY {column.name}, {keys}",
                [ids],
            ).fetchall()
            for value, *key in rows:
                if other.name == kind.name and tuple(key) in {k for k, _ in found.values()}:
                    continue  # withdrawn in the same run (a unit with its sub-unit)
                problems.append(
                    Problem(
                        "delete.referenced",
                        column=kind.key[0],
                        value=value,
                        fields=(
                            ("ref_kind_zh", other.zh),
                            ("ref_kind_en", other.name),
                            ("ref", record_id(other, key)),
                            ("via", column.name),
                        ),
                    )
                )
    return problems
