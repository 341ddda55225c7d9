"""Since when each membership has had its current status, as far as the loads tell.

The warehouse keeps the records as they are now, not when each one changed; the load history
(load_runs, load_files) and the archived files it points to do tell. Replaying the accepted
membership files in run order, an item's status "changed" at the start of the first accepted run
whose file holds the item with the status it has now, and a later file repeating that status
(a re-sent full list) does not reset it.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from etl.config import DataDir
from etl.errors import CoopError


def status_since(con: duckdb.DuckDBPyConnection, data_dir: DataDir) -> dict[str, dt.datetime]:
    """membership_id → start of the accepted run that first recorded its current status."""
    from etl.normalize import normalize
    from etl.reader import read

    files = con.execute(
        "SELECT f.stored_path, r.started_at FROM load_files AS f "
        "JOIN load_runs AS r ON r.run_id = f.run_id "
        "WHERE f.kind = 'memberships' AND f.status = 'accepted' AND r.status = 'accepted' "
        "AND f.stored_path IS NOT NULL "
        "ORDER BY r.started_at, r.run_id, f.name"
    ).fetchall()
    status: dict[str, str] = {}
    since: dict[str, dt.datetime] = {}
    for stored_path, started_at in files:
        path = data_dir.root / stored_path
        if not path.is_file():
            continue  # an archive pruned by hand: the fallback (start_date) applies
        try:
            raw = read(path, "memberships")
            if raw.frame is None or raw.errors:
                continue
            table = normalize(raw)
        except (CoopError, OSError):
            continue
        ids = table.frame.get_column("membership_id").to_list()
        values = table.frame.get_column("status").to_list()
        for membership_id, value in zip(ids, values, strict=True):
            if membership_id is None:
                continue
            if status.get(membership_id) != value:
                status[membership_id] = value
                since[membership_id] = started_at
    return since
