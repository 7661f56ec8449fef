"""A rendered wide table turned on its side: units across the top, indicators down the side, as
some provinces type their summary ('Chỉ tiêu | Thành phố Vinh | Huyện Quế Phong | … | Tổng cộng')."""

from __future__ import annotations

import re

from variations.plan import Sheet

_NUMBER_TEXT = re.compile(r"^[\d.,\s-]+$")


def _has_number(row: list) -> bool:
    return any(
        (isinstance(v, int | float) and not isinstance(v, bool)) or (isinstance(v, str) and _NUMBER_TEXT.match(v))
        for v in row
    )


def turn_table(sheet: Sheet, top: int) -> None:
    """Turn the table that starts at row `top` (its header, its rows of units and totals); the rows
    after its last row of numbers (notes, signatures) stay below it."""
    end = max((r for r in range(top, len(sheet.rows)) if _has_number(sheet.rows[r])), default=top) + 1
    block = sheet.rows[top:end]
    width = max(len(r) for r in block)
    turned = [[row[c] if c < len(row) else None for row in block] for c in range(width)]
    sheet.rows[top:end] = turned
    shift = len(turned) - len(block)
    merges = []
    for r0, c0, r1, c1 in sheet.merges:
        if r0 >= top and r1 < end:
            merges.append((top + c0, r0 - top, top + c1, r1 - top))
        elif r0 >= end:
            merges.append((r0 + shift, c0, r1 + shift, c1))
        else:
            merges.append((r0, c0, r1, c1))
    sheet.merges = merges
