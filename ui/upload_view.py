"""How one uploaded file is shown on the Tải lên page: what was detected, the officer's
overrides, errors and warnings with cells, the loader's questions with their answers, how each
column and row was read (with role corrections), labels to map, the comparison with the
warehouse, and the confirm / cancel buttons. Rendering only; the actions are in ui.upload_flow."""

from __future__ import annotations

import streamlit as st

from etl import synonyms
from etl.explain import Reading, readings
from etl.review import counts
from etl.submit import Prepared
from reference.cells import say_position
from reference.i18n import t
from reference.problems import Problem, text_of
from ui import upload_flow as flow
from ui.text import plain, tr
from ui.upload_tables import grey_not_taken, problems_frame, readings_frame, review_frame, role_word


def status_of(p: Prepared, d: flow.Decision | None) -> str:
    if d is not None and d.final:
        return {"accepted": "loaded", "duplicate": "duplicate", "cancelled": "cancelled"}[d.status]
    if p.duplicate_of is not None:
        return "duplicate"
    if p.analysis.ok:
        return "ready"
    return "questions" if all(x.is_question for x in p.analysis.errors) else "errors"


_COLOUR = {
    "ready": "blue",
    "errors": "red",
    "questions": "violet",
    "duplicate": "orange",
    "loaded": "green",
    "cancelled": "gray",
}


def _shape(shape: str) -> str:
    return (
        ", ".join(t(f"upload.shape.{s.strip()}") if s.strip() in ("vertical", "wide") else s for s in shape.split(","))
        if shape
        else "—"
    )


def _facts(p: Prepared) -> None:
    an = p.analysis
    unknown = t("upload.unknown")
    cols = st.columns([3, 2, 2, 2, 1])
    unit = plain(an.unit.name) if an.unit else unknown
    cols[0].markdown(
        f"**{t('upload.unit')}**  \n{unit}"
        + (f"  \n:gray[{tr('upload.source', source=text_of(an.unit_source))}]" if an.unit else "")
    )
    cols[1].markdown(
        f"**{t('upload.year')}**  \n{an.year or unknown}"
        + (f"  \n:gray[{tr('upload.source', source=text_of(an.year_source))}]" if an.year else "")
    )
    cols[2].markdown(f"**{t('upload.sheet')}**  \n{plain(', '.join(an.sheets)) or '—'}")
    cols[3].markdown(f"**{t('upload.shape')}**  \n{_shape(an.shape)}")
    cols[4].markdown(f"**{t('upload.n_values')}**  \n{len(an.values)}")
    if an.encoding:
        st.caption(tr("upload.encoding", encoding=an.encoding))


def _overrides(key: str, p: Prepared) -> None:
    an = p.analysis
    if not an.sheets:  # unreadable file: nothing to correct here
        return
    with st.expander(t("upload.override"), expanded=p.year is not None or p.unit is not None):
        c1, c2 = st.columns(2)
        detected_year = an.year if p.year is None else None
        c1.selectbox(
            t("upload.override.year"),
            [None, *flow.year_options()],
            key=flow.year_key(key),
            format_func=lambda y: (
                t("upload.override.auto", value=detected_year or t("upload.unknown")) if y is None else str(y)
            ),
        )
        if an.year is not None:
            detected_unit = an.unit.name if an.unit and p.unit is None else t("upload.unknown")
            c2.selectbox(
                t("upload.override.unit"),
                [None, *flow.unit_options(an.year)],
                key=flow.unit_key(key),
                format_func=lambda u: (
                    t("upload.override.auto", value=detected_unit) if u is None else flow.unit_label(u, an.year)
                ),
            )


def _unmapped(key: str, p: Prepared) -> None:
    entries = p.analysis.unmapped
    if not entries:
        return
    st.markdown(f"**{t('upload.unmapped', n=len(entries))}**")
    if any(pr.code == "scope.outside" for pr in p.analysis.problems):
        st.caption(t("upload.unmapped_out_of_scope"))  # mapping is scoped too (issue 16)
        return
    st.caption(t("upload.unmapped_help"))
    names = dict(synonyms.choices())
    for i, entry in enumerate(entries):
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        choice = c1.selectbox(
            tr("upload.map_choice", label=entry["label"], where=say_position(entry["sheet"], entry["cell"])),
            [None, *names],
            key=f"upload.map.{key}.{i}",
            format_func=lambda c: t("upload.map_placeholder") if c is None else names[c],
        )
        if c2.button(t("upload.map_save"), key=f"upload.mapsave.{key}.{i}", disabled=choice is None):
            refused = flow.map_label(entry, choice, p)
            if refused:
                st.error(plain(refused))
                return
            st.session_state["upload.flash"] = tr("upload.map_saved", label=entry["label"], indicator=names[choice])
            st.rerun()


def _question_key(key: str, q: Problem) -> str:
    # by what the question is about, not its place in the list: answering one moves the others up
    return f"upload.q.{key}.{q.code}.{q.sheet}!{q.cell}"


def _questions(key: str, p: Prepared) -> None:
    qs = p.analysis.questions
    if not qs:
        return
    st.markdown(f"**{t('upload.questions', n=len(qs))}**")
    st.caption(t("upload.questions_help"))
    for q in qs:
        wkey = _question_key(key, q)
        with st.container(border=True):
            st.markdown(f"**{plain(q.where)}** — {plain(q.text())}")
            if hint := q.hint_text():
                st.caption(plain(hint))
            choice = st.radio(
                t("upload.question_choice"),
                range(len(q.options)),
                index=None,
                key=wkey,
                format_func=lambda i, q=q: plain(text_of(q.options[i][2])),
            )
            if st.button(t("upload.answer_save"), key=f"{wkey}.save", disabled=choice is None):
                k, v, text = q.options[choice]
                _remember(p, k, v, t("upload.answer_saved", answer=plain(text_of(text))))


def _remember(p: Prepared, k: str, v: str, done: str) -> None:
    """Keep an answer or a correction; on success the page runs again with the new reading."""
    refused = flow.answer(p, k, v)
    if refused:
        st.error(refused)
        return
    st.session_state["upload.flash"] = done
    st.rerun()


def _reading_label(r: Reading) -> str:
    text = f" '{r.text}'" if r.text else ""
    return f"{r.sheet}!{r.where}{text} — {role_word(r.role)}"


def _reading(key: str, p: Prepared) -> None:
    rs = readings(p.analysis)
    if not rs:
        return
    with st.expander(t("upload.reading"), expanded=False):
        st.caption(t("upload.reading_help"))
        st.dataframe(grey_not_taken(readings_frame(rs)), hide_index=True, width="stretch")
        fixable: dict[str, Reading] = {}
        for r in rs:  # one entry per key: rows (or columns) that read alike are corrected together
            if r.choices:
                fixable.setdefault(r.key, r)
        if not fixable:
            return
        c1, c2, c3 = st.columns([3, 3, 2], vertical_alignment="bottom")
        what = c1.selectbox(
            t("upload.fix_what"),
            list(fixable),
            index=None,
            key=f"upload.fix.{key}",
            placeholder=t("upload.fix_placeholder"),
            format_func=lambda k: _reading_label(fixable[k]),
        )
        if what is None:  # Streamlit's own words for an empty list are English: say it ourselves
            to = c2.selectbox(
                t("upload.fix_to"),
                [None],
                disabled=True,
                key=f"upload.fixnone.{key}",
                format_func=lambda _: t("upload.fix_first"),
            )
        else:
            to = c2.selectbox(
                t("upload.fix_to"),
                fixable[what].choices,
                key=f"upload.fixto.{key}",
                format_func=lambda v: t(f"upload.fix.{v}"),
            )
        if c3.button(t("upload.fix_save"), key=f"upload.fixsave.{key}", disabled=not (what and to)):
            r = fixable[what]
            where = plain(f"{r.sheet}!{r.where}" + (f" '{r.text}'" if r.text else ""))
            _remember(p, what, to, t("upload.fix_saved", where=where, role=t(f"upload.fix.{to}")))


def file_card(key: str, name: str, p: Prepared | None) -> None:
    d = flow.decision(key)
    with st.container(border=True):
        if d is not None and d.final:
            st.subheader(plain(name))
            if d.status == "accepted":
                st.success(plain(text_of(d.message)))
            elif d.status == "duplicate":
                st.info(plain(text_of(d.message)))
            else:
                st.info(tr("upload.cancelled", name=name))
            return
        status = status_of(p, d)
        st.subheader(plain(name))
        st.markdown(f":{_COLOUR[status]}-badge[{t(f'upload.status.{status}')}]")
        _facts(p)
        _overrides(key, p)
        an = p.analysis
        st.markdown(f"**{t('upload.problems')}**")
        if an.problems:
            st.dataframe(problems_frame(an.problems), hide_index=True, width="stretch")
        else:
            st.caption(t("upload.no_problems"))
        _questions(key, p)
        _reading(key, p)
        _unmapped(key, p)
        if p.rows:
            st.markdown(f"**{t('upload.compare')}**")
            st.caption(t("upload.compare_counts", **counts(p.rows)))
            st.dataframe(review_frame(p.rows), hide_index=True, width="stretch")
        if d is not None:  # blocked or stale at the last confirm
            st.warning(plain(text_of(d.message)))
        if p.duplicate_of is not None:
            st.info(t("upload.duplicate_help", id=p.duplicate_of))
        elif status == "questions":
            st.warning(t("upload.questions_block"))
        elif not an.ok:
            st.error(t("upload.blocked_help"))
            if (sid := flow.rejected_id(key)) is not None:
                st.caption(t("upload.rejected_logged", id=sid))
        c1, c2, _ = st.columns([1, 1, 4])
        if c1.button(t("upload.confirm"), key=f"upload.confirm.{key}", type="primary", disabled=not p.can_confirm):
            flow.confirm(key, p)
            st.rerun()
        if c2.button(t("upload.cancel"), key=f"upload.cancel.{key}"):
            flow.cancel(key, p)
            st.rerun()
