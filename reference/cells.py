"""Cell addresses as people find them in Excel (A1, column letters), for every layer that points at
a cell: the loader's problems, the population reader, the explanation of a reading."""

from __future__ import annotations

import re
from functools import lru_cache

from reference.i18n import t


@lru_cache(maxsize=1024)
def col_letter(c: int) -> str:
    """0-based column to its letters: 0 -> A, 26 -> AA."""
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def a1(r: int, c: int) -> str:
    """0-based row/column to an A1 address."""
    return f"{col_letter(c)}{r + 1}"


# A Word report's table is read as a sheet "Bảng N" and its cells are named as people say them
# ("dòng 5, cột 3"; etl.word). Those names are stored with the problems in Vietnamese; shown to a
# reader in another language they are said again in that language.
_WORD_SHEET = re.compile(r"^Bảng (\d+)$")
_WORD_CELL = re.compile(r"^dòng ([\d–]+), cột ([\d–]+)$")
_WORD_CAPTION = "tiêu đề trên bảng"


def say_position(sheet: str, cell: str) -> str:
    """'Tong hop!D14'; a Word table's cell 'Bảng 2, dòng 5, cột 3' (in the reader's language)."""
    table = _WORD_SHEET.match(sheet or "")
    word = _WORD_CELL.match(cell or "")
    if table and (word or cell == _WORD_CAPTION):
        place = t("pos.word_cell", row=word[1], col=word[2]) if word else t("pos.word_caption")
        return f"{t('pos.word_table', n=table[1])}, {place}"
    if sheet and cell:
        return f"{sheet}!{cell}"
    return sheet or cell  # a CSV has no sheet, its cells still have addresses
