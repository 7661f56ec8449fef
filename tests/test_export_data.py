"""The data behind a chart: CSV (UTF-8 with BOM) and XLSX with Vietnamese headers, and no text
cell that a spreadsheet would run as a formula."""

import csv
import io

import pytest
from export_samples import INJECTED, bar, injected, map_, stacked
from openpyxl import load_workbook

from exports.data import FORMULA_STARTS, chart_table, neutralise, to_csv, to_xlsx
from figures.spec import file_name


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", INJECTED])
def test_dangerous_text_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Hà Nội", "Xã =lạ", "", 12, -5, 1.5, None])
def test_safe_text_and_numbers_are_unchanged(value):
    assert neutralise(value) == value


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM, so that Excel reads Vietnamese"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_bom_vietnamese_headers_and_raw_numbers():
    rows = _csv_rows(to_csv(bar()))
    assert rows[0] == ["Loại lớp", "Số lớp"]
    assert rows[1] == ["Cập nhật kiến thức", "12345"]
    assert rows[4] == ["Ngoại ngữ", "1234567"]
    assert len(rows) == 6


def test_csv_neutralises_formula_injection_but_keeps_negative_numbers():
    rows = _csv_rows(to_csv(injected()))
    cells = {r[0]: r[1] for r in rows[1:]}
    assert "'" + INJECTED in cells
    for key in cells:
        assert not key.startswith(FORMULA_STARTS), key
    assert cells["'-Xã lạ"] == "-5"  # a real number stays a number, sign included
    assert cells["Xã An Bình"] == "1234567"


def test_xlsx_neutralises_formula_injection_and_keeps_numbers_numeric():
    wb = load_workbook(io.BytesIO(to_xlsx(injected())))
    ws = wb["Số liệu"]
    assert [c.value for c in ws[1]] == ["Đơn vị", "Số lớp"]
    names = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert "'" + INJECTED in names
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_STARTS), cell.coordinate
    values = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
    assert values == [10, 20, -5, 40, 50, 60, 1234567]
    assert all(isinstance(v, int) for v in values)


def test_xlsx_info_sheet_says_what_when_and_demo():
    wb = load_workbook(io.BytesIO(to_xlsx(bar(demo=True))))
    info = {r[0].value: r[1].value for r in wb["Thông tin"].iter_rows()}
    assert info["Biểu đồ"] == "Số lớp học theo loại năm 2024"
    assert info["Năm"] == "2024"
    assert info["Bộ lọc"] == "63 tỉnh, cả nước"
    assert "DỮ LIỆU MẪU" in info
    assert "DỮ LIỆU MẪU" in info["Nguồn"]


def test_money_stays_in_dong_with_the_unit_in_the_header_and_series_as_columns():
    table = chart_table(stacked())
    assert list(table.columns) == ["Năm", "Ngân sách nhà nước (đồng)", "Xã hội hóa (đồng)"]
    assert table.iloc[2].tolist() == ["2024", 2_100_000_000, 3_050_000_000]
    rows = _csv_rows(to_csv(stacked()))
    assert rows[3] == ["2024", "2100000000", "3050000000"]


def test_map_table_lists_every_province_of_the_era_blank_where_missing():
    spec = map_(era=34, missing=2)
    table = chart_table(spec)
    assert list(table.columns) == ["Mã tỉnh", "Tỉnh, thành phố", "Lượt người"]
    assert len(table) == 34
    assert table["Lượt người"].isna().sum() == 2
    data = spec.data.set_index("category")["value"]
    for code, value in zip(table["Mã tỉnh"], table["Lượt người"], strict=True):
        if code in data.index:
            assert value == data[code]
    wb = load_workbook(io.BytesIO(to_xlsx(spec)))
    assert wb["Số liệu"].max_row == 35


def test_file_names_say_what_and_when():
    assert file_name(bar(), "csv") == "so-lop-hoc-theo-loai-2024.csv"
    assert file_name(stacked(), "xlsx") == "kinh-phi-theo-nguon.xlsx"
