"""Stage timings for the benchmark: `with stage("read"):` adds the elapsed wall time to the
active collector, if any. Off by default; costs nothing measurable when off.

A stage timed off the main thread (the write that runs while validation does) is recorded as
`parallel:<name>`: its time overlaps the main thread's. A stage opened inside another one of
the same thread (importing Great Expectations, the first time a batch is validated) is
recorded as `<outer>/<name>`: its time is part of the outer one's. So the main thread's
stages without a `/` alone add up to the whole call."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

PARALLEL = "parallel:"
WITHIN = "/"

_active: dict[str, float] | None = None
_open = threading.local()  # the name of the stage this thread is in, if any


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
    outer: str | None = getattr(_open, "name", None)
    if outer is not None:
        name = outer + WITHIN + name
    elif threading.current_thread() is not threading.main_thread():
        name = PARALLEL + name
    _open.name = name
    started = time.perf_counter()
    try:
        yield
    finally:
        collector[name] = collector.get(name, 0.0) + time.perf_counter() - started
        _open.name = outer
