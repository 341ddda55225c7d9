"""Named fault points for crash tests: `COOP_FAULT_POINT=name` makes the process SIGKILL
itself when it reaches that point, so tests can kill a load at exact moments (as SQLite's
test hooks do) instead of guessing with timers. Unset, each point costs one dict lookup."""

from __future__ import annotations

import os
import signal

ENV = "COOP_FAULT_POINT"
POINTS = (
    "after_read",
    "after_validate",
    "after_archive",
    "after_write",
    "before_replace",
    "after_replace",
    "after_manifest",
)


def point(name: str) -> None:
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
