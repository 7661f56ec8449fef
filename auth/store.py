"""The SQL of accounts: users, their province scopes and the access settings. Parameterised
statements only; callers pass an open warehouse connection and own the transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from auth.roles import Scope, User
from auth.settings import Settings, as_text, from_rows, parse_value

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


def insert_user(
    con, username: str, display_name: str, email: str | None, password_hash: str | None, role: str, now: dt.datetime
) -> None:
    con.execute(
        "insert into users (username, display_name, email, password_hash, role, active, failed_attempts, "
        "created_at, updated_at) values (?, ?, ?, ?, ?, true, 0, ?, ?)",
        [username, display_name, email, password_hash, role, now, now],
    )


# One statement per field that changes, so no caller builds SQL from a column name.
def set_role(con, username: str, role: str, now: dt.datetime) -> None:
    con.execute("update users set role = ?, updated_at = ? where username = ?", [role, now, username])


def set_active(con, username: str, active: bool, now: dt.datetime) -> None:
    con.execute("update users set active = ?, updated_at = ? where username = ?", [active, now, username])


def set_profile(con, username: str, display_name: str, email: str | None, now: dt.datetime) -> None:
    con.execute(
        "update users set display_name = ?, email = ?, updated_at = ? where username = ?",
        [display_name, email, now, username],
    )


def set_password_hash(con, username: str, password_hash: str, now: dt.datetime) -> None:
    con.execute("update users set password_hash = ?, updated_at = ? where username = ?", [password_hash, now, username])


def note_failure(con, username: str, attempts: int, locked_until: dt.datetime | None) -> None:
    con.execute(
        "update users set failed_attempts = ?, locked_until = ? where username = ?", [attempts, locked_until, username]
    )


def note_success(con, username: str, now: dt.datetime) -> None:
    con.execute(
        "update users set failed_attempts = 0, locked_until = null, last_sign_in_at = ? where username = ?",
        [now, username],
    )


def clear_lock(con, username: str, now: dt.datetime) -> None:
    con.execute(
        "update users set failed_attempts = 0, locked_until = null, updated_at = ? where username = ?", [now, username]
    )


def add_scope(con, username: str, scope: Scope, by: str, now: dt.datetime) -> bool:
    exists = con.execute(
        "select count(*) from user_provinces where username = ? and era = ? and province_code = ?",
        [username, scope.era, scope.code],
    ).fetchone()[0]
    if exists:
        return False
    con.execute("insert into user_provinces values (?, ?, ?, ?, ?)", [username, scope.era, scope.code, by, now])
    return True


def remove_scope(con, username: str, scope: Scope) -> bool:
    n = con.execute(
        "select count(*) from user_provinces where username = ? and era = ? and province_code = ?",
        [username, scope.era, scope.code],
    ).fetchone()[0]
    con.execute(
        "delete from user_provinces where username = ? and era = ? and province_code = ?",
        [username, scope.era, scope.code],
    )
    return n > 0


def load_settings(con: duckdb.DuckDBPyConnection) -> Settings:
    if not has_auth_tables(con):
        return Settings()
    return from_rows(dict(con.execute("select key, value from auth_settings").fetchall()))


def save_setting(con, key: str, value, by: str, now: dt.datetime) -> str:
    """Store a checked setting; returns the text stored."""
    text = as_text(parse_value(key, as_text(value)))
    con.execute("insert or replace into auth_settings values (?, ?, ?, ?)", [key, text, by, now])
    return text
