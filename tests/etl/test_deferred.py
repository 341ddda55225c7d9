"""Deferred imports: a stand-in runs its module's code on first use, and a load never runs the
code of the modules Great Expectations imports only for features we don't use."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.deferred import Deferred, deferring


@pytest.fixture
def heavy_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A module that counts how often its code runs (in `builtins`, which outlives it)."""
    name = f"coop_heavy_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(
        textwrap.dedent(
            """
            import builtins
            builtins.coop_heavy_runs = getattr(builtins, "coop_heavy_runs", 0) + 1
            ANSWER = 42
            def double(x):
                return 2 * x
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import builtins

    monkeypatch.setattr(builtins, "coop_heavy_runs", 0, raising=False)
    yield name
    sys.modules.pop(name, None)


def runs() -> int:
    import builtins

    return int(builtins.coop_heavy_runs)  # type: ignore[attr-defined]


def test_importing_a_deferred_module_runs_none_of_its_code(heavy_module: str) -> None:
    with deferring([heavy_module]) as deferred:
        module = __import__(heavy_module)
    assert deferred == [heavy_module]
    assert isinstance(module, Deferred) and not module.is_loaded
    assert runs() == 0
    # First use runs it, once; the stand-in then answers like the module.
    assert module.ANSWER == 42
    assert module.double(4) == 8
    assert runs() == 1 and module.is_loaded


def test_after_the_block_import_gives_the_real_module(heavy_module: str) -> None:
    with deferring([heavy_module]):
        stand_in = __import__(heavy_module)
    real = __import__(heavy_module)
    assert not isinstance(real, Deferred)
    assert runs() == 1
    assert stand_in.ANSWER == real.ANSWER  # the stand-in uses that same module
    assert runs() == 1


def test_modules_already_imported_or_missing_are_left_alone(heavy_module: str) -> None:
    real = __import__(heavy_module)
    with deferring([heavy_module, "coop_no_such_module_anywhere"]) as deferred:
        assert sys.modules[heavy_module] is real
    assert deferred == []
    with pytest.raises(ModuleNotFoundError):
        __import__("coop_no_such_module_anywhere")


def test_validating_a_batch_never_runs_scipy_stats_or_altair(tmp_path: Path, inbox: Path) -> None:
    """The whole point: a real validation (a fresh process) runs Great Expectations, which
    imported the stand-ins of what it was told to defer and never used them.

    When a Great Expectations upgrade starts using one of them (its real code runs) or stops
    importing it (no module holds its stand-in), this fails: the deferral no longer saves
    anything, and `etl.expectations.DEFERRED_IMPORTS` (or `etl.deferred`) should go."""
    (inbox / "units.csv").write_text(
        "unit_id,name_zh,parent_unit_id\nHQ,江南省科学院,\nU1,化学研究所,HQ\nbad\tid,x,HQ\n",
        encoding="utf-8",
    )
    script = textwrap.dedent(
        f"""
        import sys, types
        from pathlib import Path
        from etl.config import DataDir
        from etl.pipeline import check
        checked = check([Path({str(inbox)!r})], DataDir(Path({str(tmp_path / "data")!r})))
        from etl.deferred import Deferred
        from etl.expectations import DEFERRED_IMPORTS
        rules = sorted({{p.rule for r in checked.reports for p in r.errors}})
        real = [n for n in DEFERRED_IMPORTS
                if isinstance(sys.modules.get(n), types.ModuleType)
                and not isinstance(sys.modules[n], Deferred)]
        held = {{value.__name__ for name, module in list(sys.modules.items())
                 if name.startswith("great_expectations") and module is not None
                 for value in list(vars(module).values())
                 if isinstance(value, Deferred) and not value.is_loaded}}
        print(rules, real, sorted(held) == sorted(DEFERRED_IMPORTS))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    # The id rule is one of the suite's expectations: Great Expectations did run.
    assert done.stdout.split() == ["['id_format']", "[]", "True"]
