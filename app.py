"""Entry point: `streamlit run app.py`. Pages live in pages/, one file each, registered in
ui/registry.py. Each run first sets the reader's language (the locale context every text and
number reads), then draws the shared filters once, so they stay the same from page to page and in
the URL; the navigation lists only what the signed-in role may open (and every page checks again
with ui.auth.gate)."""

import streamlit as st

from reference.i18n import t
from ui import filters
from ui.auth import navigation

filters.apply_language()
st.set_page_config(page_title=t("app.title"), page_icon="📚", layout="wide")
nav = st.navigation(
    navigation(),
    expanded=True,  # every entry shown: admins reach accounts, audit and sign-out without "View more"
)
filters.sidebar()
nav.run()
