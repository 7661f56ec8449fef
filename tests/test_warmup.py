"""The server does the first visitor's work before it listens (ui.warmup, started by ./run.sh
through `python -m ui.serve`): what it builds must be what the first page run finds, or it is
wasted time at every start."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ui.charts
import warehouse.snapshot
from ui import warmup

APP = str(Path(__file__).resolve().parent.parent / "app.py")
LANDING_PAGES = ["pages/overview.py", "pages/classes.py", "pages/funding.py", "pages/trend.py"]


def test_the_warm_up_imports_what_every_page_imports():
    names = warmup.page_imports()
    assert {"streamlit", "figures.report", "ui.data", "ui.charts"} <= set(names)
    assert all(not n.startswith(".") for n in names)


@pytest.mark.parametrize("page", LANDING_PAGES)
def test_after_the_warm_up_a_landing_page_builds_no_snapshot_and_no_figure(demo_db, monkeypatch, page):
    monkeypatch.setenv("LLW_DB", str(demo_db))
    st.cache_resource.clear()
    warehouse.snapshot.forget()
    took = warmup.warm()
    assert set(took) == {"imports", "snapshot", "charts"}
    calls = {"snapshot": 0, "figure": 0}
    load, to_plotly = warehouse.snapshot.load_snapshot, ui.charts.to_plotly

    def counted_load(*a, **kw):
        calls["snapshot"] += 1
        return load(*a, **kw)

    def counted_figure(*a, **kw):
        calls["figure"] += 1
        return to_plotly(*a, **kw)

    monkeypatch.setattr(warehouse.snapshot, "load_snapshot", counted_load)
    monkeypatch.setattr(ui.charts, "to_plotly", counted_figure)
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert calls == {"snapshot": 0, "figure": 0}  # a visitor with no query string: the newest year


def test_without_the_warm_up_the_same_run_builds_them(demo_db, monkeypatch):
    """The check above is not vacuous: a cold start builds the snapshot and the figures."""
    monkeypatch.setenv("LLW_DB", str(demo_db))
    st.cache_resource.clear()
    warehouse.snapshot.forget()
    calls = {"figure": 0}
    to_plotly = ui.charts.to_plotly

    def counted_figure(*a, **kw):
        calls["figure"] += 1
        return to_plotly(*a, **kw)

    monkeypatch.setattr(ui.charts, "to_plotly", counted_figure)
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.exception and calls["figure"] > 0


def test_a_warehouse_that_cannot_be_read_does_not_stop_the_start(tmp_path, monkeypatch):
    bad = tmp_path / "hong.duckdb"
    bad.write_bytes(b"not a duckdb file at all" * 100)
    monkeypatch.setenv("LLW_DB", str(bad))
    st.cache_resource.clear()
    took = warmup.warm()  # logs and returns: the pages say what is wrong, in Vietnamese
    assert "imports" in took and "charts" not in took


@pytest.mark.slow
def test_the_server_started_as_run_sh_starts_it_serves_the_overview(demo_db, tmp_path):
    """`python -m ui.serve` (./run.sh's command) warms up, then serves the app."""
    import os
    import subprocess
    import sys
    import time

    from e2e_support import free_port

    port = free_port()
    root = Path(APP).parent
    env = {**os.environ, "LLW_DB": str(demo_db)}
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.serve", "--server.headless", "true", "--server.port", str(port)]
            + ["--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                        assert r.status == 200
                        break
                except OSError:
                    assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
                    time.sleep(0.3)
            from ws_sessions import viewer

            with viewer(f"http://127.0.0.1:{port}") as v:
                run = v.open("", "")
            assert run.exceptions == [] and "bidi_component" in run.elements  # a chart (ui.plotly_view)
        finally:
            proc.terminate()
            proc.wait(20)
    assert "Khởi động: imports" in log.read_text(encoding="utf-8")


def test_what_the_warm_up_built_is_out_of_the_collectors_sight(demo_db, monkeypatch):
    """ui.serve freezes what the warm-up leaves, so a full collection does not walk the snapshot,
    the charts and the libraries again (100-150 ms of CPU each at national scale, issue 21)."""
    import gc

    from ui import serve

    monkeypatch.setenv("LLW_DB", str(demo_db))
    st.cache_resource.clear()
    warehouse.snapshot.forget()
    gc.unfreeze()
    warmup.warm()
    try:
        assert gc.get_freeze_count() == 0
        serve.settle()
        assert gc.get_freeze_count() > 100_000  # every module, the snapshot, the charts
    finally:
        gc.unfreeze()
