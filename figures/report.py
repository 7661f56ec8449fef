"""From the warehouse's snapshot to the specs a page, the export or the briefing deck shows.

Each `*_specs(snap, filters)` takes the frames one page needs from the Snapshot (the one read
model, warehouse.snapshot, read once per data version by the caller) and hands them to the
builders (figures.charts). `quick_report_specs(snap, filters)` is the "báo cáo nhanh" set:
headline figures, map, classes by type, funding by source, trend. Texts are in the reader's
language (reference.i18n's locale context).

    from figures.report import quick_report_specs
    from warehouse.filters import Filters
    from warehouse.snapshot import read_snapshot
    specs = quick_report_specs(read_snapshot("data/warehouse.duckdb"), Filters(year=2024))"""

from __future__ import annotations

import pandas as pd

from figures import charts, frames
from figures.charts import FUNDING_SOURCES, HEADLINES, Context
from figures.locale import fmt_number
from figures.sentences import scope_phrase
from figures.spec import ChartSpec
from reference.admin_units import MERGER_YEAR, province_by_code
from reference.catalog import class_codes
from reference.i18n import t
from warehouse.filters import Filters, province_scope
from warehouse.population import PopulationChoice, population_for
from warehouse.snapshot import Snapshot


def resolve(snap: Snapshot, f: Filters) -> Filters:
    """Filters with a year the warehouse has (the latest when none or an absent one is chosen)."""
    ys = list(snap.years)
    if not ys:
        return f
    return f if f.year in ys else f.with_(year=ys[-1])


def context(snap: Snapshot, f: Filters) -> Context:
    ys = list(snap.years)
    prev = f.year - 1 if f.year is not None and (f.year - 1) in ys else None
    names = [province_by_code(f.era)[c].name for c in f.provinces if c in province_by_code(f.era)]
    return Context(
        filters=f,
        year=f.year,
        previous_year=prev,
        scope=scope_phrase(f.region, names),
        demo=snap.demo,
    )


def _prepared(snap: Snapshot, f: Filters) -> tuple[Filters, Context] | None:
    """(filters resolved against the snapshot, chart context), or None when no year has figures."""
    f = resolve(snap, f)
    if f.year is None:
        return None
    return f, context(snap, f)


def _values(snap: Snapshot, f: Filters, years=None, indicators=None, mode: str | None = None) -> pd.DataFrame:
    return snap.province_values(years=years, indicators=indicators, mode=mode or f.mode, scope=province_scope(f))


def _pair_mode(f: Filters, ctx: Context) -> str:
    """Comparing a 34-province year with a 63-province one is only like for like on today's 34."""
    if ctx.previous_year is not None and ctx.previous_year < MERGER_YEAR <= (f.year or 0):
        return "today34"
    return f.mode


# ---------------------------------------------------------------------------------------------


def overview_specs(snap: Snapshot, f: Filters) -> list[ChartSpec]:
    prepared = _prepared(snap, f)
    if prepared is None:
        return []
    f, ctx = prepared
    years = [y for y in (f.year, ctx.previous_year) if y is not None]
    codes = [c for c in HEADLINES if c != "provinces.reported"]
    mode = _pair_mode(f, ctx)
    df = _values(snap, f, years, codes, mode)
    # provinces reported are counted on each year's own map, never re-aggregated
    reported = df if mode == f.mode else _values(snap, f, years, codes)
    return [charts.overview_spec(df, ctx, reported)]


def map_specs(snap: Snapshot, f: Filters, indicator: str | None = None) -> list[ChartSpec]:
    """The choropleth of the chosen indicator (count or per 1,000 inhabitants) and the ranking."""
    prepared = _prepared(snap, f)
    if prepared is None:
        return []
    f, ctx = prepared
    indicator = indicator or f.indicator
    years = [y for y in (f.year, ctx.previous_year) if y is not None]
    era = f.era
    df = _values(snap, f, years, [indicator])
    prev = None
    if ctx.previous_year is not None:
        if f.era_for(ctx.previous_year) == era:
            prev = frames.year_table(df, ctx.previous_year, indicator)
        else:  # 2025 against 2024: the previous year summed onto today's 34 provinces
            prev = frames.year_table(
                _values(snap, f, [ctx.previous_year], [indicator], "today34"), ctx.previous_year, indicator
            )
    table = frames.year_table(df, f.year, indicator, prev)
    note = None
    if f.per_capita:
        choice = population_choice(snap, f.year, era)
        if choice is not None:
            table = frames.per_thousand(table, choice.table)
            table["rank"] = table["value"].rank(method="min", ascending=False).astype("Int64")
            if prev is not None:
                prev_pc = frames.per_thousand(prev, choice.table)
                table["change"] = [
                    frames.change(c, p)
                    for c, p in zip(
                        table["value"],
                        table["province_code"].map(prev_pc.set_index("province_code")["value"]),
                        strict=True,
                    )
                ]
            note = population_note(choice)
    spec = charts.map_spec(table, ctx, indicator, era, per_capita_note=note)
    ranking = charts.ranking_spec(table, ctx, indicator, per_capita=note is not None)
    return [spec, ranking]


def population_choice(snap: Snapshot, year: int, era: int) -> PopulationChoice | None:
    rows = snap.population
    return population_for(rows, year, era) if len(rows) else None


def population_note(choice: PopulationChoice) -> str:
    key = "dash.map.population_note_summed" if choice.summed_from_63 else "dash.map.population_note"
    return t(key, year=choice.year, source=choice.source, total=fmt_number(choice.table["population"].sum(), 0))


def classes_specs(snap: Snapshot, f: Filters) -> list[ChartSpec]:
    """Classes and learners by the nine types, online share, by region and ranking of provinces."""
    prepared = _prepared(snap, f)
    if prepared is None:
        return []
    f, ctx = prepared
    codes = (
        class_codes("classes")
        + class_codes("learners")
        + ["classes.online.classes", "classes.online.learners", "classes.total.classes", "classes.total.learners"]
    )
    df = _values(snap, f, [f.year], codes)
    table = frames.year_table(df, f.year, "classes.total.classes")
    return [
        charts.classes_by_type_spec(df, ctx, "classes"),
        charts.classes_by_type_spec(df, ctx, "learners"),
        charts.share_by_region_spec(
            df,
            ctx,
            "classes.online.classes",
            "classes.total.classes",
            "ty-le-lop-truc-tuyen",
            "dash.classes.online_title",
        ),
        charts.by_region_spec(df, ctx, "classes.total.classes"),
        charts.ranking_spec(table, ctx, "classes.total.classes"),
    ]


def funding_specs(snap: Snapshot, f: Filters) -> list[ChartSpec]:
    """Funding by source over the years, by province for the year, share socialised, per participant."""
    prepared = _prepared(snap, f)
    if prepared is None:
        return []
    f, ctx = prepared
    all_years = _values(snap, f, None, list(FUNDING_SOURCES))
    year_df = _values(snap, f, [f.year], [*FUNDING_SOURCES, "funding.total", "participants.total"])
    share = charts.ratio_table(year_df, f.year, "funding.socialized", FUNDING_SOURCES)
    per_head = charts.ratio_table(year_df, f.year, "funding.total", "participants.total")
    return [
        charts.funding_by_source_spec(all_years, ctx),
        charts.funding_by_province_spec(year_df, ctx),
        charts.ranking_spec(
            share,
            ctx,
            "funding.socialized_share",
            percent=True,
            money=False,
            slug="ty-le-xa-hoi-hoa",
            title=t("dash.funding.share_title", year=f.year),
        ),
        charts.ranking_spec(
            per_head,
            ctx,
            "funding.per_participant",
            money=True,
            slug="kinh-phi-moi-luot-nguoi",
            title=t("dash.funding.per_participant_title", year=f.year),
            value_name=t("dash.funding.per_participant"),
        ),
    ]


def trend_specs(snap: Snapshot, f: Filters, by: str | None = None) -> list[ChartSpec]:
    """The chosen indicator over every year: nationally (or the chosen scope), by region, or by the
    chosen provinces."""
    prepared = _prepared(snap, f)
    if prepared is None:
        return []
    f, ctx = prepared
    df = _values(snap, f, None, [f.indicator])
    by = by or ("provinces" if f.provinces else "national")
    specs = [charts.trend_spec(df, ctx, f.indicator, "national", coverage=coverage(df, f))]
    if by != "national":
        specs.append(charts.trend_spec(df, ctx, f.indicator, by))
    return specs


def coverage(df: pd.DataFrame, f: Filters) -> dict[int, tuple[int, int]]:
    """Year -> (provinces with a value, provinces in scope on that year's map): a year reported
    by 18 of 63 provinces is not the whole country."""
    from reference.admin_units import provinces as provinces_of

    scope = province_scope(f)
    out = {}
    for year, rows in df.groupby("year"):
        era = f.era_for(int(year))
        codes = scope[era]
        total = len(codes) if codes is not None else len(provinces_of(era))
        out[int(year)] = (int(rows["province_code"].nunique()), total)
    return out


def year_values(snap: Snapshot, f: Filters) -> pd.DataFrame:
    """The figures of the year in scope, every indicator, for the data table."""
    f = resolve(snap, f)
    if f.year is None:
        return pd.DataFrame(columns=["year", "province_code", "province_name", "indicator_code", "value"])
    return _values(snap, f, [f.year])


def quick_report_specs(snap: Snapshot, f: Filters) -> list[ChartSpec]:
    """The "báo cáo nhanh" set for a year: headline figures, map, classes by type, funding by
    source and the trend of the chosen indicator. Empty when the warehouse has no figure."""
    f = resolve(snap, f)
    if f.year is None:
        return []
    # the headline changes need a previous year: with none, a comparison slide would be empty
    specs = overview_specs(snap, f) if context(snap, f).previous_year is not None else []
    specs += map_specs(snap, f)[:1]
    specs += classes_specs(snap, f)[:1]
    specs += funding_specs(snap, f)[:1]
    specs += trend_specs(snap, f, "national")[:1]
    return specs


# Every chart of the dashboard's pages, in page order (the deck page's "pick" list).
EVERY_CHART = (overview_specs, map_specs, classes_specs, funding_specs, trend_specs)


__all__ = [
    "quick_report_specs",
    "overview_specs",
    "map_specs",
    "classes_specs",
    "funding_specs",
    "trend_specs",
    "year_values",
    "coverage",
    "resolve",
    "context",
    "EVERY_CHART",
]
