"""Tables shown on pages, with numbers written the reader's way."""

from __future__ import annotations

import pandas as pd

from figures.locale import fmt_value
from figures.tables import values_table
from reference.catalog import by_code
from reference.i18n import t
from ui import data
from warehouse.filters import Filters


def formatted_long(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """values_table(long) with the value column as text (money in triệu/tỷ đồng)."""
    value_col = t("dash.label.value", lang)
    cat = by_code()
    shown = table.copy()
    shown[value_col] = [
        fmt_value(v, money=cat[c].is_money, lang=lang)
        for v, c in zip(table[value_col], table["indicator_code"], strict=True)
    ]
    return shown.drop(columns=["indicator_code"])


def province_figures(f: Filters, code: str) -> pd.DataFrame:
    """Every figure of one province in the year shown."""
    df = data.year_values(f)
    rows = df[df["province_code"] == code]
    table = values_table(rows, f.lang)
    return formatted_long(table, f.lang).drop(
        columns=[t("dash.label.year", f.lang), t("dash.label.code", f.lang), t("dash.label.province", f.lang)]
    )
