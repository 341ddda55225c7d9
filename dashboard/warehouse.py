"""The published warehouse as the dashboard reads it: connections, the result cache, the status.

Reading rules:
- The warehouse is opened read-only, once per published file (path, inode, mtime, size), and
  that connection is shared by every query and session: each query runs on its own cursor, so
  sessions (Streamlit threads) read in parallel and no lock is held while a query runs.
- A load replaces the file (`os.replace`) and must never wait for the dashboard: an open file
  handle on the old inode does not stop that. The next query sees another file identity, opens
  the new file and retires the old connection, closed as soon as no query still uses it.
- The file is attached to a private in-memory database (`ATTACH … (READ_ONLY)`), not opened
  with `duckdb.connect(path)`: DuckDB hands a new `connect()` the database already open for
  that path in this process, which after a load would still be the old file.
- Results are cached on the file's identity and today's date (the views' "in force now"
  depends on it): a load is picked up at the next interaction, no restart.
- The questions themselves live in `dashboard.queries` (one module per page).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
import polars as pl
import streamlit as st

from dashboard.i18n import t
from etl import clock
from etl.config import resolve_data_dir
from etl.errors import CoopError

Identity = tuple[str, int, int, int, str]
Params = tuple[tuple[str, Any], ...]


class WarehouseMissing(CoopError):
    """There is no warehouse file yet. Pages show it as a state (`WarehouseStatus`), in the
    dashboard's own words: the rule's text is the empty state's title."""

    def __init__(self, path: object) -> None:
        super().__init__("warehouse_missing", path=str(path))

    def message(self, lang: str) -> str:
        return t("empty.no_warehouse.title", lang)


class WarehouseUnavailable(CoopError):
    """The warehouse exists but cannot be read (being replaced, or views missing)."""

    def __init__(self, reason: object) -> None:
        super().__init__("warehouse_unavailable", reason=str(reason))

    def message(self, lang: str) -> str:
        return t("empty.unavailable.title", lang)


def warehouse_path() -> Path:
    return resolve_data_dir().warehouse


FileKey = tuple[str, int, int, int]  # path, inode, mtime, size: one published warehouse file


def _file_key(path: Path) -> FileKey | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (str(path.resolve()), info.st_ino, info.st_mtime_ns, info.st_size)


def warehouse_identity(path: Path | None = None) -> Identity | None:
    """What makes a cached answer stale: another file, another write, another day."""
    key = _file_key(path or warehouse_path())
    return None if key is None else (*key, clock.today().isoformat())


# ---- the shared read-only connection -------------------------------------------------------

_ALIAS = "wh"  # the warehouse's name inside the private in-memory database
_ATTACH_ATTEMPTS = 3


@dataclass(eq=False)
class _OpenWarehouse:
    """One published file, attached read-only; closed once retired and no query uses it."""

    key: FileKey
    connection: duckdb.DuckDBPyConnection
    readers: int = 0
    retired: bool = False

    def close_if_idle(self) -> None:
        if self.retired and self.readers == 0:
            self.connection.close()


# The file last opened at each warehouse path. The lock guards this registry, the reader counts
# and the bookkeeping of cursors (creating, closing); queries themselves run outside it.
_OPEN: dict[str, _OpenWarehouse] = {}
_REGISTRY_LOCK = threading.Lock()


def _attach(path: Path) -> _OpenWarehouse:
    """Attach the file at `path`, making sure the file attached is the one the key describes."""
    for _ in range(_ATTACH_ATTEMPTS):
        key = _file_key(path)
        if key is None:
            raise WarehouseMissing(str(path))
        connection = clock.bind(duckdb.connect(":memory:"))
        try:
            connection.execute(f"ATTACH $path AS {_ALIAS} (READ_ONLY)", {"path": key[0]})
        except duckdb.Error as exc:
            connection.close()
            raise WarehouseUnavailable(str(exc)) from None
        if _file_key(path) == key:
            return _OpenWarehouse(key, connection)
        connection.close()  # replaced while attaching: attach the new file instead
    raise WarehouseUnavailable(f"{path} kept changing while being opened")


def _retire(warehouse: _OpenWarehouse) -> None:
    warehouse.retired = True
    warehouse.close_if_idle()


def _current(path: Path) -> _OpenWarehouse:
    """The open warehouse for the file now at `path`, attached if it is new (lock held)."""
    key = _file_key(path)
    if key is None:
        raise WarehouseMissing(str(path))
    current = _OPEN.get(key[0])
    if current is not None and current.key == key:
        return current
    if current is not None:
        # Another file now: the old connection only serves the queries already running on it.
        del _OPEN[key[0]]
        _retire(current)
    current = _OPEN[key[0]] = _attach(path)
    return current


@contextlib.contextmanager
def _cursor(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the shared connection to the file now at `path`, for one query."""
    with _REGISTRY_LOCK:
        warehouse = _current(path)
        cursor = clock.bind(warehouse.connection.cursor())  # a cursor keeps no variables
        warehouse.readers += 1
    try:
        cursor.execute(f"USE {_ALIAS}")
        yield cursor
    finally:
        with _REGISTRY_LOCK:
            cursor.close()
            warehouse.readers -= 1
            warehouse.close_if_idle()


def close_connections() -> None:
    """Close every warehouse connection (each as soon as the queries running on it end)."""
    with _REGISTRY_LOCK:
        for warehouse in _OPEN.values():
            _retire(warehouse)
        _OPEN.clear()


def _read(path: Path, sql: str, params: Params) -> pl.DataFrame:
    try:
        with _cursor(path) as cursor:
            return cursor.sql(sql, params=dict(params) or None).pl()
    except duckdb.Error as exc:
        raise WarehouseUnavailable(str(exc)) from None


@st.cache_data(max_entries=2048, ttl=dt.timedelta(hours=6), show_spinner=False)
def _fetch_cached(identity: Identity, sql: str, params: Params) -> pl.DataFrame:
    return _read(Path(identity[0]), sql, params)


_PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


def fetch(sql: str, **params: Any) -> pl.DataFrame:
    """Run one read-only query with named parameters (`$name`), cached on the file identity."""
    identity = warehouse_identity()
    if identity is None:
        raise WarehouseMissing(str(warehouse_path()))
    # DuckDB refuses parameters the statement does not use; filters offer more than each needs.
    used = set(_PARAMETER.findall(sql))
    bound = tuple(sorted((k, v) for k, v in params.items() if k in used))
    return _fetch_cached(identity, sql, bound)


def clear_cache() -> None:
    _fetch_cached.clear()


# ---- the state of the warehouse ------------------------------------------------------------


@dataclass(frozen=True)
class WarehouseStatus:
    state: Literal["missing", "empty", "unavailable", "ready"]
    path: Path
    years: tuple[int, ...] = field(default=())

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None


def warehouse_status() -> WarehouseStatus:
    path = warehouse_path()
    try:
        frame = fetch("SELECT DISTINCT year FROM indicator_values WHERE unit_id IS NULL ORDER BY 1")
    except WarehouseMissing:
        return WarehouseStatus("missing", path)
    except WarehouseUnavailable:
        return WarehouseStatus("unavailable", path)
    years = tuple(int(y) for y in frame["year"].to_list())
    return WarehouseStatus("ready" if years else "empty", path, years)
