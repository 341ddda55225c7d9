"""Great Expectations (seconds to import) is loaded only when the Data page validates a batch:
never by importing a dashboard module, never by rendering any page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.dashboard.conftest import APP, PAGES, ROOT, signed_in_as

MODULES = (
    "dashboard.app",
    "dashboard.chartbook",
    "dashboard.charts",
    "dashboard.export",
    "dashboard.filters",
    "dashboard.formatting",
    "dashboard.i18n",
    "dashboard.markup",
    "dashboard.palette",
    "dashboard.panels",
    "dashboard.panels.overview",
    "dashboard.queries",
    "dashboard.state",
    "dashboard.style",
    "dashboard.ui",
    "dashboard.upload",
    "dashboard.views",
    "dashboard.warehouse",
)


def test_importing_the_dashboard_does_not_import_great_expectations() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import " + ", ".join(MODULES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert not {name for name in imported if name.startswith("great_expectations")}
    assert "dashboard.queries" in imported  # the check saw the imports at all


RENDER_THEN_VALIDATE = """
import os, sys
os.environ["COOP_DATA_DIR"] = sys.argv[1]
from streamlit.testing.v1 import AppTest

at = AppTest.from_file(sys.argv[2], default_timeout=60)
at.session_state["auth.user"] = sys.argv[4]
at.run()
for page in sys.argv[3].split(","):
    at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, (page, [e.value for e in at.exception])
print("before", "great_expectations" in sys.modules)
at.file_uploader[0].set_value(("units.csv", "unit_id,name_zh\\nX1,单位\\n".encode(), "text/csv")).run()
print("after", "great_expectations" in sys.modules)
"""


def test_pages_render_without_great_expectations_until_a_validation(demo_dir: Path) -> None:
    analyst = signed_in_as(demo_dir, "analyst")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            RENDER_THEN_VALIDATE,
            str(demo_dir),
            str(APP),
            ",".join(PAGES),
            analyst,
        ],  # fmt: skip
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert "before False" in lines, result.stdout
    assert "after True" in lines, result.stdout
