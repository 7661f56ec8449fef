"""Entry point: `streamlit run app.py`. Pages live in pages/, one file each. The shared filters
are drawn here, once, so they stay the same from page to page and in the URL; the navigation
lists only what the signed-in role may open (and every page checks again with ui.auth.gate)."""

import streamlit as st

from reference.i18n import t
from ui import filters
from ui.auth import navigation as auth_navigation

st.set_page_config(page_title="Tuần lễ học tập suốt đời", page_icon="📚", layout="wide")

filters.init()
lang = filters.lang()
nav = st.navigation(
    auth_navigation(
        [  # a page alone needs "view"; (page, action) for others
            st.Page("pages/overview.py", title=t("dash.nav.overview", lang), icon=":material/dashboard:", default=True),
            st.Page("pages/map.py", title=t("dash.nav.map", lang), icon=":material/map:"),
            st.Page("pages/classes.py", title=t("dash.nav.classes", lang), icon=":material/school:"),
            st.Page("pages/funding.py", title=t("dash.nav.funding", lang), icon=":material/payments:"),
            st.Page("pages/trend.py", title=t("dash.nav.trend", lang), icon=":material/trending_up:"),
            st.Page("pages/status.py", title=t("dash.nav.status", lang), icon=":material/fact_check:"),
            st.Page("pages/table.py", title=t("dash.nav.table", lang), icon=":material/table:"),
            st.Page("pages/narratives.py", title=t("narr.nav", lang), icon=":material/format_quote:"),
            (st.Page("pages/deck.py", title=t("export.page.title", lang), icon=":material/slideshow:"), "export"),
            # data officers (issue 5): upload, history; everyone: the report form
            (st.Page("pages/upload.py", title=t("upload.nav.upload", lang), icon=":material/upload_file:"), "upload"),
            (st.Page("pages/history.py", title=t("upload.nav.history", lang), icon=":material/history:"), "upload"),
            st.Page("pages/template.py", title=t("upload.nav.template", lang), icon=":material/description:"),
        ]
    ),
    expanded=True,  # every entry shown: admins reach accounts, audit and sign-out without "View more"
)
filters.sidebar()
nav.run()
