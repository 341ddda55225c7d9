"""The real thing: `streamlit run dashboard/app.py` on a free port with the demo data, driven
by Chromium through Playwright. Every page in both languages, at 1440×900 and 1280×800: no
exception, no error alert, no traceback; screenshots go to artifacts/screenshots/, and the time
from a navigation click to an interactive page is measured and reported (never asserted).

Also drives the upload widget in the browser (a bad file → the bilingual report) and one
chart download (UTF-8 with BOM, formula cells neutralised)."""

from __future__ import annotations

import contextlib
import json
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

from dashboard.i18n import t
from etl import signins
from tests.dashboard.conftest import APP, LANGS, PAGES, ROOT, TEST_PASSWORD, signed_in_as

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIZES = ((1440, 900), (1280, 800))
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
TIMINGS = ROOT / "artifacts" / "page-timings.json"
READY_TIMEOUT_MS = 30_000

# Ready = this page's title is shown (so its run has started), the script run is over, nothing
# from the previous page is left stale, and every chart has drawn.
READY_JS = """
(title) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  if (state === 'running' || state === 'rerunRequested' || state === 'initial') return false;
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  if (!h1 || h1.innerText.trim() !== title) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  // Widgets whose code is still loading show skeletons.
  if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter(c => c.offsetParent !== null);  // charts in a hidden tab draw when shown
  return charts.every(c => c.querySelector('canvas, svg'));
}
"""


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium fonts-noto-cjk")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    return CHROMIUM


@pytest.fixture(scope="module")
def browser_dir(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's own copy of the demo: the sign-in record (the lockout per user name and
    per address) other tests write into the shared demo must not lock these tests out."""
    copy = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(demo_dir, copy, ignore=shutil.ignore_patterns(".coop.lock", ".staging"))
    (copy / signins.DB_FILE).unlink(missing_ok=True)
    return copy


@pytest.fixture(scope="module")
def server(browser_dir: Path, chromium: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "COOP_DATA_DIR": str(browser_dir)}
    log = SCREENSHOTS.parent / "streamlit-browser-test.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(APP),
                "--server.port", str(port),
                "--server.address", "127.0.0.1",
                "--server.headless", "true",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT,  # so .streamlit/config.toml (theme) applies
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("streamlit did not start:\n" + log.read_text()[-3000:])
                time.sleep(0.3)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _assert_clean(page: Any, where: str) -> None:
    exceptions = page.query_selector_all('[data-testid="stException"]')
    errors = page.query_selector_all('[data-testid="stAlertContentError"]')
    assert not exceptions, (where, [e.inner_text()[:500] for e in exceptions])
    assert not errors, (where, [e.inner_text()[:500] for e in errors])
    body = page.inner_text("body")
    assert "Traceback" not in body, where


def _sign_in(page: Any, server: str, name: str, lang: str, path: str = "") -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"{server}/{path}?lang={lang}")
    page.get_by_role("textbox", name=t("auth.name", lang), exact=True).fill(name)
    page.get_by_role("textbox", name=t("auth.password", lang), exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name=t("auth.submit", lang)).click()


def _wait_ready(page: Any, title: str) -> None:
    page.wait_for_function(READY_JS, arg=title, timeout=READY_TIMEOUT_MS, polling=50)


def _navigate(page: Any, server: str, key: str, lang: str) -> None:
    """Open a page by its address, as a bookmark or a shared link does (signed in by the
    remembered sign-in), and wait until it is ready."""
    page.goto(f"{server}/{'' if key == 'overview' else key}?lang={lang}")
    _wait_ready(page, t(f"page.{key}", lang))


def _shoot(page: Any, name: str) -> None:
    """The screen as a reader sees it at each size, and the whole page once (at 1440)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)  # let Streamlit and the charts re-lay out
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}.png"))
    full = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": SIZES[0][0], "height": min(int(full) + 40, 6000)})
    page.wait_for_timeout(400)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-full.png"))
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})


def test_every_page_in_both_languages(server: str, browser: Any, browser_dir: Path) -> None:
    analyst = signed_in_as(browser_dir, "analyst")
    timings: dict[str, dict[str, float]] = {}
    for lang in LANGS:
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        page = context.new_page()
        started = time.perf_counter()
        _sign_in(page, server, analyst, lang)
        _wait_ready(page, t("page.overview", lang))
        timings.setdefault("first load", {})[lang] = round(time.perf_counter() - started, 2)
        for key in PAGES:
            title = t(f"page.{key}", lang)
            if key != "overview":
                started = time.perf_counter()
                _navigate(page, server, key, lang)
                timings.setdefault(key, {})[lang] = round(time.perf_counter() - started, 2)
            _assert_clean(page, f"{key}/{lang}")
            _shoot(page, f"{key}-{lang}")
            if key == "modes":
                # Lazy tabs: a click reruns the page with the chosen tab's content only.
                for tab_key in ("modes.posts", "modes.offices"):
                    started = time.perf_counter()
                    page.get_by_role("tab", name=t(tab_key, lang)).click()
                    page.wait_for_timeout(250)  # let the rerun begin
                    _wait_ready(page, title)
                    name = f"{key}-{tab_key.split('.')[1]}"
                    timings.setdefault(name, {})[lang] = round(time.perf_counter() - started, 2)
                    _assert_clean(page, f"{name}/{lang}")
                    _shoot(page, f"{name}-{lang}")
        context.close()
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps(timings, ensure_ascii=False, indent=2), encoding="utf-8")
    print("\nseconds from navigation click to an interactive page:")
    for key, per_lang in timings.items():
        print(f"  {key:<14} " + "  ".join(f"{lang}={secs:.2f}" for lang, secs in per_lang.items()))


def test_upload_widget_and_chart_download_in_the_browser(
    server: str, browser: Any, tmp_path: Path, browser_dir: Path
) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    _sign_in(page, server, signed_in_as(browser_dir, "analyst"), "en")
    _wait_ready(page, t("page.overview", "en"))
    _navigate(page, server, "data", "en")
    bad = tmp_path / "conferences.csv"
    bad.write_text(
        "conference_id,unit_id,title,role,start_date,country\n"
        "C-1,NO-SUCH-UNIT,=cmd,attended,03/04/2021,CN\n",
        encoding="utf-8",
    )
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    page.get_by_text(t("data.report", "en"), exact=True).wait_for(timeout=READY_TIMEOUT_MS)
    page.wait_for_function(READY_JS, arg=t("page.data", "en"), timeout=READY_TIMEOUT_MS)
    alert = page.locator('[data-testid="stAlertContentError"]')
    assert "Not valid" in alert.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "data-upload-report-en-1440x900.png"))

    _navigate(page, server, "overview", "en")
    with page.expect_download() as download_info:
        page.locator('[data-testid="stDownloadButton"]', has_text="CSV").first.click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    content = target.read_bytes()
    assert target.suffix == ".csv" and content.startswith(b"\xef\xbb\xbf")
    assert "年" in content.decode("utf-8-sig") or content.decode("utf-8-sig").strip()
    context.close()


def test_a_viewer_cannot_reach_the_data_page_by_url(
    server: str, browser: Any, browser_dir: Path
) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    _sign_in(page, server, signed_in_as(browser_dir, "viewer"), "zh")
    _wait_ready(page, t("page.overview", "zh"))
    nav = page.locator('[data-testid="stTopNavLink"]')
    assert t("page.data", "zh") not in [nav.nth(i).inner_text() for i in range(nav.count())]
    # Straight to the Data page's URL (a new browser session, still signed in): the viewer
    # lands on the overview, as Data is not a page for them.
    page.goto(f"{server}/data?lang=zh")
    _wait_ready(page, t("page.overview", "zh"))
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert t("data.upload", "zh") not in page.inner_text("body")
    context.close()


def test_tables_have_no_download_of_their_own(server: str, browser: Any, browser_dir: Path) -> None:
    """A table's toolbar offers no CSV of its own (it would keep formula cells as they are):
    only the app's buttons, which neutralise them, download a table."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    _sign_in(page, server, signed_in_as(browser_dir, "viewer"), "en")
    _wait_ready(page, t("page.overview", "en"))
    _navigate(page, server, "organizations", "en")
    page.locator('[data-testid="stDataFrame"]').first.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    toolbar.wait_for(timeout=READY_TIMEOUT_MS)
    buttons = toolbar.locator("button")
    names = [
        buttons.nth(i).get_attribute("title") or buttons.nth(i).get_attribute("aria-label") or ""
        for i in range(buttons.count())
    ]
    assert names and not any("download" in name.lower() for name in names), names
    assert page.locator('[data-testid="stDownloadButton"]', has_text="CSV").count() > 0
    context.close()


def test_screenshots_are_not_committed() -> None:
    assert "artifacts/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
