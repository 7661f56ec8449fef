"""Vietnamese number format, the plotly choropleth builder and the static PNG renderer."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely
from shapely.geometry import shape

from figures.maps import ARCHIPELAGOS, NO_DATA_TEXT, choropleth, layer_geojson, load_layer, nice_ticks, province_values
from figures.numberfmt import fmt_int, fmt_money, fmt_number, fmt_percent, fmt_value
from figures.render import render_png
from reference.admin_units import province_by_code

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
LABELS = {"Quần đảo Hoàng Sa", "Quần đảo Trường Sa"}


# ---------------------------------------------------------------------------------------------
# numberfmt


@pytest.mark.parametrize(
    "x, out",
    [
        (1234567, "1.234.567"),
        (0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (-1234, "-1.234"),
        (2.5, "3"),
        (1234567.6, "1.234.568"),
        (None, "–"),
        (math.nan, "–"),
    ],
)
def test_fmt_int(x, out):
    assert fmt_int(x) == out


def test_fmt_number():
    assert fmt_number(1234.5, 1) == "1.234,5"
    assert fmt_number(1234.5, 2) == "1.234,50"
    assert fmt_number(0.125, 2) == "0,13"  # half away from zero
    assert fmt_number(-0.001, 2) == "0,00"
    assert fmt_number(1234.50, 2, strip_zeros=True) == "1.234,5"
    assert fmt_percent(0.125) == "12,5%"
    assert fmt_percent(0.5) == "50%"
    assert fmt_value(1234.0) == "1.234"
    assert fmt_value(12.345) == "12,35"


@pytest.mark.parametrize(
    "dong, out",
    [
        (1_500_000_000, "1,5 tỷ đồng"),
        (850_000_000, "850 triệu đồng"),
        (500_000, "500.000 đồng"),
        (1_234_000_000, "1,23 tỷ đồng"),
        (2_500_000, "2,5 triệu đồng"),
        (999_999_999, "1 tỷ đồng"),
        (1_234_500_000_000, "1.235 tỷ đồng"),
        (0, "0 đồng"),
        (None, "–"),
    ],
)
def test_fmt_money(dong, out):
    assert fmt_money(dong) == out


def test_nice_ticks():
    assert nice_ticks(0, 100) == [0, 25, 50, 75, 100]
    assert nice_ticks(0, 4.9) == [0, 2, 4]
    assert nice_ticks(3, 3) == [3]


# ---------------------------------------------------------------------------------------------
# choropleth


def sample(era, drop=0, money=False):
    codes = load_layer(era)["code"].tolist()
    rng = np.random.default_rng(era)
    vals = rng.integers(1_000, 2_000_000, len(codes)).astype(float)
    if money:
        vals *= 1_000
    df = pd.DataFrame({"province_code": codes, "value": vals})
    return df.iloc[drop:].reset_index(drop=True)


def choropleth_traces(fig):
    return [t for t in fig.data if isinstance(t, go.Choropleth)]


def all_locations(fig):
    return [loc for t in choropleth_traces(fig) for loc in t.locations]


@pytest.mark.parametrize("era", [63, 34])
def test_one_location_per_province(era):
    fig = choropleth(sample(era), era=era, title="Lượt người tham gia", unit_label="lượt người")
    assert isinstance(fig, go.Figure)
    locs = all_locations(fig)
    assert len(locs) == len(set(locs)) == era
    assert set(locs) == set(province_by_code(era))
    # Each trace ships only its own provinces' shapes: the geometry goes to the browser once.
    shipped = [f["properties"]["code"] for t in choropleth_traces(fig) for f in t.geojson["features"]]
    assert sorted(shipped) == sorted(locs)
    assert len(fig.to_json()) < 1_000_000


@pytest.mark.parametrize("era", [63, 34])
def test_archipelago_labels_and_bounds(era):
    fig = choropleth(sample(era), era=era)
    texts = {t for tr in fig.data if isinstance(tr, go.Scattergeo) and tr.mode == "text" for t in tr.text}
    assert texts == LABELS
    geo = fig.layout.geo
    assert geo.projection.type == "mercator"
    lon, lat = geo.lonaxis.range, geo.lataxis.range
    layer_bounds = load_layer(era).total_bounds
    assert lon[0] < layer_bounds[0] and lon[1] > layer_bounds[2]
    assert lat[0] < layer_bounds[1] and lat[1] > layer_bounds[3]
    for a in ARCHIPELAGOS:  # the labels themselves sit inside the window
        assert lon[0] < a.label_lonlat[0] < lon[1] and lat[0] < a.label_lonlat[1] < lat[1]
    # Island dots take their province's hover (Đà Nẵng, Khánh Hòa).
    dots = [tr for tr in fig.data if isinstance(tr, go.Scattergeo) and tr.mode == "markers"][0]
    assert any("Đà Nẵng" in t and "Hoàng Sa" in t for t in dots.text)
    assert any("Khánh Hòa" in t and "Trường Sa" in t for t in dots.text)


def test_hover_vietnamese_numbers_rank_and_missing():
    df = sample(63)
    df = df[~df["province_code"].isin(["02", "04", "06"])]
    df.loc[df["province_code"] == "01", "value"] = 1_234_567
    df.loc[df["province_code"] == "79", "value"] = 9_999_999  # the largest
    fig = choropleth(df, era=63, title="Lượt người tham gia", unit_label="lượt người")
    data, missing = choropleth_traces(fig)
    hover = dict(zip(data.locations, data.text, strict=True))
    assert "1.234.567 lượt người" in hover["01"]
    assert "<b>Hà Nội</b>" in hover["01"]
    assert "Xếp hạng: 1/60" in hover["79"]
    assert len(missing.locations) == 3
    assert all(NO_DATA_TEXT in t for t in missing.text)
    assert fig.layout.separators == ",."
    assert any(NO_DATA_TEXT in a.text for a in fig.layout.annotations)


def test_money_in_ty_dong():
    df = pd.DataFrame({"province_code": ["48", "56", "01"], "value": [1_500_000_000, 850_000_000, 12_000_000_000]})
    fig = choropleth(df, era=34, title="Kinh phí", money=True)
    data = choropleth_traces(fig)[0]
    hover = dict(zip(data.locations, data.text, strict=True))
    assert "1,5 tỷ đồng" in hover["48"]
    assert "850 triệu đồng" in hover["56"]
    assert data.colorbar.title.text == "tỷ đồng"
    assert max(data.z) == pytest.approx(12)


def test_rejects_codes_of_the_other_era():
    df = pd.DataFrame({"province_code": ["49"], "value": [1]})  # Quảng Nam: 63-era only
    with pytest.raises(ValueError, match="34-province"):
        choropleth(df, era=34)
    with pytest.raises(ValueError, match="duplicate"):
        choropleth(pd.DataFrame({"province_code": ["01", 1], "value": [1, 2]}))


def test_int_codes_and_ties():
    df = pd.DataFrame({"province_code": [1, 4, 8], "value": [5, 5, 1]})
    vals = province_values(df, era=34).set_index("code")
    assert vals.loc["01", "rank"] == vals.loc["04", "rank"] == 1
    assert vals.loc["08", "rank"] == 3


def test_plotly_geojson_wound_for_d3():
    """d3-geo fills the outside of counter-clockwise rings: plotly gets clockwise exteriors."""
    for era in (63, 34):
        for f in layer_geojson(era)["features"]:
            for poly in shapely.get_parts(shape(f["geometry"])):
                assert not poly.exterior.is_ccw


def test_bare_layer():
    fig = choropleth(None, era=34)
    assert len(all_locations(fig)) == 34


# ---------------------------------------------------------------------------------------------
# PNG


@pytest.mark.parametrize("era", [63, 34])
def test_render_png(era):
    out = render_png(
        sample(era, drop=2),
        era,
        ARTIFACTS / f"map_{era}.png",
        f"Lượt người tham gia ({era} tỉnh, thành phố)",
        unit_label="lượt người",
    )
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    bare = render_png(None, era, ARTIFACTS / f"layer_{era}.png", f"{era} tỉnh, thành phố")
    assert bare.stat().st_size > 30_000


def test_render_png_money():
    out = render_png(sample(34, money=True), 34, ARTIFACTS / "map_34_money.png", "Kinh phí", money=True)
    assert out.exists()
