"""From starting the dashboard process to its first page served.

Spawns `streamlit run dashboard/app.py --server.headless true --server.port <free port>` with
`COOP_DATA_DIR` at a warehouse, then polls the health endpoint (`/_stcore/health`) and the page
(`/`) on 127.0.0.1 until both answer 200. When Chromium and Playwright are there, a headless
browser (started before the spawn, so its own start is not counted) then opens the page and
waits until the first page has rendered: its script run is over, its title is shown and every
chart has drawn. Seconds are measured from the spawn. Only the spawned process (its own
session) is stopped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import ROOT
from bench.procs import child_env

HOST = "127.0.0.1"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Rendered = the script run is over, the page's title is shown, nothing is stale or still
# loading, and every visible chart has drawn.
RENDERED_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  if (!state || state === 'running' || state === 'rerunRequested' || state === 'initial') {
    return false;
  }
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')) {
    return false;
  }
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter(c => c.offsetParent !== null);
  return charts.every(c => c.querySelector('canvas, svg'));
}
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1.0) as response:  # noqa: S310 — loopback only
            response.read()
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def streamlit_argv(port: int) -> list[str]:
    script = Path(sys.executable).with_name("streamlit")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "streamlit"]
    return [
        *command,
        "run",
        str(ROOT / "dashboard" / "app.py"),
        "--server.headless",
        "true",
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


def browser_available() -> bool:
    if not CHROMIUM.exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def _browser_page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto("about:blank")
            yield page
        finally:
            browser.close()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _sign_in(page: Any, login: tuple[str, str], timeout_ms: float) -> bool:
    """Fill the dashboard's login form, if it shows one; whether it did."""
    password = page.locator('input[type="password"]')
    if not password.count():
        return False
    page.locator('[data-testid="stTextInput"] input:not([type="password"])').first.fill(login[0])
    password.first.fill(login[1])
    page.locator('[data-testid="stFormSubmitButton"] button').first.click(timeout=timeout_ms)
    return True


LOGIN_OR_PAGE_JS = (
    "() => !!document.querySelector('input[type=\"password\"]') || (" + RENDERED_JS.strip() + ")()"
)


def measure_start(
    data_dir: Path,
    *,
    timeout_s: float = 60.0,
    browser: bool = True,
    login: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Seconds from spawn until the health endpoint and the page answer, and (with a browser)
    until the first page has rendered — the sign-in form, then (signing in with `login`) the
    first dashboard page. One run."""
    with contextlib.ExitStack() as stack:
        page = stack.enter_context(_browser_page()) if browser and browser_available() else None
        port = free_port()
        base = f"http://{HOST}:{port}"
        started = time.perf_counter()
        proc = subprocess.Popen(
            streamlit_argv(port),
            cwd=ROOT,
            env=child_env({"COOP_DATA_DIR": str(data_dir)}),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        stack.callback(_stop, proc)
        health_s: float | None = None
        page_s: float | None = None
        first_s: float | None = None  # the first page rendered: the sign-in form or a page
        signed_in = False
        rendered_s: float | None = None  # the first dashboard page rendered
        error: str | None = None
        while time.perf_counter() - started < timeout_s and proc.poll() is None:
            if health_s is None and _answers(f"{base}/_stcore/health"):
                health_s = time.perf_counter() - started
            if health_s is not None and _answers(f"{base}/"):
                page_s = time.perf_counter() - started
                break
            time.sleep(0.02)
        if page_s is not None and page is not None:
            left_ms = max(1000.0, 1000 * (timeout_s - (time.perf_counter() - started)))
            try:
                page.goto(f"{base}/", timeout=left_ms)
                page.wait_for_function(LOGIN_OR_PAGE_JS, timeout=left_ms, polling=20)
                first_s = time.perf_counter() - started
                if login is not None and _sign_in(page, login, left_ms):
                    signed_in = True
                page.wait_for_function(RENDERED_JS, timeout=left_ms, polling=20)
                rendered_s = time.perf_counter() - started
            except Exception as exc:  # a timeout or a crashed page: reported, not raised
                error = f"{type(exc).__name__}: {exc}"[:300]
        exit_code = proc.poll()
    return {
        "health_s": health_s,
        "first_page_s": page_s,
        "first_rendered_s": first_s,
        "signed_in": signed_in,
        "rendered_s": rendered_s,
        "browser": page is not None,
        "error": error,
        "exit_code": exit_code,
    }
