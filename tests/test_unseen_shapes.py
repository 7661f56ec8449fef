"""Shapes an independent tester's files showed (files written by someone who never read the
loader): a money caption line above a table, 'NSNN (tr.đ)' sub-headers, 'Lượt người học nghề',
and a sheet of last year's figures given to compare."""

from __future__ import annotations

from fixtures_factory import Grid, xlsx_bytes

from etl.extract import analyse

TITLE = (["UBND TỈNH LÀO CAI"], ["TỔNG HỢP KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"])


def sheet(*rows, name="TH") -> Grid:
    g = Grid(name=name)
    for r in rows:
        g.add(*r)
    return g


def province(an) -> dict[str, int]:
    return {v.code: v.value for v in an.province_values()}


def test_a_money_caption_line_above_the_table_says_the_unit():
    g = sheet(
        *TITLE,
        ["Kinh phí: triệu đồng"],
        ["STT", "Đơn vị", "Lễ khai mạc, phát động", "Kinh phí NSNN", "Kinh phí xã hội hóa"],
        [1, "Thành phố Lào Cai", 3, 40, 10],
        [2, "Huyện Bát Xát", 2, 60, 5],
    )
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province(an)["funding.state_budget"] == 100_000_000


def test_a_sentence_about_money_is_no_caption():
    g = sheet(
        *TITLE,
        ["Kinh phí: 150 triệu đồng từ ngân sách"],
        ["STT", "Đơn vị", "Lễ khai mạc, phát động", "Kinh phí NSNN"],
        [1, "Thành phố Lào Cai", 3, 40],
        [2, "Huyện Bát Xát", 2, 60],
    )
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert {q.code for q in an.questions} == {"ask.money_unit"}  # no unit stated: asked, never guessed


def test_abbreviated_money_units_and_learners_of_vocational_classes():
    g = sheet(
        *TITLE,
        ["STT", "Đơn vị", "Kinh phí", "", "Lượt người học nghề"],
        ["", "", "NSNN (tr.đ)", "XHH (tr.đ)", ""],
        [1, "Thành phố Lào Cai", 40, 10, 120],
        [2, "Huyện Bát Xát", 60, 5, 80],
    )
    g.merges += [(2, 2, 2, 3)]
    an = analyse("th.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert province(an) == {
        "funding.state_budget": 100_000_000,
        "funding.socialized": 15_000_000,
        "classes.vocational.learners": 200,
    }


def test_a_sheet_of_last_years_figures_given_to_compare_is_not_a_report():
    def report(year: int, note: str) -> Grid:
        return sheet(
            ["UBND TỈNH LÀO CAI"],
            [f"BÁO CÁO KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {year}"],
            [f"Đơn vị: Sở GD&ĐT Lào Cai{note}"],
            ["STT", "Nội dung", "ĐVT", "Số lượng"],
            [1, "Lễ khai mạc, phát động", "lễ", 23 if year == 2024 else 20],
            [2, "Người dự lễ khai mạc", "người", 2500 if year == 2024 else 2000],
            [3, "Lớp giáo dục kỹ năng sống", "lớp", 44 if year == 2024 else 40],
            name=f"Năm {year}",
        )

    an = analyse("bao_cao.xlsx", xlsx_bytes(report(2024, ""), report(2023, " (số liệu năm trước để so sánh)")))
    assert an.errors == [] and an.year == 2024 and an.part_years == []
    assert province(an)["ceremony.attendees"] == 2500
    assert [p.sheet for p in an.warnings if p.code == "sheet.comparison_skipped"] == ["Năm 2023"]
