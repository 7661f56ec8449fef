"""LibreOffice .ods files: columns and rows hidden there (table:visibility="collapse") are known
to the reader as in Excel files: a hidden column is set aside, a hidden row is read and said."""

from __future__ import annotations

import io

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import P

from etl.read import read_bytes


def _cell(v) -> TableCell:
    if isinstance(v, int):
        cell = TableCell(valuetype="float", value=v)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(v)))
    return cell


def _ods(rows: list[list], hidden_col: int, hidden_row: int, header_rows: int = 1) -> bytes:
    doc = OpenDocumentSpreadsheet()
    cover = Table(name="Bìa")  # a sheet before, with nothing hidden: counting starts again per sheet
    cover.addElement(TableColumn(numbercolumnsrepeated=3))
    tr = TableRow()
    tr.addElement(_cell("Báo cáo"))
    cover.addElement(tr)
    doc.spreadsheet.addElement(cover)
    t = Table(name="Tổng hợp")
    if hidden_col:
        t.addElement(TableColumn(numbercolumnsrepeated=hidden_col))
    t.addElement(TableColumn(visibility="collapse"))
    t.addElement(TableColumn(numbercolumnsrepeated=2))
    head = TableHeaderRows()  # LibreOffice's "rows to repeat": they count like any row
    t.addElement(head)
    for r, row in enumerate(rows):
        tr = TableRow(visibility="collapse") if r == hidden_row else TableRow()
        for v in row:
            tr.addElement(_cell(v))
        (head if r < header_rows else t).addElement(tr)
    doc.spreadsheet.addElement(t)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


def test_hidden_column_and_row_of_an_ods_sheet():
    rows = [["STT", "Nội dung", "Năm trước", "Số lượng"], [1, "Lớp ngoại ngữ", 3, 5], [2, "Lớp khác", 1, 2]]
    wb = read_bytes("bao_cao.ods", _ods(rows, hidden_col=2, hidden_row=2))
    cover, sheet = wb.sheets
    assert (cover.hidden_cols, cover.hidden_rows) == (frozenset(), frozenset())
    assert sheet.name == "Tổng hợp"
    assert sheet.hidden_cols == frozenset({2})
    assert sheet.hidden_rows == frozenset({2})


def test_an_ods_with_nothing_hidden():
    rows = [["STT", "Nội dung", "Số lượng"], [1, "Lớp ngoại ngữ", 5]]
    doc = OpenDocumentSpreadsheet()
    t = Table(name="Sheet1")
    for row in rows:
        tr = TableRow()
        for v in row:
            tr.addElement(_cell(v))
        t.addElement(tr)
    doc.spreadsheet.addElement(t)
    buf = io.BytesIO()
    doc.write(buf)
    sheet = read_bytes("bao_cao.ods", buf.getvalue()).sheets[0]
    assert (sheet.hidden_cols, sheet.hidden_rows) == (frozenset(), frozenset())
