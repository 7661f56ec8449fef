"""Bộ slide: the ready 'báo cáo nhanh' set, or charts picked from every dashboard chart, under
the current filters (the URL's, as the dashboard pages share them), downloaded as a 16:9
PowerPoint deck with editable charts. Thin: filters -> figures.report -> build_deck."""

import datetime as dt

import streamlit as st

from figures import report
from reference.admin_units import era_for_year
from reference.i18n import t
from reference.regions import regions
from ui.export_buttons import render_export_buttons
from warehouse import queries
from warehouse.filters import Filters

st.title(t("export.page.title"))
st.caption(t("export.page.intro"))
con = queries.open_read_only()
if con is None:
    st.info(t("export.page.no_db"))
    st.stop()
if queries.is_demo(con):
    st.warning(t("app.demo_banner"))
years = sorted(queries.years(con), reverse=True)
if not years:
    con.close()
    st.info(t("export.page.no_data"))
    st.stop()

current = report.resolve(con, Filters.from_query_params(st.query_params))
c1, c2, c3 = st.columns([1, 2, 2])
year = c1.selectbox(t("export.page.year"), years, index=years.index(current.year), key="deck_year")
modes = ["reported", "today34"] if era_for_year(year) == 63 else ["reported"]
mode = c2.radio(t("export.page.layer"), modes, horizontal=True, key=f"deck_mode_{len(modes)}",
                index=modes.index(current.mode) if current.mode in modes else 0,
                format_func=lambda m: t(f"dash.mode.{m}"))
region_codes = [r.code for r in regions()]
region = c3.selectbox(t("export.page.region"), [None, *region_codes], key="deck_region",
                      index=1 + region_codes.index(current.region) if current.region in region_codes else 0,
                      format_func=lambda c: t("export.page.whole_country") if c is None
                      else next(r.name_vi for r in regions() if r.code == c))
filters = current.with_(year=year, mode=mode, region=region,
                        provinces=current.provinces if region == current.region else ())

choice = st.radio(t("export.page.mode"), ["quick", "pick"], horizontal=True, key="deck_choice",
                  format_func=lambda m: t(f"export.page.mode_{m}"))
if choice == "quick":
    specs = report.quick_report_specs(con, filters)
else:
    every = [s for build in (report.overview_specs, report.map_specs, report.classes_specs,
                             report.funding_specs, report.trend_specs) for s in build(con, filters)]
    titles = list(dict.fromkeys(s.title for s in every))
    picked = st.multiselect(t("export.page.pick"), titles, default=titles[:1], key="deck_pick")
    specs = [next(s for s in every if s.title == title) for title in picked]
filters_text = report.context(con, filters).filters_text()
con.close()
title = st.text_input(t("export.page.deck_title"), t("export.deck.title"), key="deck_title")
if not specs:
    st.info(t("export.page.no_charts") if choice == "pick" else t("export.page.no_data"))
    st.stop()
st.write(t("export.page.slides", n=1 + len(specs), titles="; ".join(s.title for s in specs)))


def _deck() -> bytes:
    from exports.deck import build_deck

    return build_deck(specs, title=title, year=year, filters_text=filters_text,
                      demo=any(s.demo for s in specs), date=dt.date.today())


st.download_button(t("export.page.download"), data=_deck, file_name=f"bao-cao-nhanh-{year}.pptx",
                   mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                   type="primary", icon=":material/slideshow:", on_click="ignore", key="deck_download")

st.divider()
for spec in specs:
    st.markdown(f"**{spec.title}**  \n{spec.sentence}")
    render_export_buttons(spec)
