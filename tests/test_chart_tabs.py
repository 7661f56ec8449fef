"""Lớp học and Kinh phí open with their first chart and the first tab's (issue 21: each plotly chart
costs the browser about 100 ms to draw); every other chart is one tab away, drawn when its tab is
chosen, and nothing is lost on the way."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from chart_support import drawn_charts
from streamlit.testing.v1 import AppTest

from figures import report
from figures.spec import has_values
from warehouse.filters import Filters
from warehouse.snapshot import read_snapshot

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = {"classes": (report.classes_specs, "classes_tab"), "funding": (report.funding_specs, "funding_tab")}


def chart_ids(at: AppTest) -> list[str]:
    return [c.proto.id for c in drawn_charts(at)]


@pytest.mark.parametrize("page", PAGES)
def test_a_page_opens_with_two_charts_and_every_tab_draws_its_own(demo_db_master, monkeypatch, page):
    build, key = PAGES[page]
    monkeypatch.setenv("LLW_DB", str(demo_db_master))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["year"] = "2024"
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(drawn_charts(at)) == 2, "the first chart and the first tab's"
    labels = [tab.label for tab in at.tabs]
    assert len(labels) >= 2 and all(labels)
    seen = set(chart_ids(at))
    for label in labels[1:]:
        at.session_state[key] = label
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        drawn = chart_ids(at)
        assert 2 <= len(drawn) < 5 and not set(drawn[1:]) & seen - {drawn[0]}, label  # this tab's own
        seen |= set(drawn)
    specs = build(read_snapshot(demo_db_master), Filters(year=2024))
    assert len(seen) == sum(1 for s in specs if has_values(s)), "every chart of the page is reachable"
