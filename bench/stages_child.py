"""Child: run one load through the real pipeline and print its stage timings as JSON.

    python -m bench.stages_child DATA_DIR PATH...

The same call `coop load` makes (`etl.pipeline.run_batch`), inside `etl.timing.collect()`, so
every stage the pipeline marks (read, normalize, validate_ge, validate_cross, archive, copy,
write, indicators, publish) is reported with its seconds, plus the imports and the whole call.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402 — the clock starts before the imports it measures
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from etl import timing  # noqa: E402
from etl.config import DataDir  # noqa: E402
from etl.pipeline import run_batch  # noqa: E402


def main(argv: list[str]) -> int:
    imported = time.perf_counter()
    data_dir, paths = DataDir(Path(argv[0])), [Path(a) for a in argv[1:]]
    with timing.collect() as stages:
        called = time.perf_counter()
        report = run_batch(paths, data_dir=data_dir, source="cli", user="bench")
        finished = time.perf_counter()
    print(
        json.dumps(
            {
                "status": report.status,
                "rows": report.row_count,
                "errors": report.error_count,
                "import_s": imported - STARTED,
                "run_batch_s": finished - called,
                "total_s": finished - STARTED,
                "stages": dict(stages),
            }
        )
    )
    return 0 if report.status in ("accepted", "unchanged") else 1


if __name__ == "__main__":
    # End as `coop` does (etl.cli.entry): flush, then leave without interpreter teardown.
    code = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(code)
