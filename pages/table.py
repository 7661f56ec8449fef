"""Bảng số liệu: the current figures behind every chart, by province and indicator, filterable and
downloadable as CSV or XLSX."""

import streamlit as st

from figures.spec import slugify
from figures.tables import to_csv_bytes, to_xlsx_bytes, values_table
from reference.catalog import indicators
from reference.i18n import t
from reference.vntext import strip_diacritics
from ui import data, layout
from ui.tables import formatted_long

f = layout.dashboard_page()  # gate("view"), the shared filters, the demo mark, data present
L = f.lang
df = data.year_values(f)
year = int(df["year"].iloc[0]) if len(df) else f.year
st.title(t("dash.table.heading", L, year=year))
st.caption(t("dash.table.intro", L))
groups = list(dict.fromkeys(i.group for i in indicators()))
c1, c2, c3 = st.columns([2, 3, 2])
group = c1.selectbox(
    t("dash.table.group", L),
    [None, *groups],
    key="table_group",
    format_func=lambda g: t("dash.table.all_groups", L) if g is None else g,
)
search = c2.text_input(t("dash.table.search", L), key="table_search")
wide = c3.radio(
    t("dash.table.layout", L),
    [False, True],
    horizontal=True,
    key="table_wide",
    format_func=lambda w: t("dash.table.wide" if w else "dash.table.long", L),
)
if group:
    df = df[
        df["indicator_code"]
        .str.split(".")
        .str[0]
        .isin({i.code.split(".")[0] for i in indicators() if i.group == group})
    ]
table = values_table(df, L)
if search:
    needle = strip_diacritics(search)
    keep = table.apply(lambda r: needle in strip_diacritics(f"{r.iloc[2]} {r.iloc[4]}"), axis=1)
    table = table[keep] if len(table) else table
if table.empty:
    layout.empty_selection(L, f"{year}")
    st.stop()
out = (
    values_table(
        df[
            df["indicator_code"].isin(table["indicator_code"])
            & df["province_code"].isin(table[t("dash.label.code", L)])
        ],
        L,
        wide=True,
    )
    if wide
    else table
)
st.caption(t("dash.table.rows", L, n=len(out)))
st.dataframe(out if wide else formatted_long(table, L), hide_index=True, width="stretch", height=560)
name = f"so-lieu-{year}" + (f"-{slugify(group)}" if group else "")
c1, c2, _ = st.columns([1, 1, 3])
c1.download_button(t("dash.download.csv", L), lambda: to_csv_bytes(out), file_name=f"{name}.csv", mime="text/csv")
c2.download_button(
    t("dash.download.xlsx", L),
    lambda: to_xlsx_bytes(out, title=t("dash.table.heading", L, year=year)),
    file_name=f"{name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
