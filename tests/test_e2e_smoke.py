"""The running app in a real headless Chromium: the first page renders without an error."""

from e2e_support import assert_no_exception, browser_page, screenshot, streamlit_server, wait_for_app


def test_app_starts_and_renders(demo_db_master):
    with streamlit_server(demo_db_master) as url, browser_page() as page:
        page.goto(url)
        wait_for_app(page)
        assert_no_exception(page)
        assert "Tuần lễ" in page.inner_text("body")
        screenshot(page, "e2e-smoke")
