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


def _shape(shape: str, lang: str) -> str:
    return (
        ", ".join(
            t(f"upload.shape.{s.strip()}", lang) if s.strip() in ("vertical", "wide") else s for s in shape.split(",")
        )
        if shape
        else "—"
    )


def _facts(p: Prepared, lang: str) -> None:
    an = p.analysis
    unknown = t("upload.unknown", lang)
    cols = st.columns([3, 2, 2, 2, 1])
    unit = plain(an.unit.name) if an.unit else unknown
    cols[0].markdown(
        f"**{t('upload.unit', lang)}**  \n{unit}"
        + (f"  \n:gray[{tr('upload.source', lang, source=text_of(an.unit_source, lang))}]" if an.unit else "")
    )
    cols[1].markdown(
        f"**{t('upload.year', lang)}**  \n{an.year or unknown}"
        + (f"  \n:gray[{tr('upload.source', lang, source=text_of(an.year_source, lang))}]" if an.year else "")
    )
    cols[2].markdown(f"**{t('upload.sheet', lang)}**  \n{plain(', '.join(an.sheets)) or '—'}")
    cols[3].markdown(f"**{t('upload.shape', lang)}**  \n{_shape(an.shape, lang)}")
    cols[4].markdown(f"**{t('upload.n_values', lang)}**  \n{len(an.values)}")
    if an.encoding:
        st.caption(tr("upload.encoding", lang, encoding=an.encoding))


def _overrides(key: str, p: Prepared, lang: str) -> None:
    an = p.analysis
    if not an.sheets:  # unreadable file: nothing to correct here
        return
    with st.expander(t("upload.override", lang), expanded=p.year is not None or p.unit is not None):
        c1, c2 = st.columns(2)
        detected_year = an.year if p.year is None else None
        c1.selectbox(
            t("upload.override.year", lang),
            [None, *flow.year_options()],
            key=flow.year_key(key),
            format_func=lambda y: (
                t("upload.override.auto", lang, value=detected_year or t("upload.unknown", lang))
                if y is None
                else str(y)
            ),
        )
        if an.year is not None:
            detected_unit = an.unit.name if an.unit and p.unit is None else t("upload.unknown", lang)
            c2.selectbox(
                t("upload.override.unit", lang),
                [None, *flow.unit_options(an.year)],
                key=flow.unit_key(key),
                format_func=lambda u: (
                    t("upload.override.auto", lang, value=detected_unit) if u is None else flow.unit_label(u, an.year)
                ),
            )


def _unmapped(key: str, p: Prepared, lang: str) -> None:
    entries = p.analysis.unmapped
    if not entries:
        return
    st.markdown(f"**{t('upload.unmapped', lang, n=len(entries))}**")
    if any(pr.code == "scope.outside" for pr in p.analysis.problems):
        st.caption(t("upload.unmapped_out_of_scope", lang))  # mapping is scoped too (issue 16)
        return
    st.caption(t("upload.unmapped_help", lang))
    names = dict(synonyms.choices())
    for i, entry in enumerate(entries):
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        choice = c1.selectbox(
            tr("upload.map_choice", lang, label=entry["label"], where=f"{entry['sheet']}!{entry['cell']}"),
            [None, *names],
            key=f"upload.map.{key}.{i}",
            format_func=lambda c: t("upload.map_placeholder", lang) if c is None else names[c],
        )
        if c2.button(t("upload.map_save", lang), key=f"upload.mapsave.{key}.{i}", disabled=choice is None):
            refused = flow.map_label(entry, choice, p)
            if refused:
                st.error(plain(refused))
                return
            st.session_state["upload.flash"] = tr(
                "upload.map_saved", lang, label=entry["label"], indicator=names[choice]
            )
            st.rerun()


def _question_key(key: str, q: Problem) -> str:
    # by what the question is about, not its place in the list: answering one moves the others up
    return f"upload.q.{key}.{q.code}.{q.sheet}!{q.cell}"


def _questions(key: str, p: Prepared, lang: str) -> None:
    qs = p.analysis.questions
    if not qs:
        return
    st.markdown(f"**{t('upload.questions', lang, n=len(qs))}**")
    st.caption(t("upload.questions_help", lang))
    for q in qs:
        wkey = _question_key(key, q)
        with st.container(border=True):
            st.markdown(f"**{plain(q.where)}** — {plain(q.text(lang))}")
            if hint := q.hint_text(lang):
                st.caption(plain(hint))
            choice = st.radio(
                t("upload.question_choice", lang),
                range(len(q.options)),
                index=None,
                key=wkey,
                format_func=lambda i, q=q: plain(text_of(q.options[i][2], lang)),
            )
            if st.button(t("upload.answer_save", lang), key=f"{wkey}.save", disabled=choice is None):
                k, v, text = q.options[choice]
                _remember(p, k, v, t("upload.answer_saved", lang, answer=plain(text_of(text, lang))))


def _remember(p: Prepared, k: str, v: str, done: str) -> None:
    """Keep an answer or a correction; on success the page runs again with the new reading."""
    refused = flow.answer(p, k, v)
    if refused:
        st.error(refused)
        return
    st.session_state["upload.flash"] = done
    st.rerun()


def _reading_label(r: Reading, lang: str) -> str:
    text = f" '{r.text}'" if r.text else ""
    return f"{r.sheet}!{r.where}{text} — {role_word(r.role, lang)}"


def _reading(key: str, p: Prepared, lang: str) -> None:
    rs = readings(p.analysis)
    if not rs:
        return
    with st.expander(t("upload.reading", lang), expanded=False):
        st.caption(t("upload.reading_help", lang))
        st.dataframe(grey_not_taken(readings_frame(rs, lang), lang), hide_index=True, width="stretch")
        fixable: dict[str, Reading] = {}
        for r in rs:  # one entry per key: rows (or columns) that read alike are corrected together
            if r.choices:
                fixable.setdefault(r.key, r)
        if not fixable:
            return
        c1, c2, c3 = st.columns([3, 3, 2], vertical_alignment="bottom")
        what = c1.selectbox(
            t("upload.fix_what", lang),
            list(fixable),
            index=None,
            key=f"upload.fix.{key}",
            placeholder=t("upload.fix_placeholder", lang),
            format_func=lambda k: _reading_label(fixable[k], lang),
        )
        if what is None:  # Streamlit's own words for an empty list are English: say it ourselves
            to = c2.selectbox(
                t("upload.fix_to", lang),
                [None],
                disabled=True,
                key=f"upload.fixnone.{key}",
                format_func=lambda _: t("upload.fix_first", lang),
            )
        else:
            to = c2.selectbox(
                t("upload.fix_to", lang),
                fixable[what].choices,
                key=f"upload.fixto.{key}",
                format_func=lambda v: t(f"upload.fix.{v}", lang),
            )
        if c3.button(t("upload.fix_save", lang), key=f"upload.fixsave.{key}", disabled=not (what and to)):
            r = fixable[what]
            where = plain(f"{r.sheet}!{r.where}" + (f" '{r.text}'" if r.text else ""))
            _remember(p, what, to, t("upload.fix_saved", lang, where=where, role=t(f"upload.fix.{to}", lang)))


def file_card(key: str, name: str, p: Prepared | None, lang: str) -> None:
    d = flow.decision(key)
    with st.container(border=True):
        if d is not None and d.final:
            st.subheader(plain(name))
            if d.status == "accepted":
                st.success(plain(text_of(d.message, lang)))
            elif d.status == "duplicate":
                st.info(plain(text_of(d.message, lang)))
            else:
                st.info(tr("upload.cancelled", lang, name=name))
            return
        status = status_of(p, d)
        st.subheader(plain(name))
        st.markdown(f":{_COLOUR[status]}-badge[{t(f'upload.status.{status}', lang)}]")
        _facts(p, lang)
        _overrides(key, p, lang)
        an = p.analysis
        st.markdown(f"**{t('upload.problems', lang)}**")
        if an.problems:
            st.dataframe(problems_frame(an.problems, lang), hide_index=True, width="stretch")
        else:
            st.caption(t("upload.no_problems", lang))
        _questions(key, p, lang)
        _reading(key, p, lang)
        _unmapped(key, p, lang)
        if p.rows:
            st.markdown(f"**{t('upload.compare', lang)}**")
            st.caption(t("upload.compare_counts", lang, **counts(p.rows)))
            st.dataframe(review_frame(p.rows, lang), hide_index=True, width="stretch")
        if d is not None:  # blocked or stale at the last confirm
            st.warning(plain(text_of(d.message, lang)))
        if p.duplicate_of is not None:
            st.info(t("upload.duplicate_help", lang, id=p.duplicate_of))
        elif status == "questions":
            st.warning(t("upload.questions_block", lang))
        elif not an.ok:
            st.error(t("upload.blocked_help", lang))
            if (sid := flow.rejected_id(key)) is not None:
                st.caption(t("upload.rejected_logged", lang, id=sid))
        c1, c2, _ = st.columns([1, 1, 4])
        if c1.button(
            t("upload.confirm", lang), key=f"upload.confirm.{key}", type="primary", disabled=not p.can_confirm
        ):
            flow.confirm(key, p)
            st.rerun()
        if c2.button(t("upload.cancel", lang), key=f"upload.cancel.{key}"):
            flow.cancel(key, p)
            st.rerun()
