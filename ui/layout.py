"""What every dashboard page starts with: the title, the demo banner, and a helpful empty
state when there is nothing to show."""

from __future__ import annotations

import streamlit as st

from reference.i18n import t
from ui import data, filters
from ui.auth import gate


def demo_banner() -> None:
    if data.info()["demo"]:
        st.warning(t("app.demo_banner"), icon=":material/warning:")


def require_data() -> None:
    """Stop the page with an explanation when the warehouse is missing or empty."""
    info = data.info()
    if not info["exists"]:
        st.info(t("dash.empty.no_warehouse"), icon=":material/upload_file:")
        st.stop()
    if not info["years"]:
        st.info(t("dash.empty.no_data"), icon=":material/upload_file:")
        st.stop()


def empty_selection(filters_text: str) -> None:
    st.info(t("dash.empty.no_selection", filters=filters_text), icon=":material/search_off:")


def dashboard_page():
    """The start of every dashboard page: the viewer check (ui.auth.gate, which also makes sure
    the page runs through app.py), the shared filters, the demo mark, and the empty state when the
    warehouse holds nothing. Returns the filters."""
    gate("view")
    f = filters.current()
    demo_banner()
    require_data()
    return f
