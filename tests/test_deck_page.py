"""pages/deck.py under AppTest: filters, the quick set or picked charts, the deck button and the
export buttons under each chart; no warehouse -> a Vietnamese hint."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "deck.py")


@pytest.fixture
def page(demo_db_master, monkeypatch):
    monkeypatch.setenv("LLW_DB", str(demo_db_master))
    return AppTest.from_file(PAGE, default_timeout=90)


def test_quick_set_lists_five_charts_and_offers_the_deck(page):
    at = page.run()
    assert not at.exception
    assert "DỮ LIỆU MẪU" in at.warning[0].value
    assert "năm 2025; cả nước" in at.info[0].value
    assert at.markdown[0].value.startswith("6 slide:")
    buttons = at.get("download_button")
    assert buttons[0].proto.label == "Tải bộ slide (.pptx)"
    assert len(buttons) == 1 + 5 * 4  # the deck + PNG/SVG/CSV/XLSX per chart


def test_picking_charts_under_the_current_filters(page):
    page.query_params["year"] = "2023"
    page.query_params["region"] = "taynguyen"
    at = page.run()
    assert "năm 2023; vùng Tây Nguyên" in at.info[0].value
    at.radio(key="deck_choice").set_value("pick").run()
    assert len(at.multiselect(key="deck_pick").options) > 5  # every dashboard chart
    at.multiselect(key="deck_pick").set_value(["Số lớp học theo loại lớp, năm 2023"]).run()
    assert not at.exception
    assert at.markdown[0].value == "2 slide: Số lớp học theo loại lớp, năm 2023"
    assert "vùng Tây Nguyên" in at.markdown[1].value
    at.multiselect(key="deck_pick").set_value([]).run()
    assert at.info[1].value == "Chưa chọn biểu đồ nào."


def test_filters_come_from_the_url(page):
    page.query_params["year"] = "2022"
    page.query_params["region"] = "dbscl"
    at = page.run()
    assert not at.exception
    assert "năm 2022; vùng Đồng bằng sông Cửu Long" in at.info[0].value
    assert "Đồng bằng sông Cửu Long" in at.markdown[1].value


def test_without_a_warehouse_the_page_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.setenv("LLW_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert ".venv/bin/python -m etl init" in at.info[0].value
