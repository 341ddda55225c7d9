"""The archive (accepted files, unchanged, content-addressed), its manifest, and quarantine.

`archive/manifest.jsonl` holds one line per accepted run (its files and history rows), in the
order they were published: a file loaded again after a later correction is a new line naming the
same archived file, and a withdrawal (`coop delete`) is a line whose `load_deletions` rows say
what it removed, so a rebuild replays loads and withdrawals in their order. `journal.jsonl` holds
the runs that changed no data (rejected, unchanged), so a rejected batch leaves `archive/`
exactly as it was and a rebuild still restores the whole history.

The published warehouse is the commit point of a load. Files are archived *before* it is
published and the manifest line is appended *after*; `recover` (run under the writer lock
before every write) closes both gaps a crash can leave: manifest lines missing for runs the
warehouse holds are rebuilt from the warehouse, and archived files no run refers to are removed.
So the warehouse, the archive and the manifest always agree, and `coop rebuild` can rebuild
the warehouse from the archive alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any

import duckdb

from etl.config import DataDir

META_TABLES = ("load_runs", "load_files", "load_problems", "load_deletions")


def safe_name(name: str) -> str:
    """A file name that cannot leave its folder: no separators, no dot-dot, no control chars."""
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:180] or "file"


def archive_relpath(sha256: str, name: str) -> str:
    return f"archive/{sha256[:2]}/{sha256}/{safe_name(name)}"


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:  # e.g. a full disk: leave no half-written temp file behind
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def archive_file(data_dir: DataDir, sha256: str, name: str, data: bytes) -> tuple[str, bool]:
    """Store a file by its content: its path relative to the data dir, and whether this call
    added it (the same content under the same name is stored once)."""
    rel = archive_relpath(sha256, name)
    target = data_dir.root / rel
    if target.exists():
        return rel, False
    write_atomically(target, data)
    return rel, True


def quarantine_files(
    data_dir: DataDir, run_id: str, files: list[tuple[str, bytes]], reports: dict[str, Any]
) -> dict[str, str]:
    """Keep rejected files with their report; returns name → path relative to the data dir."""
    folder = data_dir.quarantine / run_id
    stored: dict[str, str] = {}
    for name, data in files:
        target = folder / safe_name(name)
        write_atomically(target, data)
        stored[name] = str(target.relative_to(data_dir.root))
    for lang, report in reports.items():
        text = json.dumps(report, ensure_ascii=False, indent=2, default=str)
        write_atomically(folder / f"report.{lang}.json", text.encode("utf-8"))
    return stored


# ---------------------------------------------------------------------------------------------
# The manifest: one JSON line per load run, holding that run's history rows.


def run_rows(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, list[dict[str, Any]]]:
    entry: dict[str, list[dict[str, Any]]] = {}
    present = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for table in META_TABLES:
        if table not in present:  # a warehouse published before that table existed
            continue
        cursor = con.execute(f"SELECT * FROM {table} WHERE run_id = ?", [run_id])
        names = [d[0] for d in cursor.description]
        entry[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return entry


def entry_status(entry: dict[str, Any]) -> str:
    return str(entry["load_runs"][0]["status"])


def _log_for(data_dir: DataDir, entry: dict[str, Any]) -> Path:
    """Accepted runs go to the archive's manifest; the others to the journal beside it."""
    return data_dir.manifest if entry_status(entry) == "accepted" else data_dir.journal


def append_manifest(data_dir: DataDir, entry: dict[str, Any]) -> None:
    path = _log_for(data_dir, entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(json.JSONDecodeError):  # a line torn by a crash mid-append
            entries.append(json.loads(line))
    return entries


def read_manifest(data_dir: DataDir) -> list[dict[str, Any]]:
    """Accepted runs, in load order: what a rebuild replays."""
    return read_log(data_dir.manifest)


def read_history(data_dir: DataDir) -> list[dict[str, Any]]:
    """Every recorded run (accepted, unchanged, rejected), oldest first."""
    entries = read_log(data_dir.manifest) + read_log(data_dir.journal)
    return sorted(entries, key=lambda e: str(e["load_runs"][0]["started_at"]))


def manifest_run_id(entry: dict[str, Any]) -> str:
    return str(entry["load_runs"][0]["run_id"])


def recover(data_dir: DataDir, *, read_warehouse: bool = True) -> None:
    """Make archive and manifest agree with the published warehouse. Call under the lock.

    `read_warehouse=False` (for a rebuild, whose warehouse may be damaged or gone) trusts the
    manifest alone."""
    from etl.warehouse import io_error

    try:
        _recover(data_dir, read_warehouse=read_warehouse)
    except OSError as exc:  # a full or read-only data dir: a clear error, not a crash
        raise io_error(exc, data_dir.root) from None


def _recover(data_dir: DataDir, *, read_warehouse: bool) -> None:
    from etl.warehouse import clear_staging, read_only

    clear_staging(data_dir)
    for path in (data_dir.manifest, data_dir.journal):
        _drop_torn_lines(path)
    known = {manifest_run_id(e) for e in read_history(data_dir)}
    with read_only(data_dir) if read_warehouse else contextlib.nullcontext() as con:
        if con is not None:
            published = con.execute("SELECT run_id FROM load_runs ORDER BY started_at").fetchall()
            for (run_id,) in published:
                if run_id not in known:
                    append_manifest(data_dir, run_rows(con, run_id))
    # An archived file no run refers to comes from a load that died before publishing.
    referenced = {
        f["stored_path"]
        for e in read_manifest(data_dir)
        for f in e["load_files"]
        if f["status"] == "accepted"
    }
    if data_dir.archive.exists():
        for path in data_dir.archive.glob("*/*/*"):
            rel = str(path.relative_to(data_dir.root))
            if path.is_file() and rel not in referenced:
                path.unlink()
                with contextlib.suppress(OSError):
                    path.parent.rmdir()


def _drop_torn_lines(path: Path) -> None:
    """A crash mid-append can leave a partial last line; rewrite the log without it."""
    if not path.exists():
        return
    raw = path.read_bytes()
    entries = read_log(path)
    if raw and (not raw.endswith(b"\n") or raw.count(b"\n") != len(entries)):
        text = "".join(json.dumps(e, ensure_ascii=False, default=str) + "\n" for e in entries)
        write_atomically(path, text.encode("utf-8"))
