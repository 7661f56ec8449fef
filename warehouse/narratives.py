"""Reads of what units wrote (migration 010): the current text of every unit and year, with its
province's name in that year's map. Searching and tagging happen in memory (figures.narrative)
on this one read, kept per data version by the page's cache."""

from __future__ import annotations

import duckdb
import pandas as pd

COLUMNS = [
    "year",
    "province_code",
    "province_name",
    "unit_code",
    "unit_name",
    "unit_level",
    "section_code",
    "ord",
    "heading",
    "body",
    "theme",
    "file_name",
    "submission_id",
]
_CURRENT_SQL = """
SELECT n.year, n.province_code, p.name AS province_name, n.unit_code, n.unit_name, n.unit_level,
       n.section_code, n.ord, n.heading, n.body, n.theme, n.file_name, n.submission_id
FROM current_narratives n
LEFT JOIN provinces p ON p.era = CASE WHEN n.year >= 2025 THEN 34 ELSE 63 END AND p.code = n.province_code
ORDER BY n.year DESC, n.province_code, n.unit_code, n.ord
"""


def current_texts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per section of the current report of each unit and year."""
    has = con.execute(
        "select count(*) from information_schema.tables where table_name = 'current_narratives'"
    ).fetchone()[0]
    if not has:  # a warehouse written before migration 010 and opened read-only
        return empty_texts()
    return con.execute(_CURRENT_SQL).df()


def empty_texts() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS)


_THEME_COLUMNS = ("code", "label_vi", "label_en", "keywords", "updated_by", "updated_at")
_THEME_COLUMNS_SQL = ", ".join(_THEME_COLUMNS)


def theme_overrides(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The administrators' changes to the theme keyword table (warehouse rows win over the CSV)."""
    has = con.execute(
        "select count(*) from information_schema.tables where table_name = 'narrative_themes'"
    ).fetchone()[0]
    if not has:
        return []
    rows = con.execute(f"select {_THEME_COLUMNS_SQL} from narrative_themes order by code").fetchall()
    return [dict(zip(_THEME_COLUMNS, r, strict=True)) for r in rows]
