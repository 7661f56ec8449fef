"""The queries pages need, parameterised, in one place. Pages call these and never write SQL."""

from __future__ import annotations

import duckdb
import pandas as pd

from warehouse.db import connect, db_path


def open_read_only(path=None) -> duckdb.DuckDBPyConnection | None:
    p = db_path(path)
    if not p.exists():
        return None
    return connect(p, read_only=True)


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("select value from warehouse_info where key = 'demo'").fetchone()
    return bool(row and row[0] == "1")


def reporting_by_year(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per year: provinces with figures, accepted submissions, national classes and learners."""
    return con.execute("""
        select p.year as "Năm",
               count(distinct p.province_code) as "Số tỉnh có số liệu",
               sum(p.value) filter (where p.indicator_code = 'classes.total.classes') as "Tổng số lớp",
               sum(p.value) filter (where p.indicator_code = 'classes.total.learners') as "Lượt người học",
               sum(p.value) filter (where p.indicator_code = 'funding.total') as "Tổng kinh phí (đồng)"
        from province_values p group by p.year order by p.year desc
    """).df()


def recent_submissions(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    return con.execute("""
        select submitted_at as "Thời gian", file_name as "Tệp", year as "Năm", unit_name as "Đơn vị",
               status as "Trạng thái", n_values as "Số giá trị", submitted_by as "Người nạp"
        from submissions order by submission_id desc limit ?
    """, [limit]).df()
