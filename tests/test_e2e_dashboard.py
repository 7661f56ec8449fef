"""The dashboard in a real headless Chromium against one Streamlit server: every page loads
without an error element (a link straight to a page included), a sidebar filter changes the
figures and the URL, the map draws every province with both archipelagos; a screenshot of each
page goes to tests/artifacts/."""

from __future__ import annotations

import pytest
from e2e_support import assert_no_exception, browser_page, metric, screenshot, settle, streamlit_server

from figures.numberfmt import fmt_int
from warehouse.db import connect

PAGES = {
    "": "Tổng quan",
    "map": "Bản đồ",
    "classes": "Lớp học",
    "funding": "Kinh phí",
    "trend": "qua các năm",
    "status": "Tình hình báo cáo",
    "table": "Bảng số liệu",
}


@pytest.fixture(scope="module")
def app(demo_db_master):
    with streamlit_server(demo_db_master) as url, browser_page() as page:
        yield url, page


def national(db, year: int, code: str, provinces: tuple[str, ...] | None = None) -> int:
    con = connect(db, read_only=True)  # the test's store, file or PostgreSQL
    try:
        sql = "select sum(value) from province_values where year = ? and indicator_code = ?"
        params: list = [year, code]
        if provinces:
            sql += f" and province_code in ({', '.join('?' * len(provinces))})"
            params += list(provinces)
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("path", ["map", *PAGES])  # a link straight to a page first, on a fresh server
def test_every_page_loads_without_error(app, path):
    url, page = app
    page.goto(f"{url}/{path}")
    settle(page)
    assert_no_exception(page)
    title = page.locator("h1").first.inner_text()
    assert PAGES[path] in title
    assert "Bộ lọc" in page.locator('[data-testid="stSidebar"]').inner_text(), "shared filters in the sidebar"
    assert "DỮ LIỆU MẪU" in page.inner_text("body")
    screenshot(page, f"dashboard-{path or 'overview'}")


def test_a_sidebar_filter_changes_the_figures_and_the_url(app, demo_db_master):
    url, page = app
    page.goto(f"{url}/?year=2023")
    settle(page)
    assert metric(page, "Lớp học") == fmt_int(national(demo_db_master, 2023, "classes.total.classes"))
    region = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Vùng kinh tế")
    region.click()
    page.get_by_role("option", name="Tây Nguyên").click()
    settle(page)
    assert_no_exception(page)
    expected = national(demo_db_master, 2023, "classes.total.classes", ("62", "64", "66", "67", "68"))
    assert metric(page, "Lớp học") == fmt_int(expected)
    assert "region=taynguyen" in page.url and "year=2023" in page.url
    screenshot(page, "dashboard-overview-tay-nguyen-2023")


def test_map_draws_the_provinces_and_both_archipelagos(app, demo_db_master):
    url, page = app
    page.goto(f"{url}/map?year=2024&indicator=participants.total")
    settle(page)
    assert_no_exception(page)
    svg = page.locator(".llw-chart").first
    text = svg.inner_text()
    assert "Quần đảo Hoàng Sa" in text and "Quần đảo Trường Sa" in text
    assert svg.locator("path.choroplethlocation").count() == 63
    screenshot(page, "dashboard-map-2024")
