"""Kinh phí: state budget and socialised funding by year and province, share socialised, funding
per participation (the first chart, then the others in tabs drawn when chosen)."""

import streamlit as st

from figures import report
from reference.i18n import t
from ui import data, layout
from ui.charts import show_chart, show_tabs

f = layout.dashboard_page()  # gate("view"), the shared filters, the demo mark, data present
by_source, by_province, share, per_head = data.specs(report.funding_specs, f)
st.title(t("dash.nav.funding") + f" {by_province.year}")
st.caption(by_province.filters)
if by_source.data["value"].notna().sum() == 0:
    layout.empty_selection(by_source.filters)
    st.stop()
show_chart(by_source)
show_tabs(
    "funding_tab",
    [
        (t("dash.funding.tab_provinces"), [by_province]),
        (t("dash.funding.tab_share_per_head"), [(share, per_head)]),
    ],
)
