"""Nhật ký kiểm toán (admin only): read and filter the append-only audit log, check that its hash
chain is intact, download what is shown as CSV (formulas neutralised)."""

import datetime as dt

import streamlit as st

from auth import audit
from auth.sanitize import safe_frame
from exports.tabular import write_csv
from reference.i18n import t
from ui import auth as ui_auth

ui_auth.gate("read_audit")
AREAS = ("auth", "user", "settings", "submission", "mapping", "reference")

st.title(t("auth.audit_page.title"))
with ui_auth.warehouse() as con:
    people = audit.actors(con)
    c1, c2, c3 = st.columns(3)
    actor = c1.selectbox(
        t("auth.audit_page.actor"),
        [None, *people],
        key="audit.actor",
        format_func=lambda v: t("auth.audit_page.all") if v is None else v,
    )
    action = c2.selectbox(
        t("auth.audit_page.action"),
        [None, *AREAS, *audit.ACTIONS],
        key="audit.action",
        format_func=lambda v: (
            t("auth.audit_page.all")
            if v is None
            else t(f"auth.audit.{v}")
            if v in audit.ACTIONS
            else t(f"auth.audit_area.{v}")
        ),
    )
    target = c3.text_input(t("auth.audit_page.target"), key="audit.target")
    c4, c5, c6 = st.columns(3)
    since = c4.date_input(t("auth.audit_page.since"), value=None, key="audit.since", format="DD/MM/YYYY")
    until = c5.date_input(t("auth.audit_page.until"), value=None, key="audit.until", format="DD/MM/YYYY")
    limit = c6.number_input(t("auth.audit_page.limit"), 10, 100_000, 1000, step=100, key="audit.limit")
    found = audit.entries(
        con,
        actor=actor,
        action=action,
        target=target.strip() or None,
        since=dt.datetime.combine(since, dt.time()) if since else None,
        until=dt.datetime.combine(until, dt.time()) + dt.timedelta(days=1) if until else None,
        limit=int(limit),
    )
    broken = audit.verify_chain(con)

if broken:
    st.error(t("auth.audit_page.chain_broken", n=len(broken), ids=", ".join(map(str, broken[:20]))))
else:
    st.success(t("auth.audit_page.chain_ok"))

table = audit.frame(found)
table[["ip", "session"]] = table[["ip", "session"]].fillna("")  # no "None" cells
table["action"] = table["action"].map(lambda a: t(f"auth.audit.{a}") if a in audit.ACTIONS else a)
table = safe_frame(table.rename(columns={c: t(f"auth.audit_page.col.{c}") for c in table.columns}))
st.caption(t("auth.audit_page.count", n=len(table)))
st.dataframe(table, hide_index=True, width="stretch")
st.download_button(
    t("auth.audit_page.download"),
    write_csv(table),
    file_name=f"nhat-ky-kiem-toan-{dt.date.today():%Y-%m-%d}.csv",
    mime="text/csv",
    key="audit.download",
)
