"""Demo Word reports: for about a third of the provinces each year, a .docx "Báo cáo" in the MẪU BC
outline whose table repeats the figures of that province's demo spreadsheet (the province values
the demo warehouse already holds, in đồng, so loading it changes no figure) and whose text is
generated from sentence pools that raise the themes of data/narrative_themes.csv. Every report
says in its title and first line that it is demo data. Loaded after the spreadsheets, through
the same loader, so the page "Địa phương viết gì" and the briefing slide have something to show."""

from __future__ import annotations

import io
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

from docx import Document

from etl.demo_files import catalog
from reference import admin_units as au
from reference.numberfmt import fmt_int

SHARE = 0.33
DEMO_MARK = "[DỮ LIỆU MẪU — văn bản sinh tự động]"

_DIFFICULTIES = [
    "Kinh phí dành cho hoạt động của trung tâm học tập cộng đồng còn hạn hẹp, chủ yếu dựa vào xã hội hóa.",
    "Đội ngũ cán bộ phụ trách công tác khuyến học phần lớn kiêm nhiệm, ít được tập huấn.",
    "Cơ sở vật chất, trang thiết bị của nhiều trung tâm học tập cộng đồng xuống cấp, thiếu phòng học.",
    "Người dân vùng sâu, vùng xa còn hạn chế về kỹ năng số nên khó tham gia các lớp học trực tuyến.",
    "Thời gian tổ chức Tuần lễ trùng với mùa vụ nên số người tham gia ở khu vực nông thôn chưa cao.",
    "Sự phối hợp giữa các ban ngành, đoàn thể ở một số địa phương chưa thường xuyên.",
    "Nhận thức của một bộ phận người dân về học tập suốt đời còn hạn chế.",
    "Biểu mẫu báo cáo thay đổi qua các năm nên việc tổng hợp số liệu còn lúng túng.",
]
_RECOMMENDATIONS = [
    "Đề nghị bố trí kinh phí thường xuyên cho hoạt động của trung tâm học tập cộng đồng.",
    "Đề nghị tổ chức tập huấn kỹ năng số và ứng dụng công nghệ thông tin cho cán bộ cơ sở.",
    "Đề nghị đầu tư trang thiết bị, thư viện số cho các trung tâm học tập cộng đồng.",
    "Đề nghị ban hành hướng dẫn thống nhất về biểu mẫu báo cáo số liệu Tuần lễ.",
    "Đề nghị tăng cường phối hợp với Hội Khuyến học và các đoàn thể trong tuyên truyền.",
    "Đề nghị điều chỉnh thời gian tổ chức cho phù hợp với mùa vụ ở địa phương.",
]
_RESULTS = [
    "Các hoạt động được tổ chức đa dạng, thu hút đông đảo người dân tham gia.",
    "Nhiều mô hình học tập trực tuyến được nhân rộng, phù hợp với chuyển đổi số.",
    "Sự vào cuộc của cả hệ thống chính trị là bài học kinh nghiệm quan trọng.",
]
_THEMES = {  # the Week's theme as the demo reports state it (demo text, not the Ministry's wording)
    2019: "Học tập suốt đời để phát triển bản thân và cộng đồng",
    2020: "Chuyển đổi số trong học tập suốt đời",
    2021: "Học tập suốt đời trong bối cảnh phòng, chống dịch",
    2022: "Xây dựng xã hội học tập, học tập suốt đời",
    2023: "Học tập suốt đời trong kỷ nguyên số",
    2024: "Thúc đẩy học tập suốt đời, xây dựng xã hội học tập",
    2025: "Học tập suốt đời cho mọi người trong kỷ nguyên mới",
}


def _report(province_code: str, year: int, values: dict[str, int], rng: random.Random) -> bytes:
    province = au.province_by_code(au.era_for_year(year))[province_code]
    doc = Document()
    head = doc.add_table(rows=3, cols=2)
    head.cell(0, 0).text = f"UBND {province.full_name.upper()}"
    head.cell(1, 0).text = "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    head.cell(1, 1).text = "Độc lập - Tự do - Hạnh phúc"
    head.cell(2, 1).text = f"ngày {rng.randint(10, 28)} tháng 10 năm {year}"
    doc.add_paragraph().add_run("BÁO CÁO").bold = True
    doc.add_paragraph().add_run(
        f"Kết quả tổ chức Tuần lễ hưởng ứng học tập suốt đời năm {year} (DỮ LIỆU MẪU)"
    ).bold = True
    theme = _THEMES.get(year, _THEMES[2023])
    doc.add_paragraph(
        f"{DEMO_MARK} Thực hiện hướng dẫn của Bộ Giáo dục và Đào tạo về tổ chức Tuần lễ hưởng ứng học tập "
        f"suốt đời năm {year} với chủ đề “{theme}”, Sở Giáo dục và Đào tạo báo cáo kết quả như sau:"
    )
    money = {c: values.get(c, 0) for c in ("funding.state_budget", "funding.socialized")}
    sections = [
        ("I. TỔ CHỨC TRIỂN KHAI", []),
        ("1. Công tác chỉ đạo, kế hoạch, kiểm tra", ["Sở ban hành kế hoạch, hướng dẫn các đơn vị triển khai."]),
        ("2. Lễ phát động", ["Lễ phát động được tổ chức trang trọng, có lãnh đạo tỉnh dự."]),
        ("3. Nội dung các hoạt động", rng.sample(_RESULTS, 1)),
        (
            "4. Kinh phí",
            [
                f"a) Ngân sách nhà nước: {fmt_int(money['funding.state_budget'])} đồng.",
                f"b) Vận động từ doanh nghiệp và các nguồn hợp pháp khác: {fmt_int(money['funding.socialized'])} đồng.",
            ],
        ),
        ("II. ĐÁNH GIÁ CHUNG", []),
        ("1. Kết quả, bài học kinh nghiệm", rng.sample(_RESULTS, 2)),
        ("2. Khó khăn, tồn tại", rng.sample(_DIFFICULTIES, rng.randint(1, 3))),
        ("3. Kiến nghị, đề xuất", rng.sample(_RECOMMENDATIONS, rng.randint(1, 2))),
        ("4. Bảng tổng hợp số liệu", ["Đơn vị tính kinh phí: đồng"]),
    ]
    for heading, paragraphs in sections:
        doc.add_paragraph().add_run(heading).bold = True
        for text in paragraphs:
            doc.add_paragraph(text)
    cat = catalog()
    rows = [(code, v) for code, v in values.items() if code in cat]
    table = doc.add_table(rows=len(rows) + 1, cols=4)
    for c, text in enumerate(("STT", "Nội dung", "Đơn vị tính", "Số lượng")):
        table.cell(0, c).text = text
    for r, (code, v) in enumerate(rows, start=1):
        ind = cat[code]
        table.cell(r, 0).text = str(r)
        table.cell(r, 1).text = ind.label_vi
        table.cell(r, 2).text = ind.unit_vi
        table.cell(r, 3).text = fmt_int(v)
    doc.add_paragraph("Nơi nhận:")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def iter_demo_reports(expected: Iterable[dict], seed: int = 2024) -> Iterator[tuple[str, bytes]]:
    """(file name, .docx bytes) for about SHARE of the demo spreadsheets, deterministic in `seed`;
    `expected`: the rows of the demo's expected.csv (etl.demo_files.read_expected), whose values
    each report's table repeats."""
    by_file: dict[tuple[str, int, str], dict[str, int]] = {}
    for r in expected:
        by_file.setdefault((r["file"], r["year"], r["province_code"]), {})[r["indicator_code"]] = r["value"]
    for (file, year, code), values in by_file.items():
        rng = random.Random(f"{seed}-report-{year}-{code}")
        if rng.random() < SHARE:
            yield f"BaoCao_{Path(file).stem}.docx", _report(code, year, values, rng)


def write_demo_reports(out_dir: Path, expected: Iterable[dict], seed: int = 2024) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in iter_demo_reports(expected, seed):
        p = out_dir / name
        p.write_bytes(data)
        paths.append(p)
    return paths
