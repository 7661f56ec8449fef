"""Columns that hold a part of a row's number ('Trong đó: trực tuyến', 'Nam', 'Nữ', 'Cấp xã',
'Mầm non') beside the column of the whole. The loader once read 'Trong đó: trực tuyến' on the row
'Lễ khai mạc' as 2 online classes, and 'Nam' under 'Người dự lễ' as a second attendance figure
(refusing the file); the parts are now set aside with their reason."""

from __future__ import annotations

import pytest
from fixtures_factory import Grid, xlsx_bytes

from etl.explain import readings
from etl.extract import analyse
from etl.roles import is_part_column, part_label

DISTRICT = (
    ["UBND HUYỆN BÁT XÁT"],
    ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"],
    ["BÁO CÁO KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"],
    [],
)
PROVINCE = (["UBND TỈNH LÀO CAI"], ["TỔNG HỢP KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"], [])
ROWS = ("Lễ khai mạc, phát động", "lễ"), ("Người dự lễ khai mạc", "người"), ("Lớp giáo dục kỹ năng sống", "lớp")
WHOLE = {"ceremony.events": 23, "ceremony.attendees": 2500, "classes.life_skills.classes": 44}


def vertical(heads: list[str], parts: list[list]) -> Grid:
    body = [
        [i + 1, label, unit, whole, *p]
        for i, ((label, unit), whole, p) in enumerate(zip(ROWS, WHOLE.values(), parts, strict=True))
    ]
    return Grid.of(*DISTRICT, ["STT", "Nội dung", "ĐVT", *heads], *body, name="BC")


def unit_values(an, unit: str) -> dict[str, int]:
    return {v.code: v.value for v in an.values if v.unit.name == unit}


def roles_of(an) -> dict[str, str]:
    return {r.text: r.role for r in readings(an) if r.where.startswith("Cột")}


@pytest.mark.parametrize(
    ("heads", "parts"),
    [
        (["Tổng số", "Trong đó: trực tuyến"], [[2], [800], [10]]),
        (["Tổng số", "Nam", "Nữ"], [[None, None], [1000, 1500], [None, None]]),
        (["Tổng số", "Cấp huyện", "Cấp xã"], [[1, 22], [300, 2200], [4, 40]]),
        (["Tổng", "Mầm non", "Tiểu học", "THCS"], [[10, 8, 5], [1000, 1000, 500], [20, 20, 4]]),
        (["Tổng số", "Trong số đó: học sinh"], [[None], [900], [30]]),
    ],
    ids=["online", "sex", "levels", "school_levels", "trong_so"],
)
def test_part_columns_of_a_vertical_form_are_set_aside(heads, parts):
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical(heads, parts)))
    assert an.errors == []
    assert unit_values(an, "Huyện Bát Xát") == WHOLE  # 'trực tuyến' is no online class of a ceremony
    roles = roles_of(an)
    assert roles[heads[0]] == "value"
    assert all(roles[h] == "breakdown" for h in heads[1:])


def wide(head_top: list, head_low: list, merges: list) -> Grid:
    return Grid.of(
        *PROVINCE,
        head_top,
        head_low,
        [1, "Thành phố Lào Cai", 30, 10, 20, 5],
        [2, "Huyện Bát Xát", 40, 15, 25, 6],
        ["", "Tổng cộng", 70, 25, 45, 11],
        merges=[(3, 0, 4, 0), (3, 1, 4, 1), *merges],
        name="BC",
    )


def test_men_and_women_under_a_wide_heading_are_parts_of_its_total():
    g = wide(
        ["TT", "Đơn vị", "Người dự lễ khai mạc", "", "", "Lớp giáo dục kỹ năng sống"],
        ["", "", "Tổng số", "Nam", "Nữ", "Số lớp"],
        [(3, 2, 3, 4)],
    )
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert unit_values(an, "Lào Cai") == {"ceremony.attendees": 70, "classes.life_skills.classes": 11}
    roles = roles_of(an)
    assert roles["Người dự lễ khai mạc / Nam"] == roles["Người dự lễ khai mạc / Nữ"] == "breakdown"


def test_online_classes_of_one_type_are_not_all_online_classes():
    g = wide(
        ["TT", "Đơn vị", "Lớp giáo dục kỹ năng sống", "", "Lớp ngoại ngữ", ""],
        ["", "", "Số lớp", "Trong đó trực tuyến", "Số lớp", "Trong đó trực tuyến"],
        [(3, 2, 3, 3), (3, 4, 3, 5)],
    )
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert unit_values(an, "Lào Cai") == {"classes.life_skills.classes": 70, "classes.language.classes": 45}


def test_online_share_of_all_classes_is_the_catalogue_indicator():
    g = wide(
        ["TT", "Đơn vị", "Lớp học", "", "Lễ khai mạc, phát động", ""],
        ["", "", "Tổng số lớp", "Trong đó: trực tuyến", "Số lễ", ""],
        [(3, 2, 3, 3)],
    )
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert unit_values(an, "Lào Cai")["classes.online.classes"] == 25
    # a total of classes with no class type beside it: nothing to check it by, said (not asked)
    said = {(p.code, p.cell) for p in an.warnings}
    assert ("value.total_without_parts", "C6") in said


def vertical_rows(*rows) -> Grid:
    return Grid.of(*DISTRICT, ["STT", "Nội dung", "ĐVT", "Số lượng"], *rows, name="BC")


@pytest.mark.parametrize(
    ("label", "row", "column"),
    [
        ("Trong đó: nữ", True, True),
        ("Trong số đó: học sinh", True, True),
        ("Riêng: xã vùng cao", True, True),
        # short and loose marks: a part in a header, but as a row label they may name a unit or a heading
        ("TĐ: trực tuyến", False, True),
        ("Gồm các xã Mường Hum, Dền Sáng", False, True),
        ("Phân theo cấp học", False, True),
    ],
)
def test_part_marks_of_rows_and_of_columns(label, row, column):
    assert part_label(label) is row
    assert is_part_column((label,)) is column


def test_part_rows_under_a_row_are_set_aside():
    g = vertical_rows(
        [1, "Lễ khai mạc, phát động", "lễ", 23],
        ["", "- Trong đó: tổ chức trực tuyến", "lễ", 2],
        [2, "Người dự lễ khai mạc", "người", 2500],
        ["", "- Trong đó: nữ", "người", 1500],
        [3, "Lớp giáo dục kỹ năng sống", "lớp", 44],
        ["", "Trong đó: học trực tuyến", "lớp", 10],
        [4, "Lớp ngoại ngữ", "lớp", 7],
        ["", "Trong đó: học trực tuyến", "lớp", 3],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == [] and all(p.code != "label.unmapped" for p in an.warnings)
    assert unit_values(an, "Huyện Bát Xát") == {
        "ceremony.events": 23,
        "ceremony.attendees": 2500,
        "classes.life_skills.classes": 44,
        "classes.language.classes": 7,
    }
    parts = {r.where for r in readings(an) if r.role == "part"}
    assert parts == {"Dòng 7", "Dòng 9", "Dòng 11", "Dòng 13"}


@pytest.mark.parametrize(
    "rows",
    [
        # under the total of classes
        [[2, "Tổng số lớp học", "lớp", 44], ["", "- Trong đó: trực tuyến", "lớp", 10]],
        # an item of the list of classes, numbered like the others
        [[2, "Lớp ngoại ngữ", "lớp", 7], [3, "Trong đó: học trực tuyến", "lớp", 10]],
        # after the class types, naming classes itself
        [[2, "Lớp ngoại ngữ", "lớp", 7], ["", "- Trong đó: lớp học trực tuyến", "lớp", 10]],
    ],
    ids=["under_total", "numbered_item", "names_classes"],
)
def test_the_online_share_of_all_classes_still_reads(rows):
    g = vertical_rows([1, "Lễ khai mạc, phát động", "lễ", 23], *rows, [9, "Lớp giáo dục kỹ năng sống", "lớp", 44])
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert unit_values(an, "Huyện Bát Xát")["classes.online.classes"] == 10


def test_the_online_column_still_reads_on_the_rows_of_all_classes():
    g = Grid.of(
        *DISTRICT,
        ["STT", "Nội dung", "ĐVT", "Tổng số", "Trong đó: trực tuyến"],
        [1, "Lễ khai mạc, phát động", "lễ", 23, 2],
        [2, "Tổng số lớp học", "lớp", 51, 13],
        [3, "Lớp giáo dục kỹ năng sống", "lớp", 44, 10],
        [4, "Lớp ngoại ngữ", "lớp", 7, 3],
        [5, "Tổng số lượt người học", "lượt người", 1000, 200],
        [6, "Lớp giáo dục kỹ năng sống: lượt người học", "lượt người", 800, 150],
        [7, "Lớp ngoại ngữ: lượt người học", "lượt người", 200, 50],
        name="BC",
    )
    got = unit_values(analyse("bao_cao.xlsx", xlsx_bytes(g)), "Huyện Bát Xát")
    assert got["classes.online.classes"] == 13 and got["classes.online.learners"] == 200
    assert got["ceremony.events"] == 23  # the ceremonies' online part is no class


@pytest.mark.parametrize(
    "head", ["Hình thức trực tuyến", "Số trực tuyến", "Riêng trực tuyến", "Online", "Tr.đó: trực tuyến"]
)
def test_an_online_share_however_headed_is_no_online_class(head):
    g = vertical(["Tổng số", head], [[1], [100], [5]])
    got = unit_values(analyse("bao_cao.xlsx", xlsx_bytes(g)), "Huyện Bát Xát")
    assert got == WHOLE


def test_a_part_row_of_the_same_figure_as_its_parent_is_set_aside():
    g = vertical_rows(
        [1, "Lễ khai mạc, phát động", "lễ", 23],
        [2, "Thư viện, tủ sách mới", "tủ sách", 27],
        ["", "Trong đó: tủ sách học tập suốt đời tại thôn, ấp", "tủ sách", 13],
        [3, "Lớp ngoại ngữ", "lớp", 7],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert unit_values(an, "Huyện Bát Xát")["reading.new_bookcases"] == 27


def test_an_online_row_set_aside_does_not_unseat_the_online_share_of_all_classes():
    g = vertical_rows(
        [1, "Lễ khai mạc, phát động", "lễ", 23],
        [2, "Tổng số lớp học", "lớp", 100],
        ["", "- Trong đó: trực tuyến", "lớp", 20],
        [3, "Lớp giáo dục kỹ năng sống", "lớp", 40],
        ["", "- Trong đó: trực tuyến", "lớp", 5],
        [4, "Lớp ngoại ngữ", "lớp", 60],
    )
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert unit_values(an, "Huyện Bát Xát")["classes.online.classes"] == 20


def test_a_total_of_classes_is_checked_when_the_file_gives_types_for_other_units():
    g = Grid.of(
        *PROVINCE,
        ["TT", "Đơn vị", "Tổng số lớp học", "Lớp giáo dục kỹ năng sống", "Lớp ngoại ngữ"],
        [1, "Thành phố Lào Cai", 10, 6, 4],
        [2, "Thị xã Sa Pa", 5, None, None],
        [3, "Huyện Bát Xát", 8, 5, 3],
        ["", "Tổng cộng", 23, 11, 7],
        name="BC",
    )
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert "ask.total_mismatch" in {q.code for q in an.questions}  # Sa Pa's 5 classes of no type: asked
