"""Ánh xạ nhãn (admin only): every label mapping people chose on the upload page — who, when, on
which file and province — and removing wrong ones (the label is then asked about again)."""

import streamlit as st

from reference.i18n import t
from ui import auth as ui_auth
from ui import mappings_admin as m
from ui.text import tr

ui_auth.gate("manage_mappings")
lang = ui_auth.lang()
st.title(t("auth.mappings.title", lang))
st.caption(t("auth.mappings.intro", lang))
if done := st.session_state.pop("mappings.done", None):
    st.success(done)
items = m.saved()
if not items:
    st.info(t("auth.mappings.empty", lang))
    st.stop()
st.dataframe(m.frame(items, lang), hide_index=True, width="stretch")
labels = {i["label_key"]: f"{i['label_text'] or i['label_key']} → {i['indicator_code']}" for i in items}
picked = st.multiselect(
    t("auth.mappings.pick", lang),
    list(labels),
    format_func=labels.get,
    key="mappings.remove",
    placeholder=t("auth.mappings.pick_placeholder", lang),
)
if st.button(t("auth.mappings.remove", lang), key="mappings.remove_yes", type="primary", disabled=not picked):
    n = m.remove(picked)
    st.session_state["mappings.done"] = tr(
        "auth.mappings.removed", lang, n=n, labels="; ".join(map(labels.get, picked))
    )
    st.session_state.pop("mappings.remove", None)
    st.rerun()
