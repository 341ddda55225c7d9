"""Child: write one benchmark batch with the project's demo factory, plus a 100-row correction.

    python -m bench.generate_child FACT_ROWS SEED TODAY OUT_DIR

`OUT_DIR/batch/` gets the CSV files of every record kind (`etl.demo.write_files`, plain style);
`OUT_DIR/correction/conferences.csv` gets 100 of those conferences with corrected values (same
ids, so loading it replaces them). Prints one JSON object: rows per kind, bytes, seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import polars as pl

from etl import demo

CORRECTION_ROWS = 100
CORRECTION_KIND = "conferences"


def correction(frame: pl.DataFrame, seed: int, rows: int = CORRECTION_ROWS) -> pl.DataFrame:
    """`rows` existing records with plausible corrections: one more staff member, a retitle."""
    picked = frame.sample(n=min(rows, frame.height), seed=seed, shuffle=True)
    changes = [pl.col("title") + " (corrected)"]
    if "staff_attending" in frame.columns:
        changes.append(pl.col("staff_attending").fill_null(0) + 1)
    return picked.with_columns(changes)


def main(argv: list[str]) -> int:
    fact_rows, seed, today, out = (
        int(argv[0]),
        int(argv[1]),
        dt.date.fromisoformat(argv[2]),
        argv[3],
    )
    out_dir = Path(out)
    started = time.perf_counter()
    frames = demo.generate(seed, fact_rows=fact_rows, today=today)
    generated = time.perf_counter()
    files = demo.write_files(frames, out_dir / "batch")
    fix = correction(frames[CORRECTION_KIND], seed)
    fix_files = demo.write_files({CORRECTION_KIND: fix}, out_dir / "correction")
    written = time.perf_counter()
    print(
        json.dumps(
            {
                "fact_rows": fact_rows,
                "rows": {kind: frame.height for kind, frame in frames.items()},
                "fact_rows_actual": sum(frames[k].height for k in demo.FACT_KINDS if k in frames),
                "files": [str(p) for p in files],
                "csv_bytes": sum(p.stat().st_size for p in files),
                "correction_files": [str(p) for p in fix_files],
                "correction_rows": fix.height,
                "generate_s": generated - started,
                "write_s": written - generated,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
