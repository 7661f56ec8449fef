"""The canonical form (etl.template) and the Tải mẫu page: what the workbook holds, and that a
filled form always loads with no mapping step, for every province of both eras."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from etl import submit
from etl.extract import analyse
from etl.template import SHEET, template_bytes, write_template
from etl.validate import validate
from reference import admin_units as au
from reference import catalog

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "template.py")


def _book(year=2024, example=False, province=None):
    return load_workbook(io.BytesIO(template_bytes(year, example, province)))


def test_workbook_structure():
    wb = _book(2024)
    assert wb.sheetnames == ["Huong dan", SHEET, "Danh_muc"]
    assert wb.active.title == SHEET
    assert wb["Danh_muc"].sheet_state == "hidden"
    assert wb.security.lockStructure
    ws = wb[SHEET]
    assert ws.protection.sheet and wb["Huong dan"].protection.sheet
    assert "NĂM 2024" in ws["A2"].value and ws["A3"].value == "Đơn vị tính kinh phí: đồng"
    assert ws["E1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert [c.value for c in ws[5]][:6] == ["STT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú", "Mã chỉ tiêu"]
    assert ws.column_dimensions["F"].hidden
    rows = [r for r in ws.iter_rows(min_row=6) if r[5].value in catalog.by_code()]
    assert [r[5].value for r in rows] == [c for c in catalog.typed_codes() if c in {r[5].value for r in rows}]
    assert len(rows) == len(catalog.typed_codes())
    for r in rows:
        ind = catalog.by_code()[r[5].value]
        assert (r[1].value, r[2].value) == (ind.label_vi, ind.unit_vi)
        assert r[1].protection.locked and not r[3].protection.locked and not r[4].protection.locked
    whole = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole"]
    assert len(whole) == 1 and whole[0].operator == "greaterThanOrEqual" and whole[0].formula1 == "0"
    assert {r[3].coordinate for r in rows} == {c for rng in whole[0].sqref.ranges for c in _cells(rng)}
    units = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert str(units[0].sqref) == "C1" and units[0].formula1.startswith("=Danh_muc!")
    assert not ws["C1"].protection.locked and ws["A4"].value is None
    signature = [c.value for row in ws.iter_rows(min_row=rows[-1][0].row + 1) for c in row if c.value]
    assert "THỦ TRƯỞNG ĐƠN VỊ" in signature
    guide = " ".join(c.value for c in wb["Huong dan"]["A"] if c.value)
    assert "NĂM 2024" in guide and "63 tỉnh" in guide


def _cells(rng):
    from openpyxl.utils import get_column_letter, range_boundaries

    c0, r0, c1, r1 = range_boundaries(rng.coord)
    return {f"{get_column_letter(c)}{r}" for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)}


def test_example_is_marked_and_filled():
    ws = _book(2025, example=True)[SHEET]
    assert "minh họa" in ws["A4"].value
    assert ws["C1"].value == au.provinces(34)[0].name
    assert all(r[3].value is not None for r in ws.iter_rows(min_row=6) if r[5].value in catalog.by_code())


@pytest.mark.parametrize("year", [2024, 2025])
def test_a_filled_form_loads_with_no_mapping_for_every_province(year, tmp_path):
    for p in au.provinces(au.era_for_year(year)):
        data = template_bytes(year, example=True, province_name=p.name)
        an = analyse(f"bieu_{p.code}.xlsx", data)
        assert an.ok, (p.name, [x.render() for x in an.errors])
        validate(an)
        assert (an.year, an.unit.code) == (year, p.code), p.name
        assert not an.unmapped and not an.problems, (p.name, [x.render() for x in an.problems])
        assert {v.code for v in an.values} == set(catalog.typed_codes())


def test_blank_form_filled_by_hand_goes_through_the_upload_flow(empty_db, tmp_path):
    path = write_template(tmp_path / "blank.xlsx", 2023)
    wb = load_workbook(path)
    ws = wb[SHEET]
    ws["C1"] = "Lào Cai"
    filled = {}
    for row in ws.iter_rows(min_row=6):
        code = row[5].value
        if code in catalog.by_code() and code.startswith(("classes.language", "funding.")):
            row[3].value = filled[code] = 1_000_000 if catalog.by_code()[code].is_money else 12
    wb.save(path)
    from warehouse.db import connect

    con = connect(empty_db)
    try:
        p = submit.prepare(con, path.name, path.read_bytes(), actor="t")
    finally:
        con.close()
    assert p.can_confirm and not p.analysis.unmapped
    assert p.analysis.unit.name == "Lào Cai" and p.analysis.year == 2023
    assert {r.code: r.value for r in p.rows} == filled


def test_template_page_offers_blank_and_example():
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Tải biểu mẫu trống (.xlsx)", "Tải biểu mẫu ví dụ đã điền (.xlsx)"]
    at.selectbox(key="template.year").set_value(2023)
    at.run()
    assert any("63 tỉnh" in c.value for c in at.caption)
    provinces = at.selectbox(key="template.province.63")
    assert len(provinces.options) == 64
