"""Word reports for the tests, built with python-docx in memory: the MẪU BC outline (letterhead
table, date line, title, I. Tổ chức triển khai 1–4, II. Đánh giá chung 1–4 with the statistics
table) and looser variants (reworded headings, the table first, two tables, a commune report).
The tables come from the spreadsheet fixtures' grids, merged cells included."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docx import Document

from tests.fixtures_factory import Grid, vertical_grid, vn_num, xlsx_bytes

THEME = "Xây dựng xã hội học tập, thúc đẩy học tập suốt đời trong kỷ nguyên số"

MAU_BC = [
    ("I. TỔ CHỨC TRIỂN KHAI", []),
    (
        "1. Công tác chỉ đạo, kế hoạch, kiểm tra",
        ["Ban hành Kế hoạch số 45/KH-SGDĐT hướng dẫn các đơn vị tổ chức Tuần lễ, kiểm tra tại 12 đơn vị."],
    ),
    ("2. Lễ phát động", ["Lễ phát động được tổ chức ngày 01/10 tại Nhà văn hóa trung tâm với 500 người dự."]),
    ("3. Nội dung các hoạt động", ["Các trung tâm học tập cộng đồng mở lớp tin học, kỹ năng sống cho người dân."]),
    (
        "4. Kinh phí",
        [
            "a) Ngân sách nhà nước: 150 triệu đồng.",
            "b) Ngân sách hỗ trợ, vận động từ doanh nghiệp và các nguồn hợp pháp khác: 82,5 triệu đồng.",
        ],
    ),
    ("II. ĐÁNH GIÁ CHUNG", []),
    ("1. Kết quả, bài học kinh nghiệm", ["Sự vào cuộc của cả hệ thống chính trị là bài học lớn nhất."]),
    (
        "2. Khó khăn, tồn tại",
        ["Kinh phí dành cho các trung tâm học tập cộng đồng còn hạn hẹp; đội ngũ cán bộ kiêm nhiệm nhiều việc."],
    ),
    ("3. Kiến nghị, đề xuất", ["Đề nghị Bộ bố trí kinh phí hỗ trợ chuyển đổi số cho trung tâm học tập cộng đồng."]),
    ("4. Bảng tổng hợp số liệu", ["(Có bảng kèm theo)"]),
]

REWORDED = [
    ("PHẦN I. KẾT QUẢ TRIỂN KHAI", ["Thực hiện hướng dẫn của Sở, huyện đã tổ chức Tuần lễ sâu rộng."]),
    ("a) Về kinh phí tổ chức", ["Tổng kinh phí 120 triệu đồng từ ngân sách huyện."]),
    ("PHẦN II. ĐÁNH GIÁ", []),
    ("1. Ưu điểm", ["Nhiều mô hình học tập mới được nhân rộng."]),
    ("2. Tồn tại, hạn chế", ["Cơ sở vật chất của trung tâm học tập cộng đồng xuống cấp."]),
    ("3. Đề xuất, kiến nghị", ["Tăng cường tập huấn ứng dụng công nghệ thông tin cho cán bộ."]),
]


def grid_table(doc, grid: Grid, numbers_as_text: bool = True):
    """A Word table with the grid's cells (numbers written as a person types them: 1.234) and
    its merged ranges merged in Word (gridSpan across, vMerge down)."""
    width = grid.width
    table = doc.add_table(rows=len(grid.rows), cols=width)
    for r, row in enumerate(grid.rows):
        for c, v in enumerate(row):
            if v is None:
                continue
            text = vn_num(v) if numbers_as_text and isinstance(v, int | float) and not isinstance(v, bool) else str(v)
            table.cell(r, c).text = text
    for r0, c0, r1, c1 in grid.merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    return table


def report_docx(
    tables: Sequence[Grid],
    *,
    issuer: Sequence[str] = ("UBND TỈNH QUẢNG NAM", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
    date_line: str = "Quảng Nam, ngày 20 tháng 10 năm 2023",
    title: Sequence[str] = ("BÁO CÁO", "Kết quả tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2023"),
    intro: str = (
        "Thực hiện Kế hoạch của Bộ Giáo dục và Đào tạo về tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2023 "
        f"với chủ đề “{THEME}”, đơn vị báo cáo kết quả như sau:"
    ),
    sections: Sequence[tuple[str, list[str]]] = tuple(MAU_BC),
    table_after: str | None = "4. Bảng tổng hợp số liệu",
    letterhead_table: bool = True,
) -> bytes:
    """A report: letterhead (a borderless two-column table, as offices set it, or plain lines),
    title, intro, the sections, the tables after the heading `table_after` (None: before the text)."""
    doc = Document()
    if letterhead_table:
        lh = doc.add_table(rows=3, cols=2)
        for r, text in enumerate(issuer[:3]):
            lh.cell(r, 0).text = text
        lh.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        lh.cell(1, 1).text = "Độc lập - Tự do - Hạnh phúc"
        lh.cell(2, 1).text = date_line
    else:
        for text in issuer:
            doc.add_paragraph(text)
        doc.add_paragraph(date_line)
    for text in title:
        doc.add_paragraph().add_run(text).bold = True
    if table_after is None:
        for g in tables:
            grid_table(doc, g)
    doc.add_paragraph(intro)
    for heading, paragraphs in sections:
        doc.add_paragraph().add_run(heading).bold = True
        for text in paragraphs:
            doc.add_paragraph(text)
        if heading == table_after:
            for g in tables:
                grid_table(doc, g)
    doc.add_paragraph("Nơi nhận:")
    doc.add_paragraph("- Sở GD&ĐT;")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


REPORTS = {  # file -> (province letterhead, year, what it says of difficulties)
    "bc_quang_nam_2023.docx": ("QUẢNG NAM", 2023, "Kinh phí cho trung tâm học tập cộng đồng còn hạn hẹp."),
    "bc_quang_nam_2024.docx": ("QUẢNG NAM", 2024, "Thiếu giáo viên kiêm nhiệm, trang thiết bị xuống cấp."),
    "bc_lao_cai_2023.docx": ("LÀO CAI", 2023, "Người dân vùng cao chưa quen học trực tuyến, thiếu kinh phí."),
}


def province_report(province: str, year: int, difficulty: str) -> bytes:
    sections = [(h, [difficulty] if h.startswith("2. Khó khăn") else p) for h, p in MAU_BC]
    return report_docx(
        [vertical_grid(title_rows=0, money_unit="triệu đồng", as_text=True)],
        issuer=(f"UBND TỈNH {province}", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
        date_line=f"ngày 20 tháng 10 năm {year}",
        title=("BÁO CÁO", f"Kết quả tổ chức Tuần lễ hưởng ứng học tập suốt đời năm {year}"),
        sections=sections,
    )


def word_warehouse(root: Path) -> Path:
    """A warehouse loaded (through the loader) with REPORTS and a spreadsheet of Hà Nội (figures,
    no text)."""
    from etl.load import load_files
    from warehouse.db import connect

    folder = root / "in"
    folder.mkdir()
    for name, args in REPORTS.items():
        (folder / name).write_bytes(province_report(*args))
    (folder / "bieu_ha_noi_2023.xlsx").write_bytes(xlsx_bytes(vertical_grid(title_rows=8)))
    path = root / "w.duckdb"
    con = connect(path)
    try:
        results = list(load_files(con, sorted(folder.iterdir()), workers=1))
        assert [r.status for r in results] == ["accepted"] * 4, [
            p.render() for r in results for p in r.analysis.problems
        ]
    finally:
        con.close()
    return path
