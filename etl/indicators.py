"""The indicator layer: SQL views over the typed tables, and their materialisation.

The definitions live in `etl/sql/*.sql`, run in file-name order (staging views over the record
tables, then unit-level facts, then marts rolled up over the unit tree). The two catalogue views
they rely on, `indicator_catalog` and `depth_levels`, are generated here from `etl.schema` so
the indicator list is written only once.

`refresh(con)` is what loads call at publish time: for each materialised view `<name>`
(`MATERIALISED`) it computes `<name>_computed` once into `<name>_table`, and the view `<name>`
that readers query (the contract's `indicator_values`, the dashboard's `unit_closure`,
`unit_activity` and `unit_depth`) reads that small table. No `*_computed` definition reads a
materialised view, so each stays right even between a change of records and its refresh.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.resources.abc import Traversable

import duckdb

from etl.schema import DEPTH_LEVELS, INDICATORS

SQL_DIR: Traversable = resources.files("etl") / "sql"  # package data

VALUES_TABLE = "indicator_values_table"
COMPUTED_VIEW = "indicator_values_computed"

# Views stored as tables at publish time: `<name>` reads `<name>_table`, which refresh() fills
# from `<name>_computed` (the definition, in etl/sql). They are what readers ask for over and
# over, and too slow to compute per question at a million records.
MATERIALISED: dict[str, tuple[str, ...]] = {
    "indicator_values": ("year", "unit_id", "indicator", "value"),
    "unit_closure": ("ancestor_unit_id", "unit_id", "distance"),
    "unit_activity": ("year", "unit_id", "kind"),
    "unit_depth": ("year", "unit_id", "depth"),
}


def _materialise_sql(name: str, columns: tuple[str, ...]) -> str:
    listed = ", ".join(columns)
    return (
        f"CREATE OR REPLACE TABLE {name}_table AS SELECT {listed} FROM {name}_computed;\n"
        f"CREATE OR REPLACE VIEW {name} AS SELECT {listed} FROM {name}_table;\n"
    )


_MATERIALISE = "".join(_materialise_sql(name, cols) for name, cols in MATERIALISED.items())


def sql_files() -> list[Traversable]:
    """The SQL files in the order they run (their numeric prefixes sort by name)."""
    files = [p for p in SQL_DIR.iterdir() if p.is_file() and p.name.endswith(".sql")]
    return sorted(files, key=lambda p: p.name)


def _literal(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def _values_view(
    name: str, columns: tuple[str, ...], rows: list[tuple[str | int | bool, ...]]
) -> str:
    body = ",\n    ".join("(" + ", ".join(_literal(v) for v in row) + ")" for row in rows)
    return (
        f"CREATE OR REPLACE VIEW {name} AS\n"
        f"SELECT * FROM (VALUES\n    {body}\n) AS t({', '.join(columns)});\n"
    )


def catalog_sql() -> str:
    """`indicator_catalog` and `depth_levels`, generated from `etl.schema`."""
    indicators: list[tuple[str | int | bool, ...]] = [
        (n, i.id, i.zh, i.en, i.is_snapshot, i.measure, i.is_ratio)
        for n, i in enumerate(INDICATORS, start=1)
    ]
    levels: list[tuple[str | int | bool, ...]] = [tuple(level) for level in DEPTH_LEVELS]
    return _values_view(
        "indicator_catalog",
        ("sort_order", "indicator", "name_zh", "name_en", "is_snapshot", "measure", "is_ratio"),
        indicators,
    ) + _values_view("depth_levels", ("level", "label_zh", "label_en"), levels)


def _definitions() -> list[str]:
    return [catalog_sql()] + [path.read_text(encoding="utf-8") for path in sql_files()]


def _fingerprint(definitions: list[str]) -> str:
    return "etl.indicators " + hashlib.sha256("\n".join(definitions).encode()).hexdigest()


def _define(con: duckdb.DuckDBPyConnection) -> None:
    definitions = _definitions()
    for sql in definitions:
        con.execute(sql)
    # Remember which definitions are installed, so refresh() can skip re-creating them.
    con.execute(f"COMMENT ON VIEW {COMPUTED_VIEW} IS '{_fingerprint(definitions)}'")


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)define every indicator view. Idempotent; the record tables must already exist.

    When the installed definitions were older (or missing), the materialised tables are filled
    too: a view newly pointed at its table must not read an empty or outdated one, even if no
    refresh follows (a batch that is rejected publishes the redefined views all the same).
    """
    outdated = not views_current(con)
    _define(con)
    if outdated:
        con.execute(_MATERIALISE)


def views_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the installed view definitions are these (the fingerprint on the main view)."""
    row = con.execute(
        "SELECT comment FROM duckdb_views() WHERE view_name = ?"
        " AND database_name = current_database() AND schema_name = current_schema()",
        [COMPUTED_VIEW],
    ).fetchall()
    return bool(row) and row[0][0] == _fingerprint(_definitions())


def _in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the caller has a transaction open (a failed BEGIN would abort theirs).

    In auto-commit mode every statement runs in a transaction of its own, so two consecutive
    statements see different transaction ids; inside an open transaction they see the same one.
    """
    ids = [con.execute("SELECT txid_current()").fetchall()[0][0] for _ in range(2)]
    return ids[0] == ids[1]


def refresh(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute every materialised view into its table; return `indicator_values`' row count.

    Runs in one transaction (or inside the caller's, if one is open), so readers see either the
    old values or the new ones.
    """
    own_transaction = not _in_transaction(con)
    if own_transaction:
        con.begin()
    try:
        if not views_current(con):
            _define(con)
        con.execute(_MATERIALISE)
        rows = con.execute(f"SELECT count(*) FROM {VALUES_TABLE}").fetchall()
        if own_transaction:
            con.commit()
    except BaseException:
        if own_transaction:
            con.rollback()
        raise
    return int(rows[0][0])
