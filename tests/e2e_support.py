"""Run the real Streamlit server and drive it with Debian's Chromium through Playwright.

Playwright cannot download its own browser here, so it launches /usr/bin/chromium (override with
LLW_CHROMIUM). Where Chromium is absent the end-to-end tests skip with a message, except when
LLW_REQUIRE_BROWSER=1 (set by .ci/run), where they fail: CI must run them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    cand = os.environ.get("LLW_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return cand if cand and Path(cand).exists() else None


def require_chromium() -> str:
    path = chromium_path()
    if path:
        return path
    msg = "Không có Chromium (gói Debian 'chromium'): bỏ qua kiểm thử đầu-cuối. Cài bằng scripts/install_system_deps.sh"
    if os.environ.get("LLW_REQUIRE_BROWSER") == "1":
        pytest.fail(msg)
    pytest.skip(msg)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(db: Path | str, env: dict[str, str] | None = None, timeout: float = 60, serve: bool = False):
    """Start `streamlit run app.py` on a free port against warehouse `db`; yield its base URL.
    `serve`: start it as ./run.sh does, `python -m ui.serve` (the warm-up first)."""
    port = free_port()
    full_env = {**os.environ, "LLW_DB": str(db), "PYTHONPATH": str(ROOT), **(env or {})}
    log = ARTIFACTS / f"streamlit-{port}.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                *(["ui.serve"] if serve else ["streamlit", "run", str(ROOT / "app.py")]),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
                "--client.toolbarMode",
                "minimal",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        base = full_env.get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip("/")  # behind a proxy's path
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(url + (f"/{base}" if base else "") + "/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Streamlit không khởi động được; xem {log}")
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextmanager
def browser_page(viewport=(1400, 1000), accept_downloads: bool = True):
    """A fresh headless Chromium page (one browser per call)."""
    exe = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            ctx = browser.new_context(
                viewport={"width": viewport[0], "height": viewport[1]},
                accept_downloads=accept_downloads,
                locale="vi-VN",
            )
            page = ctx.new_page()
            yield page
        finally:
            browser.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script for the current view."""
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stElementContainer"]', timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.trim() === ''",
        timeout=timeout,
    )
    page.wait_for_timeout(300)


def assert_no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_signed_in(page, url: str, username: str, password: str, nav_title: str | None = None) -> None:
    """Sign in on the login page of the app at `url`, then open the page called `nav_title` from
    the sidebar. Pages a role may not open are not in the navigation until one signs in, and a page
    load starts a new Streamlit session (signed out), so navigation after signing in is by clicks."""
    page.goto(url)
    wait_for_app(page)
    goto_nav(page, "Đăng nhập")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Tài khoản / Đăng xuất").wait_for(timeout=30_000)
    wait_for_app(page)
    if nav_title:
        goto_nav(page, nav_title)


def goto_nav(page, nav_title: str) -> None:
    """Open a page through the sidebar navigation (keeps the session). Waits for the current run to
    finish before clicking and for the address to change after it: a click that lands while a
    page is still running can otherwise leave the test reading the previous page."""
    wait_for_app(page)
    link = page.locator('[data-testid="stSidebarNav"] a').filter(has=page.get_by_text(nav_title, exact=True)).first
    target = urlparse(link.get_attribute("href") or "").path.rstrip("/")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        link.click()
        try:
            page.wait_for_url(lambda u: urlparse(u).path.rstrip("/") == target, timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    else:
        raise AssertionError(f"the sidebar link {nav_title!r} did not open {target or '/'}")
    wait_for_app(page)


def settle(page, timeout: float = 60_000) -> None:
    """wait_for_app, then until the page stops growing and every chart has drawn (ui.plotly_view
    marks a drawn chart data-llw-drawn="1")."""
    wait_for_app(page, timeout)
    last, stable = -1, 0
    for _ in range(200):
        n = page.locator('[data-testid="stElementContainer"]').count()
        status = page.locator('[data-testid="stStatusWidget"]')
        running = status.inner_text().strip() if status.count() else ""
        stable = stable + 1 if (n == last and not running) else 0
        if stable >= 4:
            break
        last = n
        page.wait_for_timeout(300)
    charts = page.locator('[data-testid="stBidiComponentRegular"]')
    for i in range(charts.count()):
        charts.nth(i).locator('.llw-chart[data-llw-drawn="1"] .main-svg').first.wait_for(timeout=timeout)
    page.wait_for_timeout(300)


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()
