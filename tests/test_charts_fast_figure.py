"""A chart's figure reaches st.plotly_chart already validated (ui.charts builds a go.Figure from the
cached JSON without validating it again, issue 21): the browser must get exactly what it got when
Streamlit validated the figure itself, for every chart of every page, in both languages. (That each
run gets a figure of its own, whatever another run did to its copy, is tests/test_shared_cache.py.)"""

from __future__ import annotations

import plotly.io
import plotly.tools
import pytest
import streamlit as st
from plotly.basedatatypes import BaseFigure

from figures import report
from figures.spec import has_values
from reference.i18n import use_language
from ui import charts
from ui.cache import content_key
from warehouse.filters import Filters
from warehouse.snapshot import read_snapshot


def _sent(figure_or_data) -> str:
    """The JSON st.plotly_chart puts in its message for what it is given (its own two calls)."""
    figure = plotly.tools.return_figure_from_figure_or_data(figure_or_data, validate_figure=True)
    return plotly.io.to_json(figure, validate=False)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("build", report.EVERY_CHART, ids=lambda b: b.__name__)
def test_the_fast_figure_sends_what_a_validated_one_sends(demo_db_master, lang, build):
    st.cache_resource.clear()
    snap = read_snapshot(demo_db_master)
    shown = 0
    with use_language(lang):
        for f in (Filters(year=2024), Filters(year=2025, mode="today34", region="dbsh", per_capita=True)):
            for spec in build(snap, f):
                if not has_values(spec):
                    continue
                fast = charts._figure(spec, content_key(spec), None)
                assert isinstance(fast, BaseFigure)  # so Streamlit does not validate it again
                validated = charts.to_plotly(spec).to_dict()  # what a dict handed to Streamlit became
                assert _sent(fast) == _sent(validated), spec.slug
                shown += 1
    assert shown >= 2
