"""What a submission would change: its values side by side with what the warehouse holds.

For each value of an analysed file: new (the warehouse has nothing for that year, unit and
indicator), unchanged, or changed (from → to); values the warehouse holds for the file's units
that the file does not carry are listed as kept (a later file wins value by value, so they stay).
A province's figures are compared with what the dashboard shows for it (view province_values),
whether the file gives the province itself or its districts/communes and whatever level the
warehouse holds: a province-level file arriving over district values replaces their sum, and
the preview must say so (issue 16, defect 7). Pure comparison plus parameterised queries;
nothing is written."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from etl.extract import Analysis
from reference import catalog

NEW, UNCHANGED, CHANGED, KEPT = "new", "unchanged", "changed", "kept"


@dataclass(frozen=True)
class ReviewRow:
    unit_code: str
    unit_name: str
    code: str
    indicator: str  # Vietnamese label from the catalog
    measure: str  # Vietnamese unit of the indicator (lớp, đồng ...)
    value: int | None  # what the file brings (None for KEPT)
    current: int | None  # what the warehouse holds now
    status: str  # NEW | UNCHANGED | CHANGED | KEPT
    sheet: str = ""
    cell: str = ""
    raw: str = ""  # the cell's text as written
    label: str = ""  # the row / column label as written in the file
    derived: bool = False  # a province figure summed from the file's sub-unit rows


def current_values(
    con: duckdb.DuckDBPyConnection, year: int, unit_codes: list[str], summed_provinces: list[str] = ()
) -> dict[tuple[str, str], int]:
    """(unit_code, indicator_code) -> current value, for one year and some units. For provinces
    whose figure the file gives as the sum of its sub-units, the province figure the warehouse
    shows (view province_values, which sums sub-units across files) is what it is compared with."""
    out: dict[tuple[str, str], int] = {}
    if unit_codes:
        rows = con.execute(
            "select unit_code, indicator_code, value from current_values where year = ? and unit_code in "
            f"({','.join('?' * len(unit_codes))})",
            [year, *unit_codes],
        ).fetchall()
        out.update({(u, c): v for u, c, v in rows})
    if summed_provinces:
        rows = con.execute(
            "select province_code, indicator_code, value from province_values where year = ? and province_code in "
            f"({','.join('?' * len(summed_provinces))})",
            [year, *summed_provinces],
        ).fetchall()
        out.update({(u, c): v for u, c, v in rows})
    return out


def compare(an: Analysis, current: Mapping[tuple[str, str], int]) -> list[ReviewRow]:
    """Rows in catalog order within each unit, the file's own unit first."""
    ind = catalog.by_code()
    names = {v.unit.code: v.unit.name for v in an.values}
    rows: list[ReviewRow] = []
    seen = set()
    for v in an.values:
        before = current.get((v.unit.code, v.code))
        status = NEW if before is None else UNCHANGED if before == v.value else CHANGED
        i = ind[v.code]
        rows.append(
            ReviewRow(
                v.unit.code,
                v.unit.name,
                v.code,
                i.label_vi,
                i.unit_vi,
                v.value,
                before,
                status,
                v.sheet,
                v.cell,
                v.raw,
                v.label,
                v.derived,
            )
        )
        seen.add((v.unit.code, v.code))
    for (unit, code), before in current.items():
        if (unit, code) not in seen and unit in names and code in ind and not ind[code].derived:
            i = ind[code]
            rows.append(ReviewRow(unit, names[unit], code, i.label_vi, i.unit_vi, None, before, KEPT))
    own = an.unit.code if an.unit else None
    rows.sort(key=lambda r: (r.unit_code != own, r.unit_code, ind[r.code].order))
    return rows


def review(con: duckdb.DuckDBPyConnection, an: Analysis) -> list[ReviewRow]:
    """Compare an analysis with the warehouse (empty when year or unit is unknown)."""
    if an.year is None or an.unit is None or not an.values:
        return []
    # provinces — summed from the file's sub-units or given as such — against what the dashboard shows
    summed = sorted({v.unit.code for v in an.values if v.derived or v.unit.level == "province"})
    units = sorted({v.unit.code for v in an.values if v.unit.code not in summed})
    return compare(an, current_values(con, an.year, units, summed))


def counts(rows: list[ReviewRow]) -> dict[str, int]:
    c = Counter(r.status for r in rows)
    return {s: c.get(s, 0) for s in (NEW, CHANGED, UNCHANGED, KEPT)}
