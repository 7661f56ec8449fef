"""Which mark groups thousands in a file: '2,500' under 'triệu đồng' is 2,5 triệu to a Vietnamese
reader (',' marks decimals, '.' groups thousands: 2.500) and 2 500 triệu to a file typed the
English way (2,500 and 2.75). A count cannot be 2,5 people, and a sum in đồng is never a
fraction, so only money in nghìn, triệu or tỷ is in doubt. The other numbers of the file decide;
when they do not, the officer is asked (`ask.number_separator`), never guessed at."""

from __future__ import annotations

import re
from collections.abc import Iterable

from etl.numbers import LEADING_WORD
from reference.vntext import strip_diacritics

# the words a cell may put before its number, as the number parser takes them ('khoảng 2,500', '> 2,500')
_LEADING = re.compile(rf"^\s*(?:{LEADING_WORD})?\s*[+-]?(\d[\d.,\s\u00a0]*)")
# '2,500', '1.250': one mark, three digits after it ('0,500' is read as a decimal already)
_ONE_GROUP = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")

# numbers only one convention writes
_VI = (
    re.compile(r"^\d{1,3}(\.\d{3})+,\d+$"),  # 1.234,5
    re.compile(r"^\d{1,3}(\.\d{3}){2,}$"),  # 1.234.567
    re.compile(r"^\d+,(\d{1,2}|\d{4,})$"),  # 12,5  0,25  3,14159
)
# only grouping says English: '82.5' is a common slip in a Vietnamese file (a percentage typed
# the way a calculator shows it) and would turn its '2.500' triệu into 2,5 triệu
_EN = (
    re.compile(r"^\d{1,3}(,\d{3})+\.\d+$"),  # 1,234.5
    re.compile(r"^\d{1,3}(,\d{3}){2,}$"),  # 1,234,567
)

VI, EN = "vi", "en"  # ',' decimal and '.' thousands; '.' decimal and ',' thousands


def ambiguous_mark(text: str) -> str | None:
    """',' or '.' when the number a cell starts with has one mark with three digits after it."""
    m = _LEADING.match(strip_diacritics(text).lower())
    if not m:
        return None
    number = "".join(m.group(1).split()).rstrip(".,")  # '2, 500' is typed as 2,500
    return ("," if "," in number else ".") if _ONE_GROUP.match(number) else None


def convention(texts: Iterable[str]) -> str | None:
    """VI or EN as the file's numbers show it; None when none shows it or they disagree."""
    seen = set()
    for text in texts:
        m = _LEADING.match(strip_diacritics(text).lower())
        if not m:
            continue
        number = "".join(m.group(1).split()).rstrip(".,")
        if any(p.match(number) for p in _VI):
            seen.add(VI)
        elif any(p.match(number) for p in _EN):
            seen.add(EN)
        if len(seen) == 2:
            return None
    return seen.pop() if seen else None


def reads_as_decimal(mark: str, conv: str) -> bool:
    return (mark == ",") == (conv == VI)
