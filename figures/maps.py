"""Province maps: the boundary layers in data/geo/ and a plotly choropleth builder.

    from figures.maps import choropleth, load_layer
    fig = choropleth(df, value_col="value", era=63, title="Lượt người tham gia", unit_label="lượt")

`df` has one row per province: `province_code` (2-digit national code) and a value column.
Provinces without a value are drawn grey with "Chưa có số liệu". Every map shows the Hoàng Sa
archipelago (part of Đà Nẵng) and the Trường Sa archipelago (part of Khánh Hòa), labelled
"Quần đảo Hoàng Sa" and "Quần đảo Trường Sa"; their islands are too small to see at national zoom,
so each island is also drawn as a dot in its province's colour.

For a static image without a browser see figures.render.render_png."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from plotly.colors import get_colorscale, sample_colorscale
from shapely.geometry import box, mapping

from figures.locale import fmt_number, fmt_value, money_unit_label
from figures.numberfmt import money_unit
from reference.i18n import t

ROOT = Path(__file__).resolve().parents[1]
GEO_DIR = ROOT / "data" / "geo"
ERAS = (63, 34)

COLORSCALE = "Blues"  # sequential, single hue: colour-blind safe and readable in grey print
NO_DATA_COLOR = "#d9d9d9"
NO_DATA_TEXT = "Chưa có số liệu"  # in Vietnamese; no_data_text() in the reader's language


def no_data_text() -> str:
    return t("map.no_data")


BORDER_COLOR = "#525252"
LABEL_COLOR = "#08306b"
FONT_FAMILY = "Arial, 'DejaVu Sans', sans-serif"

# Map window (degrees): the whole country with both archipelagos and their labels.
LON_RANGE = (101.6, 117.4)
LAT_RANGE = (7.9, 23.7)


@dataclass(frozen=True)
class Archipelago:
    label: str
    province_code: str  # the same in both eras
    bbox: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
    label_lonlat: tuple[float, float]  # where the label's text is centred


ARCHIPELAGOS = (
    Archipelago("Quần đảo Hoàng Sa", "48", (110.5, 15.3, 113.5, 17.5), (112.0, 15.25)),
    Archipelago("Quần đảo Trường Sa", "56", (111.0, 6.0, 118.0, 12.0), (114.9, 9.15)),
)


def layer_path(era: int) -> Path:
    if era not in ERAS:
        raise ValueError(f"era must be 63 or 34, not {era!r}")
    return GEO_DIR / f"provinces_{era}.geojson"


@lru_cache(maxsize=2)
def _read_layer(era: int) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(layer_path(era))
    gdf["code"] = gdf["code"].astype(str).str.zfill(2)
    return gdf.sort_values("code").reset_index(drop=True)


def load_layer(era: int = 63) -> gpd.GeoDataFrame:
    """The province layer of an era (63: until 30 June 2025, 34: from 1 July 2025), EPSG:4326,
    columns code, name (+ code_2025 or formed_from), geometry. Read once, returned as a copy."""
    return _read_layer(era).copy()


@lru_cache(maxsize=2)
def _layer_geojson(era: int) -> dict:
    feats = []
    for row in _read_layer(era).itertuples():
        # d3-geo (which plotly draws with) wants exterior rings clockwise, unlike RFC 7946.
        geom = shapely.orient_polygons(row.geometry, exterior_cw=True)
        feats.append(
            {
                "type": "Feature",
                "id": row.code,
                "properties": {"code": row.code, "name": row.name},
                "geometry": mapping(geom),
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def layer_geojson(era: int = 63, codes=None) -> dict:
    """The layer as a GeoJSON dict ready for plotly (rings wound for d3-geo); `codes` keeps
    only those provinces."""
    fc = _layer_geojson(era)
    feats = fc["features"] if codes is None else [f for f in fc["features"] if f["id"] in set(codes)]
    return {"type": "FeatureCollection", "features": copy.deepcopy(feats)}


@lru_cache(maxsize=2)
def _archipelago_islands(era: int) -> tuple:
    layer = _read_layer(era).set_index("code")
    out = []
    for a in ARCHIPELAGOS:
        area = box(*a.bbox)
        parts = [p for p in shapely.get_parts(layer.loc[a.province_code, "geometry"]) if area.contains(p)]
        if not parts:
            raise RuntimeError(f"{a.label} missing from the {era} layer")
        pts = tuple((round(p.centroid.x, 4), round(p.centroid.y, 4)) for p in parts)
        out.append((a, pts))
    return tuple(out)


def archipelago_islands(era: int = 63) -> list[tuple[Archipelago, list[tuple[float, float]]]]:
    """Each archipelago with the (lon, lat) centroids of its islands in the layer."""
    return [(a, list(pts)) for a, pts in _archipelago_islands(era)]


# ---------------------------------------------------------------------------------------------
# Values


def province_values(
    df: pd.DataFrame | None,
    value_col: str = "value",
    era: int = 63,
    *,
    code_col: str = "province_code",
    money: bool = False,
    decimals: int | None = None,
    label: str | None = None,
    unit_label: str | None = None,
) -> pd.DataFrame:
    """One row per province of the era, in code order: code, name, value (NaN when missing),
    rank (1 = highest, among provinces with data), value_text and hover (Vietnamese)."""
    layer = _read_layer(era)[["code", "name"]].copy()
    if df is None:
        vals = pd.Series(np.nan, index=layer["code"])
    else:
        if code_col not in df.columns or value_col not in df.columns:
            raise KeyError(f"df needs columns {code_col!r} and {value_col!r}")
        codes = df[code_col].map(_norm_code)
        if codes.duplicated().any():
            raise ValueError(f"duplicate province codes: {sorted(set(codes[codes.duplicated()]))}")
        unknown = sorted(set(codes) - set(layer["code"]))
        if unknown:
            raise ValueError(f"codes not in the {era}-province layer: {unknown} (is the data of the other era?)")
        vals = pd.Series(pd.to_numeric(df[value_col], errors="coerce").to_numpy(dtype=float), index=codes.to_numpy())
    out = layer.assign(value=layer["code"].map(vals).astype(float))
    has = out["value"].notna()
    n = int(has.sum())
    out["rank"] = out["value"].rank(method="min", ascending=False).astype("Int64")
    out["value_text"] = [
        fmt_value(v, money=money, decimals=decimals) if ok else no_data_text()
        for v, ok in zip(out["value"], has, strict=True)
    ]
    what = label or t("map.value")
    unit = "" if money or not unit_label else f" {unit_label}"
    hover = []
    for r, ok in zip(out.itertuples(), has, strict=True):
        lines = [f"<b>{r.name}</b>"]
        if ok:
            lines.append(f"{what}: {r.value_text}{unit}")
            lines.append(t("map.rank", rank=r.rank, n=n))
        elif df is not None:
            lines.append(no_data_text())
        hover.append("<br>".join(lines))
    out["hover"] = hover
    return out


def _norm_code(code) -> str:
    if isinstance(code, (int, np.integer)) or (isinstance(code, float) and code.is_integer()):
        return f"{int(code):02d}"
    return str(code).strip().zfill(2)


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (about n of them)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(n - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.ceil(lo / step - 1e-9) * step
    ticks = []
    t = start
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _tick_decimals(ticks: list[float]) -> int:
    for d in range(0, 4):
        if all(abs(t - round(t, d)) < 1e-9 for t in ticks):
            return d
    return 3


@dataclass(frozen=True)
class ColorScale:
    """How values become colours, shared by the plotly and the matplotlib maps."""

    colorscale: list  # plotly [[pos, colour], ...]
    zmin: float
    zmax: float
    divisor: float  # values are divided by this for the colour bar (money in triệu/tỷ)
    unit: str  # colour bar title
    tickvals: list[float]
    ticktext: list[str]

    def color(self, value: float) -> str:
        if value is None or not math.isfinite(value):
            return NO_DATA_COLOR
        z = value / self.divisor
        t = 0.5 if self.zmax == self.zmin else (z - self.zmin) / (self.zmax - self.zmin)
        return sample_colorscale(self.colorscale, [min(max(t, 0.0), 1.0)])[0]


def color_scale(
    values: pd.Series,
    colorscale=COLORSCALE,
    *,
    money: bool = False,
    unit_label: str | None = None,
    reversescale: bool = False,
) -> ColorScale:
    scale = get_colorscale(colorscale) if isinstance(colorscale, str) else list(colorscale)
    if reversescale:
        scale = [[1 - p, c] for p, c in reversed(scale)]
    v = values.dropna()
    divisor, unit = 1.0, unit_label or ""
    if money:
        divisor, unit = money_unit(v.abs().max() if len(v) else None)
        unit = money_unit_label(unit)
    z = v / divisor
    lo, hi = (float(z.min()), float(z.max())) if len(z) else (0.0, 1.0)
    if lo >= 0 and hi > 0 and lo < hi * 0.5:
        lo = 0.0  # counts: start the scale at zero so that shades compare as ratios
    if hi == lo:
        hi = lo + 1
    ticks = [t for t in nice_ticks(lo, hi) if lo - 1e-9 <= t <= hi + 1e-9]
    dec = _tick_decimals(ticks)
    return ColorScale(scale, lo, hi, divisor, unit, ticks, [fmt_number(tick, dec, strip_zeros=False) for tick in ticks])


# ---------------------------------------------------------------------------------------------
# Plotly


def choropleth(
    df: pd.DataFrame | None,
    value_col: str = "value",
    era: int = 63,
    title: str | None = None,
    unit_label: str | None = None,
    money: bool = False,
    *,
    label: str | None = None,
    code_col: str = "province_code",
    decimals: int | None = None,
    colorscale=COLORSCALE,
    reversescale: bool = False,
    height: int = 720,
    width: int | None = None,
    show_colorbar: bool = True,
    source_note: str | None = None,
) -> go.Figure:
    """Choropleth of one indicator by province on the 63- or 34-province layer.

    df: rows with `code_col` (2-digit code) and `value_col`; None draws the bare layer.
    title: figure title; label: what the value is, in the hover (default: title or "Giá trị");
    unit_label: unit after the number and on the colour bar ("lượt người"); money=True shows
    amounts in đồng as triệu/tỷ đồng. Hover: province, value (1.234.567), rank among provinces
    with data; provinces without data are grey with "Chưa có số liệu"."""
    vals = province_values(
        df,
        value_col,
        era,
        code_col=code_col,
        money=money,
        decimals=decimals,
        label=label or title,
        unit_label=unit_label,
    )
    cs = color_scale(vals["value"], colorscale, money=money, unit_label=unit_label, reversescale=reversescale)
    has = vals["value"].notna()
    fig = go.Figure()

    # Archipelago islands first: a geo subplot whose first trace has no `locationmode` does not
    # fetch plotly's world topojson from the CDN (the base map is switched off anyway).
    _add_archipelagos(fig, vals, cs, era)

    data = vals[has]
    if len(data):
        fig.add_trace(
            go.Choropleth(
                geojson=layer_geojson(era, data["code"]),
                featureidkey="properties.code",
                locations=data["code"],
                z=data["value"] / cs.divisor,
                zmin=cs.zmin,
                zmax=cs.zmax,
                colorscale=cs.colorscale,
                text=data["hover"],
                hovertemplate="%{text}<extra></extra>",
                marker_line_color=BORDER_COLOR,
                marker_line_width=0.5,
                showscale=show_colorbar,
                name=label or title or "",
                # In the empty sea north-east of the mainland, as on the PNG maps.
                colorbar=dict(
                    title=dict(text=cs.unit, side="top"),
                    tickvals=cs.tickvals,
                    ticktext=cs.ticktext,
                    thickness=14,
                    len=0.4,
                    outlinewidth=0,
                    x=0.97,
                    xanchor="right",
                    y=0.92,
                    yanchor="top",
                ),
            )
        )
    missing = vals[~has]
    if len(missing):
        fig.add_trace(
            go.Choropleth(
                geojson=layer_geojson(era, missing["code"]),
                featureidkey="properties.code",
                locations=missing["code"],
                z=np.zeros(len(missing)),
                colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]],
                showscale=False,
                text=missing["hover"],
                hovertemplate="%{text}<extra></extra>",
                marker_line_color=BORDER_COLOR,
                marker_line_width=0.5,
                name=no_data_text(),
            )
        )
    _add_archipelago_labels(fig, era)

    fig.update_geos(
        visible=False,
        projection_type="mercator",
        fitbounds=False,
        lonaxis_range=list(LON_RANGE),
        lataxis_range=list(LAT_RANGE),
        bgcolor="rgba(0,0,0,0)",
        showframe=False,
    )
    annotations = []
    if len(missing) and df is not None:
        annotations.append(
            dict(
                text=f"<span style='color:#737373'>■</span> {no_data_text()}",
                x=0.01,
                y=0.01,
                xref="paper",
                yref="paper",
                showarrow=False,
                xanchor="left",
                yanchor="bottom",
                font=dict(size=12),
            )
        )
    if source_note:
        annotations.append(
            dict(
                text=source_note,
                x=0.99,
                y=0.0,
                xref="paper",
                yref="paper",
                showarrow=False,
                xanchor="right",
                yanchor="bottom",
                font=dict(size=10, color="#737373"),
            )
        )
    fig.update_layout(
        title=dict(text=title, x=0.02, xanchor="left") if title else None,
        height=height,
        width=width,
        separators=",.",  # decimal ',', thousands '.'
        margin=dict(l=0, r=0, t=50 if title else 10, b=0),
        font=dict(family=FONT_FAMILY, size=13),
        showlegend=False,
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel=dict(bgcolor="white", font_size=13),
        annotations=annotations,
    )
    return fig


def _add_archipelagos(fig: go.Figure, vals: pd.DataFrame, cs: ColorScale, era: int) -> None:
    by_code = vals.set_index("code")
    lons, lats, colors, texts = [], [], [], []
    for a, pts in archipelago_islands(era):
        row = by_code.loc[a.province_code]
        color = cs.color(row["value"])
        hover = row["hover"].replace("</b>", f"</b> – {a.label}", 1)
        for lon, lat in pts:
            lons.append(lon)
            lats.append(lat)
            colors.append(color)
            texts.append(hover)
    fig.add_trace(
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="markers",
            text=texts,
            hovertemplate="%{text}<extra></extra>",
            marker=dict(size=5, color=colors, line=dict(color=BORDER_COLOR, width=0.6)),
            name="archipelago islands",
            showlegend=False,
        )
    )


def _add_archipelago_labels(fig: go.Figure, era: int) -> None:
    fig.add_trace(
        go.Scattergeo(
            lon=[a.label_lonlat[0] for a in ARCHIPELAGOS],
            lat=[a.label_lonlat[1] for a in ARCHIPELAGOS],
            mode="text",
            text=[a.label for a in ARCHIPELAGOS],
            textposition="middle center",
            textfont=dict(size=12, color=LABEL_COLOR, style="italic"),
            hoverinfo="skip",
            name="archipelago labels",
            showlegend=False,
        )
    )
