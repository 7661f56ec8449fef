"""Reference data the product ships (indicator catalog, provinces of both eras) and the reference
data people edit (population, reporting deadlines, the demo mark)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from reference import admin_units, catalog


def refresh_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the indicator and province tables with `reference/`'s (inside the caller's transaction)."""
    con.execute("DELETE FROM indicators")
    con.executemany(
        "INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (i.code, i.group, i.label_vi, i.label_en, i.unit_vi, i.unit_en, i.kind, i.derived, i.order)
            for i in catalog.indicators()
        ],
    )
    con.execute("DELETE FROM provinces")
    con.executemany(
        "INSERT INTO provinces VALUES (?, ?, ?, ?, ?)",
        [(p.era, p.code, p.name, p.full_name, p.code_2025) for era in (63, 34) for p in admin_units.provinces(era)],
    )


@dataclass(frozen=True)
class PopulationRow:
    year: int
    province_code: str
    era: int
    population: int
    source: str | None


def replace_population(con: duckdb.DuckDBPyConnection, rows: list[PopulationRow]) -> None:
    """The (year, era) pairs `rows` cover are replaced by `rows` (inside the caller's transaction)."""
    for year, era in sorted({(r.year, r.era) for r in rows}):
        con.execute("DELETE FROM population WHERE year = ? AND era = ?", [year, era])
    con.executemany(
        "INSERT INTO population (year, province_code, era, population, source) VALUES (?, ?, ?, ?, ?)",
        [(r.year, r.province_code, r.era, r.population, r.source) for r in rows],
    )


def set_deadline(
    con: duckdb.DuckDBPyConnection, year: int, deadline: dt.date, note: str | None, updated_by: str
) -> None:
    con.execute(
        "INSERT OR REPLACE INTO reporting_deadlines VALUES (?, ?, ?, ?, now())", [year, deadline, note, updated_by]
    )


def mark_demo(con: duckdb.DuckDBPyConnection) -> None:
    """Mark the file as the demo warehouse (generated figures), so real writes refuse it."""
    con.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('demo', '1')")
