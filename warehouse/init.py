"""`etl init`: an empty real warehouse (schema and reference data, no figures), or an existing
real one brought up to the current schema. Never touches a demo warehouse."""

from __future__ import annotations

from pathlib import Path

from warehouse.db import connect, db_path
from warehouse.mode import describe, file_is_demo
from warehouse.write.store import checkpoint


def init_real(path: str | Path | None = None) -> str:
    """Create (or upgrade in place) the real warehouse at `path`; returns what was done, in
    Vietnamese. ValueError when `path` is the demo warehouse."""
    p = db_path(path)
    if file_is_demo(p):
        raise ValueError(
            f"{p.resolve()} là kho dữ liệu MẪU (demo). Kho thật phải là một tệp khác: "
            "bỏ --db (mặc định data/warehouse.duckdb) hoặc chọn tệp mới."
        )
    existed = p.exists()
    con = connect(p)
    try:
        version = con.execute("select max(version) from schema_version").fetchone()[0]
        n_ind, n63, n34, n_sub, n_users = con.execute(
            "select (select count(*) from indicators), "
            "(select count(*) from provinces where era = 63), (select count(*) from provinces where era = 34), "
            "(select count(*) from submission_log), (select count(*) from users)"
        ).fetchone()
        checkpoint(con)
    finally:
        con.close()
    where = describe(p, False)
    if existed:
        return f"Đã có {where}: lược đồ phiên bản {version}, {n_sub} lần nạp, {n_users} tài khoản. Không xóa gì."
    db_flag = "" if path is None else f" --db {p}"
    return (
        f"Đã tạo {where}: lược đồ phiên bản {version}, {n_ind} chỉ tiêu, {n63} tỉnh (trước 2025) và {n34} tỉnh "
        f"(từ 2025); chưa có số liệu, chưa có tài khoản.\n"
        f"Bước tiếp: .venv/bin/python -m etl users create-admin TÊN{db_flag}"
    )
