"""Numbers and labels in the reader's language: Vietnamese format by default (1.234.567; 6,2%;
tỷ / triệu đồng), English format when the English switch is on (1,234,567; 6.2%; billion VND).
Builds on figures.numberfmt, which stays the one place that knows the Vietnamese rules."""

from __future__ import annotations

from figures import numberfmt as nf
from reference.catalog import by_code

_EN_MONEY = {"tỷ đồng": "billion VND", "triệu đồng": "million VND", "đồng": "VND"}


def _en(text: str) -> str:
    """Swap Vietnamese separators for English ones: '1.234,5' -> '1,234.5'."""
    return text.translate(str.maketrans({".": ",", ",": "."}))


def fmt_int(x, lang: str = "vi") -> str:
    s = nf.fmt_int(x)
    return _en(s) if lang == "en" else s


def fmt_number(x, decimals: int = 0, lang: str = "vi", strip_zeros: bool = True) -> str:
    s = nf.fmt_number(x, decimals, strip_zeros=strip_zeros)
    return _en(s) if lang == "en" else s


def fmt_percent(x, decimals: int = 1, lang: str = "vi") -> str:
    s = nf.fmt_percent(x, decimals)
    return _en(s) if lang == "en" else s


def money_unit_label(label: str, lang: str = "vi") -> str:
    return _EN_MONEY.get(label, label) if lang == "en" else label


def fmt_money(dong, lang: str = "vi", unit: tuple[float, str] | None = None) -> str:
    s = nf.fmt_money(dong, unit)
    if lang != "en" or s == nf.MISSING:
        return s
    number, _, label = s.partition(" ")
    return f"{_en(number)} {money_unit_label(label, 'en')}"


def fmt_value(x, *, money: bool = False, lang: str = "vi", decimals: int | None = None) -> str:
    if money:
        return fmt_money(x, lang)
    s = nf.fmt_value(x, decimals=decimals)
    return _en(s) if lang == "en" else s


def indicator_label(code: str, lang: str = "vi") -> str:
    ind = by_code()[code]
    return ind.label_en if lang == "en" else ind.label_vi


def indicator_unit(code: str, lang: str = "vi") -> str:
    ind = by_code()[code]
    return ind.unit_en if lang == "en" else ind.unit_vi


def is_money(code: str) -> bool:
    return by_code()[code].is_money
