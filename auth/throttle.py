"""Failed sign-ins counted where no account row holds them (issue 16, defect 5).

Names with no account: their failures are counted exactly like an account's (`lockout_attempts`
in a row lock for `lockout_minutes`), so after five wrong tries an unknown name and a real
account give the same "tạm khóa" message — the message does not tell whether the account exists.

Client addresses: `address_attempts` failures from one address within `address_minutes` block
that address for `address_minutes`, before any password is checked or any account counted, so
one visitor cannot go on to lock every account. No address (None: a local run, a test) is not
throttled. Callers own the transaction."""

from __future__ import annotations

import datetime as dt

import duckdb

from auth.settings import Settings
from warehouse.write import accounts as write

NAME, ADDRESS = "name", "address"


def _row(con, kind: str, key: str) -> tuple[int, dt.datetime, dt.datetime | None] | None:
    return con.execute(
        "select failures, first_at, locked_until from sign_in_failures where kind = ? and key = ?", [kind, key]
    ).fetchone()


def _put(con, kind: str, key: str, failures: int, first_at: dt.datetime, locked_until: dt.datetime | None) -> None:
    write.put_sign_in_failures(con, kind, key, failures, first_at, locked_until)


def name_locked_until(con: duckdb.DuckDBPyConnection, name: str, now: dt.datetime) -> dt.datetime | None:
    """When the lock on a name with no account ends, if it is locked now."""
    row = _row(con, NAME, name)
    return row[2] if row and row[2] and row[2] > now else None


def name_failed(con: duckdb.DuckDBPyConnection, name: str, now: dt.datetime, settings: Settings) -> dt.datetime | None:
    """One more failure for a name with no account, counted as for an account (in a row, reset
    by the lock); returns the end of the lock this failure started, if it did."""
    row = _row(con, NAME, name)
    failures = (row[0] if row else 0) + 1
    if failures >= settings.lockout_attempts:
        until = now + dt.timedelta(minutes=settings.lockout_minutes)
        _put(con, NAME, name, 0, row[1] if row else now, until)
        return until
    _put(con, NAME, name, failures, row[1] if row else now, None)
    return None


def address_blocked_until(con: duckdb.DuckDBPyConnection, address: str | None, now: dt.datetime) -> dt.datetime | None:
    if not address:
        return None
    row = _row(con, ADDRESS, address)
    return row[2] if row and row[2] and row[2] > now else None


def address_failed(
    con: duckdb.DuckDBPyConnection, address: str | None, now: dt.datetime, settings: Settings
) -> dt.datetime | None:
    """One more failure from `address` in its window; returns the end of the block this failure
    started, if it did."""
    if not address:
        return None
    window = dt.timedelta(minutes=settings.address_minutes)
    row = _row(con, ADDRESS, address)
    if row is None or now - row[1] > window:
        failures, first_at = 1, now
    else:
        failures, first_at = row[0] + 1, row[1]
    if failures >= settings.address_attempts:
        until = now + window
        _put(con, ADDRESS, address, 0, now, until)
        return until
    _put(con, ADDRESS, address, failures, first_at, None)
    return None
