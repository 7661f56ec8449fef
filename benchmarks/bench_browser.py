"""Page speed as a person feels it: headless Chromium (Debian's, through Playwright) against the real
Streamlit server on the national-scale warehouse of bench_pages.py (every province through its
communes, every catalog indicator, 10 years by default).

A page counts as shown when Streamlit's status widget is gone, every plotly chart has drawn its SVG,
and the page has not changed for QUIET_MS; the time reported is that of the page's *last change*
(a change inside a <canvas>, never painted, left out: see OBSERVER),
measured inside the browser (performance.now(), a MutationObserver installed before the app loads),
from navigation start (a page load) or from the pointer press (a click). Measured:

- first visit: a fresh server process and a fresh browser (empty cache), the page opened by its URL;
- warm: the same browser tab going from page to page through the sidebar (median and p95 of ROUNDS);
- reload: the page's URL opened again in the same browser (a new Streamlit session, warm server and
  browser cache);
- year change: the year chosen in the sidebar of the overview;
- many viewers (--viewers 10,25,50): that many sessions driven over Streamlit's websocket
  (tests/ws_sessions.py: what the server does for a browser, without a browser's CPU) go from page
  to page while one real browser measures warm navigation; p50/p95, server CPU, peak memory.
  `--think 5-15`: each session reads a page for a random 5 to 15 seconds before it opens the next
  (a person looking at a dashboard; 25 viewers then ask for about 2,5 pages a second), `--think 0`:
  no pause at all, every session asks for its next page the moment the last one is done (a
  stress test: the server is saturated whatever its speed, so the browser's wait measures the queue).
  Both rows are reported when both are given (`--think 5-15,0`).

    .venv/bin/python benchmarks/bench_browser.py [--years 2016-2025] [--db FILE] [--rounds 5]
                                                 [--viewers 10,25,50] [--think 5-15,0] [--pages overview,map]

Targets (issue 21): warm p50 < 300 ms on every dashboard page, reload < 1 s, year change < 250 ms,
first visit < 2.5 s; with 25 viewers the browser's p95 < 3 s, no errors, server < 1 GB. Prints a
Markdown report and writes it to benchmarks/results/browser.md; the load average is printed beside
it because a busy 2-core machine changes every figure."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pages import build_national  # noqa: E402
from e2e_support import CHROMIUM_ARGS, chromium_path, free_port  # noqa: E402

from reference.admin_units import MERGER_YEAR  # noqa: E402
from reference.i18n import t  # noqa: E402

# (url path, navigation title key): the dashboard pages and the deck, as the sidebar lists them
PAGES = [
    ("", "dash.nav.overview"),
    ("map", "dash.nav.map"),
    ("classes", "dash.nav.classes"),
    ("funding", "dash.nav.funding"),
    ("trend", "dash.nav.trend"),
    ("status", "dash.nav.status"),
    ("table", "dash.nav.table"),
    ("narratives", "narr.nav"),
    ("deck", "export.page.title"),
]
QUIET_MS = 500
TIMEOUT_MS = 120_000

# Installed before any page script: remembers the time of the last change of the document and of
# the last pointer press, both on the page's own clock (0 = navigation start).
# A change inside a <canvas> is its fallback content, never painted: st.dataframe's grid (glide)
# writes its accessibility table there about 300 ms after the grid has drawn. `last` leaves those
# out (what a person sees); `any` counts them (the definition before 05/12/2026, for comparison).
OBSERVER = """
window.__llw = {last: performance.now(), any: performance.now(), t0: 0};
const __seen = (m) => { const e = m.target.nodeType === 1 ? m.target : m.target.parentElement;
  return !(e && e.closest('canvas')); };
new MutationObserver((ms) => { const now = performance.now(); window.__llw.any = now;
  if (ms.some(__seen)) window.__llw.last = now; })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
document.addEventListener('pointerdown', () => { window.__llw.t0 = performance.now(); }, true);
"""
SHOWN = """([quiet, clicked, path]) => {
  // after a click: the page must have changed since the press, and be the page asked for
  if (clicked && window.__llw.last <= window.__llw.t0) return false;
  if (path !== null && location.pathname.replace(/\\/$/, '') !== path) return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.querySelector('[data-testid="stElementContainer"]')) return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  if (status && status.innerText.trim() !== '') return false;
  if (main.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const c of main.querySelectorAll('[data-testid="stBidiComponentRegular"]'))
    if (!c.querySelector('.llw-chart[data-llw-drawn="1"] .main-svg')) return false;  // ui.plotly_view
  return performance.now() - window.__llw.any > quiet;  // quiet, hidden changes included
}"""


LAUNCH = ["-m", "ui.serve"]  # as ./run.sh starts the product (ui.warmup first); --cold: bare streamlit run


@contextmanager
def server(db: Path):
    """The product's server on a free port against `db`; yields (url, process)."""
    port = free_port()
    env = {**os.environ, "LLW_DB": str(db), "PYTHONPATH": str(ROOT)}
    log = Path(tempfile.gettempdir()) / f"bench-browser-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *LAUNCH, "--server.headless", "true"]
            + ["--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
            + ["--server.fileWatcherType", "none"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300
            while True:
                try:
                    with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"Streamlit did not start; see {log}") from None
                    time.sleep(0.2)
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if not exe:
        raise SystemExit("Chromium is missing (Debian package chromium): scripts/install_system_deps.sh")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def new_tab(b):
    ctx = b.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    ctx.add_init_script(OBSERVER)
    return ctx.new_page()


def shown_after(page, since: str, clicked: bool = False, path: str | None = None) -> float:
    """Wait until the page is shown; milliseconds from `since` (a JS expression) to its last change."""
    page.wait_for_function(SHOWN, arg=[QUIET_MS, clicked, path], timeout=TIMEOUT_MS, polling=50)
    errors = page.locator('[data-testid="stException"]')
    if errors.count():
        raise RuntimeError(errors.first.inner_text()[:300])
    return page.evaluate(f"() => window.__llw.last - ({since})")


# (kind, path) -> times counting the grids' hidden canvas content too (OBSERVER), for comparison
WITH_HIDDEN: dict[tuple[str, str], list[float]] = {}
ANY_SINCE_CLICK = "() => window.__llw.any - window.__llw.t0"


def open_url(page, url: str) -> float:
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    return shown_after(page, "0")


def click_nav(page, title: str) -> float:
    link = page.locator('[data-testid="stSidebarNav"] a').filter(has=page.get_by_text(title, exact=True)).first
    path = urlparse(link.get_attribute("href") or "").path.rstrip("/")
    link.click()
    return shown_after(page, "window.__llw.t0", clicked=True, path=path)


def change_year(page, year: int) -> float:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    box.click()
    page.get_by_role("option", name=str(year), exact=True).click()
    return shown_after(page, "window.__llw.t0", clicked=True)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def first_visits(db: Path, pages, year: int) -> dict[str, float]:
    out = {}
    for path, _ in pages:
        with server(db) as (url, _proc), browser() as b:
            out[path] = open_url(new_tab(b), f"{url}/{path}?year={year}")
    return out


def warm_and_reload(url: str, b, pages, rounds: int, year: int) -> tuple[dict, dict, list]:
    page = new_tab(b)
    open_url(page, f"{url}/?year={year}")
    titles = {path: t(key) for path, key in pages}
    for path, _ in pages:  # the first round warms the server's caches and the browser
        click_nav(page, titles[path])
    warm = {path: [] for path, _ in pages}
    for _ in range(rounds):
        for path, _ in pages:
            warm[path].append(click_nav(page, titles[path]))
            WITH_HIDDEN.setdefault(("warm", path), []).append(page.evaluate(ANY_SINCE_CLICK))
    reload = {path: [] for path, _ in pages}
    for path, _ in pages:
        for _ in range(rounds):
            reload[path].append(open_url(page, f"{url}/{path}?year={year}"))
            WITH_HIDDEN.setdefault(("reload", path), []).append(page.evaluate("() => window.__llw.any"))
    open_url(page, f"{url}/?year={year}")
    years = []
    for i in range(rounds):
        years.append(change_year(page, year - 1 - i % 2))
    return warm, reload, years


def viewers_load(url: str, proc, b, pages, n: int, rounds: int, year: int, think: tuple[float, float]) -> dict:
    """`n` websocket sessions going over the pages, each pausing a random `think` seconds (low,
    high) on every page, while one browser measures warm navigation."""
    from ws_sessions import viewer

    stop = threading.Event()
    runs, errors = [0], []

    def loop(i: int) -> None:
        pause = random.Random(i)  # the same pauses run after run
        stop.wait(pause.uniform(0, think[1]))  # people do not all arrive in the same instant
        try:
            with viewer(url) as v:
                k = i
                while not stop.is_set():
                    path = pages[k % len(pages)][0]
                    shown = v.open(path, f"year={year}")
                    errors.extend(shown.exceptions)
                    runs[0] += 1
                    k += 1
                    stop.wait(pause.uniform(*think))
        except Exception as e:  # a dropped session is an error of the run, not of the benchmark
            errors.append(f"{type(e).__name__}: {e}")

    cpu0, t0 = cpu_seconds(proc.pid), time.perf_counter()
    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(n)]
    for th in threads:
        th.start()
    page = new_tab(b)
    open_url(page, f"{url}/?year={year}")
    titles = {path: t(key) for path, key in pages}
    seen = []
    for _ in range(rounds):
        for path, _ in pages:
            seen.append(click_nav(page, titles[path]))
    stop.set()
    for th in threads:
        th.join(300)
    wall = time.perf_counter() - t0
    return {
        "viewers": n,
        "think": "–".join(f"{x:g}" for x in dict.fromkeys(think)) + " s",
        "p50": statistics.median(seen),
        "p95": pct(seen, 0.95),
        "runs": runs[0],
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "cpu": cpu_seconds(proc.pid) - cpu0,
        "wall": wall,
        "peak_mb": peak_rss_mb(proc.pid),
    }


def thinks(text: str) -> list[tuple[float, float]]:
    """'5-15,0' -> [(5.0, 15.0), (0.0, 0.0)]."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, _, high = part.partition("-")
        out.append((float(low), float(high or low)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", default="2016-2025")
    ap.add_argument("--db", default=None, help="Reuse or keep this warehouse file.")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--viewers", default="10,25,50", help="Comma-separated session counts; '' to skip.")
    ap.add_argument(
        "--think", default="5-15,0", help="Seconds each session reads a page, low-high; comma-separated runs."
    )
    ap.add_argument("--pages", default="", help="Comma-separated url paths (overview = ''); default all.")
    ap.add_argument("--skip-first", action="store_true", help="Skip the first-visit runs (a server each).")
    ap.add_argument("--cold", action="store_true", help="Start bare `streamlit run app.py` (no warm-up).")
    args = ap.parse_args()
    if args.cold:
        LAUNCH[:] = ["-m", "streamlit", "run", str(ROOT / "app.py")]
    a, _, z = args.years.partition("-")
    years = range(int(a), int(z or a) + 1)
    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "national.duckdb"
    if not db.exists():
        built = build_national(db, years)
        print(f"Built {db}: {built['rows']:,} current values, {built['units']:,} communes, {built['seconds']:.1f} s")
    year = max(y for y in years if y < MERGER_YEAR) if any(y < MERGER_YEAR for y in years) else years[-1]
    wanted = {p.strip().replace("overview", "") for p in args.pages.split(",")} if args.pages else None
    pages = [p for p in PAGES if wanted is None or p[0] in wanted]
    load = os.getloadavg()[0]
    first = {} if args.skip_first else first_visits(db, pages, year)
    with server(db) as (url, proc), browser() as b:
        warm, reload, year_change = warm_and_reload(url, b, pages, args.rounds, year)
        crowd = [
            viewers_load(url, proc, b, pages, int(n), max(1, args.rounds // 2), year, think)
            for think in thinks(args.think)
            for n in args.viewers.split(",")
            if n.strip()
        ]
    lines = [
        f"Browser (headless Chromium) against the real server; years {years[0]}–{years[-1]}, every province "
        f"through its communes; pages for {year}. Load average at the start: {load:.1f}; {os.cpu_count()} cores.",
        "",
        "| page | first visit, fresh server | warm, sidebar (p50 / p95) | reload, new session (p50) "
        "| warm / reload p50 counting hidden canvas content |",
        "|---|---|---|---|---|",
    ]
    for path, key in pages:
        fv = f"{first[path]:.0f} ms" if path in first else "–"
        w = warm[path]
        hidden = [statistics.median(WITH_HIDDEN[(kind, path)]) for kind in ("warm", "reload")]
        lines.append(
            f"| {t(key)} | {fv} | {statistics.median(w):.0f} / {pct(w, 0.95):.0f} ms "
            f"| {statistics.median(reload[path]):.0f} ms | {hidden[0]:.0f} / {hidden[1]:.0f} ms |"
        )
    lines += ["", f"Year change in the sidebar (overview): p50 {statistics.median(year_change):.0f} ms, "]
    lines[-1] += f"max {max(year_change):.0f} ms."
    if crowd:
        lines += [
            "",
            "| sessions at once | pause per page | browser warm p50 | browser warm p95 | page runs served | errors "
            "| server CPU | wall | server peak memory |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for c in crowd:
            lines.append(
                f"| {c['viewers']} | {c['think']} | {c['p50']:.0f} ms | {c['p95']:.0f} ms | {c['runs']} "
                f"| {c['errors']} "
                f"| {c['cpu']:.1f} s | {c['wall']:.1f} s | {c['peak_mb']:.0f} MB |"
            )
        lines += [f"First error: {c['first_error']}" for c in crowd if c["first_error"]]
    lines += ["", f"Load average at the end: {os.getloadavg()[0]:.1f}."]
    text = "\n".join(lines)
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "browser.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
