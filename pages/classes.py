"""Lớp học: classes and learners by the nine class types, share of online classes, regions and
the ranking of provinces (the first chart, then the others in tabs drawn when chosen)."""

import streamlit as st

from figures import report
from reference.i18n import t
from ui import data, layout
from ui.charts import show_chart, show_tabs

f = layout.dashboard_page()  # gate("view"), the shared filters, the demo mark, data present
by_classes, by_learners, online, by_region, ranking = data.specs(report.classes_specs, f)
st.title(t("dash.nav.classes") + f" {by_classes.year}")
st.caption(by_classes.filters)
if by_classes.data["value"].notna().sum() == 0:
    layout.empty_selection(by_classes.filters)
    st.stop()
show_chart(by_classes)
show_tabs(
    "classes_tab",
    [
        (t("dash.classes.tab_learners"), [by_learners]),
        (t("dash.classes.tab_online_regions"), [(online, by_region)]),
        (t("dash.classes.tab_ranking"), [ranking]),
    ],
)
