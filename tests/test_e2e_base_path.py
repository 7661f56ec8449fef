"""The charts behind a proxy that publishes the dashboard under a path (server.baseUrlPath, README
"Chạy thật trên máy chủ"): the plotly.js bundle's address follows the path (ui.plotly_view)."""

from __future__ import annotations

from e2e_support import assert_no_exception, browser_page, settle, streamlit_server

from ui.plotly_view import bundle_file


def test_charts_draw_under_a_base_path(demo_db_master):
    env = {"STREAMLIT_SERVER_BASE_URL_PATH": "tuan-le"}
    with streamlit_server(demo_db_master, env=env) as url, browser_page() as page:
        fetched: list[tuple[str, int]] = []
        page.on("response", lambda r: fetched.append((r.url, r.status)))
        page.goto(f"{url}/tuan-le/funding?year=2024")
        settle(page)
        assert_no_exception(page)
        assert page.locator('.llw-chart[data-llw-drawn="1"]').count() == 2
        ours = [(u, s) for u, s in fetched if bundle_file().name in u]
        assert ours and all(s == 200 and "/tuan-le/app/static/plotly/" in u for u, s in ours), ours
