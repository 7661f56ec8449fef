"""Tải lên: upload report files, see what would be loaded and changed, map unknown labels,
correct year or unit, then confirm or cancel each file. The ETL does all the reading
(etl.submit); this page only lays it out."""

import streamlit as st

from etl.submit import max_upload_mb
from reference.i18n import t
from reference.scopes import scope_names
from ui import upload_flow as flow
from ui.auth import gate
from ui.text import tr
from ui.upload_context import allowed_provinces
from ui.upload_db import WarehouseBusy
from ui.upload_view import file_card, status_of
from ui.uploader import file_uploader

gate("upload")
st.title(t("upload.title"))
st.caption(t("upload.intro", mb=max_upload_mb()))
scope = allowed_provinces()
if scope is not None:
    st.caption(tr("upload.scope", provinces=scope_names(scope)))
if flash := st.session_state.pop("upload.flash", None):
    st.success(flash)

files = file_uploader(t("upload.uploader"), mb=max_upload_mb(), key="upload.files")
if not files:
    st.info(t("upload.no_files", mb=max_upload_mb(), ceiling=st.get_option("server.maxUploadSize")))
    st.stop()

try:
    if flow.warehouse_is_demo():
        st.warning(t("upload.demo_warning"))
    keys = {f.file_id: f for f in files}
    todo = [k for k, f in keys.items() if flow.needs_analysis(k)]
    if todo:
        bar = st.progress(0.0)
        for i, k in enumerate(todo):
            bar.progress(i / len(todo), text=tr("upload.analysing", i=i + 1, n=len(todo), name=keys[k].name))
            flow.prepare(k, keys[k].name, keys[k].getvalue())
        bar.progress(1.0, text=t("upload.analysed", n=len(todo)))
    prepared = {k: None if flow.is_final(k) else flow.prepare(k, f.name, f.getvalue()) for k, f in keys.items()}
    statuses = {k: status_of(p, flow.decision(k)) if p else "loaded" for k, p in prepared.items()}
    st.caption(
        t(
            "upload.summary",
            n=len(files),
            ready=list(statuses.values()).count("ready"),
            errors=list(statuses.values()).count("errors"),
            questions=list(statuses.values()).count("questions"),
            duplicates=list(statuses.values()).count("duplicate"),
            done=sum(s in ("loaded", "cancelled") for s in statuses.values()),
        )
    )
    ready = [k for k, s in statuses.items() if s == "ready"]
    if len(ready) > 1 and st.button(t("upload.confirm_all", n=len(ready)), type="primary", key="upload.confirm_all"):
        bar = st.progress(0.0)
        for i, k in enumerate(ready):
            bar.progress(i / len(ready), text=tr("upload.loading", i=i + 1, n=len(ready), name=keys[k].name))
            flow.confirm(k, prepared[k])
        bar.progress(1.0, text=t("upload.loaded_all", n=len(ready)))
        st.rerun()
    for k, f in keys.items():
        file_card(k, f.name, prepared[k])
except WarehouseBusy:
    st.error(t("upload.db_busy"))
