"""Địa phương viết gì: the text of the Word reports, filtered by the shared year, region and
provinces and by section, searched without diacritics, with how many units raise each theme by
year and quote cards that name the unit, the file and the section."""

import streamlit as st

from etl.narrative import section_kinds, section_label
from exports.tabular import write_xlsx
from reference.i18n import language, t
from reference.themes import theme_label
from ui import data, layout, narratives
from ui.charts import show_chart
from ui.text import plain, tr

f = layout.dashboard_page()  # gate("view"), the shared filters, the demo mark, data present
L = language()  # the language of this run, for the helpers that take it
st.title(t("narr.title"))
st.caption(t("narr.intro"))
texts = narratives.available()
if texts.empty:
    st.info(t("narr.empty"), icon=":material/description:")
    st.stop()
years = sorted({int(y) for y in texts["year"]})
year = f.year if f.year in years else years[-1]
present = set(texts["section_code"])
codes = [k.code for k in section_kinds() if k.code in present]
c1, c2, c3 = st.columns([3, 3, 2])
query = c1.text_input(t("narr.search"), placeholder=t("narr.search_help"), key="narr_query")
sections = c2.multiselect(
    t("narr.sections"),
    codes,
    format_func=lambda c: section_label(c, L),
    key="narr_sections",
    placeholder=t("common.choose_options"),
)
theme = c3.selectbox(
    t("narr.theme"),
    [None, *(th.code for th in narratives.theme_table())],
    format_func=lambda c: t("narr.theme_all") if c is None else theme_label(c, L, narratives.theme_table()),
    key="narr_theme",
)
spec, cards, table = narratives.view(
    years=(year,),
    region=f.region,
    provinces=tuple(f.provinces),
    sections=tuple(sections),
    query=query,
    theme=theme,
    lang=L,
    demo=data.info()["demo"],
    filters_text=t("narr.search") + f": {query}" if query.strip() else "",
)
units = table[t("narr.col.unit")].nunique() if len(table) else 0
st.markdown(t("narr.count", n=len(table), units=units, year=year))
if len(spec.data):
    show_chart(spec, show_data=True)
if not cards:
    st.info(t("narr.none"), icon=":material/search_off:")
for q in cards:
    with st.container(border=True):
        st.markdown(plain(q.text))
        st.caption(
            tr(
                "narr.card.source",
                unit=q.unit,
                province=q.province,
                year=q.year,
                section=q.section,
                file=q.file_name,
            )
        )
        if q.themes:
            st.caption(tr("narr.card.themes", themes=", ".join(q.themes)))
if len(table) > len(cards):
    st.caption(t("narr.more", shown=len(cards)))
if len(table):
    st.download_button(
        t("narr.download"),
        lambda: write_xlsx(table, sheet="Noi dung", title=t("narr.title")),
        file_name=f"dia-phuong-viet-gi-{year}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="narr_download",
        on_click="ignore",
        icon=":material/download:",
    )
