"""Stage timings for the benchmark: `with stage("read"):` adds the elapsed wall time to the
active collector, if any. Off by default; costs nothing measurable when off."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

_active: dict[str, float] | None = None


@contextlib.contextmanager
def collect() -> Iterator[dict[str, float]]:
    """Collect stage timings (seconds) of everything run inside the block."""
    global _active
    previous, _active = _active, {}
    try:
        yield _active
    finally:
        _active = previous


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    if _active is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        _active[name] = _active.get(name, 0.0) + time.perf_counter() - started
