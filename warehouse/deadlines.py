"""Reporting deadlines: by when provinces must send a year's report (editable reference data,
set with `python -m etl deadline --year 2024 --date 31/10/2024`)."""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from warehouse.write import reference as write


def parse_date(text: str) -> dt.date:
    """'31/10/2024', '31-10-2024' or '2024-10-31'; ValueError with a Vietnamese message otherwise."""
    s = text.strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(s)
    except ValueError:
        raise ValueError(f"ngày không hợp lệ: {text!r} (viết dd/mm/yyyy, ví dụ 31/10/2024)") from None


def set_deadline(
    con: duckdb.DuckDBPyConnection, year: int, deadline: dt.date, note: str | None = None, updated_by: str = "cli"
) -> None:
    write.set_deadline(con, year, deadline, note, updated_by)


def deadlines(con: duckdb.DuckDBPyConnection) -> dict[int, dt.date]:
    return dict(con.execute("select year, deadline from reporting_deadlines order by year").fetchall())
