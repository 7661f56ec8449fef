"""Schema changes: the pending migrations (SQL files in warehouse/migrations/), then the views and
reference tables that follow from the product's own declarations, all in one transaction."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.write import postgres
from warehouse.write.reference import refresh_reference
from warehouse.write.transaction import transaction
from warehouse.write.views import create_views


def apply_migrations(con: duckdb.DuckDBPyConnection, pending: list[tuple[int, Path]]) -> None:
    """Run `pending` (version, file) in order and record each; an older file upgrades in place."""
    if postgres.is_postgres(con):
        _apply_postgres(con, pending)
        return
    with transaction(con):
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
        for version, path in pending:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
        create_views(con)
        refresh_reference(con)


def _apply_postgres(con: duckdb.DuckDBPyConnection, pending: list[tuple[int, Path]]) -> None:
    """PostgreSQL's dialect of the migrations (migrations/postgres/), sent as is, in one
    transaction behind the writers' lock; replicas starting together migrate once (the second
    finds the versions recorded and does nothing). The views are made per connection instead."""
    with transaction(con, data_changes=False):
        postgres.execute(
            con, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"
        )
        done = {
            r[0]
            for r in con.execute(
                "SELECT version FROM postgres_query(?, 'SELECT version FROM schema_version')", [postgres.CATALOG]
            ).fetchall()
        }
        for version, path in pending:
            if version in done:
                continue
            postgres.execute(con, path.read_text(encoding="utf-8"))
            postgres.execute(con, f"INSERT INTO schema_version VALUES ({int(version)}, now())")
        con.execute("CALL pg_clear_cache()")  # DuckDB's view of the tables: read again
        refresh_reference(con)
        postgres.execute(con, "UPDATE store_version SET version = version + 1 WHERE id = 1")
