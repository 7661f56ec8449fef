"""Label mappings and officers' answers to the loader's questions (table `label_synonyms`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from warehouse.write import postgres


@dataclass(frozen=True)
class LabelMapping:
    """A label key mapped to an indicator code (or an answer: a question key and its value)."""

    label_key: str
    indicator_code: str
    label_text: str
    created_by: str
    created_at: dt.datetime
    file_name: str | None = None
    province_code: str | None = None
    year: int | None = None


def put_mappings(con: duckdb.DuckDBPyConnection, rows: list[LabelMapping]) -> None:
    """Insert, or replace the mapping already kept under the same key."""
    con.executemany(
        "INSERT OR REPLACE INTO label_synonyms (label_key, indicator_code, label_text, "
        "created_by, created_at, file_name, province_code, year) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                r.label_key,
                r.indicator_code,
                r.label_text,
                r.created_by,
                r.created_at,
                r.file_name,
                r.province_code,
                r.year,
            ]
            for r in rows
        ],
    )


def delete_mapping(con: duckdb.DuckDBPyConnection, label_key: str) -> tuple[str, str, str] | None:
    """Drop the mapping kept under `label_key`; its (indicator_code, label_text, created_by), or None."""
    if postgres.is_postgres(con):  # no RETURNING through the extension: read, then delete
        gone = con.execute(
            "SELECT indicator_code, label_text, created_by FROM label_synonyms WHERE label_key = ?", [label_key]
        ).fetchall()
        con.execute("DELETE FROM label_synonyms WHERE label_key = ?", [label_key])
        return gone[0] if gone else None
    gone = con.execute(
        "DELETE FROM label_synonyms WHERE label_key = ? RETURNING indicator_code, label_text, created_by", [label_key]
    ).fetchall()
    return gone[0] if gone else None
