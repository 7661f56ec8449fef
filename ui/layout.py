"""What every dashboard page starts with: the title, the demo banner, and a helpful empty
state when there is nothing to show."""

from __future__ import annotations

import streamlit as st

from reference.i18n import t
from ui import data


def demo_banner(lang: str) -> None:
    if data.info()["demo"]:
        st.warning(t("app.demo_banner", lang), icon=":material/warning:")


def require_data(lang: str) -> None:
    """Stop the page with an explanation when the warehouse is missing or empty."""
    info = data.info()
    if not info["exists"]:
        st.info(t("dash.empty.no_warehouse", lang), icon=":material/upload_file:")
        st.stop()
    if not info["years"]:
        st.info(t("dash.empty.no_data", lang), icon=":material/upload_file:")
        st.stop()


def empty_selection(lang: str, filters_text: str) -> None:
    st.info(t("dash.empty.no_selection", lang, filters=filters_text), icon=":material/search_off:")


def ensure_app_entry() -> None:
    """Run pages through app.py. A fresh Streamlit server (1.67, file watcher off, as in
    production and tests) whose first request is a link to a page runs that pages/ file on its own
    (the old multipage mode: no navigation, no shared filters) until app.py has run once; switch
    that mode off and rerun, so app.py's st.navigation serves the requested page."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def dashboard_page():
    """The start of every dashboard page: the viewer check (ui.auth.gate, which also makes sure
    the page runs through app.py), the shared filters, the demo mark, and the empty state when the
    warehouse holds nothing. Returns the filters."""
    from ui import filters
    from ui.auth import gate  # ui.auth imports this module

    gate("view")
    f = filters.current()
    demo_banner(f.lang)
    require_data(f.lang)
    return f
