"""The CLI's edges: commands that do not validate stay fast (no Great Expectations import),
human output in both languages, and no traceback ever."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from etl.config import DataDir
from tests.helpers import write

Coop = Callable[..., tuple[int, Any]]


def _run(*args: str, data_dir: DataDir) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args, "--data-dir", str(data_dir.root)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_commands_that_do_not_validate_never_import_great_expectations(data_dir: DataDir) -> None:
    probe = (
        "import sys; from etl.cli import main; "
        f"main(['history', '--data-dir', {str(data_dir.root)!r}, '--json']); "
        "main(['template', 'units']); "
        "print('GE' if 'great_expectations' in sys.modules else 'no GE', file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "no GE"


def test_human_report_in_both_languages(data_dir: DataDir, inbox: Path) -> None:
    write(inbox, "units.csv", "unit_id,name_zh,parent_unit_id\nHQ,本院,\nU1,化学所,NOPE\n")
    zh = _run("validate", str(inbox), "--lang", "zh", data_dir=data_dir)
    en = _run("validate", str(inbox), "--lang", "en", data_dir=data_dir)
    assert zh.returncode == en.returncode == 1
    # Row, the column as the file names it, the rule in words, then the message with the value.
    assert "第 3 行 · parent_unit_id · 引用：" in zh.stdout and "“NOPE”不存在" in zh.stdout
    assert "row 3 · parent_unit_id · reference: " in en.stdout
    assert "'NOPE', which is neither in the warehouse" in en.stdout
    for done in (zh, en):
        assert "Traceback" not in done.stdout + done.stderr


def test_json_report_has_the_contract_shape(coop: Coop, inbox: Path) -> None:
    write(inbox, "units.csv", "unit_id,name_zh\nHQ,\n")
    code, report = coop("validate", str(inbox))
    assert code == 1
    assert set(report) >= {"status", "files"} and report["status"] == "invalid"
    (file_report,) = report["files"]
    assert set(file_report) == {
        "path",
        "kind",
        "rows",
        "sha256",
        "errors",
        "warnings",
        "notes",
        "skipped_rows",
        "counts",
        "updates",
    }
    assert set(file_report["counts"]) == {"new", "replaced", "same"}
    (error,) = file_report["errors"]
    assert set(error) == {"row", "column", "value", "rule", "message"}
    assert (error["row"], error["column"], error["value"], error["rule"]) == (
        2,
        "name_zh",
        None,
        "required",
    )


def test_history_json_lists_runs_with_files(coop: Coop, inbox: Path) -> None:
    write(inbox, "units.csv", "unit_id,name_zh\nHQ,本院\n")
    assert coop("load", str(inbox), "--user", "li")[0] == 0
    code, history = coop("history")
    assert code == 0
    (run,) = history["runs"]
    assert run["user_name"] == "li" and run["source"] == "cli" and run["status"] == "accepted"
    assert run["files"][0]["name"] == "units.csv" and run["files"][0]["rows"] == 1
    json.dumps(history)  # plain JSON all the way down


def test_a_damaged_warehouse_is_one_clear_line_and_rebuild_mends_it(
    data_dir: DataDir, inbox: Path
) -> None:
    write(inbox, "units.csv", "unit_id,name_zh\nHQ,本院\n")
    assert _run("load", str(inbox), data_dir=data_dir).returncode == 0
    data_dir.warehouse.write_bytes(b"this is not a duckdb file")
    done = _run("history", "--lang", "en", data_dir=data_dir)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "coop rebuild" in done.stderr
    assert _run("rebuild", data_dir=data_dir).returncode == 0
    done = _run("history", "--json", data_dir=data_dir)
    assert json.loads(done.stdout)["runs"][0]["status"] == "accepted"


def test_no_module_of_the_library_imports_the_command_line() -> None:
    """`etl.cli` is the edge: it imports the library, never the other way round (only
    `python -m etl`'s `__main__` starts it)."""
    import ast

    import etl

    package = Path(etl.__file__).parent
    importers = []
    for path in sorted(package.rglob("*.py")):
        if path.name in ("cli.py", "__main__.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            if "etl.cli" in names:
                importers.append(path.name)
    assert importers == []
