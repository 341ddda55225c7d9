"""The architecture in one place: read → normalize → validate → load (and publish).

    files ─ reader.read ─ normalize.normalize ─ validate.validate ─┬─ load.apply ─ publish
                                                                   └─ quarantine (rejected)

Every entry point — `coop load/validate/refresh/rebuild/demo`, the dashboard's upload, the
cron refresh — goes through `run_batch` (or `rebuild`), so they accept exactly the same files.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from etl import archive, faults, load
from etl.config import DataDir
from etl.errors import UsageError
from etl.normalize import TypedTable, normalize
from etl.reader import RawTable, discover, read
from etl.report import BatchReport, FileReport
from etl.schema import KIND_ORDER, KINDS
from etl.timing import stage
from etl.validate import WarehouseState, validate
from etl.warehouse import Staging, io_error, read_only, writer_lock

Mode = Literal["load", "validate"]


def new_run_id() -> str:
    return f"{dt.datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def default_user() -> str:
    try:
        return os.environ.get("COOP_USER") or getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return "unknown"


@dataclass
class Checked:
    """A batch after reading, normalizing and validating: nothing written yet."""

    files: list[Path]
    contents: list[bytes]
    raws: list[RawTable]
    tables: list[TypedTable]  # the files that will be written (not the unchanged ones)
    reports: list[FileReport]

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.reports)


def check(
    paths: list[Path],
    data_dir: DataDir,
    *,
    kind: str | None = None,
    already_loaded: dict[str, int] | None = None,
) -> Checked:
    """Read, normalize and validate a batch against the published warehouse."""
    files = _files(paths, kind)
    with stage("read"):
        contents = [_read_bytes(p) for p in files]
        raws = [read(p, kind, data) for p, data in zip(files, contents, strict=True)]
    faults.point("after_read")
    reports = [
        FileReport(path=str(p), kind=r.kind.name if r.kind else None, rows=r.rows, sha256=r.sha256)
        for p, r in zip(files, raws, strict=True)
    ]
    tables: list[TypedTable] = []
    for raw, report in zip(raws, reports, strict=True):
        if already_loaded is not None and raw.sha256 in already_loaded:
            report.is_unchanged = True
            report.rows = already_loaded[raw.sha256]
            continue
        if raw.is_readable:
            with stage("normalize"):
                tables.append(normalize(raw))
        else:
            report.errors.extend(raw.errors)
            report.warnings.extend(raw.warnings)
    # Dependency order: units and organizations before the records that refer to them.
    tables.sort(key=lambda t: KIND_ORDER.index(t.kind.name))
    with read_only(data_dir) as con:
        state = WarehouseState.read(con)
    validate(tables, state)  # times its two halves itself
    faults.point("after_validate")
    by_path = {str(t.path): t for t in tables}
    for report in reports:
        table = by_path.get(report.path)
        if table is not None:
            report.errors.extend(table.errors)
            report.warnings.extend(table.warnings)
    return Checked(files, contents, raws, tables, reports)


def run_batch(
    paths: list[Path],
    *,
    data_dir: DataDir,
    mode: Mode = "load",
    source: str = "cli",
    user: str | None = None,
    kind: str | None = None,
    lock_timeout_s: float | None = None,
) -> BatchReport:
    """Validate, or load as one atomic batch, the given files and folders."""
    if mode == "validate":
        checked = check(paths, data_dir, kind=kind)
        return BatchReport("invalid" if checked.has_errors else "valid", checked.reports)
    _files(paths, kind)  # usage errors before we wait for the lock
    with writer_lock(data_dir, lock_timeout_s):
        archive.recover(data_dir)
        with read_only(data_dir) as con:
            loaded = load.accepted_files(con)
        checked = check(paths, data_dir, kind=kind, already_loaded=loaded)
        return _write(checked, data_dir, source=source, user=user or default_user())


def _write(checked: Checked, data_dir: DataDir, *, source: str, user: str) -> BatchReport:
    run_id = new_run_id()
    started_at = dt.datetime.now()
    if checked.has_errors:
        status = "rejected"
    elif all(r.is_unchanged for r in checked.reports):
        status = "unchanged"
    else:
        status = "accepted"
    report = BatchReport(status, checked.reports, run_id=run_id)
    with stage("archive"):
        try:
            stored = _archive_or_quarantine(checked, data_dir, report)
        except OSError as exc:  # a full or read-only data dir: nothing is published yet
            raise io_error(exc, data_dir.root) from None
    faults.point("after_archive")
    with stage("copy"):
        staging = Staging(data_dir, run_id)
    try:
        with stage("write"):
            if status == "accepted":
                load.apply(staging.con, checked.tables)
            load.record_run(
                staging.con, report, source=source, user=user, started_at=started_at, stored=stored
            )
        if status == "accepted":
            from etl import indicators

            with stage("indicators"):
                indicators.refresh(staging.con)
        entry = archive.run_rows(staging.con, run_id)
        faults.point("after_write")
        with stage("publish"):
            staging.publish()
    except BaseException:
        staging.discard()
        raise
    faults.point("after_replace")
    archive.append_manifest(data_dir, entry)
    faults.point("after_manifest")
    return report


def _archive_or_quarantine(
    checked: Checked, data_dir: DataDir, report: BatchReport
) -> dict[str, str]:
    """Keep accepted files in the archive, rejected ones in quarantine; name → stored path."""
    stored: dict[str, str] = {}
    if report.status == "accepted":
        for path, data, raw, file_report in zip(
            checked.files, checked.contents, checked.raws, checked.reports, strict=True
        ):
            if not file_report.is_unchanged:
                stored[str(path)] = archive.archive_file(data_dir, raw.sha256, path.name, data)
    elif report.status == "rejected":
        assert report.run_id is not None
        names = [(p.name, d) for p, d in zip(checked.files, checked.contents, strict=True)]
        by_name = archive.quarantine_files(
            data_dir, report.run_id, names, {lang: report.to_json(lang) for lang in ("zh", "en")}
        )
        stored = {str(p): by_name[p.name] for p in checked.files}
    return stored


def _files(paths: list[Path], kind: str | None) -> list[Path]:
    if not paths:
        raise UsageError("usage.no_paths")
    if kind is not None and kind not in KINDS:
        raise UsageError("usage.kind", value=kind, allowed=", ".join(KINDS))
    for path in paths:
        if not path.exists():
            raise UsageError("file.not_found", path=str(path))
    files = discover(paths)
    if not files:
        raise UsageError("usage.no_files", path=", ".join(str(p) for p in paths))
    return files


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError("file.unreadable", path=str(path), detail=str(exc)) from None


# ---------------------------------------------------------------------------------------------
# The scheduled refresh, the rebuild and the demo


def refresh(
    data_dir: DataDir, *, user: str = "cron", lock_timeout_s: float | None = None
) -> BatchReport | None:
    """Load what is new in `incoming/` as one batch; None when there is nothing to load.

    Accepted (and already-loaded) files leave `incoming/` — the archive holds them; a rejected
    batch's files move to `quarantine/<run>/` beside its report.
    """
    incoming = data_dir.incoming
    if not incoming.exists() or not discover([incoming]):
        return None
    with writer_lock(data_dir, lock_timeout_s):
        files = discover([incoming])  # again, under the lock: another refresh may have run
        if not files:
            return None
        archive.recover(data_dir)
        with read_only(data_dir) as con:
            loaded = load.accepted_files(con)
        checked = check(files, data_dir, already_loaded=loaded)
        report = _write(checked, data_dir, source="refresh", user=user)
    for path in files:
        path.unlink(missing_ok=True)  # archived or quarantined by _write
    return report


def rebuild(data_dir: DataDir, *, lock_timeout_s: float | None = None) -> int:
    """Rebuild the warehouse from `archive/` alone; returns the number of runs replayed."""
    import duckdb

    from etl import indicators
    from etl.errors import DataDirError

    with writer_lock(data_dir, lock_timeout_s):
        try:
            # A readable warehouse may hold a run whose manifest line a crash cut off: recover
            # it first, or the rebuild would drop that run and delete its archived files.
            archive.recover(data_dir)
        except (DataDirError, duckdb.Error) as exc:
            if isinstance(exc, DataDirError) and exc.rule != "datadir.corrupt":
                raise
            archive.recover(data_dir, read_warehouse=False)  # damaged: trust the manifest
        entries = archive.read_manifest(data_dir)
        if not entries:
            raise DataDirError("datadir.no_archive", path=str(data_dir.archive))
        staging = Staging(data_dir, new_run_id(), fresh=True)
        try:
            for entry in entries:
                files = [f for f in entry["load_files"] if f["status"] == "accepted"]
                tables = []
                for f in files:
                    raw = read(data_dir.root / f["stored_path"], f["kind"])
                    tables.append(normalize(raw))
                tables.sort(key=lambda t: KIND_ORDER.index(t.kind.name))
                load.apply(staging.con, tables)
            for entry in archive.read_history(data_dir):
                load.restore_run(staging.con, entry)
            indicators.refresh(staging.con)
            staging.publish()
        except BaseException:
            staging.discard()
            raise
    return len(entries)


def load_demo(
    data_dir: DataDir,
    *,
    seed: int = 20240601,
    today: dt.date | None = None,
    user: str | None = None,
) -> BatchReport:
    """Write the demo data set and load it through the real pipeline (archived like any file)."""
    from etl import demo

    frames = demo.generate(seed, today=today)
    folder = Path(tempfile.mkdtemp(prefix="coop-demo-"))
    try:
        files = demo.write_files(frames, folder)
        return run_batch(files, data_dir=data_dir, source="demo", user=user or default_user())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
