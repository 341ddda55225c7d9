"""The architecture in one place: read → normalize → validate → load (and publish).

    files ─ reader.read ─ normalize.normalize ─┬─ validate.validate ∥ compare ─┬─ publish
                                               │                               │  (accepted)
                                               └─ load.apply into a private ───┘─ quarantine
                                                  copy (Prewrite, meanwhile)     (rejected)

The private copy is made while the files are read, and the batch written into it while it is
validated (`Prewrite`); the copy is published only when every rule holds, so readers never see
a batch that validation rejects.

Records are upserted by their id. `compare` (in DuckDB, beside the validation) tells, per file,
how many records are new, replace a stored one (listing the fields that change) or are the same
as stored — for `coop validate` as for a load. A file that would change no record is
`unchanged`, whatever its bytes; a file loaded before and applied again after a later correction
changes records and is applied again (the manifest keeps that order for `coop rebuild`).

Every entry point — `coop load/validate/refresh/rebuild/demo`, the dashboard's upload, the
cron refresh — goes through `run_batch` (or `rebuild`), so they accept exactly the same files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import secrets
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from etl import archive, faults, indicators, load, meeting_rules, settings
from etl.compare import Comparison, compare
from etl.config import DataDir
from etl.errors import UsageError
from etl.normalize import TypedTable, normalize
from etl.reader import RawTable, discover, read
from etl.report import BatchReport, FileReport
from etl.schema import KIND_ORDER, KINDS
from etl.timing import stage
from etl.validate import WarehouseState, validate
from etl.warehouse import Staging, io_error, is_io_error, read_only, writer_lock

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
    tables: list[TypedTable]  # the files that could be read, in dependency order
    reports: list[FileReport]

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.reports)


def check(paths: list[Path], data_dir: DataDir, *, kind: str | None = None) -> Checked:
    """Read, normalize and validate a batch against the published warehouse."""
    checked = read_batch(paths, kind=kind)
    validate_batch(checked, data_dir)
    return checked


def read_batch(paths: list[Path], *, kind: str | None = None) -> Checked:
    """Read and normalize every file."""
    files = _files(paths, kind)
    with stage("read"):
        contents = [_read_bytes(p) for p in files]
        raws = [read(p, kind, data) for p, data in zip(files, contents, strict=True)]
    faults.point("after_read")
    reports = [
        FileReport(
            path=str(p),
            kind=r.kind.name if r.kind else None,
            rows=r.rows,
            sha256=r.sha256,
            skipped_rows=list(r.skipped),
            headers=dict(r.headers),
        )
        for p, r in zip(files, raws, strict=True)
    ]
    tables: list[TypedTable] = []
    for raw, report in zip(raws, reports, strict=True):
        if raw.is_readable:
            with stage("normalize"):
                tables.append(normalize(raw))
        else:
            report.errors.extend(raw.errors)
            report.warnings.extend(raw.warnings)
            report.notes.extend(raw.notes)
    # Dependency order: units and organizations before the records that refer to them.
    tables.sort(key=lambda t: KIND_ORDER.index(t.kind.name))
    return Checked(files, contents, raws, tables, reports)


def validate_batch(checked: Checked, data_dir: DataDir) -> None:
    """Every rule, and the comparison with the stored records, against the published
    warehouse; problems, counts and updates go to the files' reports."""
    with read_only(data_dir) as con:
        state = WarehouseState.read(con, checked.tables)
        # DuckDB compares the files with the stored records (releasing the GIL) while Great
        # Expectations validates them in this thread.
        comparing = _COMPARER.submit(_compare_all, con, checked.tables)
        try:
            validate(checked.tables, state)  # times its two halves itself
        except BaseException:
            with contextlib.suppress(BaseException):
                comparing.result()  # the connection stays open until the worker is done
            raise
        comparisons = comparing.result()
    faults.point("after_validate")
    by_path = {str(t.path): t for t in checked.tables}
    for report in checked.reports:
        table = by_path.get(report.path)
        if table is None:
            continue
        report.errors.extend(table.errors)
        report.warnings.extend(table.warnings)
        report.notes.extend(table.notes)
        if not table.errors:  # a file with errors cannot load: its comparison means nothing
            result = comparisons[report.path]
            report.counts = result.counts
            report.updates = result.updates
            report.warnings.extend(result.identity_warnings)
            report.is_unchanged = result.is_unchanged


def _compare_all(
    con: duckdb.DuckDBPyConnection | None, tables: list[TypedTable]
) -> dict[str, Comparison]:
    """Each file's records new, replaced (with their changes) or the same; path → result."""
    with stage("compare"):
        if con is None:  # no warehouse yet
            return {str(t.path): compare(None, t) for t in tables}
        with contextlib.closing(con.cursor()) as cursor:  # this thread's own connection
            return {str(t.path): compare(cursor, t) for t in tables}


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
        return _load(paths, data_dir, kind=kind, source=source, user=user or default_user())


def _load(
    paths: list[Path], data_dir: DataDir, *, kind: str | None, source: str, user: str
) -> BatchReport:
    """Under the writer lock: read, then validate while the write runs, then publish."""
    archive.recover(data_dir)
    run_id, started_at = new_run_id(), dt.datetime.now()
    with Prewrite(data_dir, run_id) as prewrite:  # the staging copy is made while we read …
        checked = read_batch(paths, kind=kind)
        prewrite.write(checked)  # … and the batch written into it while we validate
        validate_batch(checked, data_dir)
        return _record_and_publish(
            checked, data_dir, prewrite, run_id, started_at, source=source, user=user
        )


class Prewrite:
    """The batch written into a private staging copy in worker threads while it is validated.

    The copy is made while the files are read; the batch is written into it (and its files
    archived) while Great Expectations validates it. Validation is single-threaded Python, the
    write is DuckDB, which releases the GIL: they take similar time, side by side. Nothing is
    published unless validation accepts the batch; otherwise the copy and the archived files
    are discarded unread.
    """

    def __init__(self, data_dir: DataDir, run_id: str) -> None:
        self.data_dir = data_dir
        self._opened: Future[Staging] = _WRITER.submit(self._open, data_dir, run_id)
        self._written: Future[Staging] | None = None
        self._archived: Future[dict[str, str]] | None = None
        # Archive files this batch added, by the path they came from (removed if not loaded).
        self._created: dict[str, Path] = {}

    @staticmethod
    def _open(data_dir: DataDir, run_id: str) -> Staging:
        with stage("copy"):
            return Staging(data_dir, run_id)

    def write(self, checked: Checked) -> None:
        """Start writing and archiving the batch, unless reading it has already rejected it (a
        file that could not be read, a cell of the wrong type)."""
        if checked.has_errors or any(t.errors for t in checked.tables) or not checked.tables:
            return
        # DuckDB imports PyArrow and NumPy to scan the Polars frames while validation imports
        # Great Expectations, which imports them too; two threads importing the same extension
        # modules at once can meet one half-initialized. So they are imported here, first.
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401

        self._written = _WRITER.submit(self._write, checked.tables)  # after _open: one worker
        self._archived = _ARCHIVER.submit(self._archive, checked)

    def _write(self, tables: list[TypedTable]) -> Staging:
        staging = self._opened.result()
        try:
            with stage("write"):
                load.apply(staging.con, tables)
            with stage("indicators"):
                indicators.refresh(staging.con)
        except BaseException as exc:
            staging.discard()
            if is_io_error(exc):
                raise io_error(exc, self.data_dir.root) from None
            raise
        return staging

    def _archive(self, checked: Checked) -> dict[str, str]:
        """Archive the files (mostly waiting for the disk: fsync); path → stored path. Whether a
        file changes anything is known only once it is compared: see `archived`."""
        stored: dict[str, str] = {}
        with stage("archive"):
            for path, data, raw in zip(checked.files, checked.contents, checked.raws, strict=True):
                rel, added = archive.archive_file(self.data_dir, raw.sha256, path.name, data)
                stored[str(path)] = rel
                if added:
                    self._created[str(path)] = self.data_dir.root / rel
        return stored

    def archived(self, unchanged: list[str]) -> dict[str, str]:
        """The loaded files' places in the archive (waits); raises what archiving raised. The
        `unchanged` files (they change no record) are not kept: what this batch archived for
        them is removed again."""
        assert self._archived is not None, "nothing was archived"
        stored = dict(self._archived.result())
        for path in unchanged:
            stored.pop(path, None)
            created = self._created.pop(path, None)
            if created is not None:
                created.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    created.parent.rmdir()
        return stored

    def staging(self) -> Staging:
        """The copy with the batch written (waits); raises what the write raised."""
        assert self._written is not None, "nothing was written"
        return self._written.result()

    def discard(self, *, archived_too: bool = False) -> None:
        """Wait for the workers and delete the copy, unless it was published; with
        `archived_too` (the batch was rejected), remove the files it added to the archive."""
        if self._archived is not None and archived_too:
            with contextlib.suppress(BaseException):
                self._archived.result()
            for path in self._created.values():
                path.unlink(missing_ok=True)
        if self._written is not None:
            with contextlib.suppress(BaseException):
                self._written.result()  # a failed write discarded the copy itself
        try:
            staging = self._opened.result()
        except BaseException:
            return  # it could not be made, and cleaned up after itself
        if staging.path.exists():
            staging.discard()

    def __enter__(self) -> Prewrite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.discard()


# One worker each: a process writes one batch at a time (the writer lock sees to that).
_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coop-write")
_ARCHIVER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coop-archive")
_COMPARER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coop-compare")


def _record_and_publish(
    checked: Checked,
    data_dir: DataDir,
    prewrite: Prewrite,
    run_id: str,
    started_at: dt.datetime,
    *,
    source: str,
    user: str,
) -> BatchReport:
    if checked.has_errors:
        status = "rejected"
    elif all(r.is_unchanged for r in checked.reports):
        status = "unchanged"
    else:
        status = "accepted"
    report = BatchReport(status, checked.reports, run_id=run_id)
    if status != "accepted":
        # What was archived and written meanwhile goes; the staging path (same run id) too.
        prewrite.discard(archived_too=True)
    with stage("archive"):
        try:
            if status == "accepted":
                stored = prewrite.archived([r.path for r in checked.reports if r.is_unchanged])
            else:
                stored = _quarantine(checked, data_dir, report)
        except OSError as exc:  # a full or read-only data dir: nothing is published yet
            raise io_error(exc, data_dir.root) from None
    faults.point("after_archive")
    if status == "accepted":
        with stage("wait_write"):
            staging = prewrite.staging()
    else:
        with stage("copy"):
            staging = Staging(data_dir, run_id)
    try:
        with stage("write"):
            load.record_run(
                staging.con, report, source=source, user=user, started_at=started_at, stored=stored
            )
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


def _quarantine(checked: Checked, data_dir: DataDir, report: BatchReport) -> dict[str, str]:
    """Keep a rejected batch's files with its report; path → stored path (none if unchanged)."""
    if report.status != "rejected":
        return {}
    assert report.run_id is not None
    names = [(p.name, d) for p, d in zip(checked.files, checked.contents, strict=True)]
    by_name = archive.quarantine_files(
        data_dir, report.run_id, names, {lang: report.to_json(lang) for lang in ("zh", "en")}
    )
    return {str(p): by_name[p.name] for p in checked.files}


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
        report = _load(files, data_dir, kind=None, source="refresh", user=user)
    for path in files:
        path.unlink(missing_ok=True)  # archived or quarantined by _write
    return report


def rebuild(data_dir: DataDir, *, lock_timeout_s: float | None = None) -> int:
    """Rebuild the warehouse from `archive/` alone; returns the number of runs replayed."""
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
            for entry in entries:  # loads and withdrawals, in the order they were published
                if entry.get("load_deletions"):
                    load.replay_deletions(staging.con, entry["load_deletions"])
                    continue
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


def choose_meeting_rule(data_dir: DataDir, rule_id: str) -> meeting_rules.MeetingRule:
    """Make `rule_id` the meeting rule in force and recompute the indicators with it."""
    available = meeting_rules.rules(data_dir)
    if rule_id not in available:
        raise UsageError("meeting_rule.unknown", value=rule_id, allowed=", ".join(available))
    settings.write(data_dir, "meeting_rule", rule_id)
    republish(data_dir)
    return available[rule_id]


def republish(data_dir: DataDir, *, lock_timeout_s: float | None = None) -> None:
    """Publish the warehouse again with the settings now in force (a new meeting rule): the
    rules are written and every indicator recomputed, atomically, like a load."""
    with writer_lock(data_dir, lock_timeout_s):
        archive.recover(data_dir)
        if not data_dir.warehouse.exists():
            return  # the next load publishes with these settings
        staging = Staging(data_dir, new_run_id())
        try:
            indicators.refresh(staging.con)
            staging.publish()
        except BaseException:
            staging.discard()
            raise
