"""Export a warehouse file to Parquet with whatever duckdb is importable, and fingerprint tables.

Run as a script by `warehouse.upgrade` in a separate process whose path starts with another
duckdb version (a file written by duckdb 2.x cannot be opened by 1.4): it opens the file
read-only, runs EXPORT DATABASE (schema.sql, load.sql, one Parquet file per table; sequences
keep their next value) and writes `manifest.json` beside them: the duckdb version, and per table
its row count and a digest of its rows. It imports nothing from the project, so it runs with any
duckdb. `table_digest` is also what the importing side computes, so the two are comparable.

    python -P warehouse/store_export.py SOURCE.duckdb EXPORT_FOLDER
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def sql_literal(text: str) -> str:
    """A string as an SQL literal, for the statements DuckDB takes no parameter in (EXPORT and
    IMPORT DATABASE paths): quotes doubled, nothing else can end it."""
    return "'" + text.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_digest(con, table: str) -> tuple[int, str]:
    """(rows, SHA-256 of every row in a fixed order): the same on both sides of an export when
    nothing changed; computed in Python, since DuckDB's own hash may differ between versions."""
    h = hashlib.sha256()
    cur = con.execute("select * from " + sql_identifier(table) + " order by all")  # a name from the catalog
    n = 0
    while rows := cur.fetchmany(10_000):
        for row in rows:
            h.update(json.dumps([None if v is None else str(v) for v in row], ensure_ascii=False).encode("utf-8"))
            h.update(b"\n")
        n += len(rows)
    return n, h.hexdigest()


def base_tables(con) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where not temporary and not internal order by 1"
        ).fetchall()
    ]


def fingerprint(con) -> dict[str, list]:
    return {t: list(table_digest(con, t)) for t in base_tables(con)}


def export(source: Path, folder: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(source), read_only=True)
    try:
        manifest = {"duckdb": duckdb.__version__, "tables": fingerprint(con)}
        con.execute("EXPORT DATABASE " + sql_literal(str(folder)) + " (FORMAT parquet)")
    finally:
        con.close()
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return manifest


if __name__ == "__main__":
    print(json.dumps(export(Path(sys.argv[1]), Path(sys.argv[2]))))
