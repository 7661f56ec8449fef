"""The running app in headless Chromium: on the Bộ slide page, download the deck (.pptx) and a
chart image (PNG), and open both."""

import io

from e2e_support import assert_no_exception, browser_page, screenshot, streamlit_server, wait_for_app
from PIL import Image
from pptx import Presentation


def test_download_deck_and_chart_image(demo_db_master, tmp_path):
    with streamlit_server(demo_db_master) as url, browser_page() as page:
        page.goto(url)  # pages are registered by the first run: go through the navigation
        wait_for_app(page, timeout=120_000)
        page.get_by_role("link", name="Bộ slide").click(timeout=120_000)
        # client-side navigation: wait for the page's own button, not for a load event
        page.get_by_role("button", name="Tải bộ slide (.pptx)").wait_for(timeout=120_000)
        wait_for_app(page)
        assert_no_exception(page)
        assert "Bộ slide" in page.inner_text("body")
        screenshot(page, "e2e-deck-page")

        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("button", name="Tải bộ slide (.pptx)").click()
        deck = info.value
        assert deck.suggested_filename == "bao-cao-nhanh-2025.pptx"
        path = tmp_path / deck.suggested_filename
        deck.save_as(path)
        prs = Presentation(str(path))
        assert len(prs.slides) == 6
        assert sum(1 for s in prs.slides for sh in s.shapes if sh.has_chart) == 4

        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("button", name="Ảnh PNG").first.click()
        image = info.value
        assert image.suggested_filename == "tong-quan-2025.png"
        png = tmp_path / image.suggested_filename
        image.save_as(png)
        img = Image.open(io.BytesIO(png.read_bytes()))
        assert img.format == "PNG" and round(img.info["dpi"][0]) >= 200
        assert_no_exception(page)
