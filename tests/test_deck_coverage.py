"""The deck and the trend with incomplete data (issue 17): a year with no previous year gets no
"thay đổi so với năm –" slide, and a year reported by few provinces is labelled with its
coverage ("1/63 tỉnh đã báo cáo"), not called the whole country, and no change is computed
against a year with another coverage."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from fixtures_factory import vertical_grid, xlsx_bytes
from pptx import Presentation

from etl.__main__ import cli
from exports.deck import build_deck
from figures.report import quick_report_specs, trend_specs
from warehouse.db import connect
from warehouse.filters import Filters
from warehouse.snapshot import load_snapshot, read_snapshot


@pytest.fixture
def partial_db(tmp_path, monkeypatch):
    """2022: Quảng Nam only; 2023: Quảng Nam and Đà Nẵng."""
    monkeypatch.delenv("LLW_DB", raising=False)
    db = tmp_path / "wh.duckdb"
    for year, province in ((2022, "QUẢNG NAM"), (2023, "QUẢNG NAM"), (2023, "ĐÀ NẴNG")):
        f = tmp_path / f"{year}_{province.split()[-1]}.xlsx"
        f.write_bytes(xlsx_bytes(vertical_grid(year=year, province_upper=province)))
        res = CliRunner().invoke(cli, ["load", str(f), "--db", str(db)])
        assert res.exit_code == 0, res.output
    return db


def trend(db, f: Filters):
    con = connect(db, read_only=True)
    try:
        return trend_specs(load_snapshot(con), f, "national")[0]
    finally:
        con.close()


def slide_texts(specs, year) -> list[str]:
    deck = Presentation(io.BytesIO(build_deck(specs, year=year, filters_text="cả nước")))
    return [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]


def test_no_comparison_slide_without_a_previous_year(partial_db):
    specs = quick_report_specs(read_snapshot(partial_db), Filters(year=2022))
    assert "tong-quan" not in [s.slug for s in specs]
    texts = slide_texts(specs, 2022)
    assert len(texts) == 1 + len(specs) and not any("năm –" in t for t in texts)
    # with a previous year the comparison is there
    assert "tong-quan" in [s.slug for s in quick_report_specs(read_snapshot(partial_db), Filters(year=2023))]


def test_trend_says_how_many_provinces_reported(partial_db):
    spec = trend(partial_db, Filters(year=2023, indicator="classes.total.classes"))
    assert list(spec.data["category"]) == ["2022 (1/63 tỉnh đã báo cáo)", "2023 (2/63 tỉnh đã báo cáo)"]
    assert set(spec.data["series"]) == {"Cả nước (chỉ các tỉnh đã báo cáo)"}
    assert spec.data["change"].isna().all()  # 2 provinces against 1 is no change
    assert "2/63 tỉnh đã báo cáo" in spec.sentence and "cả nước" not in spec.sentence.lower()
    assert any("2022: 1/63 tỉnh đã báo cáo; 2023: 2/63 tỉnh đã báo cáo" in n for n in spec.notes)
    text = " ".join(slide_texts([spec], 2023))
    assert "2/63 tỉnh đã báo cáo" in text


def test_a_chosen_province_that_reported_is_complete(partial_db):
    spec = trend(partial_db, Filters(year=2023, provinces=("49",), indicator="classes.total.classes"))
    assert list(spec.data["category"]) == ["2022", "2023"]
    assert spec.data["change"].iloc[1] == pytest.approx(0.0)
