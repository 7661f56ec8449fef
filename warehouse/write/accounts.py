"""Accounts: users, their province scopes, the access settings and the sign-in throttle.
Parameterised statements only; callers own the transaction (`warehouse.write.transaction`)."""

from __future__ import annotations

import datetime as dt

import duckdb


def insert_user(
    con: duckdb.DuckDBPyConnection,
    username: str,
    display_name: str,
    email: str | None,
    password_hash: str | None,
    role: str,
    now: dt.datetime,
) -> None:
    con.execute(
        "INSERT INTO users (username, display_name, email, password_hash, role, active, failed_attempts, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, true, 0, ?, ?)",
        [username, display_name, email, password_hash, role, now, now],
    )


# One statement per field that changes, so no caller builds SQL from a column name.
def set_role(con: duckdb.DuckDBPyConnection, username: str, role: str, now: dt.datetime) -> None:
    con.execute("UPDATE users SET role = ?, updated_at = ? WHERE username = ?", [role, now, username])


def set_active(con: duckdb.DuckDBPyConnection, username: str, active: bool, now: dt.datetime) -> None:
    con.execute("UPDATE users SET active = ?, updated_at = ? WHERE username = ?", [active, now, username])


def set_profile(
    con: duckdb.DuckDBPyConnection, username: str, display_name: str, email: str | None, now: dt.datetime
) -> None:
    con.execute(
        "UPDATE users SET display_name = ?, email = ?, updated_at = ? WHERE username = ?",
        [display_name, email, now, username],
    )


def set_password_hash(con: duckdb.DuckDBPyConnection, username: str, password_hash: str, now: dt.datetime) -> None:
    con.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ?", [password_hash, now, username])


def note_failure(
    con: duckdb.DuckDBPyConnection, username: str, attempts: int, locked_until: dt.datetime | None
) -> None:
    con.execute(
        "UPDATE users SET failed_attempts = ?, locked_until = ? WHERE username = ?", [attempts, locked_until, username]
    )


def note_success(con: duckdb.DuckDBPyConnection, username: str, now: dt.datetime) -> None:
    con.execute(
        "UPDATE users SET failed_attempts = 0, locked_until = null, last_sign_in_at = ? WHERE username = ?",
        [now, username],
    )


def clear_lock(con: duckdb.DuckDBPyConnection, username: str, now: dt.datetime) -> None:
    con.execute(
        "UPDATE users SET failed_attempts = 0, locked_until = null, updated_at = ? WHERE username = ?", [now, username]
    )


def insert_scope(con: duckdb.DuckDBPyConnection, username: str, era: int, code: str, by: str, now: dt.datetime) -> None:
    con.execute("INSERT INTO user_provinces VALUES (?, ?, ?, ?, ?)", [username, era, code, by, now])


def delete_scope(con: duckdb.DuckDBPyConnection, username: str, era: int, code: str) -> None:
    con.execute(
        "DELETE FROM user_provinces WHERE username = ? AND era = ? AND province_code = ?", [username, era, code]
    )


def put_setting(con: duckdb.DuckDBPyConnection, key: str, text: str, by: str, now: dt.datetime) -> None:
    con.execute("INSERT OR REPLACE INTO auth_settings VALUES (?, ?, ?, ?)", [key, text, by, now])


def put_sign_in_failures(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    key: str,
    failures: int,
    first_at: dt.datetime,
    locked_until: dt.datetime | None,
) -> None:
    con.execute(
        "INSERT OR REPLACE INTO sign_in_failures (kind, key, failures, first_at, locked_until) VALUES (?, ?, ?, ?, ?)",
        [kind, key, failures, first_at, locked_until],
    )
