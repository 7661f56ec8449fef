"""Files that make the loader ask or that an officer may want to read another way: wide tables of
Lào Cai's districts (code 10, 2024) with a row no evidence decides, a group row that sums the rows
beneath it, and a ceremony column an officer may set aside. Shared by the AppTest and Chromium
tests of the questions on the Tải lên page."""

from __future__ import annotations

from fixtures_factory import Grid, xlsx_bytes

from reference import admin_units as au

PROVINCE = "10"  # Lào Cai, 63-province era
YEAR = 2024
CENTRE = "Trung tâm GDNN-GDTX tỉnh"  # not a district, and nothing in the table says what it is
SCHOOLS = "Khối trường học"
HEADER = ["Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ", "Lễ khai mạc"]


def districts(n: int = 2) -> list[str]:
    return [d.name for d in au.districts(PROVINCE)[:n]]


def _grid(*rows) -> bytes:
    g = Grid(name="Tong hop")
    g.add("UBND TỈNH LÀO CAI")
    g.add(f"BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {YEAR}")
    g.add()
    g.add(*HEADER)
    for r in rows:
        g.add(*r)
    return xlsx_bytes(g)


def row_question_bytes() -> bytes:
    """Two districts and a centre row: the loader asks whether the centre is a unit (classes 2 + 3,
    and 4 more if it is)."""
    a, b = districts()
    return _grid([a, 2, 40, 1], [b, 3, 50, 1], [CENTRE, 4, 60, 1])


def subtotal_bytes() -> bytes:
    """Two districts, then a schools row that happens to equal the sum of the two communes beneath
    it: read as a subtotal (classes 2 + 3 + 1 + 3 = 9); an officer who knows the schools row is a
    unit of its own corrects it, and the province has 13."""
    a, b = districts()
    return _grid(
        [a, 2, 40, 1],
        [b, 3, 50, 1],
        [SCHOOLS, 4, 100, 2],
        ["Xã Thí Điểm A", 1, 40, 1],
        ["Xã Thí Điểm B", 3, 60, 1],
    )


def clean_bytes() -> bytes:
    """Three known districts: nothing to ask."""
    return _grid(*[[n, i + 1, 10 * (i + 1), 1] for i, n in enumerate(districts(3))])


def competing_bytes() -> bytes:
    """A vertical form where 'Lớp ngoại ngữ' (3) and 'Lớp tiếng Anh' (5) both read as language
    classes: the officer says which cell is not that indicator."""
    g = Grid(name="Bieu 1")
    for row in (
        ["UBND TỈNH LÀO CAI"],
        [f"BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {YEAR}"],
        [],
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lớp ngoại ngữ", "lớp", 3],
        ["2", "Lớp tiếng Anh", "lớp", 5],
        ["3", "Hội thảo", "cuộc", 1],
    ):
        g.add(*row)
    return xlsx_bytes(g)
