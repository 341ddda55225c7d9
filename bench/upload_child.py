"""Child: the correction as an analyst makes it on the Data page, in a dashboard process that
has validated an upload before: drop the files (validated at once), then confirm (loaded).

    python -m bench.upload_child DATA_DIR PATH...

The same calls the Data page makes (`dashboard.upload.run`, validate then load). The server
process imports Great Expectations at its first upload and keeps it; a validation of the same
files first stands for that earlier upload. Prints JSON seconds.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from dashboard import upload
from etl.config import DataDir


def main(argv: list[str]) -> int:
    data_dir, paths = DataDir(Path(argv[0])), [Path(a) for a in argv[1:]]
    uploads = [upload.Upload(p.name, p.read_bytes()) for p in paths]
    started = time.perf_counter()
    upload.run(uploads, data_dir=data_dir, mode="validate")  # the process's earlier upload
    warmed = time.perf_counter()
    validated = upload.run(uploads, data_dir=data_dir, mode="validate")
    checked = time.perf_counter()
    loaded = upload.run(uploads, data_dir=data_dir, mode="load", user="bench")
    finished = time.perf_counter()
    print(
        json.dumps(
            {
                "status": loaded.report.status,
                "validate_status": validated.report.status,
                "first_upload_s": warmed - started,
                "validate_s": checked - warmed,
                "load_s": finished - checked,
                "total_s": finished - warmed,
            }
        )
    )
    return 0 if loaded.report.status == "accepted" else 1


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(code)
