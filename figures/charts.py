"""One builder per dashboard chart: frames in, ChartSpec out. Pure: no database, no Streamlit.

The pages draw these specs with figures.plotly_charts.to_plotly, the export writes their data and
images, and the briefing deck turns them into native charts, so every view shows the same
numbers. Input frames have the columns of the province_values view (warehouse.snapshot)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from figures import frames
from figures.locale import fmt_int, fmt_percent, fmt_value, indicator_label, indicator_unit, is_money
from figures.sentences import headline_sentence
from figures.spec import ChartSpec
from reference.catalog import CLASS_TYPES, by_code
from reference.i18n import t
from reference.regions import regions
from warehouse.filters import Filters

# The overview's headline figures, in reading order. 'provinces.reported' is not an indicator:
# it counts provinces with any figure for the year.
HEADLINES = (
    "classes.total.classes",
    "classes.total.learners",
    "participants.total",
    "ceremony.events",
    "funding.state_budget",
    "funding.socialized",
    "provinces.reported",
)
FUNDING_SOURCES = ("funding.state_budget", "funding.socialized")


@dataclass(frozen=True)
class Context:
    """What every builder needs besides its data: the filters, the year shown and its previous
    year, the scope in words ('cả nước', 'vùng Tây Nguyên') and whether the data are demo."""

    filters: Filters
    year: int | None
    previous_year: int | None = None
    scope: str = ""
    demo: bool = False

    def tr(self, key: str, **kw) -> str:
        return t(key, **kw)

    def mode_text(self) -> str:
        return self.tr(f"dash.mode.{self.filters.mode}")

    def filters_text(self, year: bool = True) -> str:
        parts = []
        if year and self.year is not None:
            parts.append(self.tr("dash.filters.year", year=self.year))
        parts += [self.scope, self.mode_text()]
        return "; ".join(p for p in parts if p)


def headline_label(code: str) -> str:
    return t(f"dash.kpi.{code}")


def class_type_label(class_type: str) -> str:
    """'Lớp ngoại ngữ' from the catalog label 'Lớp ngoại ngữ: số lớp'."""
    return indicator_label(f"classes.{class_type}.classes").split(":")[0].strip()


def value_label(code: str, per_capita: bool = False) -> str:
    if code == "provinces.reported":
        return t("dash.unit.provinces")
    if is_money(code):
        return t("dash.unit.money")
    unit = indicator_unit(code)
    return t("dash.unit.per_thousand", unit=unit) if per_capita else unit


# ---------------------------------------------------------------------------------------------
# Tổng quan


def headline_values(df: pd.DataFrame, year: int, reported: pd.DataFrame | None = None) -> dict[str, float | None]:
    """The headline figures of a year; provinces reported are counted in `reported` (default df)."""
    out: dict[str, float | None] = {code: frames.total(df, year, code) for code in HEADLINES[:-1]}
    n = frames.provinces_reported(df if reported is None else reported, year)
    out["provinces.reported"] = float(n) if n else None
    return out


def overview_spec(df: pd.DataFrame, ctx: Context, reported: pd.DataFrame | None = None) -> ChartSpec:
    """Headline figures of the year with their change against the previous year. The chart shows
    the change (%); the table behind it carries both years' figures and the sentences.
    `reported`: the frame provinces are counted in, when df is re-aggregated onto 34 provinces."""
    cur = headline_values(df, ctx.year, reported)
    prev = headline_values(df, ctx.previous_year, reported) if ctx.previous_year else dict.fromkeys(HEADLINES)
    if ctx.previous_year and ctx.filters.era_for(ctx.previous_year) != ctx.filters.era_for(ctx.year):
        prev["provinces.reported"] = None  # 63 against 34 provinces is not a change
    rows = []
    for code in HEADLINES:
        money = code != "provinces.reported" and is_money(code)
        rows.append(
            {
                "category": headline_label(code),
                "series": ctx.tr("dash.overview.series", prev=ctx.previous_year or "–"),
                "value": frames.change(cur[code], prev[code]),
                "indicator_code": code,
                "current": cur[code],
                "previous": prev[code],
                "money": money,
                "current_text": fmt_value(cur[code], money=money),
                "sentence": headline_sentence(code, ctx.year, cur[code], ctx.previous_year, prev[code], ctx.scope)
                if cur[code] is not None
                else "",
            }
        )
    data = pd.DataFrame(rows)
    data["value"] = data["value"].astype("float64")
    sentences = tuple(s for s in data["sentence"] if s)
    return ChartSpec(
        slug="tong-quan",
        title=ctx.tr("dash.overview.chart_title", year=ctx.year, prev=ctx.previous_year or "–"),
        kind="hbar",
        data=data,
        category_label=ctx.tr("dash.overview.category"),
        value_label=ctx.tr("dash.overview.value_label"),
        year=ctx.year,
        percent=True,
        sentence=sentences[0] if sentences else "",
        filters=ctx.filters_text(),
        notes=sentences,
        demo=ctx.demo,
    )


# ---------------------------------------------------------------------------------------------
# Bản đồ


def map_spec(
    table: pd.DataFrame, ctx: Context, indicator: str, era: int, *, per_capita_note: str | None = None
) -> ChartSpec:
    """Choropleth data: one row per province with a value (category = province code of `era`)."""
    per_capita = per_capita_note is not None
    money = is_money(indicator) and not per_capita
    data = pd.DataFrame(
        {
            "category": table["province_code"],
            "series": "",
            "value": table["value"].astype("float64"),
            "province_name": table["province_name"],
            "rank": table["rank"],
            "change": table["change"].astype("float64") if "change" in table else np.nan,
        }
    )
    if per_capita and "population" in table:
        data["population"] = table["population"]
    label = indicator_label(indicator)
    title = ctx.tr("dash.map.title_per_capita" if per_capita else "dash.map.title", label=label, year=ctx.year)
    notes = [per_capita_note] if per_capita_note else []
    sentence = ""
    ranked = data.dropna(subset=["value"]).sort_values("value", ascending=False)
    if len(ranked):
        top = ranked.iloc[0]
        sentence = ctx.tr(
            "dash.sentence.map_top",
            year=ctx.year,
            province=top["province_name"],
            value=_value_text(top["value"], money, per_capita),
            unit="" if money else value_label(indicator, per_capita),
            n=len(ranked),
            total=ctx.tr(f"dash.era.{era}"),
        ).replace("  ", " ")
    return ChartSpec(
        slug="ban-do-" + indicator.replace(".", "-") + ("-tren-1000-dan" if per_capita else ""),
        title=title,
        kind="map",
        data=data,
        category_label=ctx.tr("dash.label.province"),
        value_label=value_label(indicator, per_capita),
        year=ctx.year,
        money=money,
        sentence=sentence,
        filters=ctx.filters_text(),
        era=era,
        notes=tuple(notes),
        demo=ctx.demo,
    )


def _value_text(value, money: bool, per_capita: bool) -> str:
    if per_capita:
        from figures.locale import fmt_number

        return fmt_number(value, 2)
    return fmt_value(value, money=money)


def ranking_spec(
    table: pd.DataFrame,
    ctx: Context,
    indicator: str,
    *,
    per_capita: bool = False,
    percent: bool = False,
    money: bool | None = None,
    title: str | None = None,
    slug: str | None = None,
    value_name: str | None = None,
) -> ChartSpec:
    """Provinces ranked by one value, highest first."""
    money = (is_money(indicator) and not per_capita) if money is None else money
    ranked = table.dropna(subset=["value"]).sort_values(["value", "province_name"], ascending=[False, True])
    data = pd.DataFrame(
        {
            "category": ranked["province_name"].to_numpy(),
            "series": value_name or "",
            "value": ranked["value"].astype("float64").to_numpy(),
            "province_code": ranked["province_code"].to_numpy(),
        }
    )
    data["rank"] = data["value"].rank(method="min", ascending=False).astype("Int64")
    label = indicator_label(indicator) if indicator in by_code() else (value_name or "")
    sentence = ""
    if len(data):
        top, bottom = data.iloc[0], data.iloc[-1]
        fmt = (lambda v: fmt_percent(v, 1)) if percent else (lambda v: _value_text(v, money, per_capita))
        sentence = ctx.tr(
            "dash.sentence.ranking",
            top=top["category"],
            top_value=fmt(top["value"]),
            bottom=bottom["category"],
            bottom_value=fmt(bottom["value"]),
            n=len(data),
        )
    return ChartSpec(
        slug=slug or ("xep-hang-" + indicator.replace(".", "-")),
        title=title or ctx.tr("dash.ranking.title", label=label, year=ctx.year),
        kind="hbar",
        data=data,
        category_label=ctx.tr("dash.label.province"),
        value_label="%"
        if percent
        else (
            value_label(indicator, per_capita)
            if indicator in by_code()
            else ctx.tr("dash.unit.money")
            if money
            else (value_name or "")
        ),
        year=ctx.year,
        money=money,
        percent=percent,
        sentence=sentence,
        filters=ctx.filters_text(),
        demo=ctx.demo,
    )


# ---------------------------------------------------------------------------------------------
# Lớp học


def classes_by_type_spec(df: pd.DataFrame, ctx: Context, measure: str = "classes") -> ChartSpec:
    """The nine class types for the year, largest first (online classes are a subset, not a type)."""
    year_rows = df[df["year"] == ctx.year]
    rows = []
    for ct in CLASS_TYPES:
        code = f"classes.{ct}.{measure}"
        vals = year_rows.loc[year_rows["indicator_code"] == code, "value"]
        rows.append(
            {
                "category": class_type_label(ct),
                "series": ctx.tr(f"dash.measure.{measure}"),
                "value": float(vals.sum()) if len(vals) else np.nan,
                "indicator_code": code,
            }
        )
    data = pd.DataFrame(rows).sort_values("value", ascending=False, na_position="last").reset_index(drop=True)
    total = data["value"].sum()
    data["share"] = data["value"] / total if total else np.nan
    sentence = ""
    if total:
        top = data.iloc[0]
        sentence = ctx.tr(
            "dash.sentence.classes_top",
            year=ctx.year,
            scope=ctx.scope,
            type=top["category"],
            value=fmt_int(top["value"]),
            unit=ctx.tr(f"dash.unit.{measure}"),
            share=fmt_percent(top["share"], 1),
        )
        sentence = sentence[:1].upper() + sentence[1:]
    return ChartSpec(
        slug=f"{'so-lop' if measure == 'classes' else 'luot-nguoi-hoc'}-theo-loai",
        title=ctx.tr(f"dash.classes.by_type_{measure}", year=ctx.year),
        kind="hbar",
        data=data,
        category_label=ctx.tr("dash.label.class_type"),
        value_label=ctx.tr(f"dash.unit.{measure}"),
        year=ctx.year,
        sentence=sentence,
        filters=ctx.filters_text(),
        demo=ctx.demo,
    )


def share_by_region_spec(
    df: pd.DataFrame, ctx: Context, numerator: str, denominator: str | tuple[str, ...], slug: str, title_key: str
) -> ChartSpec:
    """A share (numerator / denominator) nationally and in each region that has data."""
    dens = (denominator,) if isinstance(denominator, str) else denominator
    year_rows = frames.with_region(df[df["year"] == ctx.year], ctx.filters.mode)
    num = year_rows[year_rows["indicator_code"] == numerator]
    den = year_rows[year_rows["indicator_code"].isin(dens)]
    rows = []
    national = ctx.tr("dash.scope.all") if not (ctx.filters.region or ctx.filters.provinces) else ctx.scope
    if den["value"].sum():
        rows.append(
            {
                "category": national,
                "series": "",
                "value": num["value"].sum() / den["value"].sum(),
                "numerator": num["value"].sum(),
                "denominator": den["value"].sum(),
            }
        )
    for r in regions():
        n = num.loc[num["region_code"] == r.code, "value"].sum()
        d = den.loc[den["region_code"] == r.code, "value"].sum()
        if d:
            rows.append({"category": r.name(), "series": "", "value": n / d, "numerator": n, "denominator": d})
    data = pd.DataFrame(rows, columns=["category", "series", "value", "numerator", "denominator"])
    sentence = ""
    if len(data):
        sentence = ctx.tr(
            f"{title_key}_sentence",
            year=ctx.year,
            scope=ctx.scope,
            share=fmt_percent(data["value"].iloc[0], 1),
        )
        sentence = sentence[:1].upper() + sentence[1:]
    return ChartSpec(
        slug=slug,
        title=ctx.tr(title_key, year=ctx.year),
        kind="bar",
        data=data,
        category_label=ctx.tr("dash.label.region"),
        value_label="%",
        year=ctx.year,
        percent=True,
        sentence=sentence,
        filters=ctx.filters_text(),
        demo=ctx.demo,
    )


def by_region_spec(df: pd.DataFrame, ctx: Context, indicator: str) -> ChartSpec:
    year_rows = frames.with_region(df[(df["year"] == ctx.year) & (df["indicator_code"] == indicator)], ctx.filters.mode)
    sums = year_rows.groupby("region_code")["value"].sum()
    data = pd.DataFrame(
        [{"category": r.name(), "series": "", "value": float(sums[r.code])} for r in regions() if r.code in sums.index],
        columns=["category", "series", "value"],
    )
    money = is_money(indicator)
    return ChartSpec(
        slug="theo-vung-" + indicator.replace(".", "-"),
        title=ctx.tr("dash.region.title", label=indicator_label(indicator), year=ctx.year),
        kind="bar",
        data=data,
        category_label=ctx.tr("dash.label.region"),
        value_label=value_label(indicator),
        year=ctx.year,
        money=money,
        filters=ctx.filters_text(),
        demo=ctx.demo,
    )


# ---------------------------------------------------------------------------------------------
# Kinh phí


def funding_by_source_spec(df: pd.DataFrame, ctx: Context) -> ChartSpec:
    """State budget and socialised funding, stacked, one bar per year."""
    rows = []
    for year in sorted(df["year"].unique()):
        for code in FUNDING_SOURCES:
            v = frames.total(df, int(year), code)
            rows.append(
                {
                    "category": str(int(year)),
                    "series": ctx.tr(f"dash.funding.{code}"),
                    "value": np.nan if v is None else v,
                    "indicator_code": code,
                }
            )
    data = pd.DataFrame(rows, columns=["category", "series", "value", "indicator_code"])
    sentence = ""
    if ctx.year is not None:
        cur = {c: frames.total(df, ctx.year, c) for c in FUNDING_SOURCES}
        tot = sum(v for v in cur.values() if v is not None)
        if tot:
            sentence = ctx.tr(
                "dash.sentence.funding",
                year=ctx.year,
                scope=ctx.scope,
                total=fmt_value(tot, money=True),
                share=fmt_percent((cur["funding.socialized"] or 0) / tot, 1),
            )
            sentence = sentence[:1].upper() + sentence[1:]
    return ChartSpec(
        slug="kinh-phi-theo-nguon",
        title=ctx.tr("dash.funding.by_source_title"),
        kind="stacked",
        data=data,
        category_label=ctx.tr("dash.label.year"),
        value_label=ctx.tr("dash.unit.money"),
        year=None,
        money=True,
        sentence=sentence,
        filters=ctx.filters_text(year=False),
        demo=ctx.demo,
    )


def funding_by_province_spec(df: pd.DataFrame, ctx: Context) -> ChartSpec:
    """The year's funding by source in each province, largest total first."""
    rows = df[(df["year"] == ctx.year) & df["indicator_code"].isin(FUNDING_SOURCES)]
    totals = rows.groupby("province_name")["value"].sum().sort_values(ascending=False)
    data = pd.DataFrame(
        {
            "category": rows["province_name"],
            "series": rows["indicator_code"].map(lambda c: t(f"dash.funding.{c}")),
            "value": rows["value"].astype("float64"),
            "province_code": rows["province_code"],
            "indicator_code": rows["indicator_code"],
        }
    )
    order = {name: i for i, name in enumerate(totals.index)}
    data = data.assign(_o=data["category"].map(order), _s=data["indicator_code"].map(FUNDING_SOURCES.index))
    data = data.sort_values(["_o", "_s"]).drop(columns=["_o", "_s"])
    return ChartSpec(
        slug="kinh-phi-theo-tinh",
        title=ctx.tr("dash.funding.by_province_title", year=ctx.year),
        kind="stacked",
        data=data.reset_index(drop=True),
        category_label=ctx.tr("dash.label.province"),
        value_label=ctx.tr("dash.unit.money"),
        year=ctx.year,
        money=True,
        filters=ctx.filters_text(),
        demo=ctx.demo,
    )


def ratio_table(
    df: pd.DataFrame, year: int, numerator: str | tuple[str, ...], denominator: str | tuple[str, ...]
) -> pd.DataFrame:
    """Per province: value = sum(numerator) / sum(denominator), for provinces with a denominator."""
    nums = (numerator,) if isinstance(numerator, str) else numerator
    dens = (denominator,) if isinstance(denominator, str) else denominator
    rows = df[df["year"] == year]
    names = rows.drop_duplicates("province_code").set_index("province_code")["province_name"]
    n = rows[rows["indicator_code"].isin(nums)].groupby("province_code")["value"].sum()
    d = rows[rows["indicator_code"].isin(dens)].groupby("province_code")["value"].sum()
    d = d[d > 0]
    out = pd.DataFrame(
        {
            "province_code": d.index,
            "province_name": d.index.map(names),
            "value": (n.reindex(d.index).fillna(0) / d).to_numpy(),
        }
    )
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Xu hướng


def trend_spec(
    df: pd.DataFrame,
    ctx: Context,
    indicator: str,
    by: str = "national",
    coverage: dict[int, tuple[int, int]] | None = None,
) -> ChartSpec:
    """One indicator over the years: the whole scope as one line ('national'), one line per
    region ('region') or per province ('provinces'). `change` is against the line's previous year.
    `coverage` (year -> provinces with a value, provinces in scope) marks the national line's
    years that not every province reported: their label says so ('18/63 tỉnh đã báo cáo'), the
    line is not called the whole scope, and no change is computed across a change of coverage."""
    rows = df[df["indicator_code"] == indicator]
    if by == "region":
        rows = frames.with_region(rows, ctx.filters.mode)
        g = rows.groupby(["year", "region"], as_index=False)["value"].sum().rename(columns={"region": "series"})
    elif by == "provinces":
        g = (
            rows.groupby(["year", "province_name"], as_index=False)["value"]
            .sum()
            .rename(columns={"province_name": "series"})
        )
    else:
        g = rows.groupby("year", as_index=False)["value"].sum()
        g["series"] = ctx.scope[:1].upper() + ctx.scope[1:]
    g = g.sort_values(["series", "year"]).reset_index(drop=True)
    g["change"] = [
        frames.change(v, p) if py == y - 1 else None
        for v, p, y, py in zip(
            g["value"],
            g.groupby("series")["value"].shift(),
            g["year"],
            g.groupby("series")["year"].shift(),
            strict=True,
        )
    ]
    partial = {y: c for y, c in (coverage or {}).items() if c[0] < c[1]} if by == "national" else {}
    if partial:
        g["series"] = ctx.tr("dash.trend.partial_series", scope=g["series"].iloc[0])
        counts = g["year"].map(lambda y: (coverage or {}).get(int(y), (0, 0))[0])
        g.loc[counts != counts.shift(), "change"] = None  # 18 provinces against 63 is no change
    g["change"] = g["change"].astype("float64")
    data = pd.DataFrame(
        {
            "category": [
                f"{int(y)} ({ctx.tr('dash.trend.coverage', n=partial[int(y)][0], total=partial[int(y)][1])})"
                if int(y) in partial
                else str(int(y))
                for y in g["year"]
            ],
            "series": g["series"],
            "value": g["value"].astype("float64"),
            "change": g["change"],
            "year": g["year"],
        }
    )
    label = indicator_label(indicator)
    money = is_money(indicator)
    sentence = ""
    if by == "national" and len(data) >= 1:
        last = data.iloc[-1]
        prev_year = int(last["year"]) - 1
        prev = data.loc[data["year"] == prev_year, "value"]
        comparable = len(prev) and not pd.isna(last["change"])
        last_cover = partial.get(int(last["year"]))
        sentence = headline_sentence(
            indicator,
            int(last["year"]),
            last["value"],
            prev_year if comparable else None,
            prev.iloc[0] if comparable else None,
            ctx.tr("dash.trend.coverage", n=last_cover[0], total=last_cover[1]) if last_cover else ctx.scope,
        )
    return ChartSpec(
        slug="xu-huong-" + indicator.replace(".", "-"),
        title=ctx.tr("dash.trend.title", label=label, mode=ctx.tr(f"dash.mode.short_{ctx.filters.mode}")),
        kind="line",
        data=data,
        category_label=ctx.tr("dash.label.year"),
        value_label=value_label(indicator),
        year=None,
        money=money,
        sentence=sentence,
        filters=ctx.filters_text(year=False),
        notes=(ctx.tr(f"dash.mode.{ctx.filters.mode}_note"),)
        + (
            (
                ctx.tr(
                    "dash.trend.coverage_note",
                    years="; ".join(
                        f"{y}: {ctx.tr('dash.trend.coverage', n=n, total=t)}" for y, (n, t) in sorted(partial.items())
                    ),
                ),
            )
            if partial
            else ()
        ),
        demo=ctx.demo,
    )
