"""`etl.extract.analyse` over generated files of every shape people send.

Assertions are on codes, values (province level, in đồng) and cell positions, never on message
text. Fixture builders live in tests/fixtures_factory.py."""

import re

import pytest
from fixtures_factory import (
    EXPECTED,
    MONEY_CODES,
    WIDE_COLUMNS,
    WIDE_COLUMNS_ROUGH,
    Grid,
    WideColumn,
    a1,
    csv_bytes,
    long_title_vertical,
    no_diacritics,
    shifted_columns,
    sub_unit_rows,
    to_tcvn3,
    to_vni,
    two_column_grid,
    vertical_grid,
    wide_grid,
    xls_bytes,
    xlsx_bytes,
    zip_bomb_bytes,
)

from etl.extract import analyse
from etl.validate import validate
from reference import admin_units as au

A1 = re.compile(r"^[A-Z]{1,3}[1-9][0-9]*$")
WIDE_EXPECTED = {c.code: EXPECTED[c.code] for c in WIDE_COLUMNS}
HN_DISTRICTS = au.districts("01")


def values_of(an, level: str = "province") -> dict[str, int]:
    return {v.code: v.value for v in an.values if v.unit.level == level}


def by_unit(an) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for v in an.values:
        out.setdefault(v.unit.code, {})[v.code] = v.value
    return out


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def only(an, code: str):
    found = [p for p in an.problems if p.code == code]
    assert len(found) == 1, codes(an.problems)
    return found[0]


# ------------------------------------------------------------------------------------------------
# (a) vertical one-unit form
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "title_rows,file_name",
    [
        (0, "2023_QuangNam_bieu_doc.xlsx"),  # no title at all: year and unit from the file name
        (3, "bao_cao.xlsx"),
        (8, "bao_cao.xlsx"),
    ],
)
def test_vertical_form_any_title_height(title_rows, file_name):
    g = vertical_grid(title_rows=title_rows)
    an = analyse(file_name, xlsx_bytes(g))
    assert an.problems == []
    assert an.shape == "vertical"
    assert an.year == 2023
    assert (an.unit.code, an.unit.level) == ("49", "province")
    assert values_of(an) == EXPECTED
    # every value knows the cell it came from
    assert {v.code: v.cell for v in an.values} == g.cells
    assert {v.sheet for v in an.values} == {"Bieu 1"}


@pytest.mark.parametrize("money_unit", ["đồng", "nghìn đồng", "triệu đồng"])
@pytest.mark.parametrize("as_text", [False, True], ids=["numbers", "text"])
def test_vertical_money_unit_column(money_unit, as_text):
    g = vertical_grid(money_unit=money_unit, as_text=as_text)
    if money_unit == "triệu đồng" and as_text:
        assert g.rows[int(g.cells["funding.socialized"][1:]) - 1][3] == "82,5"
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert values_of(an) == EXPECTED


def test_vertical_numbers_stored_as_text_with_vietnamese_separators():
    g = vertical_grid(as_text=True)
    row = int(g.cells["ceremony.attendees"][1:]) - 1
    assert g.rows[row][3] == "4.500"
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert values_of(an) == EXPECTED


@pytest.mark.parametrize(
    "raw,dong",
    [
        ("1,5 tỷ", 1_500_000_000),
        ("850 triệu", 850_000_000),
        ("12.500.000 đ", 12_500_000),
    ],
)
def test_money_written_in_the_cell_wins_over_the_unit_column(raw, dong):
    g = vertical_grid(money_unit="nghìn đồng", overrides={"funding.state_budget": raw})
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert values_of(an)["funding.state_budget"] == dong
    assert values_of(an)["funding.socialized"] == EXPECTED["funding.socialized"]


@pytest.mark.parametrize("raw", ["-", "x"])
def test_dash_is_zero_and_x_is_not_applicable(raw):
    g = vertical_grid(overrides={"direction.inspections": raw})
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    vals = values_of(an)
    if raw == "-":
        assert vals["direction.inspections"] == 0
    else:
        assert "direction.inspections" not in vals
    assert vals["direction.documents"] == 12


def test_vertical_without_diacritics():
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid().map_text(no_diacritics)))
    assert an.errors == []
    assert (an.year, an.unit.code) == (2023, "49")
    assert values_of(an) == EXPECTED


# ------------------------------------------------------------------------------------------------
# (b) vertical with count + people columns
# ------------------------------------------------------------------------------------------------
def test_vertical_count_and_people_columns():
    g = two_column_grid()
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert an.unit.code == "49"
    want = {
        k: v
        for k, v in EXPECTED.items()
        if k.startswith(("classes.life_skills", "classes.language", "classes.digital", "classes.online"))
    }
    assert values_of(an) == want
    r, c = g.find("Lớp ngoại ngữ")
    cells = {v.code: v.cell for v in an.values}
    assert cells["classes.language.classes"] == a1(r, c + 1)
    assert cells["classes.language.learners"] == a1(r, c + 2)


# ------------------------------------------------------------------------------------------------
# (c) wide district table: two header rows, merged groups, spacer column, total row
# ------------------------------------------------------------------------------------------------
def hn_rows(n: int = 6):
    return sub_unit_rows([d.name for d in HN_DISTRICTS[:n]])


@pytest.mark.parametrize("total_at_top", [False, True], ids=["total-bottom", "total-top"])
@pytest.mark.parametrize("spacer", [True, False], ids=["spacer", "no-spacer"])
def test_wide_district_table(total_at_top, spacer):
    rows = hn_rows()
    w = wide_grid(rows, total_at_top=total_at_top, spacer=spacer)
    assert any(m[2] > m[0] or m[3] > m[1] for m in w.grid.merges)
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert an.problems == []
    assert an.shape == "wide"
    assert (an.year, an.unit.code, an.unit.level) == (2023, "01", "province")
    assert values_of(an) == WIDE_EXPECTED
    units = by_unit(an)
    for d, (name, vals) in zip(HN_DISTRICTS, rows):
        assert units[d.code] == vals, name
    assert {v.unit.level for v in an.values if v.unit.code != "01"} == {"district"}
    # a district value points at its own cell
    name, _ = rows[2]
    cell = next(v.cell for v in an.values if v.unit.name == name and v.code == "classes.language.learners")
    assert cell == a1(w.rows[name], w.columns["classes.language.learners"])


def test_wide_total_row_that_disagrees_asks_and_once_answered_rows_win():
    rows = hn_rows()
    stated = dict(WIDE_EXPECTED, **{"ceremony.events": 99})
    w = wide_grid(rows, total_values=stated)
    data = xlsx_bytes(w.grid)
    an = analyse("tong_hop.xlsx", data)
    # the rows may be misread or the total mistyped: the file waits for the officer's answer
    q = only(an, "ask.total_mismatch")
    assert q.is_question and q.is_error and not an.ok
    assert (q.sheet, q.cell) == ("Tong hop", a1(w.total_row, w.columns["ceremony.events"]))
    ((key, value, _),) = q.options
    assert value == "rows"
    answered = analyse("tong_hop.xlsx", data, learned={key: value})
    assert answered.errors == []
    assert only(answered, "total.mismatch").severity == "warning"
    assert values_of(answered)["ceremony.events"] == sum(v["ceremony.events"] for _, v in rows) == 18


@pytest.mark.parametrize(
    "statement,money_unit",
    [
        ("Đơn vị tính kinh phí: triệu đồng", "triệu đồng"),
        ("Đơn vị tính: triệu đồng", "triệu đồng"),
        ("ĐVT: 1.000đ", "nghìn đồng"),
        ("(Đơn vị tính: nghìn đồng)", "nghìn đồng"),
        ("ĐVT: đồng", "đồng"),
    ],
)
def test_wide_money_statement(statement, money_unit):
    w = wide_grid(hn_rows(), statement=statement, money_unit=money_unit)
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert an.errors == []
    vals = values_of(an)
    assert (vals["funding.state_budget"], vals["funding.socialized"]) == (150_000_000, 82_500_000)


def test_wide_money_unit_in_the_group_header():
    cols = [WideColumn("Kinh phí (triệu đồng)", c.child, c.code) if c.code in MONEY_CODES else c for c in WIDE_COLUMNS]
    w = wide_grid(hn_rows(), statement=None, columns=cols)
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert an.errors == []
    assert values_of(an) == WIDE_EXPECTED


def test_cong_dong_in_title_does_not_override_money_statement():
    # '(... trung tâm học tập cộng đồng)' above the statement once set the sheet's money unit to đồng
    titles = [
        "UBND THÀNH PHỐ HÀ NỘI",
        "TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2023",
        "(Tổng hợp từ báo cáo của các trung tâm học tập cộng đồng)",
        "Đơn vị tính kinh phí: triệu đồng",
    ]
    w = wide_grid(hn_rows(), title_rows=titles)
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert values_of(an)["funding.state_budget"] == 150_000_000


def test_wide_short_district_names():
    names = ["Ba Đình", "Hoàn Kiếm", "Sóc Sơn", "Sơn Tây"]
    an = analyse("tong_hop.xlsx", xlsx_bytes(wide_grid(sub_unit_rows(names)).grid))
    assert an.errors == []
    subs = {(v.unit.code, v.unit.name, v.unit.level) for v in an.values if v.unit.code != "01"}
    assert subs == {
        ("001", "Quận Ba Đình", "district"),
        ("002", "Quận Hoàn Kiếm", "district"),
        ("016", "Huyện Sóc Sơn", "district"),
        ("269", "Thị xã Sơn Tây", "district"),
    }


# ------------------------------------------------------------------------------------------------
# (f) rough headers: no diacritics, split over lines, abbreviations (NSNN, XHH, KNS)
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("as_text", [False, True], ids=["numbers", "text"])
def test_wide_rough_headers(as_text):
    w = wide_grid(hn_rows(), columns=WIDE_COLUMNS_ROUGH, as_text=as_text)
    assert "So\nlop" in w.grid.rows[w.grid.find("So\nlop")[0]]
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert an.errors == []
    assert an.unmapped == []
    assert values_of(an) == WIDE_EXPECTED


@pytest.mark.parametrize("statement", ["Don vi tinh kinh phi: trieu dong", "Don vi tinh: trieu dong"])
def test_money_statement_without_diacritics(statement):
    w = wide_grid(hn_rows(), columns=WIDE_COLUMNS_ROUGH, statement=statement)
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert values_of(an)["funding.state_budget"] == 150_000_000


# ------------------------------------------------------------------------------------------------
# sub-units: districts before 2025, communes from 2025
# ------------------------------------------------------------------------------------------------
def test_hanoi_2023_rows_are_districts():
    picks = [
        d
        for d in HN_DISTRICTS
        if d.name in ("Quận Ba Đình", "Huyện Sóc Sơn", "Quận Cầu Giấy", "Huyện Đông Anh", "Thị xã Sơn Tây")
    ]
    assert len(picks) == 5
    an = analyse("tong_hop.xlsx", xlsx_bytes(wide_grid(sub_unit_rows([d.name for d in picks])).grid))
    assert an.errors == []
    subs = {v.unit.code: (v.unit.level, v.unit.province_code) for v in an.values if v.unit.code != "01"}
    assert subs == {d.code: ("district", "01") for d in picks}


def test_danang_2025_rows_are_communes():
    communes = au.communes("48", 34)
    picks = list(communes[:4]) + list(communes[40:44])
    w = wide_grid(sub_unit_rows([c.name for c in picks]), year=2025, issuer_line="UBND THÀNH PHỐ ĐÀ NẴNG")
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert an.errors == []
    assert (an.year, an.unit.code) == (2025, "48")
    subs = {v.unit.code: (v.unit.level, v.unit.province_code) for v in an.values if v.unit.code != "48"}
    assert subs == {c.code: ("commune", "48") for c in picks}
    assert values_of(an) == WIDE_EXPECTED


def test_unit_from_the_district_names_in_the_rows():
    titles = ["TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2023", "Đơn vị tính kinh phí: triệu đồng"]
    w = wide_grid(hn_rows(), title_rows=titles)
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert an.problems == []
    assert an.unit.code == "01"
    assert values_of(an) == WIDE_EXPECTED


@pytest.mark.parametrize("total_label", ["Cộng", "Toàn tỉnh", "TỔNG CỘNG", "Tong cong", "Tỉnh Lào Cai"])
def test_total_row_labels(total_label):
    rows = sub_unit_rows([d.name for d in au.districts("10")[:5]])
    w = wide_grid(
        rows, issuer_line="UBND TỈNH LÀO CAI", total_label=total_label, total_values={c.code: 1 for c in WIDE_COLUMNS}
    )
    data = xlsx_bytes(w.grid)
    an = analyse("tong_hop.xlsx", data)
    # stated 1 everywhere: read as the total row, checked against the rows (a question), never used
    assert codes(an.problems) == ["ask.total_mismatch"] * len(WIDE_COLUMNS)
    answers = {k: v for q in an.questions for k, v, _ in q.options}
    an = analyse("tong_hop.xlsx", data, learned=answers)
    assert an.errors == []
    assert codes(an.warnings) == ["total.mismatch"] * len(WIDE_COLUMNS)
    assert values_of(an) == WIDE_EXPECTED
    assert {v.unit.level for v in an.values} == {"province", "district"}


def test_total_row_named_after_the_province_whose_capital_has_the_same_name():
    rows = sub_unit_rows([d.name for d in au.districts("10")[:5]])
    assert rows[0][0] == "Thành phố Lào Cai"
    w = wide_grid(rows, issuer_line="UBND TỈNH LÀO CAI", total_label="Lào Cai")
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert an.errors == []
    assert values_of(an) == WIDE_EXPECTED


def test_communes_differing_only_by_diacritics_stay_apart():
    ids = {c.name: c.code for c in au.communes("19", 34)}
    names = ["Xã Văn Lăng", "Xã Văn Lang", "Phường Phan Đình Phùng"]
    w = wide_grid(sub_unit_rows(names), year=2025, issuer_line="UBND TỈNH THÁI NGUYÊN")
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert an.errors == []
    subs = {v.unit.code for v in an.values if v.unit.code != "19"}
    assert subs == {ids[n] for n in names}


@pytest.mark.parametrize("year,code,level_2025", [(2023, "49", False), (2024, "49", False), (2025, "48", True)])
def test_quang_nam_code_by_era(year, code, level_2025):
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(year=year, title_rows=3, province_upper="QUẢNG NAM")))
    assert an.errors == []
    assert an.unit.code == code
    assert (an.unit.name == "Đà Nẵng") is level_2025


# ------------------------------------------------------------------------------------------------
# (d) national table of provinces: CSV / TXT in several encodings
# ------------------------------------------------------------------------------------------------
PROVINCES_2024 = [
    ("Hà Nội", "01"),
    ("Hải Phòng", "31"),
    ("Quảng Nam", "49"),
    ("Đà Nẵng", "48"),
    ("TP. Hồ Chí Minh", "79"),
    ("Thừa Thiên Huế", "46"),
    ("Cần Thơ", "92"),
    ("Bà Rịa - Vũng Tàu", "77"),
]


@pytest.mark.parametrize(
    "file_name,encoding,delimiter,shown",
    [
        ("tong_hop_toan_quoc.csv", "utf-8-sig", ",", "UTF-8 (BOM)"),
        ("tong_hop_toan_quoc.csv", "utf-8", ";", "UTF-8"),
        ("tong_hop_toan_quoc.csv", "cp1258", ",", "Windows-1258"),
        ("tong_hop_toan_quoc.csv", "cp1258-nfc", ",", "Windows-1258"),
        ("tong_hop_toan_quoc.txt", "utf-16", "\t", "UTF-16"),
        ("tong_hop_toan_quoc.txt", "utf-16-le", "\t", "UTF-16"),
    ],
)
def test_national_table_of_provinces(file_name, encoding, delimiter, shown):
    rows = sub_unit_rows([n for n, _ in PROVINCES_2024])
    w = wide_grid(
        rows, year=2024, issuer_line="BỘ GIÁO DỤC VÀ ĐÀO TẠO", unit_header="Tỉnh, thành phố", total_label="Toàn quốc"
    )
    an = analyse(file_name, csv_bytes(w.grid, encoding, delimiter))
    assert an.encoding == shown
    assert an.problems == []
    assert (an.year, an.unit.code, an.unit.level) == (2024, au.NATIONAL_CODE, "national")
    units = by_unit(an)
    assert set(units) == {code for _, code in PROVINCES_2024}
    assert {v.unit.level for v in an.values} == {"province"}
    for (name, vals), (_, code) in zip(rows, PROVINCES_2024):
        assert units[code] == vals, name


def test_national_table_2025_uses_34_codes():
    names = [("Hà Nội", "01"), ("Đà Nẵng", "48"), ("Huế", "46"), ("Lào Cai", "15"), ("An Giang", "91")]
    rows = sub_unit_rows([n for n, _ in names])
    w = wide_grid(rows, year=2025, issuer_line="BỘ GIÁO DỤC VÀ ĐÀO TẠO", unit_header="Tỉnh, thành phố")
    an = analyse("toan_quoc.xlsx", xlsx_bytes(w.grid))
    assert an.errors == []
    assert set(by_unit(an)) == {c for _, c in names}


# ------------------------------------------------------------------------------------------------
# (e) legacy .xls typed in TCVN3 / VNI
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind,encode", [("TCVN3", to_tcvn3), ("VNI", to_vni)])
@pytest.mark.parametrize("writer,suffix", [(xls_bytes, ".xls"), (xlsx_bytes, ".xlsx")])
def test_legacy_font_workbook(kind, encode, writer, suffix):
    g = vertical_grid(year=2022, province_upper="LÀO CAI").map_text(encode)
    assert "Hµ Néi" == to_tcvn3("Hà Nội")
    an = analyse("bao_cao" + suffix, writer(g))
    assert an.encoding == kind
    assert an.errors == []
    assert (an.year, an.unit.code) == (2022, "10")
    assert values_of(an) == EXPECTED


def test_legacy_wide_xls_with_merged_headers():
    rows = hn_rows(5)
    w = wide_grid(rows)
    an = analyse("tong_hop.xls", xls_bytes(w.grid.map_text(to_tcvn3)))
    assert an.encoding == "TCVN3"
    assert an.errors == []
    assert values_of(an) == WIDE_EXPECTED


def test_ods_workbook():
    # pandas writes .ods through odfpy, which requirements-dev.txt pins: no skip, a missing odfpy fails
    import io

    import pandas as pd

    g = vertical_grid()
    buf = io.BytesIO()
    width = g.width
    pd.DataFrame([row + [None] * (width - len(row)) for row in g.rows]).to_excel(
        buf, engine="odf", header=False, index=False, sheet_name=g.name
    )
    an = analyse("bao_cao.ods", buf.getvalue())
    assert an.errors == []
    assert values_of(an) == EXPECTED


# ------------------------------------------------------------------------------------------------
# year and unit: title, file name, arguments
# ------------------------------------------------------------------------------------------------
def test_year_and_unit_from_title():
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(year=2021, province_upper="QUẢNG NAM")))
    assert (an.year, an.unit.code) == (2021, "49")


@pytest.mark.parametrize(
    "file_name,year,code",
    [
        ("2023_QuangNam_bieu_doc.xlsx", 2023, "49"),
        ("2022_49_Quang_Nam.xlsx", 2022, "49"),
        ("bao-cao-lao-cai-2021.xlsx", 2021, "10"),
        ("Ha Noi 2024.xlsx", 2024, "01"),
        ("2025_DaNang.xlsx", 2025, "48"),
    ],
)
def test_year_and_unit_from_file_name(file_name, year, code):
    an = analyse(file_name, xlsx_bytes(vertical_grid(title_rows=0)))
    assert an.errors == []
    assert (an.year, an.unit.code) == (year, code)


def test_unit_from_file_name_glued_to_year():
    an = analyse("QuangNam2023.xlsx", xlsx_bytes(vertical_grid(title_rows=0)))
    assert an.errors == []
    assert an.unit.code == "49"


def test_2025_file_naming_a_merged_away_province_reports_for_its_successor_and_says_so():
    bac_giang = next(p for p in au.provinces(63) if p.name == "Bắc Giang")
    successor = au.province_by_code(34)[bac_giang.code_2025]
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(year=2025, title_rows=3, province_upper="BẮC GIANG")))
    assert an.errors == []
    assert (an.unit.code, an.unit.name) == (successor.code, successor.name)
    p = only(an, "unit.merged_province")
    assert "Bắc Giang" in p.message and successor.name in p.message
    # the same name before the merger is simply Bắc Giang, without a warning
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(year=2024, title_rows=3, province_upper="BẮC GIANG")))
    assert an.problems == [] and an.unit.code == bac_giang.code


def test_year_and_unit_from_arguments():
    data = xlsx_bytes(vertical_grid(title_rows=0))
    an = analyse("bao_cao.xlsx", data, year=2023, unit="49")
    assert an.errors == []
    assert (an.year, an.unit.code) == (2023, "49")
    assert values_of(an) == EXPECTED
    assert analyse("bao_cao.xlsx", data, year=2023, unit="1").unit.code == "01"  # zero-padded


def test_arguments_do_not_override_the_file():
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(year=2023)), year=2021, unit="01")
    assert (an.year, an.unit.code) == (2023, "49")
    assert set(codes(an.warnings)) == {"year.flag_ignored", "unit.flag_ignored"}


def test_officer_choice_overrides_the_file():
    """prefer_given: the upload page lets an officer correct a wrongly detected year or unit."""
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(year=2023)), year=2021, unit="01", prefer_given=True)
    assert an.errors == []
    assert (an.year, an.unit.code) == (2021, "01")
    assert set(codes(an.warnings)) == {"year.overridden", "unit.overridden"}
    assert "2023" in only(an, "year.overridden").message
    assert "Quảng Nam" in only(an, "unit.overridden").message
    assert values_of(an) == EXPECTED


def test_officer_choice_equal_to_the_file_warns_nothing():
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(year=2023)), year=2023, unit="49", prefer_given=True)
    assert an.problems == []


def test_officer_choice_fills_what_the_file_lacks():
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(title_rows=0)), year=2022, unit="1", prefer_given=True)
    assert an.problems == []
    assert (an.year, an.unit.code) == (2022, "01")


def test_officer_choice_still_checked():
    data = xlsx_bytes(vertical_grid(year=2023))
    assert codes(analyse("b.xlsx", data, unit="99", prefer_given=True).errors) == ["unit.bad_flag"]
    assert codes(analyse("b.xlsx", data, year=2013, prefer_given=True).errors) == ["year.out_of_range"]


def test_year_unknown():
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(title_rows=0)))
    p = only(an, "year.unknown")
    assert p.is_error and (p.sheet, p.cell) == ("Bieu 1", "A1")
    assert "--year" in p.hint
    assert an.values == []


def test_unit_unknown():
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(title_rows=0)), year=2023)
    p = only(an, "unit.unknown")
    assert p.is_error and (p.sheet, p.cell) == ("Bieu 1", "A1")
    assert "--unit" in p.hint
    assert an.values == []


def test_unit_flag_not_a_province():
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(title_rows=0)), year=2023, unit="99")
    assert codes(an.errors) == ["unit.bad_flag"]


@pytest.mark.parametrize("year", [2013, 2099])
def test_year_out_of_range(year):
    an = analyse("bao_cao.xlsx", xlsx_bytes(vertical_grid(year=year)))
    assert codes(an.errors) == ["year.out_of_range"]
    assert an.values == []


def test_year_out_of_range_points_at_the_title_cell():
    g = vertical_grid(year=2013, title_rows=3)
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    p = only(an, "year.out_of_range")
    assert (p.sheet, p.cell) == ("Bieu 1", "A2")


# ------------------------------------------------------------------------------------------------
# rejections with positions
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["-5", -5, "- 5"])
def test_negative_value(raw):
    g = vertical_grid(overrides={"classes.language.learners": raw})
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    p = only(an, "value.negative")
    assert p.is_error
    assert (p.sheet, p.cell) == ("Bieu 1", g.cells["classes.language.learners"]) == ("Bieu 1", "D23")
    assert codes(an.errors) == ["value.negative"]
    assert "classes.language.learners" not in values_of(an)


@pytest.mark.parametrize("bad", ["abc", "-3"])
def test_bad_value_in_a_wide_table(bad):
    rows = hn_rows()
    name = rows[2][0]
    w = wide_grid(rows, overrides={(name, "classes.language.learners"): bad})
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    code = "value.negative" if bad.startswith("-") else "value.not_number"
    p = only(an, code)
    assert (p.sheet, p.cell) == ("Tong hop", a1(w.rows[name], w.columns["classes.language.learners"]))
    assert codes(an.errors) == [code]


@pytest.mark.parametrize("bad", ["abc", "#REF!", "85%"])
def test_not_a_number_in_a_vertical_form(bad):
    g = vertical_grid(overrides={"ceremony.attendees": bad})
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    p = only(an, "value.not_number")
    assert (p.sheet, p.cell) == ("Bieu 1", g.cells["ceremony.attendees"])


def _with_error_cell(data: bytes, sheet: str, cell: str) -> bytes:
    """Re-save a workbook with a real Excel error value (#REF!) in one cell."""
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    wb[sheet][cell].value = "#REF!"
    assert wb[sheet][cell].data_type == "e"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_excel_error_cell_in_a_wide_table():
    rows = hn_rows()
    name = rows[1][0]
    w = wide_grid(rows)
    cell = a1(w.rows[name], w.columns["classes.language.classes"])
    an = analyse("tong_hop.xlsx", _with_error_cell(xlsx_bytes(w.grid), "Tong hop", cell))
    p = only(an, "value.not_number")
    assert (p.sheet, p.cell) == ("Tong hop", cell)


def test_fraction_and_money_in_count_cells():
    g = vertical_grid(overrides={"direction.documents": "2,5", "classes.language.classes": "1,5 tỷ"})
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert {(p.code, p.cell) for p in an.errors} == {
        ("value.fraction", g.cells["direction.documents"]),
        ("value.unit_mismatch", g.cells["classes.language.classes"]),
    }


@pytest.mark.parametrize("measure", ["classes", "learners"])
def test_online_exceeds_total(measure):
    vals = dict(EXPECTED)
    vals[f"classes.online.{measure}"] = 10_000
    g = vertical_grid(vals)
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []  # a rule, checked by validate
    validate(an)
    p = only(an, "rule.online_exceeds_total")
    assert p.is_error
    assert (p.sheet, p.cell) == ("Bieu 1", g.cells[f"classes.online.{measure}"])


def test_online_rule_is_per_unit_in_a_wide_table():
    rows = hn_rows()
    name, vals = rows[3]
    vals["classes.online.classes"] = vals["classes.life_skills.classes"] + vals["classes.language.classes"] + 1
    w = wide_grid(rows)
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    validate(an)
    p = only(an, "rule.online_exceeds_total")
    assert p.cell == a1(w.rows[name], w.columns["classes.online.classes"])


def test_validate_warnings():
    vals = dict(EXPECTED, **{"classes.language.learners": 3})
    vals.pop("funding.state_budget")
    vals.pop("funding.socialized")
    g = vertical_grid(vals)
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    validate(an, previous={("49", "ceremony.attendees"): 100})
    assert an.errors == []
    got = {(p.code, p.cell) for p in an.warnings}
    assert got == {
        ("rule.learners_below_classes", g.cells["classes.language.learners"]),
        ("rule.section_missing", ""),
        ("rule.year_jump", g.cells["ceremony.attendees"]),
    }


def test_table_not_found():
    g = Grid(
        [
            ["DANH SÁCH CÁN BỘ THAM GIA"],
            ["Họ và tên", "Chức vụ", "Đơn vị"],
            ["Nguyễn Văn An", "Trưởng phòng", "Phòng GDTX"],
        ],
        name="DS",
    )
    an = analyse("danh_sach.xlsx", xlsx_bytes(g))
    p = only(an, "table.not_found")
    assert p.is_error and p.sheet == "DS"


@pytest.mark.parametrize(
    "file_name,data,code",
    [
        ("bao_cao.xlsm", None, "file.macro"),
        ("bao_cao.pdf", b"%PDF-1.4\n1 0 obj\n", "file.type"),
        ("bao_cao", b"abc", "file.type"),
        ("bao_cao.csv", b"", "file.empty"),
        ("bao_cao.xlsx", b"PK\x03\x04 not really a zip", "file.corrupt"),
        ("bao_cao.xlsx", b"plain text, not a workbook", "file.corrupt"),
    ],
)
def test_file_refused(file_name, data, code):
    an = analyse(file_name, xlsx_bytes(vertical_grid()) if data is None else data)
    assert codes(an.problems) == [code]
    assert an.values == [] and an.year is None and an.unit is None


def test_macro_inside_an_xlsx_name():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(vertical_grid()))) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\0" * 64)
    assert codes(analyse("bao_cao.xlsx", buf.getvalue()).problems) == ["file.macro"]


def test_zip_bomb():
    data = zip_bomb_bytes()
    assert len(data) < 1024 * 1024
    an = analyse("bao_cao.xlsx", data)
    assert codes(an.problems) == ["file.zip_bomb"]


def test_too_large():
    data = xlsx_bytes(vertical_grid())
    an = analyse("bao_cao.xlsx", data, max_bytes=len(data) - 1)
    assert codes(an.problems) == ["file.too_large"]
    assert analyse("bao_cao.xlsx", data, max_bytes=len(data)).errors == []


# ------------------------------------------------------------------------------------------------
# every error has a position where one applies
# ------------------------------------------------------------------------------------------------
def _bad_files():
    vals = dict(EXPECTED, **{"classes.online.classes": 500})
    yield "negative", vertical_grid(overrides={"outreach.banners": "-1"})
    yield "fraction", vertical_grid(overrides={"direction.documents": "1,5"})
    yield "online", vertical_grid(vals)
    rows = hn_rows()
    yield "wide", wide_grid(rows, overrides={(rows[0][0], "ceremony.events"): "mười"}).grid


@pytest.mark.parametrize("name,grid", list(_bad_files()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_cell_error_has_sheet_and_cell(name, grid):
    an = analyse("bao_cao.xlsx", xlsx_bytes(grid))
    validate(an)
    assert an.errors
    for p in an.errors:
        assert p.sheet == grid.name
        assert A1.match(p.cell), p
        assert p.where == f"{grid.name}!{p.cell}"


# ------------------------------------------------------------------------------------------------
# files nobody has sent yet: plausible variants of the shapes above
# ------------------------------------------------------------------------------------------------
def _hidden(data: bytes, sheets: tuple[str, ...] = (), rows: dict[str, list[int]] | None = None) -> bytes:
    """Re-save an .xlsx with some sheets hidden and some rows (1-based) hidden."""
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    for name in sheets:
        wb[name].sheet_state = "hidden"
    for name, numbers in (rows or {}).items():
        for n in numbers:
            wb[name].row_dimensions[n].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_variant_header_in_row_12_under_a_long_title():
    g = long_title_vertical(header_row=11)
    assert g.rows[11][0] == "STT"
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert (an.year, an.unit.code) == (2023, "49")
    assert values_of(an) == EXPECTED
    assert {v.code: v.cell for v in an.values} == g.cells


def test_variant_labels_in_column_c_numbering_in_a_and_b():
    g = shifted_columns(vertical_grid())
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert values_of(an) == EXPECTED
    assert {v.code: v.cell for v in an.values} == g.cells


def test_variant_numbers_typed_as_text_with_spaces():
    vals = {
        code: (f"{v:,}".replace(",", " ") if code not in MONEY_CODES else f"{v // 1000:,}".replace(",", "\u00a0"))
        for code, v in EXPECTED.items()
    }
    g = vertical_grid(overrides=vals)
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert values_of(an) == EXPECTED


def test_variant_one_sheet_per_district_plus_a_summary_sheet():
    districts = HN_DISTRICTS[:3]
    rows = sub_unit_rows([d.name for d in districts])
    sheets = []
    for d, (_, vals) in zip(districts, rows):
        g = vertical_grid(
            vals, year=2023, title_rows=3, province_upper=d.name.upper(), sheet=d.short, money_unit="triệu đồng"
        )
        g.rows[0][0] = f"UBND {d.name.upper()}"
        sheets.append(g)
    summary = wide_grid(rows, sheet="Tong hop")
    an = analyse("ha_noi_2023.xlsx", xlsx_bytes(summary.grid, *sheets))
    assert an.errors == []
    assert an.unit.code == "01"
    assert values_of(an) == WIDE_EXPECTED
    assert set(by_unit(an)) - {"01"} == {d.code for d in districts}
    assert "value.conflict" not in codes(an.problems)


def test_variant_unit_per_row_in_a_dvt_column():
    # money rows state their own unit, different per row; no unit anywhere else
    g = vertical_grid(money_unit="đồng")
    r_state = int(g.cells["funding.state_budget"][1:]) - 1
    r_social = int(g.cells["funding.socialized"][1:]) - 1
    g.rows[r_state][2], g.rows[r_state][3] = "Triệu đồng", 150
    g.rows[r_social][2], g.rows[r_social][3] = "1.000đ", 82_500
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.errors == []
    assert values_of(an) == EXPECTED


def test_variant_blank_sheet_and_hidden_sheet_of_last_year():
    blank = Grid(name="Sheet1")
    old = vertical_grid({k: v * 3 for k, v in EXPECTED.items()}, year=2022, sheet="Nam 2022")
    current = vertical_grid(sheet="Nam 2023")
    data = _hidden(xlsx_bytes(blank, old, current), sheets=("Nam 2022",))
    an = analyse("bao_cao.xlsx", data)
    assert an.errors == []
    assert codes(an.warnings) == ["sheet.hidden_skipped"]
    assert an.year == 2023
    assert values_of(an) == EXPECTED
    assert {v.sheet for v in an.values} == {"Nam 2023"}


def test_variant_hidden_rows_stay_part_of_the_table():
    # a hidden row is still a row the province filled in (Excel hides, it does not delete)
    g = vertical_grid()
    row = int(g.cells["ceremony.attendees"][1:])
    an = analyse("bao_cao.xlsx", _hidden(xlsx_bytes(g), rows={"Bieu 1": [row]}))
    assert an.errors == []
    assert values_of(an) == EXPECTED


def test_variant_xls_with_tcvn3_headings_and_a_vni_body():
    g = vertical_grid(title_rows=8)
    header = g.rows.index(["STT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú"])

    def legacy(r, v):
        if not isinstance(v, str):
            return v
        return to_tcvn3(v) if r <= header else to_vni(v)

    mixed = Grid([[legacy(r, v) for v in row] for r, row in enumerate(g.rows)], list(g.merges), g.name, dict(g.cells))
    an = analyse("bao_cao.xls", xls_bytes(mixed))
    assert an.errors == []
    assert (an.year, an.unit.code) == (2023, "49")
    assert values_of(an) == EXPECTED


def test_variant_sub_units_named_by_their_education_office():
    names = [f"Phòng GD&ĐT {d.name}" for d in HN_DISTRICTS[:4]]
    an = analyse("tong_hop.xlsx", xlsx_bytes(wide_grid(sub_unit_rows(names)).grid))
    assert an.errors == []
    assert "unit.row_unmatched" not in codes(an.problems)
    assert set(by_unit(an)) - {"01"} == {d.code for d in HN_DISTRICTS[:4]}
    assert values_of(an) == WIDE_EXPECTED


def test_analysis_survives_the_trip_back_from_a_worker():
    """Workers send analyses back pickled; every value, unit and problem arrives unchanged."""
    import pickle

    w = wide_grid(hn_rows(), total_values=dict(WIDE_EXPECTED, **{"ceremony.events": 99}))
    an = analyse("tong_hop.xlsx", xlsx_bytes(w.grid))
    assert an.values and an.problems
    back = pickle.loads(pickle.dumps(an))
    # the tables read (whole sheets) stay behind: only the process showing the reading needs them
    assert an.tables and back.tables == []
    back.tables = an.tables
    assert back == an
    assert [vars(v) for v in back.values] == [vars(v) for v in an.values]
    assert back.province_values() == an.province_values() and back.ok == an.ok
