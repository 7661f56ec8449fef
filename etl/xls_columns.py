"""Columns hidden in a legacy Excel 97-2003 file (.xls, BIFF8): the reader that gives the cells
(calamine) does not say which columns the officer cannot see, so the sheets' COLINFO records are
read here from the workbook stream (olefile opens the OLE2 container). A hidden column is often
last year's copy left beside this year's: read, it would be a second value of every indicator."""

from __future__ import annotations

import io
import struct

import olefile

_BOF, _EOF, _BOUNDSHEET, _COLINFO, _ROW = 0x0809, 0x000A, 0x0085, 0x007D, 0x0208
_MAX_COLUMN = 256  # BIFF8 sheets have 256 columns


def hidden_columns(data: bytes) -> dict[str, frozenset[int]]:
    """Sheet name -> its hidden columns (0-based); {} for anything that is not a readable BIFF8 file."""
    return hidden_columns_and_rows(data)[0]


def hidden_columns_and_rows(data: bytes) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """(sheet name -> hidden columns, sheet name -> hidden rows), 0-based; ({}, {}) for anything
    that is not a readable BIFF8 file."""
    try:
        if not olefile.isOleFile(io.BytesIO(data)):
            return {}, {}
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return {}, {}
            stream = ole.openstream(name).read()
    except (OSError, ValueError, struct.error):
        return {}, {}
    try:
        return _hidden_in_stream(stream)
    except (struct.error, UnicodeDecodeError, IndexError):
        return {}, {}


def _records(stream: bytes, pos: int):
    while pos + 4 <= len(stream):
        rid, size = struct.unpack_from("<HH", stream, pos)
        yield rid, stream[pos + 4 : pos + 4 + size]
        pos += 4 + size


def _hidden_in_stream(stream: bytes) -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    sheets: list[tuple[str, int]] = []
    for rid, body in _records(stream, 0):
        if rid == _BOUNDSHEET and len(body) >= 8:
            offset, _state, kind, cch, high = struct.unpack_from("<IBBBB", body, 0)
            if kind != 0:  # a chart or macro sheet
                continue
            raw = body[8 : 8 + cch * (2 if high & 1 else 1)]
            sheets.append((raw.decode("utf-16-le" if high & 1 else "latin-1"), offset))
        elif rid == _EOF:
            break  # the end of the workbook globals
    cols_out: dict[str, frozenset[int]] = {}
    rows_out: dict[str, frozenset[int]] = {}
    for sheet, offset in sheets:
        hidden: set[int] = set()
        rows: set[int] = set()
        for rid, body in _records(stream, offset):
            if rid == _EOF:
                break
            if rid == _COLINFO and len(body) >= 10:
                first, last, _width, _xf, flags = struct.unpack_from("<HHHHH", body, 0)
                if flags & 1:
                    hidden.update(range(first, min(last, _MAX_COLUMN - 1) + 1))
            elif rid == _ROW and len(body) >= 16:
                # ROW: rw, colMic, colMac, miyRw, (reserved x2), grbit; grbit 0x20 = fDyZero, hidden
                (row,) = struct.unpack_from("<H", body, 0)
                (grbit,) = struct.unpack_from("<H", body, 12)
                if grbit & 0x20:
                    rows.add(row)
        if hidden:
            cols_out[sheet] = frozenset(hidden)
        if rows:
            rows_out[sheet] = frozenset(rows)
    return cols_out, rows_out
