"""Quản lý tài khoản (admin only): accounts, roles, provinces of data officers, unlock, password
reset, and the access settings. Every change goes through auth.accounts, which audits it."""

import pandas as pd
import streamlit as st

from auth import accounts, store
from auth.accounts import AccountError
from auth.roles import ROLES, Scope, parse_scope, role_label
from auth.sanitize import safe_frame
from auth.settings import OIDC_UNKNOWN_EMAIL
from reference import admin_units as au
from reference.i18n import t
from ui import auth as ui_auth
from ui.text import plain, tr

admin = ui_auth.gate("manage_users")
FLASH = "admin_users.flash"


def province_options() -> list[str]:
    """Scopes as option values ('79@34', '74@63'): today's 34 provinces first, then the old ones."""
    return [str(Scope(34, p.code)) for p in au.provinces(34)] + [str(Scope(63, p.code)) for p in au.provinces(63)]


def province_label(value: str) -> str:
    s = parse_scope(value)
    name = au.province_by_code(s.era)[s.code].name
    return f"{name} ({s.code})" if s.era == 34 else t("auth.admin.old_province", name=name, code=s.code)


def act(change, success: str) -> None:
    """Run an accounts change with the admin as actor; show the outcome after the rerun."""
    try:
        with ui_auth.warehouse() as con:
            change(con)
    except AccountError as exc:
        st.error(plain(exc.message()))
        return
    st.session_state[FLASH] = success
    st.rerun()


who = {"actor": admin.username, **ui_auth.audit_where()}
st.title(t("auth.admin.users_title"))
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))

with ui_auth.warehouse() as con:
    everyone = store.list_accounts(con)
    settings = store.load_settings(con)
now = ui_auth.now()

st.dataframe(
    safe_frame(
        pd.DataFrame(
            [
                {
                    t("auth.admin.col.username"): a.username,
                    t("auth.admin.col.name"): a.display_name,
                    t("auth.admin.col.email"): a.email or "",
                    t("auth.admin.col.role"): role_label(a.role),
                    t("auth.admin.col.provinces"): ", ".join(province_label(str(s)) for s in sorted(a.scopes)),
                    t("auth.admin.col.state"): t(
                        "auth.admin.state.locked"
                        if a.locked(now)
                        else "auth.admin.state.active"
                        if a.active
                        else "auth.admin.state.disabled",
                    ),
                    t("auth.admin.col.last_sign_in"): (
                        f"{a.last_sign_in_at:%d/%m/%Y %H:%M}" if a.last_sign_in_at else ""  # not "None"
                    ),
                }
                for a in everyone
            ]
        )
    ),
    hide_index=True,
    width="stretch",
)

tab_new, tab_edit, tab_settings = st.tabs(
    [t("auth.admin.tab.new"), t("auth.admin.tab.edit"), t("auth.admin.tab.settings")]
)

with tab_new, st.form("admin.new_user", clear_on_submit=False):
    username = st.text_input(t("auth.admin.col.username"), key="admin.new.username")
    name = st.text_input(t("auth.admin.col.name"), key="admin.new.name")
    email = st.text_input(t("auth.admin.col.email"), key="admin.new.email")
    role = st.selectbox(t("auth.admin.col.role"), ROLES, format_func=lambda r: role_label(r), key="admin.new.role")
    provinces = st.multiselect(
        t("auth.admin.col.provinces"),
        province_options(),
        format_func=province_label,
        key="admin.new.provinces",
        placeholder=t("common.choose_options"),
        help=t("auth.admin.provinces_help"),
    )
    oidc_only = st.checkbox(t("auth.admin.oidc_only"), key="admin.new.oidc_only")
    password = st.text_input(
        t("auth.login.password"), type="password", key="admin.new.password", autocomplete="new-password"
    )
    again = st.text_input(
        t("auth.account.new_password_again"), type="password", key="admin.new.again", autocomplete="new-password"
    )
    if st.form_submit_button(t("auth.admin.create"), key="admin.new.submit"):
        if not oidc_only and password != again:
            st.error(t("auth.error.passwords_differ"))
        elif role == "data_officer" and not provinces:
            st.error(t("auth.error.officer_needs_province"))
        else:
            act(
                lambda con: accounts.create_user(
                    con,
                    admin.username,
                    username,
                    name,
                    role,
                    email=email or None,
                    password=None if oidc_only else password,
                    scopes=tuple(parse_scope(p) for p in provinces),
                    ip=who["ip"],
                    session=who["session"],
                ),
                tr("auth.admin.created", name=username),
            )

with tab_edit:
    if not everyone:
        st.info(t("auth.admin.no_users"))
    else:
        chosen = st.selectbox(t("auth.admin.choose_user"), [a.username for a in everyone], key="admin.edit.user")
        acc = next(a for a in everyone if a.username == chosen)
        where = {"ip": who["ip"], "session": who["session"]}
        k = f"admin.edit.{acc.username}"

        new_role = st.selectbox(
            t("auth.admin.col.role"),
            ROLES,
            index=ROLES.index(acc.role),
            format_func=lambda r: role_label(r),
            key=f"{k}.role",
        )
        if st.button(t("auth.admin.save_role"), key=f"{k}.save_role"):
            act(
                lambda con: accounts.change_role(con, admin.username, acc.username, new_role, **where),
                t("auth.admin.saved"),
            )

        current = sorted(str(s) for s in acc.scopes)
        wanted = st.multiselect(
            t("auth.admin.col.provinces"),
            province_options(),
            default=current,
            format_func=province_label,
            key=f"{k}.provinces",
            placeholder=t("common.choose_options"),
            help=t("auth.admin.provinces_help"),
        )
        if st.button(t("auth.admin.save_provinces"), key=f"{k}.save_provinces"):

            def save_scopes(con):
                for p in sorted(set(wanted) - set(current)):
                    accounts.grant(con, admin.username, acc.username, parse_scope(p), **where)
                for p in sorted(set(current) - set(wanted)):
                    accounts.revoke(con, admin.username, acc.username, parse_scope(p), **where)

            act(save_scopes, t("auth.admin.saved"))

        new_name = st.text_input(t("auth.admin.col.name"), acc.display_name, key=f"{k}.name")
        new_email = st.text_input(t("auth.admin.col.email"), acc.email or "", key=f"{k}.email")
        if st.button(t("auth.admin.save_profile"), key=f"{k}.save_profile"):
            act(
                lambda con: accounts.update_profile(
                    con, admin.username, acc.username, new_name, new_email or None, **where
                ),
                t("auth.admin.saved"),
            )

        cols = st.columns(2)
        if acc.active:
            if cols[0].button(t("auth.admin.disable"), key=f"{k}.disable"):
                act(
                    lambda con: accounts.set_active(con, admin.username, acc.username, False, **where),
                    tr("auth.admin.disabled", name=acc.username),
                )
        elif cols[0].button(t("auth.admin.enable"), key=f"{k}.enable"):
            act(
                lambda con: accounts.set_active(con, admin.username, acc.username, True, **where),
                tr("auth.admin.enabled", name=acc.username),
            )
        if (acc.locked(now) or acc.failed_attempts) and cols[1].button(t("auth.admin.unlock"), key=f"{k}.unlock"):
            act(
                lambda con: accounts.unlock(con, admin.username, acc.username, **where),
                tr("auth.admin.unlocked", name=acc.username),
            )

        with st.form(f"{k}.reset", clear_on_submit=True):
            st.markdown(t("auth.admin.reset_title"))
            pw = st.text_input(
                t("auth.account.new_password"), type="password", key=f"{k}.pw", autocomplete="new-password"
            )
            pw2 = st.text_input(
                t("auth.account.new_password_again"), type="password", key=f"{k}.pw2", autocomplete="new-password"
            )
            if st.form_submit_button(t("auth.admin.reset"), key=f"{k}.reset_submit"):
                if pw != pw2:
                    st.error(t("auth.error.passwords_differ"))
                else:
                    act(
                        lambda con: accounts.reset_password(con, admin.username, acc.username, pw, **where),
                        tr("auth.admin.password_reset", name=acc.username),
                    )

with tab_settings, st.form("admin.settings"):
    values = {
        "view_requires_login": st.checkbox(
            t("auth.setting.view_requires_login"),
            settings.view_requires_login,
            key="admin.set.view_requires_login",
        ),
        "lockout_attempts": st.number_input(
            t("auth.setting.lockout_attempts"),
            1,
            100,
            settings.lockout_attempts,
            key="admin.set.lockout_attempts",
        ),
        "lockout_minutes": st.number_input(
            t("auth.setting.lockout_minutes"),
            1,
            7 * 24 * 60,
            settings.lockout_minutes,
            key="admin.set.lockout_minutes",
        ),
        "address_attempts": st.number_input(
            t("auth.setting.address_attempts"),
            3,
            1000,
            settings.address_attempts,
            key="admin.set.address_attempts",
        ),
        "address_minutes": st.number_input(
            t("auth.setting.address_minutes"),
            1,
            24 * 60,
            settings.address_minutes,
            key="admin.set.address_minutes",
        ),
        "idle_minutes": st.number_input(
            t("auth.setting.idle_minutes"), 1, 24 * 60, settings.idle_minutes, key="admin.set.idle_minutes"
        ),
        "session_hours": st.number_input(
            t("auth.setting.session_hours"), 1, 24 * 30, settings.session_hours, key="admin.set.session_hours"
        ),
        "password_min_length": st.number_input(
            t("auth.setting.password_min_length"),
            8,
            128,
            settings.password_min_length,
            key="admin.set.password_min_length",
        ),
        "oidc_unknown_email": st.selectbox(
            t("auth.setting.oidc_unknown_email"),
            OIDC_UNKNOWN_EMAIL,
            index=OIDC_UNKNOWN_EMAIL.index(settings.oidc_unknown_email),
            format_func=lambda v: t(f"auth.setting.oidc_{v}"),
            key="admin.set.oidc_unknown_email",
        ),
    }
    if st.form_submit_button(t("auth.admin.save_settings"), key="admin.set.submit"):
        changed = {k: v for k, v in values.items() if getattr(settings, k) != v}

        def save_settings(con):
            for key, value in changed.items():
                accounts.change_setting(con, admin.username, key, value, **{x: who[x] for x in ("ip", "session")})

        act(save_settings, t("auth.admin.saved"))
