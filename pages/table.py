"""Bảng số liệu: the current figures behind every chart, by province and indicator, filterable and
downloadable as CSV or XLSX."""

import streamlit as st

from exports.tabular import write_csv, write_xlsx
from figures.spec import slugify
from figures.tables import values_table
from reference.catalog import indicators
from reference.i18n import t
from reference.vntext import strip_diacritics
from ui import data, layout
from ui.tables import formatted_long

f = layout.dashboard_page()  # gate("view"), the shared filters, the demo mark, data present
df = data.year_values(f)
year = int(df["year"].iloc[0]) if len(df) else f.year
st.title(t("dash.table.heading", year=year))
st.caption(t("dash.table.intro"))
groups = list(dict.fromkeys(i.group for i in indicators()))
c1, c2, c3 = st.columns([2, 3, 2])
group = c1.selectbox(
    t("dash.table.group"),
    [None, *groups],
    key="table_group",
    format_func=lambda g: t("dash.table.all_groups") if g is None else g,
)
search = c2.text_input(t("dash.table.search"), key="table_search")
wide = c3.radio(
    t("dash.table.layout"),
    [False, True],
    horizontal=True,
    key="table_wide",
    format_func=lambda w: t("dash.table.wide" if w else "dash.table.long"),
)
if group:
    df = df[
        df["indicator_code"]
        .str.split(".")
        .str[0]
        .isin({i.code.split(".")[0] for i in indicators() if i.group == group})
    ]
table = values_table(df)
if search:
    needle = strip_diacritics(search)
    keep = table.apply(lambda r: needle in strip_diacritics(f"{r.iloc[2]} {r.iloc[4]}"), axis=1)
    table = table[keep] if len(table) else table
if table.empty:
    layout.empty_selection(f"{year}")
    st.stop()
out = (
    values_table(
        df[df["indicator_code"].isin(table["indicator_code"]) & df["province_code"].isin(table[t("dash.label.code")])],
        wide=True,
    )
    if wide
    else table
)
st.caption(t("dash.table.rows", n=len(out)))
st.dataframe(out if wide else formatted_long(table), hide_index=True, width="stretch", height=560)
name = f"so-lieu-{year}" + (f"-{slugify(group)}" if group else "")
c1, c2, _ = st.columns([1, 1, 3])
c1.download_button(t("dash.download.csv"), lambda: write_csv(out), file_name=f"{name}.csv", mime="text/csv")
c2.download_button(
    t("dash.download.xlsx"),
    lambda: write_xlsx(out, title=t("dash.table.heading", year=year)),
    file_name=f"{name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
