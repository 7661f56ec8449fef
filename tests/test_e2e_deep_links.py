"""Issue 16, defect 9, in headless Chromium: a bookmark to a page that needs an account (or any
link while viewing needs one) shows the sign-in form on that page — never Streamlit's English
"Page not found" — and after signing in the same page with the same query parameters; a signed-in
person without the right is refused there in Vietnamese, and the refusal is audited."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from auth_support import PASSWORD, prepare
from e2e_support import assert_no_exception, browser_page, screenshot, streamlit_server, wait_for_app

from auth import audit
from warehouse.db import connect, copy_store


def sign_in_here(page, username: str) -> None:
    """Sign in on the form a refused page shows, and wait for the page's own run."""
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label("Tên đăng nhập").fill(username)
    main.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    main.get_by_role("button", name="Đăng nhập").click()
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Tài khoản / Đăng xuất").wait_for(timeout=60_000)
    wait_for_app(page)


def not_found(page) -> bool:
    return "Page not found" in page.inner_text("body")


def test_bookmarks_open_after_sign_in_with_their_parameters(demo_db_master, tmp_path):
    db = tmp_path / "demo.duckdb"
    copy_store(demo_db_master, db)  # the file, or a PostgreSQL database with LLW_TEST_STORE=postgres
    prepare(db, settings={"view_requires_login": True})
    with streamlit_server(db) as url, browser_page() as page:
        # a shared dashboard link while viewing needs an account
        page.goto(f"{url}/map?year=2023&mode=today34")
        wait_for_app(page)
        assert not not_found(page)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Cần đăng nhập để xem số liệu" in main and "Tên đăng nhập" in main
        screenshot(page, "e2e-deep-link-1-sign-in")
        sign_in_here(page, "xem")
        page.get_by_role("heading", name="Bản đồ").wait_for(timeout=60_000)
        assert_no_exception(page)
        query = parse_qs(urlparse(page.url).query)
        assert urlparse(page.url).path.rstrip("/").endswith("/map")
        assert query.get("year") == ["2023"] and query.get("mode") == ["today34"]
        year_box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="Năm").first
        shown = year_box.inner_text() + " ".join(i.input_value() for i in year_box.locator("input").all())
        screenshot(page, "e2e-deep-link-2-map")
        assert "2023" in shown, shown  # the filter the link asked for, not the latest year
        screenshot(page, "e2e-deep-link-2-map")

        # a bookmark to the history page: a data officer signs in and gets it
        page.goto(f"{url}/history")
        wait_for_app(page)
        assert not not_found(page)
        sign_in_here(page, "hcm")
        page.get_by_role("heading", name="Lịch sử nạp").wait_for(timeout=60_000)
        assert_no_exception(page)

        # a bookmark to the upload page, signed in as a viewer: refused in Vietnamese
        page.goto(f"{url}/upload")
        wait_for_app(page)
        assert not not_found(page)
        sign_in_here(page, "xem")
        page.get_by_text("không có quyền nạp báo cáo").wait_for(timeout=60_000)
        assert not page.locator('[data-testid="stFileUploader"]').count()
        screenshot(page, "e2e-deep-link-3-refused")

    con = connect(db)
    try:
        denied = audit.entries(con, action="auth.denied", actor="xem")
    finally:
        con.close()
    assert [(e.target, e.details["reason"]) for e in denied] == [("upload", "role")]
