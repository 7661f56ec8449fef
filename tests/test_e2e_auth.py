"""Signing in through the real login page in headless Chromium, as a provincial data officer.

The upload part of issue 7's end-to-end test (own province accepted, another refused) needs the
upload page, which is built on another branch; until it merges, the refusal is checked at the
loader (tests/test_auth.py) and here the browser checks what exists: sign-in, the navigation a
data officer gets, admin pages unreachable by URL, markup in a name shown as text, sign-out."""

from __future__ import annotations

from auth_support import PASSWORD, prepare
from e2e_support import assert_no_exception, browser_page, goto_nav, screenshot, streamlit_server, wait_for_app

from auth import accounts, audit
from auth.roles import Scope
from warehouse.db import connect, copy_store

XSS_NAME = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>Cán bộ HCM'


def test_data_officer_signs_in_through_the_login_page(demo_db_master, tmp_path):
    db = tmp_path / "demo.duckdb"
    copy_store(demo_db_master, db)  # the file, or a PostgreSQL database with LLW_TEST_STORE=postgres
    prepare(db, settings={"view_requires_login": True})
    con = connect(db)
    try:
        accounts.update_profile(con, "test", "hcm", XSS_NAME, "hcm@moet.gov.vn")
    finally:
        con.close()

    with streamlit_server(db) as url, browser_page() as page:
        page.goto(url)
        wait_for_app(page)
        assert_no_exception(page)
        body = page.inner_text("body")
        assert "Đăng nhập" in body and "Tổng quan" not in body  # viewing needs a login here

        page.get_by_label("Tên đăng nhập").fill("hcm")
        page.get_by_label("Mật khẩu").fill("sai mật khẩu")
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_selector("text=Tên đăng nhập hoặc mật khẩu không đúng.", timeout=30_000)

        page.get_by_label("Tên đăng nhập").fill("hcm")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Tổng quan").wait_for(timeout=30_000)
        wait_for_app(page)
        assert_no_exception(page)
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Tổng quan" in nav and "Tài khoản / Đăng xuất" in nav
        assert "Quản lý tài khoản" not in nav and "Nhật ký kiểm toán" not in nav
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "<script>" in sidebar and "Cán bộ dữ liệu tỉnh" in sidebar  # the name shown as text
        assert page.evaluate("window.__xss") is None
        screenshot(page, "e2e-auth-signed-in")

        # an admin page is not reachable by its URL for a data officer
        page.goto(url + "/admin_users")
        wait_for_app(page)
        assert "Quản lý tài khoản" not in page.locator('[data-testid="stMain"]').inner_text()
        assert not page.get_by_role("button", name="Tạo tài khoản").count()

        # a browser reload starts a new session: signed out again, the sign-in page is the home page
        page.goto(url)
        wait_for_app(page)
        page.get_by_label("Tên đăng nhập").fill("hcm")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Tổng quan").wait_for(timeout=30_000)
        goto_nav(page, "Tài khoản / Đăng xuất")
        assert "Cán bộ dữ liệu tỉnh" in page.locator('[data-testid="stMain"]').inner_text()
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_selector("text=Đã đăng xuất.", timeout=30_000)
        assert page.evaluate("window.__xss") is None

    con = connect(db)
    try:
        actions = [e.action for e in reversed(audit.entries(con, target="hcm"))]
    finally:
        con.close()
    assert actions[-4:] == ["auth.sign_in_failed", "auth.sign_in", "auth.sign_in", "auth.sign_out"]


def test_data_officer_uploads_for_own_province_and_is_refused_for_another(demo_db, tmp_path):
    """Issue 7's end-to-end case: an officer of today's TP. Hồ Chí Minh (79@34) loads a 2025 report
    of their own province through the real upload page, and a Quảng Ninh report is refused (the
    scope error shown, confirm disabled, nothing loaded for Quảng Ninh)."""
    from e2e_support import open_signed_in
    from fixtures_factory import EXPECTED, vertical_grid, xlsx_bytes

    prepare(demo_db, {"hcm": ("data_officer", (Scope(34, "79"),))})
    own, other = tmp_path / "hcm_2025.xlsx", tmp_path / "quangninh_2025.xlsx"
    own.write_bytes(xlsx_bytes(vertical_grid(year=2025, province_upper="HỒ CHÍ MINH")))
    other.write_bytes(xlsx_bytes(vertical_grid(year=2025, province_upper="QUẢNG NINH")))
    before = _current_sids(demo_db)

    with streamlit_server(demo_db) as url, browser_page(viewport=(1400, 2400)) as page:
        open_signed_in(page, url, "hcm", PASSWORD, "Tải lên")
        uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
        uploader.set_input_files(str(own))
        confirm = page.get_by_role("button", name="Xác nhận nạp", exact=True)
        confirm.wait_for(timeout=60_000)
        wait_for_app(page)
        confirm.click()
        page.get_by_text(f"Đã nạp '{own.name}'").wait_for(timeout=60_000)
        assert_no_exception(page)
        screenshot(page, "e2e-auth-upload-own")

        uploader.set_input_files(str(other))
        page.get_by_text("nằm ngoài phạm vi").first.wait_for(state="attached", timeout=60_000)
        wait_for_app(page)
        assert confirm.count() == 1 and confirm.is_disabled()  # only the refused file is left to confirm
        screenshot(page, "e2e-auth-upload-refused")

    after = _current_sids(demo_db)
    assert after["79"] == EXPECTED["ceremony.events"] != before["79"]  # HCM's 2025 figure from the new file
    assert after["22"] == before["22"]  # Quảng Ninh untouched
    con = connect(demo_db)
    try:
        mine = con.execute(
            "select file_name, status, submitted_by from submissions where submitted_by = 'hcm' and status = 'accepted'"
        ).fetchall()
        refused = [e for e in audit.entries(con, action="submission.reject") if e.actor == "hcm"]
    finally:
        con.close()
    assert mine == [(own.name, "accepted", "hcm")]
    assert refused and refused[0].target == other.name


def _current_sids(db) -> dict[str, int]:
    con = connect(db)
    try:
        return dict(
            con.execute(
                "select province_code, value from province_values where year = 2025 "
                "and province_code in ('79', '22') and indicator_code = 'ceremony.events'"
            ).fetchall()
        )
    finally:
        con.close()
