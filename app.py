"""Entry point: `streamlit run app.py`. Pages live in pages/, one file each."""

import streamlit as st

st.set_page_config(page_title="Tuần lễ học tập suốt đời", page_icon="📚", layout="wide")

nav = st.navigation([
    st.Page("pages/status.py", title="Tình hình dữ liệu", icon="📊", default=True),
    st.Page("pages/deck.py", title="Bộ slide", icon=":material/slideshow:", url_path="bo-slide"),
])
nav.run()
