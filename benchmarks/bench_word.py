"""Word reports at scale (issue 20): a year of district reports (.docx, table and text, as the
loader's tests build them) loaded as a folder, against the same tables as .xlsx; then the page's
search over every text, warm (the texts read and folded once, as the page's cache keeps them).

    .venv/bin/python benchmarks/bench_word.py [--files 700] [--searches 50]

Targets (issue 20): the .docx folder within 3× the .xlsx folder; a search under 200 ms warm.
Prints a Markdown report and writes it to benchmarks/results/word.md."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from etl.load import load_files  # noqa: E402
from figures.narrative import prepare, quotes, select, theme_spec  # noqa: E402
from reference import admin_units as au  # noqa: E402
from tests.fixtures_factory import EXPECTED, vertical_grid, xlsx_bytes  # noqa: E402
from tests.word_fixtures import MAU_BC, report_docx  # noqa: E402
from warehouse.db import connect  # noqa: E402
from warehouse.narratives import current_texts  # noqa: E402

DIFFICULTIES = [
    "Kinh phí cho trung tâm học tập cộng đồng còn hạn hẹp.",
    "Cán bộ kiêm nhiệm nhiều việc, thiếu giáo viên.",
    "Người dân vùng cao chưa quen học trực tuyến.",
    "Cơ sở vật chất xuống cấp, thiếu trang thiết bị.",
]
QUERIES = ["kinh phi", "truc tuyen", "can bo kiem nhiem", "co so vat chat", "chuyen doi so", "không có chữ này"]


def districts(n: int) -> list[tuple[au.Province, au.SubUnit]]:
    out = []
    for p in au.provinces(63):
        out += [(p, d) for d in au.districts(p.code)]
        if len(out) >= n:
            break
    return out[:n]


def write_files(folder: Path, n: int, year: int = 2023) -> tuple[list[Path], list[Path]]:
    docx, xlsx = [], []
    for i, (p, d) in enumerate(districts(n)):
        issuer = (f"UBND {p.full_name.upper()}", f"UBND {d.name.upper()}")
        table = vertical_grid(title_rows=0, money_unit="triệu đồng", as_text=True)
        sections = [(h, [DIFFICULTIES[i % 4]] if h.startswith("2. Khó khăn") else t) for h, t in MAU_BC]
        f = folder / "docx" / f"bc_{i:04d}.docx"
        f.parent.mkdir(exist_ok=True)
        f.write_bytes(report_docx([table], issuer=issuer, sections=sections))
        docx.append(f)
        sheet = vertical_grid(title_rows=0, money_unit="triệu đồng", as_text=True)
        sheet.rows[:0] = [[issuer[0]], [issuer[1]], [f"BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ NĂM {year}"], []]
        g = folder / "xlsx" / f"bc_{i:04d}.xlsx"
        g.parent.mkdir(exist_ok=True)
        g.write_bytes(xlsx_bytes(sheet))
        xlsx.append(g)
    return docx, xlsx


def load(paths: list[Path], db: Path) -> tuple[float, int]:
    con = connect(db)
    try:
        t0 = time.perf_counter()
        ok = sum(r.ok for r in load_files(con, paths))
        return time.perf_counter() - t0, ok
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=700, help="at most the 696 districts of the 63 provinces")
    ap.add_argument("--searches", type=int, default=50)
    args = ap.parse_args()
    assert EXPECTED
    with tempfile.TemporaryDirectory(prefix="llw-bench-word-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        docx, xlsx = write_files(folder, args.files)
        made = time.perf_counter() - t0
        size_docx = sum(p.stat().st_size for p in docx)
        t_xlsx, ok_xlsx = load(xlsx, folder / "xlsx.duckdb")
        t_docx, ok_docx = load(docx, folder / "docx.duckdb")
        con = connect(folder / "docx.duckdb", read_only=True)
        try:
            t1 = time.perf_counter()
            texts = prepare(current_texts(con))
            cold = time.perf_counter() - t1
        finally:
            con.close()
        times = []
        for i in range(args.searches):
            q = QUERIES[i % len(QUERIES)]
            t1 = time.perf_counter()
            chosen = select(texts, query=q)
            theme_spec(chosen)
            quotes(chosen, q)
            times.append(time.perf_counter() - t1)
    ratio = t_docx / t_xlsx
    warm_ms = statistics.median(times) * 1000
    worst_ms = max(times) * 1000
    vn = lambda x, d=1: f"{x:.{d}f}".replace(".", ",")  # noqa: E731 - Vietnamese decimal comma
    report = "\n".join(
        [
            "# Báo cáo Word: nạp thư mục và tìm kiếm",
            "",
            f"Đo ngày {dt.date.today():%d/%m/%Y} trên máy này ({os.cpu_count()} lõi, dùng chung), "
            "kho duckdb trong tệp tạm, `load_files` như `etl load THƯ_MỤC`.",
            f"{len(docx)} báo cáo huyện năm 2023 (sinh trong {made:.0f} s; các tệp .docx tổng "
            f"{vn(size_docx / 1048576)} MB), mỗi tệp một bảng dọc và phần lời theo MẪU BC; cùng các bảng đó "
            "dưới dạng .xlsx.",
            "",
            "| | tệp nhận | nạp cả thư mục | mỗi tệp |",
            "|---|---|---|---|",
            f"| .xlsx | {ok_xlsx}/{len(xlsx)} | {vn(t_xlsx)} s | {1000 * t_xlsx / len(xlsx):.0f} ms |",
            f"| .docx | {ok_docx}/{len(docx)} | {vn(t_docx)} s | {1000 * t_docx / len(docx):.0f} ms |",
            "",
            f"Tỉ lệ .docx / .xlsx: **{vn(ratio, 2)}×** (mục tiêu ≤ 3×).",
            "",
            f"Tìm kiếm trên {len(texts)} đoạn văn ({texts['unit_code'].nunique()} đơn vị): đọc và gấp dấu lần đầu "
            f"{cold * 1000:.0f} ms; mỗi lần tìm (lọc + biểu đồ chủ đề + thẻ trích dẫn), đã ấm: trung vị "
            f"**{vn(warm_ms)} ms**, chậm nhất {vn(worst_ms)} ms trên {args.searches} lần (mục tiêu < 200 ms).",
        ]
    )
    print(report)
    out = ROOT / "benchmarks" / "results" / "word.md"
    out.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
