"""The committed province layers in data/geo/: valid, complete, matching the reference data,
with Hoàng Sa in Đà Nẵng and Trường Sa in Khánh Hòa, and the 34 layer the dissolve of the 63."""

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box, shape

from reference.admin_units import merger_table, province_by_code, provinces

GEO = Path(__file__).resolve().parents[1] / "data" / "geo"
ERAS = (63, 34)
PARACEL = box(110.5, 15.3, 113.5, 17.5)
SPRATLY = box(111.0, 6.0, 118.0, 12.0)
ARCHIPELAGO_AREA = shapely.union(PARACEL, SPRATLY)


def path(era):
    return GEO / f"provinces_{era}.geojson"


@pytest.fixture(scope="module", params=ERAS)
def era(request):
    return request.param


def layer(era) -> gpd.GeoDataFrame:
    return gpd.read_file(path(era)).set_index("code", drop=False)


def raw(era) -> dict:
    return json.loads(path(era).read_text(encoding="utf-8"))


def mainland(geom):
    return shapely.difference(geom, ARCHIPELAGO_AREA)


def test_files_small_and_rounded(era):
    text = path(era).read_text(encoding="utf-8")
    assert len(text.encode()) < 300_000  # a choropleth page ships well under 1 MB of geometry
    decimals = {len(m) for m in re.findall(r"\d\.(\d+)", text)}
    assert max(decimals) <= 5


def test_codes_and_names_match_reference(era):
    fc = raw(era)
    ref = province_by_code(era)
    codes = [f["properties"]["code"] for f in fc["features"]]
    assert len(codes) == len(set(codes)) == era
    assert set(codes) == set(ref)
    for f in fc["features"]:
        p = f["properties"]
        assert p["name"] == ref[p["code"]].name  # exactly the reference display name


def test_successor_properties():
    ref63 = province_by_code(63)
    for f in raw(63)["features"]:
        assert f["properties"]["code_2025"] == ref63[f["properties"]["code"]].code_2025
    merged = merger_table()
    for f in raw(34)["features"]:
        assert f["properties"]["formed_from"].split(",") == merged[f["properties"]["code"]]


def test_geometries_valid(era):
    gdf = layer(era)
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.is_valid.all()
    assert not gdf.geometry.is_empty.any()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    b = gdf.total_bounds
    assert 102.0 < b[0] < 102.3 and 8.3 < b[1] < 8.7  # Lai Châu west, Cà Mau south
    assert b[2] > 115.5 and 23.2 < b[3] < 23.5  # Trường Sa east, Hà Giang north


def test_rfc7946_winding(era):
    for f in raw(era)["features"]:
        for poly in shapely.get_parts(shape(f["geometry"])):
            assert poly.exterior.is_ccw


def test_no_gaps_or_overlaps(era):
    """Neighbours share their borders exactly: a valid polygon coverage with no holes inside."""
    gdf = layer(era)
    land = np.array([mainland(g) for g in gdf.geometry], dtype=object)
    assert shapely.coverage_is_valid(land)
    union = shapely.union_all(land)
    holes = [r for p in shapely.get_parts(union) for r in p.interiors]
    assert holes == []
    assert sum(shapely.area(land)) == pytest.approx(union.area, rel=1e-9)


@pytest.mark.parametrize("box_, code, name", [(PARACEL, "48", "Hoàng Sa"), (SPRATLY, "56", "Trường Sa")])
def test_archipelagos_in_their_province(era, box_, code, name):
    gdf = layer(era)
    assert province_by_code(era)[code].name == {"48": "Đà Nẵng", "56": "Khánh Hòa"}[code]
    islands = [p for p in shapely.get_parts(gdf.loc[code, "geometry"]) if box_.contains(p)]
    assert len(islands) >= 5, f"{name} missing from {code}"
    for other, g in gdf.geometry.items():
        if other != code:
            assert not g.intersects(box_), f"{other} reaches into {name}"
    # The province is one feature: mainland and islands together (a MultiPolygon).
    assert gdf.loc[code, "geometry"].geom_type == "MultiPolygon"
    assert not mainland(gdf.loc[code, "geometry"]).is_empty


@pytest.mark.parametrize(
    "name, lonlat, code63",
    [
        ("Hà Nội", (105.85, 21.03), "01"),
        ("TP. Hồ Chí Minh", (106.70, 10.78), "79"),
        ("Đà Nẵng", (108.20, 16.05), "48"),
        ("Huế", (107.58, 16.46), "46"),
        ("Cần Thơ", (105.60, 10.10), "92"),  # generalised: the city centre is on the edge
        ("Phú Quốc", (104.00, 10.25), "91"),
        ("Côn Đảo", (106.62, 8.72), "77"),
        ("Cát Bà", (107.00, 20.79), "31"),
    ],
)
def test_places_in_the_right_province(era, name, lonlat, code63):
    code = code63 if era == 63 else province_by_code(63)[code63].code_2025
    gdf = layer(era)
    holders = [c for c, g in gdf.geometry.items() if g.contains(Point(lonlat))]
    assert holders == [code], name


def test_dissolve_matches_merger_table():
    g63, g34 = layer(63), layer(34)
    merged = merger_table()
    assert set(merged) == set(g34.index)
    for new, olds in merged.items():
        union = shapely.union_all(list(g63.loc[olds, "geometry"]))
        diff = shapely.symmetric_difference(union, g34.loc[new, "geometry"]).area
        assert diff < 1e-6, (new, olds, diff)
    assert shapely.area(g63.geometry.values).sum() == pytest.approx(shapely.area(g34.geometry.values).sum(), rel=1e-6)
    # Every 63-era province lies in the 34-era province the reference data names.
    for p in provinces(63):
        inside = g63.loc[p.code, "geometry"].representative_point()
        assert g34.loc[p.code_2025, "geometry"].contains(inside), p.name


def test_readme_documents_provenance():
    text = (GEO / "README.md").read_text(encoding="utf-8")
    for needle in (
        "@superset-ui/legacy-plugin-chart-country-map",
        "0.20.3",
        "Apache-2.0",
        "world-atlas",
        "ISC",
        "Natural Earth",
        "python -m etl.build_geo",
        "Hoàng Sa",
        "Trường Sa",
    ):
        assert needle in text
