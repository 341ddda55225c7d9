"""The sign-in gate: failed sign-ins throttled per user name and per client address, on the
server, for every session and process alike, and the audit trail an admin reads.

State lives in `signins.sqlite3` in the data directory (private to the service's user). SQLite
serializes writers across processes, so the check and the reservation of an attempt are one
transaction: an attempt counts as a failure *before* its password is checked, and is taken back
when the password was right. Concurrent guesses therefore cannot slip past the limit.

Policy: `MAX_FAILURES_PER_NAME` failures for one user name (known or not) within `WINDOW_S`
lock that name for `LOCKOUT_S` after the latest failure; `MAX_FAILURES_PER_ADDRESS` failures
from one client address (any names) lock that address alike. Attempts refused while locked
check no password and do not extend the lock. A successful sign-in clears its name's failures.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from etl.config import DataDir
from etl.errors import DataDirError

DB_FILE = "signins.sqlite3"
WINDOW_S = 15 * 60
LOCKOUT_S = 5 * 60
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_ADDRESS = 20
KEEP_EVENTS = 2000  # the audit trail keeps this many latest events
UNKNOWN_ADDRESS = "-"

log = logging.getLogger(__name__)

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS failures (scope TEXT NOT NULL, key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_by_key ON failures (scope, key, at);
CREATE TABLE IF NOT EXISTS events (
    at REAL NOT NULL,
    event TEXT NOT NULL,    -- signed_in | failed | locked
    name TEXT NOT NULL,
    address TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What an attempt gave: the verified result, or None with the seconds still locked."""

    result: T | None
    locked_for: float = 0.0


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    event: str
    name: str
    address: str


def name_key(name: str) -> str:
    return name.strip().casefold()[:64]


@contextlib.contextmanager
def _connect(data_dir: DataDir) -> Iterator[sqlite3.Connection]:
    path = data_dir.root / DB_FILE
    try:
        _create_private(path)
        con = sqlite3.connect(path, timeout=30, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise DataDirError("datadir.io", path=str(path), detail=str(exc)[:200]) from None
    try:
        con.executescript(SCHEMA)
        yield con
    except sqlite3.Error as exc:  # a damaged file, a full or read-only data dir
        raise DataDirError("datadir.io", path=str(path), detail=str(exc)[:200]) from None
    finally:
        con.close()


def _create_private(path: Path) -> None:
    """SQLite creates its file with the process's umask; make it private from the start (its
    journal files take the same mode)."""
    if not path.exists():
        path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


@contextlib.contextmanager
def _transaction(con: sqlite3.Connection) -> Iterator[None]:
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _locked_for(con: sqlite3.Connection, scope: str, key: str, limit: int, now: float) -> float:
    count, latest = con.execute(
        "SELECT count(*), max(at) FROM failures WHERE scope = ? AND key = ? AND at > ?",
        [scope, key, now - WINDOW_S],
    ).fetchone()
    if count < limit:
        return 0.0
    return max(0.0, float(latest) + LOCKOUT_S - now)


def _event(con: sqlite3.Connection, now: float, event: str, name: str, address: str) -> None:
    con.execute("INSERT INTO events VALUES (?, ?, ?, ?)", [now, event, name[:64], address])


def attempt(
    data_dir: DataDir,
    name: str,
    address: str | None,
    verify: Callable[[], T | None],
    *,
    now: Callable[[], float] = time.time,
) -> Outcome[T]:
    """Run `verify` (the password check) unless the name or the address is locked; record
    the attempt either way."""
    key, where = name_key(name), address or UNKNOWN_ADDRESS
    with _connect(data_dir) as con:
        started = now()
        with _transaction(con):
            locked = max(
                _locked_for(con, "name", key, MAX_FAILURES_PER_NAME, started),
                _locked_for(con, "address", where, MAX_FAILURES_PER_ADDRESS, started),
            )
            if locked > 0:
                _event(con, started, "locked", name, where)
            else:  # reserved as failures until the password proves right
                con.execute("DELETE FROM failures WHERE at <= ?", [started - WINDOW_S])
                reserved = [
                    con.execute(
                        "INSERT INTO failures VALUES (?, ?, ?) RETURNING rowid",
                        [scope, value, started],
                    ).fetchone()[0]
                    for scope, value in (("name", key), ("address", where))
                ]
        if locked > 0:
            log.warning(
                "sign-in refused (locked for %.0f s): name=%r address=%s", locked, name, where
            )
            return Outcome(None, locked)
        result = verify()
        finished = now()
        with _transaction(con):
            if result is None:
                _event(con, finished, "failed", name, where)
            else:
                con.execute("DELETE FROM failures WHERE scope = 'name' AND key = ?", [key])
                con.execute("DELETE FROM failures WHERE rowid = ?", [reserved[1]])
                _event(con, finished, "signed_in", name, where)
            con.execute(
                "DELETE FROM events WHERE rowid <= (SELECT max(rowid) FROM events) - ?",
                [KEEP_EVENTS],
            )
    if result is None:
        log.warning("failed sign-in: name=%r address=%s", name, where)
    return Outcome(result)


def locked_for(
    data_dir: DataDir, name: str | None, address: str | None, *, now: float | None = None
) -> float:
    """Seconds until this name (if given) and this address may try again; 0 when they may."""
    if not (data_dir.root / DB_FILE).exists():
        return 0.0
    moment = time.time() if now is None else now
    with _connect(data_dir) as con:
        by_address = _locked_for(
            con, "address", address or UNKNOWN_ADDRESS, MAX_FAILURES_PER_ADDRESS, moment
        )
        by_name = (
            _locked_for(con, "name", name_key(name), MAX_FAILURES_PER_NAME, moment) if name else 0
        )
    return max(by_address, by_name)


def recent_events(data_dir: DataDir, limit: int = 200) -> list[Event]:
    """The latest sign-in events, newest first."""
    if not (data_dir.root / DB_FILE).exists():
        return []
    with _connect(data_dir) as con:
        rows = con.execute(
            "SELECT at, event, name, address FROM events ORDER BY rowid DESC LIMIT ?", [limit]
        ).fetchall()
    return [
        Event(dt.datetime.fromtimestamp(at), event, name, addr) for at, event, name, addr in rows
    ]
