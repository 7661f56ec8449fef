"""Table roles: each category of file that real provinces sent and the loader once misread.

Every test builds the file a careful officer reads without doubt, checks the values that load
(never a wrong one), the roles the loader gives columns and rows, and the questions it asks when
the evidence does not decide. Assertions are on codes and values, not on message text."""

from __future__ import annotations

import pytest
from fixtures_factory import Grid, xlsx_bytes

from etl.explain import explain_lines, readings
from etl.extract import analyse, row_key
from reference import admin_units as au
from reference.problems import Text
from warehouse.db import connect

TITLE_2024 = ["UBND TỈNH LÀO CAI"], ["BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"], []


def province_values(an) -> dict[str, int]:
    return {v.code: v.value for v in an.province_values()}


def codes(problems) -> list[str]:
    return sorted(p.code for p in problems)


def roles_of(an) -> dict[tuple[str, str], str]:
    return {(r.where, r.text): r.role for r in readings(an)}


# ------------------------------------------------------------------------ 1. columns that are not the year's
def test_previous_year_change_and_ratio_columns_are_set_aside():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Năm 2023", "Năm 2024", "Tăng/giảm", "Tỷ lệ %"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 10, 12, 2, 120],
        ["2", "Người dự lễ khai mạc, phát động", "người", 900, 850, -50, 94.4],
        ["3", "Lớp giáo dục kỹ năng sống", "lớp", 30, 41, 11, 136.7],
        ["4", "Lớp ngoại ngữ", "lớp", 8, 7, -1, 87.5],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.year == 2024
    assert province_values(an) == {
        "ceremony.events": 12,
        "ceremony.attendees": 850,
        "classes.life_skills.classes": 41,
        "classes.language.classes": 7,
    }
    roles = roles_of(an)
    assert roles[("Cột D", "Năm 2023")] == "period"
    assert roles[("Cột E", "Năm 2024")] == "value"
    assert roles[("Cột F", "Tăng/giảm")] == "change"
    assert roles[("Cột G", "Tỷ lệ %")] == "ratio"
    assert any("năm 2023, không phải năm báo cáo 2024" in line for line in explain_lines(an))


def test_plan_beside_result_takes_the_result_only():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Tỷ lệ % so với KH", "Ghi chú"],
        ["1", "Lớp tin học, kỹ năng số", "lớp", 20, 25, 125, ""],
        ["2", "Lớp xóa mù chữ", "lớp", 5, 4, 80, "thiếu giáo viên"],
        ["3", "Hội thảo, tọa đàm", "cuộc", 3, 3, 100, ""],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "classes.digital.classes": 25,
        "classes.literacy.classes": 4,
        "events.seminars.count": 3,
    }
    roles = roles_of(an)
    assert roles[("Cột D", "Kế hoạch")] == "plan"
    assert roles[("Cột F", "Tỷ lệ % so với KH")] == "ratio"


def test_sessions_beside_classes_in_a_wide_table_are_not_classes():
    names = [d.name for d in au.districts("10")[:3]]
    g = Grid.of(
        *TITLE_2024,
        ["Đơn vị", "Lớp kỹ năng sống", None, None, "Lớp ngoại ngữ", None],
        [None, "Số lớp", "Số buổi", "Lượt người", "Số lớp", "Lượt người"],
        [names[0], 2, 10, 60, 1, 25],
        [names[1], 3, 12, 90, 2, 40],
        [names[2], 1, 4, 30, 0, 0],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "classes.life_skills.classes": 6,
        "classes.life_skills.learners": 180,
        "classes.language.classes": 3,
        "classes.language.learners": 65,
    }
    assert roles_of(an)[("Cột C", "Lớp kỹ năng sống / Số buổi")] == "sessions"


def test_year_groups_over_a_wide_header_take_the_report_year():
    names = [d.name for d in au.districts("10")[:2]]
    g = Grid.of(
        *TITLE_2024,
        ["Đơn vị", "Năm 2023", None, "Năm 2024", None],
        [None, "Lễ khai mạc", "Kinh phí NSNN (đồng)", "Lễ khai mạc", "Kinh phí NSNN (đồng)"],
        [names[0], 1, 5_000_000, 2, 7_000_000],
        [names[1], 1, 3_000_000, 1, 1_000_000],
    )
    g.merges += [(3, 1, 3, 2), (3, 3, 3, 4)]
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {"ceremony.events": 3, "funding.state_budget": 8_000_000}


def test_year_from_the_newest_year_column_when_the_title_says_none():
    g = Grid.of(
        ["UBND TỈNH LÀO CAI"],
        [],
        ["STT", "Nội dung", "ĐVT", "Năm 2022", "Năm 2023"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 10, 12],
        ["2", "Lớp ngoại ngữ", "lớp", 8, 7],
        ["3", "Hội thảo, tọa đàm", "cuộc", 3, 5],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert (an.year, an.year_source.code) == (2023, "source.year_column")
    assert province_values(an)["ceremony.events"] == 12


# ------------------------------------------------------------------------ 2. rows that are not units
def _districts(code: str, n: int) -> list[str]:
    return [d.name for d in au.districts(code)[:n]]


def test_region_rows_of_a_national_table_are_subtotals_not_provinces():
    # the Ministry's table grouped by region: 'Đồng bằng sông Hồng' is the sum of the provinces under
    # it (a province added twice would double), not an unknown province (an error refusing the file)
    provs = au.provinces(63)
    north, highlands = provs[:3], provs[40:43]
    rows = [["STT", "Tỉnh, thành phố", "Số lễ khai mạc", "Số lớp ngoại ngữ"]]
    values = {p.code: (i + 3, 10 * i + 7) for i, p in enumerate(north + highlands)}
    for roman, region, group in (("I", "Đồng bằng sông Hồng", north), ("II", "Tây Nguyên", highlands)):
        rows.append([roman, region, *(sum(values[p.code][k] for p in group) for k in (0, 1))])
        rows += [[i, p.name, *values[p.code]] for i, p in enumerate(group, 1)]
    g = Grid.of(["BỘ GIÁO DỤC VÀ ĐÀO TẠO"], ["TỔNG HỢP KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"], [], *rows)
    an = analyse("tong_hop_toan_quoc.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    got = {(v.unit.code, v.code): v.value for v in an.province_values()}
    assert got == {
        **{(c, "ceremony.events"): e for c, (e, _) in values.items()},
        **{(c, "classes.language.classes"): n for c, (_, n) in values.items()},
    }


def test_a_group_numbered_apart_in_the_stt_column_is_decided_by_its_sums():
    # 'I | Khu vực đô thị' (a name no directory knows, a Roman number in the STT column where units
    # count 1, 2, 3): the sum of the rows under it, never a unit of its own
    names = _districts("10", 4)
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        ["I", "Khu vực đô thị", 5, 90],
        [1, names[0], 2, 40],
        [2, names[1], 3, 50],
        ["II", "Khu vực nông thôn", 9, 160],
        [1, names[2], 4, 70],
        [2, names[3], 5, 90],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {"classes.language.classes": 14, "classes.language.learners": 250}


def test_subtotal_rows_of_groups_are_never_summed():
    towns, rural = _districts("10", 2), _districts("10", 5)[2:]
    rows = {towns[0]: (2, 40), towns[1]: (3, 50), rural[0]: (1, 10), rural[1]: (4, 70), rural[2]: (5, 30)}
    sub_towns = tuple(sum(rows[n][i] for n in towns) for i in (0, 1))
    sub_rural = tuple(sum(rows[n][i] for n in rural) for i in (0, 1))
    total = tuple(a + b for a, b in zip(sub_towns, sub_rural))
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        ["", "Tổng cộng", *total],
        ["I", "Thành phố, thị xã", *sub_towns],
        *[["", n, *rows[n]] for n in towns],
        ["II", "Các huyện", *sub_rural],
        *[["", n, *rows[n]] for n in rural],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.warnings == []
    assert province_values(an) == {"classes.language.classes": total[0], "classes.language.learners": total[1]}
    roles = roles_of(an)
    assert roles[("Dòng 5", "Tổng cộng")] == "total"
    assert roles[("Dòng 6", "Thành phố, thị xã")] == "subtotal"
    assert roles[("Dòng 9", "Các huyện")] == "subtotal"
    assert {roles[(f"Dòng {r}", n)] for r, n in zip((7, 8, 10, 11, 12), towns + rural)} == {"unit"}


def test_a_group_row_of_schools_sums_its_schools_which_then_count_as_units():
    communes = [c.name for c in au.communes("01", 34)[:2]]
    g = Grid.of(
        ["UBND THÀNH PHỐ HÀ NỘI"],
        ["BẢNG TỔNG HỢP SỐ LIỆU NĂM 2025"],
        [],
        ["Đơn vị", "Số lớp kỹ năng sống", "Lượt người học kỹ năng sống", "Lễ khai mạc"],
        [communes[0], 3, 90, 1],
        [communes[1], 2, 50, 1],
        ["Khối trường học", 5, 300, 2],
        ["Trường THPT Chu Văn An", 2, 120, 1],
        ["Trường THPT Việt Đức", 3, 180, 1],
        ["Tổng cộng", 10, 440, 4],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.ok, [p.render() for p in an.errors]
    assert province_values(an) == {
        "classes.life_skills.classes": 10,
        "classes.life_skills.learners": 440,
        "ceremony.events": 4,
    }
    assert roles_of(an)[("Dòng 7", "Khối trường học")] == "subtotal"


def test_a_row_no_evidence_decides_is_asked_not_guessed_and_the_answer_is_remembered():
    names = _districts("10", 2)
    g = Grid.of(
        *TITLE_2024,
        ["Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        [names[0], 2, 40],
        [names[1], 3, 50],
        ["Trung tâm GDNN-GDTX tỉnh", 4, 60],
    )
    data = xlsx_bytes(g)
    an = analyse("tong_hop.xlsx", data)
    (q,) = an.questions
    assert q.code == "ask.row_role" and q.cell == "A7" and not an.ok
    assert {v for _, v, _ in q.options} == {"unit", "subtotal"}
    key = q.options[0][0]
    as_unit = analyse("tong_hop.xlsx", data, learned={key: "unit"})
    assert as_unit.errors == []
    assert province_values(as_unit)["classes.language.classes"] == 9
    not_unit = analyse("tong_hop.xlsx", data, learned={key: "subtotal"})
    assert province_values(not_unit)["classes.language.classes"] == 5


def test_communes_named_by_their_learning_centre_are_those_communes():
    # "TTHTCĐ phường Kim Tân" names a centre, an indicator word: the list read as a vertical form
    # whose rows all competed for one indicator, and the file asked instead of loading
    communes = list(au.communes("10", au.era_for_year(2024)))[:4]
    offices = ("TTHTCĐ", "TT HTCĐ", "Trung tâm học tập cộng đồng", "TTVH-TT&HTCĐ")
    rows = [
        [str(i + 1), f"{o} {c.name[0].lower()}{c.name[1:]}", i + 2, 10 * (i + 2)]
        for i, (o, c) in enumerate(zip(offices, communes))
    ]
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        *rows,
        ["", "Tổng cộng", 14, 140],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {"classes.language.classes": 14, "classes.language.learners": 140}
    assert {c.code for c in communes} <= {v.unit.code for v in an.values}


def test_a_city_written_bare_like_its_province_is_the_city_when_the_total_counts_it():
    # 'Lào Cai' among bare district names is the city of Lào Cai: read as the province's own total
    # row, the file asked although its 'Tổng cộng' adds the city in
    rows = [["1", "Lào Cai", 4, 90], ["2", "Bát Xát", 2, 40], ["3", "Mường Khương", 1, 30], ["4", "Sa Pa", 3, 60]]
    g = Grid.of(*TITLE_2024, ["STT", "Huyện, thị xã, thành phố", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"], *rows)
    g.add("", "Tổng cộng", 10, 220)
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {"classes.language.classes": 10, "classes.language.learners": 220}
    assert "080" in {v.unit.code for v in an.values}  # Thành phố Lào Cai
    # where the total leaves it out, the row named like the province is the province's total
    g.rows[-1][2:] = [6, 130]
    g.rows[4][2:] = [6, 130]
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and province_values(an) == {"classes.language.classes": 6, "classes.language.learners": 130}


def test_the_tables_own_total_decides_a_row_without_a_known_name():
    names = _districts("10", 2)
    g = Grid.of(
        *TITLE_2024,
        ["Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        [names[0], 2, 40],
        [names[1], 3, 50],
        ["Trung tâm GDNN-GDTX tỉnh", 4, 60],
        ["Toàn tỉnh", 9, 150],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {"classes.language.classes": 9, "classes.language.learners": 150}


def test_a_derived_class_total_is_checked_and_asked_about_when_it_disagrees():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lớp giáo dục kỹ năng sống", "lớp", 4],
        ["2", "Lớp ngoại ngữ", "lớp", 3],
        ["3", "Tổng số lớp", "lớp", 9],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert codes(an.problems) == ["ask.total_mismatch"]
    assert "classes.total.classes" not in {v.code for v in an.stored_values()}


# ------------------------------------------------------------------------ 3. measure from structure
def test_the_unit_of_measure_decides_what_a_number_counts():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Bồi dưỡng cán bộ, công chức, viên chức và người lao động", "lớp", 12],
        ["2", "Dạy nghề cho lao động nông thôn", "lớp", 5],
        ["3", "Cuộc thi 'Người học tập suốt đời'", "cuộc", 3],
        ["4", "Người tham gia cuộc thi", "lượt người", 500],
        ["5", "Lớp tin học cho người cao tuổi", "lớp", 2],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "classes.professional.classes": 12,
        "classes.vocational.classes": 5,
        "events.contests.count": 3,
        "events.contests.participants": 500,
        "classes.digital.classes": 2,
    }


@pytest.mark.parametrize("share", [82, "82", "82,5", 82.5])
def test_a_row_that_states_a_share_or_an_average_is_not_a_count(share):
    # "Tỷ lệ lớp ngoại ngữ đạt yêu cầu | % | 82" names a class type but counts no classes: read as a
    # count it loaded 82 classes (a wrong value), and "82,5" refused a file nothing is wrong with
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3],
        ["2", "Lớp ngoại ngữ", "lớp", 4],
        ["3", "Tỷ lệ lớp ngoại ngữ đạt yêu cầu", "%", share],
        ["4", "Lớp kỹ năng sống", "lớp", 6],
        ["5", "Số học viên bình quân một lớp kỹ năng sống", "người", share],
        ["6", "Tỷ lệ (%) người học tin học, kỹ năng số", "", share],
        ["7", "Hội thảo, tọa đàm", "cuộc", 2],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.questions == []
    assert province_values(an) == {
        "ceremony.events": 3,
        "classes.language.classes": 4,
        "classes.life_skills.classes": 6,
        "events.seminars.count": 2,
    }
    roles = roles_of(an)
    assert roles[("Dòng 7", "Tỷ lệ lớp ngoại ngữ đạt yêu cầu")] == "ratio"
    assert roles[("Dòng 9", "Số học viên bình quân một lớp kỹ năng sống")] == "ratio"


def test_a_fraction_in_a_count_row_is_refused_at_its_cell_not_rounded():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3],
        ["2", "Lớp ngoại ngữ", "lớp", "82,5"],
        ["3", "Lớp kỹ năng sống", "lớp", 6],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert [(p.code, p.cell) for p in an.errors] == [("value.fraction", "D6")]


def _csv_lines(rows: list[list], delimiter: str) -> bytes:
    # as a hand-made export writes them: nothing quoted, so a decimal comma is a delimiter too
    return "\r\n".join(delimiter.join("" if v is None else str(v) for v in r) for r in rows).encode()


def _language_rows(cell, shares=(2, 3, 1)) -> list[list]:
    names = _districts("10", 3)
    return [
        ["UBND TỈNH LÀO CAI"],
        ["Căn cứ Kế hoạch số 123/KH-UBND, ngày 10/9/2024, của UBND tỉnh, Sở Giáo dục và Đào tạo báo cáo"],
        ["BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"],
        ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ", "Tỷ lệ % người học/dân số"],
        ["1", names[0], 2, 40, shares[0]],
        ["2", names[1], cell, 50, shares[1]],
        ["3", names[2], 1, 10, shares[2]],
    ]


def test_a_decimal_comma_split_by_a_comma_delimiter_refuses_the_line_not_a_value_moved():
    # "82,5" unquoted in a comma-separated file is two fields: 82 loaded as classes and every number
    # after it moved one column (learners took 5)
    an = analyse("tong_hop.csv", _csv_lines(_language_rows("82,5"), ","))
    assert province_values(an) == {}
    assert [(p.code, p.cell) for p in an.errors] == [("file.text_split_field", "F6")]


def test_a_csv_whose_lines_end_in_cr_alone_is_read():
    # Excel's "CSV (Macintosh)": the reader stopped with an English csv error instead of a table
    an = analyse("tong_hop.csv", _csv_lines(_language_rows(3), ",").replace(b"\r\n", b"\r"))
    assert an.errors == []
    assert province_values(an) == {"classes.language.classes": 6, "classes.language.learners": 100}


def test_a_text_file_no_reading_can_split_is_refused_in_vietnamese():
    # a quote never closed makes the rest of a long file one field, longer than any cell
    an = analyse("tong_hop.csv", b'STT,"Don vi\n' + b"1,Huyen A,2,3\n" * 15_000)
    assert codes(an.errors) == ["file.corrupt"]


def test_a_semicolon_file_full_of_decimal_commas_splits_at_its_semicolons():
    # more commas than semicolons in it; only the semicolons split every line evenly
    rows = _language_rows(3, ("1,5", "2,25", "0,75"))
    prose = "Các đơn vị tổ chức lễ khai mạc, hội thảo, tọa đàm, triển lãm, trưng bày sách, thi tìm hiểu, giao lưu"
    rows[2:2] = [[prose + ", tuyên truyền trên báo, đài, cổng thông tin, mạng xã hội."]] * 2
    an = analyse("tong_hop.csv", _csv_lines(rows, ";"))
    assert an.errors == []
    assert province_values(an) == {"classes.language.classes": 6, "classes.language.learners": 100}


def test_sentences_naming_activities_above_a_wide_table_are_not_a_form_s_labels():
    # two lines of report prose that name ceremonies, seminars and contests read as a vertical form's
    # label column: the district table under them was lost and the file asked for its year
    g = Grid.of(*_language_rows(3))
    prose = "Các đơn vị tổ chức lễ khai mạc, hội thảo, tọa đàm, triển lãm, trưng bày sách, thi tìm hiểu, giao lưu"
    g.rows[2:2] = [[prose + ", tuyên truyền trên báo, đài, cổng thông tin, mạng xã hội."]] * 2
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {"classes.language.classes": 6, "classes.language.learners": 100}


def test_a_quoted_title_names_no_subject():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Cuộc thi tìm hiểu “Kỹ năng số cho mọi người”", "cuộc", 2],
        ["2", "Lớp ngoại ngữ", "lớp", 3],
        ["3", "Hội thảo", "cuộc", 1],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert province_values(an) == {
        "events.contests.count": 2,
        "classes.language.classes": 3,
        "events.seminars.count": 1,
    }


# ------------------------------------------------------------------------ 4. wording beyond the lexicon
def test_wording_and_abbreviations_real_reports_use():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lớp KNS", "lớp", 4],
        ["2", "Lớp tin học, KNS số", "lớp", 6],
        ["3", "TTVH-TT&HTCĐ tham gia", "trung tâm", 15],
        ["4", "Tin, bài trên Facebook, Zalo", "bài", 40],
        ["5", "Tin, bài trên báo chí, đài phát thanh", "tin, bài", 12],
        ["6", "Các hình thức học tập khác", "lớp", 2],
        ["7", "Tập thể được khen", "tập thể", 3],
        ["8", "Cá nhân được khen", "cá nhân", 9],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "classes.life_skills.classes": 4,
        "classes.digital.classes": 6,
        "institutions.participating": 15,
        "outreach.social_posts": 40,
        "outreach.media_items": 12,
        "classes.other.classes": 2,
        "awards.collectives": 3,
        "awards.individuals": 9,
    }


def test_wording_of_the_2025_plans_and_short_names_of_classes_and_events():
    # "Bình dân học vụ số" (the 2025 digital-skills movement) and "Lớp nghề ngắn hạn" named nothing;
    # "Hội sách" (a book fair) loaded as books circulated: a wrong value
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 1],
        ["2", "Bình dân học vụ số", "lớp", 12],
        ["3", "Lớp nghề ngắn hạn", "lớp", 5],
        ["4", "Hội sách", "hoạt động", 2],
        ["5", "Sách, tài liệu luân chuyển", "bản", 700],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.unmapped == []
    assert province_values(an) == {
        "ceremony.events": 1,
        "classes.digital.classes": 12,
        "classes.vocational.classes": 5,
        "reading.events": 2,
        "reading.books": 700,
    }


def test_a_class_label_naming_its_type_and_whom_it_is_for_is_that_class_type():
    # 'TTHTCĐ' (a longer phrase than 'tin học') made the class a count of centres
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 1],
        ["2", "Lớp tin học cho cán bộ TTHTCĐ", "lớp", 3],
        ["3", "Lớp ngoại ngữ", "lớp", 2],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {"ceremony.events": 1, "classes.digital.classes": 3, "classes.language.classes": 2}


def test_measure_rows_worded_as_reports_word_them():
    # "- Số lớp mở", "- Số thí sinh", "- Số bài" under their subject named nothing: the rows were lost
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "Số lượng"],
        ["1", "Lớp ngoại ngữ"],
        ["", "- Số lớp mở", 4],
        ["", "- Số học viên", 90],
        ["2", "Cuộc thi tìm hiểu về học tập suốt đời"],
        ["", "- Số cuộc", 2],
        ["", "- Số thí sinh", 640],
        ["3", "Bài đăng trên mạng xã hội"],
        ["", "- Số bài", 35],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.unmapped == []
    assert province_values(an) == {
        "classes.language.classes": 4,
        "classes.language.learners": 90,
        "events.contests.count": 2,
        "events.contests.participants": 640,
        "outreach.social_posts": 35,
    }


def test_a_class_of_a_type_the_vocabulary_lacks_is_no_document_centre_or_book():
    # a word inside the label ("hướng dẫn", "TTHTCĐ") made these classes documents or centres, and a
    # donation to the scholarship fund books: wrong values. Their head noun says what they count
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 4],
        ["2", "Lớp hướng dẫn khai thác, sử dụng thông tin trên mạng an toàn, hiệu quả", "lớp", 7],
        ["3", "Lớp tập huấn cho cán bộ quản lý TTHTCĐ", "lớp", 2],
        ["4", "Số TTHTCĐ, cơ sở giáo dục tham gia", "cơ sở", 30],
        ["5", "Quyên góp quỹ khuyến học", "triệu đồng", 15],
        ["6", "Sách, tài liệu luân chuyển", "bản", 900],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "direction.documents": 4,
        "institutions.participating": 30,
        "reading.books": 900,
    }
    assert sorted(p["cell"] for p in an.unmapped) == ["D6", "D7", "D9"]


def test_an_unknown_label_never_inherits_the_indicator_above_it():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lớp ngoại ngữ", "lớp", 3],
        ["", "- Số lượt người học", "người", 60],
        ["", "- Hoạt động văn nghệ chào mừng", "buổi", 4],
        ["", "- Số buổi học", "buổi", 30],
        ["2", "Hội thảo, tọa đàm", "cuộc", 2],
        ["3", "Lễ khai mạc", "lễ", 1],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "classes.language.classes": 3,
        "classes.language.learners": 60,
        "events.seminars.count": 2,
        "ceremony.events": 1,
    }
    assert len(an.unmapped) == 2  # shown to the officer to map or ignore


# ------------------------------------------------------------------------ 5. workbook and sheet layout
def test_a_cover_sheet_before_the_data_sheet():
    cover = Grid.of(
        ["UBND TỈNH LÀO CAI"],
        ["BÁO CÁO Kết quả tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2024"],
        ["Thực hiện Kế hoạch số 123/KH-UBND, Sở GD&ĐT báo cáo kết quả như sau: ..."],
        name="Bao cao",
    )
    data = Grid.of(
        ["Biểu 02"],
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc", "lễ", 9],
        ["2", "Lớp ngoại ngữ", "lớp", 3],
        ["3", "Hội thảo", "cuộc", 1],
        name="Bieu 02",
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(cover, data))
    assert an.errors == [] and an.sheets == ["Bieu 02"]
    assert province_values(an) == {"ceremony.events": 9, "classes.language.classes": 3, "events.seminars.count": 1}


def test_two_tables_on_one_sheet_each_read_under_its_own_header():
    names = _districts("10", 2)
    g = Grid.of(
        *TITLE_2024,
        ["Bảng 1. Các lớp học"],
        ["Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        [names[0], 2, 40],
        [names[1], 3, 50],
        [],
        ["Bảng 2. Kinh phí (triệu đồng)"],
        ["Đơn vị", "Ngân sách nhà nước", "Xã hội hóa"],
        [names[0], 10, 4],
        [names[1], 20, 6],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "classes.language.classes": 5,
        "classes.language.learners": 90,
        "funding.state_budget": 30_000_000,
        "funding.socialized": 10_000_000,
    }


def test_a_short_funding_table_under_its_own_header_after_a_vertical_one():
    # 'Bảng 2. Kinh phí': two source rows and their total, the amount in another column than the
    # first table's numbers; the total row is the file's own sum, never loaded
    g = Grid.of(
        *QN_2023,
        ["Bảng 1. Các hoạt động"],
        ["TT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 12],
        ["2", "Lớp ngoại ngữ", "lớp", 30],
        ["3", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 7],
        [],
        ["Bảng 2. Kinh phí tổ chức Tuần lễ (đơn vị: đồng)"],
        ["TT", "Nguồn kinh phí", "Số tiền"],
        ["1", "Ngân sách nhà nước", 150_000_000],
        ["2", "Doanh nghiệp, tổ chức, cá nhân ủng hộ và nguồn hợp pháp khác", 320_000_000],
        ["", "Tổng cộng", 470_000_000],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.unmapped == []
    assert province_values(an) == {
        "ceremony.events": 12,
        "classes.language.classes": 30,
        "direction.documents": 7,
        "funding.state_budget": 150_000_000,
        "funding.socialized": 320_000_000,
    }
    assert roles_of(an)[("Dòng 14", "Tổng cộng")] == "total"


def test_columns_splitting_the_total_by_level_are_set_aside_beside_it():
    # 'Tổng số | Chia ra: Cấp tỉnh, Cấp huyện, Cấp xã': the total is the value; its parts neither
    # load nor raise a "not recognised" per cell
    g = Grid.of(
        *QN_2023,
        ["TT", "Nội dung", "ĐVT", "Tổng số", "Chia ra", "", ""],
        ["", "", "", "", "Cấp tỉnh", "Cấp huyện", "Cấp xã"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 12, 1, 3, 8],
        ["2", "Lớp ngoại ngữ", "lớp", 30, 2, 8, 20],
        ["3", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 7, 2, 2, 3],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.unmapped == [] and an.warnings == []
    assert province_values(an) == {"ceremony.events": 12, "classes.language.classes": 30, "direction.documents": 7}
    roles = {where: role for (where, _), role in roles_of(an).items() if where.startswith("Cột")}
    assert roles == {"Cột D": "value", "Cột E": "breakdown", "Cột F": "breakdown", "Cột G": "breakdown"}


def test_level_columns_without_a_total_column_are_not_set_aside():
    g = Grid.of(
        *QN_2023,
        ["TT", "Nội dung", "ĐVT", "Chia ra", "", ""],
        ["", "", "", "Cấp tỉnh", "Cấp huyện", "Cấp xã"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 1, 3, 8],
        ["2", "Lớp ngoại ngữ", "lớp", 2, 8, 20],
        ["3", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 2, 2, 3],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert "breakdown" not in {role for role in roles_of(an).values()}
    assert not (set(province_values(an)) - {"ceremony.events", "classes.language.classes", "direction.documents"})


def test_a_cumulative_column_is_set_aside_and_a_header_naming_the_week_is_no_measure():
    # 'Lũy kế từ đầu năm' is not the report's figure; 'Thực hiện trong Tuần lễ' holds the values,
    # and its 'lễ' does not make the funding rows under it counts of ceremonies
    g = Grid.of(
        *QN_2023,
        ["TT", "Nội dung", "ĐVT", "Thực hiện trong Tuần lễ", "Lũy kế từ đầu năm"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 12, 30],
        ["2", "Lớp ngoại ngữ", "lớp", 30, 95],
        ["3", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 7, 20],
        ["II", "KINH PHÍ TỔ CHỨC TUẦN LỄ", "", "", ""],
        ["1", "Ngân sách nhà nước", "Triệu đồng", 150, 400],
        ["2", "Huy động xã hội hóa", "Triệu đồng", 320, 800],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.unmapped == [] and an.questions == []
    assert province_values(an) == {
        "ceremony.events": 12,
        "classes.language.classes": 30,
        "direction.documents": 7,
        "funding.state_budget": 150_000_000,
        "funding.socialized": 320_000_000,
    }
    assert roles_of(an)[("Cột E", "Lũy kế từ đầu năm")] == "cumulative"


def test_money_unit_stated_in_the_section_title():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc", "lễ", 2],
        ["2", "Lớp ngoại ngữ", "lớp", 3],
        ["III", "Kinh phí (triệu đồng)", "", ""],
        ["", "- Ngân sách nhà nước: Số tiền", "", 150],
        ["", "- Xã hội hóa: Số tiền", "", 40],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an)["funding.state_budget"] == 150_000_000
    assert province_values(an)["funding.socialized"] == 40_000_000


def test_report_prose_above_the_table():
    g = Grid.of(
        ["UBND TỈNH LÀO CAI", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Số: 215/BC-SGDĐT", None, None, "Lào Cai, ngày 20 tháng 10 năm 2024"],
        ["BÁO CÁO"],
        ["Kết quả tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2024"],
        ["Thực hiện Công văn số 4523/BGDĐT-GDTX ngày 15/8/2023 của Bộ GD&ĐT, Sở báo cáo như sau:"],
        ["I. Kết quả: các đơn vị đã tổ chức nhiều lớp học, thu hút đông đảo người dân tham gia."],
        [],
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc", "lễ", 2],
        ["2", "Lớp ngoại ngữ", "lớp", 3],
        ["3", "Hội thảo", "cuộc", 1],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.year == 2024 and an.unit.code == "10"


# ------------------------------------------------------------------------ competing cells
def test_two_cells_claiming_one_indicator_is_a_question_answered_by_ignoring_one():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lớp ngoại ngữ", "lớp", 3],
        ["2", "Lớp tiếng Anh", "lớp", 5],
        ["3", "Hội thảo", "cuộc", 1],
    )
    data = xlsx_bytes(g)
    an = analyse("bao_cao.xlsx", data)
    (q,) = an.questions
    assert q.code == "ask.competing"
    assert len(q.options) == 2 and {v for _, v, _ in q.options} == {"ignore"}
    key = next(k for k, _, text in q.options if "tiếng Anh" in text)
    answered = analyse("bao_cao.xlsx", data, learned={key: "ignore"})
    assert answered.errors == []
    assert province_values(answered)["classes.language.classes"] == 3


def test_the_only_consistent_reading_of_the_table_settles_two_cells_claiming_one_indicator():
    # 'Lớp KNS, tin học' names life skills first, so cell by cell it claimed what 'Lớp KNS' holds and
    # the file asked; read as a whole, only the digital classes are free for it
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "Số lớp", "Số học viên"],
        ["1", "Lớp KNS", 4, 120],
        ["2", "Lớp KNS, tin học", 6, 150],
        ["3", "Lớp ngoại ngữ", 3, 70],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "classes.life_skills.classes": 4,
        "classes.life_skills.learners": 120,
        "classes.digital.classes": 6,
        "classes.digital.learners": 150,
        "classes.language.classes": 3,
        "classes.language.learners": 70,
    }


def test_a_claim_the_whole_table_does_not_settle_is_still_asked():
    # the digital classes are reported already: which row 'Lớp ngoại ngữ, tin học' is, nothing says
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lớp ngoại ngữ", "lớp", 3],
        ["2", "Lớp tin học", "lớp", 5],
        ["3", "Lớp ngoại ngữ, tin học", "lớp", 8],
        ["4", "Hội thảo, tọa đàm", "cuộc", 2],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert codes(an.errors) == ["ask.competing"]


@pytest.mark.parametrize("answer", ["unit", "subtotal"])
def test_the_cli_takes_an_answer_for_check(tmp_path, answer):
    from click.testing import CliRunner

    from etl.__main__ import cli

    names = _districts("10", 2)
    g = Grid.of(
        *TITLE_2024,
        ["Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        [names[0], 2, 40],
        [names[1], 3, 50],
        ["Khối trường học", 4, 60],
    )
    f = tmp_path / "tong_hop.xlsx"
    f.write_bytes(xlsx_bytes(g))
    runner = CliRunner()
    asked = runner.invoke(cli, ["check", str(f), "--db", str(tmp_path / "none.duckdb"), "--explain"])
    assert asked.exit_code == 1
    assert "CẦN TRẢ LỜI" in asked.output and "--answer 'row:10:khoi truong hoc=unit'" in asked.output
    done = runner.invoke(
        cli, ["check", str(f), "--db", str(tmp_path / "none.duckdb"), "--answer", f"row:10:khoi truong hoc={answer}"]
    )
    assert done.exit_code == 0, done.output
    bad = runner.invoke(cli, ["check", str(f), "--answer", "row:10:khoi truong hoc=maybe"])
    assert bad.exit_code == 2


def _year_sheet(year: int, events: int, classes: int) -> Grid:
    return Grid.of(
        ["UBND TỈNH LÀO CAI"],
        [f"BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {year}"],
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc", "lễ", events],
        ["2", "Lớp ngoại ngữ", "lớp", classes],
        ["3", "Hội thảo", "cuộc", 1],
        name=str(year),
    )


def test_one_sheet_per_year_is_one_submission_per_year(tmp_path):
    from click.testing import CliRunner

    from etl.__main__ import cli
    from etl.extract import analyse_parts

    data = xlsx_bytes(_year_sheet(2023, 5, 2), _year_sheet(2024, 7, 3))
    alone = analyse("hai_nam.xlsx", data)
    assert codes(alone.errors) == ["file.several_years"] and alone.part_years == [2023, 2024]
    parts = analyse_parts("hai_nam.xlsx", data)
    assert [(p.year, p.sheets, province_values(p)["ceremony.events"]) for p in parts] == [
        (2023, ["2023"], 5),
        (2024, ["2024"], 7),
    ]
    assert len({p.file_hash for p in parts}) == 2 and all(p.ok for p in parts)
    chosen = analyse("hai_nam.xlsx", data, year=2024, prefer_given=True)  # the upload page's year choice
    assert chosen.ok and province_values(chosen)["classes.language.classes"] == 3
    assert chosen.file_hash == parts[1].file_hash

    f, db = tmp_path / "hai_nam.xlsx", tmp_path / "w.duckdb"
    f.write_bytes(data)
    runner = CliRunner()
    first = runner.invoke(cli, ["load", str(f), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert first.output.count("ĐÃ NẠP") == 2
    again = runner.invoke(cli, ["load", str(f), "--db", str(db)])
    assert again.output.count("ĐÃ CÓ") == 2
    con = connect(db, read_only=True)
    got = con.execute(
        "select year, value from province_values where indicator_code = 'ceremony.events' order by year"
    ).fetchall()
    assert got == [(2023, 5), (2024, 7)]


def test_a_cong_row_under_each_group_is_that_groups_subtotal():
    names = _districts("10", 4)
    vals = {names[0]: (2, 40), names[1]: (3, 50), names[2]: (1, 10), names[3]: (4, 70)}
    g1 = tuple(sum(vals[n][i] for n in names[:2]) for i in (0, 1))
    g2 = tuple(sum(vals[n][i] for n in names[2:]) for i in (0, 1))
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        ["A", "Khu vực thành thị"],
        *[["", n, *vals[n]] for n in names[:2]],
        ["", "Cộng", *g1],
        ["B", "Khu vực nông thôn"],
        *[["", n, *vals[n]] for n in names[2:]],
        ["", "Cộng", *g2],
        ["", "Tổng cộng", *(a + b for a, b in zip(g1, g2))],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == [] and an.warnings == []
    assert province_values(an) == {"classes.language.classes": 10, "classes.language.learners": 170}
    assert [r.role for r in readings(an) if r.text == "Cộng"] == ["subtotal", "subtotal"]


# ------------------------------------------------------------------------ hidden columns
def _with_leftover_column() -> Grid:
    return Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 10, 12],
        ["2", "Lớp ngoại ngữ", "lớp", 8, 7],
        ["3", "Hội thảo, tọa đàm", "cuộc", 3, 5],
    )


def test_a_hidden_xlsx_column_left_from_last_year_is_not_read():
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx_bytes(_with_leftover_column())))
    wb.active.column_dimensions["D"].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    an = analyse("bao_cao.xlsx", buf.getvalue())
    assert an.errors == []
    assert province_values(an) == {"ceremony.events": 12, "classes.language.classes": 7, "events.seminars.count": 5}
    assert roles_of(an)[("Cột D", "Số lượng")] == "hidden"
    hidden = next(r for r in readings(an) if r.where == "Cột D")
    assert hidden.choices == ()  # what Excel hides is never read: no correction that does nothing
    # shown, the same header twice gives every indicator two values that nothing tells apart: refused
    shown = analyse("bao_cao.xlsx", xlsx_bytes(_with_leftover_column()))
    assert codes(shown.errors) == ["value.conflict"] * 3 and not shown.ok


def test_a_column_dragged_to_no_width_is_hidden_too():
    import io
    import re
    import zipfile

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx_bytes(_with_leftover_column())))
    wb.active.column_dimensions["D"].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    # as Excel writes a column whose edge was dragged onto its neighbour: width 0, no hidden flag
    src, out = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<col\b[^>]*?\bhidden="1"[^>]*/>', rb'<col min="4" max="4" width="0" customWidth="1"/>', data
                )
                assert b'width="0"' in data and b'hidden="1"' not in data
            dst.writestr(item, data)
    an = analyse("bao_cao.xlsx", out.getvalue())
    assert an.errors == []
    assert province_values(an) == {"ceremony.events": 12, "classes.language.classes": 7, "events.seminars.count": 5}


def test_a_hidden_xls_column_is_not_read():
    import io

    import xlwt

    g = _with_leftover_column()
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(g.name)
    for r, row in enumerate(g.rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    ws.col(3).hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    an = analyse("bao_cao.xls", buf.getvalue())
    assert an.errors == []
    assert province_values(an) == {"ceremony.events": 12, "classes.language.classes": 7, "events.seminars.count": 5}


# ------------------------------------------------------------------------ hidden rows
def _hidden_row_workbook(fmt: str) -> bytes:
    # a vertical form with its attendees row hidden: Excel hides a row, it does not delete it, so
    # the row is read (tests/test_extract.py), and the officer is told which rows were out of sight
    import io

    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 10],
        ["2", "Người dự lễ khai mạc, phát động", "người", 900],
        ["3", "Lớp ngoại ngữ", "lớp", 8],
    )
    if fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(xlsx_bytes(g)))
        wb.active.row_dimensions[6].hidden = True
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(g.name)
    for r, row in enumerate(g.rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    ws.row(5).hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_hidden_rows_are_read_and_named(fmt):
    an = analyse(f"bao_cao.{fmt}", _hidden_row_workbook(fmt))
    assert an.errors == []
    assert province_values(an) == {"ceremony.events": 10, "ceremony.attendees": 900, "classes.language.classes": 8}
    assert [p.params["rows"] for p in an.warnings if p.code == "sheet.hidden_rows"] == ["6"]


def test_a_column_numbering_row_under_the_header_is_not_the_header():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["(1)", "(2)", "(3)", "(4)"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3],
        ["2", "Lớp ngoại ngữ", "lớp", 4],
        ["3", "Kinh phí từ ngân sách nhà nước", "triệu đồng", 150],
        ["4", "Kinh phí xã hội hóa", "triệu đồng", 20],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "ceremony.events": 3,
        "classes.language.classes": 4,
        "funding.state_budget": 150_000_000,
        "funding.socialized": 20_000_000,
    }


def test_a_one_cell_header_says_its_measure_last():
    names = _districts("10", 2)
    g = Grid.of(
        *TITLE_2024,
        [
            "Đơn vị",
            "Lớp ngoại ngữ: Số lớp",
            "Lớp ngoại ngữ: Số HV",
            "Trong đó: lớp học trực tuyến: Số lớp",
            "Trong đó: lớp học trực tuyến: Số HV",
        ],
        [names[0], 4, 90, 1, 20],
        [names[1], 3, 60, 2, 30],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "classes.language.classes": 7,
        "classes.language.learners": 150,
        "classes.online.classes": 3,
        "classes.online.learners": 50,
    }


# ------------------------------------------------------------------------ found in review
QN_2023 = ["UBND TỈNH QUẢNG NAM"], ["BÁO CÁO KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2023"], []
WIDE_HEAD = (
    ["STT", "Tên đơn vị", "Lớp kỹ năng sống", "", "Lớp ngoại ngữ", ""],
    ["", "", "Số lớp", "Lượt người học", "Số lớp", "Lượt người học"],
)


def test_a_district_listed_with_its_communes_is_their_sum_not_another_unit():
    g = Grid.of(
        *QN_2023,
        *WIDE_HEAD,
        [1, "Huyện Duy Xuyên", 30, 300, 11, 110],
        ["", "Xã Duy Sơn", 10, 100, 5, 50],
        ["", "Xã Duy Trung", 20, 200, 6, 60],
        [2, "Thành phố Hội An", 20, 200, 6, 60],
    )
    g.merges += [(3, 2, 3, 3), (3, 4, 3, 5)]
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert province_values(an) == {
        "classes.life_skills.classes": 50,
        "classes.life_skills.learners": 500,
        "classes.language.classes": 17,
        "classes.language.learners": 170,
    }


def test_a_unit_whose_cells_say_it_held_nothing_does_not_end_the_table():
    g = Grid.of(
        *QN_2023,
        *WIDE_HEAD,
        [1, "Thành phố Tam Kỳ", 10, 100, 5, 50],
        [2, "Thành phố Hội An", "Không tổ chức", "Không tổ chức", "Không tổ chức", "Không tổ chức"],
        [3, "Huyện Duy Xuyên", 30, 300, 7, 70],
        [4, "Huyện Đại Lộc", 30, 300, 7, 70],
        ["", "Tổng cộng", 70, 700, 19, 190],
    )
    g.merges += [(3, 2, 3, 3), (3, 4, 3, 5)]
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert province_values(an)["classes.life_skills.classes"] == 70


def test_a_two_level_vertical_header_gives_its_years_to_the_columns_not_to_the_title():
    g = Grid.of(
        ["UBND TỈNH QUẢNG NAM"],
        [],
        ["", "", "", "Năm 2023", "Năm 2024"],
        ["STT", "Nội dung", "ĐVT", "Số lượng", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3, 5],
        ["2", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 10, 12],
        ["3", "Cuộc kiểm tra, giám sát", "cuộc", 4, 6],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.year == 2024 and province_values(an)["ceremony.events"] == 5


def test_a_single_value_column_naming_a_measure_that_the_dvt_contradicts_loads_nothing():
    g = Grid.of(
        *QN_2023,
        ["STT", "Nội dung", "ĐVT", "Số lượng/lượt người"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3],
        ["2", "Lớp ngoại ngữ", "lớp", 25],
        ["3", "Lớp kỹ năng sống", "lớp", 40],
        ["4", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 10],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert not {"classes.language.learners", "classes.language.classes"} & set(province_values(an))
    assert len(an.unmapped) == 3  # asked to the officer as labels to map, never guessed


def test_a_funding_source_under_a_class_row_is_not_a_class_count():
    g = Grid.of(
        *QN_2023,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3],
        ["2", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 10],
        ["3", "Cuộc kiểm tra, giám sát", "cuộc", 4],
        ["4", "Lớp ngoại ngữ", "", ""],
        ["", "- Ngân sách nhà nước", "triệu đồng", 20],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert "classes.language.classes" not in province_values(an)
    assert "funding.state_budget" not in province_values(an)


@pytest.mark.parametrize("unit,factor", [("Triệu đ", 10**6), ("triệu VNĐ", 10**6), ("Tỷ đ", 10**9), ("Nghìn đ", 1000)])
def test_money_units_written_short(unit, factor):
    g = Grid.of(
        *QN_2023,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3],
        ["2", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 10],
        ["3", "Kinh phí từ ngân sách nhà nước", unit, 150],
    )
    assert province_values(analyse("bao_cao.xlsx", xlsx_bytes(g)))["funding.state_budget"] == 150 * factor


def test_people_words_for_whom_a_class_is_are_not_its_measure():
    from etl.labels import match_label

    assert match_label(["Lớp ngoại ngữ (cho người lao động): số lớp"]).code == "classes.language.classes"
    assert match_label(["Lớp ngoại ngữ (cho người lao động)"]).code == "classes.language.classes"


def _report_sheet(title: str, name: str, events: int, classes: int) -> Grid:
    return Grid.of(
        ["UBND TỈNH QUẢNG NAM"],
        [title],
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", events],
        ["2", "Lớp ngoại ngữ", "lớp", classes],
        ["3", "Hội thảo", "cuộc", 1],
        name=name,
    )


def test_a_plan_sheet_beside_the_report_is_not_a_part_of_another_year():
    report = _report_sheet("BÁO CÁO KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2023", "Bao cao", 5, 2)
    plan = _report_sheet("KẾ HOẠCH TỔ CHỨC TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024", "Ke hoach", 9, 8)
    an = analyse("bao_cao.xlsx", xlsx_bytes(report, plan))
    assert an.ok and an.year == 2023 and an.part_years == [] and an.sheets == ["Bao cao"]
    assert province_values(an)["ceremony.events"] == 5
    assert codes(an.warnings) == ["sheet.plan_skipped"] and an.warnings[0].cell == "A2"


def test_a_file_that_is_only_a_plan_loads_nothing_and_says_why():
    plan = _report_sheet("KẾ HOẠCH TỔ CHỨC TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024", "Ke hoach", 9, 8)
    an = analyse("ke_hoach.xlsx", xlsx_bytes(plan))
    assert codes(an.errors) == ["file.plan_only"] and an.values == []
    # carrying out a plan is a report: "Thực hiện Kế hoạch số 45/KH-UBND …" above the title
    done = _report_sheet("Thực hiện Kế hoạch số 45/KH-UBND, kết quả Tuần lễ năm 2024 như sau:", "BC", 9, 8)
    assert province_values(analyse("bao_cao.xlsx", xlsx_bytes(done)))["ceremony.events"] == 9


@pytest.mark.parametrize(
    "province,heading,name,year",
    [("04", "TỈNH CAO BẰNG", "Tổng Cọt", 2025), ("01", "THÀNH PHỐ HÀ NỘI", "Cộng Hòa", 2024)],
)
def test_a_commune_named_with_a_total_word_is_that_commune(province, heading, name, year):
    era = au.era_for_year(year)
    others = [c.name.split(" ", 1)[1] for c in au.communes(province, era) if name not in c.name][:2]
    g = Grid.of(
        [f"UBND {heading}"],
        [f"BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {year}"],
        [],
        ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        [1, others[0], 2, 40],
        [2, name, 3, 50],
        [3, others[1], 4, 60],
        ["", "Tổng cộng", 9, 150],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.problems == []
    assert province_values(an) == {"classes.language.classes": 9, "classes.language.learners": 150}
    assert roles_of(an)[("Dòng 6", name)] == "unit"


def _centre_file(heading: str, names: list[str]) -> bytes:
    return xlsx_bytes(
        Grid.of(
            [f"UBND {heading}"],
            ["BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"],
            [],
            ["Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
            [names[0], 2, 40],
            [names[1], 3, 50],
            ["Trung tâm GDNN-GDTX tỉnh", 4, 60],
        )
    )


def test_a_row_answer_holds_for_the_province_that_gave_it_only():
    lao_cai = _centre_file("TỈNH LÀO CAI", _districts("10", 2))
    (q,) = analyse("tong_hop.xlsx", lao_cai).questions
    learned = {q.options[0][0]: "unit"}
    assert province_values(analyse("tong_hop.xlsx", lao_cai, learned=learned))["classes.language.classes"] == 9
    ha_giang = analyse("tong_hop.xlsx", _centre_file("TỈNH HÀ GIANG", _districts("02", 2)), learned=learned)
    assert ha_giang.unit.code == "02" and codes(ha_giang.questions) == ["ask.row_role"]


def test_a_row_answer_never_overrides_a_known_units_name():
    names = _districts("10", 2)
    data = _centre_file("TỈNH LÀO CAI", names)
    an = analyse("tong_hop.xlsx", data)
    (q,) = an.questions
    key = q.options[0][0]
    known = row_key(names[0], "10")  # an answer stored for a district the directory knows
    answered = analyse("tong_hop.xlsx", data, learned={key: "unit", known: "subtotal"})
    assert province_values(answered)["classes.language.classes"] == 9  # the district still adds in
    rows = {r.text: r for r in readings(answered)}
    assert rows[names[0]].role == "unit" and rows[names[0]].choices == ()  # no correction that does nothing
    assert rows["Trung tâm GDNN-GDTX tỉnh"].choices == ("subtotal",)


def test_a_competing_cells_answer_under_a_period_row_is_found_again():
    names = _districts("10", 2)
    g = Grid.of(
        *TITLE_2024,
        ["", "", "Năm 2023", "Năm 2024", "", ""],
        ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Số lớp ngoại ngữ", "Số lớp tiếng Anh", "Lượt người học ngoại ngữ"],
        [1, names[0], 1, 2, 3, 40],
        [2, names[1], 1, 3, 4, 50],
    )
    data = xlsx_bytes(g)
    asked = analyse("tong_hop.xlsx", data)
    assert set(codes(asked.questions)) == {"ask.competing"}
    key = next(k for k, _, _ in asked.questions[0].options if "tieng anh" in k)
    answered = analyse("tong_hop.xlsx", data, learned={key: "ignore"})
    assert answered.problems == []  # neither asked again nor "not recognised"
    assert province_values(answered) == {"classes.language.classes": 5, "classes.language.learners": 90}
    assert roles_of(answered)[("Cột E", "Năm 2024 / Số lớp tiếng Anh")] == "note"


def test_a_line_left_blank_under_a_subject_with_its_other_measure_in_the_dvt_is_that_subject():
    # 'Lớp ngoại ngữ | lớp | 3' then ' | HV | 70': the name not repeated, as if merged down. Only the
    # subject's other measure continues it; a blank line with the same measure is not read
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 1],
        ["2", "Lớp ngoại ngữ", "lớp", 3],
        ["", "", "HV", 70],
        ["3", "Lớp kỹ năng sống", "lớp", 5],
        ["", "", "lượt HV", 120],
        ["", "", "lượt người", 999],
        ["4", "Hội thảo, tọa đàm", "cuộc", 2],
        ["", "", "cuộc", 7],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "ceremony.events": 1,
        "classes.language.classes": 3,
        "classes.language.learners": 70,
        "classes.life_skills.classes": 5,
        "classes.life_skills.learners": 120,
        "events.seminars.count": 2,
    }


def test_one_cell_holding_both_measures_in_the_order_its_dvt_names_them():
    # 'Lớp ngoại ngữ | lớp/HV | 3/70': refused as not a number, though a careful reader reads both
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ/người", "1/450"],
        ["2", "Lớp ngoại ngữ", "lớp/HV", "3/70"],
        ["3", "Lớp kỹ năng sống", "Lớp - Người", "5 - 120"],
        ["4", "Cuộc thi tìm hiểu", "cuộc", 2],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province_values(an) == {
        "ceremony.events": 1,
        "ceremony.attendees": 450,
        "classes.language.classes": 3,
        "classes.language.learners": 70,
        "classes.life_skills.classes": 5,
        "classes.life_skills.learners": 120,
        "events.contests.count": 2,
    }
    # a ĐVT of one measure, or of two words for the same measure, splits nothing
    g.rows[5][2:] = ["lượt/người", "3/70"]
    assert "value.not_number" in codes(analyse("bao_cao.xlsx", xlsx_bytes(g)).errors)


def test_a_label_merged_down_over_two_rows_labels_each_of_them():
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3],
        ["2", "Lớp ngoại ngữ", "lớp", 5],
        ["", "", "lượt người", 120],
        ["3", "Lớp kỹ năng sống", "lớp", 4],
        ["", "", "lượt người", 80],
    )
    g.merges += [(5, 0, 6, 0), (5, 1, 6, 1), (7, 0, 8, 0), (7, 1, 8, 1)]
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.problems == []
    assert province_values(an) == {
        "ceremony.events": 3,
        "classes.language.classes": 5,
        "classes.language.learners": 120,
        "classes.life_skills.classes": 4,
        "classes.life_skills.learners": 80,
    }


def _merged_unit_file(with_total: bool) -> tuple[bytes, str]:
    names = _districts("10", 3)
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        [1, names[0], 2, 40],
        [2, names[1], 3, 50],
        ["", "", 1, 10],
        [3, names[2], 4, 60],
        *([["", "Tổng cộng", 10, 160]] if with_total else []),
    )
    g.merges += [(5, 0, 6, 0), (5, 1, 6, 1)]
    return xlsx_bytes(g), names[1]


def test_a_units_name_merged_over_two_rows_adds_them_when_the_total_says_so():
    data, _ = _merged_unit_file(with_total=True)
    an = analyse("tong_hop.xlsx", data)
    assert an.problems == []
    assert province_values(an) == {"classes.language.classes": 10, "classes.language.learners": 160}


def test_a_units_name_merged_over_two_rows_is_asked_about_without_a_total():
    data, name = _merged_unit_file(with_total=False)
    an = analyse("tong_hop.xlsx", data)
    (q,) = an.questions
    assert q.code == "ask.merged_row" and q.cell == "B7" and name in q.message
    key = q.options[0][0]
    added = analyse("tong_hop.xlsx", data, learned={key: "unit"})
    assert added.problems == [] and province_values(added)["classes.language.classes"] == 10
    apart = analyse("tong_hop.xlsx", data, learned={key: "subtotal"})
    assert apart.problems == [] and province_values(apart)["classes.language.classes"] == 9


def test_check_explain_prints_how_to_correct_each_correctable_row_and_column():
    names = _districts("10", 2)
    g = Grid.of(
        *TITLE_2024,
        ["Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        [names[0], 2, 40],
        [names[1], 3, 50],
        ["Trung tâm GDNN-GDTX tỉnh", 4, 60],
        ["Toàn tỉnh", 9, 150],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    lines = explain_lines(an)
    centre = next(i for i, line in enumerate(lines) if "Trung tâm GDNN-GDTX tỉnh" in line)
    assert lines[centre + 1].strip() == "sửa: --answer 'row:10:trung tam gdnn-gdtx tinh=subtotal'"
    column = next(i for i, line in enumerate(lines) if line.strip().startswith("✓ Cột B"))
    assert lines[column + 1].strip().startswith("sửa: --answer 'col:") and lines[column + 1].endswith("=ignore'")
    district = next(i for i, line in enumerate(lines) if f"'{names[0]}'" in line)
    assert "sửa:" not in lines[district + 1]  # a known district's row takes no correction


def test_two_total_rows_that_disagree_on_a_row_do_not_decide_it():
    names = _districts("10", 2)
    g = Grid.of(
        *TITLE_2024,
        ["Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        ["Tổng cộng", 9, 150],
        [names[0], 2, 40],
        [names[1], 3, 50],
        ["Trung tâm GDNN-GDTX tỉnh", 4, 60],
        ["Toàn tỉnh", 5, 90],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert "ask.row_role" in codes(an.questions)  # the first total alone used to make it a unit
    agreeing = Grid.of(*g.rows[:-1], ["Toàn tỉnh", 9, 150])
    both = analyse("tong_hop.xlsx", xlsx_bytes(agreeing))
    assert both.ok and both.questions == [] and province_values(both)["classes.language.classes"] == 9


def test_a_sum_of_money_with_no_unit_anywhere_is_asked_not_taken_as_dong():
    g = Grid.of(
        *QN_2023,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3],
        ["2", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 10],
        ["3", "Kinh phí từ ngân sách nhà nước", "", 150],
    )
    data = xlsx_bytes(g)
    an = analyse("bao_cao.xlsx", data)
    (q,) = an.questions
    assert q.code == "ask.money_unit" and q.cell == "D7" and "funding.state_budget" not in province_values(an)
    key = next(k for k, v, _ in q.options if v == "trieu")
    answered = analyse("bao_cao.xlsx", data, learned={key: "trieu"})
    assert answered.ok and answered.questions == []
    assert province_values(answered)["funding.state_budget"] == 150 * 10**6
    stated = Grid.of(*g.rows[:-1], ["3", "Kinh phí từ ngân sách nhà nước", "đồng", 150_000_000])
    assert province_values(analyse("bao_cao.xlsx", xlsx_bytes(stated)))["funding.state_budget"] == 150_000_000


def test_an_amount_under_a_heading_under_a_heading_takes_the_inner_heading():
    g = Grid.of(
        *QN_2023,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 3],
        ["IX", "KINH PHÍ TỔ CHỨC TUẦN LỄ (đồng)"],
        ["1", "Kinh phí từ ngân sách nhà nước"],
        ["", "- Số tiền", "", 39_400_000],
        ["2", "Kinh phí"],
        ["", "- Xã hội hóa"],
        ["", "- Số tiền", "", 1_090_000_000],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.ok and an.questions == []
    assert province_values(an)["funding.state_budget"] == 39_400_000
    assert province_values(an)["funding.socialized"] == 1_090_000_000


def test_a_group_row_of_amounts_written_in_other_units_is_still_their_subtotal():
    towns, rural = _districts("10", 2), _districts("10", 4)[2:]
    g = Grid.of(
        *TITLE_2024,
        ["STT", "Đơn vị", "Số lớp ngoại ngữ", "Kinh phí từ ngân sách nhà nước"],
        ["I", "Cụm thi đua số 1", 5, "1,2 tỷ"],
        ["", towns[0], 2, "850 triệu"],
        ["", towns[1], 3, "350 triệu"],
        ["II", "Cụm thi đua số 2", 5, "1,5 tỷ"],
        ["", rural[0], 1, "1 tỷ"],
        ["", rural[1], 4, "500 triệu"],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert an.ok and an.questions == []
    assert province_values(an) == {"classes.language.classes": 10, "funding.state_budget": 2_700_000_000}


def test_a_bare_district_name_in_a_tcvn3_sheet_is_that_district():
    from fixtures_factory import to_tcvn3, xls_bytes

    names = ["Cam Lộ", "Gio Linh", "Hải Lăng"]  # 'Cam Lộ' in TCVN3 is also plausible Unicode: 'Cam Lé'
    g = Grid.of(
        *[[to_tcvn3(c) for c in row] for row in (["UBND TỈNH QUẢNG TRỊ"], ["BẢNG TỔNG HỢP SỐ LIỆU NĂM 2017"], [])],
        [to_tcvn3(c) for c in ("STT", "Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ")],
        *[[i + 1, to_tcvn3(n), i + 2, 10 * (i + 2)] for i, n in enumerate(names)],
    )
    an = analyse("tong_hop.xls", xls_bytes(g))
    assert an.encoding == "TCVN3" and an.problems == []
    assert {v.unit.name for v in an.stored_values()} == {"Huyện Cam Lộ", "Huyện Gio Linh", "Huyện Hải Lăng"}


def test_an_unknown_row_of_text_numbers_under_the_header_is_not_the_header():
    g = Grid.of(
        *QN_2023,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["III", "CÔNG TÁC TRUYỀN THÔNG"],
        ["", "Cộng đồng học tập cấp thôn", "thôn", "300"],  # numbers typed as text, as in a CSV
        ["1", "Băng rôn, khẩu hiệu, pa-nô, áp phích", "cái", "53"],
        ["2", "Lễ khai mạc, phát động Tuần lễ", "lễ", "3"],
        ["3", "Kinh phí từ ngân sách nhà nước", "triệu đồng", "255,5"],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.questions == [] and an.ok
    assert province_values(an)["funding.state_budget"] == 255_500_000
    assert an.tables[0].header_rows[1] == 3  # 'STT | Nội dung | ĐVT | Số lượng'


def test_the_title_s_year_beats_a_sheet_name_left_from_last_year():
    g = _report_sheet("BÁO CÁO KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024", "Năm 2023", 5, 2)
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.year == 2024 and an.ok
    untitled = _report_sheet("BÁO CÁO KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI", "Năm 2023", 5, 2)
    assert analyse("bao_cao.xlsx", xlsx_bytes(untitled)).year == 2023  # the sheet name, when nothing else


def test_a_commune_the_directory_lacks_that_reports_zeros_is_still_a_commune():
    names = _districts("10", 2)
    g = Grid.of(
        *TITLE_2024,
        ["Đơn vị", "Số lớp ngoại ngữ", "Lượt người học ngoại ngữ"],
        [names[0], 2, 40],
        [names[1], 3, 50],
        ["Xã Tân Lập Mới", 0, 0],
    )
    an = analyse("tong_hop.xlsx", xlsx_bytes(g))
    assert roles_of(an)[("Dòng 7", "Xã Tân Lập Mới")] == "unit"
    assert {v.value for v in an.stored_values() if v.unit.name == "Xã Tân Lập Mới"} == {0}


# ------------------------------------------------------------------------ a sub-unit's own report
def _own_report(unit_line: str) -> bytes:
    return xlsx_bytes(
        Grid.of(
            [unit_line],
            ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"],
            ["BÁO CÁO SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2023"],
            [],
            ["TT", "Nội dung", "ĐVT", "Số lượng"],
            ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 4],
            ["2", "Lớp ngoại ngữ", "lớp", 9],
            ["3", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 2],
        )
    )


def test_a_districts_own_report_that_never_names_its_province_is_that_districts():
    # only one province has a district called Nam Đàn: a careful reader knows it is Nghệ An's
    an = analyse("bao_cao_tuan_le.xlsx", _own_report("UBND HUYỆN NAM ĐÀN"))
    assert an.errors == []
    assert (an.unit.name, an.unit_source) == ("Nghệ An", Text("source.sub_unit_title"))
    assert {(v.unit.name, v.code, v.value) for v in an.stored_values()} == {
        ("Huyện Nam Đàn", "ceremony.events", 4),
        ("Huyện Nam Đàn", "classes.language.classes", 9),
        ("Huyện Nam Đàn", "direction.documents", 2),
    }


def test_a_commune_name_several_provinces_share_decides_no_province():
    an = analyse("bao_cao_tuan_le.xlsx", _own_report("UBND XÃ TÂN THÀNH"))
    assert codes(an.errors) == ["unit.unknown"]


def test_positions_of_the_reading_are_said_in_the_readers_language():
    from reference.i18n import use_language

    an = analyse("bao_cao.xlsx", _own_report("UBND HUYỆN NAM ĐÀN"))
    assert {r.where for r in readings(an) if r.role == "value"} == {"Cột D"}
    with use_language("en"):
        assert {r.where for r in readings(an) if r.role == "value"} == {"Column D"}
