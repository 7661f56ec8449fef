"""Access control in the Streamlit app: who is signed in, the gate at the top of every page, the
sign-in form, and the navigation list for the current role.

Every page starts with `user = gate("view")` (or the action it performs). The gate re-reads the
account on each run, so a disabled account or a changed role takes effect at the next click;
hidden pages are refused here too, not only left out of the navigation.

The session lives in st.session_state (a browser reload signs out) and ends after the idle and
absolute limits in the settings. Where `.streamlit/secrets.toml` has an [auth] section, people
can also sign in through the organisation's identity provider (st.login); the account with the
provider's e-mail gives the role."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

import streamlit as st

from auth import audit, signin, store, upload_audit
from auth import session as sess
from auth.roles import AccessDenied, User, decide, role_label, scope_text
from auth.settings import Settings
from reference.i18n import t
from ui.cache import shared_cache
from ui.entry import ensure_app_entry
from ui.registry import LOGIN, PAGES, PageEntry
from ui.text import plain
from ui.upload_db import WarehouseBusy, warehouse  # short-lived, retried while another process writes
from warehouse.db import db_path
from warehouse.queries import data_version

SESSION_KEY = "auth.session"
NOTICE_KEY = "auth.notice"
HOME_KEY = "auth.home"  # the page to open after signing in on the login page
JUST_SIGNED_IN_KEY = "auth.just_signed_in"
OIDC_REFUSED_KEY = "auth.oidc_refused"


def now() -> dt.datetime:
    return dt.datetime.now()


def store_exists() -> bool:
    return db_path().exists()


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


CLIENT_IP_HEADER_ENV = "LLW_CLIENT_IP_HEADER"


def _ip() -> str | None:
    """The client's address, for the audit log and the per-address sign-in throttle.

    Streamlit gives the address of the connection it serves (st.context.ip_address; None for
    localhost). Behind a reverse proxy that is the proxy's address, shared by everyone: set
    LLW_CLIENT_IP_HEADER to the header the proxy writes (X-Forwarded-For, X-Real-IP) and the
    right-most entry — the one the proxy itself appended, which a visitor cannot forge — is used.
    Only set it when a proxy always writes that header: otherwise a visitor could choose their
    own address."""
    header = os.environ.get(CLIENT_IP_HEADER_ENV, "").strip()
    try:
        if header:
            value = st.context.headers.get(header)
            if value:
                return value.split(",")[-1].strip()[:64] or None
        ip = st.context.ip_address
    except Exception:
        return None
    return ip if isinstance(ip, str) else None  # None on localhost; not a string outside a server


def _session() -> sess.Session | None:
    return st.session_state.get(SESSION_KEY)


def audit_where() -> dict:
    """ip and session id for audit.record, for services called from a page."""
    s = _session()
    return {"ip": _ip(), "session": s.id if s else None}


upload_audit.install(where=audit_where)  # upload/history actions land in the audit log


def actor() -> str:
    s = _session()
    return s.username if s else "anonymous"


def record(con, action: str, target: str | None = None, details: dict | None = None) -> int:
    """Audit an action taken on this page by the signed-in person (inside the caller's transaction)."""
    return audit.record(con, actor(), action, target, details, **audit_where())


# ------------------------------------------------------------------------------------ who is here
def current_access() -> tuple[User | None, Settings]:
    """The signed-in user (None: nobody) and the access settings, checked against the warehouse."""
    if not store_exists():
        return None, Settings()
    try:
        return _access()
    except WarehouseBusy:
        st.error(t("upload.db_busy"))
        st.stop()


@shared_cache(max_entries=256)
def _stored_access(db: str, version: tuple, username: str | None) -> tuple[Settings, store.Account | None]:
    """Settings and the account, read once per data version: any write to the warehouse (a role
    change, a lock, a disabled account, a setting) changes the version, so nothing stale is used,
    and a click that changes nothing costs no connection."""
    with warehouse() as con:
        return store.load_settings(con), (store.get_account(con, username) if username else None)


def _access() -> tuple[User | None, Settings]:
    db = str(db_path())
    s = _session()
    if s is None and oidc_configured():
        with warehouse() as con:
            s = _oidc_session(con)
    settings, acc = _stored_access(db, data_version(db), s.username if s else None)
    if s is None:
        return None, settings
    reason = sess.end_reason(s, now(), settings)
    if reason or acc is None or not acc.active:
        del st.session_state[SESSION_KEY]
        if reason:
            with warehouse() as con:
                audit.record(
                    con, s.username, "auth.session_expired", s.username, {"reason": reason}, ip=_ip(), session=s.id
                )
            st.session_state[NOTICE_KEY] = t(f"auth.session.expired_{reason}")
        if s.method == "oidc":
            st.session_state[OIDC_REFUSED_KEY] = "expired"
            st.logout()  # the provider's cookie would sign them straight back in
        return None, settings
    st.session_state[SESSION_KEY] = sess.touch(s, now())
    return acc.user(), settings


def current_user() -> User | None:
    return current_access()[0]


def _oidc_session(con) -> sess.Session | None:
    """Turn an identity the provider vouched for (st.user) into a session, once."""
    if not st.user.get("is_logged_in") or st.session_state.get(OIDC_REFUSED_KEY):
        return None
    sid = sess.new_id()
    res = signin.oidc_sign_in(con, st.user.get("email"), st.user.get("name"), now=now(), ip=_ip(), session=sid)
    if not res.ok:
        st.session_state[OIDC_REFUSED_KEY] = "refused"
        st.session_state[NOTICE_KEY] = res.message
        return None
    s = sess.start(res.user.username, "oidc", now(), sid)
    st.session_state[SESSION_KEY] = s
    return s


def allowed(action: str, province_code: str | None = None, year: int | None = None) -> bool:
    """`can` for the signed-in user, without rendering anything (to show or hide a button)."""
    user, settings = current_access()
    return decide(user, action, province_code, year, view_requires_login=settings.view_requires_login).allowed


def gate(action: str, province_code: str | None = None, year: int | None = None) -> User | None:
    """Call at the top of every page. Returns the user when `action` is allowed; otherwise renders
    the sign-in form (nobody signed in) or a refusal (signed in, not allowed) and stops the page."""
    ensure_app_entry()
    user, settings = current_access()
    d = decide(user, action, province_code, year, view_requires_login=settings.view_requires_login)
    if user is not None:
        st.session_state.pop(JUST_SIGNED_IN_KEY, None)  # signed in on this page: stay on it
    if d.allowed:
        return user
    denied = AccessDenied(user, action, d.reason, province_code, year)
    if user is None:  # a bookmark or shared link: sign in, then this page opens with its parameters
        st.title(t("auth.login.title"))
        st.info(denied.message())
        sign_in_form()
    else:
        st.error(denied.message())
        with warehouse() as con:
            record(con, "auth.denied", action, {"reason": d.reason, "province": province_code, "year": year})
    st.stop()


# ------------------------------------------------------------------------------------ sign in / out
def sign_in_form() -> None:
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(notice)
    if oidc_configured():
        if st.button(t("auth.login.oidc_button"), type="primary", key="auth.oidc"):
            st.session_state.pop(OIDC_REFUSED_KEY, None)
            st.login()
        st.caption(t("auth.login.or_local"))
    with st.form("auth.sign_in_form", clear_on_submit=True):
        username = st.text_input(t("auth.login.username"), key="auth.username", autocomplete="username")
        password = st.text_input(
            t("auth.login.password"), type="password", key="auth.password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("auth.login.submit"))
    if not submitted:
        return
    if not store_exists():
        st.error(t("auth.login.no_store"))
        return
    sid = sess.new_id()
    with warehouse() as con:
        res = signin.sign_in(con, username, password, now=now(), ip=_ip(), session=sid)
    if not res.ok:
        st.error(res.message)
        return
    st.session_state[SESSION_KEY] = sess.start(res.user.username, "password", now(), sid)
    st.session_state[JUST_SIGNED_IN_KEY] = True
    st.session_state.pop(OIDC_REFUSED_KEY, None)
    st.rerun()


def go_home_after_sign_in() -> None:
    """On the login page: once signed in, open the first page of the app (as it is for this role)."""
    home = st.session_state.get(HOME_KEY)
    if st.session_state.pop(JUST_SIGNED_IN_KEY, False) and home is not None:
        st.switch_page(home)


def sign_out() -> None:
    s = st.session_state.pop(SESSION_KEY, None)
    if s is None:
        return
    if store_exists():
        with warehouse() as con:
            audit.record(con, s.username, "auth.sign_out", s.username, {"method": s.method}, ip=_ip(), session=s.id)
    st.session_state[NOTICE_KEY] = t("auth.logout.done")
    if s.method == "oidc":
        st.session_state[OIDC_REFUSED_KEY] = "signed_out"
        st.logout()
    st.rerun()


# ------------------------------------------------------------------------------------ navigation
def navigation(entries: Sequence[PageEntry] = PAGES) -> list[st.Page]:
    """Every page of the app (ui.registry), those the current user may not open hidden from the
    menu, then the account page (sign in / sign out). Pass the result to st.navigation.

    Hidden pages stay registered so that a bookmark or a shared link (`/upload`, `/history`,
    `/map?year=2023` while viewing needs an account) opens the page itself and not Streamlit's
    English "Page not found": its gate() shows the sign-in form, and signing in reruns the same
    page with the same query parameters; someone signed in without the right is refused there in
    Vietnamese and audited (auth.denied)."""
    user, settings = current_access()
    rule = {"view_requires_login": settings.view_requires_login}
    open_ = [decide(user, e.action, **rule).allowed for e in entries]
    home_entry = next((e for e, ok in zip(entries, open_, strict=True) if ok and e.default), None)
    home_entry = home_entry or next((e for e, ok in zip(entries, open_, strict=True) if ok), None)
    pages = [
        st.Page(
            e.path,
            title=t(e.title),
            icon=e.icon,
            url_path=e.name,
            default=e is home_entry,
            visibility="visible" if ok else "hidden",
        )
        for e, ok in zip(entries, open_, strict=True)
    ]
    st.session_state[HOME_KEY] = next((p for e, p in zip(entries, pages, strict=True) if e is home_entry), None)
    pages.append(
        st.Page(
            LOGIN.path,
            title=t("auth.nav.account" if user else LOGIN.title),
            icon=LOGIN.icon,
            url_path=LOGIN.name,
            default=home_entry is None,  # nothing to see before signing in: sign in first
        )
    )
    if user:
        st.sidebar.caption(
            t(
                "auth.nav.signed_in_as",
                name=plain(user.display_name),
                role=role_label(user.role),
            )
        )
    return pages


def visible(pages: list[st.Page]) -> list[st.Page]:
    """The pages shown in the menu, of those `navigation` returned."""
    return [p for p in pages if p.visibility == "visible"]


def describe(user: User) -> str:
    """'Nguyễn Văn A — Cán bộ dữ liệu tỉnh (TP. Hồ Chí Minh)', escaped for markdown."""
    scope = f" ({scope_text(user.scopes)})" if user.role == "data_officer" else ""
    return plain(f"{user.display_name} — {role_label(user.role)}{scope}")
