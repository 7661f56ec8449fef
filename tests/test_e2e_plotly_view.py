"""The dashboard's own chart element (ui.plotly_view) in a real headless Chromium: pages draw with
the project's plotly.js bundle, fetched once per page and never Streamlit's 4,8 MB plotly chunk;
a click on a province of the map chooses it (and the list can still choose another); the mode
bar speaks Vietnamese; a year change redraws a chart in place (the same plot, new figures)."""

from __future__ import annotations

import pytest
from e2e_support import assert_no_exception, browser_page, screenshot, settle, streamlit_server

from reference.i18n import use_language
from ui.plotly_view import bundle_file, plotly_config


@pytest.fixture(scope="module")
def app(demo_db_master):
    with streamlit_server(demo_db_master) as url, browser_page() as page:
        page.llw_errors = []
        page.on("pageerror", lambda error: page.llw_errors.append(str(error)))
        yield url, page
        assert not page.llw_errors, page.llw_errors  # no uncaught JavaScript error on any page


def test_pages_draw_with_the_projects_bundle_only(app):
    url, page = app
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(f"{url}/funding?year=2024")
    settle(page)
    assert_no_exception(page)
    assert page.locator('.llw-chart[data-llw-drawn="1"]').count() == 2
    ours = [u for u in fetched if bundle_file().name in u]
    assert len(ours) == 1, "one copy for every chart of the page"
    assert not [u for u in fetched if "PlotlyChart" in u], "Streamlit's own plotly chunk is not loaded"
    assert page.evaluate("() => typeof window.Plotly.newPlot") == "function"


def test_a_click_on_a_province_chooses_it(app):
    url, page = app
    page.goto(f"{url}/map?year=2024")
    settle(page)
    province = page.locator(".llw-chart").first.locator("path.choroplethlocation").nth(10)
    box = province.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    heading = page.get_by_role("heading", name="Số liệu năm 2024 của ")
    heading.wait_for(timeout=60_000)
    settle(page)
    assert_no_exception(page)
    clicked = heading.inner_text().split(" của ", 1)[1].strip()
    assert clicked, "the clicked province's figures"
    # the click chose once: the list can still choose another province (a click that stayed
    # chosen would put the clicked one back on every rerun)
    other = "Hà Nội" if clicked != "Hà Nội" else "Huế"
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Xem số liệu của tỉnh")
    picker.click()
    page.keyboard.type(other)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=f"Số liệu năm 2024 của {other}").wait_for(timeout=60_000)
    settle(page)
    assert_no_exception(page)
    screenshot(page, "map-province-clicked")


def test_the_mode_bar_speaks_vietnamese_and_sends_nothing_out(app):
    url, page = app
    page.goto(f"{url}/?year=2024")
    settle(page)
    chart = page.locator(".llw-chart").first
    chart.hover()
    buttons = chart.locator(".modebar-btn")
    titles = buttons.evaluate_all("bs => bs.map(b => b.getAttribute('data-title'))")
    assert "Tải biểu đồ (ảnh PNG)" in titles, titles
    with use_language("vi"):
        words = set(plotly_config({})["locales"]["vi"]["dictionary"].values())
    assert set(titles) <= words, set(titles) - words  # every button in Vietnamese
    # plotly.js 4's "Share chart..." uploads the figure to plotly's cloud: never on a government tool
    assert chart.locator('.modebar-btn[data-attr="sendDataToCloud"], .modebar-btn[data-title*="Share"]').count() == 0


def test_charts_look_as_streamlits_element_drew_them(app):
    """The layout st.plotly_chart laid over every figure (read off its page: no x grid or zero
    line, axes that make room for their labels, Source Sans titles, Streamlit's colours)."""
    url, page = app
    page.goto(f"{url}/?year=2024")
    settle(page)
    look = page.locator(".llw-chart").first.evaluate(
        """el => { const L = el._fullLayout; return {
            xgrid: L.xaxis.showgrid, xzero: L.xaxis.zeroline,
            margin: L.yaxis.automargin && L.xaxis.automargin, title: L.title.font.family,
            colour: L.colorway[0], pad: L.margin.pad, background: L.paper_bgcolor }; }"""
    )
    assert look == {
        "xgrid": False,
        "xzero": False,
        "margin": True,
        "title": '"Source Sans", sans-serif',
        "colour": "#0068c9",
        "pad": 8,
        "background": "white",
    }, look


def test_an_english_page_draws_its_charts_in_english(app):
    url, page = app
    page.goto(f"{url}/classes?year=2024&lang=en")
    settle(page)
    assert_no_exception(page)
    assert page.locator('.llw-chart[data-llw-drawn="1"]').count() == 2
    chart = page.locator(".llw-chart").first
    chart.hover()
    titles = chart.locator(".modebar-btn").evaluate_all("bs => bs.map(b => b.getAttribute('data-title'))")
    assert "Download plot as a PNG" in titles, titles


def test_a_year_change_redraws_the_chart_in_place(app):
    url, page = app
    page.goto(f"{url}/?year=2024")
    settle(page)
    chart = page.locator(".llw-chart").first
    chart.evaluate("el => { el.llwMark = 'before'; }")
    before = chart.locator(".main-svg").first.inner_html()
    year = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Năm")
    year.click()
    page.get_by_role("option", name="2023", exact=True).click()
    settle(page)
    assert_no_exception(page)
    assert "year=2023" in page.url
    chart = page.locator(".llw-chart").first
    assert chart.evaluate("el => el.llwMark") == "before", "the same plot, updated by Plotly.react"
    assert chart.locator(".main-svg").first.inner_html() != before
