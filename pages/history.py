"""Lịch sử nạp: every submission by unit and year (who, when, file and hash, status, messages),
the values a submission brought, the original file again, and going back to an earlier one."""

import streamlit as st

from reference.i18n import t
from ui import upload_history as h
from ui.auth import gate
from ui.text import plain, tr
from ui.upload_db import WarehouseBusy
from ui.upload_tables import history_frame, messages_frame, values_frame

gate("upload")
st.title(t("upload.history.title"))
st.caption(t("upload.history.intro"))
try:
    if result := h.last_result():
        (st.success if result[0] else st.error)(plain(result[1]))
    years, units = h.filters()
    c1, c2 = st.columns(2)
    year = c1.selectbox(
        t("upload.history.filter_year"),
        [None, *years],
        key="history.year",
        format_func=lambda y: t("upload.history.all") if y is None else str(y),
    )
    names = dict(units)
    unit = c2.selectbox(
        t("upload.history.filter_unit"),
        [None, *names],
        key="history.unit",
        format_func=lambda u: t("upload.history.all") if u is None else names[u],
    )
    log = h.log(year, unit)
    if log.empty:
        st.info(t("upload.history.empty"))
        st.stop()
    st.dataframe(history_frame(log), hide_index=True, width="stretch")

    labels = {
        int(r.id): f"#{r.id} — {r.file_name} — {r.unit_name or ''} {'' if r.year != r.year else int(r.year)}"
        for r in log.itertuples()
    }
    sid = st.selectbox(t("upload.history.pick"), list(labels), format_func=labels.get, key="history.pick")
    sub, values, original = h.details(sid)
    st.subheader(t("upload.history.values", id=sid))
    st.caption(f"{plain(sub['file_name'])} · SHA-256 {sub['file_hash']}")
    if values.empty:
        st.info(t("upload.history.no_values"))
    else:
        st.dataframe(values_frame(values), hide_index=True, width="stretch")
    if sub["problems"]:
        st.markdown(f"**{t('upload.history.messages')}**")
        st.dataframe(messages_frame(sub["messages"]), hide_index=True, width="stretch")
    c1, c2, c3, _ = st.columns([1, 1, 1, 2])
    if original:
        c1.download_button(
            t("upload.history.download"), original[1], original[0], key=f"history.dl.{sid}", on_click="ignore"
        )
    else:
        c1.caption(t("upload.history.no_original"))
    asking = h.asked(sid) or h.asked(sid, "withdraw")
    if h.can_revert(sub) and not asking:
        undo = sub["status"] == "withdrawn"
        label = t("upload.history.undo_withdraw" if undo else "upload.history.revert")
        c2.button(label, key=f"history.revert.{sid}", on_click=h.ask_revert, args=(sid,))
    if h.can_withdraw(sub) and not asking:
        c3.button(t("upload.history.withdraw"), key=f"history.withdraw.{sid}", on_click=h.ask_withdraw, args=(sid,))
    for what in ("revert", "withdraw"):
        if not h.asked(sid, what):
            continue
        st.warning(
            tr(
                f"upload.history.{what}_confirm",
                id=sid,
                file=sub["file_name"],
                unit=sub["unit_name"],
                year=sub["year"],
            )
        )
        y, n, _ = st.columns([1, 1, 4])
        y.button(
            t(f"upload.history.{what}_yes"),
            key=f"history.{what}_yes",
            type="primary",
            on_click=h.answer,
            args=(sid, True, what),
        )
        n.button(t("upload.history.revert_no"), key=f"history.{what}_no", on_click=h.answer, args=(sid, False, what))
except WarehouseBusy:
    st.error(t("upload.db_busy"))
