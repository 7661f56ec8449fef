"""Tình hình báo cáo: for a year, which provinces reported, when, on time or late against the
year's deadline, which have not, and how complete their figures are; then what the warehouse
holds year by year and the latest submissions."""

import streamlit as st

from figures.locale import fmt_int, fmt_percent
from figures.status import classify, completeness_spec, recent_table, summary
from reference.i18n import t
from ui import data, layout
from ui.auth import current_user
from ui.charts import show_chart
from ui.tables import download_csv

f = layout.dashboard_page()  # gate("view"), the shared filters, the demo mark, data present
years = data.info()["years"]
year = f.year if f.year in years else years[-1]
st.title(t("dash.status.heading", year=year))
status, deadline, recent = data.reporting_status(year)
if deadline is None:
    st.info(t("dash.status.no_deadline", year=year), icon=":material/event:")
else:
    st.markdown(t("dash.status.deadline", date=deadline.strftime("%d/%m/%Y")))
table = classify(status, deadline)
s = summary(table)
st.markdown(
    "**"
    + t(
        "dash.status.summary",
        reported=s["reported_total"],
        total=s["total"],
        on_time=s["on_time"],
        late=s["late"],
        missing=s["missing"] + s["rejected_only"],
    )
    + "**"
)
c = st.columns(4)
c[0].metric(t("dash.status.reported"), f"{s['reported_total']}/{s['total']}")
c[1].metric(t("dash.status.on_time"), s["on_time"])
c[2].metric(t("dash.status.late"), s["late"])
c[3].metric(t("dash.status.missing"), s["missing"] + s["rejected_only"])
shown = table.assign(
    status=table["status"].map(lambda v: t(f"dash.status.{v}")),
    first_accepted=table["first_accepted"].map(lambda v: "" if v != v or v is None else v.strftime("%d/%m/%Y %H:%M")),
    last_accepted=table["last_accepted"].map(lambda v: "" if v != v or v is None else v.strftime("%d/%m/%Y %H:%M")),
    days_late=table["days_late"].astype(object).where(table["days_late"].notna(), ""),  # not "None"
    completeness=table["completeness"].map(lambda v: fmt_percent(v, 0)),
    n_filled=[f"{fmt_int(a)}/{fmt_int(b)}" for a, b in zip(table["n_filled"], table["n_catalog"], strict=True)],
)[
    [
        "province_code",
        "province_name",
        "status",
        "first_accepted",
        "last_accepted",
        "days_late",
        "n_accepted",
        "n_rejected",
        "n_filled",
        "completeness",
    ]
]
shown.columns = [
    t("dash.label.code"),
    t("dash.label.province"),
    t("dash.status.col_status"),
    t("dash.status.col_first"),
    t("dash.status.col_last"),
    t("dash.status.col_days_late"),
    t("dash.status.col_files"),
    t("dash.status.col_rejected"),
    t("dash.status.col_filled"),
    t("dash.status.col_completeness"),
]
st.dataframe(shown, hide_index=True, width="stretch", height=min(38 * len(shown) + 40, 600))
download_csv(shown, f"tinh-hinh-bao-cao-{year}", "status.download.provinces")
show_chart(completeness_spec(table, year, data.info()["demo"]))
st.subheader(t("dash.status.by_year"))
by_year = data.reporting_by_year()
by_year.columns = [t(f"dash.status.by_year_col.{c}") for c in by_year.columns]
by_year_shown = by_year.assign(**{c: by_year[c].map(lambda v: fmt_int(v)) for c in by_year.columns[1:]})
st.dataframe(by_year_shown, hide_index=True, width="stretch")
download_csv(by_year, "so-lieu-theo-nam", "status.download.by_year")
st.subheader(t("dash.status.recent"))
recent_shown = recent_table(recent, with_accounts=current_user() is not None)
st.dataframe(recent_shown, hide_index=True, width="stretch")
download_csv(recent_shown, f"cac-lan-nap-gan-nhat-{year}", "status.download.recent")
