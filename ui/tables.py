"""Tables shown on pages, with numbers written the reader's way, and the project's own download
button for a table (Streamlit's grid download is off, client.disableDataExport: it writes text
that a spreadsheet would run as a formula)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from exports.tabular import write_csv
from figures.locale import fmt_value
from figures.tables import values_table
from reference.catalog import by_code
from reference.i18n import t
from ui import data
from warehouse.filters import Filters


def formatted_long(table: pd.DataFrame) -> pd.DataFrame:
    """values_table(long) with the value column as text (money in triệu/tỷ đồng)."""
    value_col = t("dash.label.value")
    cat = by_code()
    shown = table.copy()
    shown[value_col] = [
        fmt_value(v, money=cat[c].is_money) for v, c in zip(table[value_col], table["indicator_code"], strict=True)
    ]
    return shown.drop(columns=["indicator_code"])


def province_figures(f: Filters, code: str) -> pd.DataFrame:
    """Every figure of one province in the year shown."""
    df = data.year_values(f)
    rows = df[df["province_code"] == code]
    table = values_table(rows)
    return formatted_long(table).drop(columns=[t("dash.label.year"), t("dash.label.code"), t("dash.label.province")])


def download_csv(df: pd.DataFrame, file_stem: str, key: str) -> None:
    """A CSV download of `df` through the one tabular writer (exports.tabular: formulas made inert)."""
    st.download_button(
        t("dash.download.csv"),
        lambda: write_csv(df),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )
