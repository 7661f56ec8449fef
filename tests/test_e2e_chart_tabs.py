"""Lớp học in a real headless Chromium: the page opens with two charts, and choosing the ranking tab
draws the ranking (a rerun of the tabs' fragment alone) with no error; the chart above the tabs
stays as it was."""

from __future__ import annotations

from e2e_support import assert_no_exception, browser_page, screenshot, settle, streamlit_server


def test_choosing_a_tab_draws_its_chart(demo_db_master):
    with streamlit_server(demo_db_master) as url, browser_page() as page:
        page.goto(f"{url}/classes?year=2024")
        settle(page)
        assert_no_exception(page)
        charts = page.locator(".llw-chart")
        assert charts.count() == 2
        first = charts.first.inner_text()
        assert "Xếp hạng tỉnh, thành phố: " not in page.inner_text("body")
        page.get_by_role("tab", name="Xếp hạng tỉnh, thành phố").click()
        page.get_by_text("Xếp hạng tỉnh, thành phố: ").first.wait_for(timeout=60_000)
        settle(page)
        assert_no_exception(page)
        assert charts.count() == 2 and charts.first.inner_text() == first
        screenshot(page, "classes-ranking-tab")
