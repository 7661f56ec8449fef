"""Numbers and labels in the reader's language (reference.i18n.language(), set once per run):
Vietnamese format by default (1.234.567; 6,2%; tỷ / triệu đồng), English format when the English
switch is on (1,234,567; 6.2%; billion VND). Builds on figures.numberfmt, which stays the one
place that knows the Vietnamese rules; everything a person reads formats numbers through here."""

from __future__ import annotations

from figures import numberfmt as nf
from reference.catalog import by_code
from reference.i18n import language

_EN_MONEY = {"tỷ đồng": "billion VND", "triệu đồng": "million VND", "đồng": "VND"}


def _english() -> bool:
    return language() == "en"


def _en(text: str) -> str:
    """Swap Vietnamese separators for English ones: '1.234,5' -> '1,234.5'."""
    return text.translate(str.maketrans({".": ",", ",": "."}))


def _local(text: str) -> str:
    return _en(text) if _english() else text


def fmt_int(x) -> str:
    return _local(nf.fmt_int(x))


def fmt_number(x, decimals: int = 0, strip_zeros: bool = True) -> str:
    return _local(nf.fmt_number(x, decimals, strip_zeros=strip_zeros))


def fmt_percent(x, decimals: int = 1) -> str:
    return _local(nf.fmt_percent(x, decimals))


def money_unit_label(label: str) -> str:
    return _EN_MONEY.get(label, label) if _english() else label


def fmt_money(dong, unit: tuple[float, str] | None = None) -> str:
    s = nf.fmt_money(dong, unit)
    if not _english() or s == nf.MISSING:
        return s
    number, _, label = s.partition(" ")
    return f"{_en(number)} {money_unit_label(label)}"


def fmt_value(x, *, money: bool = False, decimals: int | None = None) -> str:
    if money:
        return fmt_money(x)
    return _local(nf.fmt_value(x, decimals=decimals))


def indicator_label(code: str) -> str:
    ind = by_code()[code]
    return ind.label_en if _english() else ind.label_vi


def indicator_unit(code: str) -> str:
    ind = by_code()[code]
    return ind.unit_en if _english() else ind.unit_vi


def is_money(code: str) -> bool:
    return by_code()[code].is_money
