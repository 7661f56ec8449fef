"""Views generated from the product's declarations, so each rule is written once: the sub-unit
level order (reference/levels.py) and the derived totals (data/indicators.csv, column sum_of).
They are (re)created whenever the schema is migrated."""

from __future__ import annotations

import duckdb

from reference import catalog
from reference.levels import SUB_UNIT_LEVELS
from warehouse.store_export import sql_literal
from warehouse.write import postgres


def _level_rank() -> str:
    whens = " ".join(f"WHEN {sql_literal(lv)} THEN {i}" for i, lv in enumerate(SUB_UNIT_LEVELS, 1))
    return f"CASE unit_level {whens} END"


def _sum_parts() -> str:
    rows = ", ".join(
        f"({sql_literal(part)}, {sql_literal(code)})" for code, parts in catalog.sums().items() for part in parts
    )
    return f"(VALUES {rows}) AS p(part_code, indicator_code)"


def province_values_sql(temp: bool = False) -> str:
    """The documented view: one row per year, province and indicator, current values only.
    Per (year, province, indicator): sub-unit values are summed at one level only (within one file
    every sub-unit row counts, at the file's level); a value the province reported itself stands
    when it is newer than every summed sub-unit value, else the sum stands (the newest submission
    wins, as everywhere else); derived totals are the sums of their parts."""
    levels = ", ".join(sql_literal(lv) for lv in SUB_UNIT_LEVELS)
    kind = "TEMP VIEW" if temp else "VIEW"
    return f"""CREATE OR REPLACE {kind} province_values AS
WITH by_file AS (   -- a file's sub-unit rows; its catalogue-less rows count at the file's level
    SELECT year, province_code, indicator_code, submission_id, min({_level_rank()}) AS lvl, sum(value) AS value
    FROM current_values WHERE unit_level IN ({levels})
    GROUP BY year, province_code, indicator_code, submission_id
), top AS (         -- the one level summed across files (no district + commune double count)
    SELECT year, province_code, indicator_code, min(lvl) AS lvl
    FROM by_file GROUP BY year, province_code, indicator_code
), sums AS (
    SELECT b.year, b.province_code, b.indicator_code, sum(b.value) AS value, max(b.submission_id) AS sid
    FROM by_file b JOIN top t USING (year, province_code, indicator_code, lvl)
    GROUP BY b.year, b.province_code, b.indicator_code
), direct AS (
    SELECT year, unit_code AS province_code, indicator_code, value, submission_id AS sid
    FROM current_values WHERE unit_level = 'province'
), typed AS (
    SELECT d.year, d.province_code, d.indicator_code, d.value
    FROM direct d LEFT JOIN sums s USING (year, province_code, indicator_code)
    WHERE s.sid IS NULL OR d.sid > s.sid
    UNION ALL
    SELECT s.year, s.province_code, s.indicator_code, s.value
    FROM sums s LEFT JOIN direct d USING (year, province_code, indicator_code)
    WHERE d.sid IS NULL OR d.sid <= s.sid
), derived AS (     -- the derived totals, from their parts as data/indicators.csv declares them
    SELECT t.year, t.province_code, p.indicator_code, sum(t.value) AS value
    FROM typed t JOIN {_sum_parts()} ON t.indicator_code = p.part_code
    GROUP BY t.year, t.province_code, p.indicator_code
), all_values AS (
    SELECT * FROM typed UNION ALL SELECT * FROM derived
)
SELECT v.year, v.province_code, p.name AS province_name, p.code_2025 AS province_code_2025,
       p25.name AS province_name_2025, v.indicator_code, CAST(v.value AS BIGINT) AS value
FROM all_values v
JOIN provinces p ON p.era = CASE WHEN v.year >= 2025 THEN 34 ELSE 63 END AND p.code = v.province_code
JOIN provinces p25 ON p25.era = 34 AND p25.code = p.code_2025"""


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """The generated views, kept in a DuckDB file; on a PostgreSQL store made on this connection."""
    if postgres.is_postgres(con):
        create_session_views(con)
        return
    con.execute(province_values_sql())


# The documented views a DuckDB file keeps from its migrations (002, 010), made instead on every
# connection to a PostgreSQL store: they are DuckDB SQL (QUALIFY, GROUP BY ALL), which PostgreSQL
# does not speak, over the attached tables, so DuckDB plans them and pushes filters down.
_SESSION_VIEWS = (
    """CREATE OR REPLACE TEMP VIEW unit_values AS
SELECT c.year, c.unit_code, COALESCE(u.unit_name, c.unit_code) AS unit_name, c.unit_level,
       c.province_code, c.indicator_code, c.value
FROM current_values c LEFT JOIN units u USING (unit_code)""",
    """CREATE OR REPLACE TEMP VIEW submissions AS
SELECT id AS submission_id, file_hash, file_name, year, unit_code, unit_name, shape, status, kind,
       reverts_to, n_values, submitted_by, submitted_at, messages, stored_path
FROM submission_log""",
    """CREATE OR REPLACE TEMP VIEW current_narratives AS
WITH latest AS (
    SELECT n.year, n.unit_code, max(n.submission_id) AS submission_id
    FROM narrative_sections n JOIN submission_log s ON s.id = n.submission_id
    WHERE s.status = 'accepted' AND s.kind = 'file'
    GROUP BY ALL
)
SELECT n.submission_id, n.year, n.unit_code, n.unit_name, n.unit_level, n.province_code, n.ord,
       n.section_code, n.heading, n.body, n.theme, s.file_name, s.submitted_at
FROM narrative_sections n
JOIN latest l ON l.submission_id = n.submission_id AND l.year = n.year AND l.unit_code = n.unit_code
JOIN submission_log s ON s.id = n.submission_id""",
)


def create_session_views(con: duckdb.DuckDBPyConnection) -> None:
    """The analyst views on this connection to a PostgreSQL store (in DuckDB's temp catalog)."""
    for sql in _SESSION_VIEWS:
        con.execute(sql)
    con.execute(province_values_sql(temp=True))
