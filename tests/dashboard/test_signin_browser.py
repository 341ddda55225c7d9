"""Signing in, in a real browser: `streamlit run dashboard/app.py` driven by Chromium through
Playwright. A sign-in survives a reload, a new tab and a browser restart; signing out forgets
it; a password reset ends it at the next click; the lockout holds across browser sessions."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.auth import COOKIE
from dashboard.i18n import t
from etl import signins, users
from etl.config import DataDir
from tests.dashboard.conftest import APP, ROOT, TEST_PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
WAIT_MS = 30_000
HAS_COOKIE = f"() => document.cookie.split('; ').some(c => c.startsWith('{COOKIE}='))"


@pytest.fixture(scope="module")
def signin_dir(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the demo data: these tests reset passwords and lock names."""
    copy = tmp_path_factory.mktemp("signin") / "data"
    shutil.copytree(demo_dir, copy, ignore=shutil.ignore_patterns(".coop.lock", ".staging"))
    (copy / signins.DB_FILE).unlink(missing_ok=True)
    return copy


@pytest.fixture(scope="module")
def server_log(signin_dir: Path) -> Path:
    return signin_dir.parent / "streamlit.log"


@pytest.fixture(scope="module")
def server(signin_dir: Path, server_log: Path) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium fonts-noto-cjk")
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    log = server_log.open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT,
        env={**os.environ, "COOP_DATA_DIR": str(signin_dir)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response,
            ):
                if response.status == 200:
                    break
            if process.poll() is not None:
                pytest.fail("streamlit did not start")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _user(data_dir: Path, name: str, role: str = "analyst") -> str:
    users.add_user(DataDir(data_dir), name, role, TEST_PASSWORD)
    return name


def _submit(page: Any, name: str, password: str) -> None:
    page.get_by_role("textbox", name=t("auth.name", "en"), exact=True).fill(name)
    page.get_by_role("textbox", name=t("auth.password", "en"), exact=True).fill(password)
    page.get_by_role("button", name=t("auth.submit", "en")).click()


def _signed_in(page: Any, name: str) -> None:
    """Wait until the sidebar says who is signed in."""
    caption = t("auth.signed_in", "en", name=name, role=t("role.analyst", "en"))
    page.get_by_text(caption).wait_for(timeout=WAIT_MS)


def _sign_in_form(page: Any) -> None:
    page.get_by_role("button", name=t("auth.submit", "en")).wait_for(timeout=WAIT_MS)


def test_a_reload_a_new_tab_and_a_browser_restart_keep_the_sign_in(
    server: str, browser: Any, signin_dir: Path
) -> None:
    name = _user(signin_dir, "browser-keeps")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/?lang=en")
    _submit(page, name, TEST_PASSWORD)
    _signed_in(page, name)
    # The pages show only once the browser has stored the sign-in: a reload at once keeps it.
    assert page.evaluate(f"({HAS_COOKIE})()")
    cookie = next(c for c in context.cookies() if c["name"] == COOKIE)
    assert cookie["sameSite"] == "Strict" and cookie["expires"] > time.time() + 6 * 86400
    assert TEST_PASSWORD not in cookie["value"]

    page.reload()
    _signed_in(page, name)
    assert page.get_by_role("textbox", name=t("auth.password", "en"), exact=True).count() == 0
    tab = context.new_page()
    tab.goto(f"{server}/modes?lang=en")
    _signed_in(tab, name)
    # A browser restart: a new browser context with what the old one kept on disk.
    kept = context.storage_state()
    context.close()
    restarted = browser.new_context(storage_state=kept)
    page = restarted.new_page()
    page.goto(f"{server}/?lang=en")
    _signed_in(page, name)

    page.get_by_role("button", name=t("auth.logout", "en")).click()
    _sign_in_form(page)
    page.wait_for_function(f"() => !({HAS_COOKIE})()", timeout=WAIT_MS)
    page.reload()
    _sign_in_form(page)
    restarted.close()


def test_a_password_reset_ends_the_session_at_the_next_click(
    server: str, browser: Any, signin_dir: Path
) -> None:
    name = _user(signin_dir, "browser-reset")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/?lang=en")
    _submit(page, name, TEST_PASSWORD)
    _signed_in(page, name)
    page.wait_for_function(HAS_COOKIE, timeout=WAIT_MS)
    other_tab = context.new_page()
    other_tab.goto(f"{server}/?lang=en")
    _signed_in(other_tab, name)

    users.add_user(DataDir(signin_dir), name, "analyst", "a brand new password")
    # The next page this browser opens (by its address, as the other browser tests do: see
    # tests/dashboard/test_browser.py) finds the session ended.
    page.goto(f"{server}/modes?lang=en")
    _sign_in_form(page)
    other_tab.reload()  # its remembered sign-in is void too
    _sign_in_form(other_tab)
    # The new password works.
    _submit(page, name, "a brand new password")
    _signed_in(page, name)
    context.close()


def test_the_lockout_holds_across_browser_sessions(
    server: str, browser: Any, signin_dir: Path, server_log: Path
) -> None:
    name = _user(signin_dir, "browser-locked")
    locked = t("auth.locked", "en", seconds=0).split(";")[0]
    # Behind a reverse proxy on this machine, the proxy names the client.
    first = browser.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.7"})
    page = first.new_page()
    page.goto(f"{server}/?lang=en")
    for attempt in range(signins.MAX_FAILURES_PER_NAME):
        _submit(page, name, f"wrong password {attempt}")
        page.locator('[data-testid="stAlertContentError"]').first.wait_for(timeout=WAIT_MS)
    page.reload()  # the same browser, a new session: the form, and then the lock
    _submit(page, name, "wrong password again")
    page.get_by_text(locked).wait_for(timeout=WAIT_MS)
    first.close()

    second = browser.new_context()  # another browser altogether
    page = second.new_page()
    page.goto(f"{server}/?lang=en")
    _submit(page, name, TEST_PASSWORD)
    page.get_by_text(locked).wait_for(timeout=WAIT_MS)
    assert page.get_by_role("button", name=t("auth.logout", "en")).count() == 0
    second.close()
    events = [e for e in signins.recent_events(DataDir(signin_dir)) if e.name == name]
    assert [e.event for e in events[:2]] == ["locked", "locked"]
    assert sum(e.event == "failed" for e in events) == signins.MAX_FAILURES_PER_NAME
    assert {e.address for e in events} == {"203.0.113.7", signins.UNKNOWN_ADDRESS}
    logged = server_log.read_text(encoding="utf-8")
    assert f"failed sign-in: name='{name}' address=203.0.113.7" in logged
    assert "sign-in refused" in logged
