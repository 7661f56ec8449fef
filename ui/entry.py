"""Every page runs through app.py (its st.navigation, the shared filters, the locale context)."""

from __future__ import annotations

import streamlit as st


def ensure_app_entry() -> None:
    """Run pages through app.py. A fresh Streamlit server (1.67, file watcher off, as in
    production and tests) whose first request is a link to a page runs that pages/ file on its own
    (the old multipage mode: no navigation, no shared filters) until app.py has run once; switch
    that mode off and rerun, so app.py's st.navigation serves the requested page."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
