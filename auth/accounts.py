"""Managing accounts: create, change role, grant and revoke provinces, disable, reset passwords,
unlock, change settings. Each change and its audit entry land in one transaction.

These functions check their input (user name, e-mail, role, password policy, the last active
admin) and raise AccountError with a Vietnamese message; they do not check who is asking — the
CLI runs as the machine's operator and the admin page calls `require(user, 'manage_users')`
before it calls them."""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from auth import audit, store
from auth.passwords import hash_password, password_problem, verify
from auth.roles import ROLES, Scope
from auth.store import Account
from reference.i18n import t
from warehouse.write import transaction

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")
EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


class AccountError(ValueError):
    """A request about accounts that cannot be carried out: a text key (data/i18n/auth.csv) and its
    parameters, rendered in the reader's language where it is shown (`message(lang)`); str() is
    the Vietnamese sentence."""

    def __init__(self, key: str, **params):
        self.key, self.params = key, params
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.params)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now()


def normal_username(text: str) -> str:
    name = (text or "").strip().lower()
    if not USERNAME.match(name):
        raise AccountError("auth.error.bad_username", name=text)
    return name


def normal_email(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    email = text.strip().lower()
    if not EMAIL.match(email):
        raise AccountError("auth.error.bad_email", email=text)
    return email


def _role(role: str) -> str:
    if role not in ROLES:
        raise AccountError("auth.error.bad_role", role=role, roles=", ".join(ROLES))
    return role


def _account(con, username: str) -> Account:
    acc = store.get_account(con, username)
    if acc is None:
        raise AccountError("auth.error.no_user", name=username)
    return acc


def _check_password(con, password: str, username: str) -> str:
    settings = store.load_settings(con)
    problem = password_problem(password, settings.password_min_length, username)
    if problem:
        key, params = problem
        raise AccountError(key, **params)
    return hash_password(password, settings.hash_params)


def create_user(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    username: str,
    display_name: str,
    role: str,
    *,
    email: str | None = None,
    password: str | None = None,
    scopes: tuple[Scope, ...] = (),
    now: dt.datetime | None = None,
    **where,
) -> Account:
    """A new account. Without a password it can only sign in through OpenID Connect (needs e-mail)."""
    now = _now(now)
    username, email, role = normal_username(username), normal_email(email), _role(role)
    display_name = (display_name or "").strip() or username
    if password is None and email is None:
        raise AccountError("auth.error.needs_password_or_email")
    if store.get_account(con, username):
        raise AccountError("auth.error.user_exists", name=username)
    if email and store.account_by_email(con, email):
        raise AccountError("auth.error.email_exists", email=email)
    hashed = _check_password(con, password, username) if password is not None else None
    with transaction(con):
        store.insert_user(con, username, display_name, email, hashed, role, now)
        for s in scopes:
            store.add_scope(con, username, s, actor, now)
        audit.record(
            con,
            actor,
            "user.create",
            username,
            {
                "role": role,
                "email": email,
                "display_name": display_name,
                "local_password": hashed is not None,
                "provinces": [str(s) for s in scopes],
            },
            at=now,
            **where,
        )
    return _account(con, username)


def _guard_last_admin(con, acc: Account) -> None:
    if acc.role == "admin" and acc.active and store.count_admins(con) <= 1:
        raise AccountError("auth.error.last_admin")


def change_role(con, actor: str, username: str, role: str, *, now=None, **where) -> Account:
    now, role = _now(now), _role(role)
    acc = _account(con, username)
    if acc.role == role:
        return acc
    if role != "admin":
        _guard_last_admin(con, acc)
    with transaction(con):
        store.set_role(con, acc.username, role, now)
        audit.record(con, actor, "user.role", acc.username, {"from": acc.role, "to": role}, at=now, **where)
    return _account(con, acc.username)


def update_profile(
    con, actor: str, username: str, display_name: str, email: str | None, *, now=None, **where
) -> Account:
    now = _now(now)
    acc = _account(con, username)
    email = normal_email(email)
    display_name = (display_name or "").strip() or acc.username
    other = store.account_by_email(con, email) if email else None
    if other and other.username != acc.username:
        raise AccountError("auth.error.email_exists", email=email)
    if (display_name, email) == (acc.display_name, acc.email):
        return acc
    with transaction(con):
        store.set_profile(con, acc.username, display_name, email, now)
        audit.record(
            con,
            actor,
            "user.profile",
            acc.username,
            {"display_name": [acc.display_name, display_name], "email": [acc.email, email]},
            at=now,
            **where,
        )
    return _account(con, acc.username)


def grant(con, actor: str, username: str, scope: Scope, *, now=None, **where) -> Account:
    now = _now(now)
    acc = _account(con, username)
    with transaction(con):
        if store.add_scope(con, acc.username, scope, actor, now):
            audit.record(con, actor, "user.grant", acc.username, {"province": str(scope)}, at=now, **where)
    return _account(con, acc.username)


def revoke(con, actor: str, username: str, scope: Scope, *, now=None, **where) -> Account:
    now = _now(now)
    acc = _account(con, username)
    with transaction(con):
        if store.remove_scope(con, acc.username, scope):
            audit.record(con, actor, "user.revoke", acc.username, {"province": str(scope)}, at=now, **where)
    return _account(con, acc.username)


def set_active(con, actor: str, username: str, active: bool, *, now=None, **where) -> Account:
    now = _now(now)
    acc = _account(con, username)
    if acc.active == active:
        return acc
    if not active:
        _guard_last_admin(con, acc)
    with transaction(con):
        store.set_active(con, acc.username, active, now)
        audit.record(con, actor, "user.enable" if active else "user.disable", acc.username, {}, at=now, **where)
    return _account(con, acc.username)


def reset_password(con, actor: str, username: str, password: str, *, now=None, **where) -> Account:
    """Set a new password (by an admin or the CLI); also lifts a lockout."""
    now = _now(now)
    acc = _account(con, username)
    hashed = _check_password(con, password, acc.username)
    with transaction(con):
        store.set_password_hash(con, acc.username, hashed, now)
        store.clear_lock(con, acc.username, now)
        audit.record(con, actor, "user.password_reset", acc.username, {}, at=now, **where)
    return _account(con, acc.username)


def change_own_password(con, username: str, old: str, new: str, *, now=None, **where) -> Account:
    now = _now(now)
    acc = _account(con, username)
    ok, _ = verify(acc.password_hash, old, store.load_settings(con).hash_params)
    if not ok:
        raise AccountError("auth.error.wrong_old_password")
    hashed = _check_password(con, new, acc.username)
    with transaction(con):
        store.set_password_hash(con, acc.username, hashed, now)
        audit.record(con, acc.username, "user.password_change", acc.username, {}, at=now, **where)
    return _account(con, acc.username)


def unlock(con, actor: str, username: str, *, now=None, **where) -> Account:
    now = _now(now)
    acc = _account(con, username)
    with transaction(con):
        store.clear_lock(con, acc.username, now)
        audit.record(
            con,
            actor,
            "user.unlock",
            acc.username,
            {"failed_attempts": acc.failed_attempts, "locked_until": acc.locked_until},
            at=now,
            **where,
        )
    return _account(con, acc.username)


def change_setting(con, actor: str, key: str, value, *, now=None, **where) -> str:
    now = _now(now)
    before = getattr(store.load_settings(con), key, None)
    try:
        with transaction(con):
            text = store.save_setting(con, key, value, actor, now)
            audit.record(con, actor, "settings.change", key, {"from": before, "to": text}, at=now, **where)
    except ValueError as exc:
        raise AccountError("auth.error.bad_setting", reason=str(exc)) from None
    return text
