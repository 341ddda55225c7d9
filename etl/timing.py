"""Stage timings for the benchmark: `with stage("read"):` adds the elapsed wall time to the
active collector, if any. Off by default; costs nothing measurable when off.

A stage timed off the main thread (the write that runs while validation does, the import of
Great Expectations) is recorded as `parallel:<name>`: its time overlaps the main thread's, so
the main thread's stages alone add up to the whole call."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

PARALLEL = "parallel:"

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
    collector = _active
    if collector is None:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        name = PARALLEL + name
    started = time.perf_counter()
    try:
        yield
    finally:
        collector[name] = collector.get(name, 0.0) + time.perf_counter() - started
