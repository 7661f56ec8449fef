"""Access control without Streamlit: the role × action matrix, province scopes across the 2025
merger, passwords (argon2id, rehash, dummy verification), lockout, session expiry, account
changes and the audit entries each of them leaves, scope enforcement on real loads, the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from argon2 import PasswordHasher, extract_parameters
from auth_support import PASSWORD, T0, prepare
from click.testing import CliRunner
from fixtures_factory import vertical_grid, xlsx_bytes

from auth import accounts, audit, signin, store
from auth import session as sess
from auth.accounts import AccountError
from auth.passwords import HashParams, hash_password, verify
from auth.roles import ACTIONS, ROLES, UNSCOPED_ROLES, AccessDenied, Scope, User, can, covers, parse_scope, require
from auth.settings import Settings
from etl import submit
from etl.__main__ import cli
from etl.load import load_analysis
from reference.i18n import use_language
from warehouse.db import connect, copy_store

# ------------------------------------------------------------------------------------------------
# the role × action matrix, written out (not derived from auth.roles.GRANTS)
# ------------------------------------------------------------------------------------------------
ALLOWED = {
    "viewer": {"view", "export"},
    "data_officer": {"view", "export", "upload", "confirm", "revert", "withdraw", "map_label"},
    "national_officer": {"view", "export", "upload", "confirm", "revert", "withdraw", "map_label"},
    "admin": {
        "view",
        "export",
        "upload",
        "confirm",
        "revert",
        "withdraw",
        "map_label",
        "manage_mappings",
        "manage_users",
        "manage_reference",
        "read_audit",
    },
}
SCOPED = {"upload", "confirm", "revert", "withdraw", "map_label"}


def person(role: str, *scopes: Scope, active: bool = True) -> User:
    return User(f"u_{role}", f"Người {role}", role, None, active, frozenset(scopes))


def test_matrix_covers_every_role_and_action():
    assert set(ALLOWED) == set(ROLES)
    assert set().union(*ALLOWED.values()) == set(ACTIONS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_role_action_matrix_in_own_province(role, action):
    """Every role × action, for a file of the officer's own province (Hồ Chí Minh, 2025)."""
    user = person(role, Scope(34, "79"))
    expected = action in ALLOWED[role]
    assert can(user, action, "79", 2025) is expected
    assert can(user, action) is expected  # "at all"
    if expected:
        require(user, action, "79", 2025)
    else:
        with pytest.raises(AccessDenied) as exc:
            require(user, action, "79", 2025)
        assert exc.value.reason == "role"
        assert "không có quyền" in exc.value.message()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(SCOPED))
def test_role_action_matrix_in_another_province(role, action):
    """Scoped actions on another province (Hà Nội): only national officers and admins."""
    user = person(role, Scope(34, "79"))
    expected = role in ("national_officer", "admin")
    assert can(user, action, "01", 2025) is expected
    if not expected:
        with pytest.raises(AccessDenied) as exc:
            require(user, action, "01", 2025)
        assert exc.value.reason == ("scope" if role == "data_officer" else "role")


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("view_requires_login", [False, True])
def test_anonymous(action, view_requires_login):
    expected = action in ("view", "export") and not view_requires_login
    assert can(None, action, view_requires_login=view_requires_login) is expected
    if not expected:
        with pytest.raises(AccessDenied) as exc:
            require(None, action, "79", 2025, view_requires_login=view_requires_login)
        assert exc.value.reason == "not_signed_in"
        assert exc.value.message().startswith("Cần đăng nhập")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_disabled_account_may_do_nothing(role, action):
    user = person(role, Scope(34, "79"), active=False)
    assert not can(user, action, "79", 2025, view_requires_login=False)


def test_data_officer_without_province_may_not_upload_at_all():
    user = person("data_officer")
    assert not can(user, "upload")
    with pytest.raises(AccessDenied) as exc:
        require(user, "upload")
    assert exc.value.reason == "no_scope"


def test_unknown_action_is_a_bug():
    with pytest.raises(ValueError):
        can(person("admin"), "delete_everything")


# ------------------------------------------------------------------------------------------------
# scope across the 2025 merger: TP. Hồ Chí Minh (79) absorbed Bình Dương (74) and BR-VT (77)
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "scope, code, year, expected",
    [
        (Scope(34, "79"), "79", 2025, True),  # today's province, today's file
        (Scope(34, "79"), "79", 2023, True),  # old HCM before the merger
        (Scope(34, "79"), "74", 2023, True),  # Bình Dương before the merger: back-filling is allowed
        (Scope(34, "79"), "77", 2019, True),  # Bà Rịa - Vũng Tàu
        (Scope(34, "79"), "01", 2023, False),  # Hà Nội
        (Scope(34, "79"), "01", 2025, False),
        (Scope(34, "79"), "74", 2025, False),  # 74 is no 34-era code
        (Scope(34, "79"), "79", None, True),  # no year: a 34-era code
        (Scope(63, "74"), "74", 2023, True),  # an old-province grant: that province's old years only
        (Scope(63, "74"), "79", 2025, False),  # ...never the larger 2025 province
        (Scope(63, "74"), "79", 2023, False),
        (Scope(63, "74"), "74", None, False),
        (Scope(34, "79"), "00", 2025, False),  # a national file
    ],
)
def test_scope_across_the_merger(scope, code, year, expected):
    assert covers(scope, code, year) is expected
    assert can(person("data_officer", scope), "upload", code, year) is expected


def test_scope_refusal_names_the_scope_and_the_file():
    user = person("data_officer", Scope(34, "79"))
    with pytest.raises(AccessDenied) as exc:
        require(user, "upload", "01", 2024)
    msg = exc.value.message()
    assert "TP. Hồ Chí Minh" in msg and "Hà Nội năm 2024" in msg and "không có gì được nạp" in msg
    with use_language("en"):
        assert "This report is for Hà Nội, 2024" in exc.value.message()


@pytest.mark.parametrize(
    "text, scope",
    [("79", Scope(34, "79")), ("79@34", Scope(34, "79")), ("74@63", Scope(63, "74")), ("1", Scope(34, "01"))],
)
def test_parse_scope(text, scope):
    assert parse_scope(text) == scope


@pytest.mark.parametrize("text", ["74", "99", "79@12", "abc"])
def test_parse_scope_refuses_unknown(text):
    with pytest.raises(ValueError):
        parse_scope(text)


# ------------------------------------------------------------------------------------------------
# scope enforced on a real load: another province's file is rejected and loads nothing
# ------------------------------------------------------------------------------------------------
def _upload(con, user: User, province_upper: str, year: int):
    """The upload's analysis with the provinces the page gives `user` (None: every province).
    The scope rule is etl.submit's, the one the page, the history and the mappings apply."""
    data = xlsx_bytes(vertical_grid(year=year, province_upper=province_upper))
    allowed = None if user.role in UNSCOPED_ROLES else user.scopes
    return submit.analyse_upload(con, f"{year}_bao_cao.xlsx", data, allowed_provinces=allowed)


def _count(con, sql, params=()):
    return con.execute(sql, list(params)).fetchone()[0]


def test_officer_loads_own_province_and_is_refused_for_another(empty_db):
    officer = person("data_officer", Scope(34, "79"))
    con = connect(empty_db)
    try:
        own = _upload(con, officer, "HỒ CHÍ MINH", 2025)
        assert own.unit.code == "79" and own.ok
        assert load_analysis(con, own, submitted_by=officer.username).status == "accepted"

        other = _upload(con, officer, "QUẢNG NINH", 2025)
        assert not other.ok
        res = load_analysis(con, other, submitted_by=officer.username)
        assert res.status == "rejected"
        assert [p.code for p in other.errors] == ["scope.outside"]
        assert _count(con, "select count(*) from observations where submission_id = ?", [res.submission_id]) == 0
        assert _count(con, "select count(*) from current_values where unit_code = '22'") == 0
        msg = con.execute("select messages from submission_log where id = ?", [res.submission_id]).fetchone()[0]
        assert "scope.outside" in msg and "Quảng Ninh" in msg

        old = _upload(con, officer, "BÌNH DƯƠNG", 2023)  # merged into HCM: the officer may back-fill it
        assert old.ok
        assert load_analysis(con, old, submitted_by=officer.username).status == "accepted"
    finally:
        con.close()


def test_national_officer_loads_any_province(empty_db):
    con = connect(empty_db)
    try:
        assert _upload(con, person("national_officer"), "QUẢNG NINH", 2025).ok
    finally:
        con.close()
    assert not can(person("viewer"), "upload")  # the role's gate, before any scope


def test_the_scope_problem_is_added_once(empty_db):
    con = connect(empty_db)
    try:
        an = _upload(con, person("data_officer", Scope(34, "79")), "QUẢNG NINH", 2025)
    finally:
        con.close()
    assert [p.code for p in an.problems].count("scope.outside") == 1


# ------------------------------------------------------------------------------------------------
# passwords
# ------------------------------------------------------------------------------------------------
CHEAP = HashParams(1, 8192, 1)


def test_argon2id_and_verification():
    h = hash_password("mật khẩu dài 123", CHEAP)
    assert h.startswith("$argon2id$")
    assert verify(h, "mật khẩu dài 123", CHEAP) == (True, False)
    assert verify(h, "mật khẩu dài 124", CHEAP) == (False, False)
    assert verify("not a hash", "x", CHEAP) == (False, False)


def test_changed_parameters_ask_for_a_rehash():
    h = hash_password("mật khẩu dài 123", CHEAP)
    assert verify(h, "mật khẩu dài 123", HashParams(2, 8192, 1)) == (True, True)


def test_unknown_user_costs_one_argon2_verification(monkeypatch):
    calls = []
    real = PasswordHasher.verify

    def counting(self, hash_, password):
        calls.append(hash_)
        return real(self, hash_, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    assert verify(None, "anything", CHEAP) == (False, False)
    assert verify(hash_password("mật khẩu dài 123", CHEAP), "wrong", CHEAP) == (False, False)
    assert len(calls) == 2 and all(c.startswith("$argon2id$") for c in calls)


@pytest.mark.parametrize(
    "password, ok", [("ngắn", False), ("aaaaaaaaaaaa", False), ("xem-password-1", False), ("Mat-khau-dung-1", True)]
)
def test_password_policy(empty_db, password, ok):
    con = connect(empty_db)
    try:
        accounts.change_setting(con, "test", "argon2_memory_kib", 8192)
        if ok:
            accounts.create_user(con, "test", "xem", "X", "viewer", password=password)
        else:
            with pytest.raises(AccountError):
                accounts.create_user(con, "test", "xem", "X", "viewer", password=password)
            assert store.get_account(con, "xem") is None
    finally:
        con.close()


# ------------------------------------------------------------------------------------------------
# sign-in, lockout, rehash on login
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def people_db(tmp_path_factory):
    """A warehouse with one account per role (built once; tests work on copies)."""
    db = tmp_path_factory.mktemp("auth") / "people.duckdb"
    prepare(db, settings={"lockout_attempts": 3, "lockout_minutes": 15})
    return db


@pytest.fixture
def con(people_db, tmp_path):
    copy = tmp_path / "people.duckdb"
    copy_store(people_db, copy)
    c = connect(copy)
    yield c
    c.close()


def _actions(con, target=None):
    return [e.action for e in reversed(audit.entries(con, target=target))]


def test_sign_in_and_audit(con):
    res = signin.sign_in(con, "HCM ", PASSWORD, now=T0, ip="10.0.0.5", session="s1")
    assert res.ok and res.user.username == "hcm" and res.user.scopes == {Scope(34, "79")}
    e = audit.entries(con, action="auth.sign_in")[0]
    assert (e.actor, e.target, e.ip, e.session, e.details["method"]) == ("hcm", "hcm", "10.0.0.5", "s1", "password")
    assert store.get_account(con, "hcm").last_sign_in_at == T0


@pytest.mark.parametrize(
    "username, password, reason",
    [("hcm", "sai mật khẩu", "wrong_password"), ("khongco", PASSWORD, "unknown_user"), ("", PASSWORD, "unknown_user")],
)
def test_failed_sign_in_is_generic_and_audited(con, username, password, reason):
    res = signin.sign_in(con, username, password, now=T0)
    assert not res.ok and res.reason == "bad_credentials"
    assert res.message == "Tên đăng nhập hoặc mật khẩu không đúng."
    e = audit.entries(con, action="auth.sign_in_failed")[0]
    assert e.details["reason"] == reason and e.actor == "anonymous"


def test_disabled_account_cannot_sign_in(con):
    accounts.set_active(con, "admin", "xem", False, now=T0)
    res = signin.sign_in(con, "xem", PASSWORD, now=T0)
    assert not res.ok and res.message == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert audit.entries(con, action="auth.sign_in_failed")[0].details["reason"] == "inactive"


def test_lockout_after_repeated_failures_then_expiry(con):
    for i in range(2):
        assert signin.sign_in(con, "hcm", "sai", now=T0 + dt.timedelta(seconds=i)).reason == "bad_credentials"
    assert store.get_account(con, "hcm").failed_attempts == 2
    third = signin.sign_in(con, "hcm", "sai", now=T0 + dt.timedelta(seconds=2))
    assert third.reason == "locked" and "15 phút" in third.message
    acc = store.get_account(con, "hcm")
    assert acc.locked_until == T0 + dt.timedelta(seconds=2, minutes=15)
    # locked: even the right password is refused, until the lock runs out
    assert signin.sign_in(con, "hcm", PASSWORD, now=T0 + dt.timedelta(minutes=10)).reason == "locked"
    assert signin.sign_in(con, "hcm", PASSWORD, now=T0 + dt.timedelta(minutes=16)).ok
    acc = store.get_account(con, "hcm")
    assert acc.failed_attempts == 0 and acc.locked_until is None
    assert _actions(con, "hcm")[-6:] == [
        "auth.sign_in_failed",
        "auth.sign_in_failed",
        "auth.sign_in_failed",
        "auth.locked",
        "auth.sign_in_failed",
        "auth.sign_in",
    ]


def test_success_resets_the_failure_count(con):
    signin.sign_in(con, "hcm", "sai", now=T0)
    signin.sign_in(con, "hcm", "sai", now=T0)
    assert signin.sign_in(con, "hcm", PASSWORD, now=T0).ok
    signin.sign_in(con, "hcm", "sai", now=T0)
    signin.sign_in(con, "hcm", "sai", now=T0)
    assert store.get_account(con, "hcm").locked_until is None


def test_admin_unlocks(con):
    for _ in range(3):
        signin.sign_in(con, "hcm", "sai", now=T0)
    assert store.get_account(con, "hcm").locked(T0)
    accounts.unlock(con, "admin", "hcm", now=T0)
    assert signin.sign_in(con, "hcm", PASSWORD, now=T0).ok
    assert "user.unlock" in _actions(con, "hcm")


def test_rehash_on_login_when_parameters_change(con):
    before = store.get_account(con, "hcm").password_hash
    assert extract_parameters(before).memory_cost == 8192
    accounts.change_setting(con, "admin", "argon2_memory_kib", 16384)
    res = signin.sign_in(con, "hcm", PASSWORD, now=T0)
    after = store.get_account(con, "hcm").password_hash
    assert res.ok and after != before and extract_parameters(after).memory_cost == 16384
    assert audit.entries(con, action="auth.sign_in")[0].details["rehashed"] is True
    assert signin.sign_in(con, "hcm", PASSWORD, now=T0).ok
    assert audit.entries(con, action="auth.sign_in")[0].details["rehashed"] is False


# ------------------------------------------------------------------------------------------------
# OpenID Connect identities
# ------------------------------------------------------------------------------------------------
def test_oidc_role_comes_from_the_account_with_that_email(con):
    res = signin.oidc_sign_in(con, "HCM@moet.gov.vn", "Cán bộ HCM", now=T0)
    assert res.ok and res.user.username == "hcm" and res.user.role == "data_officer"
    assert audit.entries(con, action="auth.sign_in")[0].details == {"method": "oidc", "email": "hcm@moet.gov.vn"}


def test_oidc_unknown_email_refused_by_default(con):
    res = signin.oidc_sign_in(con, "la@example.com", "Người lạ", now=T0)
    assert not res.ok and "la@example.com" in res.message
    assert store.account_by_email(con, "la@example.com") is None
    assert audit.entries(con, action="auth.sign_in_failed")[0].details["reason"] == "unknown_email"


def test_oidc_unknown_email_becomes_viewer_when_set(con):
    accounts.change_setting(con, "admin", "oidc_unknown_email", "viewer")
    res = signin.oidc_sign_in(con, "la@example.com", "Người lạ", now=T0)
    assert res.ok and res.user.role == "viewer"
    acc = store.account_by_email(con, "la@example.com")
    assert acc.password_hash is None  # no local password: only the provider can sign them in
    assert not signin.sign_in(con, "la@example.com", "", now=T0).ok
    assert audit.entries(con, action="user.create")[0].actor == "oidc"


def test_oidc_disabled_account_refused(con):
    accounts.set_active(con, "admin", "hcm", False)
    assert signin.oidc_sign_in(con, "hcm@moet.gov.vn", None, now=T0).reason == "inactive"


# ------------------------------------------------------------------------------------------------
# session expiry (the clock is an argument: no sleeping)
# ------------------------------------------------------------------------------------------------
S = Settings(idle_minutes=30, session_hours=8)


def test_session_idle_expiry():
    s = sess.start("hcm", "password", T0)
    assert sess.end_reason(s, T0 + dt.timedelta(minutes=29, seconds=59), S) is None
    assert sess.end_reason(s, T0 + dt.timedelta(minutes=30), S) == "idle"


def test_activity_keeps_a_session_alive_until_the_absolute_limit():
    s = sess.start("hcm", "password", T0)
    for k in range(1, 24):  # a click every 20 minutes up to 7 h 40
        t = T0 + dt.timedelta(minutes=20 * k)
        assert sess.end_reason(s, t, S) is None
        s = sess.touch(s, t)
    assert sess.end_reason(s, T0 + dt.timedelta(hours=8), S) == "absolute"


def test_touch_never_moves_back():
    s = sess.touch(sess.start("hcm", "password", T0), T0 - dt.timedelta(hours=1))
    assert s.last_seen == T0


# ------------------------------------------------------------------------------------------------
# account changes and their audit entries
# ------------------------------------------------------------------------------------------------
def test_every_account_change_is_audited(con):
    where = {"ip": "10.1.1.1", "session": "abc"}
    accounts.create_user(con, "admin", "moi", "Người mới", "viewer", password=PASSWORD, **where)
    accounts.change_role(con, "admin", "moi", "data_officer", **where)
    accounts.grant(con, "admin", "moi", Scope(34, "01"), **where)
    accounts.grant(con, "admin", "moi", Scope(34, "01"), **where)  # already there: no entry
    accounts.revoke(con, "admin", "moi", Scope(34, "01"), **where)
    accounts.update_profile(con, "admin", "moi", "Nguyễn Văn Mới", "moi@moet.gov.vn", **where)
    accounts.set_active(con, "admin", "moi", False, **where)
    accounts.set_active(con, "admin", "moi", True, **where)
    accounts.reset_password(con, "admin", "moi", "Khau-lenh-so-22", **where)
    accounts.change_own_password(con, "moi", "Khau-lenh-so-22", "Khau-lenh-so-33", **where)
    accounts.unlock(con, "admin", "moi", **where)
    assert _actions(con, "moi") == [
        "user.create",
        "user.role",
        "user.grant",
        "user.revoke",
        "user.profile",
        "user.disable",
        "user.enable",
        "user.password_reset",
        "user.password_change",
        "user.unlock",
    ]
    role = audit.entries(con, action="user.role", target="moi")[0]
    assert role.details == {"from": "viewer", "to": "data_officer"} and role.actor == "admin"
    assert all(e.ip == "10.1.1.1" and e.session == "abc" for e in audit.entries(con, target="moi"))
    accounts.change_setting(con, "admin", "view_requires_login", "true", **where)
    e = audit.entries(con, action="settings.change")[0]
    assert (e.target, e.details) == ("view_requires_login", {"from": False, "to": "true"})
    assert store.load_settings(con).view_requires_login is True
    assert not any("Mat-khau" in str(e.details) for e in audit.entries(con))  # no password in the log


def test_the_last_admin_stays(con):
    with pytest.raises(AccountError, match="quản trị viên cuối cùng"):
        accounts.change_role(con, "admin", "admin", "viewer")
    with pytest.raises(AccountError):
        accounts.set_active(con, "admin", "admin", False)
    accounts.create_user(con, "admin", "admin2", "Quản trị 2", "admin", password=PASSWORD)
    accounts.set_active(con, "admin2", "admin", False)
    assert not store.get_account(con, "admin").active


@pytest.mark.parametrize(
    "call",
    [
        lambda c: accounts.create_user(c, "a", "Có Dấu", "x", "viewer", password=PASSWORD),
        lambda c: accounts.create_user(c, "a", "ok_name", "x", "superuser", password=PASSWORD),
        lambda c: accounts.create_user(c, "a", "ok_name", "x", "viewer", email="not-an-email", password=PASSWORD),
        lambda c: accounts.create_user(c, "a", "hcm", "x", "viewer", password=PASSWORD),
        lambda c: accounts.create_user(c, "a", "ok_name", "x", "viewer", email="hcm@moet.gov.vn", password=PASSWORD),
        lambda c: accounts.create_user(c, "a", "ok_name", "x", "viewer"),
        lambda c: accounts.change_role(c, "a", "khongco", "viewer"),
        lambda c: accounts.change_own_password(c, "hcm", "sai", "Khau-lenh-so-33"),
        lambda c: accounts.change_setting(c, "a", "lockout_attempts", "0"),
        lambda c: accounts.change_setting(c, "a", "no_such_setting", "1"),
    ],
)
def test_bad_requests_change_nothing(con, call):
    before = (len(store.list_accounts(con)), len(audit.entries(con)), store.load_settings(con))
    with pytest.raises(AccountError):
        call(con)
    assert (len(store.list_accounts(con)), len(audit.entries(con)), store.load_settings(con)) == before


# ------------------------------------------------------------------------------------------------
# the audit log is append-only
# ------------------------------------------------------------------------------------------------
def test_audit_module_offers_only_insert_and_read():
    import inspect

    import auth

    public = {
        n
        for n, o in vars(audit).items()
        if inspect.isfunction(o) and not n.startswith("_") and o.__module__ == audit.__name__
    }
    assert public == {"record", "record_many", "entries", "frame", "actors", "verify_chain"}
    import pathlib
    import re

    root = pathlib.Path(auth.__file__).resolve().parent.parent
    writers = re.compile(
        r"(update\s+audit_log|delete\s+from\s+audit_log|truncate\s+audit_log|drop\s+table\s+audit_log"
        r"|insert\s+or\s+replace\s+into\s+audit_log|alter\s+table\s+audit_log)",
        re.I,
    )
    offenders = [
        str(p.relative_to(root))
        for folder in ("auth", "ui", "pages", "etl", "warehouse", "figures")
        for p in (root / folder).rglob("*.py")
        if writers.search(p.read_text(encoding="utf-8"))
    ]
    offenders += [
        p.name
        for p in (root / "warehouse" / "migrations").glob("*.sql")
        if writers.search(p.read_text(encoding="utf-8"))
    ]
    offenders += ["app.py"] if writers.search((root / "app.py").read_text(encoding="utf-8")) else []
    assert offenders == []


def test_records_are_never_rewritten(con):
    first = con.execute("select * from audit_log order by id").fetchall()
    signin.sign_in(con, "hcm", PASSWORD, now=T0)
    signin.sign_in(con, "hcm", "sai", now=T0)
    accounts.change_role(con, "admin", "xem", "data_officer")
    accounts.change_setting(con, "admin", "idle_minutes", 10)
    after = con.execute("select * from audit_log order by id").fetchall()
    assert after[: len(first)] == first and len(after) == len(first) + 4
    assert [r[0] for r in after] == sorted(r[0] for r in after)
    assert audit.verify_chain(con) == []


def test_a_batch_of_entries_is_chained_in_order_between_single_ones(con):
    before = con.execute("select count(*) from audit_log").fetchone()[0]
    audit.record(con, "cli", "submission.confirm", "a.xlsx", {"n": 1})
    ids = audit.record_many(
        con,
        [("cli", "submission.confirm", f"f{i}.xlsx", {"i": i, "<x>": "=1+1"}) for i in range(5)]
        + [("cli", "submission.reject", "bad.xlsx", None)],
    )
    audit.record(con, "cli", "submission.confirm", "z.xlsx")
    assert ids == sorted(ids) and len(set(ids)) == 6
    got = list(reversed(audit.entries(con)))[before:]
    assert [e.target for e in got] == ["a.xlsx", *[f"f{i}.xlsx" for i in range(5)], "bad.xlsx", "z.xlsx"]
    assert got[3].details == {"i": 2, "<x>": "=1+1"} and got[6].details == {}
    assert all(b.prev_hash == a.hash for a, b in zip(got, got[1:], strict=False))
    assert audit.verify_chain(con) == []
    assert audit.record_many(con, []) == []
    with pytest.raises(ValueError):
        audit.record_many(con, [("cli", "submission.confirm", "x", None), ("cli", "typo", "y", None)])
    assert con.execute("select count(*) from audit_log").fetchone()[0] == before + 8  # nothing of a bad batch


def test_a_rewrite_by_hand_is_detected(con):
    signin.sign_in(con, "hcm", "sai", now=T0)
    signin.sign_in(con, "hcm", PASSWORD, now=T0)
    ids = [e.id for e in reversed(audit.entries(con))]
    victim = ids[-2]
    con.execute('update audit_log set details = \'{"reason": "nothing"}\' where id = ?', [victim])
    assert audit.verify_chain(con) == [victim]
    con.execute("delete from audit_log where id = ?", [ids[3]])
    assert ids[4] in audit.verify_chain(con)


def test_unknown_audit_action_is_a_bug(con):
    with pytest.raises(ValueError):
        audit.record(con, "x", "user.delete_all", "x", {})


def test_audit_filters(con):
    signin.sign_in(con, "hcm", PASSWORD, now=T0, ip="1.2.3.4")
    signin.sign_in(con, "xem", "sai", now=T0 + dt.timedelta(days=1))
    assert {e.action for e in audit.entries(con, action="auth")} == {"auth.sign_in", "auth.sign_in_failed"}
    assert [e.target for e in audit.entries(con, action="auth.sign_in_failed")] == ["xem"]
    assert {e.target for e in audit.entries(con, actor="hcm")} == {"hcm"}
    assert [e.target for e in audit.entries(con, action="auth", since=T0 + dt.timedelta(hours=1))] == ["xem"]
    assert [e.target for e in audit.entries(con, action="auth", until=T0 + dt.timedelta(hours=1))] == ["hcm"]
    assert {e.target for e in audit.entries(con, target="HC")} == {"hcm"}
    assert len(audit.entries(con, limit=2)) == 2


# ------------------------------------------------------------------------------------------------
# the CLI
# ------------------------------------------------------------------------------------------------
def run(args, input=None):
    return CliRunner().invoke(cli, args, input=input)


def test_cli_create_admin_prompts_twice(empty_db):
    db = ["--db", str(empty_db)]
    res = run(["users", "create-admin", "boss", "--name", "Sếp", *db], input="Mat-khau-dung-1\nMat-khau-dung-1\n")
    assert res.exit_code == 0, res.output
    assert res.output.count("Mật khẩu") == 1 and "Nhập lại mật khẩu" in res.output
    con = connect(empty_db)
    try:
        acc = store.get_account(con, "boss")
        assert acc.role == "admin" and verify(acc.password_hash, "Mat-khau-dung-1", Settings().hash_params)[0]
        e = audit.entries(con, action="user.create")[0]
        assert e.actor.startswith("cli") and e.target == "boss"
    finally:
        con.close()


def test_cli_create_admin_has_no_default_password(empty_db):
    res = run(["users", "create-admin", "boss", "--db", str(empty_db)], input="")
    assert res.exit_code != 0
    res = run(["users", "create-admin", "boss", "--db", str(empty_db)], input="Mat-khau-dung-1\nkhac-hoan-toan\n")
    assert res.exit_code != 0
    res = run(["users", "create-admin", "boss", "--password-stdin", "--db", str(empty_db)], input="\n")
    assert res.exit_code == 1 and "Lỗi" in res.output
    con = connect(empty_db)
    try:
        assert store.list_accounts(con) == []
    finally:
        con.close()


def test_cli_user_lifecycle(empty_db):
    db = ["--db", str(empty_db)]
    assert run(["users", "settings", "argon2_memory_kib", "8192", *db]).exit_code == 0
    assert run(["users", "create-admin", "boss", "--password-stdin", *db], input="Mat-khau-dung-1\n").exit_code == 0
    res = run(
        ["users", "add", "hcm", "--role", "data_officer", "--province", "79", "--password-stdin", *db],
        input="Mat-khau-dung-2\n",
    )
    assert res.exit_code == 0, res.output
    assert (
        run(
            ["users", "add", "x", "--role", "data_officer", "--password-stdin", *db], input="Mat-khau-dung-2\n"
        ).exit_code
        == 1
    )  # an officer needs a province
    assert run(["users", "add", "oidc1", "--role", "viewer", "--no-password", "--email", "a@b.vn", *db]).exit_code == 0
    assert run(["users", "grant", "hcm", "74@63", *db]).exit_code == 0
    assert run(["users", "grant", "hcm", "99", *db]).exit_code == 1
    assert run(["users", "revoke", "hcm", "79", *db]).exit_code == 0
    assert run(["users", "role", "oidc1", "national_officer", *db]).exit_code == 0
    assert run(["users", "disable", "oidc1", *db]).exit_code == 0
    assert run(["users", "reset-password", "hcm", "--password-stdin", *db], input="Khau-lenh-so-33\n").exit_code == 0
    assert run(["users", "unlock", "hcm", *db]).exit_code == 0
    assert run(["users", "disable", "boss", *db]).exit_code == 1  # the last admin
    listing = run(["users", "list", *db]).output
    assert "hcm — hcm (Cán bộ dữ liệu tỉnh, tỉnh: Bình Dương (trước 2025); hoạt động)" in listing
    assert "oidc1 — oidc1 (Cán bộ dữ liệu toàn quốc; đã vô hiệu hóa) <a@b.vn>" in listing
    assert run(["users", "verify-audit", *db]).exit_code == 0
    con = connect(empty_db)
    try:
        assert signin.sign_in(con, "hcm", "Khau-lenh-so-33").ok
        assert [e.action for e in reversed(audit.entries(con, target="hcm"))] == [
            "user.create",
            "user.grant",
            "user.revoke",
            "user.password_reset",
            "user.unlock",
            "auth.sign_in",
        ]
        con.execute("update audit_log set actor = 'someone else' where id = 2")
    finally:
        con.close()
    res = run(["users", "verify-audit", *db])
    assert res.exit_code == 1 and "bị thay đổi" in res.output


def test_settings_listing(empty_db):
    out = run(["users", "settings", "--db", str(empty_db)]).output
    assert {line.split(" = ")[0] for line in out.splitlines()} == {f.name for f in dataclasses.fields(Settings)}
