"""What the first visitor after a (re)start would otherwise wait for, done before the server
listens: importing what the pages import (pandas, plotly, geopandas, the figure builders: about two
seconds on the 2-core machine), reading the warehouse's snapshot, and building the charts of the
pages a visitor lands on, for the filters they land with (no query string: the newest year), into
the same caches the pages read (ui.cache.shared_cache is Streamlit's process-wide
resource cache, so what is built here is what the first page run finds). Measured in
benchmarks/bench_browser.py ("lần đầu, máy chủ mới")."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import logging
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("llw.warmup")


def page_imports(root: Path = ROOT) -> list[str]:
    """Every module app.py and pages/*.py import (by their source, so a new page is covered)."""
    names: set[str] = set()
    for path in [root / "app.py", *sorted((root / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names |= {f"{node.module}.{a.name}" for a in node.names}  # `from ui import data`
    return sorted(names)


def _import_all(names: list[str]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            continue  # `from x import a_function`: x itself is imported


def warm() -> dict[str, float]:
    """Import, read and build as above; returns the seconds each step took. Never raises: a
    warm-up that fails leaves the first visitor to do the work, as without it."""
    took: dict[str, float] = {}
    t = time.perf_counter()
    _import_all(page_imports())
    took["imports"] = time.perf_counter() - t
    try:
        _warm_caches(took)
    except Exception:  # the pages report what is wrong with the warehouse, in Vietnamese
        log.exception("warm-up stopped early")
    return took


def _warm_caches(took: dict[str, float]) -> None:
    from figures import report
    from ui import charts, data
    from warehouse.filters import Filters

    t = time.perf_counter()
    info = data.info()  # the snapshot, read once per data version
    took["snapshot"] = time.perf_counter() - t
    if not info["years"]:
        return
    t = time.perf_counter()
    landing = dataclasses.replace(Filters.from_query_params({}), year=max(info["years"]))  # as ui.filters.sidebar
    for build in report.EVERY_CHART:
        for spec in data.specs(build, landing):
            charts.prepare(spec)
    data.year_values(landing)
    took["charts"] = time.perf_counter() - t
