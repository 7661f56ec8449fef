"""`show_chart(spec)`: the one way a page draws a chart. It draws the plotly figure, the key
sentence and the source line, and under it the figures behind the chart with their downloads.
Buttons added in `_downloads` reach every chart of every page.

A chart's figure and formatted table are built once for every session, keyed by what the spec
holds (ui.cache.content_key): the figure is kept as JSON, which no session can change (plotly's
validation briefly takes each trace's "type" out of the dict it is given, issue 22).

That JSON goes to the browser as it is, drawn by ui.plotly_view with the project's own plotly.js
bundle (1,4 MB of the five trace types the figures use, not Streamlit's 4,8 MB library): no
per-run parse, copy or validation on the server, and a lighter first visit and reload in the
browser (issue 21).

The figures behind a chart sit in an expander whose grid is built only when it is opened (it
reruns the page, or the tabs' fragment): a collapsed expander's st.dataframe is still sent and
mounted, costing the browser a glide grid per chart and, on a page with no other table, the 1,2 MB
of grid JavaScript on every new session (issue 21).

`show_tabs` puts a page's further charts in tabs whose content runs only when chosen: a plotly
chart costs the browser about 100 ms to draw, so a page opens with two charts, not five, and
choosing a tab reruns that part of the page alone (a fragment)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures.locale import fmt_percent, fmt_value
from figures.plotly_charts import to_plotly
from figures.spec import ChartSpec, has_values, source_line
from figures.tables import spec_table, value_column
from reference.i18n import language, t
from ui.cache import content_key, shared_cache
from ui.export_buttons import render_export_buttons
from ui.plotly_view import dashboard_look, plot, plotly_config

PLOTLY_CONFIG = {
    "displaylogo": False,
    # plotly.js 4 shows a "Share chart..." button that uploads the figure to plotly's cloud: a
    # government tool makes no outside calls (st.plotly_chart turned it off too)
    "showSendToCloud": False,
    "plotlyServerURL": "",
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


@shared_cache(max_entries=512)
def _figure_json(key: str, lang: str, height: int | None, _spec: ChartSpec) -> str:
    # key: the spec's content; lang: the number format the figure is drawn in. Rebuilt from its dict
    # once (per spec and language, cached): that drops the empty parts to_plotly leaves
    # ("title": {}), so what the browser gets is the figure's plain JSON.
    return dashboard_look(go.Figure(to_plotly(_spec, height=height).to_dict())).to_json()


@shared_cache(max_entries=512)
def _table(key: str, lang: str, _spec: ChartSpec) -> pd.DataFrame:  # key: the spec's content
    return display_table(_spec)


def prepare(spec: ChartSpec, height: int | None = None) -> None:
    """Build what show_chart(spec) draws into the shared caches, without drawing it (ui.warmup)."""
    if has_values(spec):
        held = content_key(spec)
        _figure_json(held, language(), height, spec)
        _table(held, language(), spec)


def show_chart(
    spec: ChartSpec,
    *,
    key: str | None = None,
    on_select: str = "ignore",
    height: int | None = None,
    show_data: bool = True,
):
    """Draw a spec; with on_select='rerun' a click on a point reruns the page and this returns the
    clicked points in that run ([] otherwise; see ui.plotly_view.plot)."""
    if not has_values(spec):  # plotly refuses a figure with no trace; a partial report is ordinary
        st.info(t("dash.chart.no_values", title=spec.title))
        return []
    held = content_key(spec)
    chart_key = key or f"chart-{spec.slug}"
    points = plot(
        _figure_json(held, language(), height, spec),
        key=chart_key,
        config=plotly_config(PLOTLY_CONFIG),
        selectable=on_select == "rerun",
    )
    if spec.sentence:
        st.markdown(f"**{spec.sentence}**")
    for note in spec.notes[:1] if spec.kind == "map" else ():
        st.caption(note)
    st.caption(source_line(spec))
    # PNG/SVG/CSV/XLSX (exports/: formula injection neutralised) under every chart
    render_export_buttons(spec, key=key)
    if show_data:
        data = st.expander(t("dash.chart.data"), key=f"{chart_key}.data", on_change="rerun")
        if data.open:  # built only when opened (module doc)
            with data:
                st.dataframe(_table(held, language(), spec), hide_index=True, width="stretch")
    return points


def display_table(spec: ChartSpec) -> pd.DataFrame:
    """The spec's table with numbers written the reader's way (1.234.567; 6,2%; 1,5 tỷ đồng)."""
    table = spec_table(spec)
    value_col = value_column(spec)
    shown = table.copy()
    if spec.percent:
        shown[value_col] = [fmt_percent(v, 1) for v in table[value_col]]
    else:
        shown[value_col] = [fmt_value(v, money=spec.money) for v in table[value_col]]
    for col in ("current", "previous"):
        if col in shown:
            money = spec.data["money"] if "money" in spec.data else [spec.money] * len(shown)
            shown[col] = [fmt_value(v, money=bool(m)) for v, m in zip(table[col], money, strict=True)]
    for col in ("change", "share"):
        if col in shown:
            shown[col] = [fmt_percent(v, 1) if pd.notna(v) else "–" for v in table[col]]
    return shown


Row = ChartSpec | tuple[ChartSpec, ...]  # one chart, or charts side by side


def show_tabs(key: str, sections: Sequence[tuple[str, Sequence[Row]]]) -> None:
    """Tabs (label, charts) under the page's first chart; only the chosen tab's charts are built
    and sent (st.tabs with on_change="rerun"), and choosing another reruns these tabs alone."""
    _tabs(key, [label for label, _ in sections], [list(rows) for _, rows in sections])


@st.fragment
def _tabs(key: str, labels: list[str], contents: list[list[Row]]) -> None:
    for tab, rows in zip(st.tabs(labels, key=key, on_change="rerun"), contents, strict=True):
        if not tab.open:
            continue
        with tab:
            for row in rows:
                if isinstance(row, ChartSpec):
                    show_chart(row)
                    continue
                for column, spec in zip(st.columns(len(row)), row, strict=True):
                    with column:
                        show_chart(spec)
