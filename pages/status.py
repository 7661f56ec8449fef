"""Tình hình dữ liệu: what the warehouse holds, year by year, and the latest submissions."""

import streamlit as st

from figures.numberfmt import fmt_int
from ui.auth import gate
from warehouse import queries

gate("view")
st.title("Tuần lễ hưởng ứng học tập suốt đời")
con = queries.open_read_only()
if con is None:
    st.info("Chưa có kho dữ liệu. Nạp báo cáo bằng lệnh `python -m etl load <tệp>` "
            "hoặc dựng dữ liệu mẫu bằng `python -m etl demo`.")
    st.stop()
if queries.is_demo(con):
    st.warning("**DỮ LIỆU MẪU (demo)** — các số liệu dưới đây được sinh tự động để minh họa, không phải số liệu thật.")
years = queries.reporting_by_year(con)
if years.empty:
    st.info("Kho dữ liệu chưa có số liệu nào được nhận.")
else:
    shown = years.copy()
    for col in shown.columns[1:]:
        shown[col] = shown[col].map(fmt_int)
    st.subheader("Số liệu theo năm")
    st.dataframe(shown, hide_index=True, width="stretch")
st.subheader("Các lần nạp gần nhất")
st.dataframe(queries.recent_submissions(con), hide_index=True, width="stretch")
con.close()
