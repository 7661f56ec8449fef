"""An .xls that is markup: management software exports HTML tables or "XML Spreadsheet 2003" under
an .xls name, Excel opens both without a word, and officers send them as they came. They load like
a workbook: merged header cells, numbers, hidden columns; a broken one is refused as corrupt."""

from html import escape

from etl.extract import analyse
from reference import admin_units as au

TITLE = ["UBND TỈNH LÀO CAI", "BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"]


def _names() -> list[str]:
    return [d.name for d in au.districts("10")[:2]]


def province_values(an) -> dict[str, int]:
    return {v.code: v.value for v in an.province_values()}


def _html_report() -> bytes:
    a, b = _names()
    head = (
        "<tr><th rowspan=2>STT</th><th rowspan=2>Đơn vị</th><th colspan=2>Lớp ngoại ngữ</th></tr>"
        "<tr><th>Số lớp</th><th>Số lượt người học</th></tr>"
    )
    body = (
        f"<tr><td>1</td><td>{a}</td><td>2</td><td>1.040</td></tr><tr><td>2</td><td>{b}</td><td>3</td><td>50</td></tr>"
    )
    # the title block above the table as paragraphs, the way exporting software writes it
    title = "".join(f"<p><b>{escape(t)}</b></p>" for t in TITLE)
    table = f"<table border=1>{head}{body}</table>"
    return f"<html><head><meta charset='utf-8'></head><body>{title}{table}</body></html>".encode()


def test_an_html_table_saved_as_xls_loads_with_its_merged_header():
    an = analyse("tong_hop_2024.xls", _html_report())
    assert an.errors == []
    assert (an.year, an.unit.name) == (2024, "Lào Cai")
    assert province_values(an) == {"classes.language.classes": 5, "classes.language.learners": 1090}


def _spreadsheetml(rows_xml: str, columns: str = "", prolog: str = "") -> bytes:
    return (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n' + prolog + '<Workbook xmlns="urn:schemas-'
        'microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="Bieu 1"><Table>{columns}{rows_xml}</Table></Worksheet></Workbook>'
    ).encode("utf-8")


def _row(*cells, index: int | None = None) -> str:
    out = []
    for c in cells:
        if c is None:
            continue
        at, value, across = (c + (0,))[:3] if isinstance(c, tuple) else (None, c, 0)
        kind = "Number" if isinstance(value, (int, float)) else "String"
        attrs = (f' ss:Index="{at}"' if at else "") + (f' ss:MergeAcross="{across}"' if across else "")
        out.append(f'<Cell{attrs}><Data ss:Type="{kind}">{escape(str(value))}</Data></Cell>')
    at_row = f' ss:Index="{index}"' if index else ""
    return "<Row" + at_row + ">" + "".join(out) + "</Row>"


def test_an_xml_spreadsheet_2003_loads_skipping_its_hidden_column():
    a, b = _names()
    rows = (
        _row(TITLE[0])
        + _row(TITLE[1])
        # a blank row skipped by ss:Index, then the header with a group over two columns
        + _row("STT", "Đơn vị", ("3", "Lớp ngoại ngữ", 1), ("5", "Lớp ngoại ngữ"), index=4)
        + _row(("3", "Số lớp"), "Số lượt người học", "Số lớp")
        + _row(1, a, 2, 40, 9)
        + _row(2, b, 3, 50, 9)
    )
    hidden_copy = '<Column ss:Index="5" ss:Hidden="1"/>'
    an = analyse("tong_hop_2024.xls", _spreadsheetml(rows, hidden_copy))
    assert an.errors == []
    assert province_values(an) == {"classes.language.classes": 5, "classes.language.learners": 90}
    # shown, the leftover copy gives the classes a second value nothing tells apart
    assert not analyse("tong_hop_2024.xls", _spreadsheetml(rows)).ok


def test_broken_markup_and_an_entity_declaration_are_refused_as_corrupt():
    broken = _spreadsheetml(_row("Lớp ngoại ngữ")).replace(b"</Table>", b"")
    entities = _spreadsheetml(_row("&x;"), prolog='<!DOCTYPE x [<!ENTITY x "y">]>').replace(b"&amp;x;", b"&x;")
    for data in (broken, entities):
        an = analyse("tong_hop_2024.xls", data)
        assert [p.code for p in an.errors] == ["file.corrupt"]


def test_a_hidden_row_of_an_xml_spreadsheet_2003_is_read_and_said():
    a, b = _names()
    rows = (
        _row(TITLE[0])
        + _row(TITLE[1])
        + _row("STT", "Đơn vị", "Lớp ngoại ngữ", "Người dự lễ khai mạc", index=4)
        + _row(1, a, 2, 100)
        + _row(2, b, 3, 200).replace("<Row>", '<Row ss:Hidden="1">')
    )
    an = analyse("tong_hop_2024.xls", _spreadsheetml(rows))
    assert an.errors == []
    # as in .xlsx: Excel hides a row, it does not delete it; the officer is told which it is
    assert [(p.code, p.params["rows"]) for p in an.warnings if p.code == "sheet.hidden_rows"] == [
        ("sheet.hidden_rows", "6")
    ]


def test_a_hidden_sheet_of_an_xml_spreadsheet_2003_is_not_read():
    a, b = _names()
    table = (
        _row(TITLE[0])
        + _row(TITLE[1])
        + _row("STT", "Đơn vị", "Lớp ngoại ngữ", "Người dự lễ khai mạc", index=4)
        + _row(1, a, 2, 100)
        + _row(2, b, 3, 200)
    )
    draft = table.replace('<Data ss:Type="Number">200</Data>', '<Data ss:Type="Number">999</Data>')
    book = _spreadsheetml(table).replace(
        b"</Workbook>",
        (
            '<Worksheet ss:Name="Ban nhap"><Table>' + draft + "</Table>"
            '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible>'
            "</WorksheetOptions></Worksheet></Workbook>"
        ).encode(),
    )
    an = analyse("tong_hop_2024.xls", book)
    assert an.errors == []
    assert province_values(an)["ceremony.attendees"] == 300
    assert [p.code for p in an.warnings if p.code == "sheet.hidden_skipped"] == ["sheet.hidden_skipped"]
