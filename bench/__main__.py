"""`python -m bench [--sizes 10000,100000,1000000] [--repeat 3] [--out bench/results]`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bench import RESULTS_DIR, ROOT
from bench.report import README_START, update_readme
from bench.run import DEFAULT_SIZES, Config, run_benchmark, write_results


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from None
    if not sizes or min(sizes) < 500:
        raise argparse.ArgumentTypeError("sizes must be at least 500 fact rows")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        help="fact rows per batch, comma-separated (default: 10000,100000,1000000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (median quoted)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="results folder")
    parser.add_argument("--work", type=Path, help="scratch folder (default: $TMPDIR/coop-bench)")
    parser.add_argument("--seed", type=int, default=20240601, help="demo generator seed")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per measured child")
    parser.add_argument(
        "--no-dashboard", action="store_true", help="skip starting the Streamlit server"
    )
    parser.add_argument(
        "--no-render", action="store_true", help="skip rendering the pages in AppTest"
    )
    parser.add_argument(
        "--update-readme",
        action="store_true",
        help="also put the results into README.md's Performance section",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    cfg = Config(
        sizes=args.sizes,
        repeat=args.repeat,
        out=args.out,
        seed=args.seed,
        today=dt.date.today(),
        timeout_s=args.timeout,
        dashboard=not args.no_dashboard,
        render=not args.no_render,
        log=lambda line: print(line, flush=True),
    )
    if args.work:
        cfg.work = args.work
    result = run_benchmark(cfg)
    paths = write_results(result, cfg.out)
    print()
    print(paths["md"].read_text(encoding="utf-8"))
    print(f"written: {paths['md']}, {paths['json']}")
    if args.update_readme:
        readme = ROOT / "README.md"
        if update_readme(readme, result):
            print(f"updated: {readme}")
        else:
            print(f"{readme} has no bench markers ({README_START}); not updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
