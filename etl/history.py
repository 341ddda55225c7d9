"""The recorded load attempts, for `coop history` and the dashboard."""

from __future__ import annotations

from typing import Any

from etl.config import DataDir
from etl.warehouse import read_only


def runs(data_dir: DataDir, *, limit: int = 50) -> list[dict[str, Any]]:
    """Newest first; each run with its files."""
    with read_only(data_dir) as con:
        if con is None:
            return []
        cursor = con.execute(
            "SELECT * FROM load_runs ORDER BY started_at DESC, run_id DESC LIMIT ?", [limit]
        )
        names = [d[0] for d in cursor.description]
        recorded = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        for run in recorded:
            files = con.execute(
                "SELECT name, kind, sha256, rows, status, error_count, warning_count, stored_path "
                "FROM load_files WHERE run_id = ? ORDER BY name",
                [run["run_id"]],
            )
            file_names = [d[0] for d in files.description]
            run["files"] = [dict(zip(file_names, r, strict=True)) for r in files.fetchall()]
        return recorded
