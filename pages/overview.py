"""Tổng quan: the year's headline figures with their change, and the sentences to read aloud."""

import streamlit as st

from figures import report
from figures.locale import fmt_percent
from reference.i18n import t
from ui import data, layout
from ui.charts import show_chart

f = layout.dashboard_page()  # gate("view"), the shared filters, the demo mark, data present
[spec] = data.specs(report.overview_specs, f)
st.title(t("dash.overview.heading", year=spec.year))
st.caption(spec.filters)
rows = spec.data
if rows["current"].isna().all():
    layout.empty_selection(spec.filters)
    st.stop()
cols = st.columns(4)
for i, r in enumerate(rows.itertuples()):
    delta = None if r.value != r.value else ("+" if r.value > 0 else "") + fmt_percent(r.value, 1)
    cols[i % 4].metric(
        r.category,
        r.current_text,
        delta=delta,
        delta_color="off" if delta is None else "normal",
        help=r.sentence or None,
    )
st.subheader(t("dash.overview.sentences"))
st.markdown("\n".join(f"- {s}" for s in spec.notes))
if rows["value"].notna().any():
    show_chart(spec)
else:
    st.caption(t("dash.overview.no_prev"))
