"""Stage timings: stages of other threads are told apart, so the main thread's add up."""

from __future__ import annotations

import threading
import time

from etl import timing


def test_stages_add_up_and_other_threads_are_marked_parallel() -> None:
    def background() -> None:
        with timing.stage("write"):
            time.sleep(0.05)

    with timing.collect() as stages:
        worker = threading.Thread(target=background)
        worker.start()
        with timing.stage("validate"):
            time.sleep(0.02)
        with timing.stage("validate"):
            time.sleep(0.02)
        worker.join()
    assert set(stages) == {"validate", timing.PARALLEL + "write"}
    assert stages["validate"] >= 0.04
    assert stages[timing.PARALLEL + "write"] >= 0.05


def test_nothing_is_collected_outside_a_collector() -> None:
    with timing.stage("read"):
        pass
    with timing.collect() as stages:
        pass
    assert stages == {}


def test_a_stage_inside_another_is_marked_as_part_of_it() -> None:
    with timing.collect() as stages:
        with timing.stage("validate_ge"), timing.stage("gx_import"):
            time.sleep(0.02)
        with timing.stage("read"):
            pass
    assert set(stages) == {"validate_ge", "validate_ge" + timing.WITHIN + "gx_import", "read"}
    assert stages["validate_ge"] >= stages["validate_ge/gx_import"] >= 0.02
