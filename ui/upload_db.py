"""Short-lived warehouse connections for the upload, history and template pages.

A page opens a connection for one action and closes it before the script run ends: nothing is
kept across reruns, so `python -m etl load` in another process can still take the write lock.
DuckDB refuses a connection while another process writes (or while this process holds one in the
other mode), so opening retries for a moment before telling the person the warehouse is busy."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from warehouse.db import connect, db_path

RETRY_SECONDS = 5.0


class WarehouseBusy(Exception):
    """The warehouse could not be opened in time (another writer holds it)."""


def _open(write: bool) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + RETRY_SECONDS
    while True:
        try:
            return connect(read_only=not write)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if time.monotonic() > deadline:
                raise WarehouseBusy(str(exc)) from exc
            time.sleep(0.2)


@contextmanager
def warehouse(write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """`with warehouse(write=True) as con:` — a connection for one action, always closed.
    A warehouse that does not exist yet is created (and migrated) by the first connection."""
    con = _open(write or not db_path().exists())
    try:
        yield con
    finally:
        con.close()
