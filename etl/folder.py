"""Which files of a folder are reports at all. A folder a province sends often holds a notes
file or a readme beside the reports; a text file with no table in it is listed as skipped, not
loaded and rejected as a submission (explicitly named files are still analysed and reported)."""

from __future__ import annotations

import re
from pathlib import Path

from etl.read import TEXT_TYPES, ReadError, read_bytes

_NUMBER = re.compile(r"^[+-]?[\d.,\s]*\d[\d.,\s]*$")
NO_TABLE = "không có bảng số liệu nào (không phải báo cáo), không nạp và không ghi vào lịch sử nạp"


def has_table(file_name: str, data: bytes) -> bool:
    """Whether a text file holds a table: some row with two or more cells, one of them a number.
    Spreadsheets always count as tables (the loader says what is wrong with them); so does a
    file that cannot be read (the loader's message names the problem)."""
    if Path(file_name).suffix.lower() not in TEXT_TYPES:
        return True
    if not data.strip():
        return False
    try:
        wb = read_bytes(file_name, data)
    except ReadError:
        return True
    for sheet in wb.sheets:
        for row in sheet.rows:
            cells = [c for c in row if c is not None and str(c).strip()]
            if len(cells) >= 2 and any(not isinstance(c, str) or _NUMBER.match(c) for c in cells):
                return True
    return False


def split_reports(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(reports, files with no table) of files found in a folder, in the given order."""
    reports, skipped = [], []
    for p in paths:
        # only text files are read here: a folder of spreadsheets costs no extra read
        text = p.suffix.lower() in TEXT_TYPES
        (skipped if text and not has_table(p.name, p.read_bytes()) else reports).append(p)
    return reports, skipped
