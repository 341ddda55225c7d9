"""The package installs like a package: a wheel built from the sources, installed (not
editable) into a fresh virtual environment, runs `coop demo` in an empty folder outside the
checkout — so everything `etl` reads at run time (the Great Expectations suites, the indicator
SQL, the organization catalog) ships inside it and is found through `importlib.resources`.

Kept quick and offline: the wheel is built with the project venv's own setuptools
(`--no-build-isolation`, `--no-index`) from a copy of the sources, so no build files land in
the checkout; it is installed `--no-deps` into a venv made `--without-pip` (the project venv's
pip installs into it through `--python`); and that venv sees the project venv's installed
dependencies through a `.pth` file holding a plain path. A plain path in a `.pth` file only
extends `sys.path` — the `.pth` files in that folder, among them the editable install's finder,
are not run — and the new venv's own site-packages comes first, so the `etl` imported is the
wheel's: the test checks `etl.__file__` is inside the new venv.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import duckdb

from etl.schema import KINDS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "etl", "dashboard")  # what the build reads


def _run(argv: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, timeout=600, **kwargs
    )
    assert done.returncode == 0, f"{argv}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


def _wheel(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", wheels, source])
    (wheel,) = wheels.glob("coop_metrics-*.whl")
    return wheel


def test_the_wheel_installed_elsewhere_runs_the_demo(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for kind in KINDS:
        assert f"etl/suites/{kind}.json" in names
    assert "etl/catalog/organizations.csv" in names
    assert {f"etl/sql/{p.name}" for p in (ROOT / "etl" / "sql").glob("*.sql")} <= names

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", python]
    _run([*pip, "install", "--no-deps", "--no-index", wheel])
    purelib = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    (purelib / "project-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )

    elsewhere = tmp_path / "elsewhere"  # an empty folder outside the checkout
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COOP_DATA_DIR")}
    imported = _run([python, "-c", "import etl; print(etl.__file__)"], cwd=elsewhere, env=env)
    assert Path(imported.stdout.strip()).is_relative_to(venv)

    done = _run(
        [venv / "bin" / "coop", "demo", "--data-dir", "X", "--json"], cwd=elsewhere, env=env
    )
    assert json.loads(done.stdout.splitlines()[-1])["status"] == "accepted"
    con = duckdb.connect(str(elsewhere / "X" / "warehouse.duckdb"), read_only=True)
    try:
        for table in ("units", "conferences", "indicator_values"):
            (count,) = con.execute(f"SELECT count(*) FROM {table}").fetchone() or (0,)
            assert count > 0, table
    finally:
        con.close()
