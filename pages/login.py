"""Đăng nhập / Tài khoản: sign in (local password or the organisation's identity provider), see
who you are signed in as, change your password, sign out."""

import streamlit as st

from auth.accounts import AccountError, change_own_password
from reference.i18n import t
from ui import auth as ui_auth
from ui.text import plain

ui_auth.ensure_app_entry()  # a link straight to this page still runs through app.py
user = ui_auth.current_user()
if user is None:
    st.title(t("auth.login.title"))
    ui_auth.sign_in_form()
    st.stop()

ui_auth.go_home_after_sign_in()
session = st.session_state[ui_auth.SESSION_KEY]
st.title(t("auth.account.title"))
st.markdown(t("auth.account.signed_in_as", who=ui_auth.describe(user)))
if st.button(t("auth.logout.button"), type="primary", key="auth.sign_out"):
    ui_auth.sign_out()

if session.method == "password":
    st.subheader(t("auth.account.change_password"))
    with st.form("auth.change_password", clear_on_submit=True):
        old = st.text_input(t("auth.account.old_password"), type="password", autocomplete="current-password")
        new = st.text_input(t("auth.account.new_password"), type="password", autocomplete="new-password")
        again = st.text_input(t("auth.account.new_password_again"), type="password", autocomplete="new-password")
        submitted = st.form_submit_button(t("auth.account.change_password"))
    if submitted:
        if new != again:
            st.error(t("auth.error.passwords_differ"))
        else:
            try:
                with ui_auth.warehouse() as con:
                    change_own_password(con, user.username, old, new, **ui_auth.audit_where())
                st.success(t("auth.account.password_changed"))
            except AccountError as exc:
                st.error(plain(exc.message()))
