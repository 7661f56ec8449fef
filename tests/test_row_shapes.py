"""Row shapes of a list of units (issue 14, rows and hidden): a group's subtotal after its units,
the province's own bodies ("Các sở, ban, ngành", "Khối trường học") inside or outside its total,
and a hidden row the total leaves out. Each file is one a careful officer reads without doubt,
or asks about; never a wrong value."""

from __future__ import annotations

import io

from fixtures_factory import Grid, xlsx_bytes
from openpyxl import load_workbook

from etl.extract import analyse
from reference import admin_units as au

TITLE_2024 = ["UBND TỈNH HẢI DƯƠNG"], ["BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"], []
HEADER = ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"]


def districts(n: int) -> list[str]:
    return [d.name for d in au.districts("30")[:n]]  # Hải Dương


def province_values(an) -> dict[str, int]:
    return {v.code: v.value for v in an.province_values()}


def unit_codes(an) -> set[str]:
    return {v.unit.code for v in an.values}


def test_a_group_subtotal_after_a_group_of_one_unit_is_not_the_total():
    # 'I. Thành phố, thị xã' with one city, then 'Cộng nhóm I' = that city: the group's subtotal
    # (more units follow), not a second total that disagrees with the table
    city, *rural = districts(3)
    g = Grid.of(
        *TITLE_2024,
        HEADER,
        ["I", "Thành phố, thị xã"],
        [1, city, 4, 90],
        ["", "Cộng nhóm I", 4, 90],
        ["II", "Các huyện"],
        [2, rural[0], 2, 40],
        [3, rural[1], 3, 50],
        ["", "Cộng các huyện", 5, 90],
        ["", "Tổng cộng", 9, 180],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 9, "classes.language.learners": 180}


def _with_bodies(total: tuple[int, int] | None, bodies_after_total: bool = False) -> Grid:
    names = districts(3)
    units = [[i + 1, n, i + 2, 10 * (i + 2)] for i, n in enumerate(names)]  # 2+3+4 = 9, 90
    bodies = [["", "Các sở, ban, ngành", 5, 70], ["", "Khối trường học", 1, 15]]
    rows = [*TITLE_2024, HEADER, *units]
    if bodies_after_total:
        rows += [["", "Tổng cộng", *total], ["", "Ngoài ra:"], *bodies]
    else:
        rows += bodies + ([["", "Tổng cộng", *total]] if total else [])
    return Grid.of(*rows)


def test_province_bodies_the_total_adds_in_count_in_the_province_never_as_units():
    an = analyse("tong_hop.xlsx", xlsx_bytes(_with_bodies((15, 175))))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 15, "classes.language.learners": 175}
    prov = an.unit.code
    assert all(c == prov or c in {d.code for d in au.districts("30")} for c in unit_codes(an))


def test_province_bodies_under_a_total_that_leaves_them_out_are_not_loaded():
    an = analyse("tong_hop.xlsx", xlsx_bytes(_with_bodies((9, 90), bodies_after_total=True)))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 9, "classes.language.learners": 90}
    assert len(unit_codes(an)) == 4  # the province and its three districts


def test_province_bodies_without_a_total_are_asked_not_summed():
    an = analyse("tong_hop.xlsx", xlsx_bytes(_with_bodies(None)))
    assert {q.code for q in an.questions} == {"ask.row_role"} and not an.ok


def _hidden_row_file(total: tuple[int, int] | None) -> bytes:
    names = districts(4)
    rows = [*TITLE_2024, HEADER, *[[i + 1, n, i + 2, 10 * (i + 2)] for i, n in enumerate(names)]]
    rows += [["", "Tổng cộng", *total]] if total else []
    wb = load_workbook(io.BytesIO(xlsx_bytes(Grid.of(*rows))))
    wb.active.row_dimensions[len(TITLE_2024) + 1 + 4].hidden = True  # the fourth district (2+3+4+5)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_hidden_row_the_total_leaves_out_is_not_read():
    an = analyse("tong_hop.xlsx", _hidden_row_file((9, 90)))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 9, "classes.language.learners": 90}
    assert au.districts("30")[3].code not in unit_codes(an)
    # the officer is told it was left out, not that it was read
    (said,) = [p for p in an.warnings if p.code.startswith("sheet.hidden_rows")]
    assert said.code == "sheet.hidden_rows_left_out" and said.params["rows"] == "8"


def test_a_hidden_row_the_total_counts_is_read_and_so_is_one_without_a_total():
    for total in ((14, 140), None):
        an = analyse("tong_hop.xlsx", _hidden_row_file(total))
        assert an.errors == [] and an.questions == []
        assert province_values(an) == {"classes.language.classes": 14, "classes.language.learners": 140}
        assert "sheet.hidden_rows" in {p.code for p in an.warnings}


def _ods_bytes(rows: list[list], hidden_cols: set[int], hidden_rows: set[int]) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    t = Table(name="Tong hop")
    width = max(len(r) for r in rows)
    for c in range(width):
        t.addElement(TableColumn(visibility="collapse") if c in hidden_cols else TableColumn())
    for r, row in enumerate(rows):
        tr = TableRow(visibility="collapse") if r in hidden_rows else TableRow()
        for v in row + [None] * (width - len(row)):
            if isinstance(v, int):
                cell = TableCell(valuetype="float", value=v)
                cell.addElement(P(text=str(v)))
            else:
                cell = TableCell(valuetype="string") if v else TableCell()
                if v:
                    cell.addElement(P(text=v))
            tr.addElement(cell)
        t.addElement(tr)
    doc.spreadsheet.addElement(t)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


def test_columns_and_rows_hidden_in_an_ods_are_what_excel_hides():
    # LibreOffice hides with table:visibility="collapse": last year's copy of a column left hidden
    # beside this year's was read as a second value (the file refused), a hidden row always read
    names = districts(4)
    header = ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"]
    units = [[i + 1, n, 90 + i, i + 2, 10 * (i + 2)] for i, n in enumerate(names)]
    rows = [*[list(r) for r in TITLE_2024], header, *units, ["", "Tổng cộng", 0, 9, 90]]
    an = analyse("tong_hop.ods", _ods_bytes(rows, hidden_cols={2}, hidden_rows={len(TITLE_2024) + 4}))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 9, "classes.language.learners": 90}


def test_a_unit_numbered_in_its_name_cell_is_that_unit():
    # '1. Huyện Nam Sách' with nothing in the STT column: loaded as an unknown unit of its own
    # ('1-huyen-nam-sach'), every value of the district under a code no one reads
    names = districts(3)
    g = Grid.of(
        *TITLE_2024,
        HEADER,
        *[["", f"{i + 1}. {n}", i + 2, 10 * (i + 2)] for i, n in enumerate(names)],
        ["", "Tổng cộng", 9, 90],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    assert unit_codes(an) == {an.unit.code, *(d.code for d in au.districts("30")[:3])}


def test_a_part_row_under_a_unit_is_neither_a_unit_nor_asked_about():
    # '- Trong đó: thị trấn' under its district: a part of it (a careful reader never adds it in);
    # without a total row it was asked about
    names = districts(2)
    g = Grid.of(
        *TITLE_2024,
        HEADER,
        [1, names[0], 4, 90],
        ["", "- Trong đó: thị trấn", 1, 30],
        [2, names[1], 2, 40],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 6, "classes.language.learners": 130}
    # a 'part' larger than its unit is no part: the officer is asked
    g.rows[-2][2] = 5
    assert {q.code for q in analyse("tong_hop.xlsx", xlsx_bytes(g)).questions} == {"ask.row_role"}


def test_the_header_printed_again_at_a_page_break_goes_on_with_the_same_table():
    # the repeated header cut the list in two tables: the rows under it were checked against a
    # total of every unit, and a row the total decides was asked about
    names = districts(4)
    g = Grid.of(
        *TITLE_2024,
        HEADER,
        [1, names[0], 2, 20],
        [2, names[1], 3, 30],
        HEADER,
        [3, names[2], 4, 40],
        [4, names[3], 5, 50],
        ["", "Tổng cộng", 14, 140],
        ["", "Ngoài ra:"],
        ["", "Các sở, ban, ngành", 6, 60],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 14, "classes.language.learners": 140}


def test_part_rows_inside_a_group_leave_the_group_s_subtotal_its_units():
    names = districts(3)
    g = Grid.of(
        *TITLE_2024,
        HEADER,
        ["I", "I. Cụm thi đua số 1", 5, 50],
        [1, names[0], 2, 20],
        ["", "- Trong đó: thị trấn", 1, 5],
        [2, names[1], 3, 30],
        ["II", "II. Cụm thi đua số 2", 4, 40],
        [3, names[2], 4, 40],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 9, "classes.language.learners": 90}


def test_a_typed_funding_total_over_a_part_no_one_maps_is_asked_never_loaded_short():
    # derived totals: 'Tổng kinh phí' 50 over 'Ngân sách nhà nước' 20 and a source the vocabulary
    # lacks (30): the typed total is checked against the parts it can read, and asked
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        [1, "Tổng kinh phí", "triệu đồng", 50],
        [2, "Ngân sách nhà nước", "triệu đồng", 20],
        [3, "Nguồn quỹ khuyến học tài trợ", "triệu đồng", 30],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert "ask.total_mismatch" in {q.code for q in an.questions} and not an.ok


def test_bodies_named_one_by_one_under_their_group_count_in_the_province_only():
    # 'Tỉnh đoàn', 'Sở Văn hóa, Thể thao và Du lịch' under 'III. Các sở, ban, ngành, đoàn thể' with
    # its subtotal: they loaded as sub-units of their own, beside the districts
    names = districts(2)
    rows = [*TITLE_2024, HEADER, ["I", "Các huyện", 5, 50]]
    rows += [[i + 1, n, i + 2, 10 * (i + 2)] for i, n in enumerate(names)]
    rows += [["III", "III. Các sở, ban, ngành, đoàn thể", 3, 25], ["", "Tỉnh đoàn", 1, 10]]
    rows += [["", "Sở Văn hóa, Thể thao và Du lịch", 2, 15]]
    with_total = Grid.of(*rows, ["", "Tổng cộng", 8, 75])
    an = analyse("tong_hop.xlsx", xlsx_bytes(with_total))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 8, "classes.language.learners": 75}
    assert len(unit_codes(an)) == 3  # the province and its two districts
    # no total row: whether the province's figure includes them is the officer's to say
    an = analyse("tong_hop.xlsx", xlsx_bytes(Grid.of(*rows)))
    assert {q.code for q in an.questions} == {"ask.row_role"} and not an.ok
    keys = {q.options[0][0] for q in an.questions}
    answered = analyse("tong_hop.xlsx", xlsx_bytes(Grid.of(*rows)), learned=dict.fromkeys(keys, "unit"))
    assert answered.ok and province_values(answered)["classes.language.classes"] == 8


def test_a_group_row_sums_its_known_units_though_a_body_of_the_province_follows_them():
    names = districts(3)
    g = Grid.of(
        *TITLE_2024,
        HEADER,
        ["", "Thành phố, thị xã", 2, 20],
        [1, names[0], 2, 20],
        ["", "Các huyện", 7, 70],
        [2, names[1], 3, 30],
        [3, names[2], 4, 40],
        ["", "Các sở, ban, ngành", 5, 50],
        ["", "Tổng cộng", 14, 140],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 14, "classes.language.learners": 140}


def test_a_vertical_form_s_header_printed_again_goes_on_with_the_same_table():
    # the last section under the repeated header was a table of one row, never read
    head = ["STT", "Nội dung", "ĐVT", "Số lượng"]
    g = Grid.of(
        *TITLE_2024,
        head,
        ["I", "CÁC LỚP HỌC"],
        ["1", "Lớp ngoại ngữ", "lớp", 12],
        ["2", "Lớp giáo dục kỹ năng sống", "lớp", 30],
        [],
        head,
        ["II", "TỔNG HỢP"],
        ["1", "Tổng số lượt người tham gia các hoạt động Tuần lễ", "lượt người", 5400],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {
        "classes.language.classes": 12,
        "classes.life_skills.classes": 30,
        "participants.total": 5400,
    }


def test_a_part_row_under_a_count_of_people_in_a_vertical_form_is_no_unknown_indicator():
    # '- Trong đó: nữ' under the attendees: a part of the row above, neither loaded nor reported
    # as a label the loader does not know
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3],
        ["2", "Người dự lễ khai mạc, phát động", "người", 900],
        ["", "- Trong đó: nữ", "người", 480],
        ["3", "Lớp ngoại ngữ", "lớp", 7],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == [] and an.warnings == []
    assert province_values(an) == {"ceremony.events": 3, "ceremony.attendees": 900, "classes.language.classes": 7}


def test_a_unit_whose_bare_name_starts_with_a_group_word_stays_inside_its_group():
    # 'Vũng Liêm' (a district; 'vùng' is a group word) cut the block 'Cộng nhóm II' sums: the
    # subtotal was taken for a second total, and every column asked
    g = Grid.of(
        ["UBND TỈNH VĨNH LONG"],
        ["BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2019"],
        [],
        HEADER,
        ["I", "I. Thành phố, thị xã"],
        [1, "Bình Minh", 4, 40],
        ["", "Cộng nhóm I", 4, 40],
        ["II", "II. Các huyện"],
        [2, "Long Hồ", 1, 10],
        [3, "Vũng Liêm", 2, 20],
        [4, "Tam Bình", 3, 30],
        ["", "Cộng nhóm II", 6, 60],
        ["", "Tổng cộng", 10, 100],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 10, "classes.language.learners": 100}
    assert "859" in unit_codes(an)  # Huyện Vũng Liêm
