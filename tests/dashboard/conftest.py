"""Dashboard fixtures: one demo data directory for the session, loaded by the real pipeline,
and a way to open any page of the app in Streamlit's AppTest against it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from etl import clock
from etl.config import DataDir

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
PAGES = ("overview", "modes", "paths", "safeguards", "units", "organizations", "data")
LANGS = ("zh", "en")
APP_TIMEOUT_S = 60

OpenPage = Callable[..., AppTest]


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo data directory (warehouse, archive) built once through `etl.pipeline.load_demo`."""
    from etl.pipeline import load_demo

    root = tmp_path_factory.mktemp("demo") / "data"
    report = load_demo(DataDir(root))
    assert report.status == "accepted", report.to_json("en")
    return root


@pytest.fixture
def private_demo_dir(demo_dir: Path, tmp_path: Path) -> Path:
    """A copy of the demo data a test may change (loads) without touching the shared one."""
    copy = tmp_path / "data"
    shutil.copytree(demo_dir, copy, ignore=shutil.ignore_patterns(".coop.lock", ".staging"))
    return copy


TEST_PASSWORD = "a test password"


def signed_in_as(data_dir: Path, role: str) -> str:
    """A user of that role in the data dir's user store (created once); returns its name."""
    from etl import users

    name = f"test-{role}"
    if name not in users.load_users(DataDir(data_dir)):
        users.add_user(DataDir(data_dir), name, role, TEST_PASSWORD)
    return name


def _open(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> OpenPage:
    monkeypatch.setenv("COOP_DATA_DIR", str(data_dir))

    def open_page(
        page: str = "overview", lang: str = "zh", role: str | None = "analyst", **state: Any
    ) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT_S)
        at.session_state["lang"] = lang
        if role is not None:
            # What a successful sign-in leaves in the server-side session: the user's name.
            # The role itself is read from the user store on every run.
            at.session_state["auth.user"] = signed_in_as(data_dir, role)
        for key, value in state.items():
            at.session_state[key] = value
        if page != "overview":
            # The url_path of every page is its file's stem, so this works before a first run.
            at.switch_page(f"screens/{page}.py")
        return at.run()

    return open_page


@pytest.fixture
def open_page(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> OpenPage:
    return _open(demo_dir, monkeypatch)


@pytest.fixture
def open_page_in(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], OpenPage]:
    """Open pages against another data directory (empty, private copy …)."""

    def bind(data_dir: Path) -> OpenPage:
        return _open(data_dir, monkeypatch)

    return bind


@pytest.fixture(autouse=True)
def _fresh_query_cache() -> Iterator[None]:
    # Results are cached on the warehouse file's identity; tests that rewrite a file within
    # the same mtime tick must not see a stale answer.
    from dashboard import queries

    queries.clear_cache()
    yield


def warehouse(data_dir: Path, sql: str, params: list[Any] | None = None) -> pl.DataFrame:
    con = clock.bind(duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True))
    try:
        return con.sql(sql, params=params or None).pl()
    finally:
        con.close()


def indicator(data_dir: Path, name: str, year: int, unit_id: str | None = None) -> float:
    frame = warehouse(
        data_dir,
        "SELECT value FROM indicator_values WHERE indicator = ? AND year = ? "
        "AND unit_id IS NOT DISTINCT FROM ?",
        [name, year, unit_id],
    )
    return float(frame["value"][0])


def latest_year(data_dir: Path) -> int:
    """The year the pages open on: the latest reporting year up to this one."""
    frame = warehouse(
        data_dir,
        "SELECT max(year) AS y FROM indicator_values WHERE year <= ?",
        [clock.today().year],
    )
    return int(frame["y"][0])


def chart_data(at: AppTest) -> dict[str, pl.DataFrame]:
    """Every chart on the page: its title → the data it draws."""
    import json

    charts: dict[str, pl.DataFrame] = {}
    for element in at.get("vega_lite_chart"):
        proto = element.proto
        spec = json.loads(proto.spec)
        title = spec.get("title", {}).get("text", "")
        frame = pl.DataFrame()
        if proto.data.data:  # Streamlit moved the data into Arrow
            drawn = pl.from_arrow(pa.ipc.open_stream(proto.data.data).read_all())
            assert isinstance(drawn, pl.DataFrame)
            frame = drawn
        elif isinstance(spec.get("data"), dict) and "values" in spec["data"]:
            frame = pl.DataFrame(spec["data"]["values"])
        charts[title] = frame
    return charts


def no_errors(at: AppTest) -> None:
    """No exception element and no error alert on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}
