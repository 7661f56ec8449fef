"""Spreadsheets that are markup under an Excel name: the HTML tables and the "XML Spreadsheet 2003"
files that management software exports as .xls. Excel opens both without a word, so an officer
sends them as they came; read here into the same rows, merged ranges and hidden columns as a
real workbook.

    kind = markup_kind(data)             # "html", "spreadsheetml" or None (a real binary file)
    sheets = read_markup(name, data, kind)

Cells stay text as written (a CSV's rule: "3.400" is parsed by the table reader with the other
Vietnamese number forms), except SpreadsheetML cells typed Number, which are numbers."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html

_SS = "urn:schemas-microsoft-com:office:spreadsheet"
_X = "urn:schemas-microsoft-com:office:excel"  # Excel's own options: a sheet's visibility
_HEAD = 4096


class MarkupError(ValueError):
    """The markup could not be read as a table (the reader refuses the file as corrupt)."""


def markup_kind(data: bytes) -> str | None:
    """What a non-binary spreadsheet is, from its first bytes."""
    head = data[:_HEAD].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        head = data[:_HEAD].decode("utf-16", "ignore").encode("utf-8", "ignore").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head and b"<workbook" in head:
        return "spreadsheetml"
    if re.search(rb"<(?:html|table|!doctype html)\b", head):
        return "html"
    return None


def read_markup(
    file_name: str, data: bytes, kind: str
) -> list[tuple[str, list[list], list, frozenset[int], frozenset[int], bool]]:
    """(sheet name, rows, merged ranges, hidden columns, hidden rows, hidden sheet) per sheet."""
    if kind == "spreadsheetml":
        return _spreadsheetml(data)
    return [_html(file_name, data)]


# ------------------------------------------------------------------------------------------ HTML
def _html(file_name: str, data: bytes) -> tuple[str, list[list], list, frozenset[int], frozenset[int], bool]:
    """The page as Excel shows it on one sheet named after the file: each line of text outside the
    tables (the title block a report puts above its table) a row of one cell, and every outermost
    table in place, under it."""
    try:
        root = html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise MarkupError(str(exc)) from None
    rows: list[list] = []
    merged: list = []
    tables = 0
    for el in root.iter():
        if not isinstance(el.tag, str) or any(a.tag == "table" for a in el.iterancestors()):
            continue
        if el.tag == "table":
            tables += 1
            top = len(rows)
            grid, spans = _html_grid(el)
            rows += grid
            merged += [((r0 + top, c0), (r1 + top, c1)) for (r0, c0), (r1, c1) in spans]
        elif el.tag in _TEXT_BLOCKS and not any(d.tag in _TEXT_BLOCKS + ("table",) for d in el.iterdescendants()):
            text = _cell_text(el)
            if text:
                rows.append([text])
    if not tables:
        raise MarkupError("no table")
    width = max((len(r) for r in rows), default=0)
    rows = [r + [None] * (width - len(r)) for r in rows]
    return Path(file_name).stem[:31], rows, merged, frozenset(), frozenset(), False


_TEXT_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "div")


def _html_grid(table) -> tuple[list[list], list]:
    """Rows of one table with colspan/rowspan laid out the way a browser does."""
    cells: dict[tuple[int, int], str | None] = {}
    taken: set[tuple[int, int]] = set()
    merged: list = []
    trs = [tr for tr in table.iter("tr") if _owner(tr) is table]
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            colspan, rowspan = _span(cell.get("colspan")), _span(cell.get("rowspan"))
            taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            cells[(r, c)] = _cell_text(cell)
            if colspan > 1 or rowspan > 1:
                merged.append(((r, c), (r + rowspan - 1, c + colspan - 1)))
            c += colspan
    height = max([len(trs)] + [r + 1 for r, _ in taken])
    width = max([0] + [c + 1 for _, c in taken])
    return [[cells.get((r, c)) for c in range(width)] for r in range(height)], merged


def _owner(tr):
    """The table a row belongs to (rows of a nested table are that table's)."""
    for a in tr.iterancestors():
        if a.tag == "table":
            return a
    return None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _cell_text(cell) -> str | None:
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    text = " ".join(line.strip() for line in cell.text_content().replace("\xa0", " ").splitlines() if line.strip())
    return text or None


# ------------------------------------------------------------------------------- SpreadsheetML
def _spreadsheetml(data: bytes) -> list[tuple[str, list[list], list, frozenset[int], frozenset[int], bool]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise MarkupError(str(exc)) from None
    out = []
    for ws in root.iter(f"{{{_SS}}}Worksheet"):
        name = ws.get(f"{{{_SS}}}Name") or f"Sheet{len(out) + 1}"
        table = ws.find(f"{{{_SS}}}Table")
        rows: list[list] = []
        merged: list = []
        hidden: set[int] = set()
        hidden_rows: set[int] = set()
        if table is not None:
            c = 0
            for col in table.iterfind(f"{{{_SS}}}Column"):
                c = _index(col, c)
                span = int(col.get(f"{{{_SS}}}Span") or 0)
                if col.get(f"{{{_SS}}}Hidden") == "1":
                    hidden.update(range(c, c + span + 1))
                c += span + 1
            r = 0
            for row_el in table.iterfind(f"{{{_SS}}}Row"):
                r = _index(row_el, r)
                if row_el.get(f"{{{_SS}}}Hidden") == "1":
                    hidden_rows.add(r)
                while len(rows) <= r:
                    rows.append([])
                row = rows[r]
                c = 0
                for cell in row_el.iterfind(f"{{{_SS}}}Cell"):
                    c = _index(cell, c)
                    while len(row) <= c:
                        row.append(None)
                    row[c] = _ss_value(cell.find(f"{{{_SS}}}Data"))
                    across = int(cell.get(f"{{{_SS}}}MergeAcross") or 0)
                    down = int(cell.get(f"{{{_SS}}}MergeDown") or 0)
                    if across or down:
                        merged.append(((r, c), (r + down, c + across)))
                    c += across + 1
                r += 1
        width = max((len(x) for x in rows), default=0)
        # a sheet Excel hides: <x:WorksheetOptions><x:Visible>SheetHidden</x:Visible>
        state = ws.findtext(f"{{{_X}}}WorksheetOptions/{{{_X}}}Visible") or ""
        out.append(
            (
                name,
                [x + [None] * (width - len(x)) for x in rows],
                merged,
                frozenset(hidden),
                frozenset(hidden_rows),
                state.strip() in ("SheetHidden", "SheetVeryHidden"),
            )
        )
    if not out:
        raise MarkupError("no worksheet")
    return out


def _index(el, position: int) -> int:
    """ss:Index (1-based) skips to a column or row; without it the element is the next one."""
    at = el.get(f"{{{_SS}}}Index")
    return int(at) - 1 if at and at.isdigit() else position


def _ss_value(data_el):
    if data_el is None:
        return None
    text = "".join(data_el.itertext()).strip()
    if not text:
        return None
    if data_el.get(f"{{{_SS}}}Type") == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text
