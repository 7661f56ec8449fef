"""Reading and acting for the Lịch sử page: the log filtered to the person's provinces, one
submission's details, and revert / withdraw with their two-step confirmation kept in session state."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl import history
from etl.scope import in_scope
from reference.i18n import t
from ui.upload_context import actor, allowed_provinces
from ui.upload_db import WarehouseBusy, warehouse

ASK_REVERT = "history.ask_revert"  # submission id waiting for "yes"
ASK_WITHDRAW = "history.ask_withdraw"  # submission id waiting for "yes"
RESULT = "history.result"  # (ok, message) of the last revert or withdrawal


def log(year: int | None, unit: str | None) -> pd.DataFrame:
    scope = allowed_provinces()
    with warehouse() as con:
        df = history.submissions(con, year=year, unit_code=unit)
    if scope is not None and not df.empty:
        keep = [
            in_scope(u, None if pd.isna(y) else int(y), scope) if isinstance(u, str) else False
            for u, y in zip(df["unit_code"], df["year"])
        ]
        df = df[keep]
    return df.reset_index(drop=True)


def filters() -> tuple[list[int], list[tuple[str, str]]]:
    with warehouse() as con:
        return history.filter_options(con)


def details(submission_id: int) -> tuple[dict | None, pd.DataFrame, tuple[str, bytes] | None]:
    with warehouse() as con:
        return (
            history.submission(con, submission_id),
            history.values_of(con, submission_id),
            history.original_file(con, submission_id),
        )


def can_revert(sub: dict) -> bool:
    return sub["kind"] == "file" and sub["status"] in ("accepted", "reverted", "withdrawn")


def can_withdraw(sub: dict) -> bool:
    return history.can_withdraw(sub)


def ask_revert(submission_id: int) -> None:
    st.session_state[ASK_REVERT] = submission_id


def ask_withdraw(submission_id: int) -> None:
    st.session_state[ASK_WITHDRAW] = submission_id


def asked(submission_id: int, what: str = "revert") -> bool:
    return st.session_state.get(ASK_WITHDRAW if what == "withdraw" else ASK_REVERT) == submission_id


def answer(submission_id: int, yes: bool, what: str = "revert") -> None:
    st.session_state.pop(ASK_REVERT, None)
    st.session_state.pop(ASK_WITHDRAW, None)
    if not yes:
        return
    act = history.withdraw if what == "withdraw" else history.revert
    try:
        with warehouse() as con:
            res = act(con, submission_id, actor(), allowed_provinces=allowed_provinces())
    except WarehouseBusy:
        st.session_state[RESULT] = (False, t("upload.db_busy"))
        return
    st.session_state[RESULT] = (res.ok, res.message)


def last_result() -> tuple[bool, str] | None:
    return st.session_state.pop(RESULT, None)
