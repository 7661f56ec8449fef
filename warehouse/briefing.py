"""Queries behind the briefing deck's ready set (báo cáo nhanh), parameterised, on the
province_values view. A province layer (`era`) chooses the grouping: 63 = the provinces in force
until 2024 (`province_code`), 34 = today's provinces (`province_code_2025`, which also sums the
older years onto today's provinces). `codes` restricts to some provinces of that layer.

Interim: the dashboard's chart API (branch dash) will own these queries; the deck then calls it."""

from __future__ import annotations

import duckdb
import pandas as pd


def _where(era: int, codes: tuple[str, ...] | None) -> tuple[str, list]:
    col = "province_code" if era == 63 else "province_code_2025"
    sql, params = "", []
    if era == 63:
        sql += " and year < 2025"  # the 63 provinces do not exist from 2025
    if codes:
        sql += f" and {col} in (select unnest(?))"
        params.append(list(codes))
    return sql, params


def totals(con: duckdb.DuckDBPyConnection, years: list[int], indicators: list[str], era: int,
           codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """year, indicator_code, value (sum over the provinces in the filter)."""
    where, params = _where(era, codes)
    return con.execute(f"""
        select year, indicator_code, sum(value) as value from province_values
        where year in (select unnest(?)) and indicator_code in (select unnest(?)) {where}
        group by all order by year, indicator_code
    """, [years, indicators, *params]).df()


def by_province(con: duckdb.DuckDBPyConnection, year: int, indicator: str, era: int,
                codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """province_code (of the layer), value."""
    col = "province_code" if era == 63 else "province_code_2025"
    where, params = _where(era, codes)
    return con.execute(f"""
        select {col} as province_code, sum(value) as value from province_values
        where year = ? and indicator_code = ? {where}
        group by all order by province_code
    """, [year, indicator, *params]).df()


def years_with_data(con: duckdb.DuckDBPyConnection, era: int,
                    codes: tuple[str, ...] | None = None) -> list[int]:
    where, params = _where(era, codes)
    rows = con.execute(f"select distinct year from province_values where true {where} order by year",
                       params).fetchall()
    return [r[0] for r in rows]
