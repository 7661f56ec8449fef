"""Draw a ChartSpec with plotly: the one renderer the pages use (maps go through
figures.maps.choropleth). Vietnamese separators (1.234.567; 6,2%), money scaled to triệu/tỷ đồng
with the unit on the axis, and colours from the Okabe–Ito palette, which stays distinguishable
for colour-blind readers and in grey print (dark blue first, then contrasting lightness)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from figures.locale import fmt_percent, fmt_value, money_unit_label
from figures.maps import FONT_FAMILY, choropleth
from figures.numberfmt import money_unit
from figures.spec import ChartSpec, source_line
from reference.i18n import language, t

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442", "#999999")
MAX_VERTICAL_CATEGORIES = 14  # more bars than this read better lying down


def _scale(spec: ChartSpec) -> tuple[float, str]:
    """Divisor and axis title for the values (money in the unit that reads best)."""
    if spec.money:
        div, unit = money_unit(spec.data["value"].abs().max() if len(spec.data) else None)
        return div, money_unit_label(unit)
    return 1.0, spec.value_label


def wrap(label: str, width: int = 34) -> str:
    """Break a long category label over lines (<br>) so horizontal bars keep their room."""
    words, lines, line = str(label).split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _texts(spec: ChartSpec) -> list[str]:
    if spec.percent:
        return [fmt_percent(v, 1) if pd.notna(v) else "–" for v in spec.data["value"]]
    return [fmt_value(v, money=spec.money) for v in spec.data["value"]]


def to_plotly(spec: ChartSpec, *, height: int | None = None) -> go.Figure:
    """The plotly figure of a spec, numbers in the reader's language."""
    if spec.kind == "map":
        return _map(spec, height=height)
    div, axis_title = _scale(spec)
    data = spec.data.assign(
        _text=_texts(spec), _y=spec.data["value"] / div, _label=[wrap(c) for c in spec.data["category"]]
    )
    if spec.percent:
        data["_y"] = spec.data["value"] * 100
        axis_title = "%"
    series = list(dict.fromkeys(data["series"]))
    fig = go.Figure()
    horizontal = spec.kind == "hbar" or (
        spec.kind == "stacked" and data["category"].nunique() > MAX_VERTICAL_CATEGORIES
    )
    if spec.kind == "pie":
        fig.add_trace(
            go.Pie(
                labels=data["category"],
                values=data["value"],
                text=data["_text"],
                textinfo="label+percent",
                hovertemplate="%{label}: %{text}<extra></extra>",
                marker=dict(colors=list(PALETTE)),
                sort=False,
            )
        )
    for i, name in enumerate(series if spec.kind != "pie" else []):
        part = data[data["series"] == name]
        color = PALETTE[i % len(PALETTE)]
        hover = "%{customdata}<extra>" + (str(name) or "") + "</extra>"
        custom = [f"{c}: {txt}" for c, txt in zip(part["category"], part["_text"], strict=True)]
        if spec.kind == "line":
            fig.add_trace(
                go.Scatter(
                    x=part["category"],
                    y=part["_y"],
                    mode="lines+markers",
                    name=str(name),
                    line=dict(color=color, width=2.5, dash=["solid", "dash", "dot", "dashdot"][i % 4]),
                    marker=dict(size=7, symbol=["circle", "square", "diamond", "triangle-up"][i % 4]),
                    customdata=custom,
                    hovertemplate=hover,
                )
            )
        elif horizontal:
            fig.add_trace(
                go.Bar(
                    y=part["_label"],
                    x=part["_y"],
                    orientation="h",
                    name=str(name),
                    marker_color=color,
                    text=part["_text"] if spec.kind == "hbar" else None,
                    textposition="outside" if spec.kind == "hbar" else None,
                    cliponaxis=False,
                    customdata=custom,
                    hovertemplate=hover,
                )
            )
        else:
            fig.add_trace(
                go.Bar(
                    x=part["category"],
                    y=part["_y"],
                    name=str(name),
                    marker_color=color,
                    text=part["_text"] if spec.kind == "bar" else None,
                    textposition="outside" if spec.kind == "bar" else None,
                    cliponaxis=False,
                    customdata=custom,
                    hovertemplate=hover,
                )
            )
    n_cat = data["category"].nunique()
    layout = dict(
        title=dict(text=spec.title, x=0.01, xanchor="left"),
        separators=".," if language() == "en" else ",.",
        font=dict(family=FONT_FAMILY, size=13),
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=10, r=30, t=60, b=40),
        showlegend=len(series) > 1,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, traceorder="normal"),
        barmode="stack" if spec.kind == "stacked" else "group",
        height=height or (max(360, 28 * n_cat + 120) if horizontal else 440),
        hoverlabel=dict(bgcolor="white"),
    )
    fig.update_layout(**layout)
    value_axis = dict(title=axis_title, gridcolor="#e0e0e0", zerolinecolor="#737373", tickformat=",~r", nticks=6)
    if spec.percent:
        value_axis["ticksuffix"] = ""
    if spec.kind in ("bar", "hbar") and len(data) and data["_y"].min() >= 0 and data["_y"].max() > 0:
        value_axis["range"] = [0, float(data["_y"].max()) * 1.18]  # room for the value written past the bar
    category_axis = dict(title=None if horizontal else spec.category_label, type="category")
    if horizontal:
        fig.update_xaxes(**value_axis)
        fig.update_yaxes(**category_axis, autorange="reversed")
    elif spec.kind != "pie":
        fig.update_yaxes(**value_axis)
        fig.update_xaxes(**category_axis)
    return fig


def _map(spec: ChartSpec, height: int | None = None) -> go.Figure:
    df = spec.data.rename(columns={"category": "province_code"})
    fig = choropleth(
        df,
        value_col="value",
        era=spec.era or 63,
        title=spec.title,
        unit_label=None if spec.money else spec.value_label,
        money=spec.money,
        label=spec.value_label,
        decimals=2 if "population" in df else None,
        height=height or 720,
        source_note=source_line(spec),
    )
    if "change" in df and df["change"].notna().any():
        word = t("dash.map.change_word")
        change = dict(zip(df["province_code"], df["change"], strict=True))
        for trace in fig.data:
            if isinstance(trace, go.Choropleth) and trace.text is not None:
                texts = []
                for loc, txt in zip(trace.locations, trace.text, strict=True):
                    c = change.get(loc)
                    if c is not None and not (isinstance(c, float) and np.isnan(c)):
                        sign = "+" if c > 0 else ""
                        txt = f"{txt}<br>{word}: {sign}{fmt_percent(c, 1)}"
                    texts.append(txt)
                trace.text = texts
    return fig
