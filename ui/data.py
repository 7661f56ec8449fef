"""Cached reads of the warehouse for the pages.

Every cached function takes the warehouse path and its `data_version` (file mtime and size), so
a load by the CLI or the upload page changes the key and the next rerun reads fresh figures,
while clicks that do not change the filters are served from the cache. Each read opens a
short-lived read-only connection, so the app never holds the file between reruns."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from figures import report
from figures.spec import ChartSpec
from reference.admin_units import provinces
from reference.regions import provinces_in
from reference.vntext import collate_key
from warehouse import queries
from warehouse.db import db_path
from warehouse.filters import Filters
from warehouse.population import population_for


def current_db() -> str:
    return str(db_path(os.environ.get("LLW_DB") or None))


def version() -> tuple:
    return queries.data_version(current_db())


@st.cache_data(max_entries=16, show_spinner=False)
def _info(db: str, _version: tuple) -> dict:
    with queries.reading(db) as con:
        if con is None:
            return {"exists": False, "years": [], "demo": False, "population": pd.DataFrame()}
        return {"exists": True, "years": queries.years(con), "demo": queries.is_demo(con),
                "population": queries.population_rows(con)}


def info() -> dict:
    """exists, years (oldest first), demo, population rows."""
    db = current_db()
    return _info(db, queries.data_version(db))


@st.cache_data(max_entries=512, show_spinner=False)
def _specs(builder: str, db: str, _version: tuple, filters: Filters, extra: tuple) -> list[ChartSpec]:
    with queries.reading(db) as con:
        if con is None:
            return []
        return getattr(report, builder)(con, filters, **dict(extra))


def specs(builder: str, filters: Filters, **extra) -> list[ChartSpec]:
    """The specs of figures.report.<builder>(con, filters, **extra), cached per data version."""
    db = current_db()
    return _specs(builder, db, queries.data_version(db), filters, tuple(sorted(extra.items())))


@st.cache_data(max_entries=64, show_spinner=False)
def _year_values(db: str, _version: tuple, filters: Filters) -> pd.DataFrame:
    with queries.reading(db) as con:
        return report.year_values(con, filters) if con is not None else pd.DataFrame()


def year_values(filters: Filters) -> pd.DataFrame:
    db = current_db()
    return _year_values(db, queries.data_version(db), filters)


@st.cache_data(max_entries=64, show_spinner=False)
def _status(db: str, _version: tuple, year: int) -> tuple[pd.DataFrame, object, pd.DataFrame]:
    with queries.reading(db) as con:
        return (queries.reporting_status(con, year), queries.deadline(con, year),
                queries.recent_submissions(con, 200, year))


def reporting_status(year: int):
    """(status per province, deadline or None, latest submissions of the year)."""
    db = current_db()
    return _status(db, queries.data_version(db), year)


@st.cache_data(max_entries=16, show_spinner=False)
def _by_year(db: str, _version: tuple) -> pd.DataFrame:
    with queries.reading(db) as con:
        return queries.reporting_by_year(con)


def reporting_by_year() -> pd.DataFrame:
    db = current_db()
    return _by_year(db, queries.data_version(db))


def population_choice(year: int, era: int):
    rows = info()["population"]
    return population_for(rows, year, era) if len(rows) else None


def province_options(era: int, region: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the era's provinces, in Vietnamese alphabetical order."""
    allowed = set(provinces_in(region, era)) if region else None
    opts = [(p.code, p.name) for p in provinces(era) if allowed is None or p.code in allowed]
    return sorted(opts, key=lambda o: collate_key(o[1]))
