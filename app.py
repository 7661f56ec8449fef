"""Entry point: `streamlit run app.py`. Pages live in pages/, one file each; the navigation lists
only what the signed-in role may open (and every page checks again with ui.auth.gate)."""

import streamlit as st

from reference.i18n import t
from ui.auth import navigation as auth_navigation

st.set_page_config(page_title="Tuần lễ học tập suốt đời", page_icon="📚", layout="wide")

nav = st.navigation(auth_navigation([  # a page alone needs "view"; (page, action) for others
    st.Page("pages/status.py", title="Tình hình dữ liệu", icon="📊", default=True),
    # upload pages (issue 5): upload, history, report form
    (st.Page("pages/upload.py", title=t("upload.nav.upload"), icon=":material/upload_file:",
             url_path="upload"), "upload"),
    (st.Page("pages/history.py", title=t("upload.nav.history"), icon=":material/history:",
             url_path="history"), "upload"),
    st.Page("pages/template.py", title=t("upload.nav.template"), icon=":material/description:",
            url_path="template"),
]))
nav.run()
