"""The benchmark behind `make bench`: how long `coop load`, a correction, a rebuild, the
dashboard's queries and the dashboard's start take on demo batches of 10k, 100k and 1M fact
rows, against plain DuckDB reading the same CSV files.

Everything that is timed runs in a fresh child process (`bench.procs.run_child`): wall time and
peak RSS are that child's alone. The helpers the children run are the `*_child` modules here.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
