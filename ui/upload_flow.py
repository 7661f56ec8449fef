"""Session state of the upload page: which files are analysed with which overrides, what the
officer decided for each, and the actions (confirm, cancel, map a label, answer a question) as
calls to etl.submit and etl.synonyms through short-lived connections. Streamlit only for st.session_state."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from etl import submit, synonyms
from etl.submit import Outcome, Prepared
from reference import admin_units as au
from reference.problems import Text
from ui.upload_context import actor, allowed_provinces
from ui.upload_db import warehouse

CACHE = "upload.cache"  # (file key, year, unit, generation) -> Prepared
DECISIONS = "upload.decisions"  # file key -> Decision
GENERATION = "upload.generation"  # bumped after every write: cached previews are then stale
REJECTED = "upload.rejected"  # file key -> id of the 'rejected' row logged for that upload


@dataclass
class Decision:
    status: str  # accepted | duplicate | blocked | stale | cancelled
    message: Text | str  # rendered in the reader's language where it is shown
    submission_id: int | None = None

    @property
    def final(self) -> bool:
        return self.status in ("accepted", "duplicate", "cancelled")


def _state(name: str, default):
    if name not in st.session_state:
        st.session_state[name] = default
    return st.session_state[name]


def generation() -> int:
    return _state(GENERATION, 0)


def bump() -> None:
    st.session_state[GENERATION] = generation() + 1
    st.session_state[CACHE] = {}


def year_key(file_key: str) -> str:
    return f"upload.year.{file_key}"


def unit_key(file_key: str) -> str:
    return f"upload.unit.{file_key}"


def overrides(file_key: str) -> tuple[int | None, str | None]:
    return st.session_state.get(year_key(file_key)), st.session_state.get(unit_key(file_key))


def cached(file_key: str) -> Prepared | None:
    year, unit = overrides(file_key)
    return _state(CACHE, {}).get((file_key, year, unit, generation()))


def prepare(file_key: str, name: str, data: bytes) -> Prepared:
    """The preview of one file with the officer's overrides (cached until the next write)."""
    hit = cached(file_key)
    if hit is not None:
        return hit
    year, unit = overrides(file_key)
    with warehouse() as con:
        p = submit.prepare(con, name, data, actor=actor(), year=year, unit=unit, allowed_provinces=allowed_provinces())
        if unit is not None and p.analysis.year is not None and unit not in unit_options(p.analysis.year):
            # the chosen unit belongs to the other era of the newly chosen year: forget it
            st.session_state.pop(unit_key(file_key), None)
            p = submit.prepare(
                con, name, data, actor=actor(), year=year, unit=None, allowed_provinces=allowed_provinces()
            )
            unit = None
        if file_key not in _state(REJECTED, {}):  # one 'rejected' row per uploaded file, as the CLI
            sid = submit.record_rejection(con, p, actor=actor())
            if sid is not None:
                st.session_state[REJECTED][file_key] = sid
    _state(CACHE, {})[(file_key, year, unit, generation())] = p
    return p


def rejected_id(file_key: str) -> int | None:
    """The submission id under which this upload's refusal was logged, if it was."""
    return _state(REJECTED, {}).get(file_key)


def decision(file_key: str) -> Decision | None:
    return _state(DECISIONS, {}).get(file_key)


def confirm(file_key: str, p: Prepared) -> Decision:
    with warehouse() as con:
        out: Outcome = submit.confirm(con, p, actor=actor(), allowed_provinces=allowed_provinces())
    d = Decision(out.status, out.text, out.submission_id)
    _state(DECISIONS, {})[file_key] = d
    bump()
    return d


def cancel(file_key: str, p: Prepared) -> Decision:
    with warehouse() as con:
        submit.cancel(con, p, actor=actor())
    d = Decision("cancelled", "")
    _state(DECISIONS, {})[file_key] = d
    return d


def map_label(entry: dict, code: str, p: Prepared) -> str | None:
    """Remember a mapping chosen on previewed file `p`; the refusal (outside the person's
    provinces) as a message, None when it was saved."""
    try:
        with warehouse() as con:
            synonyms.map_label(con, entry, code, actor(), analysis=p.analysis, allowed_provinces=allowed_provinces())
    except synonyms.MappingRefused as exc:
        return str(exc)
    bump()
    return None


def answer(p: Prepared, key: str, value: str) -> str | None:
    """Remember the officer's answer about file `p` (a question's option or a role correction);
    the Vietnamese refusal when it is not theirs to give (nothing written then). Every preview is
    analysed again afterwards, as after a label mapping, so the card shows the new reading."""
    with warehouse() as con:
        refused = submit.answer(con, p, key, value, actor=actor(), allowed_provinces=allowed_provinces())
    if refused is None:
        bump()
    return refused


def year_options() -> list[int]:
    import datetime as dt

    from etl.extract import FIRST_YEAR

    return list(range(dt.date.today().year, FIRST_YEAR - 1, -1))


def unit_options(year: int) -> list[str]:
    """Province codes of the year's era (63 before 2025, 34 from 2025), then the whole country."""
    return [p.code for p in au.provinces(au.era_for_year(year))] + [au.NATIONAL_CODE]


def unit_label(code: str, year: int) -> str:
    if code == au.NATIONAL_CODE:
        return au.NATIONAL_NAME
    return f"{au.province_name(code, year)} ({code})"


def is_final(file_key: str) -> bool:
    d = decision(file_key)
    return d is not None and d.final


def needs_analysis(file_key: str) -> bool:
    return not is_final(file_key) and cached(file_key) is None


def warehouse_is_demo() -> bool:
    from warehouse.queries import is_demo

    with warehouse() as con:
        return is_demo(con)
