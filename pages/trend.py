"""Xu hướng: any indicator over the years, for the whole selection, by region or by the chosen
provinces, as reported or on today's 34 provinces, with the change against each previous year."""

import streamlit as st

from figures import report
from figures.locale import fmt_percent, fmt_value
from reference.i18n import t
from ui import data, filters, layout
from ui.charts import show_chart
from ui.tables import download_csv

f = layout.dashboard_page()  # gate("view"), the shared filters, the demo mark, data present
c1, c2 = st.columns([3, 2])
filters.indicator_picker(c1)
ways = ["national", "region"] + (["provinces"] if f.provinces else [])
if st.session_state.get("trend_by") not in ways:
    st.session_state.pop("trend_by", None)
by = c2.radio(
    t("dash.trend.by"),
    ways,
    format_func=lambda w: t(f"dash.trend.by_{w}"),
    horizontal=True,
    index=ways.index("provinces") if f.provinces else 0,
    key="trend_by",
)
f = filters.current()
specs = data.specs(report.trend_specs, f, by=by)
spec = specs[-1]
st.title(spec.title)
st.caption(spec.filters)
st.info(spec.notes[0], icon=":material/info:")
if spec.data.empty:
    layout.empty_selection(spec.filters)
    st.stop()
show_chart(spec)
st.subheader(t("dash.trend.change_table"))
wide = spec.data.pivot_table(index="series", columns="category", values="change", sort=False)
values = spec.data.pivot_table(index="series", columns="category", values="value", sort=False)
shown = values.copy().astype(object)
for col in values.columns:
    shown[col] = [
        fmt_value(v, money=spec.money) + ("" if c != c else f" ({'+' if c > 0 else ''}{fmt_percent(c, 1)})")
        for v, c in zip(values[col], wide.get(col, values[col] * float("nan")), strict=True)
    ]
change_table = shown.reset_index().rename(columns={"series": t("dash.label.series")})
st.dataframe(change_table, hide_index=True, width="stretch")
download_csv(change_table, f"{spec.slug}-thay-doi", "trend.download.change")
