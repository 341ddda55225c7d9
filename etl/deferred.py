"""Import a module's name now and its code on first use.

Great Expectations imports `scipy.stats` and `altair` when it is imported, for expectations and
renderers a load never runs (KL divergence, distribution tests, charts of results). They are
over a third of its import time — about a second — and every `coop load` would pay it.
`deferring(...)` puts stand-ins for them into `sys.modules` while such an import runs. A
stand-in imports the real module the first time anything reads an attribute of it, so nothing
behaves differently, only later; after the block, `import` gives the real module as usual.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import types
from collections.abc import Iterable, Iterator


class Deferred(types.ModuleType):
    """A module whose code runs on the first attribute read that its own names don't answer."""

    def __getattr__(self, attribute: str) -> object:
        real = self.__dict__.get("_deferred_module")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_deferred_module"] = real
        return getattr(real, attribute)

    @property
    def is_loaded(self) -> bool:
        return self.__dict__.get("_deferred_module") is not None


def _stand_in(name: str) -> Deferred | None:
    try:
        spec = importlib.util.find_spec(name)  # imports the parent package, not the module
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None  # not installed: let the real import fail where it would have
    module = Deferred(name)
    module.__spec__ = spec
    module.__loader__ = spec.loader
    module.__package__ = spec.parent
    return module


@contextlib.contextmanager
def deferring(names: Iterable[str]) -> Iterator[list[str]]:
    """Within the block, importing any of `names` (not imported yet) runs none of its code.

    Yields the names that were deferred. Stand-ins that modules imported in the block hold stay
    valid; those nobody took are removed from `sys.modules` on leaving the block.
    """
    installed: dict[str, Deferred] = {}
    for name in names:
        if name in sys.modules:
            continue
        stand_in = _stand_in(name)
        if stand_in is not None:
            installed[name] = sys.modules[name] = stand_in
    try:
        yield list(installed)
    finally:
        for name, stand_in in installed.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
