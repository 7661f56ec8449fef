"""Entry point: `streamlit run app.py`. Pages live in pages/, one file each."""

import streamlit as st

from ui.auth import navigation as auth_navigation

st.set_page_config(page_title="Tuần lễ học tập suốt đời", page_icon="📚", layout="wide")

nav = st.navigation(auth_navigation([  # a page alone needs "view"; (page, action) for others
    st.Page("pages/status.py", title="Tình hình dữ liệu", icon="📊", default=True),
]))
nav.run()
