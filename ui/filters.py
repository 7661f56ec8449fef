"""The shared sidebar filters: year, province basis (as reported / today's 34), region,
provinces, language; the indicator and per-1,000 switches the map and trend pages add.

Values live in st.session_state under `flt_<field>` (not under widget keys, which Streamlit drops
on pages that do not draw the widget), start from the URL's query parameters, and are written
back to st.query_params after every change, so a copied link reproduces the view."""

from __future__ import annotations

from dataclasses import fields

import streamlit as st

from reference.catalog import indicators
from reference.i18n import language, set_language, t
from reference.regions import regions
from ui import data
from warehouse.filters import MODES, Filters

_FIELDS = [f.name for f in fields(Filters)]


def _k(name: str) -> str:
    return f"flt_{name}"


def _wk(name: str) -> str:
    return f"_w_{name}"


def init() -> None:
    """Seed the session's filters from the URL once per session."""
    if st.session_state.get("_flt_ready"):
        return
    f = Filters.from_query_params(st.query_params.to_dict())
    for name in _FIELDS:
        st.session_state[_k(name)] = getattr(f, name)
    st.session_state["_flt_ready"] = True


def current() -> Filters:
    init()
    return Filters(**{name: st.session_state[_k(name)] for name in _FIELDS})


def sync_url() -> None:
    wanted = current().to_query_params()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def _copy(name: str, convert=None) -> None:
    value = st.session_state[_wk(name)]
    st.session_state[_k(name)] = convert(value) if convert else value


def _bind(name: str, value, convert=None) -> dict:
    """Widget kwargs that keep the widget's value in flt_<name> across pages."""
    st.session_state[_wk(name)] = value
    return {"key": _wk(name), "on_change": _copy, "args": (name, convert)}


def apply_language() -> str:
    """Set this run's locale context (reference.i18n) from the language switch: the URL's
    ?lang=en at the first visit, the sidebar toggle afterwards (its callback runs before the rerun,
    so the whole run, navigation included, is in one language)."""
    init()
    set_language(st.session_state[_k("lang")])
    return language()


def sidebar() -> Filters:
    """Draw the shared filters in the sidebar; returns the filters in force."""
    init()
    f = current()
    years = list(reversed(data.info()["years"]))
    with st.sidebar:
        st.toggle(t("dash.filters.language"), **_bind("lang", f.lang == "en", lambda on: "en" if on else "vi"))
        st.subheader(t("dash.filters.title"))
        if years:
            year = f.year if f.year in years else years[0]
            st.session_state[_k("year")] = year
            st.selectbox(t("dash.filters.year_label"), years, **_bind("year", year))
        st.radio(
            t("dash.mode.label"),
            list(MODES),
            format_func=lambda m: t(f"dash.mode.short_{m}"),
            help=t("dash.mode.reported_note") + " " + t("dash.mode.today34_note"),
            **_bind("mode", f.mode),
        )
        codes = [""] + [r.code for r in regions()]  # "" = whole country (None would show as "no choice")
        names = {r.code: r.name() for r in regions()}
        st.selectbox(
            t("dash.filters.region"),
            codes,
            format_func=lambda c: names[c] if c else t("dash.filters.all_regions"),
            **_bind("region", f.region or "", lambda v: v or None),
        )
        f = current()
        options = data.province_options(f.era, f.region)
        valid = {c for c, _ in options}
        chosen = [c for c in f.provinces if c in valid]
        st.session_state[_k("provinces")] = tuple(chosen)
        label = dict(options)
        st.multiselect(
            t("dash.filters.provinces"),
            [c for c, _ in options],
            format_func=lambda c: label[c],
            help=t("dash.filters.provinces_help"),
            placeholder=t("dash.filters.provinces_all"),
            **_bind("provinces", chosen, tuple),
        )
        st.caption(t("dash.filters.link"))
    sync_url()
    return current()


def indicator_picker(container=None) -> str:
    """The indicator select box (map, trend); the choice is kept across pages and in the URL."""
    f = current()
    box = container or st
    codes = [i.code for i in indicators()]
    label = {i.code: (i.label_en if language() == "en" else i.label_vi) for i in indicators()}
    box.selectbox(t("dash.filters.indicator"), codes, format_func=lambda c: label[c], **_bind("indicator", f.indicator))
    sync_url()
    return current().indicator


def per_capita_toggle(available: bool, container=None) -> bool:
    """Per 1,000 inhabitants, offered only where population figures are loaded."""
    f = current()
    box = container or st
    if not available:
        st.session_state[_k("per_capita")] = False
        sync_url()
        return False
    box.toggle(t("dash.map.per_capita"), **_bind("per_capita", f.per_capita))
    sync_url()
    return current().per_capita
