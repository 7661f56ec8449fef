"""The role × action matrix (issue 16), end to end in headless Chromium against one running app.

Six kinds of visitor — anonymous, viewer, data officer of TP. Hồ Chí Minh (in scope), data
officer of Hà Nội (out of scope for the file), national officer, admin — each try ten actions on
a 2025 report of TP. Hồ Chí Minh, the way a person would: view the overview, upload the file,
map its unknown label, confirm it, withdraw it and undo that (revert), open the mapping, account
and audit pages, download the slide deck. What each could do is observed on the screen (a page,
a button, a success message) and compared with the matrix written out below; a refused page must
say so in Vietnamese. Pages a role may not open are reached by their address, which asks for a
sign-in on that page (defect 9) and then refuses. One server serves every role; each role gets
its own browser session and its own file, so the roles do not depend on each other's order."""

from __future__ import annotations

import re

import pytest
from auth_support import PASSWORD, prepare
from e2e_support import (
    assert_no_exception,
    browser_page,
    goto_nav,
    screenshot,
    streamlit_server,
    wait_for_app,
)
from fixtures_factory import EXPECTED, VERTICAL_LAYOUT, vertical_grid, xlsx_bytes
from upload_fixtures import UNMAPPED_LABEL, UNMAPPED_SECTION

from auth import audit
from auth.roles import Scope
from warehouse.db import connect, copy_store

ACTIONS = (
    "view",
    "upload",
    "confirm",
    "revert",
    "withdraw",
    "map_label",
    "manage_mappings",
    "manage_accounts",
    "read_audit",
    "download_deck",
)
EVERYONE = {"view", "download_deck"}  # viewing is public by default (view_requires_login off)
OFFICER = EVERYONE | {"upload", "confirm", "revert", "withdraw", "map_label"}
MATRIX = {  # written out, not derived from auth.roles
    "anonymous": EVERYONE,
    "viewer": EVERYONE,
    "officer_in_scope": OFFICER,
    "officer_out_of_scope": EVERYONE,
    "national_officer": OFFICER,
    "admin": set(ACTIONS),
}
ACCOUNTS = {  # role -> (user name, account role, scopes)
    "viewer": ("xem", "viewer", ()),
    "officer_in_scope": ("hcm", "data_officer", (Scope(34, "79"),)),
    "officer_out_of_scope": ("hanoi", "data_officer", (Scope(34, "01"),)),
    "national_officer": ("quocgia", "national_officer", ()),
    "admin": ("quantri", "admin", ()),
}
ADMIN_PAGES = {  # action -> (address, menu title, the page's heading)
    "manage_mappings": ("admin_mappings", "Ánh xạ nhãn", "Ánh xạ nhãn đã ghi nhớ"),
    "manage_accounts": ("admin_users", "Quản lý tài khoản", "Quản lý tài khoản"),
    "read_audit": ("admin_audit", "Nhật ký kiểm toán", "Nhật ký kiểm toán"),
}
REFUSED = re.compile("không có quyền|ngoài phạm vi|Cần đăng nhập")


def hcm_report(role: str, events: int) -> bytes:
    """TP. Hồ Chí Minh 2025, with a row no indicator matches (its label names the role, so each
    role has its own label to map) and its own figure (so its own file hash)."""
    vals = dict(EXPECTED, **{"ceremony.events": events, "X": 7})
    extra = [("section", "VII", UNMAPPED_SECTION), ("item", "1", f"{UNMAPPED_LABEL} {role}", "mô hình", "X")]
    layout = VERTICAL_LAYOUT[:-2] + extra + VERTICAL_LAYOUT[-2:]
    return xlsx_bytes(vertical_grid(vals, year=2025, province_upper="HỒ CHÍ MINH", layout=layout))


@pytest.fixture(scope="module")
def app(demo_db_master, tmp_path_factory):
    root = tmp_path_factory.mktemp("matrix")
    db = root / "demo.duckdb"
    copy_store(demo_db_master, db)  # the file, or a PostgreSQL database with LLW_TEST_STORE=postgres
    prepare(db, {name: (kind, scopes) for name, kind, scopes in ACCOUNTS.values()})
    with streamlit_server(db) as url:
        yield url, db, root


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def open_address(page, url: str, path: str, username: str | None) -> None:
    """Open /path in a new session: every page opened this way needs an account, so it shows its
    sign-in form; sign in there (the page then runs again, signed in)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(f"{url}/{path}")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_label("Tên đăng nhập").wait_for(timeout=90_000)  # the page's own gate, not a blank run
    wait_for_app(page)
    if username is None:
        return
    for attempt in range(2):  # a click that lands while the page still runs can be lost under load
        main.get_by_label("Tên đăng nhập").fill(username)
        main.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
        main.get_by_role("button", name="Đăng nhập").click()
        try:  # the sidebar names who is signed in (the menu's account link may sit under "View more")
            page.locator('[data-testid="stSidebar"]').get_by_text("Đăng nhập:").wait_for(timeout=45_000 * (attempt + 1))
            break
        except PlaywrightTimeout:
            if attempt:
                raise
            wait_for_app(page)
    main.get_by_label("Tên đăng nhập").wait_for(state="detached", timeout=60_000)  # the signed-in run is on screen
    wait_for_app(page)


def refused(page) -> bool:
    """The page said, in Vietnamese, that this person may not do this (or must sign in)."""
    return bool(REFUSED.search(main_text(page)))


def expand_menu(page) -> None:
    """Streamlit folds a long menu (an admin's) behind a "View N more" button: unfold it."""
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and not re.search("less|bớt|thu gọn", more.inner_text(), re.I):
        more.click()
        page.wait_for_timeout(300)


def in_menu(page, title: str) -> bool:
    expand_menu(page)
    nav = page.locator('[data-testid="stSidebarNav"] a').filter(has=page.get_by_text(title, exact=True))
    return nav.count() > 0


def try_upload(page, report, seen: dict) -> None:
    """On the Tải lên page: upload, map the unknown label, confirm. Records upload / map_label /
    confirm as observed."""
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(report))
    page.get_by_role("button", name="Xác nhận nạp", exact=True).wait_for(timeout=60_000)
    wait_for_app(page)
    text = main_text(page)
    seen["upload"] = "ngoài phạm vi" not in text and "Sẵn sàng nạp" in text
    save = page.get_by_role("button", name="Ghi nhớ lựa chọn").first  # this role's label comes first
    if save.count():
        # "bỏ qua": every indicator of the form is already in the file, a second value would clash
        page.locator('[data-testid="stSelectbox"]').filter(has_text="Chỉ tiêu cho").first.click()
        page.keyboard.type("Bỏ qua")
        page.get_by_role("option").filter(has_text="Bỏ qua").first.click()
        wait_for_app(page)
        save.click()
        page.get_by_text("Đã ghi nhớ").wait_for(timeout=60_000)
        wait_for_app(page)
        seen["map_label"] = True
    else:
        seen["map_label"] = False
        assert "ngoài phạm vi" in text  # no mapping offered: because the file is outside the scope
    confirm = page.get_by_role("button", name="Xác nhận nạp", exact=True)
    if confirm.is_enabled():
        confirm.click()
        page.get_by_text(f"Đã nạp '{report.name}'").wait_for(timeout=60_000)
        seen["confirm"] = True
    else:
        seen["confirm"] = False
    assert_no_exception(page)


def try_history(page, report, seen: dict) -> None:
    """On the Lịch sử nạp page: withdraw this role's submission of TP. Hồ Chí Minh, then undo
    the withdrawal (a revert). An officer of another province does not see it at all."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Chọn lần nạp").first.click()
    page.get_by_role("option").first.wait_for(timeout=30_000)
    mine = page.get_by_role("option").filter(has_text=report.name)
    if not mine.count():  # not in this person's log: another province's submission
        page.keyboard.press("Escape")
        seen["withdraw"] = seen["revert"] = False
        return
    mine.first.click()
    wait_for_app(page)
    page.get_by_role("button", name="Rút lần nạp").click()
    page.get_by_role("button", name="Đồng ý rút").click()
    success = page.get_by_test_id("stAlertContentSuccess")  # not the log's messages of other roles
    success.filter(has_text="Đã rút lần nạp").filter(has_text=report.name).wait_for(timeout=60_000)
    seen["withdraw"] = True
    wait_for_app(page)
    page.get_by_role("button", name="Hoàn tác việc rút (nạp lại lần này)").click()
    page.get_by_role("button", name="Đồng ý quay lại").click()
    success.filter(has_text="Quay lại lần nạp").filter(has_text=report.name).wait_for(timeout=60_000)
    seen["revert"] = True
    assert_no_exception(page)


def try_deck(page) -> bool:
    goto_nav(page, "Bộ slide")
    button = page.get_by_role("button", name="Tải bộ slide (.pptx)")
    button.wait_for(timeout=120_000)
    with page.expect_download(timeout=120_000) as info:
        button.click()
    return info.value.suggested_filename.endswith(".pptx")


@pytest.mark.parametrize("role", list(MATRIX))
def test_role_action_matrix(app, role, tmp_path):
    url, db, _ = app
    username = ACCOUNTS[role][0] if role in ACCOUNTS else None
    report = tmp_path / f"hcm_2025_{role}.xlsx"
    report.write_bytes(hcm_report(role, 100 + list(MATRIX).index(role)))
    seen: dict[str, bool] = {}
    with browser_page(viewport=(1400, 2400)) as page:
        # upload, map a label, confirm: the bookmark to /upload (sign in there)
        open_address(page, url, "upload", username)
        if page.locator('[data-testid="stFileUploader"]').count():
            try_upload(page, report, seen)
        else:
            assert refused(page), main_text(page)
            seen.update(upload=False, map_label=False, confirm=False)

        # view: the overview, through the menu of this session
        goto_nav(page, "Tổng quan")
        seen["view"] = "Tổng quan năm" in main_text(page) and not refused(page)

        # withdraw and revert: the history page (in the menu, or refused at its address)
        if in_menu(page, "Lịch sử nạp"):
            goto_nav(page, "Lịch sử nạp")
            try_history(page, report, seen)
        else:
            open_address(page, url, "history", username)
            assert refused(page), main_text(page)
            seen.update(withdraw=False, revert=False)

        seen["download_deck"] = try_deck(page)

        # the admin pages: through the menu when offered, else by address (refused there)
        for action, (path, title, heading) in ADMIN_PAGES.items():
            if in_menu(page, title):
                goto_nav(page, title)
                seen[action] = page.get_by_role("heading", name=heading).count() > 0 and not refused(page)
            else:
                open_address(page, url, path, username)
                assert refused(page), main_text(page)
                assert page.get_by_role("heading", name=heading).count() == 0
                seen[action] = False
        assert_no_exception(page)
        screenshot(page, f"e2e-matrix-{role}")

    assert {a for a, ok in seen.items() if ok} == MATRIX[role]
    assert set(seen) == set(ACTIONS)
    if username and username != "quantri":  # refusals inside a session are audited
        con = connect(db)
        try:
            denied = {e.target for e in audit.entries(con, action="auth.denied", actor=username)}
        finally:
            con.close()
        assert {"manage_users", "read_audit", "manage_mappings"} <= denied
