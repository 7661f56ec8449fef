"""The canonical report form as .xlsx: what the product asks units to fill in.

A title block (reporting unit, chosen from a list; the table title with the year; the money
unit), one row per catalog indicator with its Vietnamese label and unit, a hidden code column (so
a filled form loads with no mapping step, whatever happens to the labels), whole-number
validation on value cells, the structure locked (sheet and workbook: only the unit name, value
and note cells are editable), a signature block, and an instructions sheet. The example form is
the same with plausible figures and a line saying they are only an illustration."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from reference import admin_units, catalog

SECTIONS = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, TỔ CHỨC", ("direction",)),
    ("II", "LỄ KHAI MẠC, TUYÊN TRUYỀN", ("ceremony", "outreach")),
    ("III", "CÁC LỚP HỌC", ("classes",)),
    ("IV", "HOẠT ĐỘNG KHÁC", ("events", "reading", "support", "awards")),
    ("V", "KINH PHÍ TỔ CHỨC TUẦN LỄ", ("funding",)),
    ("VI", "TỔNG SỐ LƯỢT NGƯỜI THAM GIA", ("participants",)),
]
SHEET = "Bieu mau"
CODE_HEADER = "Mã chỉ tiêu"
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")


def _example_value(code: str) -> int:
    """Plausible numbers for the example form (a mid-sized province)."""
    base = {"count": 120, "people": 4_500, "money": 1_250_000_000}
    ind = catalog.by_code()[code]
    v = base.get(ind.kind, 100) + (sum(map(ord, code)) % 97) * (10 if ind.kind != "money" else 10_000_000)
    if code.startswith("classes.online."):
        v //= 5
    return v


def write_template(path: str | Path, year: int, example: bool = False, province_name: str | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_template(year, example, province_name).save(path)
    return path


def template_bytes(year: int, example: bool = False, province_name: str | None = None) -> bytes:
    """The form as .xlsx bytes (for a download button)."""
    buf = io.BytesIO()
    build_template(year, example, province_name).save(buf)
    return buf.getvalue()


def template_file_name(year: int, example: bool = False) -> str:
    return f"bieu_mau_tuan_le_hoc_tap_suot_doi_{year}{'_vi_du' if example else ''}.xlsx"


def build_template(year: int, example: bool = False, province_name: str | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    era = admin_units.era_for_year(year)
    names = [p.name for p in admin_units.provinces(era)]
    ws["A1"] = "Đơn vị báo cáo (tỉnh/thành phố):"
    ws["C1"] = province_name or (names[0] if example else "")
    ws["C1"].fill = _INPUT_FILL
    ws["C1"].protection = Protection(locked=False)
    ws["A2"] = f"BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {year}"
    ws["A2"].font = Font(bold=True, size=13)
    ws["A3"] = "Đơn vị tính kinh phí: đồng"
    ws["A3"].font = Font(italic=True)
    ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["E1"].font = Font(bold=True, size=9)
    ws["E2"] = "Độc lập - Tự do - Hạnh phúc"
    ws["E2"].font = Font(bold=True, italic=True, size=9)
    if example:
        ws["A4"] = "BIỂU VÍ DỤ: các số dưới đây chỉ để minh họa cách điền, không phải số liệu thật."
        ws["A4"].font = Font(bold=True, color="C00000")
    dv_unit = DataValidation(
        type="list",
        formula1=f"=Danh_muc!$A$2:$A${len(names) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Đơn vị",
        error="Chọn tỉnh/thành phố trong danh sách.",
    )
    ws.add_data_validation(dv_unit)
    dv_unit.add("C1")
    header = ["STT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú", CODE_HEADER]
    for c, h in enumerate(header, start=1):
        cell = ws.cell(row=5, column=c, value=h)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEAD_FILL, _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    dv = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số liệu",
        error="Nhập số nguyên không âm (để trống nếu không có).",
    )
    ws.add_data_validation(dv)
    r = 6
    typed = [i for i in catalog.indicators() if not i.derived]
    for roman, title, groups in SECTIONS:
        ws.cell(row=r, column=1, value=roman).font = Font(bold=True)
        ws.cell(row=r, column=2, value=title).font = Font(bold=True)
        for c in range(1, 7):
            ws.cell(row=r, column=c).border = _BOX
        r += 1
        n = 0
        for ind in (i for i in typed if i.group in groups):
            n += 1
            ws.cell(row=r, column=1, value=n)
            ws.cell(row=r, column=2, value=ind.label_vi).alignment = Alignment(wrap_text=True)
            ws.cell(row=r, column=3, value=ind.unit_vi)
            value = ws.cell(row=r, column=4, value=_example_value(ind.code) if example else None)
            value.number_format = "#,##0"
            value.fill = _INPUT_FILL
            value.protection = Protection(locked=False)
            ws.cell(row=r, column=5).protection = Protection(locked=False)
            ws.cell(row=r, column=6, value=ind.code)
            dv.add(value.coordinate)
            for c in range(1, 7):
                ws.cell(row=r, column=c).border = _BOX
            r += 1
    r += 1
    ws.cell(row=r, column=2, value="NGƯỜI LẬP BIỂU").font = Font(bold=True)
    ws.cell(row=r, column=4, value="THỦ TRƯỞNG ĐƠN VỊ").font = Font(bold=True)
    ws.cell(row=r + 1, column=2, value="(Ký, ghi rõ họ tên)").font = Font(italic=True)
    ws.cell(row=r + 1, column=4, value="(Ký tên, đóng dấu)").font = Font(italic=True)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 18
    ws.column_dimensions["E"].width = 24
    ws.column_dimensions["F"].hidden = True
    ws.freeze_panes = "A6"
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.print_title_rows = "5:5"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    lists = wb.create_sheet("Danh_muc")
    lists["A1"] = f"Tỉnh/thành phố ({era} đơn vị, năm {year})"
    for i, name in enumerate(names, start=2):
        lists.cell(row=i, column=1, value=name)
    lists.sheet_state = "hidden"

    guide = wb.create_sheet("Huong dan", 0)
    lines = [
        f"HƯỚNG DẪN ĐIỀN BIỂU TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {year}",
        "",
        f"1. Ở trang '{SHEET}', chọn tên tỉnh/thành phố tại ô C1.",
        "2. Điền số liệu vào cột 'Số lượng' (ô nền vàng): số nguyên, không âm; để trống nếu không có.",
        "3. Kinh phí ghi bằng đồng (ví dụ 1250000000); không ghi chữ 'đồng' trong ô.",
        "4. 'Trong đó: lớp học trực tuyến' là một phần của các lớp đã kê ở trên, không cộng thêm.",
        "5. Lượt người học tính theo lượt tham gia (một người học hai lớp tính hai lượt).",
        "6. Không thêm, xóa hay đổi thứ tự dòng; cột mã chỉ tiêu (ẩn) giúp hệ thống nạp đúng.",
        "7. Gửi tệp .xlsx này qua trang 'Tải lên' của hệ thống (không cần đổi tên tệp).",
        "",
        f"Năm {year} có {era} tỉnh/thành phố"
        + (" (theo Nghị quyết 202/2025/QH15)." if era == 34 else " (trước khi sắp xếp năm 2025)."),
        "Biểu có cấu trúc được khóa: chỉ các ô nền vàng (đơn vị, số lượng) và cột ghi chú được sửa.",
    ]
    for i, line in enumerate(lines, start=1):
        guide.cell(row=i, column=1, value=line).font = Font(bold=(i == 1))
    guide.column_dimensions["A"].width = 110
    guide.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)  # no sheet added, removed or renamed
    wb.active = 1
    return wb
