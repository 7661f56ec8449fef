"""Short-lived warehouse connections for the upload, history and template pages.

A page opens a connection for one action and closes it before the script run ends: nothing is
kept across reruns, so `python -m etl load` in another process can still take the write lock.
The connections are read-write even for reading: DuckDB refuses, within one process, a
read-only and a read-write connection to the same file at the same time, and the audit hooks
(etl.actions) write with the connection they are given. DuckDB also refuses a connection while
another process writes, so opening retries for a moment before saying the warehouse is busy."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from warehouse.db import connect

RETRY_SECONDS = 5.0


class WarehouseBusy(Exception):
    """The warehouse could not be opened in time (another writer holds it)."""


def _open() -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + RETRY_SECONDS
    while True:
        try:
            return connect()
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if time.monotonic() > deadline:
                raise WarehouseBusy(str(exc)) from exc
            time.sleep(0.2)


@contextmanager
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """`with warehouse() as con:` — a connection for one action, always closed. A warehouse that
    does not exist yet is created (and migrated) by the first connection."""
    con = _open()
    try:
        yield con
    finally:
        con.close()
