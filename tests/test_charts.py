"""Chart API: filters in URLs, key sentences, builders and the quick report, checked against the
warehouse's province_values."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from figures.plotly_charts import to_plotly
from figures.report import classes_specs, funding_specs, map_specs, overview_specs, quick_report_specs, trend_specs
from figures.sentences import headline_sentence
from reference.i18n import use_language
from warehouse import queries
from warehouse.db import connect
from warehouse.filters import Filters, province_scope
from warehouse.snapshot import load_snapshot, read_snapshot


def pv(db, sql, params=()):
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------
# Filters


@pytest.mark.parametrize(
    "f",
    [
        Filters(),
        Filters(year=2023, mode="today34", region="dbsh", indicator="funding.total", per_capita=True, lang="en"),
        Filters(year=2019, provinces=("01", "79")),
    ],
)
def test_filters_round_trip_through_query_params(f):
    params = f.to_query_params()
    assert all(isinstance(v, str) for v in params.values())
    assert Filters.from_query_params(params) == f


def test_filters_ignore_nonsense_params():
    f = Filters.from_query_params(
        {"year": "abc", "mode": "x", "region": "mars", "provinces": "1,xx,79", "indicator": "no.such", "lang": "fr"}
    )
    assert f == Filters(provinces=("01", "79"))


def test_scope_follows_chosen_provinces_across_the_merger():
    # 34-era Bắc Ninh (24) was formed from 63-era Bắc Giang (24) and Bắc Ninh (27)
    scope = province_scope(Filters(year=2025, provinces=("24",)))
    assert scope == {63: ("24", "27"), 34: ("24",)}
    scope = province_scope(Filters(year=2024, provinces=("27",)))
    assert scope == {63: ("27",), 34: ("24",)}


# ---------------------------------------------------------------------------------------------
# Sentences


def test_headline_sentence_vietnamese_and_english():
    assert (
        headline_sentence("classes.total.classes", 2024, 45210, 2023, 42571)
        == "Năm 2024 cả nước tổ chức 45.210 lớp học, tăng 6,2% so với năm 2023."
    )
    with use_language("en"):
        assert (
            headline_sentence("classes.total.classes", 2024, 45210, 2023, 42571)
            == "In 2024 the whole country held 45,210 classes, up 6.2% on 2023."
        )
    assert (
        headline_sentence("funding.socialized", 2024, 1_500_000_000, 2023, 2_000_000_000)
        == "Năm 2024 cả nước huy động được 1,5 tỷ đồng kinh phí xã hội hóa, giảm 25% so với năm 2023."
    )
    assert (
        headline_sentence("ceremony.events", 2024, 10, None, None)
        == "Năm 2024 cả nước tổ chức 10 lễ khai mạc, phát động Tuần lễ."
    )


# ---------------------------------------------------------------------------------------------
# Builders against the warehouse


def test_overview_figures_equal_province_values(demo_db_master):
    with queries.reading(demo_db_master) as con:
        [spec] = overview_specs(load_snapshot(con), Filters(year=2024))
    data = spec.data.set_index("indicator_code")
    for code in ("classes.total.classes", "participants.total", "funding.socialized"):
        [(cur,)] = pv(
            demo_db_master, "select sum(value) from province_values where year = 2024 and indicator_code = ?", [code]
        )
        [(prev,)] = pv(
            demo_db_master, "select sum(value) from province_values where year = 2023 and indicator_code = ?", [code]
        )
        assert data.loc[code, "current"] == cur
        assert data.loc[code, "value"] == pytest.approx(cur / prev - 1)
    [(n,)] = pv(demo_db_master, "select count(distinct province_code) from province_values where year = 2024")
    assert data.loc["provinces.reported", "current"] == n
    assert spec.sentence.startswith("Năm 2024 cả nước tổ chức ")
    assert spec.demo


def test_map_values_equal_province_values_per_province(demo_db_master):
    with queries.reading(demo_db_master) as con:
        spec, ranking = map_specs(load_snapshot(con), Filters(year=2022, indicator="participants.total"))
    expected = dict(
        pv(
            demo_db_master,
            "select province_code, value from province_values "
            "where year = 2022 and indicator_code = 'participants.total'",
        )
    )
    got = dict(zip(spec.data["category"], spec.data["value"], strict=True))
    assert got == pytest.approx(expected)
    assert spec.era == 63 and len(got) == 63
    assert ranking.data["value"].is_monotonic_decreasing
    fig = to_plotly(spec)
    assert any(isinstance(t, go.Choropleth) for t in fig.data)


def test_today34_reaggregates_earlier_years(demo_db_master):
    with queries.reading(demo_db_master) as con:
        [trend] = trend_specs(load_snapshot(con), Filters(mode="today34", provinces=("24",), year=2025), "national")
    rows = dict(
        pv(
            demo_db_master,
            "select year, sum(value) from province_values where province_code_2025 = '24' "
            "and indicator_code = 'classes.total.classes' group by year",
        )
    )
    got = dict(zip(trend.data["year"], trend.data["value"], strict=True))
    assert got == pytest.approx({int(k): v for k, v in rows.items()})
    assert len(got) == 7


def test_classes_and_funding_builders(demo_db_master):
    with queries.reading(demo_db_master) as con:
        classes = classes_specs(load_snapshot(con), Filters(year=2021, region="taynguyen"))
        funding = funding_specs(load_snapshot(con), Filters(year=2021))
    by_type = classes[0].data.set_index("indicator_code")["value"]
    [(lang,)] = pv(
        demo_db_master,
        "select sum(value) from province_values where year = 2021 and "
        "indicator_code = 'classes.language.classes' and province_code in ('62','64','66','67','68')",
    )
    assert by_type["classes.language.classes"] == lang
    stacked = funding[0].data
    [(sb,)] = pv(
        demo_db_master,
        "select sum(value) from province_values where year = 2020 and indicator_code = 'funding.state_budget'",
    )
    assert (
        stacked[(stacked["category"] == "2020") & (stacked["indicator_code"] == "funding.state_budget")]["value"].item()
        == sb
    )
    for spec in classes + funding:
        assert isinstance(to_plotly(spec), go.Figure)


def test_quick_report_from_the_snapshot_and_from_an_empty_warehouse(demo_db_master, empty_db):
    specs = quick_report_specs(read_snapshot(demo_db_master), Filters(year=2024))
    assert [s.kind for s in specs] == ["hbar", "map", "hbar", "stacked", "line"]
    assert all(isinstance(s.data, pd.DataFrame) and len(s.data) for s in specs)
    assert quick_report_specs(read_snapshot(empty_db), Filters()) == []
