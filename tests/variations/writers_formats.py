"""More file shapes for the corpus, as real software writes them: an .xls that is an HTML table
(management software, Excel's "Web Page") or an XML Spreadsheet 2003, an .xlsx renamed .xls, a
workbook whose numbers are formulas with the values Excel cached, Excel's "Unicode Text" (.txt,
UTF-16 with BOM, tab-separated), CSV with a BOM or with CR line ends, and text files in legacy
Vietnamese encodings (TCVN3 and VNI bytes, VISCII). Kept apart from `writers` so that the format
work of issue 14 adds files instead of editing the shared ones.

Text outputs write numbers as Excel shows them with Vietnamese settings: a whole number plainly
('1234'), a fraction with its decimal comma ('12,5')."""

from __future__ import annotations

import datetime as dt
import html
import io
import unicodedata

from fixtures_factory import cp1258_bytes, to_tcvn3, to_vni, vn_num

from variations.plan import Sheet

# name -> file extension: every format here but "xlsx_formulas" goes under another name than its own
EXTENSIONS = {
    "xls_html": ".xls",
    "xls_xml2003": ".xls",
    "xls_is_xlsx": ".xls",
    "xlsx_formulas": ".xlsx",
    "txt_utf16": ".txt",
    "csv_bytes": ".csv",
    "txt_ansi": ".txt",
    "ods_formulas": ".ods",
    "csv_utf16": ".csv",
}

# VISCII (RFC 1456): bytes 0x80-0xFF and six control positions hold the toned letters
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư"
    "àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"
)
_VISCII_LOW = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
VISCII_ENCODE = {ch: 0x80 + i for i, ch in enumerate(_VISCII_HIGH)} | {ch: b for b, ch in _VISCII_LOW.items()}


def viscii_bytes(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        out += bytes([VISCII_ENCODE[ch]]) if ch in VISCII_ENCODE else ch.encode("ascii")
    return bytes(out)


def _shown(v) -> str:
    """A cell as Excel displays it with Vietnamese settings."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, dt.datetime | dt.date):
        return f"{v:%d/%m/%Y}"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else vn_num(v).replace(".", "")
    return str(v)


def _visible(sheet: Sheet) -> Sheet:
    """The sheet without its hidden columns: an export writes what the screen showed. A merged
    cell that began in a hidden column shows its text from its first visible column."""
    if not sheet.hidden_cols:
        return sheet
    hidden = sheet.hidden_cols
    rows = [list(r) for r in sheet.rows]
    merges = []
    for r0, c0, r1, c1 in sheet.merges:
        shown = [c for c in range(c0, c1 + 1) if c not in hidden]
        if not shown:
            continue
        if shown[0] != c0:
            rows[r0] += [None] * (shown[0] + 1 - len(rows[r0]))
            rows[r0][shown[0]] = rows[r0][c0] if c0 < len(rows[r0]) else None
        merges.append((r0, shown[0], r1, shown[-1]))

    def at(c: int) -> int:
        return c - sum(h < c for h in hidden)

    merges = [(r0, at(c0), r1, at(c1)) for r0, c0, r1, c1 in merges if (r0, at(c0)) != (r1, at(c1))]
    return Sheet(sheet.name, [[v for c, v in enumerate(r) if c not in hidden] for r in rows], merges)


# ---------------------------------------------------------------------------------- markup .xls
def html_xls(sheets: list[Sheet], entities: bool = False, charset: str = "utf-8") -> bytes:
    """One HTML table (the last sheet: an export holds one report), as accounting and school
    management software writes it; with `entities` every non-ASCII letter is a numeric entity,
    as Excel's own "Web Page" writes Vietnamese."""
    s = _visible(sheets[-1])
    width = max((len(r) for r in s.rows), default=1)
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in s.merges}
    covered = {(r, c) for r0, c0, r1, c1 in s.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    covered -= set(spans)
    out = [
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">',
        f'<head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head><body>',
        '<table border="1" cellspacing="0">',
    ]
    for r, row in enumerate(s.rows):
        cells = []
        filled = [c for c, v in enumerate(row) if v is not None]
        if len(filled) == 1 and filled[0] == 0 and not any(r0 <= r <= r1 for r0, _, r1, _ in s.merges):
            # a title line: one cell across the table, as exports write them
            cells.append(f'<td colspan="{width}">{_esc(row[0], entities)}</td>')
        else:
            for c in range(width):
                if (r, c) in covered:
                    continue
                v = row[c] if c < len(row) else None
                attrs = ""
                if (r, c) in spans:
                    rs, cs = spans[(r, c)]
                    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                cells.append(f"<td{attrs}>{_esc(_shown(v), entities)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></body></html>")
    text = "\n".join(out)
    if charset != "windows-1258":
        return text.encode("utf-8")
    return cp1258_bytes("".join(ch if _in_cp1258(ch) else f"&#{ord(ch)};" for ch in text), decompose_tones=False)


def _in_cp1258(ch: str) -> bool:
    """Whether the code page holds the letter (a toned letter as base and mark): else an entity."""
    try:
        cp1258_bytes(ch, decompose_tones=False)
    except UnicodeEncodeError:
        return False
    return True


def _esc(text, entities: bool) -> str:
    t = html.escape(_shown(text), quote=False)
    return t.encode("ascii", "xmlcharrefreplace").decode() if entities else t


def xml2003(sheets: list[Sheet]) -> bytes:
    """Excel's "XML Spreadsheet 2003": every sheet, merged cells, hidden columns and rows, typed cells."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?mso-application progid="Excel.Sheet"?>',
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">',
    ]
    for s in sheets:
        out.append(f'<Worksheet ss:Name="{html.escape(s.name[:31])}"><Table>')
        out += [f'<Column ss:Index="{c + 1}" ss:Hidden="1"/>' for c in sorted(s.hidden_cols)]
        spans = {(r0, c0): (r1 - r0, c1 - c0) for r0, c0, r1, c1 in s.merges}
        covered = {(r, c) for r0, c0, r1, c1 in s.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        covered -= set(spans)
        for r, row in enumerate(s.rows):
            cells, expect = [], 0
            for c, v in enumerate(row):
                if (r, c) in covered or (v is None and (r, c) not in spans):
                    continue
                attrs = f' ss:Index="{c + 1}"' if c != expect else ""
                down, across = spans.get((r, c), (0, 0))
                attrs += (f' ss:MergeAcross="{across}"' if across else "") + (f' ss:MergeDown="{down}"' if down else "")
                expect = c + across + 1
                if v is None:
                    cells.append(f"<Cell{attrs}/>")
                elif isinstance(v, int | float) and not isinstance(v, bool):
                    cells.append(f'<Cell{attrs}><Data ss:Type="Number">{v}</Data></Cell>')
                else:
                    cells.append(f'<Cell{attrs}><Data ss:Type="String">{html.escape(_shown(v))}</Data></Cell>')
            hidden = ' ss:Hidden="1"' if r in s.hidden_rows else ""
            out.append(f'<Row ss:Index="{r + 1}"{hidden}>' + "".join(cells) + "</Row>")
        out.append("</Table>")
        if s.hidden:  # Excel writes a hidden sheet's state in its options
            out.append("<x:WorksheetOptions><x:Visible>SheetHidden</x:Visible></x:WorksheetOptions>")
        out.append("</Worksheet>")
    out.append("</Workbook>")
    return "\n".join(out).encode("utf-8")


# ---------------------------------------------------------------------------------- formulas
def xlsx_formulas(sheets: list[Sheet]) -> bytes:
    """An .xlsx whose numbers are formulas with cached values, as Excel saves them: a count
    written '=a+b' (a sum of its parts), a total row '=SUM(...)' over the cells above it (the
    file's own total). xlsxwriter writes the cached value next to each formula; openpyxl cannot."""
    import xlsxwriter
    from xlsxwriter.utility import xl_rowcol_to_cell

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    dates = wb.add_format({"num_format": "dd/mm/yyyy"})
    for s in sheets:
        ws = wb.add_worksheet(s.name[:31])
        covered = set()
        for r0, c0, r1, c1 in s.merges:
            top = s.rows[r0][c0] if c0 < len(s.rows[r0]) else None
            ws.merge_range(r0, c0, r1, c1, top if top is not None else "")
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        sums = _sum_rows(s)
        for r, row in enumerate(s.rows):
            for c, v in enumerate(row):
                if v is None or (r, c) in covered:
                    continue
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, v, dates)
                elif isinstance(v, int) and not isinstance(v, bool) and (r, c) in sums:
                    top, bottom = sums[(r, c)]
                    rng = f"{xl_rowcol_to_cell(top, c)}:{xl_rowcol_to_cell(bottom, c)}"
                    ws.write_formula(r, c, f"=SUM({rng})", None, v)
                elif isinstance(v, int) and not isinstance(v, bool) and v >= 10 and (r * 7 + c) % 3 == 0:
                    part = v // 3
                    ws.write_formula(r, c, f"={part}+{v - part}", None, v)
                else:
                    ws.write(r, c, v)
        for c in s.hidden_cols:
            ws.set_column(c, c, None, None, {"hidden": True})
    wb.close()
    return buf.getvalue()


def _sum_rows(s: Sheet) -> dict[tuple[int, int], tuple[int, int]]:
    """Cells of a total row ('Tổng cộng', 'Cộng') that equal the sum of the unit rows above
    them: (row, column) -> the rows the SUM covers."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(s.rows):
        label = " ".join(str(v) for v in row[:3] if isinstance(v, str)).lower()
        if not any(w in label for w in ("tổng cộng", "cộng", "toàn tỉnh", "toàn thành phố")):
            continue
        first = next((k for k in range(r - 1, -1, -1) if _is_header(s.rows[k])), None)
        if first is None:
            continue
        for c, v in enumerate(row):
            if isinstance(v, int) and not isinstance(v, bool):
                above = [x[c] for x in s.rows[first + 1 : r] if c < len(x) and isinstance(x[c], int)]
                if above and sum(above) == v:
                    out[(r, c)] = (first + 1, r - 1)
    return out


def _is_header(row: list) -> bool:
    return bool(row) and isinstance(row[0], str) and row[0].strip().upper() == "STT"


def ods_formulas(sheets: list[Sheet]) -> bytes:
    """LibreOffice's .ods with counts as formulas ('of:=12+30') beside the value it computed."""
    import re
    import zipfile

    from variations.writers import ods

    src = zipfile.ZipFile(io.BytesIO(ods(sheets)))
    cell = re.compile(rb'<table:table-cell( [^>]*?)office:value="(\d+)"')

    def formula(m: re.Match) -> bytes:
        v = int(m.group(2))
        if v < 10 or v % 3:
            return m.group(0)
        part = v // 3
        return b'<table:table-cell table:formula="of:=%d+%d"%soffice:value="%d"' % (part, v - part, m.group(1), v)

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "content.xml":
                data = cell.sub(formula, data)
            out.writestr(info, data)
    return buf.getvalue()


# ---------------------------------------------------------------------------------- text files
def txt_utf16(sheet: Sheet) -> bytes:
    """Excel's "Unicode Text": UTF-16 little-endian with its BOM, tabs between fields, CR LF."""
    return ("\ufeff" + _text(sheet, "\t")).encode("utf-16-le")


def csv_encoded(sheet: Sheet, encoding: str, newline: str = "\r\n", quote_all: bool = False) -> bytes:
    """A comma-separated file in `encoding`: utf-8-sig (Excel's "CSV UTF-8"), tcvn3 or vni (text
    typed with a legacy font, saved as its bytes), viscii; `newline` '\\r' is Excel's "CSV
    (Macintosh)" line end."""
    text = _text(sheet, ",", quote_all).replace("\r\n", newline)
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    if encoding == "tcvn3":
        return to_tcvn3(text).encode("latin-1")
    if encoding == "vni":
        return to_vni(text).encode("latin-1")
    if encoding == "viscii":
        return viscii_bytes(text)
    return text.encode(encoding)


def write(sheets: list[Sheet], fmt: str, encoding: str = "") -> bytes:
    if fmt == "xls_html":
        return html_xls(
            sheets, entities=encoding == "entities", charset="windows-1258" if encoding == "windows-1258" else "utf-8"
        )
    if fmt == "xls_xml2003":
        return xml2003(sheets)
    if fmt == "xls_is_xlsx":
        from variations.writers import xlsx

        return xlsx(sheets)
    if fmt == "xlsx_formulas":
        return xlsx_formulas(sheets)
    if fmt == "ods_formulas":
        return ods_formulas(sheets)
    if fmt in ("txt_utf16", "csv_utf16"):
        return txt_utf16(sheets[-1])
    if fmt == "txt_ansi":
        return cp1258_bytes(_text(sheets[-1], "\t"), decompose_tones=encoding == "cp1258")
    if fmt == "csv_bytes":
        base, _, extra = encoding.partition("+")
        data = csv_encoded(sheets[-1], base, "\r" if extra == "cr" else "\r\n", quote_all=extra == "quoted")
        if extra == "sep":  # Excel's first line telling which delimiter follows, after the BOM
            bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
            data = bom + b"sep=,\r\n" + data[len(bom) :]
        return data
    raise ValueError(fmt)


def _text(sheet: Sheet, delimiter: str, quote_all: bool = False) -> str:
    """The sheet as a delimited text; `quote_all`: every field in quotes, as some software writes."""
    import csv

    width = max((len(r) for r in sheet.rows), default=0)
    buf = io.StringIO()
    w = csv.writer(
        buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    for r in sheet.rows:
        w.writerow([_shown(v) for v in r] + [""] * (width - len(r)))
    return buf.getvalue()
