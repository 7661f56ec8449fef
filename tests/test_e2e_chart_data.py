"""In a real headless Chromium, a chart's "Số liệu của biểu đồ" holds no grid until it is opened
(issue 21: each collapsed grid still cost the browser its mount); opened, the grid appears with
no error — on Xu hướng (a full rerun) and in a tab of Lớp học (a rerun of the tabs' fragment)."""

from __future__ import annotations

from e2e_support import assert_no_exception, browser_page, screenshot, settle, streamlit_server

GRID = '[data-testid="stDataFrame"]'
DATA = '[data-testid="stExpander"]'


def open_chart_data(page, within) -> None:
    box = within.locator(DATA).filter(has_text="Số liệu của biểu đồ").first
    assert box.locator(GRID).count() == 0
    box.get_by_text("Số liệu của biểu đồ").click()
    box.locator(GRID).first.wait_for(timeout=60_000)
    settle(page)
    assert_no_exception(page)


def test_a_charts_table_is_built_when_opened(demo_db_master):
    with streamlit_server(demo_db_master) as url, browser_page() as page:
        page.goto(f"{url}/trend?year=2024")
        settle(page)
        assert_no_exception(page)
        grids = page.locator(GRID).count()  # the page's own change table
        open_chart_data(page, page)
        assert page.locator(GRID).count() == grids + 1
        screenshot(page, "trend-chart-data")

        page.goto(f"{url}/classes?year=2024")
        settle(page)
        assert page.locator(GRID).count() == 0, "no grid before a table is opened"
        page.get_by_role("tab", name="Xếp hạng tỉnh, thành phố").click()
        page.get_by_text("Xếp hạng tỉnh, thành phố: ").first.wait_for(timeout=60_000)
        settle(page)
        charts = page.locator(".llw-chart")
        first = charts.first.inner_text()
        open_chart_data(page, page.locator('[data-testid="stTabs"]'))
        assert charts.first.inner_text() == first
        assert page.get_by_role("tab", name="Xếp hạng tỉnh, thành phố").get_attribute("aria-selected") == "true"
