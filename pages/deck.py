"""Bộ slide: pick charts (or the ready 'báo cáo nhanh' set) under the filters and download a
16:9 PowerPoint deck with editable charts. Thin: filters -> quick_report_specs -> build_deck."""

import datetime as dt

import streamlit as st

from exports.quick_report import DeckFilters, quick_report_specs
from reference.admin_units import era_for_year, provinces
from reference.i18n import t
from ui.export_buttons import render_export_buttons
from warehouse import briefing, queries

st.title(t("export.page.title"))
st.caption(t("export.page.intro"))
con = queries.open_read_only()
if con is None:
    st.info(t("export.page.no_db"))
    st.stop()
if queries.is_demo(con):
    st.warning(t("app.demo_banner"))

years = sorted({y for era in (63, 34) for y in briefing.years_with_data(con, era)}, reverse=True)
if not years:
    st.info(t("export.page.no_data"))
    st.stop()
c1, c2, c3 = st.columns([1, 1, 3])
year = c1.selectbox(t("export.page.year"), years, key="deck_year")
# From 2025 only the 34 provinces exist; before, either layer (34 sums onto today's provinces).
own = era_for_year(year)
layer = c2.radio(t("export.page.layer"), [own] if own == 34 else [63, 34],
                 format_func=lambda e: t("export.page.layer_option", era=e), horizontal=True,
                 key=f"deck_layer_{own}")
names = {p.code: p.name for p in provinces(layer)}
codes = c3.multiselect(t("export.page.provinces"), list(names),
                       format_func=names.get, placeholder=t("export.page.provinces_all"),
                       key=f"deck_codes_{layer}")
filters = DeckFilters(year, layer, tuple(codes) or None)

specs = quick_report_specs(con, filters)
con.close()
if not specs:
    st.info(t("export.page.no_data"))
    st.stop()

mode = st.radio(t("export.page.mode"), ["quick", "pick"], horizontal=True, key="deck_mode",
                format_func=lambda m: t(f"export.page.mode_{m}"))
if mode == "pick":
    titles = [s.title for s in specs]
    picked = st.multiselect(t("export.page.pick"), titles, default=titles[:1], key="deck_pick")
    specs = [s for s in specs if s.title in picked]
title = st.text_input(t("export.page.deck_title"), t("export.deck.title"), key="deck_title")

if not specs:
    st.info(t("export.page.no_charts"))
    st.stop()
st.write(t("export.page.slides", n=1 + len(specs),
           titles="; ".join(s.title for s in specs)))


def _deck() -> bytes:
    from exports.deck import build_deck

    return build_deck(specs, title=title, year=year, filters_text=filters.describe(),
                      demo=any(s.demo for s in specs), date=dt.date.today())


st.download_button(t("export.page.download"), data=_deck, file_name=f"bao-cao-nhanh-{year}.pptx",
                   mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                   type="primary", icon=":material/slideshow:", on_click="ignore", key="deck_download")

st.divider()
for spec in specs:
    st.markdown(f"**{spec.title}**  \n{spec.sentence}")
    render_export_buttons(spec)
