"""Cached reads of the warehouse for the pages.

Every cached function takes the warehouse path and its `data_version` (file mtime and size), so
a load by the CLI or the upload page changes the key and the next rerun reads fresh figures,
while clicks that do not change the filters are served from the cache. Each read opens a
short-lived read-only connection, so the app never holds the file between reruns. The caches
are shared by every session and hand out private copies (ui.cache.shared_cache): a page may do
what it likes with what it gets."""

from __future__ import annotations

import os
from collections.abc import Callable

import pandas as pd

from figures import report
from figures.spec import ChartSpec
from reference.admin_units import provinces
from reference.catalog import typed_codes
from reference.i18n import language
from reference.regions import provinces_in
from reference.vntext import collate_key
from ui.cache import shared_cache
from warehouse import queries
from warehouse.db import db_path
from warehouse.filters import Filters
from warehouse.population import population_for
from warehouse.snapshot import Snapshot, read_snapshot


def current_db() -> str:
    return str(db_path(os.environ.get("LLW_DB") or None))


def version() -> tuple:
    return queries.data_version(current_db())


@shared_cache(max_entries=2)
def _snapshot(db: str, version: tuple) -> Snapshot | None:  # version is part of the cache key
    return read_snapshot(db)


def snapshot() -> Snapshot | None:
    """The warehouse's figures in memory, read once per data version (None: no warehouse); a
    private copy (~6 ms at national scale): what runs on every page run is cached on its own."""
    db = current_db()
    return _snapshot(db, queries.data_version(db))


@shared_cache(max_entries=2)
def _info(db: str, version: tuple) -> dict:
    snap = _snapshot(db, version)
    if snap is None:
        return {"exists": False, "years": [], "demo": False, "population": pd.DataFrame()}
    return {"exists": True, "years": list(snap.years), "demo": snap.demo, "population": snap.population}


def info() -> dict:
    """exists, years (oldest first), demo, population rows."""
    db = current_db()
    return _info(db, queries.data_version(db))


Builder = Callable[..., list[ChartSpec]]  # figures.report.*_specs(snapshot, filters, **extra)


@shared_cache(max_entries=256)
def _specs(
    name: str, lang: str, db: str, version: tuple, filters: Filters, extra: tuple, _build: Builder
) -> list[ChartSpec]:  # name: the builder's; lang: the language its texts are in
    snap = _snapshot(db, version)
    return [] if snap is None else _build(snap, filters, **dict(extra))


def specs(build: Builder, filters: Filters, **extra) -> list[ChartSpec]:
    """The specs of build(snapshot, filters, **extra) (a figures.report builder) in the reader's
    language, kept per data version."""
    db = current_db()
    name = f"{build.__module__}.{build.__qualname__}"
    return _specs(name, language(), db, queries.data_version(db), filters, tuple(sorted(extra.items())), build)


@shared_cache(max_entries=64)
def _year_values(db: str, version: tuple, filters: Filters) -> pd.DataFrame:
    snap = _snapshot(db, version)
    return report.year_values(snap, filters) if snap is not None else pd.DataFrame()


def year_values(filters: Filters) -> pd.DataFrame:
    db = current_db()
    return _year_values(db, queries.data_version(db), filters)


@shared_cache(max_entries=64)
def _status(db: str, version: tuple, year: int) -> tuple[pd.DataFrame, object, pd.DataFrame]:
    snap = _snapshot(db, version)
    v = snap.values
    typed = set(typed_codes())
    rows = v[(v["year"] == year) & v["indicator_code"].isin(typed)]
    filled = rows.groupby("province_code")["indicator_code"].nunique()
    with queries.reading(db) as con:
        return (
            queries.reporting_status(con, year, filled),
            queries.deadline(con, year),
            queries.recent_submissions(con, 200, year),
        )


def reporting_status(year: int):
    """(status per province, deadline or None, latest submissions of the year)."""
    db = current_db()
    return _status(db, queries.data_version(db), year)


def reporting_by_year() -> pd.DataFrame:
    """Per year (newest first): provinces with figures, national classes, learners and funding
    (đồng); columns year, provinces, classes, learners, funding (the page names them)."""
    db = current_db()
    return _by_year(db, queries.data_version(db))


@shared_cache(max_entries=2)
def _by_year(db: str, version: tuple) -> pd.DataFrame:
    v = _snapshot(db, version).values
    g = v.groupby("year")
    out = pd.DataFrame({"year": sorted(v["year"].unique(), reverse=True)})
    out["provinces"] = out["year"].map(g["province_code"].nunique())
    for code, name in (
        ("classes.total.classes", "classes"),
        ("classes.total.learners", "learners"),
        ("funding.total", "funding"),
    ):
        out[name] = out["year"].map(v[v["indicator_code"] == code].groupby("year")["value"].sum())
    return out


def population_choice(year: int, era: int):
    rows = info()["population"]
    return population_for(rows, year, era) if len(rows) else None


def province_options(era: int, region: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the era's provinces, in Vietnamese alphabetical order."""
    allowed = set(provinces_in(region, era)) if region else None
    opts = [(p.code, p.name) for p in provinces(era) if allowed is None or p.code in allowed]
    return sorted(opts, key=lambda o: collate_key(o[1]))
