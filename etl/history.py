"""The recorded load attempts (loads and withdrawals), for `coop history` and the dashboard."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from etl.config import DataDir
from etl.warehouse import read_only


def runs(data_dir: DataDir, *, limit: int = 50) -> list[dict[str, Any]]:
    """Newest first; each run with its files and, for a withdrawal (source `delete`), the
    records it withdrew with the reason."""
    with read_only(data_dir) as con:
        if con is None:
            return []
        cursor = con.execute(
            "SELECT * FROM load_runs ORDER BY started_at DESC, run_id DESC LIMIT ?", [limit]
        )
        names = [d[0] for d in cursor.description]
        recorded = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        # A warehouse published before withdrawals existed has no such table.
        has_deletions = bool(
            con.execute(
                "SELECT 1 FROM duckdb_tables() WHERE table_name = 'load_deletions'"
            ).fetchall()
        )
        for run in recorded:
            files = con.execute(
                "SELECT name, kind, sha256, rows, status, error_count, warning_count, stored_path "
                "FROM load_files WHERE run_id = ? ORDER BY name",
                [run["run_id"]],
            )
            file_names = [d[0] for d in files.description]
            run["files"] = [dict(zip(file_names, r, strict=True)) for r in files.fetchall()]
            run["deletions"] = _deletions(con, run["run_id"]) if has_deletions else []
        return recorded


def _deletions(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    """What a withdrawal removed (or, refused, was asked to remove) and why."""
    cursor = con.execute(
        "SELECT kind, record_id, reason, record FROM load_deletions WHERE run_id = ? "
        "ORDER BY kind, record_id",
        [run_id],
    )
    names = [d[0] for d in cursor.description]
    deletions = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    for deletion in deletions:
        deletion["record"] = json.loads(deletion["record"]) if deletion["record"] else None
    return deletions
