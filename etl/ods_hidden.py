"""Columns and rows hidden in an OpenDocument spreadsheet (.ods): the reader that gives the cells
(calamine) does not say which the officer cannot see, so the sheets' column and row start tags
are read here from content.xml (`table:visibility="collapse"` or `"filter"`, with their repeat
counts). A hidden column is often last year's copy or a helper column left beside this year's:
read, it is a second value of every indicator. Only start tags are matched (no XML parser, so no
entity to expand), and a file that hides nothing costs one search of its bytes."""

from __future__ import annotations

import html
import re
import zipfile

# <table:table …>, <table:table-column …>, <table:table-row …>, not -cell, -rows, -group (the
# prefix every producer writes: LibreOffice, Excel, Google Sheets, odfpy)
_TAG = re.compile(rb"<table:table(-column|-row)?(?=[\s/>])([^>]*)>")
_NAME = re.compile(rb'\b[\w.-]+:name="([^"]*)"')
_HIDDEN = re.compile(rb'\b[\w.-]+:visibility="(?:collapse|filter)"')
_COLS = re.compile(rb'\b[\w.-]+:number-columns-repeated="(\d{1,7})"')
_ROWS = re.compile(rb'\b[\w.-]+:number-rows-repeated="(\d{1,7})"')
_MAX_COLUMNS = 16_384
_FILLER = 1_000  # a hidden run this long is a filler to the sheet's end: it holds nothing


def hidden_columns_and_rows(zf: zipfile.ZipFile) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """(sheet name -> hidden columns, sheet name -> hidden rows), 0-based; ({}, {}) for anything
    that is not a readable .ods."""
    try:
        xml = zf.read("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return {}, {}
    if b'visibility="collapse"' not in xml and b'visibility="filter"' not in xml:
        return {}, {}  # the usual file: nothing hidden
    cols: dict[str, set[int]] = {}
    rows: dict[str, set[int]] = {}
    name, c, r = "", 0, 0
    for m in _TAG.finditer(xml):
        kind, attrs = m.group(1), m.group(2)
        if kind is None:  # a sheet begins
            found = _NAME.search(attrs)
            name, c, r = html.unescape(found.group(1).decode("utf-8", "replace")) if found else "", 0, 0
            continue
        hidden = bool(_HIDDEN.search(attrs))
        if kind == b"-column":
            n = min(int(_COLS.search(attrs).group(1)) if _COLS.search(attrs) else 1, _MAX_COLUMNS)
            if hidden:
                cols.setdefault(name, set()).update(range(c, min(c + n, _MAX_COLUMNS)))
            c += n
        else:
            n = int(_ROWS.search(attrs).group(1)) if _ROWS.search(attrs) else 1
            if hidden and n < _FILLER:
                rows.setdefault(name, set()).update(range(r, r + n))
            r += n
    return {k: frozenset(v) for k, v in cols.items() if v}, {k: frozenset(v) for k, v in rows.items() if v}
