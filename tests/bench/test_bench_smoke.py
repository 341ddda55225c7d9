"""A smoke run of the benchmark code at a tiny size: every measurement runs once and the results
have the shape the report and the README rely on. (The benchmark itself is `make bench`.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import report
from bench.pages import bind, page_specs, public_queries
from bench.run import Config, run_benchmark, write_results
from dashboard import charts
from etl import clock

SIZE = 2000


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("bench-work")
    cfg = Config(
        sizes=[SIZE],
        repeat=1,
        out=work / "results",
        work=work,
        today=clock.today(),
        timeout_s=120.0,
        dashboard=False,
        render=False,
        page_repeat=1,
        log=lambda line: None,
    )
    return run_benchmark(cfg)


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and value > 0


def test_load_is_timed_against_the_baseline(result: dict[str, Any]) -> None:
    (load,) = result["loads"]
    assert load["size"] == SIZE
    assert set(load["rows"]) >= {"units", "organizations", "conferences", "posts", "memberships"}
    assert _positive(load["csv_bytes"])
    assert _positive(load["baseline"]["wall_s"]) and _positive(load["baseline"]["sql_s"])
    assert _positive(load["load"]["wall_s"]) and _positive(load["load"]["rss_mib"])
    assert all(run["status"] == "accepted" for run in load["load"]["runs"])
    assert _positive(load["ratio"]) and _positive(load["ratio_in_process"])
    main_thread = ("read", "normalize", "validate_ge", "validate_cross", "write", "publish")
    # The batch is written while it is validated, in another thread (etl.pipeline.Prewrite).
    parallel = ("parallel:copy", "parallel:write", "parallel:indicators")
    # Validation imports Great Expectations first: part of its stage.
    assert 0 < load["stages"]["validate_ge/gx_import"] < load["stages"]["validate_ge"]
    for stage in (*main_thread, "wait_write", *parallel):
        assert _positive(load["stages"][stage]), stage
    # Only the main thread's stages add up to the call: what is left over is small, never < 0.
    assert 0 <= load["stages"]["_other"] < 0.5 * load["stages"]["_total_in_process"]
    assert load["stages"]["_wall"] >= load["stages"]["_total_in_process"] > 0


def test_correction_rebuild_and_pages_are_timed(result: dict[str, Any]) -> None:
    correction = result["correction"]
    assert correction["rows"] == 100
    assert _positive(correction["wall_s"])
    assert all(run["status"] == "accepted" for run in correction["runs"])
    assert _positive(result["rebuild"]["wall_s"])
    report = result["report"]
    assert _positive(report["pdf_s"]) and _positive(report["docx_s"])
    assert _positive(report["pdf_bytes"]) and _positive(report["docx_bytes"])
    upload = result["upload_correction"]
    assert all(run["status"] == "accepted" for run in upload["runs"])
    assert all(run["validate_status"] == "valid" for run in upload["runs"])
    assert _positive(upload["validate_s"]) and _positive(upload["load_s"])
    assert upload["total_s"] >= upload["load_s"]
    pages = result["pages"]
    assert pages["viewing_path"]["ge_imported"] is False
    assert {"overview", "modes", "paths", "safeguards", "units"} <= set(pages["pages"])
    for key, page in pages["pages"].items():
        for variant in ("academy", "unit_scope"):
            entry = page["variants"][variant]
            if entry["query_count"]:
                assert _positive(entry["median_ms"]), (key, variant)
                assert all(ms > 0 for ms in entry["queries_ms"].values())


def test_targets_and_written_results(result: dict[str, Any], tmp_path: Path) -> None:
    names = [t["target"] for t in result["targets"]]
    assert len(names) >= 5
    assert all(t["met"] in (True, False, None) for t in result["targets"])
    paths = write_results(result, tmp_path)
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["schema"] == result["schema"]
    text = paths["md"].read_text(encoding="utf-8")
    assert "## Targets" in text and "Machine:" in text
    assert text == report.markdown(result)
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# x\n\n## Performance\n\n{report.README_START}\nSTALE-RESULTS\n{report.README_END}\n\nrest\n",
        encoding="utf-8",
    )
    assert report.update_readme(readme, result)
    updated = readme.read_text(encoding="utf-8")
    assert "STALE-RESULTS" not in updated and updated.endswith("rest\n")
    assert "#### Targets" in updated  # nested under the README's section


def test_page_specs_read_the_panel_declarations(tmp_path: Path) -> None:
    from dashboard import queries
    from dashboard.panels.overview import PAGE

    (spec, data, missing) = page_specs(
        tmp_path, [("overview", "overview.py"), ("data", "data.py"), ("nothing", "x.py")]
    )
    own = [question.__name__ for question, _ in PAGE.asked()]
    assert spec.calls == ["warehouse_status", "units", *own]
    assert "target_progress" in own and own.count("indicator_year") == 2
    # A panel's fixed arguments come with its question (the trend's indicators).
    fixed = dict((q.__name__, args) for q, args in spec.asked if args)
    assert fixed["indicator_series"]["indicators"] == tuple(charts.MODE_INDICATORS.values())
    assert data.calls == ["warehouse_status", "load_runs", "load_files"]  # no sidebar filters
    assert missing.calls == ["warehouse_status", "units"]
    assert set(own) <= set(public_queries(queries))


def test_bind_by_parameter_name() -> None:
    def indicator_year(unit_id: str | None, year: int, limit: int = 5) -> None: ...

    def family(unit_id: str, year: int) -> None: ...

    context = {"unit_id": None, "year": 2024}
    assert bind(indicator_year, context, {}, 0) == {"unit_id": None, "year": 2024}
    assert bind(indicator_year, context, {}, 1) == {"unit_id": None, "year": 2023}
    assert bind(family, context, {"unit_id": "HQ"}, 0) == {"unit_id": "HQ", "year": 2024}
