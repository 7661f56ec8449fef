"""Vietnamese numbers and money as people type them.

"1.234" is one thousand two hundred thirty-four ('.' groups thousands, ',' marks decimals);
"12.500.000 đ", "1,5 tỷ", "850 triệu" carry their own money unit; "-" is zero and "x" means not
applicable. Money units stated in a sheet ("Đơn vị tính: triệu đồng", "ĐVT: 1.000đ", "tr.đ")
scale the money cells beneath them. Everything money ends as integer đồng."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from reference.problems import Text
from reference.vntext import strip_diacritics

ZERO_MARKS = {"-", "–", "—", "0", "_", "--", "không", "khong", "không có", "khong co"}
NA_MARKS = {"x", "X", "k/c", "kc", "n/a", "na", "...", "…"}

# money unit words, folded to ASCII, longest first; value = đồng per unit
# "đ" and "VNĐ" after the multiplier too: "Triệu đ", "triệu VNĐ", "Tỷ đ", "1000 VNĐ"
_D = r"(?:\s*(?:dong|vnd|d)\.?)?"
_MONEY_WORDS = [
    (rf"(?:ty|ti){_D}|tỷ", 1_000_000_000),
    (rf"trieu{_D}|tr\.?{_D}|trd", 1_000_000),
    (rf"(?:nghin|ngan){_D}|1[.,]?000{_D}|ng\.?\s*d|nd", 1_000),
    (r"dong|vnd|d", 1),
]
_MONEY_RE = [(re.compile(rf"^(?:{p})$"), m) for p, m in _MONEY_WORDS]
_UNIT_IN_TEXT = re.compile(
    r"(?:^|[\s(:])(?<!cong )(?P<u>(?:ty|trieu|nghin|ngan)\s*(?:dong|vnd|d)|1[.,]?000\s*(?:dong|vnd|d)|"
    r"tr\.?\s*d(?:ong)?|trd|dong|vnd)(?=$|[\s).,;])"
)


@dataclass(frozen=True)
class Parsed:
    value: float | None  # None: empty or not applicable
    money_factor: int | None = None  # a unit written in the cell itself
    error: Text | None = None  # why the text is not a number (rendered where it is read)
    na: bool = False
    # a word that makes the number no exact figure: "about" ('khoảng 300', '~300': the report's own
    # figure, approximately) or "above" / "below" ('Trên 200', '≥ 100' / 'gần 200', '< 50': a bound
    # the true figure lies beyond); `word` as written. What to do with it is etl.extract's decision.
    qualifier: str | None = None
    word: str = ""


@lru_cache(maxsize=20_000)
def money_factor(text: str) -> int | None:
    """đồng per unit for a unit phrase ('triệu đồng' -> 1_000_000), or None if none is named."""
    if not isinstance(text, str) or not text.strip():
        return None
    folded = " ".join(strip_diacritics(text).split())
    whole = _factor_of(folded.strip("() :"))
    if whole:
        return whole
    # only where a unit is announced: "(triệu đồng)", "ĐVT: 1.000đ", "Đơn vị tính kinh phí: ..."
    # ("cộng đồng" in a label is not a money unit)
    # 'Kinh phí: triệu đồng' above a table: a caption naming the unit and nothing else (not 'Kinh
    # phí: 150 triệu đồng', a sentence of the report)
    caption = re.match(r"^kinh phi[^:]{0,40}:\s*(.+)$", folded, re.I)
    if caption and not any(ch.isdigit() for ch in caption.group(1)):
        unit = _factor_of(caption.group(1).strip("() ."))
        if unit:
            return unit
    for m in re.finditer(r"\(([^)]*)\)|(?:dvt|don vi tinh|don vi|tinh bang)[^:]*:?\s*(.+)$", folded):
        inner = (m.group(1) or m.group(2) or "").strip()
        u = _UNIT_IN_TEXT.search(" " + inner + " ")
        if u:
            return _factor_of(u.group("u"))
    return None


_SPACES = re.compile(r"\s+")
# words before a number, folded, longest first: the number is approximate, or a bound of the figure
# ('trên dưới 200' is 'about 200', not 'over')
_ABOUT = r"tren duoi|khoang|xap xi|uoc tinh|uoc|~|≈"
_ABOVE = r"tren|hon|it nhat|toi thieu|>=|≥|>"
_BELOW = r"gan|duoi|toi da|khong qua|<=|≤|<"
LEADING_WORD = rf"(?:{_ABOUT}|{_ABOVE}|{_BELOW})"  # etl.separators reads the number after it too
_QUALIFIERS = [(re.compile(rf"^(?:{p})$"), q) for p, q in ((_ABOUT, "about"), (_ABOVE, "above"), (_BELOW, "below"))]
_NEW_WORD = re.compile(r"^(?!(?:khoang|gan|tren|hon)$).+")  # any leading word but the four read before
_NUMBER_THEN_WORD = re.compile(rf"^(?:({LEADING_WORD})\s*)?([+-]?[\d.,\s\u00a0]*\d)\s*(.*)$")
# '200 trở lên' (200 or more), '200 người trở xuống': a bound written after the number
_TRAILING_BOUND = re.compile(r"(?:^|\s)tro\s*(len|xuong)$")


def _factor_of(word: str) -> int | None:
    w = _SPACES.sub(" ", word.strip().lower().rstrip("."))
    for rx, mult in _MONEY_RE:
        if rx.match(w):
            return mult
    return None


_NUM = re.compile(r"^[+-]?(\d[\d.,\s\u00a0']*\d|\d)$")


def _to_number(s: str) -> float | None:
    s = s.replace("\u00a0", "").replace(" ", "").replace("'", "")
    if not _NUM.match(s):
        return None
    sign = -1 if s.startswith("-") else 1
    s = s.lstrip("+-")
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        grp = "," if dec == "." else "."
        s = s.replace(grp, "").replace(dec, ".")
    elif dots or commas:
        sep = "." if dots else ","
        parts = s.split(sep)
        if len(parts) > 2:
            # thousands grouping must be regular (1.234.567); '1.2.3' is a typing slip, not a number
            if not (1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])):
                return None
            s = s.replace(sep, "")
        elif len(parts[-1]) == 3 and parts[0] != "0":
            s = s.replace(sep, "")  # thousands: 1.234 / 1,234 / 1.234.567
        else:
            s = s.replace(sep, ".")  # decimal: 1,5 / 2.75
    try:
        return sign * float(Decimal(s))
    except InvalidOperation:
        return None


_INFINITIES = (math.inf, -math.inf)


def plain_number(raw) -> float | None:
    """The value of a cell that is already a finite number (most cells), or None for anything
    parse_cell must look at; what parse_cell would give, without building a `Parsed`."""
    t = type(raw)  # not isinstance: a bool is no number here
    if t is float:
        return raw if math.isfinite(raw) else None
    if t is int:
        return float(raw)
    return None


def parse_cell(raw) -> Parsed:
    """A number from a spreadsheet cell or a text field."""
    if raw is None:
        return Parsed(None)
    if type(raw) is float or type(raw) is int:
        if raw != raw or raw in _INFINITIES:
            return Parsed(None, error=Text("number.error_cell"))
        return Parsed(float(raw))
    try:
        return _parse_cached(raw)
    except TypeError:  # an unhashable oddity: parse it without the cache
        return _parse(raw)


@lru_cache(maxsize=50_000, typed=True)  # typed: True and 1 are different cells
def _parse_cached(raw) -> Parsed:
    return _parse(raw)


def _parse(raw) -> Parsed:
    if raw is None:
        return Parsed(None)
    if isinstance(raw, bool):
        return Parsed(None, error=Text("number.boolean"))
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and (math.isnan(raw) or math.isinf(raw)):
            return Parsed(None, error=Text("number.error_cell"))
        return Parsed(float(raw))
    text = str(raw).strip()
    if not text:
        return Parsed(None)
    if text in NA_MARKS or text.lower() in NA_MARKS:
        return Parsed(None, na=True)
    folded = strip_diacritics(text).strip()
    if text in ZERO_MARKS or folded in ZERO_MARKS:
        return Parsed(0.0)
    if text.startswith("#"):
        return Parsed(None, error=Text("number.formula_error", {"text": text}))
    # number followed by a unit word: "12.500.000 đ", "1,5 tỷ", "850 triệu", "15 lớp"
    m = _NUMBER_THEN_WORD.match(folded)
    if m:
        number = _to_number(m.group(2))
        rest = m.group(3).strip().strip("()").strip()
        qualifier, word = _qualifier(m.group(1)), ""
        if qualifier:
            word = _leading_word(text, m.group(1))
        elif bound := _TRAILING_BOUND.search(rest):
            qualifier = "above" if bound.group(1) == "len" else "below"
            word = " ".join(text.split()[-2:])
            rest = rest[: bound.start()].strip()
        if number is not None:
            if not rest:
                return Parsed(number, qualifier=qualifier, word=word)
            factor = _factor_of(rest)
            if factor:
                return Parsed(number, money_factor=factor, qualifier=qualifier, word=word)
            if re.fullmatch(r"[a-z][a-z\s./,]*", rest) and len(rest) <= 20 and not _NEW_WORD.match(m.group(1) or ""):
                # a count unit after the number ("15 lớp", "3 tin, bài"); after a word this reading
                # did not know before ('Dưới 15 tuổi', '< 6 tuổi') it stays a text: such cells head
                # age-group columns, and the table's shape is found by which cells are words
                return Parsed(number, qualifier=qualifier, word=word)
            if rest == "%":
                return Parsed(None, error=Text("number.percent", {"text": text}))
    return Parsed(None, error=Text("number.not_number", {"text": text}))


def _qualifier(folded_word: str | None) -> str | None:
    if not folded_word:
        return None
    return next(q for rx, q in _QUALIFIERS if rx.match(folded_word))


def _leading_word(text: str, folded_word: str) -> str:
    """The word before the number as the cell writes it ('Trên', '≥'); folded when it cannot be
    told apart (a decomposed text)."""
    written = re.match(r"^[^\d+-]*", text).group(0).strip()
    return written if strip_diacritics(written) == folded_word else folded_word
