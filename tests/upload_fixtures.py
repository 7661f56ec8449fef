"""Files and warehouse probes shared by the upload, history and template tests.

Report files are generated with `fixtures_factory` (a vertical Quảng Nam form by default); one
variant carries a row the loader cannot map ('Mô hình học tập điển hình'), another a wide table
with an unknown column, so the mapping workflow has something to learn."""

from __future__ import annotations

from pathlib import Path

import duckdb
from fixtures_factory import (
    EXPECTED,
    VERTICAL_LAYOUT,
    WIDE_COLUMNS,
    WideColumn,
    sub_unit_rows,
    vertical_grid,
    wide_grid,
    xlsx_bytes,
)

from warehouse.db import connect

TABLES = ("submission_log", "observations", "current_values", "units", "label_synonyms")
UNMAPPED_LABEL = "Mô hình học tập điển hình"
UNMAPPED_SECTION = "MÔ HÌNH HỌC TẬP"
MODEL_VALUE = 7  # the figure in the unmapped row


def qn_bytes(year: int = 2023, values: dict[str, int] | None = None, **kw) -> bytes:
    """A clean vertical report of Quảng Nam (code 49 before 2025)."""
    return xlsx_bytes(vertical_grid(values, year=year, **kw))


def with_unmapped_row(year: int = 2023, values: dict[str, int] | None = None, model: int = MODEL_VALUE) -> bytes:
    """A Quảng Nam report with one extra section whose row maps to no indicator."""
    vals = dict(EXPECTED if values is None else values)
    vals["X"] = model
    extra = [("section", "VII", UNMAPPED_SECTION), ("item", "1", UNMAPPED_LABEL, "mô hình", "X")]
    layout = VERTICAL_LAYOUT[:-2] + extra + VERTICAL_LAYOUT[-2:]
    return xlsx_bytes(vertical_grid(vals, year=year, layout=layout))


def wide_with_unknown_column(
    year: int = 2023, districts: tuple[str, ...] = ("Ba Đình", "Hoàn Kiếm", "Tây Hồ"), clubs: int = 3
) -> bytes:
    """Hà Nội's districts in a wide table with a column 'Mô hình điển hình / Số mô hình'."""
    cols = WIDE_COLUMNS + [WideColumn("Mô hình điển hình", "Số mô hình", "X")]
    rows = sub_unit_rows(list(districts))
    for _, v in rows:
        v["X"] = clubs
    return xlsx_bytes(wide_grid(rows, year=year, columns=cols).grid)


def error_bytes(year: int = 2023) -> bytes:
    """A Quảng Nam report with a negative number (an error that blocks the load)."""
    return qn_bytes(year, overrides={"classes.language.learners": "-5"})


def snapshot(db: Path | duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    con = connect(db, read_only=True) if isinstance(db, Path) else db
    try:
        return {n: sorted(con.execute(f"select * from {n}").fetchall(), key=repr) for n in TABLES}
    finally:
        if isinstance(db, Path):
            con.close()


def current(db: Path, year: int, unit: str) -> dict[str, int]:
    con = connect(db, read_only=True)
    try:
        return dict(
            con.execute(
                "select indicator_code, value from current_values where year = ? and unit_code = ?", [year, unit]
            ).fetchall()
        )
    finally:
        con.close()


def run(db, fn, *a, **kw):
    """One short-lived read-write connection per action, as the page does."""
    con = connect(db)
    try:
        return fn(con, *a, **kw)
    finally:
        con.close()
