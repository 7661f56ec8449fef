"""The charts a page drew, as AppTest sees them: each is a `llw_plotly` component (ui.plotly_view)
whose data carries the figure's JSON; and the trace types the project's plotly.js bundle has."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.plotly_view import COMPONENT

ENTRY = Path(__file__).resolve().parent.parent / "scripts" / "plotly_bundle" / "entry.js"


@cache
def bundled_trace_types() -> set[str]:
    """The trace types scripts/plotly_bundle/entry.js registers; scatter is always in the core."""
    return {"scatter"} | set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", ENTRY.read_text())) - {"core"}


def drawn_charts(at: AppTest) -> list:
    return [e for e in at.get("bidi_component") if e.proto.component_name == COMPONENT]


def chart_figure(chart) -> dict:
    """The figure a chart element sends to the browser."""
    return json.loads(json.loads(chart.proto.json)["figure"])
