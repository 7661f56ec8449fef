"""What units wrote, as figures: the texts filtered (year, region, provinces, sections) and
searched with Vietnamese folding ("kinh phi" finds "kinh phí"), theme tags from the keyword table
(reference.themes), how many units raise each theme by year (a ChartSpec, for the page and the
deck alike), and quote cards that name the unit, the file and the section. Pure: DataFrames in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from etl.narrative import section_label
from figures.spec import ChartSpec
from reference.admin_units import era_for_year
from reference.admin_units import provinces as all_provinces
from reference.i18n import t
from reference.regions import region_of
from reference.themes import Theme, fold, merged, theme_label, themes, themes_of

Themes = tuple[Theme, ...] | None  # the keyword table in force (None: the CSV's)
SNIPPET = 320  # characters of a quote card


def prepare(texts: pd.DataFrame, table: Themes = None) -> pd.DataFrame:
    """The warehouse rows (warehouse.narratives.current_texts) with their folded text and theme
    tags, computed once per data version so a search is a substring scan."""
    out = texts.copy()
    out["folded"] = [fold(f"{h} {b}") for h, b in zip(out["heading"], out["body"], strict=True)]
    table = table or themes()
    out["themes"] = [themes_of(f, table) for f in out["folded"]]
    return out


def select(
    texts: pd.DataFrame,
    *,
    years: Iterable[int] = (),
    region: str | None = None,
    provinces: Iterable[str] = (),
    sections: Iterable[str] = (),
    query: str = "",
    theme: str | None = None,
) -> pd.DataFrame:
    """Rows of `prepare`d texts that pass every filter given (an empty filter passes all)."""
    keep = pd.Series(True, index=texts.index)
    years, provinces, sections = set(years), set(provinces), set(sections)
    if years:
        keep &= texts["year"].isin(years)
    if region:
        regions = {y: region_of(era_for_year(int(y))) for y in texts["year"].unique()}
        inside = [regions[y].get(p) == region for y, p in zip(texts["year"], texts["province_code"], strict=True)]
        keep &= pd.Series(inside, index=texts.index, dtype=bool)
    if provinces:
        keep &= texts["province_code"].isin(provinces)
    if sections:
        keep &= texts["section_code"].isin(sections)
    q = fold(query).strip()
    if q:
        keep &= texts["folded"].str.contains(q, regex=False)
    if theme:
        keep &= texts["themes"].map(lambda tags: theme in tags)
    return texts[keep]


def theme_counts(texts: pd.DataFrame, table: Themes = None) -> pd.DataFrame:
    """(year, theme, units): how many units raise each theme, a unit counted once a year."""
    rows = [
        (y, code, u)
        for y, u, tags in zip(texts["year"], texts["unit_code"], texts["themes"], strict=True)
        for code in tags
    ]
    df = pd.DataFrame(rows, columns=["year", "theme", "unit_code"]).drop_duplicates()
    order = {th.code: i for i, th in enumerate(table or themes())}
    out = df.groupby(["year", "theme"], as_index=False)["unit_code"].nunique().rename(columns={"unit_code": "units"})
    out["ord"] = out["theme"].map(order)
    return out.sort_values(["year", "ord"]).drop(columns="ord").reset_index(drop=True)


def theme_spec(
    texts: pd.DataFrame, lang: str = "vi", demo: bool = False, filters: str = "", table: Themes = None
) -> ChartSpec:
    """Units raising each theme, one bar per year within each theme."""
    counts = theme_counts(texts, table)
    data = pd.DataFrame(
        {
            "category": [theme_label(c, lang, table) for c in counts["theme"]],
            "series": counts["year"].astype(str),
            "value": counts["units"].astype(float),
        }
    )
    return ChartSpec(
        slug="chu-de-dia-phuong-neu",
        title=t("narr.chart.title", lang),
        kind="bar",
        data=data,
        category_label=t("narr.chart.theme", lang),
        value_label=t("narr.chart.units", lang),
        filters=filters,
        demo=demo,
    )


@dataclass(frozen=True)
class Quote:
    unit: str
    province: str
    year: int
    file_name: str
    section: str
    heading: str
    text: str  # a passage of at most SNIPPET characters, around the search match if any
    themes: tuple[str, ...]


def snippet(body: str, query: str = "", width: int = SNIPPET) -> str:
    """A passage of `body` around the first match of `query` (folded), whole words, '…' where cut."""
    if len(body) <= width:
        return body
    at = 0
    q = fold(query).strip()
    if q:
        # folding keeps one character per character here (Vietnamese letters fold to one letter),
        # so a position in the folded text is a position in the body, give or take spacing
        hit = fold(body).find(q)
        at = max(0, hit - width // 3) if hit > 0 else 0
    start = body.rfind(" ", 0, at) + 1 if at else 0
    end = body.rfind(" ", start, start + width)
    end = end if end > start else start + width
    return ("…" if start else "") + body[start:end].strip() + ("…" if end < len(body) else "")


def quotes(
    texts: pd.DataFrame, query: str = "", limit: int = 30, lang: str = "vi", table: Themes = None
) -> list[Quote]:
    """Quote cards, newest year first, one per section row."""
    out = []
    for r in texts.head(limit).itertuples(index=False):
        out.append(
            Quote(
                unit=r.unit_name,
                province=r.province_name or r.province_code,
                year=int(r.year),
                file_name=r.file_name,
                section=section_label(r.section_code, lang),
                heading=r.heading,
                text=snippet(r.body, query),
                themes=tuple(theme_label(c, lang, table) for c in r.themes),
            )
        )
    return out


def texts_table(texts: pd.DataFrame, lang: str = "vi", table: Themes = None) -> pd.DataFrame:
    """The selected sections as a table for the XLSX export, headers in the reader's language."""
    out = pd.DataFrame(
        {
            t("narr.col.year", lang): texts["year"].astype(int),
            t("narr.col.province", lang): texts["province_name"].fillna(texts["province_code"]),
            t("narr.col.unit", lang): texts["unit_name"],
            t("narr.col.section", lang): [section_label(c, lang) for c in texts["section_code"]],
            t("narr.col.heading", lang): texts["heading"],
            t("narr.col.body", lang): texts["body"],
            t("narr.chart.theme", lang): [
                "; ".join(theme_label(c, lang, table) for c in tags) for tags in texts["themes"]
            ],
            t("narr.col.theme", lang): texts["theme"].fillna(""),
            t("narr.col.file", lang): texts["file_name"],
        }
    )
    return out.reset_index(drop=True)


HIGHLIGHT_SECTIONS = ("difficulties", "recommendations")


@dataclass(frozen=True)
class Highlights:
    """The briefing slide "Khó khăn và kiến nghị nổi bật": units per theme in what the year's
    reports say of difficulties and recommendations, and three quotes with their sources."""

    spec: ChartSpec
    quotes: tuple[Quote, ...]


def highlights(
    texts: pd.DataFrame,
    year: int,
    *,
    region: str | None = None,
    provinces: Iterable[str] = (),
    provinces_era: int | None = None,
    lang: str = "vi",
    demo: bool = False,
    filters: str = "",
    table: Themes = None,
) -> Highlights | None:
    """None when no report of the year (within the filters) wrote of difficulties or proposals.
    The quotes: one for each of the three themes most units raise, the shortest passage first.
    `provinces` in today's 34 codes for an earlier year (`provinces_era` 34) mean the provinces
    that merged into them; `region` is read on the year's own map."""
    provinces = tuple(provinces)
    if provinces and provinces_era == 34 and era_for_year(year) == 63:
        wanted = set(provinces)
        provinces = tuple(p.code for p in all_provinces(63) if p.code_2025 in wanted)
    chosen = select(texts, years=[year], region=region, provinces=provinces, sections=HIGHLIGHT_SECTIONS)
    if chosen.empty:
        return None
    counts = theme_counts(chosen, table).sort_values("units", ascending=False, kind="stable")
    data = pd.DataFrame(
        {
            "category": [theme_label(c, lang, table) for c in counts["theme"]],
            "series": "",
            "value": counts["units"].astype(float),
        }
    )
    top = list(counts["theme"][:3])
    sentence = (
        t(
            "narr.slide.sentence",
            lang,
            themes=", ".join(theme_label(c, lang, table) for c in top),
            units=chosen["unit_code"].nunique(),
        )
        if top
        else ""
    )
    spec = ChartSpec(
        slug="kho-khan-kien-nghi-noi-bat",
        title=t("narr.slide.title", lang),
        kind="hbar",
        data=data.reset_index(drop=True),
        category_label=t("narr.chart.theme", lang),
        value_label=t("narr.chart.units", lang),
        year=year,
        sentence=sentence,
        filters=filters,
        demo=demo,
    )
    # one passage for each of the top themes, then the shortest passages left, up to three
    by_length = chosen.loc[chosen["body"].str.len().sort_values(kind="stable").index]
    order: list = []
    for code in top:
        hit = next(
            (
                i
                for i, tags in zip(by_length.index, by_length["themes"], strict=True)
                if code in tags and i not in order
            ),
            None,
        )
        if hit is not None:
            order.append(hit)
    order += [i for i in by_length.index if i not in order]
    picked = quotes(by_length.loc[order[:3]], lang=lang, table=table)
    return Highlights(spec, tuple(picked[:3]))


def highlights_of(con, filters, year: int, era: int, scope: str = "", lang: str = "vi") -> Highlights | None:
    """`highlights` of the warehouse's current texts under a deck's filters (warehouse.filters.Filters;
    `era`: the map its provinces are coded on), for the deck page and `etl deck` alike."""
    from warehouse.narratives import current_texts, theme_overrides
    from warehouse.queries import is_demo

    table = merged(theme_overrides(con))
    return highlights(
        prepare(current_texts(con), table),
        year,
        region=filters.region,
        provinces=filters.provinces,
        provinces_era=era,
        lang=lang,
        demo=is_demo(con),
        filters=scope,
        table=table,
    )
