"""Bản đồ: any indicator by province, as a count or per 1,000 inhabitants, with its ranking; click a
province (or pick it from the list) to see all its figures."""

import streamlit as st

from figures import report
from reference.i18n import t
from reference.vntext import collate_key
from ui import data, filters, layout
from ui.charts import show_chart
from ui.tables import download_csv, province_figures

f = layout.dashboard_page()  # gate("view"), the shared filters, the demo mark, data present
st.title(t("dash.nav.map"))
c1, c2 = st.columns([3, 1])
filters.indicator_picker(c1)
year = f.year if f.year in data.info()["years"] else data.info()["years"][-1]
choice = data.population_choice(year, f.era)
filters.per_capita_toggle(choice is not None, c2)
if choice is None:
    c2.caption(t("dash.map.no_population"))
f = filters.current()
spec, ranking = data.specs(report.map_specs, f)
st.caption(t("dash.map.layer", n=spec.era) + " · " + spec.filters)
if spec.data["value"].notna().sum() == 0:
    layout.empty_selection(spec.filters)
    st.stop()
clicked_points = show_chart(spec, key="map", on_select="rerun")
names = dict(zip(spec.data["category"], spec.data["province_name"], strict=True))
clicked = [p["location"] for p in clicked_points if p.get("location") in names]
codes = [None, *sorted(names, key=lambda c: collate_key(names[c]))]
if clicked:
    st.session_state["map_province"] = clicked[0]
pick = st.selectbox(
    t("dash.map.pick_province"),
    codes,
    key="map_province",
    format_func=lambda c: t("dash.map.pick_none") if c is None else names[c],
)
if pick:
    st.subheader(t("dash.map.province_figures", year=spec.year, province=names[pick]))
    figures_of = province_figures(f, pick)
    st.dataframe(figures_of, hide_index=True, width="stretch")
    download_csv(figures_of, f"so-lieu-{pick}-{spec.year}", "map.download.province")
show_chart(ranking)
