"""The warehouse as portable files, for backups: EXPORT DATABASE (Parquet: schema, sequences at
their current value, every table) from an open connection, and IMPORT DATABASE into a new file.
Parquet keeps a backup readable across DuckDB versions (tried with 1.4.4 and 2.0.1)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.store_export import sql_identifier, sql_literal
from warehouse.write.store import import_database


def export_to(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """Write every table of `con` to `folder` (new) as it stands in `con`'s snapshot."""
    con.execute("export database " + sql_literal(str(folder)) + " (format parquet)")


def import_new(path: Path, folder: Path) -> duckdb.DuckDBPyConnection:
    """A new warehouse file at `path` holding what `folder` (an export) holds; the open connection.
    Not migrated: the caller checks it against the backup first, then opens it with connect()."""
    con = duckdb.connect(str(path))
    try:
        import_database(con, folder)
    except BaseException:
        con.close()
        raise
    return con


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows in every base table, by name."""
    names = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_type = 'BASE TABLE' "
            "and table_schema = 'main' order by table_name"
        ).fetchall()
    ]
    return {t: con.execute("select count(*) from " + sql_identifier(t)).fetchone()[0] for t in names}


def audit_head(con: duckdb.DuckDBPyConnection) -> str | None:
    """The hash of the newest audit entry (the chain's head), None for an empty log."""
    row = con.execute("select hash from audit_log order by id desc limit 1").fetchone()
    return row[0] if row else None
