"""A value cell merged over the rows of several units is one figure for them together. The loader
once gave it all to the first unit of the merge (a wrong district figure); now no unit gets it, the
province's sum takes it in, and a warning names the merged cell."""

from __future__ import annotations

from fixtures_factory import Grid, xlsx_bytes

from etl.extract import analyse

TITLE = (["UBND TỈNH LÀO CAI"], ["SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"], [])
HEAD = ["TT", "Đơn vị", "Lễ khai mạc, phát động", "Kinh phí ngân sách nhà nước (triệu đồng)"]


def by_unit(an) -> dict[tuple[str, str], int]:
    return {(v.unit.name, v.code): v.value for v in an.values}


def test_a_figure_merged_over_two_districts_goes_to_the_province_only():
    g = Grid.of(
        *TITLE,
        HEAD,
        [1, "Thành phố Lào Cai", 3, 50],
        [2, "Thị xã Sa Pa", 2, None],
        [3, "Huyện Bát Xát", 5, 20],
        ["", "Tổng cộng", 10, 70],
        merges=[(4, 3, 5, 3)],
        name="TH",
    )
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert an.errors == []
    got = by_unit(an)
    assert ("Thành phố Lào Cai", "funding.state_budget") not in got
    assert ("Thị xã Sa Pa", "funding.state_budget") not in got
    assert got[("Huyện Bát Xát", "funding.state_budget")] == 20_000_000
    assert got[("Lào Cai", "funding.state_budget")] == 70_000_000  # agrees with the file's total: no question
    assert got[("Thành phố Lào Cai", "ceremony.events")] == 3
    warned = [(p.code, p.cell, p.params["value"]) for p in an.warnings if p.code.startswith("value.shared")]
    assert warned == [("value.shared_cell", "D5:D6", 50_000_000)]


def test_a_unit_whose_name_and_figure_are_merged_over_two_rows_keeps_its_figure():
    g = Grid.of(
        *TITLE,
        HEAD,
        [1, "Thành phố Lào Cai", 3, 50],
        ["", "", None, None],
        [2, "Huyện Bát Xát", 5, 20],
        merges=[(4, 1, 5, 1), (4, 2, 5, 2), (4, 3, 5, 3)],
        name="TH",
    )
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert by_unit(an)[("Thành phố Lào Cai", "funding.state_budget")] == 50_000_000
    assert not [p for p in an.problems if p.code.startswith("value.shared")]


def test_a_figure_merged_across_two_unit_columns_of_a_turned_table():
    g = Grid.of(
        *TITLE,
        ["TT", "Chỉ tiêu", "Thành phố Lào Cai", "Thị xã Sa Pa", "Huyện Bát Xát", "Tổng cộng"],
        [1, "Lễ khai mạc, phát động", 3, 2, 5, 10],
        [2, "Kinh phí ngân sách nhà nước (triệu đồng)", 50, None, 20, 70],
        merges=[(5, 2, 5, 3)],
        name="TH",
    )
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert an.errors == []
    got = by_unit(an)
    assert ("Thành phố Lào Cai", "funding.state_budget") not in got
    assert got[("Lào Cai", "funding.state_budget")] == 70_000_000
    assert [(p.code, p.cell) for p in an.warnings if p.code.startswith("value.shared")] == [
        ("value.shared_cell", "C6:D6")
    ]
