"""Whole-file operations: a checkpoint, a new file filled from an export, and the kept originals'
paths when the files move beside a restored or upgraded warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.store_export import sql_literal
from warehouse.write import postgres


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Write what the log holds into the file itself (before a copy, a close, a rename); a
    PostgreSQL store has no such step (its server owns durability)."""
    if postgres.is_postgres(con):
        return
    con.execute("CHECKPOINT")


def import_database(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Fill an empty warehouse from an export folder (EXPORT DATABASE's schema, data and sequences)."""
    con.execute("IMPORT DATABASE " + sql_literal(str(folder)))


def move_originals(con: duckdb.DuckDBPyConnection, folder: str) -> None:
    """Every kept original now lives in `folder`, under the same file name."""
    con.execute(
        "UPDATE submission_log SET stored_path = ? || '/' || regexp_extract(stored_path, '[^/\\\\]+$') "
        "WHERE stored_path IS NOT NULL",
        [folder],
    )


def set_stored_paths(con: duckdb.DuckDBPyConnection, moved: list[tuple[str, int]]) -> None:
    """(new path, submission id) pairs."""
    con.executemany("UPDATE submission_log SET stored_path = ? WHERE id = ?", moved)
