"""Tables turned on their side: indicators down the rows, units across the columns. A careful
officer reads them without doubt, so the loader reads them too (it once refused them with
"Không tìm thấy bảng số liệu"), checks their total column, and names every cell as written."""

from __future__ import annotations

from fixtures_factory import Grid, xlsx_bytes

from etl.explain import explain_lines, readings
from etl.extract import analyse

TITLE = (
    ["UBND TỈNH LÀO CAI"],
    ["SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024 THEO ĐƠN VỊ"],
    [],
)
UNITS = ["Thành phố Lào Cai", "Thị xã Sa Pa", "Huyện Bát Xát"]


def by_unit(an) -> dict[tuple[str, str], tuple[int, str]]:
    return {(v.unit.name, v.code): (v.value, v.cell) for v in an.values}


def roles_of(an) -> dict[tuple[str, str], str]:
    return {(r.where, r.text): r.role for r in readings(an)}


def turned_with_measure_column(life_skills_total: int = 15) -> Grid:
    return Grid.of(
        *TITLE,
        ["TT", "Chỉ tiêu", "ĐVT", *UNITS, "Tổng cộng"],
        [1, "Lễ khai mạc, phát động", "lễ", 3, 2, 5, 10],
        [2, "Người dự lễ khai mạc", "người", 300, 200, 500, 1000],
        [3, "Lớp giáo dục kỹ năng sống", "lớp", 4, 5, 6, life_skills_total],
        [4, "Lớp ngoại ngữ", "lớp", 1, 1, 1, 3],
        [5, "Lớp ngoại ngữ", "lượt người", 10, 12, 14, 36],
        [6, "Kinh phí từ ngân sách nhà nước", "triệu đồng", 10, 20, 30, 60],
        name="TH",
    )


def test_units_across_the_top_load_as_units_and_cells_are_named_as_written():
    an = analyse("chi_tieu_theo_huyen.xlsx", xlsx_bytes(turned_with_measure_column()))
    assert an.errors == [] and an.year == 2024 and an.unit.name == "Lào Cai"
    got = by_unit(an)
    # the unit-of-measure column decides the measure of the two 'Lớp ngoại ngữ' rows and the money unit
    assert got[("Huyện Bát Xát", "classes.language.classes")] == (1, "F8")
    assert got[("Huyện Bát Xát", "classes.language.learners")] == (14, "F9")
    assert got[("Thị xã Sa Pa", "ceremony.attendees")] == (200, "E6")
    assert got[("Thành phố Lào Cai", "funding.state_budget")] == (10_000_000, "D10")
    province = {v.code: v.value for v in an.province_values()}
    assert province == {
        "ceremony.events": 10,
        "ceremony.attendees": 1000,
        "classes.life_skills.classes": 15,
        "classes.language.classes": 3,
        "classes.language.learners": 36,
        "funding.state_budget": 60_000_000,
    }
    roles = roles_of(an)
    assert roles[("Cột F", "Huyện Bát Xát")] == "unit"
    assert roles[("Cột G", "Tổng cộng")] == "total"  # checked against the units, never added in
    assert roles[("Dòng 9", "Lớp ngoại ngữ (lượt người)")] == "value"
    assert any("biểu ngang xoay" in line and "dòng 4" in line for line in explain_lines(an))


def test_a_total_column_that_disagrees_is_asked_at_its_cell_as_written():
    an = analyse("chi_tieu_theo_huyen.xlsx", xlsx_bytes(turned_with_measure_column(life_skills_total=16)))
    asked = [(q.code, q.sheet, q.cell) for q in an.questions]
    assert asked == [("ask.total_mismatch", "TH", "G7")]
    assert not an.ok


def test_two_cells_for_one_indicator_cite_both_cells_as_written():
    g = Grid.of(
        *TITLE,
        ["TT", "Chỉ tiêu", *UNITS],
        [1, "Lễ khai mạc, phát động", 3, 2, 5],
        [2, "Số lớp ngoại ngữ", 1, 1, 1],
        [3, "Lớp ngoại ngữ (số lớp)", 2, 1, 1],
        name="TH",
    )
    an = analyse("chi_tieu.xlsx", xlsx_bytes(g))
    asked = [(q.code, q.cell, q.params["first_at"], q.params["second_at"]) for q in an.questions]
    assert asked == [("ask.competing", "C7", "TH!C6", "TH!C7")]
    answers = [o.text.params["cell"] for o in an.questions[0].options]
    assert sorted(answers) == ["C6", "C7"]
    assert not an.ok  # nothing loads until the officer says which cell it is


def test_subject_merged_over_its_measure_rows():
    g = Grid.of(
        *TITLE,
        ["STT", "Nội dung", "", *UNITS, "Tổng số"],
        ["I", "Lễ khai mạc", "Số lễ", 3, 2, 5, 10],
        ["", "", "Số người dự", 300, 200, 500, 1000],
        ["II", "Lớp ngoại ngữ", "Số lớp", 1, 1, 1, 3],
        ["", "", "Số lượt người học", 10, 10, 10, 30],
        ["III", "Lớp giáo dục kỹ năng sống", "Số lớp", 4, 5, 6, 15],
        ["", "", "Số lượt người học", 40, 50, 60, 150],
        merges=[(3, 1, 3, 2), (4, 1, 5, 1), (6, 1, 7, 1), (8, 1, 9, 1)],
        name="TH",
    )
    an = analyse("chi_tieu.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert {v.code: v.value for v in an.province_values()} == {
        "ceremony.events": 10,
        "ceremony.attendees": 1000,
        "classes.language.classes": 3,
        "classes.language.learners": 30,
        "classes.life_skills.classes": 15,
        "classes.life_skills.learners": 150,
    }
    assert by_unit(an)[("Thị xã Sa Pa", "classes.life_skills.learners")] == (50, "E10")


def test_provinces_across_the_top_of_a_national_table():
    g = Grid.of(
        ["BỘ GIÁO DỤC VÀ ĐÀO TẠO"],
        ["TỔNG HỢP KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2025"],
        [],
        ["TT", "Chỉ tiêu", "Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Cần Thơ"],
        [1, "Số lễ khai mạc, phát động", 30, 20, 5, 4],
        [2, "Số lớp kỹ năng sống", 100, 200, 30, 40],
        [3, "Số lượt người học lớp kỹ năng sống", 1000, 2000, 300, 400],
        name="TH",
    )
    an = analyse("bo.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.unit.level == "national"
    got = by_unit(an)
    assert got[("Đà Nẵng", "classes.life_skills.learners")] == (300, "E7")
    assert got[("TP. Hồ Chí Minh", "ceremony.events")] == (20, "D5")
    assert len(an.values) == 12


def test_a_table_with_a_row_per_unit_is_not_turned():
    g = Grid.of(
        *TITLE,
        ["TT", "Đơn vị", "Lễ khai mạc, phát động", "Người dự lễ khai mạc", "Ghi chú", ""],
        [1, "Thành phố Lào Cai", 3, 300, "Phường Cốc Lếu", "Phường Duyên Hải"],
        [2, "Thị xã Sa Pa", 2, 200, "Phường Sa Pa", "Xã Tả Van"],
        [3, "Huyện Bát Xát", 5, 500, "", ""],
        name="TH",
    )
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert by_unit(an)[("Thị xã Sa Pa", "ceremony.attendees")] == (200, "D6")
    assert roles_of(an)[("Dòng 6", "Thị xã Sa Pa")] == "unit"
    assert not any("xoay" in line for line in explain_lines(an))


def test_a_turned_csv_whose_total_is_named_on_the_numbering_line():
    # 'STT | | 1 | 2 | 3 | TỔNG CỘNG' above the unit names: the numbering line is a header line too,
    # so the rows of figures under it are not taken for fields split at a comma
    lines = [
        "UBND TỈNH LÀO CAI",
        "SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024",
        "STT,,1,2,3,TỔNG CỘNG",
        "Tên đơn vị,,Thành phố Lào Cai,Thị xã Sa Pa,Huyện Bát Xát,",
        "Lễ khai mạc phát động,Số lễ,3,2,5,10",
        "Người dự lễ khai mạc,Số người,300,200,500,1000",
    ]
    an = analyse("theo_huyen.csv", "\n".join(lines).encode())
    assert an.errors == []
    assert {v.code: v.value for v in an.province_values()} == {"ceremony.events": 10, "ceremony.attendees": 1000}


def test_a_footer_in_the_first_column_is_no_label_column():
    g = Grid.of(
        *TITLE,
        ["STT", "Nội dung", "ĐVT", "Tổng cộng", *UNITS],
        [1, "Lễ khai mạc, phát động", "lễ", 10, 3, 2, 5],
        [2, "Kinh phí từ ngân sách nhà nước", "Triệu đồng", 60, 10, 20, 30],
        [],
        ["Người lập biểu", None, None, "Giám đốc"],
        ["Nguyễn Văn A", None, None, "Trần Văn B"],
        name="TH",
    )
    an = analyse("theo_huyen.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert {v.code: v.value for v in an.province_values()} == {
        "ceremony.events": 10,
        "funding.state_budget": 60_000_000,
    }


def test_a_letterhead_naming_a_district_and_a_date_is_not_a_row_of_units():
    g = Grid.of(
        [None, "UBND HUYỆN BÁT XÁT", None, "Huyện Bát Xát, ngày 05 tháng 12 năm 2024", "Xã hội hóa"],
        ["BÁO CÁO KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"],
        ["STT", "Nội dung", "ĐVT", "Số lượng", "Ghi chú"],
        [1, "Lễ khai mạc, phát động", "lễ", 23, 2],
        [2, "Người dự lễ khai mạc", "người", 2500, 3],
        [3, "Lớp giáo dục kỹ năng sống", "lớp", 44, 1],
        name="TH",
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.year == 2024
    assert {v.code: v.value for v in an.values if v.unit.name == "Huyện Bát Xát"}["ceremony.attendees"] == 2500


def _hide_column(data: bytes, letter: str) -> bytes:
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb.active.column_dimensions[letter].hidden = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_hidden_unit_column_is_read_and_said_or_left_out_as_the_total_says():
    body = ([1, "Lễ khai mạc, phát động", 3, 2, 5], [2, "Người dự lễ khai mạc", 300, 200, 500])
    # no total: the hidden Sa Pa is read, and the officer is told which column it is
    g = Grid.of(*TITLE, ["TT", "Chỉ tiêu", *UNITS], *body, name="TH")
    an = analyse("theo_huyen.xlsx", _hide_column(xlsx_bytes(g), "D"))
    assert by_unit(an)[("Thị xã Sa Pa", "ceremony.events")] == (2, "D5")
    assert [(p.code, p.params["cols"]) for p in an.warnings if p.code.startswith("sheet.hidden")] == [
        ("sheet.hidden_columns_read", "D")
    ]
    # a total that leaves it out: not read, and said
    g = Grid.of(*TITLE, ["TT", "Chỉ tiêu", *UNITS, "Tổng cộng"], *[[*r, r[2] + r[4]] for r in body], name="TH")
    an = analyse("theo_huyen.xlsx", _hide_column(xlsx_bytes(g), "D"))
    assert an.errors == [] and ("Thị xã Sa Pa", "ceremony.events") not in by_unit(an)
    assert [(p.code, p.params["cols"]) for p in an.warnings if p.code.startswith("sheet.hidden")] == [
        ("sheet.hidden_columns_left_out", "D")
    ]
