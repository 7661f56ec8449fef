"""Every statement that writes a Word report's text into the warehouse, and the administrator's
theme overrides: called inside the load's (or the command's) transaction, so a file's values and
its text land together or not at all."""

from __future__ import annotations

import duckdb
import pandas as pd

from warehouse.write import postgres

COLUMNS = (
    "submission_id",
    "year",
    "unit_code",
    "unit_name",
    "unit_level",
    "province_code",
    "ord",
    "section_code",
    "heading",
    "body",
    "theme",
)

_COLUMNS_SQL = ", ".join(COLUMNS)


def insert_sections(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Rows in COLUMNS order, any number of submissions, one statement."""
    if not rows:
        return
    _llw_narr = pd.DataFrame(rows, columns=list(COLUMNS))  # noqa: F841 - read by DuckDB's replacement scan
    con.execute(f"INSERT INTO narrative_sections ({_COLUMNS_SQL}) SELECT {_COLUMNS_SQL} FROM _llw_narr")


def save_theme(
    con: duckdb.DuckDBPyConnection,
    code: str,
    label_vi: str,
    label_en: str,
    keywords: str,
    by: str,
    at,
) -> None:
    """An administrator's version of one theme (replacing an earlier one of the same code)."""
    con.execute(
        "INSERT OR REPLACE INTO narrative_themes (code, label_vi, label_en, keywords, updated_by, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [code, label_vi, label_en, keywords, by, at],
    )


def drop_theme(con: duckdb.DuckDBPyConnection, code: str) -> bool:
    """Back to the CSV's version of the theme; whether there was an override."""
    if postgres.is_postgres(con):  # no RETURNING through the extension: the count of rows deleted
        return bool(con.execute("DELETE FROM narrative_themes WHERE code = ?", [code]).fetchone()[0])
    return bool(con.execute("DELETE FROM narrative_themes WHERE code = ? RETURNING code", [code]).fetchall())
