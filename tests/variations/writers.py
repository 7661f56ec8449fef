"""Sheets to file bytes: .xlsx (openpyxl), .xls (xlwt), .ods (odfpy), .csv/.tsv, with the legacy
TCVN3 / VNI text of old Vietnamese Excel files and a password when asked (msoffcrypto-tool, the
same "Agile" encryption Excel uses). There is no .xlsb writer in Python (pyxlsb and calamine only
read it), so the corpus has no .xlsb files."""

from __future__ import annotations

import io

import xlwt
from fixtures_factory import cp1258_bytes, text_table, to_tcvn3, to_vni
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableProperties
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
from odf.text import P
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from variations import writers_formats
from variations.plan import Sheet

EXTENSIONS = {"xlsx": ".xlsx", "xls": ".xls", "ods": ".ods", "csv": ".csv", "tsv": ".tsv"} | writers_formats.EXTENSIONS


def _legacy(text, encoding: str):
    if not isinstance(text, str) or not encoding:
        return text
    return to_tcvn3(text) if encoding == "tcvn3" else to_vni(text)


def xlsx(sheets: list[Sheet], password: str = "") -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for s in sheets:
        ws = wb.create_sheet(s.name[:31])
        for r, row in enumerate(s.rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    ws.cell(row=r, column=c, value=v)
        for r0, c0, r1, c1 in s.merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        for c in s.hidden_cols:
            ws.column_dimensions[get_column_letter(c + 1)].hidden = True
        for r in s.hidden_rows:
            ws.row_dimensions[r + 1].hidden = True
        if s.hidden:
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    return _encrypt(data, password) if password else data


def _encrypt(data: bytes, password: str) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def xls(sheets: list[Sheet], encoding: str = "") -> bytes:
    """Excel 97-2003; with `encoding` the text is TCVN3 or VNI bytes shown as Latin-1 letters,
    as in files typed with .VnTime or VNI-Times fonts."""
    wb = xlwt.Workbook(encoding="utf-8")
    for s in sheets:
        ws = wb.add_sheet(_legacy(s.name, encoding)[:31])
        covered = set()
        for r0, c0, r1, c1 in s.merges:
            top = s.rows[r0][c0] if c0 < len(s.rows[r0]) else None
            ws.write_merge(r0, r1, c0, c1, _legacy(top, encoding))
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(s.rows):
            for c, v in enumerate(row):
                if v is not None and (r, c) not in covered:
                    ws.write(r, c, _legacy(v, encoding))
        for c in s.hidden_cols:
            ws.col(c).hidden = True
        for r in s.hidden_rows:
            ws.row(r).hidden = True
        if s.hidden:
            ws.visibility = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ods(sheets: list[Sheet]) -> bytes:
    doc = OpenDocumentSpreadsheet()
    hidden_style = None
    if any(s.hidden for s in sheets):
        hidden_style = Style(name="taHidden", family="table")
        hidden_style.addElement(TableProperties(display="false"))
        doc.automaticstyles.addElement(hidden_style)
    for s in sheets:
        t = Table(name=s.name, stylename=hidden_style) if s.hidden else Table(name=s.name)
        width = max((len(r) for r in s.rows), default=0)
        for c in range(width):
            t.addElement(TableColumn(visibility="collapse") if c in s.hidden_cols else TableColumn())
        spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in s.merges}
        covered = {(r, c) for r0, c0, r1, c1 in s.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - set(
            spans
        )
        for r, row in enumerate(s.rows):
            tr = TableRow(visibility="collapse") if r in s.hidden_rows else TableRow()
            for c in range(width):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                v = row[c] if c < len(row) else None
                attrs = {}
                if (r, c) in spans:
                    attrs = {"numberrowsspanned": spans[(r, c)][0], "numbercolumnsspanned": spans[(r, c)][1]}
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    cell = TableCell(valuetype="float", value=v, **attrs)
                    cell.addElement(P(text=str(v)))
                elif v is None:
                    cell = TableCell(**attrs)
                else:
                    cell = TableCell(valuetype="string", **attrs)
                    cell.addElement(P(text=str(v)))
                tr.addElement(cell)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


def delimited(sheet: Sheet, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    """The one sheet a text file can hold: utf-8, utf-8-sig, cp1258 (tones as combining marks)
    or cp1258-nfc (precomposed where the code page has the letter)."""
    from fixtures_factory import Grid

    text = text_table(Grid(rows=sheet.rows), delimiter)
    if encoding.startswith("cp1258"):
        return cp1258_bytes(text, decompose_tones=encoding == "cp1258")
    return text.encode(encoding or "utf-8")


def write(sheets: list[Sheet], fmt: str, encoding: str = "", password: str = "", delimiter: str = "") -> bytes:
    if fmt == "xlsx":
        return xlsx(sheets, password)
    if fmt == "xls":
        return xls(sheets, encoding)
    if fmt == "ods":
        return ods(sheets)
    if fmt in ("csv", "tsv"):
        return delimited(sheets[-1], encoding, delimiter or ("," if fmt == "csv" else "\t"))
    if fmt in writers_formats.EXTENSIONS:
        return writers_formats.write(sheets, fmt, encoding)
    raise ValueError(fmt)
