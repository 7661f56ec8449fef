"""Static PNG maps without a browser (geopandas + matplotlib), for the slide export on servers
that have no Chromium.

    from figures.render import render_png
    render_png(df, era=34, path="map.png", title="Lượt người tham gia 2025", unit_label="lượt")

Same layers, colours, number format and archipelago labels as figures.maps.choropleth."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from figures.maps import (
    ARCHIPELAGOS,
    BORDER_COLOR,
    COLORSCALE,
    LABEL_COLOR,
    LAT_RANGE,
    LON_RANGE,
    NO_DATA_COLOR,
    NO_DATA_TEXT,
    archipelago_islands,
    color_scale,
    load_layer,
    province_values,
)

FONT = "DejaVu Sans"  # ships with matplotlib and has the Vietnamese glyphs


def render_png(
    df: pd.DataFrame | None,
    era: int = 63,
    path: str | Path = "map.png",
    title: str | None = None,
    *,
    value_col: str = "value",
    unit_label: str | None = None,
    money: bool = False,
    code_col: str = "province_code",
    colorscale=COLORSCALE,
    reversescale: bool = False,
    dpi: int = 200,
    width_in: float = 7.0,
    source_note: str | None = None,
) -> Path:
    """Write a PNG choropleth (df None: the bare layer, each province outlined) and return its
    path. Thread-safe: uses a Figure object, not pyplot's global state."""
    from matplotlib import rc_context
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import LinearSegmentedColormap, Normalize
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    vals = province_values(df, value_col, era, code_col=code_col, money=money, unit_label=unit_label)
    cs = color_scale(vals["value"], colorscale, money=money, unit_label=unit_label, reversescale=reversescale)
    gdf = load_layer(era).merge(vals[["code", "value"]], on="code", how="left")
    gdf["fill"] = [cs.color(v) for v in gdf["value"]]
    if df is None:
        gdf["fill"] = "#f0f0f0"
    fill = [_mpl_color(c) for c in gdf["fill"]]

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    aspect = 1 / math.cos(math.radians(sum(LAT_RANGE) / 2))  # plate carrée, true at mid-latitude
    map_h = width_in * (LAT_RANGE[1] - LAT_RANGE[0]) * aspect / (LON_RANGE[1] - LON_RANGE[0])
    title_h = 0.55 if title else 0.1
    height_in = map_h + title_h
    with rc_context({"font.family": FONT, "font.size": 9}):
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        ax = fig.add_axes([0.0, 0.0, 1.0, map_h / height_in])
        gdf.plot(ax=ax, color=fill, edgecolor=BORDER_COLOR, linewidth=0.3)
        for a, pts in archipelago_islands(era):
            color = _mpl_color(gdf.loc[gdf["code"] == a.province_code, "fill"].iloc[0])
            ax.scatter(
                [p[0] for p in pts],
                [p[1] for p in pts],
                s=9,
                c=[color] * len(pts),
                edgecolors=BORDER_COLOR,
                linewidths=0.4,
                zorder=3,
            )
        for a in ARCHIPELAGOS:
            ax.text(
                *a.label_lonlat,
                a.label,
                ha="center",
                va="center",
                fontsize=8.5,
                style="italic",
                color=LABEL_COLOR,
                zorder=4,
            )
        ax.set_xlim(*LON_RANGE)
        ax.set_ylim(*LAT_RANGE)
        ax.set_aspect(aspect)
        ax.set_axis_off()
        if title:
            fig.text(0.03, 1 - 0.12 / height_in, title, ha="left", va="top", fontsize=13, fontweight="bold")
        if df is not None:
            cmap = LinearSegmentedColormap.from_list("scale", [(p, _mpl_color(c)) for p, c in cs.colorscale])
            sm = ScalarMappable(norm=Normalize(cs.zmin, cs.zmax), cmap=cmap)
            # The sea north-east of the mainland is empty on this map: the colour bar goes there.
            top = map_h / height_in
            cax = fig.add_axes([0.80, top * 0.60, 0.025, top * 0.32])
            cb = fig.colorbar(sm, cax=cax)
            cb.set_ticks(cs.tickvals, labels=cs.ticktext)
            cb.outline.set_visible(False)
            if cs.unit:
                cb.set_label(cs.unit)
            if vals["value"].isna().any():
                ax.legend(
                    handles=[Patch(facecolor=NO_DATA_COLOR, edgecolor=BORDER_COLOR, linewidth=0.3, label=NO_DATA_TEXT)],
                    loc="lower left",
                    frameon=False,
                    fontsize=8,
                )
        if source_note:
            fig.text(0.98, 0.01, source_note, ha="right", va="bottom", fontsize=6.5, color="#737373")
        fig.savefig(path, dpi=dpi, facecolor="white")
    return path


def _mpl_color(c: str) -> tuple[float, float, float]:
    """plotly 'rgb(r, g, b)' or '#rrggbb' -> an RGB tuple for matplotlib."""
    c = c.strip()
    if c.startswith("rgb"):
        nums = [float(x) for x in c[c.index("(") + 1 : c.index(")")].split(",")[:3]]
        return tuple(n / 255 for n in nums)
    from matplotlib.colors import to_rgb

    return to_rgb(c)
