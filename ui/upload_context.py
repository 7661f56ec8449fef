"""Who is using the upload pages, what they may load, and in which language.

Until sign-in exists (issue 7) these come from session-state keys that the auth layer sets:
`llw.user_name` (the actor written to the submission log and audit log, default "web"),
`llw.allowed_provinces` (a set of province codes, None = every province) and `lang`."""

from __future__ import annotations

import streamlit as st

USER_KEY = "llw.user_name"
SCOPE_KEY = "llw.allowed_provinces"
LANG_KEY = "lang"
DEFAULT_ACTOR = "web"


def actor() -> str:
    return st.session_state.get(USER_KEY) or DEFAULT_ACTOR


def allowed_provinces() -> set[str] | None:
    scope = st.session_state.get(SCOPE_KEY)
    return None if scope is None else set(scope)


def lang() -> str:
    return st.session_state.get(LANG_KEY, "vi")
