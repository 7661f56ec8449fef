"""Signing in: local passwords (with lockout and rehash-on-login) and OpenID Connect identities
(an e-mail vouched for by the identity provider, mapped to an account and its role).

Every attempt is audited. A wrong user name, a wrong password and a disabled account get the
same message and cost the same argon2 verification, so a caller cannot tell which it was; a
name with no account is locked after as many failures as an account, with the same message
(auth.throttle). Many failures from one client address block that address for a while, before
any password is checked, so one visitor cannot lock every account."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from auth import audit, store, throttle
from auth.accounts import normal_email
from auth.passwords import hash_password, verify
from auth.roles import User
from reference.i18n import t
from warehouse.write import transaction


@dataclass(frozen=True)
class SignIn:
    ok: bool
    reason: str  # ok | bad_credentials | locked | unknown_email | inactive
    user: User | None = None
    message: str = ""


def sign_in(
    con: duckdb.DuckDBPyConnection,
    username: str,
    password: str,
    *,
    now: dt.datetime | None = None,
    ip: str | None = None,
    session: str | None = None,
) -> SignIn:
    now = now or dt.datetime.now()
    settings = store.load_settings(con)
    typed = (username or "").strip().lower()[:100]
    where = {"ip": ip, "session": session, "at": now}
    blocked = throttle.address_blocked_until(con, ip, now)
    if blocked:
        with transaction(con):
            audit.record(con, "anonymous", "auth.sign_in_failed", typed, {"reason": "address_throttled"}, **where)
        return SignIn(False, "throttled", message=t("auth.signin.throttled", minutes=_minutes(blocked, now)))
    acc = store.get_account(con, typed) if typed else None
    matches, rehash = verify(acc.password_hash if acc else None, password or "", settings.hash_params)
    generic = SignIn(False, "bad_credentials", message=t("auth.signin.bad_credentials"))

    if acc is None:
        with transaction(con):
            locked = throttle.name_locked_until(con, typed, now)
            started = None if locked else throttle.name_failed(con, typed, now, settings)
            audit.record(
                con,
                "anonymous",
                "auth.sign_in_failed",
                typed,
                {"reason": "unknown_user", "locked": bool(locked)},
                **where,
            )
            _address_failed(con, ip, now, settings, where)
        if locked:
            return SignIn(False, "locked", message=t("auth.signin.locked", minutes=_minutes(locked, now)))
        if started:
            return SignIn(False, "locked", message=t("auth.signin.locked", minutes=settings.lockout_minutes))
        return generic
    if acc.locked(now):
        minutes = _minutes(acc.locked_until, now)
        with transaction(con):
            audit.record(
                con,
                "anonymous",
                "auth.sign_in_failed",
                acc.username,
                {"reason": "locked", "locked_until": acc.locked_until},
                **where,
            )
            _address_failed(con, ip, now, settings, where)
        return SignIn(False, "locked", message=t("auth.signin.locked", minutes=minutes))
    if not matches:
        attempts = acc.failed_attempts + 1
        lock_until = None
        if attempts >= settings.lockout_attempts:
            lock_until = now + dt.timedelta(minutes=settings.lockout_minutes)
        with transaction(con):
            store.note_failure(con, acc.username, 0 if lock_until else attempts, lock_until)
            audit.record(
                con,
                "anonymous",
                "auth.sign_in_failed",
                acc.username,
                {"reason": "wrong_password", "attempt": attempts},
                **where,
            )
            if lock_until:
                audit.record(
                    con, "system", "auth.locked", acc.username, {"attempts": attempts, "until": lock_until}, **where
                )
            _address_failed(con, ip, now, settings, where)
        if lock_until:
            return SignIn(False, "locked", message=t("auth.signin.locked", minutes=settings.lockout_minutes))
        return generic
    if not acc.active:
        with transaction(con):
            audit.record(con, "anonymous", "auth.sign_in_failed", acc.username, {"reason": "inactive"}, **where)
            _address_failed(con, ip, now, settings, where)
        return generic
    with transaction(con):
        if rehash:
            store.set_password_hash(con, acc.username, hash_password(password, settings.hash_params), now)
        store.note_success(con, acc.username, now)
        audit.record(
            con, acc.username, "auth.sign_in", acc.username, {"method": "password", "rehashed": rehash}, **where
        )
    return SignIn(True, "ok", store.get_account(con, acc.username).user())


def _minutes(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, int((until - now).total_seconds() // 60) + 1)


def _address_failed(con, ip: str | None, now: dt.datetime, settings, where: dict) -> None:
    """Count a failure against the client address; audit the block it may start (once)."""
    until = throttle.address_failed(con, ip, now, settings)
    if until:
        audit.record(
            con, "system", "auth.throttled", ip, {"until": until, "attempts": settings.address_attempts}, **where
        )


def oidc_sign_in(
    con: duckdb.DuckDBPyConnection,
    email: str | None,
    name: str | None = None,
    *,
    now: dt.datetime | None = None,
    ip: str | None = None,
    session: str | None = None,
) -> SignIn:
    """An identity the provider has verified. The role comes from the account with that e-mail;
    an e-mail with no account is refused or becomes a viewer account (setting oidc_unknown_email)."""
    from auth.accounts import create_user

    now = now or dt.datetime.now()
    where = {"ip": ip, "session": session}
    try:
        email = normal_email(email)
    except ValueError:
        email = None
    if not email:
        with transaction(con):
            audit.record(
                con, "anonymous", "auth.sign_in_failed", None, {"reason": "no_email", "method": "oidc"}, at=now, **where
            )
        return SignIn(False, "unknown_email", message=t("auth.signin.oidc_no_email"))
    acc = store.account_by_email(con, email)
    if acc is None:
        if store.load_settings(con).oidc_unknown_email != "viewer":
            with transaction(con):
                audit.record(
                    con,
                    "anonymous",
                    "auth.sign_in_failed",
                    email,
                    {"reason": "unknown_email", "method": "oidc"},
                    at=now,
                    **where,
                )
            return SignIn(False, "unknown_email", message=t("auth.signin.oidc_unknown", email=email))
        acc = create_user(con, "oidc", email, name or email, "viewer", email=email, now=now, **where)
    if not acc.active:
        with transaction(con):
            audit.record(
                con,
                "anonymous",
                "auth.sign_in_failed",
                acc.username,
                {"reason": "inactive", "method": "oidc"},
                at=now,
                **where,
            )
        return SignIn(False, "inactive", message=t("auth.signin.inactive"))
    with transaction(con):
        store.note_success(con, acc.username, now)
        audit.record(
            con, acc.username, "auth.sign_in", acc.username, {"method": "oidc", "email": email}, at=now, **where
        )
    return SignIn(True, "ok", store.get_account(con, acc.username).user())
