"""The data page's questions: the load history."""

from __future__ import annotations

import polars as pl

from dashboard.warehouse import fetch


def load_runs(limit: int = 50) -> pl.DataFrame:
    return fetch(
        """
        SELECT run_id, started_at, source, user_name, status, file_count, row_count,
               error_count, warning_count
        FROM load_runs ORDER BY started_at DESC, run_id DESC LIMIT $limit
        """,
        limit=limit,
    )


def load_files(limit: int = 200) -> pl.DataFrame:
    return fetch(
        """
        SELECT r.started_at, f.name, f.kind, f.rows, f.status, f.error_count, f.warning_count
        FROM load_files AS f JOIN load_runs AS r USING (run_id)
        ORDER BY r.started_at DESC, f.name LIMIT $limit
        """,
        limit=limit,
    )
