"""Helpers the tests import (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from etl import clock
from etl.config import DataDir


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def query(data_dir: DataDir, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = clock.bind(duckdb.connect(str(data_dir.warehouse), read_only=True))
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def snapshot(data_dir: DataDir) -> dict[str, Any]:
    """Everything a rejected batch must leave untouched: record tables and the archive."""
    from etl.schema import KINDS

    state: dict[str, Any] = {}
    if data_dir.warehouse.exists():
        for kind in KINDS:
            state[kind] = sorted(map(repr, query(data_dir, f"SELECT * FROM {kind}")))
    if data_dir.archive.exists():
        state["archive"] = sorted(
            str(p.relative_to(data_dir.root)) for p in data_dir.archive.rglob("*") if p.is_file()
        )
    return state
