"""Accounts: users, their province scopes and the access settings, read here (parameterised
statements only) and written through `warehouse.write.accounts`; callers pass an open warehouse
connection and own the transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from auth.roles import Scope, User
from auth.settings import Settings, as_text, from_rows, parse_value
from warehouse.write import accounts as write

_USER_COLUMNS = (
    "username, display_name, email, password_hash, role, active, failed_attempts, "
    "locked_until, last_sign_in_at, created_at, updated_at"
)


@dataclass(frozen=True)
class Account:
    """A row of `users` with its scopes: everything sign-in and the admin page need."""

    username: str
    display_name: str
    email: str | None
    password_hash: str | None
    role: str
    active: bool
    failed_attempts: int
    locked_until: dt.datetime | None
    last_sign_in_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    scopes: frozenset[Scope] = frozenset()

    def user(self) -> User:
        return User(self.username, self.display_name, self.role, self.email, self.active, self.scopes)

    def locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def has_auth_tables(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_name = 'users'").fetchone()[0] > 0


def _scopes(con: duckdb.DuckDBPyConnection, usernames: list[str]) -> dict[str, frozenset[Scope]]:
    if not usernames:
        return {}
    rows = con.execute(
        "select username, era, province_code from user_provinces where list_contains(?, username)", [usernames]
    ).fetchall()
    out: dict[str, set[Scope]] = {}
    for u, era, code in rows:
        out.setdefault(u, set()).add(Scope(era, code))
    return {u: frozenset(s) for u, s in out.items()}


def _accounts(con, where: str, params: list) -> list[Account]:
    # `where` is one of the constant clauses below; values always travel as parameters
    rows = con.execute("select " + _USER_COLUMNS + " from users " + where + " order by username", params).fetchall()
    scopes = _scopes(con, [r[0] for r in rows])
    return [Account(*r, scopes=scopes.get(r[0], frozenset())) for r in rows]


def get_account(con: duckdb.DuckDBPyConnection, username: str) -> Account | None:
    found = _accounts(con, "where username = ?", [username.strip().lower()])
    return found[0] if found else None


def account_by_email(con: duckdb.DuckDBPyConnection, email: str) -> Account | None:
    found = _accounts(con, "where email = ?", [email.strip().lower()])
    return found[0] if found else None


def list_accounts(con: duckdb.DuckDBPyConnection) -> list[Account]:
    return _accounts(con, "", [])


def count_admins(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select count(*) from users where role = 'admin' and active").fetchone()[0]


# the writes: the statements live in the write package
insert_user = write.insert_user
set_role = write.set_role
set_active = write.set_active
set_profile = write.set_profile
set_password_hash = write.set_password_hash
note_failure = write.note_failure
note_success = write.note_success
clear_lock = write.clear_lock


def add_scope(con, username: str, scope: Scope, by: str, now: dt.datetime) -> bool:
    exists = con.execute(
        "select count(*) from user_provinces where username = ? and era = ? and province_code = ?",
        [username, scope.era, scope.code],
    ).fetchone()[0]
    if exists:
        return False
    write.insert_scope(con, username, scope.era, scope.code, by, now)
    return True


def remove_scope(con, username: str, scope: Scope) -> bool:
    n = con.execute(
        "select count(*) from user_provinces where username = ? and era = ? and province_code = ?",
        [username, scope.era, scope.code],
    ).fetchone()[0]
    write.delete_scope(con, username, scope.era, scope.code)
    return n > 0


def load_settings(con: duckdb.DuckDBPyConnection) -> Settings:
    if not has_auth_tables(con):
        return Settings()
    return from_rows(dict(con.execute("select key, value from auth_settings").fetchall()))


def save_setting(con, key: str, value, by: str, now: dt.datetime) -> str:
    """Store a checked setting; returns the text stored."""
    text = as_text(parse_value(key, as_text(value)))
    write.put_setting(con, key, text, by, now)
    return text
