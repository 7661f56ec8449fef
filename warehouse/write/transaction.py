"""The one transaction helper: BEGIN, then COMMIT when the block ends normally, ROLLBACK when it
(or the COMMIT) raises — anything, KeyboardInterrupt included — so a write is whole or absent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb


class TransactionAlreadyOpen(duckdb.TransactionException):
    """BEGIN failed: the caller left a transaction open on this connection. It is the caller's
    mistake, raised as is; the caller's transaction is not rolled back here."""


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """`with transaction(con): ...` — one transaction, the only way the product opens one."""
    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException as exc:
        raise TransactionAlreadyOpen(str(exc)) from exc
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        rollback_quietly(con)
        raise


def rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    """ROLLBACK if a transaction is open; nothing when none is (a failed COMMIT ends it), so the
    original error is the one raised."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass
