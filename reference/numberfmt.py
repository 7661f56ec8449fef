"""Vietnamese number display: '.' groups thousands, ',' marks decimals; money in đồng, triệu, tỷ.

    fmt_int(1234567)            -> "1.234.567"
    fmt_number(1234.5, 1)       -> "1.234,5"
    fmt_percent(0.125)          -> "12,5%"
    fmt_money(1_500_000_000)    -> "1,5 tỷ đồng"
    fmt_money(850_000_000)      -> "850 triệu đồng"

Missing values (None, NaN) show as MISSING. Rounding is half away from zero, as people do it
by hand (2,5 -> 3), not banker's rounding."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

MISSING = "–"
THOUSANDS = "."
DECIMAL = ","


def _is_missing(x) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def _round(x, decimals: int) -> Decimal:
    return Decimal(str(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fmt_number(x, decimals: int = 0, *, strip_zeros: bool = False) -> str:
    """Vietnamese format with a fixed number of decimals (trailing zeros kept unless
    strip_zeros): fmt_number(1234.5, 2) -> "1.234,50"."""
    if _is_missing(x):
        return MISSING
    d = _round(x, max(decimals, 0))
    sign = "-" if d < 0 else ""
    text = f"{abs(d):.{max(decimals, 0)}f}"
    whole, _, frac = text.partition(".")
    if strip_zeros:
        frac = frac.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = THOUSANDS.join(groups)
    if frac:
        out += DECIMAL + frac
    if out.strip("0.,") == "":  # "-0" -> "0"
        sign = ""
    return sign + out


def fmt_int(x) -> str:
    """Whole number with thousands dots: 1234567 -> "1.234.567"."""
    return fmt_number(x, 0)


def fmt_percent(x, decimals: int = 1, *, ratio: bool = True) -> str:
    """0.125 -> "12,5%" (ratio=False when x is already in percent)."""
    if _is_missing(x):
        return MISSING
    return fmt_number(float(x) * (100 if ratio else 1), decimals, strip_zeros=True) + "%"


def _auto_decimals(v: float) -> int:
    v = abs(v)
    return 2 if v < 10 else 1 if v < 100 else 0


MONEY_UNITS = ((1e9, "tỷ đồng"), (1e6, "triệu đồng"))


def money_unit(dong) -> tuple[float, str]:
    """The unit a sum reads best in: (divisor, label), e.g. (1e9, "tỷ đồng")."""
    if not _is_missing(dong):
        for div, label in MONEY_UNITS:
            if abs(float(dong)) >= div:
                return div, label
    return 1.0, "đồng"


def fmt_money(dong, unit: tuple[float, str] | None = None) -> str:
    """A sum in đồng, in tỷ or triệu đồng when large: 1_500_000_000 -> "1,5 tỷ đồng",
    850_000_000 -> "850 triệu đồng", 500_000 -> "500.000 đồng". Pass unit (from money_unit)
    to force one unit across a table."""
    if _is_missing(dong):
        return MISSING
    div, label = unit or money_unit(dong)
    if div == 1.0:
        return f"{fmt_int(dong)} {label}"
    v = float(dong) / div
    if unit is None and abs(float(_round(v, _auto_decimals(v)))) >= 1000:
        bigger = [u for u in MONEY_UNITS if u[0] > div]  # 999.999.999 -> "1 tỷ", not "1.000 triệu"
        if bigger:
            div, label = bigger[-1]
            v = float(dong) / div
    return f"{fmt_number(v, _auto_decimals(v), strip_zeros=True)} {label}"


def fmt_value(x, *, money: bool = False, decimals: int | None = None) -> str:
    """Whatever an indicator holds: money via fmt_money, whole numbers without decimals,
    other numbers with up to `decimals` (default 2) decimals."""
    if _is_missing(x):
        return MISSING
    if money:
        return fmt_money(x)
    if decimals is None:
        return fmt_int(x) if float(x).is_integer() else fmt_number(x, 2, strip_zeros=True)
    return fmt_number(x, decimals)
