"""The one transaction helper: BEGIN, then COMMIT when the block ends normally, ROLLBACK when it
(or the COMMIT) raises — anything, KeyboardInterrupt included — so a write is whole or absent.

On a PostgreSQL store the transaction starts by queueing behind every other writer of the store
and bumping its data version (`warehouse.write.postgres.begin_writing`); `retrying` runs a whole
unit of work again when PostgreSQL refuses it for a concurrent writer."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import duckdb

from warehouse.write import postgres

T = TypeVar("T")


class TransactionAlreadyOpen(duckdb.TransactionException):
    """BEGIN failed: the caller left a transaction open on this connection. It is the caller's
    mistake, raised as is; the caller's transaction is not rolled back here."""


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, data_changes: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """`with transaction(con): ...` — one transaction, the only way the product opens one.
    `data_changes` False only for the migration of a new PostgreSQL store (no version row yet)."""
    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException as exc:
        raise TransactionAlreadyOpen(str(exc)) from exc
    pg = False
    _open.add(id(con))
    try:
        pg = postgres.is_postgres(con)
        if pg:
            postgres.begin_writing(con, data_changes)
        yield con
        con.execute("COMMIT")
    except BaseException as exc:
        rollback_quietly(con)
        if pg and isinstance(exc, duckdb.Error) and not isinstance(exc, TransactionAlreadyOpen):
            raise _as_duckdb_would(exc) from exc
        raise
    finally:
        _open.discard(id(con))


_open: set[int] = set()  # id() of the connections inside `transaction` now


def _as_duckdb_would(exc: duckdb.Error) -> duckdb.Error:
    """PostgreSQL's refusals arrive through the extension as plain errors; they are raised as the
    exception classes a DuckDB file raises for the same refusal, so callers handle both stores
    alike (a key already taken: ConstraintException; a concurrent writer: TransactionException)."""
    text = str(exc)
    if isinstance(exc, duckdb.ConstraintException | duckdb.TransactionException):
        return exc
    if any(v in text for v in ("violates unique constraint", "violates check constraint", "violates not-null")):
        return duckdb.ConstraintException(text)
    if is_conflict(exc):
        return duckdb.TransactionException(text)
    return exc


@contextmanager
def within_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Inside the caller's open transaction, or else in one of its own: for a read followed by a
    write that must see no other writer in between (the audit chain's last hash, then the entry
    linked to it), also when the caller opened none. (A failed BEGIN would abort the caller's
    transaction, so the open ones are remembered instead of tried.)"""
    if id(con) in _open:
        yield con
        return
    with transaction(con):
        yield con


def rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    """ROLLBACK if a transaction is open; nothing when none is (a failed COMMIT ends it), so the
    original error is the one raised."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


# What PostgreSQL says when another writer got there first; the unit of work is redone whole.
CONFLICTS = ("could not serialize access", "deadlock detected")


def is_conflict(exc: BaseException) -> bool:
    """PostgreSQL refused the transaction for a concurrent one (redoing it whole will succeed)."""
    return isinstance(exc, duckdb.Error) and any(c in str(exc) for c in CONFLICTS)


def retrying(work: Callable[[], T], attempts: int = 8) -> T:
    """`work()` (which opens its own transaction), run again after a short random pause when it
    fails on a concurrent writer's conflict; the last conflict is raised after `attempts` tries."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except duckdb.Error as exc:
            if attempt == attempts or not is_conflict(exc):
                raise
            time.sleep(random.uniform(0, 0.05 * attempt))
    raise AssertionError("unreachable")
