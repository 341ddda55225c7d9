"""The warehouse file: DDL derived from the schema, the load-history tables, and safe publishing."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import filelock

from etl import clock, faults, meeting_rules
from etl.config import DataDir
from etl.errors import DataDirError, LockTimeout
from etl.schema import DUCKDB_TYPES, KINDS, PRECISION_SUFFIX, Kind, ddl

META_DDL = """
CREATE TABLE IF NOT EXISTS load_runs (
    run_id VARCHAR,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    source VARCHAR,          -- cli | refresh | upload | demo | rebuild | delete
    user_name VARCHAR,       -- who: a login name, the OS user, or 'cron'
    status VARCHAR,          -- accepted | unchanged | rejected
    file_count INTEGER,
    row_count BIGINT,
    error_count INTEGER,
    warning_count INTEGER
);
CREATE TABLE IF NOT EXISTS load_files (
    run_id VARCHAR,
    name VARCHAR,            -- the file name as the analyst gave it
    kind VARCHAR,
    sha256 VARCHAR,
    rows BIGINT,
    status VARCHAR,          -- accepted | unchanged | rejected
    error_count INTEGER,
    warning_count INTEGER,
    stored_path VARCHAR      -- where the file now lives, relative to the data dir
);
CREATE TABLE IF NOT EXISTS load_problems (
    run_id VARCHAR,
    name VARCHAR,
    kind VARCHAR,
    severity VARCHAR,        -- error | warning
    row_number INTEGER,      -- spreadsheet numbering: header = 1
    column_name VARCHAR,
    value VARCHAR,
    rule VARCHAR,
    message_zh VARCHAR,
    message_en VARCHAR
);
CREATE TABLE IF NOT EXISTS load_deletions (
    run_id VARCHAR,          -- the withdrawal's run: who and when are in load_runs
    kind VARCHAR,
    record_id VARCHAR,       -- as etl.keys writes it (a target: year[-end_year]/indicator[/unit_id])
    reason VARCHAR,          -- why, as the analyst gave it
    record VARCHAR           -- the withdrawn record's values (JSON)
);
"""


def _column_type(kind: Kind, column: str) -> str:
    if column.endswith(PRECISION_SUFFIX) and column not in kind.column_names:
        return "VARCHAR"
    return DUCKDB_TYPES[kind.column(column).type]


def schema_ddl() -> str:
    """Every CREATE statement of the warehouse's tables, record kinds first."""
    return "\n".join(ddl(k) for k in KINDS.values()) + "\n" + META_DDL


# ---------------------------------------------------------------------------------------------
# Publishing: readers only ever see a whole warehouse.
#
# DuckDB allows one read-write process or many read-only ones, and a reader holding the file
# open blocks a writer. So a load never writes the published file: it copies it to a private
# staging file, writes and checkpoints that, and `os.replace`s it over the published one.
# Readers holding the old file keep reading the old inode; the next connect sees the new one.
# Writers are serialized by a file lock; a second writer waits a bounded time, then fails.


DEFAULT_LOCK_TIMEOUT_S = 60.0


def lock_timeout_s() -> float:
    """How long a second writer waits for the first: `$COOP_LOCK_TIMEOUT` seconds, default 60."""
    try:
        return float(os.environ.get("COOP_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT_S))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT_S


def is_io_error(exc: BaseException) -> bool:
    """An OS error, or a DuckDB error that an I/O failure caused (a full disk while writing)."""
    if isinstance(exc, (OSError, duckdb.IOException)):
        return True
    return isinstance(exc, duckdb.Error) and "No space left" in str(exc)


def io_error(exc: BaseException, path: Path) -> DataDirError:
    """Turn an OS or DuckDB I/O failure into a DataDirError an analyst can act on."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code == errno.ENOSPC or "No space left" in text:
        return DataDirError("datadir.full", path=str(path), detail=text[:200])
    if (
        code in (errno.EROFS, errno.EACCES, errno.EPERM)
        or "Read-only" in text
        or "ermission" in text
    ):
        return DataDirError("datadir.readonly", path=str(path), detail=text[:200])
    return DataDirError("datadir.io", path=str(path), detail=text[:200])


@contextlib.contextmanager
def writer_lock(data_dir: DataDir, timeout_s: float | None = None) -> Iterator[None]:
    timeout = lock_timeout_s() if timeout_s is None else timeout_s
    try:
        data_dir.root.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(data_dir.lock), timeout=timeout)
        lock.acquire()
    except filelock.Timeout:
        raise LockTimeout("lock.timeout", detail=f"{timeout:g}") from None
    except OSError as exc:
        raise io_error(exc, data_dir.root) from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def read_only(data_dir: DataDir) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A read-only connection to the published warehouse (None when there is none yet)."""
    if not data_dir.warehouse.exists():
        yield None
        return
    try:
        con = clock.bind(duckdb.connect(str(data_dir.warehouse), read_only=True))
    except duckdb.Error as exc:
        raise DataDirError(
            "datadir.corrupt", path=str(data_dir.warehouse), detail=str(exc)[:200]
        ) from None
    try:
        yield con
    finally:
        con.close()


def clear_staging(data_dir: DataDir) -> None:
    """Remove private copies left by a load that died; only call while holding the lock."""
    if data_dir.staging.exists():
        for leftover in data_dir.staging.iterdir():
            leftover.unlink(missing_ok=True)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(schema_ddl())
    # A warehouse written before a column was added to the schema gains it (empty).
    present = set(
        con.execute(
            "SELECT table_name || '.' || column_name FROM duckdb_columns()"
            " WHERE database_name = current_database() AND schema_name = current_schema()"
        ).fetchall()
    )
    for kind in KINDS.values():
        for column in kind.stored_columns:
            if (f"{kind.name}.{column}",) not in present:
                con.execute(
                    f"ALTER TABLE {kind.name} ADD COLUMN {column} {_column_type(kind, column)}"
                )
    from etl import indicators

    # A copy of a published warehouse already holds these definitions (their fingerprint says
    # so); re-creating every view costs a fifth of a second per load.
    if not indicators.views_current(con):
        indicators.create_views(con)


class Staging:
    """A private, writable copy of the warehouse that becomes the published one on `publish`."""

    def __init__(self, data_dir: DataDir, run_id: str, *, fresh: bool = False) -> None:
        self.data_dir = data_dir
        self.path = data_dir.staging / f"warehouse-{run_id}.duckdb"
        try:
            data_dir.staging.mkdir(parents=True, exist_ok=True)
            self.path.unlink(missing_ok=True)
            if data_dir.warehouse.exists() and not fresh:
                shutil.copyfile(data_dir.warehouse, self.path)
            self.con = clock.bind(duckdb.connect(str(self.path)))
            ensure_schema(self.con)
            meeting_rules.install(self.con, data_dir)
        except BaseException as exc:
            # Close before leaving: a DuckDB left open (a fatal error, say a full disk while it
            # checkpoints) would keep the deleted copy's space taken for the rest of the process.
            self.discard()
            if is_io_error(exc):
                raise io_error(exc, data_dir.root) from None
            raise

    def publish(self) -> None:
        try:
            self.con.execute("CHECKPOINT")
            self.con.close()
            wal = self.path.with_name(self.path.name + ".wal")
            if wal.exists():  # a checkpointed, closed database leaves none; be certain
                raise DataDirError(
                    "datadir.io", path=str(wal), detail="write-ahead log left behind"
                )
            _fsync(self.path)
            faults.point("before_replace")
            os.replace(self.path, self.data_dir.warehouse)
            _fsync(self.data_dir.root)
        except (OSError, duckdb.IOException) as exc:
            self.discard()
            raise io_error(exc, self.data_dir.root) from None

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            self.con.close()
        for path in (self.path, self.path.with_name(self.path.name + ".wal")):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
