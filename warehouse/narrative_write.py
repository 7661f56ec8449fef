"""Every statement that writes a Word report's text into the warehouse: called inside the load's
transaction (the caller begins and commits), so a file's values and its text land together or
not at all. Kept in one module so the write package (warehouse/write/) can take it whole."""

from __future__ import annotations

import duckdb
import pandas as pd

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


def insert_sections(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Rows in COLUMNS order, any number of submissions, one statement."""
    if not rows:
        return
    _llw_narr = pd.DataFrame(rows, columns=list(COLUMNS))  # noqa: F841 - read by DuckDB's replacement scan
    con.execute(f"INSERT INTO narrative_sections ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM _llw_narr")
