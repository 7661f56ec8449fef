"""Ánh xạ nhãn (admin only): every label mapping people chose on the upload page — who, when, on
which file and province — and removing wrong ones (the label is then asked about again)."""

import streamlit as st

from reference.i18n import t
from ui import auth as ui_auth
from ui import mappings_admin as m
from ui.text import tr

ui_auth.gate("manage_mappings")
st.title(t("auth.mappings.title"))
st.caption(t("auth.mappings.intro"))
if done := st.session_state.pop("mappings.done", None):
    st.success(done)
items = m.saved()
if not items:
    st.info(t("auth.mappings.empty"))
    st.stop()
st.dataframe(m.frame(items), hide_index=True, width="stretch")
labels = {i["label_key"]: f"{i['label_text'] or i['label_key']} → {i['indicator_code']}" for i in items}
picked = st.multiselect(
    t("auth.mappings.pick"),
    list(labels),
    format_func=labels.get,
    key="mappings.remove",
    placeholder=t("auth.mappings.pick_placeholder"),
)
if st.button(t("auth.mappings.remove"), key="mappings.remove_yes", type="primary", disabled=not picked):
    n = m.remove(picked)
    st.session_state["mappings.done"] = tr("auth.mappings.removed", n=n, labels="; ".join(map(labels.get, picked)))
    st.session_state.pop("mappings.remove", None)
    st.rerun()
