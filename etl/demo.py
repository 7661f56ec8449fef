"""Build the demo warehouse: generate realistic submissions for every province and year, then load
them through the same loader real files go through. The warehouse is marked as demo data, and
every page that shows it says so."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from etl.demo_files import read_expected, write_demo_submissions
from etl.demo_reports import write_demo_reports
from etl.load import load_files
from warehouse.db import ROOT, connect
from warehouse.mode import demo_db_path, file_is_demo, mark_demo
from warehouse.write.store import checkpoint

DEMO_USER = "demo"


def build_demo(
    db: str | Path | None = None,
    out_dir: Path | None = None,
    years: Iterable[int] = range(2019, 2026),
    echo: Callable[[str], None] = print,
) -> dict:
    """Write demo files into `out_dir` and load them into a fresh warehouse at `db` (default
    data/demo.duckdb, its own file: never the real warehouse)."""
    target = demo_db_path(db)
    out_dir = out_dir or ROOT / "data" / "demo_submissions"
    if target.exists() and not file_is_demo(target):
        raise SystemExit(
            f"{target} là kho dữ liệu thật (không có dấu dữ liệu mẫu); không ghi đè bằng dữ liệu mẫu. "
            "Bỏ --db (mặc định data/demo.duckdb) hoặc chọn tệp khác."
        )
    if target.exists():
        con = connect(target)
        real = con.execute("select count(*) from submission_log where submitted_by <> ?", [DEMO_USER]).fetchone()[0]
        con.close()
        if real:
            raise SystemExit(
                f"{target} đã có {real} lần nạp dữ liệu thật; không ghi đè bằng dữ liệu mẫu. Chọn tệp khác với --db."
            )
        if isinstance(target, Path):  # a PostgreSQL demo store keeps its rows: the same files add none
            for p in (target, Path(str(target) + ".wal")):
                p.unlink(missing_ok=True)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    t0 = time.perf_counter()
    files = write_demo_submissions(out_dir, years=years)
    # Word reports after the spreadsheets: the same figures again, and the text the page and slide show
    files += write_demo_reports(out_dir / "bao_cao_word", read_expected(out_dir))
    con = connect(target)
    mark_demo(con)
    stats = {"accepted": 0, "rejected": 0, "files": len(files)}
    for res in load_files(con, files, submitted_by=DEMO_USER):
        stats["accepted" if res.ok else "rejected"] += 1
        if not res.ok:
            echo(f"TỪ CHỐI {res.file_name}: " + "; ".join(p.render() for p in res.analysis.errors[:3]))
    checkpoint(con)
    con.close()
    stats["seconds"] = time.perf_counter() - t0
    return stats
