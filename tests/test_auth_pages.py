"""The sign-in, account and admin pages through Streamlit's AppTest: signing in and out, lockout
and session expiry as a user meets them, admin-only pages refused to others (and audited), the
navigation list per role, and sign-in through an identity provider (st.user)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from auth_support import PASSWORD, prepare
from streamlit.testing.v1 import AppTest

from auth import accounts, audit, store
from auth import session as sess
from warehouse.db import connect, copy_store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
LOGIN = str(ROOT / "pages" / "login.py")
ADMIN_USERS = str(ROOT / "pages" / "admin_users.py")
ADMIN_AUDIT = str(ROOT / "pages" / "admin_audit.py")


@pytest.fixture(scope="module")
def people_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("pages") / "people.duckdb"
    prepare(db, settings={"lockout_attempts": 3})
    return db


@pytest.fixture
def db(people_db, tmp_path, monkeypatch):
    copy = tmp_path / "people.duckdb"
    copy_store(people_db, copy)
    monkeypatch.setenv("LLW_DB", str(copy))
    return copy


def query(db, fn):
    con = connect(db)
    try:
        return fn(con)
    finally:
        con.close()


def page(
    path: str, signed_in: str | None = None, started: dt.datetime | None = None, last_seen: dt.datetime | None = None
) -> AppTest:
    at = AppTest.from_file(path, default_timeout=60)
    if signed_in:
        start = started or dt.datetime.now()
        at.session_state["auth.session"] = sess.Session(signed_in, "password", start, last_seen or start, "t0")
    return at


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="auth.username").input(username)
    at.text_input(key="auth.password").input(password)
    return at.button(key="FormSubmitter:auth.sign_in_form-Đăng nhập").click().run()


def texts(elements) -> list[str]:
    return [e.value for e in elements]


# ------------------------------------------------------------------------------------------------
# sign in, sign out
# ------------------------------------------------------------------------------------------------
def test_sign_in_through_the_login_page(db):
    at = page(LOGIN).run()
    assert texts(at.title) == ["Đăng nhập"] and not at.exception
    sign_in(at, "hcm", PASSWORD)
    assert not at.exception
    assert texts(at.title) == ["Tài khoản"]
    assert "Cán bộ dữ liệu tỉnh" in at.markdown[0].value and "Hồ Chí Minh" in at.markdown[0].value
    assert at.session_state["auth.session"].username == "hcm"
    e = query(db, lambda c: audit.entries(c, action="auth.sign_in"))[0]
    assert e.target == "hcm" and e.session == at.session_state["auth.session"].id
    assert not any(w.value for w in at.text_input if w.label == "Mật khẩu")  # the password is not kept


def test_wrong_password_then_lockout(db):
    at = page(LOGIN).run()
    sign_in(at, "hcm", "sai mật khẩu")
    assert texts(at.error) == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    assert "auth.session" not in at.session_state
    sign_in(at, "hcm", "sai mật khẩu")
    sign_in(at, "hcm", "sai mật khẩu")
    assert "tạm khóa" in at.error[0].value
    sign_in(at, "hcm", PASSWORD)  # locked: the right password does not help
    assert "tạm khóa" in at.error[0].value and "auth.session" not in at.session_state
    actions = query(db, lambda c: [e.action for e in audit.entries(c, target="hcm")])
    assert actions.count("auth.sign_in_failed") == 4 and "auth.locked" in actions


def test_sign_out(db):
    at = page(LOGIN, signed_in="hcm").run()
    assert texts(at.title) == ["Tài khoản"]
    at.button(key="auth.sign_out").click().run()
    assert "auth.session" not in at.session_state
    assert texts(at.title) == ["Đăng nhập"] and texts(at.warning) == ["Đã đăng xuất."]
    assert query(db, lambda c: audit.entries(c, action="auth.sign_out")[0].actor) == "hcm"


def test_change_own_password(db):
    at = page(LOGIN, signed_in="xem").run()
    for w, v in zip(at.text_input, [PASSWORD, "Khau-lenh-moi-9", "Khau-lenh-moi-9"], strict=True):
        w.input(v)
    at.button(key="FormSubmitter:auth.change_password-Đổi mật khẩu").click().run()
    assert texts(at.success) == ["Đã đổi mật khẩu."]
    assert query(db, lambda c: audit.entries(c, action="user.password_change")[0].target) == "xem"


@pytest.mark.parametrize(
    "started, last_seen, reason",
    [
        (dt.timedelta(hours=9), dt.timedelta(minutes=1), "absolute"),
        (dt.timedelta(hours=1), dt.timedelta(minutes=31), "idle"),
    ],
)
def test_session_expiry_signs_out(db, started, last_seen, reason):
    now = dt.datetime.now()
    at = page(ADMIN_USERS, signed_in="admin", started=now - started, last_seen=now - last_seen).run()
    assert "auth.session" not in at.session_state
    assert not at.dataframe  # nothing of the admin page rendered
    assert any("Phiên đăng nhập" in w.value for w in at.warning)
    assert at.text_input(key="auth.password")  # the sign-in form instead
    e = query(db, lambda c: audit.entries(c, action="auth.session_expired")[0])
    assert (e.actor, e.details) == ("admin", {"reason": reason})


def test_a_live_session_is_kept_and_touched(db):
    now = dt.datetime.now()
    at = page(
        ADMIN_USERS, signed_in="admin", started=now - dt.timedelta(hours=1), last_seen=now - dt.timedelta(minutes=29)
    ).run()
    assert texts(at.title) == ["Quản lý tài khoản"]
    assert at.session_state["auth.session"].last_seen >= now


def test_disabled_while_signed_in(db):
    at = page(LOGIN, signed_in="hcm").run()
    query(db, lambda c: accounts.set_active(c, "admin", "hcm", False))
    at.run()
    assert "auth.session" not in at.session_state and texts(at.title) == ["Đăng nhập"]


# ------------------------------------------------------------------------------------------------
# admin pages: refused to everyone but admins, server side
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [ADMIN_USERS, ADMIN_AUDIT])
@pytest.mark.parametrize("who", ["xem", "hcm", "quocgia"])
def test_admin_pages_refuse_others(db, path, who):
    at = page(path, signed_in=who).run()
    assert not at.exception
    assert len(at.error) == 1 and "không có quyền" in at.error[0].value
    assert not at.dataframe and not at.title
    e = query(db, lambda c: audit.entries(c, action="auth.denied")[0])
    assert e.actor == who and e.details["reason"] == "role"


@pytest.mark.parametrize("path", [ADMIN_USERS, ADMIN_AUDIT])
def test_admin_pages_ask_anonymous_to_sign_in(db, path):
    at = page(path).run()
    assert "Cần đăng nhập" in at.info[0].value
    assert at.text_input(key="auth.password") and not at.dataframe


def test_admin_creates_a_data_officer(db):
    at = page(ADMIN_USERS, signed_in="admin").run()
    assert not at.exception and texts(at.title) == ["Quản lý tài khoản"]
    at.text_input(key="admin.new.username").input("hanoi")
    at.text_input(key="admin.new.name").input("Cán bộ Hà Nội")
    at.selectbox(key="admin.new.role").select("data_officer")
    at.multiselect(key="admin.new.provinces").select("01@34")
    at.text_input(key="admin.new.password").input("Khau-lenh-ha-noi-1")
    at.text_input(key="admin.new.again").input("Khau-lenh-ha-noi-1")
    at.button(key="admin.new.submit").click().run()
    assert not at.exception and not at.error
    assert texts(at.success) == ["Đã tạo tài khoản hanoi."]
    acc = query(db, lambda c: store.get_account(c, "hanoi"))
    assert acc.role == "data_officer" and {str(s) for s in acc.scopes} == {"01@34"}
    e = query(db, lambda c: audit.entries(c, action="user.create")[0])
    assert (e.actor, e.target, e.details["provinces"]) == ("admin", "hanoi", ["01@34"])


def test_admin_changes_role_provinces_state_and_password(db):
    at = page(ADMIN_USERS, signed_in="admin").run()
    at.selectbox(key="admin.edit.user").select("xem").run()
    at.selectbox(key="admin.edit.xem.role").select("data_officer")
    at.button(key="admin.edit.xem.save_role").click().run()
    assert texts(at.success) == ["Đã lưu."]
    at.multiselect(key="admin.edit.xem.provinces").select("79@34").select("74@63")
    at.button(key="admin.edit.xem.save_provinces").click().run()
    at.button(key="admin.edit.xem.disable").click().run()
    at.text_input(key="admin.edit.xem.pw").input("Khau-lenh-moi-77")
    at.text_input(key="admin.edit.xem.pw2").input("Khau-lenh-moi-77")
    at.button(key="admin.edit.xem.reset_submit").click().run()
    assert not at.exception and not at.error
    acc = query(db, lambda c: store.get_account(c, "xem"))
    assert acc.role == "data_officer" and not acc.active and {str(s) for s in acc.scopes} == {"79@34", "74@63"}
    actions = query(db, lambda c: [e.action for e in reversed(audit.entries(c, target="xem", actor="admin"))])
    assert actions == ["user.role", "user.grant", "user.grant", "user.disable", "user.password_reset"]


def test_admin_unlocks_a_locked_account(db):
    from auth import signin

    query(db, lambda c: [signin.sign_in(c, "hcm", "sai") for _ in range(3)])
    at = page(ADMIN_USERS, signed_in="admin").run()
    at.selectbox(key="admin.edit.user").select("hcm").run()
    at.button(key="admin.edit.hcm.unlock").click().run()
    assert texts(at.success) == ["Đã mở khóa hcm."]
    assert query(db, lambda c: store.get_account(c, "hcm").locked_until) is None


def test_admin_refused_request_shows_why(db):
    at = page(ADMIN_USERS, signed_in="admin").run()
    at.selectbox(key="admin.edit.user").select("admin").run()
    at.button(key="admin.edit.admin.disable").click().run()
    assert "quản trị viên cuối cùng" in at.error[0].value
    assert query(db, lambda c: store.get_account(c, "admin").active)


def test_admin_changes_settings(db):
    at = page(ADMIN_USERS, signed_in="admin").run()
    at.checkbox(key="admin.set.view_requires_login").check()
    at.number_input(key="admin.set.idle_minutes").set_value(15)
    at.button(key="admin.set.submit").click().run()
    s = query(db, store.load_settings)
    assert s.view_requires_login and s.idle_minutes == 15
    changed = query(db, lambda c: sorted(e.target for e in audit.entries(c, action="settings.change", actor="admin")))
    assert changed == ["idle_minutes", "view_requires_login"]


def test_audit_page_lists_and_filters(db):
    from auth import signin

    query(db, lambda c: signin.sign_in(c, "hcm", "sai"))
    at = page(ADMIN_AUDIT, signed_in="admin").run()
    assert not at.exception and texts(at.title) == ["Nhật ký kiểm toán"]
    assert "nguyên vẹn" in at.success[0].value
    everything = at.dataframe[0].value
    assert len(everything) == query(db, lambda c: c.execute("select count(*) from audit_log").fetchone()[0])
    at.selectbox(key="audit.action").select("auth.sign_in_failed").run()
    shown = at.dataframe[0].value
    assert list(shown["Hành động"]) == ["Đăng nhập thất bại"] and list(shown["Đối tượng"]) == ["hcm"]


def test_audit_page_reports_a_broken_chain(db):
    query(db, lambda c: c.execute("update audit_log set actor = 'ai đó' where id = 3"))
    at = page(ADMIN_AUDIT, signed_in="admin").run()
    assert "CẢNH BÁO" in at.error[0].value and "3" in at.error[0].value


# ------------------------------------------------------------------------------------------------
# navigation per role
# ------------------------------------------------------------------------------------------------
def _nav_script():
    import json as _json

    import streamlit as st

    from ui.auth import navigation, visible
    from ui.registry import PAGES

    wanted = ("status", "upload", "admin_users", "admin_mappings", "admin_audit")
    pages = navigation([e for e in PAGES if e.name in wanted])
    st.code(_json.dumps([p.title for p in visible(pages)], ensure_ascii=False))
    st.code(_json.dumps(sorted(p.title for p in pages), ensure_ascii=False))


@pytest.mark.parametrize(
    "who, view_requires_login, titles",
    [
        (None, False, ["Tình hình báo cáo", "Đăng nhập"]),
        (None, True, ["Đăng nhập"]),
        ("xem", True, ["Tình hình báo cáo", "Tài khoản / Đăng xuất"]),
        ("hcm", False, ["Tình hình báo cáo", "Tải lên", "Tài khoản / Đăng xuất"]),
        ("quocgia", False, ["Tình hình báo cáo", "Tải lên", "Tài khoản / Đăng xuất"]),
        (
            "admin",
            False,
            [
                "Tình hình báo cáo",
                "Tải lên",
                "Quản lý tài khoản",
                "Ánh xạ nhãn",
                "Nhật ký kiểm toán",
                "Tài khoản / Đăng xuất",
            ],
        ),
    ],
)
def test_navigation_per_role(db, who, view_requires_login, titles):
    query(db, lambda c: accounts.change_setting(c, "test", "view_requires_login", view_requires_login))
    at = AppTest.from_function(_nav_script, default_timeout=60)
    if who:
        now = dt.datetime.now()
        at.session_state["auth.session"] = sess.Session(who, "password", now, now, "t0")
    at.run()
    assert not at.exception
    assert json.loads(at.code[0].value) == titles
    # every page stays registered (hidden when not allowed), so its address never says "Page not found"
    every = ["Tình hình báo cáo", "Tải lên", "Quản lý tài khoản", "Ánh xạ nhãn", "Nhật ký kiểm toán"]
    assert json.loads(at.code[1].value) == sorted([*every, titles[-1]])


def test_app_asks_for_sign_in_when_viewing_needs_it(db):
    query(db, lambda c: accounts.change_setting(c, "test", "view_requires_login", True))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and texts(at.title) == ["Đăng nhập"]
    # (AppTest re-runs only the page after the first run, so signing in and being taken to the
    # first page is checked in the browser, tests/test_e2e_auth.py; here: a fresh signed-in run)
    at = page(APP, signed_in="xem").run()
    assert not at.exception and "Đăng nhập" not in texts(at.title)
    assert any("Người xem" in c.value for c in at.sidebar.caption)  # the home page, signed in


def test_app_without_a_warehouse_still_opens(tmp_path, monkeypatch):
    monkeypatch.setenv("LLW_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and "Chưa có kho dữ liệu" in at.info[0].value
    assert not (tmp_path / "none.duckdb").exists()  # looking does not create a warehouse


# ------------------------------------------------------------------------------------------------
# OpenID Connect: st.user from the identity provider, role from the account with that e-mail
# ------------------------------------------------------------------------------------------------
OIDC_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "id",
    "client_secret": "secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}


def oidc_page(path: str, email: str) -> AppTest:
    at = AppTest.from_file(path, default_timeout=60)
    at.secrets["auth"] = OIDC_SECRETS
    at.user = {"is_logged_in": True, "email": email, "name": "Người dùng OIDC"}
    return at


def test_oidc_identity_signs_in_with_the_accounts_role(db):
    at = oidc_page(LOGIN, "HCM@moet.gov.vn").run()
    assert not at.exception and texts(at.title) == ["Tài khoản"]
    s = at.session_state["auth.session"]
    assert (s.username, s.method) == ("hcm", "oidc")
    assert not at.text_input  # no password form for a provider account
    e = query(db, lambda c: audit.entries(c, action="auth.sign_in")[0])
    assert e.details == {"method": "oidc", "email": "hcm@moet.gov.vn"}


def test_oidc_unknown_email_is_refused(db):
    at = oidc_page(LOGIN, "la@example.com").run()
    assert "auth.session" not in at.session_state
    assert "la@example.com" in at.warning[0].value
    assert texts(at.title) == ["Đăng nhập"]
    assert at.button(key="auth.oidc")  # the organisation sign-in button is offered
    at.run()  # not retried on every rerun
    assert query(db, lambda c: len(audit.entries(c, action="auth.sign_in_failed"))) == 1


def test_oidc_unknown_email_as_viewer_when_set(db):
    query(db, lambda c: accounts.change_setting(c, "test", "oidc_unknown_email", "viewer"))
    at = oidc_page(LOGIN, "la@example.com").run()
    assert at.session_state["auth.session"].username == "la@example.com"
    assert query(db, lambda c: store.get_account(c, "la@example.com").role) == "viewer"
