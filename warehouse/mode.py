"""Which kind of warehouse a file is: the demo (generated figures, marked inside the file by
`etl demo`) or a real one (`etl init`, or any warehouse without the mark). The demo lives in its
own file so real accounts and real loads never land beside fake figures."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from warehouse.db import ROOT, PostgresStore, db_path
from warehouse.write import reference as write

DEMO_DB = ROOT / "data" / "demo.duckdb"
START_REAL_HINT = (
    "Để dùng số liệu thật: `.venv/bin/python -m etl init` (tạo kho thật trống data/warehouse.duckdb), "
    "`.venv/bin/python -m etl users create-admin TÊN`, rồi chạy lại `./run.sh` "
    "(README, mục «Bắt đầu với số liệu thật»)."
)


def demo_db_path(path: str | Path | None = None) -> Path | PostgresStore:
    """The demo warehouse: `path`, else LLW_DEMO_DB, else data/demo.duckdb (a file, or a
    postgresql:// URL)."""
    return db_path(path or os.environ.get("LLW_DEMO_DB") or DEMO_DB)


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("select value from warehouse_info where key = 'demo'").fetchone()
    return bool(row and row[0] == "1")


def mark_demo(con: duckdb.DuckDBPyConnection) -> None:
    write.mark_demo(con)


def file_is_demo(path: str | Path) -> bool:
    """Whether the warehouse file at `path` carries the demo mark (a missing file is not demo)."""
    from warehouse.db import connect

    p = db_path(path)
    if not p.exists():
        return False
    con = connect(p, read_only=True)
    try:
        has = con.execute("select count(*) from information_schema.tables where table_name = 'warehouse_info'")
        return bool(has.fetchone()[0]) and is_demo(con)
    finally:
        con.close()


def describe(path: str | Path, demo: bool) -> str:
    """'kho dữ liệu THẬT /x/warehouse.duckdb' or 'kho dữ liệu MẪU (demo) /x/demo.duckdb'."""
    kind = "kho dữ liệu MẪU (demo)" if demo else "kho dữ liệu THẬT"
    return f"{kind} {shown(path)}"


def shown(path: str | Path) -> str:
    """The store as messages name it: the file's absolute path, or the URL without its password."""
    where = db_path(path)
    return where.label if isinstance(where, PostgresStore) else str(where.resolve())


def refusal(path: str | Path, what: str) -> str:
    """The message for a real write aimed at the demo warehouse; `what` is e.g. 'nạp báo cáo'."""
    return (
        f"{shown(path)} là kho dữ liệu MẪU (demo): không {what} vào đây, vì số liệu thật sẽ "
        "nằm lẫn với số liệu sinh tự động. Tạo kho thật bằng `.venv/bin/python -m etl init` rồi chạy lại "
        "lệnh (mặc định ghi vào data/warehouse.duckdb, hoặc --db TỆP). Nếu chỉ muốn thử trên kho mẫu, "
        "thêm --into-demo."
    )
