"""The real international S&T organizations the demo academy deals with.

They live in `etl/catalog/organizations.csv`, with exactly the columns of the
`organizations` record kind; the loader types each value as the schema says.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from etl.schema import KINDS, Column

CATALOG_PATH: Traversable = resources.files("etl") / "catalog" / "organizations.csv"


def load_catalog(path: Path | Traversable | None = None) -> list[dict[str, Any]]:
    """The real organizations in `catalog/organizations.csv`, typed as the schema says."""
    kind = KINDS["organizations"]
    source = path or CATALOG_PATH
    with io.TextIOWrapper(source.open("rb"), encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != kind.column_names:
            raise ValueError(f"{source}: header must be {kind.column_names}")
        rows = [{c.name: _typed(c, raw[c.name]) for c in kind.columns} for raw in reader]
    return rows


def _typed(col: Column, raw: str | None) -> Any:
    text = (raw or "").strip()
    if not text:
        return None
    if col.type == "integer":
        return int(text)
    if col.type == "decimal":
        return float(text)
    if col.type == "date":
        return dt.date.fromisoformat(text)
    return text
