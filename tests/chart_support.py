"""The charts a page drew, as AppTest sees them: each is a `llw_plotly` component (ui.plotly_view)
whose data carries the figure's JSON."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from ui.plotly_view import COMPONENT


def drawn_charts(at: AppTest) -> list:
    return [e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT]


def chart_figure(chart) -> dict:
    """The figure a chart element sends to the browser."""
    return json.loads(json.loads(chart.proto.json)["figure"])
