"""Vietnamese numbers and money units as people type them (etl.numbers)."""

import math

import pytest

from etl.numbers import money_factor, parse_cell, plain_number

# (raw cell, value, money factor written in the cell itself)
NUMBERS = [
    ("1.234", 1234, None),
    ("1.234.567", 1_234_567, None),
    ("12.500.000 đ", 12_500_000, 1),
    ("12.500.000đ", 12_500_000, 1),
    ("12.500.000 đồng", 12_500_000, 1),
    ("1,5 tỷ", 1.5, 1_000_000_000),
    ("1,5 tỷ đồng", 1.5, 1_000_000_000),
    ("850 triệu", 850, 1_000_000),
    ("850 triệu đồng", 850, 1_000_000),
    ("250 nghìn đồng", 250, 1_000),
    ("1.234,5", 1234.5, None),
    ("1.234.567,89", 1_234_567.89, None),
    ("2,5", 2.5, None),
    ("0,5", 0.5, None),
    ("3.5", 3.5, None),
    ("1 234", 1234, None),
    ("1\u00a0234", 1234, None),
    ("  42  ", 42, None),
    ("+5", 5, None),
    ("-5", -5, None),
    ("15 lớp", 15, None),
    ("3 tin, bài", 3, None),  # a count unit with a comma in it (the ĐVT 'tin, bài' typed after the number)
    ("1.000", 1000, None),
    (1234, 1234, None),
    (12.0, 12, None),
    (2.75, 2.75, None),
]


@pytest.mark.parametrize("raw,value,factor", NUMBERS)
def test_parse_numbers(raw, value, factor):
    p = parse_cell(raw)
    assert p.error is None
    assert not p.na
    assert p.value == pytest.approx(value)
    assert p.money_factor == factor


@pytest.mark.parametrize("raw", ["-", "–", "—", "0", "không", "Không có", "khong"])
def test_zero_marks(raw):
    p = parse_cell(raw)
    assert (p.value, p.error, p.na) == (0, None, False)


@pytest.mark.parametrize("raw", ["x", "X", "k/c", "...", "…", "n/a"])
def test_not_applicable_marks(raw):
    p = parse_cell(raw)
    assert p.na is True
    assert p.value is None
    assert p.error is None


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_cells_are_no_value_and_no_error(raw):
    p = parse_cell(raw)
    assert (p.value, p.error, p.na) == (None, None, False)


@pytest.mark.parametrize(
    "raw", ["abc", "#REF!", "#DIV/0!", "#N/A", "85%", "12,5 %", "(5)", True, float("nan"), float("inf")]
)
def test_not_numbers_are_errors(raw):
    p = parse_cell(raw)
    assert p.value is None
    assert p.error
    assert not p.na


def test_percentage_error_says_it_is_a_ratio():
    # a ratio in a count cell is a distinct, explainable mistake
    assert "%" in parse_cell("85%").error


@pytest.mark.parametrize("raw", ["1.2.3", "1,2,3", "12.34.567", "1.23.456"])
def test_malformed_grouping_is_not_a_number(raw):
    # a group that is not 3 digits long is a typing mistake, not thousands grouping (was read as 123)
    assert parse_cell(raw).error is not None


# ------------------------------------------------------------------------------ money units
MONEY_UNITS = [
    ("Đơn vị tính: triệu đồng", 1_000_000),
    ("Đơn vị tính: nghìn đồng", 1_000),
    ("Đơn vị tính: đồng", 1),
    ("Đơn vị tính kinh phí: triệu đồng", 1_000_000),
    ("(nghìn đồng)", 1_000),
    ("(triệu đồng)", 1_000_000),
    ("Kinh phí (triệu đồng)", 1_000_000),
    ("Kinh phí NSNN (tr.đ)", 1_000_000),
    ("ĐVT: 1.000đ", 1_000),
    ("ĐVT: Tr.đ", 1_000_000),
    ("ĐVT: đồng", 1),
    ("tr.đ", 1_000_000),
    ("triệu", 1_000_000),
    ("triệu đồng", 1_000_000),
    ("nghìn đồng", 1_000),
    ("ngàn đồng", 1_000),
    ("1.000 đồng", 1_000),
    ("tỷ đồng", 1_000_000_000),
    ("đồng", 1),
    ("VNĐ", 1),
    ("TRIỆU ĐỒNG", 1_000_000),
    ("trieu dong", 1_000_000),
]


@pytest.mark.parametrize("text,factor", MONEY_UNITS)
def test_money_factor(text, factor):
    assert money_factor(text) == factor


@pytest.mark.parametrize(
    "text",
    [
        "cộng đồng",
        "Trung tâm học tập cộng đồng",
        "Cơ sở giáo dục, trung tâm học tập cộng đồng tham gia",
        "Đơn vị tính: lớp",
        "Đơn vị tính: lượt người",
        "Số lớp",
        "Ghi chú",
        "",
        None,
    ],
)
def test_not_a_money_unit(text):
    assert money_factor(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "(Tổng hợp từ báo cáo của các trung tâm học tập cộng đồng)",
        "Đơn vị: Trung tâm học tập cộng đồng",
        "(cộng đồng)",
    ],
)
def test_cong_dong_in_a_statement_is_not_a_money_unit(text):
    # 'cộng đồng' (community) inside brackets or after 'Đơn vị:' once read as đồng (factor 1)
    assert money_factor(text) is None


@pytest.mark.parametrize(
    "raw,dong",
    [
        ("12.500.000 đ", 12_500_000),
        ("1,5 tỷ", 1_500_000_000),
        ("850 triệu", 850_000_000),
        ("2,25 tỷ đồng", 2_250_000_000),
    ],
)
def test_money_in_the_cell_converts_to_dong(raw, dong):
    p = parse_cell(raw)
    assert round(p.value * p.money_factor) == dong


@pytest.mark.parametrize(
    "raw", [0, 7, 12.0, 2.75, -3.0, -0.0, 10**20, math.nan, math.inf, -math.inf, True, False, None, "12", "1.234", "x"]
)
def test_plain_number_is_parse_cell_for_finite_numbers_only(raw):
    """The fast path of extract: a value where parse_cell gives a plain number, None where it must look."""
    got = plain_number(raw)
    if type(raw) in (int, float) and math.isfinite(raw):
        p = parse_cell(raw)
        assert type(got) is float and got == p.value and (p.money_factor, p.error, p.na) == (None, None, False)
    else:
        assert got is None
