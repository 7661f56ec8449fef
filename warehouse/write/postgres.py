"""The PostgreSQL store's own statements (issue 19): attaching the database to an in-memory DuckDB
connection, creating a test database, drawing ids from PostgreSQL's sequences, and the start of
every writing transaction.

Writers are serialised by PostgreSQL itself: each writing transaction first switches to READ
COMMITTED and takes one transaction-scoped advisory lock, then bumps the store's data version. So
a writer waits for the one before it to commit and then reads everything it committed (the
duplicate-file check, the audit chain's last hash, the newest values), whichever machine it runs
on; the lock ends with COMMIT or ROLLBACK, or when a crashed writer's connection drops. Reads take
no lock. Anything PostgreSQL still refuses (a serialization failure, a key another writer took)
is retried around the whole unit of work by `transaction.retrying`."""

from __future__ import annotations

import duckdb

CATALOG = "llw_pg"  # the name the PostgreSQL database is attached under, and the default catalog
SEQUENCES = ("submission_id_seq", "audit_id_seq")
WRITE_LOCK = 190_019  # any constant: the advisory lock every writer of the store takes


def is_postgres(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `con` is a PostgreSQL store's connection (its default catalog is the attached one)."""
    return con.execute("SELECT current_database()").fetchone()[0] == CATALOG


def attach(url: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the postgres extension (from its wheel) and the
    database at `url` attached and in use."""
    from warehouse.extensions import load_bundled
    from warehouse.store_export import sql_literal

    con = duckdb.connect()
    load_bundled(con, "postgres")
    options = "TYPE postgres, READ_ONLY" if read_only else "TYPE postgres"
    con.execute("ATTACH " + sql_literal(url) + f" AS {CATALOG} ({options})")  # ATTACH takes no parameter
    con.execute(f"USE {CATALOG}")
    return con


def execute(con: duckdb.DuckDBPyConnection, sql: str, in_transaction: bool = True) -> None:
    """PostgreSQL's own SQL, sent as is (inside the DuckDB transaction when one is open; outside
    any with `in_transaction` False, as CREATE DATABASE needs)."""
    con.execute("CALL postgres_execute(?, ?, use_transaction := ?)", [CATALOG, sql, in_transaction])


def create_database(admin: duckdb.DuckDBPyConnection, name: str) -> None:
    """CREATE DATABASE `name` (a checked identifier) on `admin`, a connection to the server's
    `postgres` database."""
    execute(admin, f'CREATE DATABASE "{name}"', in_transaction=False)


def copy_database(admin: duckdb.DuckDBPyConnection, name: str, template: str) -> None:
    """A new database as a copy of `template` (which nobody may be connected to)."""
    execute(admin, f'CREATE DATABASE "{name}" TEMPLATE "{template}"', in_transaction=False)


def next_ids(con: duckdb.DuckDBPyConnection, sequence: str, n: int) -> list[int]:
    """`n` new values of PostgreSQL sequence `sequence` (one of SEQUENCES), ascending."""
    if sequence not in SEQUENCES:
        raise ValueError(f"unknown sequence {sequence!r}")
    rows = con.execute(
        "SELECT id FROM postgres_query(?, ?)",
        [CATALOG, f"SELECT nextval('{sequence}') AS id FROM generate_series(1, {int(n)})"],
    ).fetchall()
    return sorted(r[0] for r in rows)


def begin_writing(con: duckdb.DuckDBPyConnection, data_changes: bool = True) -> None:
    """The first statements of a writing transaction (see the module's docstring); `data_changes`
    False only while migrating, before the version row exists."""
    sql = f"SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
    if data_changes:
        sql += "; UPDATE store_version SET version = version + 1 WHERE id = 1"
    execute(con, sql)


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """The store's data version: bumped by every writing transaction, read in one round trip."""
    return con.execute(
        "SELECT version FROM postgres_query(?, 'SELECT version FROM store_version WHERE id = 1')", [CATALOG]
    ).fetchone()[0]
