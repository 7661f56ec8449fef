"""Bộ slide: the ready 'báo cáo nhanh' set, or charts picked from every dashboard chart, under
the current filters (the sidebar's, shared by every page and kept in the URL), downloaded as a 16:9
PowerPoint deck with editable charts. Thin: filters -> figures.report (on the snapshot read once
per data version, ui.data) -> build_deck (in the reader's language, like the page)."""

import datetime as dt

import streamlit as st

from figures import report
from reference.i18n import language, t, use_language
from ui import data, narratives
from ui import filters as ui_filters
from ui.auth import gate
from ui.export_buttons import render_export_buttons

gate("export")
st.title(t("export.page.title"))
st.caption(t("export.page.intro"))
snap = data.snapshot()
if snap is None:
    st.info(t("export.page.no_db"))
    st.stop()
if snap.demo:
    st.warning(t("app.demo_banner"))
if not snap.years:
    st.info(t("export.page.no_data"))
    st.stop()

# The filters in force: the sidebar's (shared by every page, kept in the URL).
filters = report.resolve(snap, ui_filters.current())
year = filters.year
filters_text = report.context(snap, filters).filters_text()
st.info(t("export.page.filters", filters=filters_text))

choice = st.radio(
    t("export.page.mode"),
    ["quick", "pick"],
    horizontal=True,
    key="deck_choice",
    format_func=lambda m: t(f"export.page.mode_{m}"),
)
if choice == "quick":
    specs = data.specs(report.quick_report_specs, filters)
else:
    every = [s for build in report.EVERY_CHART for s in data.specs(build, filters)]
    titles = list(dict.fromkeys(s.title for s in every))
    picked = st.multiselect(
        t("export.page.pick"), titles, default=titles[:1], key="deck_pick", placeholder=t("common.choose_options")
    )
    specs = [next(s for s in every if s.title == title) for title in picked]
highlights = narratives.deck_highlights(filters, year, filters_text, snap.demo)  # None: no Word report text
if highlights is not None and not st.checkbox(t("narr.slide.option"), value=False, key="deck_highlights"):
    highlights = None
title = st.text_input(t("export.page.deck_title"), t("export.deck.title"), key="deck_title")
if not specs:
    st.info(t("export.page.no_charts") if choice == "pick" else t("export.page.no_data"))
    st.stop()
shown = [*specs, *([highlights.spec] if highlights else [])]
st.write(t("export.page.slides", n=1 + len(shown), titles="; ".join(s.title for s in shown)))


lang = language()  # Streamlit may build the file outside this run: the deck keeps the page's language


def _deck() -> bytes:
    from exports.deck import build_deck

    with use_language(lang):
        return build_deck(
            specs,
            title=title,
            year=year,
            filters_text=filters_text,
            demo=any(s.demo for s in specs),
            date=dt.date.today(),
            highlights=highlights,
        )


st.download_button(
    t("export.page.download"),
    data=_deck,
    file_name=f"bao-cao-nhanh-{year}.pptx",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    type="primary",
    icon=":material/slideshow:",
    on_click="ignore",
    key="deck_download",
)

st.divider()
for spec in specs:
    st.markdown(f"**{spec.title}**  \n{spec.sentence}")
    render_export_buttons(spec)
