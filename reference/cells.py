"""Cell addresses as people find them in Excel (A1, column letters), for every layer that points at
a cell: the loader's problems, the population reader, the explanation of a reading."""

from __future__ import annotations

from functools import lru_cache


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
