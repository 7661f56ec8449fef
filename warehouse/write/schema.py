"""Schema changes: the pending migrations (SQL files in warehouse/migrations/), then the views and
reference tables that follow from the product's own declarations, all in one transaction."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.write.reference import refresh_reference
from warehouse.write.transaction import transaction
from warehouse.write.views import create_views


def apply_migrations(con: duckdb.DuckDBPyConnection, pending: list[tuple[int, Path]]) -> None:
    """Run `pending` (version, file) in order and record each; an older file upgrades in place."""
    with transaction(con):
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
        for version, path in pending:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
        create_views(con)
        refresh_reference(con)
