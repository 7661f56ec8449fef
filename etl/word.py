"""Read a Word report (.docx; a legacy .doc is first converted by LibreOffice) into plain data:
every table as a grid of cells, as a spreadsheet's sheet is (merged cells — gridSpan, vMerge —
as merged ranges, the value in the top-left cell), the heading texts that stand where a sheet's
title block stands (letterhead, date line, title), and the body as blocks in reading order for
the narrative sections. Only the main document part is parsed (lxml, with python-docx's
namespace map; its object model costs ten times the reading), and only its text: styles,
pictures, embedded objects and fields' hidden code are never opened. The caller (etl.read) has
already refused oversize files, zip bombs, DTDs and macros."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from etl.encodings import fix_legacy, has_legacy_signs, legacy_kind
from reference.i18n import t as say
from reference.problems import Text

MAX_TABLES = 200
MAX_CAPTION = 4
MAX_COLUMNS = 16_384  # as a worksheet: a forged gridSpan must not make a row of millions
MAX_GRID_CELLS = 2_000_000  # as etl.read's MAX_CELLS for a sheet
_OUTLINE_START = re.compile(r"\s*(?:PHẦN|Phần|phần)?\s*(?:[IVX]{1,4}|\d{1,2})\s*[.)]\s")
MAX_HEADING_TEXTS = 25  # a letterhead, a date line and a title: far fewer in any real report
CONVERT_SECONDS = 120


@dataclass
class WordTable:
    number: int  # 1-based, in document order: the sheet is named "Bảng {number}"
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)  # the short paragraphs right above it

    @property
    def name(self) -> str:
        return f"Bảng {self.number}"


@dataclass(frozen=True)
class Block:
    """One paragraph of the body (`table` 0), or the place of a table (`table` its number)."""

    text: str
    table: int = 0
    emphasised: bool = False  # a heading style, or every run bold: how reports mark headings


@dataclass
class WordDocument:
    tables: list[WordTable]
    blocks: list[Block]
    heading: list[str]
    legacy: str | None = None  # 'tcvn3' / 'vni' when the text was converted to Unicode


class WordError(Exception):
    """A Word report that cannot be read: a problem code (data/i18n/problems.csv) and its parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def read_docx(data: bytes) -> WordDocument:
    try:
        # only the main document part is parsed: styles, numbering, theme, fonts and media are
        # never needed to read the tables and the text (opening them all was most of the time)
        body = etree.fromstring(_main_part(data), _PARSER).find(qn("w:body"))
        if body is None:
            raise ValueError("no body")
    except Exception:  # zipfile, KeyError, lxml errors for a broken or renamed file
        raise WordError("file.word_corrupt", suffix=".docx") from None
    tables: list[WordTable] = []
    blocks: list[Block] = []
    for el in _body_elements(body):
        if el.tag == qn("w:p"):
            text = _text(el).strip()
            if text:
                blocks.append(Block(text, 0, _emphasised(el)))
        elif el.tag == qn("w:tbl"):
            if len(tables) >= MAX_TABLES:
                raise WordError("file.too_many_tables", limit=MAX_TABLES)
            grid = _grid(el, len(tables) + 1)
            tables.append(grid)
            blocks.append(Block("", grid.number))
    legacy = _unlegacy(blocks, tables)
    if legacy:
        blocks = [b if b.table else Block(fix_legacy(b.text, legacy)[0], 0, b.emphasised) for b in blocks]
    for i, b in enumerate(blocks):
        if b.table:
            tables[b.table - 1].caption = _caption(blocks[:i])
    return WordDocument(tables, blocks, heading_texts(blocks, tables), legacy)


def _unlegacy(blocks: list[Block], tables: list[WordTable]) -> str | None:
    """'tcvn3' or 'vni' when the report was typed in a legacy font (.VnTime, VNI-Times: common in
    old .doc files), after converting its tables' cells; the caller converts the paragraphs. The
    document's majority decides ambiguous texts, as a sheet's does for its cells."""
    texts = [b.text for b in blocks if not b.table]
    texts += [v for t in tables for row in t.rows for v in row if isinstance(v, str)]
    if not has_legacy_signs("".join(texts)):
        return None  # the usual report: no Latin-1 sign anywhere
    votes = Counter(k for v in texts if (k := legacy_kind(v)))
    if not votes:
        return None
    kind = votes.most_common(1)[0][0]
    for t in tables:
        for row in t.rows:
            for c, v in enumerate(row):
                if isinstance(v, str):
                    row[c] = fix_legacy(v, kind)[0]
    return kind


_OFFICE_DOCUMENT = re.compile(rb"<Relationship\b[^>]*>")


def _main_part(data: bytes) -> bytes:
    """The XML of the document's main part, found through the package relationships (it is
    word/document.xml in files Word writes, not in every generator's)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    name = "word/document.xml"
    for rel in _OFFICE_DOCUMENT.findall(zf.read("_rels/.rels")):
        target = re.search(rb'Target="([^"]+)"', rel)
        if rb"/officeDocument" in rel and target:
            name = target.group(1).decode("utf-8").lstrip("/")
    return zf.read(name)


def _caption(blocks: list[Block]) -> list[str]:
    """The short paragraphs just above a table ("BẢNG TỔNG HỢP SỐ LIỆU NĂM 2023", "Đơn vị tính:
    triệu đồng"): they are to the table what the rows above a sheet's header are."""
    out: list[str] = []
    for b in reversed(blocks[-MAX_CAPTION:]):
        if b.table or len(b.text) > 160:
            break
        out.insert(0, b.text)
    return out


def _emphasised(p) -> bool:
    """A heading style ('Heading1', 'Title': the style's id, not its resolved name) or every run
    with text set bold (w:b, not switched off by w:val="0"/"false")."""
    style = p.find(f"{_PPR}/{_PSTYLE}")
    if style is not None and (style.get(_VAL) or "").lower().startswith(("heading", "title")):
        return True
    runs = [r for r in p.iter(_R) if "".join(t.text or "" for t in r.iter(_T)).strip()]
    return bool(runs) and all(_on(r.find(f"{_RPR}/{_B}")) for r in runs)


def _on(flag) -> bool:
    return flag is not None and (flag.get(_VAL) or "true").lower() not in ("0", "false", "off")


def _int(el, default: int) -> int:
    try:
        return int(el.get(_VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default


def _grid(tbl, number: int) -> WordTable:
    """The table's cells on its grid: a cell spanning columns (gridSpan) or continuing the cell
    above (vMerge) keeps its text in the top-left position and is listed as a merged range, as
    calamine lists an .xlsx's merged cells."""
    rows: list[list] = []
    spans: dict[tuple[int, int], list[int]] = {}  # top-left -> [last row, last column]
    open_below: dict[int, tuple[int, int]] = {}  # column -> top-left of a vertical merge still open
    cells = 0
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        row: list = []
        c = max(0, _int(tr.find(f"{_TRPR}/{_GRID_BEFORE}"), 0))
        for tc in tr.iterchildren(_TC):
            span = max(1, _int(tc.find(f"{_TCPR}/{_GRID_SPAN}"), 1))
            cells += span
            if c + span > MAX_COLUMNS or cells > MAX_GRID_CELLS:
                raise WordError("file.word_table_too_many_cells", table=number)
            merge = tc.find(f"{_TCPR}/{_VMERGE}")
            vmerge = None if merge is None else (merge.get(_VAL) or "continue")
            while len(row) < c + span:
                row.append(None)
            if vmerge == "continue" and c in open_below:
                top = open_below[c]
                spans[top][0] = r
            else:
                text = "\n".join(_text(p) for p in tc.iterchildren(_P)).strip()
                row[c] = text or None
                if span > 1 or vmerge == "restart":
                    spans[(r, c)] = [r, c + span - 1]
                if vmerge == "restart":
                    open_below[c] = (r, c)
                else:
                    open_below.pop(c, None)
            c += span
        rows.append(row)
    width = max((len(x) for x in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    merged = [((r0, c0), (r1, c1)) for (r0, c0), (r1, c1) in spans.items() if (r1, c1) != (r0, c0)]
    return WordTable(number, rows, merged)


_P, _T, _TAB, _BR, _CR, _TABS = (qn(f"w:{x}") for x in ("p", "t", "tab", "br", "cr", "tabs"))
_R, _RPR, _B, _PPR, _PSTYLE, _VAL = (qn(f"w:{x}") for x in ("r", "rPr", "b", "pPr", "pStyle", "val"))
_TR, _TC, _TRPR, _TCPR, _GRID_BEFORE, _GRID_SPAN, _VMERGE = (
    qn(f"w:{x}") for x in ("tr", "tc", "trPr", "tcPr", "gridBefore", "gridSpan", "vMerge")
)
# a plain lxml parser (no python-docx element classes: they cost more than the reading), that
# never resolves entities nor fetches anything (etl.read has refused DTDs already)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_SDT, _SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
_PIECES = {_TAB: "\t", _BR: "\n", _CR: "\n"}


def _text(p) -> str:
    """A paragraph's text (runs, tabs, line breaks, hyperlinks; deleted revisions and field codes
    are other elements and stay out), read straight from the XML: python-docx's Paragraph.text
    runs an XPath query per run. A cell's own paragraphs only: a table nested in a cell is layout."""
    return "".join(
        el.text or "" if el.tag == _T else _PIECES[el.tag]
        for el in p.iter(_T, _TAB, _BR, _CR)
        if el.tag != _TAB or el.getparent().tag != _TABS  # a tab stop of the paragraph's settings
    )


def _body_elements(parent):
    """Paragraphs and tables of the body in order, inside content controls (w:sdt) too."""
    for el in parent.iterchildren():
        if el.tag == _SDT:
            content = el.find(_SDT_CONTENT)
            if content is not None:
                yield from _body_elements(content)
        else:
            yield el


def heading_end(blocks: list[Block], tables: list[WordTable]) -> int:
    """Where the body proper begins: the first long paragraph or the first table of figures.
    What comes before stands where a sheet's title block stands (letterhead, date line, title);
    Vietnamese reports set the issuing body and the date line side by side in a borderless
    two-column table, so small tables before it are heading too."""
    n = 0
    for i, b in enumerate(blocks):
        if b.table:
            t = tables[b.table - 1]
            if len(t.rows) > 2 and len(t.rows[0]) > 2:
                return i  # a table of figures
            n += sum(1 for row in t.rows for v in row if isinstance(v, str))
        elif len(b.text) > 160 or _OUTLINE_START.match(b.text):
            return i  # the body: a long paragraph, or the outline's first numbered heading
        else:
            n += 1
        if n >= MAX_HEADING_TEXTS:
            return i + 1
    return len(blocks)


def heading_texts(blocks: list[Block], tables: list[WordTable]) -> list[str]:
    out: list[str] = []
    for b in blocks[: heading_end(blocks, tables)]:
        if b.table:
            out += [v for row in tables[b.table - 1].rows for v in row if isinstance(v, str)]
        else:
            out.append(b.text)
    return out[:MAX_HEADING_TEXTS]


def doc_to_docx(data: bytes, timeout: int = CONVERT_SECONDS) -> bytes:
    """A legacy .doc converted to .docx by LibreOffice headless, in a private profile (several
    conversions at once must not share LibreOffice's profile lock)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise WordError("file.doc_needs_libreoffice")
    with tempfile.TemporaryDirectory(prefix="llw-doc-") as tmp:
        src = Path(tmp) / "report.doc"
        src.write_bytes(data)
        cmd = [
            exe,
            f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise WordError(
                "file.doc_not_converted", why=Text("file.doc_not_converted.timeout", {"seconds": timeout})
            ) from None
        out = Path(tmp) / "report.docx"
        if not out.exists():
            raise WordError("file.doc_not_converted", why=Text("file.doc_not_converted.failed"))
        return out.read_bytes()


def word_cell(a1: str, rows_before: int = 0) -> str:
    """An A1 address (or range) of a Word table as people say it: 'C5' -> 'dòng 5, cột 3'.
    `rows_before`: caption rows the sheet carries above the table (a caption row itself is
    'phần tiêu đề' — above the table)."""
    if ":" in a1:
        first, last = (_row_col(x, rows_before) for x in a1.split(":", 1))
        if first and last:
            rows = f"{first[0]}" if first[0] == last[0] else f"{first[0]}–{last[0]}"
            cols = f"{first[1]}" if first[1] == last[1] else f"{first[1]}–{last[1]}"
            return f"dòng {rows}, cột {cols}"
        return a1
    rc = _row_col(a1, rows_before)
    if rc is None:
        return a1
    return f"dòng {rc[0]}, cột {rc[1]}" if rc[0] > 0 else "tiêu đề trên bảng"


def _row_col(a1: str, rows_before: int = 0) -> tuple[int, int] | None:
    letters = "".join(ch for ch in a1 if ch.isalpha())
    digits = a1[len(letters) :]
    if not letters or not letters.isupper() or not digits.isdigit() or not letters.isascii():
        return None
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(digits) - rows_before, col


def sheet_cell(sheet, r: int, c: int) -> str:
    """Where a cell of a sheet (etl.read.Sheet) is, as its messages say it: 'D12', or for a Word
    table 'dòng 8, cột 4' counted from the table, below its caption rows."""
    if sheet.turn is not None:  # a table read turned back: the cell as written
        r, c = sheet.turn.original(r, c)
    address = f"{_letters(c)}{r + 1}"
    return word_cell(address, sheet.caption_rows) if sheet.word else address


def sheet_column(sheet, c: int) -> str:
    """'Cột D' (a Word table's 'Cột 4'), in the reader's language: said when shown, never stored. A
    column of a table read turned back is a row of the sheet as written."""
    if sheet.turn is not None:
        return say("pos.row", row=sheet.turn.top + c + 1)
    return say("pos.column", col=c + 1 if sheet.word else _letters(c))


def sheet_row(sheet, r: int) -> str:
    if sheet.turn is not None and r >= sheet.turn.top:  # a row of a table read turned back: a column as written
        return say("pos.column", col=_letters(sheet.turn.original(r, 0)[1]))
    return say("pos.row", row=r + 1 - sheet.caption_rows if sheet.word else r + 1)


def _letters(c: int) -> str:
    out, c = "", c + 1
    while c:
        c, rem = divmod(c - 1, 26)
        out = chr(65 + rem) + out
    return out


def relabel_positions(an, rows_before: dict[str, int]) -> None:
    """Turn the A1 addresses an analysis of a Word report gives (its problems, values, unmapped
    labels) into "dòng 5, cột 3" of the table: a Word table has no column letters for its reader
    to look for. `rows_before`: caption rows above each sheet's table."""
    an.problems = [
        replace(p, cell=word_cell(p.cell, rows_before.get(p.sheet, 0))) if p.sheet and p.cell else p
        for p in an.problems
    ]
    for v in an.values:
        v.cell = word_cell(v.cell, rows_before.get(v.sheet, 0))
    for u in an.unmapped:
        if isinstance(u.get("cell"), str):
            u["cell"] = word_cell(u["cell"], rows_before.get(u.get("sheet", ""), 0))
