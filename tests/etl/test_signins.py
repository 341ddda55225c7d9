"""The sign-in gate: failures throttled per user name and per client address in the data
directory, so every session and process sees the same count; the audit trail and the log."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pytest

from etl import signins
from etl.config import DataDir

T0 = 1_800_000_000.0  # a fixed moment; the gate takes the clock as a parameter


def clock(moment: float) -> Callable[[], float]:
    return lambda: moment


def wrong() -> str | None:
    return None


def fail(data_dir: DataDir, name: str, address: str | None, at: float, times: int = 1) -> None:
    for _ in range(times):
        outcome = signins.attempt(data_dir, name, address, wrong, now=clock(at))
        assert outcome.result is None


def test_five_failures_lock_the_name_for_every_session(data_dir: DataDir) -> None:
    fail(data_dir, "li", "10.0.0.1", T0, times=signins.MAX_FAILURES_PER_NAME)
    checked: list[str] = []

    def right() -> str:
        checked.append("li")
        return "li"

    # Another session, another address: the right password still does not get in.
    outcome = signins.attempt(data_dir, "LI ", "10.0.0.2", right, now=clock(T0 + 10))
    assert outcome.result is None and outcome.locked_for == pytest.approx(signins.LOCKOUT_S - 10)
    assert checked == [], "no password is checked while locked"
    assert signins.locked_for(data_dir, "li", "10.0.0.3", now=T0 + 10) > 0
    assert signins.locked_for(data_dir, "wang", "10.0.0.3", now=T0 + 10) == 0
    # Refusals while locked do not extend the lock; after it, the right password works.
    after = T0 + signins.LOCKOUT_S + 1
    assert signins.attempt(data_dir, "li", "10.0.0.2", right, now=clock(after)).result == "li"
    assert checked == ["li"]
    assert signins.locked_for(data_dir, "li", None, now=after) == 0


def test_one_more_failure_after_a_lock_locks_again(data_dir: DataDir) -> None:
    fail(data_dir, "li", None, T0, times=signins.MAX_FAILURES_PER_NAME)
    later = T0 + signins.LOCKOUT_S + 1  # still within the window of the first failures
    fail(data_dir, "li", None, later)
    assert signins.locked_for(data_dir, "li", None, now=later + 1) > 0
    # Failures older than the window are forgotten.
    much_later = later + signins.WINDOW_S + 1
    assert signins.locked_for(data_dir, "li", None, now=much_later) == 0


def test_a_success_clears_the_names_failures(data_dir: DataDir) -> None:
    fail(data_dir, "li", None, T0, times=signins.MAX_FAILURES_PER_NAME - 1)
    assert signins.attempt(data_dir, "li", None, lambda: "li", now=clock(T0 + 1)).result == "li"
    fail(data_dir, "li", None, T0 + 2, times=signins.MAX_FAILURES_PER_NAME - 1)
    assert signins.locked_for(data_dir, "li", None, now=T0 + 3) == 0


def test_many_names_from_one_address_lock_the_address(data_dir: DataDir) -> None:
    for i in range(signins.MAX_FAILURES_PER_ADDRESS):
        fail(data_dir, f"user{i}", "203.0.113.9", T0)
    outcome = signins.attempt(data_dir, "fresh", "203.0.113.9", lambda: "fresh", now=clock(T0))
    assert outcome.result is None and outcome.locked_for > 0
    # Another address may still sign in as that name.
    assert signins.attempt(data_dir, "fresh", "203.0.113.10", lambda: "fresh", now=clock(T0)).result


def test_concurrent_guesses_cannot_slip_past_the_limit(data_dir: DataDir) -> None:
    """Each attempt is reserved before its password is checked, so ten simultaneous guesses
    (say from ten browser sessions) get at most the allowed number of checks."""
    fail(data_dir, "warm-up", "198.51.100.1", T0)  # the database exists before the race
    checks = 0
    counter = threading.Lock()
    start = threading.Barrier(10)

    def slow_wrong() -> None:
        nonlocal checks
        with counter:
            checks += 1
        return None

    def guess() -> None:
        start.wait()
        signins.attempt(data_dir, "li", None, slow_wrong, now=clock(T0))

    threads = [threading.Thread(target=guess) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert checks == signins.MAX_FAILURES_PER_NAME


def test_attempts_are_audited_and_logged(
    data_dir: DataDir, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="etl.signins"):
        fail(data_dir, "li", "10.0.0.1", T0, times=signins.MAX_FAILURES_PER_NAME)
        signins.attempt(data_dir, "li", "10.0.0.1", lambda: "li", now=clock(T0 + 1))
        signins.attempt(data_dir, "wang", None, lambda: "wang", now=clock(T0 + 2))
    events = signins.recent_events(data_dir)
    assert [(e.event, e.name, e.address) for e in events[:3]] == [
        ("signed_in", "wang", signins.UNKNOWN_ADDRESS),
        ("locked", "li", "10.0.0.1"),
        ("failed", "li", "10.0.0.1"),
    ]
    assert sum(e.event == "failed" for e in events) == signins.MAX_FAILURES_PER_NAME
    failed_logs = [r for r in caplog.records if "failed sign-in" in r.getMessage()]
    assert (
        len(failed_logs) == signins.MAX_FAILURES_PER_NAME
        and "10.0.0.1" in failed_logs[0].getMessage()
    )
    assert any("refused" in r.getMessage() for r in caplog.records)
    assert (data_dir.root / signins.DB_FILE).stat().st_mode & 0o077 == 0


def test_the_audit_trail_keeps_only_the_latest_events(
    data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signins, "KEEP_EVENTS", 3)
    for i in range(6):
        signins.attempt(data_dir, f"user{i}", None, lambda: "ok", now=clock(T0 + i))
    assert [e.name for e in signins.recent_events(data_dir)] == ["user5", "user4", "user3"]


def test_no_record_yet_means_no_lock(data_dir: DataDir) -> None:
    assert signins.locked_for(data_dir, "li", None) == 0
    assert signins.recent_events(data_dir) == []
    assert not data_dir.root.exists()


def test_a_damaged_record_is_a_clear_error(data_dir: DataDir) -> None:
    from etl.errors import DataDirError

    data_dir.root.mkdir(parents=True)
    (data_dir.root / signins.DB_FILE).write_bytes(b"this is not a database" * 100)
    with pytest.raises(DataDirError) as caught:
        signins.attempt(data_dir, "li", None, lambda: "li", now=clock(T0))
    assert signins.DB_FILE in caught.value.message("en")
