"""Shared fixtures: every test gets its own temp data directory."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from etl.cli import main
from etl.config import DataDir

# "Today" is fixed for every test, and for the commands and servers they start (etl.clock):
# the demo data, the calendar's ongoing years and a target's share of the year depend on it.
# Mid-year, so the current year is neither empty nor complete.
FROZEN_TODAY = "2026-06-15"
os.environ["COOP_TODAY"] = FROZEN_TODAY


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder for the files a test writes before loading them."""
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


@pytest.fixture
def coop(data_dir: DataDir, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, Any]]:
    """Run the CLI in-process with --json; returns (exit code, parsed JSON or None)."""

    def run(*args: str, json_out: bool = True) -> tuple[int, Any]:
        argv = [*args, "--data-dir", str(data_dir.root)]
        if json_out:
            argv.append("--json")
        code = main(argv)
        out = capsys.readouterr().out
        if not json_out:
            return code, out
        lines = [ln for ln in out.splitlines() if ln.startswith("{")]
        return code, json.loads(lines[-1]) if lines else None

    return run


@pytest.fixture(autouse=True)
def _restore_umask() -> Any:
    """The dashboard sets a private umask where it starts (dashboard/app.py), and AppTest runs
    it in this process: every test gets the umask it started with back, so none depends on the
    order tests run in."""
    before = os.umask(0o022)
    os.umask(before)
    yield
    os.umask(before)
