"""Child: the physical baseline — plain DuckDB reading the same CSV files into a fresh file.

    python -m bench.baseline_child DB_FILE CSV...

One `CREATE TABLE t AS SELECT * FROM read_csv('file.csv')` per file, then close (which
checkpoints). Prints JSON: seconds inside DuckDB (connect → close) and rows per table.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb


def main(argv: list[str]) -> int:
    db, files = Path(argv[0]), [Path(a) for a in argv[1:]]
    for leftover in (db, db.with_name(db.name + ".wal")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(db))
    rows: dict[str, int] = {}
    for path in files:
        table = path.stem
        # CREATE TABLE AS answers with the number of rows it wrote.
        count = con.execute(
            f'CREATE TABLE "{table}" AS SELECT * FROM read_csv(?)', [str(path)]
        ).fetchone()
        rows[table] = int(count[0]) if count else 0
    con.close()
    print(json.dumps({"sql_s": time.perf_counter() - started, "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
