"""The figures behind a chart are built only when their expander is opened (issue 21: a collapsed
expander's grid was still sent and mounted, a glide grid per chart in the browser); opened, the
table is the chart's own, numbers written the reader's way."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from chart_support import drawn_charts
from streamlit.testing.v1 import AppTest

from figures import report
from ui.charts import display_table
from warehouse.filters import Filters
from warehouse.snapshot import read_snapshot

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_the_chart_table_is_built_when_its_expander_opens(demo_db_master, monkeypatch):
    monkeypatch.setenv("LLW_DB", str(demo_db_master))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["year"] = "2024"
    at.switch_page("pages/trend.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.label for e in at.expander] == ["Số liệu của biểu đồ"]
    before = len(at.dataframe)  # the page's own change table only
    [chart] = drawn_charts(at)
    at.session_state[chart.proto.id.split("-", 2)[2] + ".data"] = True  # the chart's key + ".data"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe) == before + 1
    spec = report.trend_specs(read_snapshot(demo_db_master), Filters(year=2024), by="national")[-1]
    assert at.expander[0].dataframe[0].value.equals(display_table(spec))
