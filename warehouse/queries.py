"""The queries pages need, parameterised, in one place. Pages call these and never write SQL.

Connections are short-lived: `reading(path)` opens the warehouse read-only, the caller runs its
queries and the connection closes, so the loader in another process (CLI or upload) can take the
write lock between two reruns. `data_version(path)` is a cheap fingerprint of the file (mtime and
size, with its .wal) for caches: a load changes it, a click does not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from reference.admin_units import MERGER_YEAR
from reference.catalog import typed_codes
from warehouse.db import connect, db_path


def open_existing(path=None) -> duckdb.DuckDBPyConnection | None:
    """A connection to the warehouse if it exists (None otherwise: looking never creates one).
    Read-write although pages only read: within one process DuckDB refuses a read-only and a
    read-write connection to the same file at once, and the app also writes (sign-in, uploads).
    Callers close it at the end of the script run, so the CLI can load between clicks."""
    p = db_path(path)
    if not p.exists():
        return None
    return connect(p)


@contextmanager
def reading(path=None) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A connection for the duration of a block (None when there is no warehouse)."""
    con = open_existing(path)
    try:
        yield con
    finally:
        if con is not None:
            con.close()


def data_version(path=None) -> tuple:
    """(path, mtime_ns, size) of the warehouse and of its write-ahead log: changes on every load."""
    p = db_path(path)
    out: list = [str(p)]
    for f in (p, Path(str(p) + ".wal")):
        try:
            st = f.stat()
            out += [st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            out += [0, 0]
    return tuple(out)


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_name = ?", [name]).fetchone()[0] > 0


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("select value from warehouse_info where key = 'demo'").fetchone()
    return bool(row and row[0] == "1")


def years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Years that hold at least one current value, oldest first."""
    return [r[0] for r in con.execute("select distinct year from current_values order by year").fetchall()]


def _in(column: str, values: Sequence, params: list) -> str:
    if not values:
        return "false"
    params.extend(values)
    return f"{column} in ({', '.join('?' * len(values))})"


def province_values(
    con: duckdb.DuckDBPyConnection,
    *,
    years: Iterable[int] | None = None,
    indicators: Iterable[str] | None = None,
    mode: str = "reported",
    scope: dict[int, Sequence[str] | None] | None = None,
) -> pd.DataFrame:
    """Rows of `province_values`: year, province_code, province_name, indicator_code, value.

    mode 'reported': each year on the map in force that year (63 provinces before 2025, 34 from
    2025); 'today34': every year summed onto today's 34 provinces along the merger table.
    scope: {63: codes, 34: codes} from warehouse.filters.province_scope (None: all provinces)."""
    params: list = []
    where = []
    if years is not None:
        where.append(_in("year", sorted(set(years)), params))
    if indicators is not None:
        where.append(_in("indicator_code", sorted(set(indicators)), params))
    scope = scope or {63: None, 34: None}
    if mode == "today34":
        if scope.get(34) is not None:
            where.append(_in("province_code_2025", list(scope[34]), params))
        select = (
            "year, province_code_2025 as province_code, province_name_2025 as province_name, "
            "indicator_code, sum(value)::bigint as value"
        )
        group = "group by all"
    else:
        parts = []
        for era, cond in ((63, f"year < {MERGER_YEAR}"), (34, f"year >= {MERGER_YEAR}")):
            codes = scope.get(era)
            parts.append(cond if codes is None else f"({cond} and {_in('province_code', list(codes), params)})")
        where.append("(" + " or ".join(parts) + ")")
        select = "year, province_code, province_name, indicator_code, value"
        group = ""
    sql = f"select {select} from province_values where {' and '.join(where) or 'true'} {group}"
    df = con.execute(sql + " order by year, province_code, indicator_code", params).df()
    df["value"] = df["value"].astype("float64")
    return df


def reporting_status(con: duckdb.DuckDBPyConnection, year: int, filled: pd.Series | None = None) -> pd.DataFrame:
    """One row per province of the year's map: when its reports arrived (first and last accepted),
    how many were accepted or rejected, and how many catalog indicators its figures fill.
    `filled` (province code -> count), when the caller has the figures in memory, saves the
    province_values scan."""
    era = 34 if year >= MERGER_YEAR else 63
    typed = typed_codes()
    if filled is not None:
        df = con.execute(
            """
            with subs as (
                select coalesce(u.province_code, s.unit_code) as province_code, s.submitted_at, s.status
                from submissions s left join units u on u.unit_code = s.unit_code
                where s.year = ? and s.kind = 'file'
            )
            select p.code as province_code, p.name as province_name,
                   min(submitted_at) filter (where status = 'accepted') as first_accepted,
                   max(submitted_at) filter (where status = 'accepted') as last_accepted,
                   count(submitted_at) filter (where status = 'accepted') as n_accepted,
                   count(submitted_at) filter (where status = 'rejected') as n_rejected
            from provinces p left join subs on subs.province_code = p.code
            where p.era = ? group by p.code, p.name order by p.code""",
            [year, era],
        ).df()
        df["n_filled"] = df["province_code"].map(filled).fillna(0).astype(int)
        df["n_catalog"] = len(typed)
        return df
    params: list = [year, year]
    sql = f"""
        with subs as (
            select coalesce(u.province_code, s.unit_code) as province_code, s.submitted_at, s.status
            from submissions s left join units u on u.unit_code = s.unit_code
            where s.year = ? and s.kind = 'file'
        ), agg as (
            select province_code,
                   min(submitted_at) filter (where status = 'accepted') as first_accepted,
                   max(submitted_at) filter (where status = 'accepted') as last_accepted,
                   count(*) filter (where status = 'accepted') as n_accepted,
                   count(*) filter (where status = 'rejected') as n_rejected
            from subs group by province_code
        ), filled as (
            select province_code, count(distinct indicator_code) as n_filled
            from province_values where year = ? and {_in("indicator_code", typed, params)}
            group by province_code
        )
        select p.code as province_code, p.name as province_name, a.first_accepted, a.last_accepted,
               coalesce(a.n_accepted, 0) as n_accepted, coalesce(a.n_rejected, 0) as n_rejected,
               coalesce(f.n_filled, 0) as n_filled
        from provinces p left join agg a on a.province_code = p.code
        left join filled f on f.province_code = p.code
        where p.era = ?"""
    params.append(era)
    df = con.execute(sql, params).df()
    df["n_catalog"] = len(typed)
    return df


def deadline(con: duckdb.DuckDBPyConnection, year: int) -> dt.date | None:
    """The reporting deadline set for a year (None when none is set or the table is absent)."""
    if not has_table(con, "reporting_deadlines"):
        return None
    row = con.execute("select deadline from reporting_deadlines where year = ?", [year]).fetchone()
    return row[0] if row else None


_POPULATION_COLUMNS = "year, province_code, era, population, source"


def population_rows(con: duckdb.DuckDBPyConnection, era: int | None = None) -> pd.DataFrame:
    """Population rows (year, province_code, era, population, source), all or of one era."""
    if not has_table(con, "population"):
        return pd.DataFrame(columns=_POPULATION_COLUMNS.split(", "))
    return con.execute(
        f"select {_POPULATION_COLUMNS} from population where ? is null or era = ? order by year, era, province_code",
        [era, era],
    ).df()


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


def recent_submissions(con: duckdb.DuckDBPyConnection, limit: int = 50, year: int | None = None) -> pd.DataFrame:
    return con.execute(
        """
        select submitted_at, file_name, year, unit_name, status, n_values, submitted_by
        from submissions where ? is null or year = ? order by submission_id desc limit ?
    """,
        [year, year, limit],
    ).df()
