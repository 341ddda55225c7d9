"""Stage 4, load: upsert typed records by key into the (staging) warehouse, record the run."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from etl.normalize import TypedTable
from etl.reader import ROW_COLUMN
from etl.report import BatchReport, Problem

# A rejected file can have an error on every one of a million rows; the history keeps the first
# ones (the quarantine report keeps all).
MAX_PROBLEMS_KEPT_PER_FILE = 5000


def accepted_files(con: duckdb.DuckDBPyConnection | None) -> dict[str, int]:
    """sha256 → rows of every file loaded before: loading one again changes nothing."""
    if con is None:
        return {}
    rows = con.execute(
        "SELECT sha256, max(rows) FROM load_files WHERE status = 'accepted' GROUP BY sha256"
    ).fetchall()
    return {sha: int(n) for sha, n in rows}


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


def record_run(
    con: duckdb.DuckDBPyConnection,
    report: BatchReport,
    *,
    source: str,
    user: str,
    started_at: dt.datetime,
    stored: dict[str, str],
) -> None:
    con.execute(
        "INSERT INTO load_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            report.run_id,
            started_at,
            dt.datetime.now(),
            source,
            user,
            report.status,
            len(report.files),
            report.row_count,
            report.error_count,
            report.warning_count,
        ],
    )
    for f in report.files:
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
                stored.get(f.path),
            ],
        )
        problems = [("error", p) for p in f.errors] + [("warning", p) for p in f.warnings]
        rows = [
            _problem_row(report.run_id or "", f.name, f.kind, severity, p)
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
