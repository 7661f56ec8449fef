"""What the browser gets for a chart (ui.charts -> ui.plotly_view): the figure's JSON, built and
validated once on the server and sent as it is (issue 21). For every chart of every page, in both
languages, it must be a complete, valid figure: the same traces and layout as the spec's plotly
figure, the dashboard's template instead of the placeholder one Streamlit makes plotly's default
on import (its "#000001"... colours would draw near-black), and only trace types the project's
plotly.js bundle has (tests/test_plotly_bundle.py). (That each run gets a figure of its own,
whatever another run did to its copy, is tests/test_shared_cache.py.)"""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest
import streamlit as st
from chart_support import bundled_trace_types

from figures import report
from figures.spec import has_values
from reference.i18n import language, use_language
from ui import charts
from ui.cache import content_key
from ui.plotly_view import DASHBOARD_TEMPLATE
from warehouse.filters import Filters
from warehouse.snapshot import read_snapshot

PLACEHOLDER = re.compile(r'"#0000[0-4]\d"')  # streamlit.elements.lib.streamlit_plotly_theme


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("build", report.EVERY_CHART, ids=lambda b: b.__name__)
def test_the_figure_sent_is_the_spec_figure_with_the_dashboard_look(demo_db_master, lang, build):
    st.cache_resource.clear()
    snap = read_snapshot(demo_db_master)
    shown = 0
    with use_language(lang):
        for f in (Filters(year=2024), Filters(year=2025, mode="today34", region="dbsh", per_capita=True)):
            for spec in build(snap, f):
                if not has_values(spec):
                    continue
                sent = charts._figure_json(content_key(spec), language(), None, spec)
                assert not PLACEHOLDER.search(sent), spec.slug
                figure = json.loads(sent)
                go.Figure(figure)  # valid as it is (plotly raises on any unknown property)
                own = charts.to_plotly(spec).to_dict()
                assert [t["type"] for t in figure["data"]] == [t["type"] for t in own["data"]], spec.slug
                assert {t["type"] for t in figure["data"]} <= bundled_trace_types(), spec.slug
                assert figure["data"] == json.loads(go.Figure(own).to_json())["data"], spec.slug
                layout = {k: v for k, v in figure["layout"].items() if k != "template"}
                mine = {k: v for k, v in json.loads(go.Figure(own).to_json())["layout"].items() if k != "template"}
                assert layout == mine, spec.slug
                assert figure["layout"]["template"]["layout"]["colorway"] == DASHBOARD_TEMPLATE["layout"]["colorway"]
                shown += 1
    assert shown >= 2
