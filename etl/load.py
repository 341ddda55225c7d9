"""Stage 4, load: upsert typed records by key into the (staging) warehouse, remove withdrawn
ones, record the run."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from etl.keys import parse_record_id
from etl.normalize import TypedTable
from etl.reader import ROW_COLUMN
from etl.report import BatchReport, FileReport, Problem
from etl.schema import KINDS, Kind

# A rejected file can have an error on every one of a million rows; the history keeps the first
# ones (the quarantine report keeps all).
MAX_PROBLEMS_KEPT_PER_FILE = 5000


def apply(con: duckdb.DuckDBPyConnection, tables: list[TypedTable]) -> None:
    """Upsert every table (already in dependency order) inside one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table in tables:
            _upsert(con, table)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _upsert(con: duckdb.DuckDBPyConnection, table: TypedTable) -> None:
    kind = table.kind
    # DuckDB scans the Polars frame as it is (a `to_arrow()` copy first costs ~0.3 s per 1M rows)
    con.register("incoming_records", table.frame.drop(ROW_COLUMN))
    try:
        # NULL-safe key match: the targets key has an optional unit_id (NULL = academy-wide).
        match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM i.{k}" for k in kind.key)
        con.execute(
            f"DELETE FROM {kind.name} t WHERE EXISTS "
            f"(SELECT 1 FROM incoming_records i WHERE {match})"
        )
        columns = ", ".join(kind.stored_columns)
        con.execute(f"INSERT INTO {kind.name} ({columns}) SELECT {columns} FROM incoming_records")
    finally:
        con.unregister("incoming_records")


def delete(con: duckdb.DuckDBPyConnection, kind: Kind, keys: list[tuple[object, ...]]) -> None:
    """Remove the records with these keys (NULL-safe: a target's unit may be empty)."""
    match = " AND ".join(f"{k} IS NOT DISTINCT FROM ?" for k in kind.key)
    con.executemany(f"DELETE FROM {kind.name} WHERE {match}", [list(key) for key in keys])


def replay_deletions(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Remove again what a recorded run withdrew (its `load_deletions` rows; used by rebuild)."""
    by_kind: dict[str, list[tuple[object, ...]]] = {}
    for row in rows:
        kind = KINDS[row["kind"]]
        key = parse_record_id(kind, row["record_id"])
        assert key is not None, row  # it was parsed from this same text when it was recorded
        by_kind.setdefault(kind.name, []).append(key)
    for name, keys in by_kind.items():
        delete(con, KINDS[name], keys)


def record_deletions(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    kind: str,
    rows: list[tuple[str, str, str | None]],
) -> None:
    """What a withdrawal removed: (record id, reason, the record's values as JSON or None when
    the attempt was refused) each."""
    con.executemany(
        "INSERT INTO load_deletions VALUES (?, ?, ?, ?, ?)",
        [[run_id, kind, record_id, reason, record] for record_id, reason, record in rows],
    )


def record_run(
    con: duckdb.DuckDBPyConnection,
    report: BatchReport,
    *,
    source: str,
    user: str,
    started_at: dt.datetime,
    stored: dict[str, str],
    files: bool = True,
) -> None:
    """Record a run: its load_runs row, its files (unless it had none: a withdrawal) and the
    problems it met."""
    con.execute(
        "INSERT INTO load_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            report.run_id,
            started_at,
            dt.datetime.now(),
            source,
            user,
            report.status,
            len(report.files) if files else 0,
            report.row_count,
            report.error_count,
            report.warning_count,
        ],
    )
    for f in report.files:
        if files:
            _record_file(con, report, f, stored.get(f.path))
        _record_problems(con, report.run_id or "", f)


def _record_file(
    con: duckdb.DuckDBPyConnection, report: BatchReport, f: FileReport, stored_path: str | None
) -> None:
    if report.status == "rejected":
        status = "rejected"
    elif f.is_unchanged:
        status = "unchanged"
    else:
        status = "accepted"
    con.execute(
        "INSERT INTO load_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            report.run_id,
            f.name,
            f.kind,
            f.sha256,
            f.rows,
            status,
            len(f.errors),
            len(f.warnings),
            stored_path,
        ],
    )


def _record_problems(con: duckdb.DuckDBPyConnection, run_id: str, f: FileReport) -> None:
    problems = [("error", p) for p in f.errors] + [("warning", p) for p in f.warnings]
    rows = [
        _problem_row(run_id, f.name, f.kind, severity, p)
        for severity, p in problems[:MAX_PROBLEMS_KEPT_PER_FILE]
    ]
    if rows:
        con.executemany("INSERT INTO load_problems VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _problem_row(run_id: str, name: str, kind: str | None, severity: str, p: Problem) -> list[Any]:
    return [
        run_id,
        name,
        kind,
        severity,
        p.row,
        p.column,
        p.reported_value,
        p.rule,
        p.message("zh"),
        p.message("en"),
    ]


def restore_run(con: duckdb.DuckDBPyConnection, entry: dict[str, list[dict[str, Any]]]) -> None:
    """Put a run's history rows back as the manifest recorded them (used by rebuild)."""
    for table, rows in entry.items():
        for row in rows:
            names = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            con.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))
