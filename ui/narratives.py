"""Cached reads behind the page "Địa phương viết gì": the current texts, folded and tagged once
per data version, and each selection's chart, quotes and rows, shared by every session through
ui.cache.shared_cache (each caller gets its own copy, as everywhere in the app)."""

from __future__ import annotations

import pandas as pd

from figures.narrative import Quote, highlights, prepare, quotes, select, texts_table, theme_spec
from figures.spec import ChartSpec
from reference.i18n import language
from reference.themes import Theme, merged, themes
from ui.cache import shared_cache
from ui.data import current_db
from warehouse import queries
from warehouse.narratives import current_texts, empty_texts, theme_overrides


@shared_cache(max_entries=2)
def _read(db: str, version: tuple) -> tuple[pd.DataFrame, tuple[Theme, ...]]:  # version: in the key; read-only
    with queries.reading(db) as con:
        if con is None:
            return prepare(empty_texts()), themes()
        table = merged(theme_overrides(con))  # the CSV's themes with an administrator's changes
        return prepare(current_texts(con), table), table


def _prepared(db: str, version: tuple) -> pd.DataFrame:
    return _read(db, version)[0]


def theme_table() -> tuple[Theme, ...]:
    """The theme keyword table in force (for the page's theme picker)."""
    db = current_db()
    return _read(db, queries.data_version(db))[1]


@shared_cache(max_entries=128)
def _view(db: str, version: tuple, choice: tuple, lang: str, demo: bool, filters_text: str):
    years, region, provinces, sections, query, theme = choice
    texts, table = _read(db, version)
    all_years = select(texts, region=region, provinces=provinces, sections=sections, query=query, theme=theme)
    shown = select(all_years, years=years)
    spec = theme_spec(all_years, lang, demo, filters_text, table)
    return spec, quotes(shown, query, limit=30, lang=lang, table=table), texts_table(shown, lang, table)


def view(
    *,
    years: tuple[int, ...],
    region: str | None,
    provinces: tuple[str, ...],
    sections: tuple[str, ...],
    query: str,
    theme: str | None,
    lang: str,
    demo: bool,
    filters_text: str,
) -> tuple[ChartSpec, list[Quote], pd.DataFrame]:
    """(units per theme by year over every year, quote cards and rows of the chosen years)."""
    db = current_db()
    choice = (years, region, provinces, sections, query.strip(), theme)
    return _view(db, queries.data_version(db), choice, lang, demo, filters_text)


def available() -> pd.DataFrame:
    """The prepared texts (read-only), for the page's choices (years, sections present)."""
    db = current_db()
    return _prepared(db, queries.data_version(db))


def deck_highlights(filters, year: int, filters_text: str, demo: bool):
    """The slide "Khó khăn và kiến nghị nổi bật" for the deck page under its filters (None when no
    report of the year wrote of difficulties or proposals), from the texts read once per version."""
    db = current_db()
    texts, table = _read(db, queries.data_version(db))
    return highlights(
        texts,
        year,
        region=filters.region,
        provinces=filters.provinces,
        provinces_era=filters.era_for(year),
        lang=language(),
        demo=demo,
        filters=filters_text,
        table=table,
    )
