"""Columns and rows hidden in an OpenDocument spreadsheet (.ods): the reader that gives the cells
(calamine) does not say which the officer cannot see, so the sheets' column and row elements are
read here from content.xml (`table:visibility="collapse"` or `"filter"`, with their repeat counts).
A hidden column is often last year's copy or a helper column left beside this year's: read, it is a
second value of every indicator. Safe parsing: no entities, no network, no huge trees."""

from __future__ import annotations

import zipfile

from lxml import etree

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_T = f"{{{_TABLE}}}"
_MAX = 1_048_576  # rows of a sheet; a repeat count beyond is a filler to the sheet's end


def hidden_columns_and_rows(zf: zipfile.ZipFile) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """(sheet name -> hidden columns, sheet name -> hidden rows), 0-based; ({}, {}) for anything
    that is not a readable .ods."""
    cols: dict[str, frozenset[int]] = {}
    rows: dict[str, frozenset[int]] = {}
    try:
        with zf.open("content.xml") as f:
            return _parse(f, cols, rows)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, etree.XMLSyntaxError, ValueError):
        return {}, {}


def _parse(f, cols: dict, rows: dict) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """Streams the document: the cells are calamine's, only column and row elements count here."""
    events = etree.iterparse(
        f,
        events=("start", "end"),
        tag=(_T + "table", _T + "table-column", _T + "table-row"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    name, c, r, hc, hr = "", 0, 0, set(), set()
    for event, el in events:
        tag = el.tag
        if tag == _T + "table":
            if event == "start":
                name, c, r, hc, hr = el.get(_T + "name", ""), 0, 0, set(), set()
            else:
                if hc:
                    cols[name] = frozenset(hc)
                if hr:
                    rows[name] = frozenset(hr)
                el.clear()
            continue
        if event != "start":
            if tag == _T + "table-row":
                el.clear()  # the cells are calamine's: keep memory flat
            continue
        hidden = el.get(_T + "visibility") in ("collapse", "filter")
        if tag == _T + "table-column":
            n = min(int(el.get(_T + "number-columns-repeated", "1")), 16_384)
            if hidden:
                hc.update(range(c, c + n))
            c += n
        else:
            n = min(int(el.get(_T + "number-rows-repeated", "1")), _MAX)
            if hidden and n < 1000:  # a hidden filler to the sheet's end holds nothing
                hr.update(range(r, r + n))
            r += n
    return cols, rows
