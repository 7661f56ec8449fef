"""The queries pages need, parameterised, in one place. Pages call these and never write SQL.

Connections are short-lived: `reading(path)` opens the warehouse read-only, the caller runs its
queries and the connection closes, so the loader in another process (CLI or upload) can take the
write lock between two reruns. `data_version(path)` is a cheap fingerprint of the file (mtime and
size, with its .wal) for caches: a load changes it, a click does not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from reference.admin_units import MERGER_YEAR
from reference.catalog import typed_codes
from warehouse.db import PostgresStore, connect, db_path, pg_data_version


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
    """(path, mtime_ns, size) of the warehouse and of its write-ahead log: changes on every load.
    A PostgreSQL store: (URL, the counter every writing transaction bumps), one query."""
    p = db_path(path)
    if isinstance(p, PostgresStore):
        return (str(p), pg_data_version(p))
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


def reporting_status(con: duckdb.DuckDBPyConnection, year: int, filled: pd.Series) -> pd.DataFrame:
    """One row per province of the year's map: when its reports arrived (first and last accepted),
    how many were accepted or rejected, and how many catalog indicators its figures fill.
    `filled` (province code -> count of typed indicators with a figure) comes from the snapshot,
    the one read of the figures (warehouse.snapshot)."""
    era = 34 if year >= MERGER_YEAR else 63
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
    df["n_catalog"] = len(typed_codes())
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


def recent_submissions(con: duckdb.DuckDBPyConnection, limit: int = 50, year: int | None = None) -> pd.DataFrame:
    return con.execute(
        """
        select submitted_at, file_name, year, unit_name, status, n_values, submitted_by
        from submissions where ? is null or year = ? order by submission_id desc limit ?
    """,
        [year, year, limit],
    ).df()
