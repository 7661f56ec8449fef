"""Reference tables in the warehouse (indicator catalog, provinces of both eras), refreshed from
`reference/` whenever the schema is migrated or the product's reference data changes."""

from __future__ import annotations

import duckdb

from reference import admin_units, catalog


def refresh_reference(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("delete from indicators")
    con.executemany(
        "insert into indicators values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (i.code, i.group, i.label_vi, i.label_en, i.unit_vi, i.unit_en, i.kind, i.derived, i.order)
            for i in catalog.indicators()
        ],
    )
    con.execute("delete from provinces")
    con.executemany(
        "insert into provinces values (?, ?, ?, ?, ?)",
        [(p.era, p.code, p.name, p.full_name, p.code_2025) for era in (63, 34) for p in admin_units.provinces(era)],
    )
