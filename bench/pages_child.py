"""Child: time every dashboard page's queries against the warehouse in `$COOP_DATA_DIR`.

    python -m bench.pages_child REPEAT [--render]

For each page of the router (`dashboard.app`) and each filter variant (the whole academy; one
unit's subtree with one organization scope), the page's full set of queries (`bench.pages`) is
(read from the panel declarations) run through `dashboard.queries` with its cache cleared first — what the first reader after a
load waits for. With `--render`, every page is also run once for real in Streamlit's AppTest
(charts and all). Before anything else, and again after the renders, it checks that the viewing
path has not imported Great Expectations. Prints one JSON object.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import datetime as dt  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

GE = "great_expectations"


def viewing_modules(dashboard_dir: Path) -> list[str]:
    """Every dashboard module except the page scripts (they run when imported)."""
    names = []
    for path in dashboard_dir.rglob("*.py"):
        parts = path.relative_to(dashboard_dir).with_suffix("").parts
        if parts[0] == "screens":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(("dashboard", *parts)))
    return sorted(names)


def import_viewing_path(dashboard_dir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    failed: dict[str, str] = {}
    names = viewing_modules(dashboard_dir)
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a module mid-edit elsewhere must not stop the benchmark
            failed[name] = f"{type(exc).__name__}: {exc}"[:200]
    return {
        "modules": names,
        "failed": failed,
        "import_s": time.perf_counter() - started,
        "ge_imported": GE in sys.modules,
        "ge_modules": sorted(m for m in sys.modules if m.split(".")[0] == GE)[:5],
    }


def context(queries: Any, variant: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The values a reader has on screen, and fallbacks for parameters that need a unit."""
    import duckdb

    from dashboard.filters import Filters
    from etl.schema import INDICATOR_IDS

    status = queries.warehouse_status()
    this_year = dt.date.today().year
    years = [y for y in status.years if y <= this_year] or list(status.years)
    if not years:
        raise RuntimeError(f"the warehouse has no indicator years: {status}")
    year_from, year_to = years[max(0, len(years) - 10)], years[-1]
    con = duckdb.connect(str(queries.warehouse_path()), read_only=True)
    try:
        root = con.execute("SELECT unit_id FROM units WHERE parent_unit_id IS NULL LIMIT 1")
        root_unit = root.fetchone()[0]  # type: ignore[index]
        # Level-1 units with the most units below them: the heaviest subtree filters.
        big = con.execute(
            """
            WITH RECURSIVE sub(top, unit_id) AS (
                SELECT unit_id, unit_id FROM units WHERE parent_unit_id = $root
                UNION ALL
                SELECT s.top, u.unit_id FROM units u JOIN sub s ON u.parent_unit_id = s.unit_id
            )
            SELECT top FROM sub GROUP BY top ORDER BY count(*) DESC, top LIMIT 2
            """,
            {"root": root_unit},
        ).fetchall()
        busiest = con.execute(
            "SELECT org_id FROM conferences WHERE org_id IS NOT NULL "
            "GROUP BY org_id ORDER BY count(*) DESC, org_id LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    subunits = [row[0] for row in big] or [root_unit]
    unit_a, unit_b = subunits[0], subunits[-1]
    if variant == "academy":
        filters = Filters(year_from, year_to)
    else:
        filters = Filters(year_from, year_to, unit_id=unit_a, scope="specialized")
    values = {
        "filters": filters,
        "year": year_to,
        "year_from": year_from,
        "year_to": year_to,
        "today": dt.date.today(),
        "unit_id": filters.unit_id,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "org_id": busiest[0] if busiest else None,
        "indicator": "posts_held",
        "indicators": tuple(INDICATOR_IDS),
        "search": "",
    }
    return values, {"unit_id": root_unit}


def time_pages(queries: Any, specs: list[Any], repeat: int) -> dict[str, Any]:
    from bench.pages import Unresolvable, bind, public_queries

    functions = public_queries(queries)
    pages: dict[str, Any] = {}
    for variant in ("academy", "unit_scope"):
        values, fallbacks = context(queries, variant)
        for spec in specs:
            calls: list[tuple[str, Any, dict[str, Any]]] = []
            skipped: dict[str, str] = {}
            seen: Counter[str] = Counter()
            for fn, fixed in spec.asked:
                name = fn.__name__
                try:
                    calls.append((name, fn, bind(fn, {**values, **fixed}, fallbacks, seen[name])))
                except Unresolvable as exc:
                    skipped[name] = f"no value for parameter {exc}"
                seen[name] += 1
            totals: list[float] = []
            per_query: dict[str, list[float]] = {}
            for _ in range(repeat):
                queries.clear_cache()
                started = time.perf_counter()
                for i, (name, fn, args) in enumerate(calls):
                    t0 = time.perf_counter()
                    fn(**args)
                    per_query.setdefault(f"{i:02d} {name}", []).append(time.perf_counter() - t0)
                totals.append(time.perf_counter() - started)
            entry = pages.setdefault(
                spec.key, {"file": spec.file.name, "exists": spec.file.exists(), "variants": {}}
            )
            entry["variants"][variant] = {
                "median_ms": 1000 * statistics.median(totals) if totals else 0.0,
                "runs_ms": [1000 * t for t in totals],
                # "NN name": the call's position on the page, then the query function.
                "queries_ms": {k: 1000 * statistics.median(v) for k, v in per_query.items()},
                "query_count": len(calls),
                "skipped": skipped,
            }
    called = {name for spec in specs for name in spec.calls}
    return {"pages": pages, "uncovered": sorted(set(functions) - called)}


def open_cost_ms(tries: int = 20) -> float:
    """What opening the warehouse costs: `dashboard.warehouse` does it once per published file,
    so the first query after a load pays it (the page timings above reuse the open connection)."""
    from dashboard import warehouse

    path = warehouse.warehouse_path()
    times = []
    for _ in range(tries):
        warehouse.close_connections()
        started = time.perf_counter()
        warehouse._read(path, "SELECT 1", ())
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def render_pages(app_file: Path, pages: list[tuple[str, str]], queries: Any) -> dict[str, Any]:
    """Run every page once, for real, in Streamlit's AppTest (cold cache): seconds per page."""
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    rendered: dict[str, Any] = {}
    app = AppTest.from_file(str(app_file), default_timeout=120)
    user = os.environ.get("COOP_BENCH_USER")
    if user:  # signed in, as the dashboard's login form leaves the session
        from dashboard import auth

        app.session_state[getattr(auth, "SESSION_KEY", "auth.user")] = user
    for i, (key, file) in enumerate(pages):
        queries.clear_cache()
        started = time.perf_counter()
        try:
            if i:
                app.switch_page(f"screens/{file}" if "/" not in file else file)
            app.run()
            errors = [str(e.value)[:300] for e in app.exception]
        except Exception as exc:
            errors = [f"{type(exc).__name__}: {exc}"[:300]]
        rendered[key] = {"ms": 1000 * (time.perf_counter() - started), "errors": errors}
    return rendered


def main(argv: list[str]) -> int:
    repeat = int(argv[0]) if argv else 5
    render = "--render" in argv
    from bench import ROOT
    from bench.pages import page_specs

    dashboard_dir = ROOT / "dashboard"
    before = import_viewing_path(dashboard_dir)
    from dashboard import app, queries

    extra = [
        getattr(app, name)
        for name in ("DATA_PAGE", "USERS_PAGE", "SETTINGS_PAGE")
        if hasattr(app, name)
    ]
    router = [(key, file) for key, file, _ in (*app.DASHBOARD_PAGES, *extra)]
    pages_dir = Path(app.PAGES_DIR)
    specs = page_specs(pages_dir, router)
    result: dict[str, Any] = {"viewing_path": before, "repeat": repeat}
    result.update(time_pages(queries, specs, repeat))
    result["open_ms"] = open_cost_ms()
    if render:
        rel = [(k, str((pages_dir / f).relative_to(dashboard_dir))) for k, f in router]
        result["render"] = render_pages(dashboard_dir / "app.py", rel, queries)
        result["ge_imported_after_render"] = GE in sys.modules
    result["child_s"] = time.perf_counter() - STARTED
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
