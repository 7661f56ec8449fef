"""Helpers for the access-control tests: a warehouse with cheap argon2 parameters (the real
defaults cost ~100 ms and 64 MiB per hash) and a few accounts of every role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from auth import accounts
from auth.roles import Scope
from warehouse.db import connect

T0 = dt.datetime(2025, 10, 6, 9, 0, 0)
PASSWORD = "Mat-khau-dung-1"
FAST_HASH = {"argon2_time_cost": 1, "argon2_memory_kib": 8192, "argon2_parallelism": 1}

# username -> (role, scopes)
PEOPLE = {
    "admin": ("admin", ()),
    "quocgia": ("national_officer", ()),
    "hcm": ("data_officer", (Scope(34, "79"),)),
    "binhduong": ("data_officer", (Scope(63, "74"),)),
    "xem": ("viewer", ()),
}


def prepare(db: Path, people: dict = PEOPLE, settings: dict | None = None) -> None:
    """Cheap hashing, the given settings, and one account per entry (password PASSWORD)."""
    con = connect(db)
    try:
        for key, value in {**FAST_HASH, **(settings or {})}.items():
            accounts.change_setting(con, "test", key, value, now=T0)
        for name, (role, scopes) in people.items():
            accounts.create_user(
                con,
                "test",
                name,
                f"Người {name}",
                role,
                password=PASSWORD,
                email=f"{name}@moet.gov.vn",
                scopes=scopes,
                now=T0,
            )
    finally:
        con.close()


def signed_in_page(at, db: Path, username: str = "quocgia", scopes: tuple[str, ...] | None = None):
    """Sign `username` in on an AppTest page: a data officer of `scopes` (province codes, as
    reference.scopes reads them) when scopes are given, else a national data officer. The account
    is created on first use (cheap hashing)."""
    import datetime as _dt

    from auth import session as sess
    from auth import store
    from reference.scopes import as_scope

    con = connect(db)
    try:
        if store.get_account(con, username) is None:
            for key, value in FAST_HASH.items():
                accounts.change_setting(con, "test", key, value, now=T0)
            role = "data_officer" if scopes is not None else "national_officer"
            accounts.create_user(
                con,
                "test",
                username,
                f"Người {username}",
                role,
                password=PASSWORD,
                scopes=tuple(as_scope(s) for s in scopes or ()),
                now=T0,
            )
    finally:
        con.close()
    now = _dt.datetime.now()
    at.session_state["auth.session"] = sess.Session(username, "password", now, now, "t0")
    return at
