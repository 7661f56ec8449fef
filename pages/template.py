"""Tải mẫu: the canonical report form for a year, blank or filled with example figures."""

import datetime as dt

import streamlit as st

from reference import admin_units as au
from reference import catalog
from reference.i18n import t
from ui.auth import gate
from ui.upload_flow import year_options
from ui.upload_template import form_bytes, form_name

gate("view")
st.title(t("upload.template.title"))
st.caption(t("upload.template.intro"))
years = year_options()
c1, c2 = st.columns(2)
year = c1.selectbox(t("upload.template.year"), years, index=years.index(dt.date.today().year), key="template.year")
era = au.era_for_year(year)
names = [p.name for p in au.provinces(era)]
province = c2.selectbox(
    t("upload.template.province"),
    [None, *names],
    key=f"template.province.{era}",
    format_func=lambda n: t("upload.template.none") if n is None else n,
)
st.caption(t("upload.template.rows", year=year, n=len(catalog.typed_codes()), era=era))
b1, b2 = st.columns(2)
b1.download_button(
    t("upload.template.blank"),
    form_bytes(year, False, province),
    form_name(year, False),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    type="primary",
    key="template.blank",
    on_click="ignore",
)
b2.download_button(
    t("upload.template.example"),
    form_bytes(year, True, province),
    form_name(year, True),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="template.example",
    on_click="ignore",
)
