"""The filters every dashboard page shares, as a plain value that survives a URL.

`Filters` is what a reader chose in the sidebar: the year, whether earlier years are shown as
reported or re-aggregated onto today's 34 provinces, a region, some provinces, an indicator,
counts or per 1,000 inhabitants, and the language. `to_query_params` / `from_query_params` turn
it into URL parameters and back, so a copied link reproduces the view; a parameter that makes no
sense (an unknown indicator, a malformed province code) falls back to its default rather than
failing. No Streamlit here: the CLI and the slide export build the same value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Literal

from reference.admin_units import MERGER_YEAR, era_for_year

Mode = Literal["reported", "today34"]
MODES: tuple[str, ...] = ("reported", "today34")
DEFAULT_INDICATOR = "classes.total.classes"


@dataclass(frozen=True)
class Filters:
    year: int | None = None  # None: the latest year in the warehouse
    mode: Mode = "reported"  # 'reported' (63 before 2025, 34 after) or 'today34'
    region: str | None = None  # a region code from data/regions.csv, None: whole country
    provinces: tuple[str, ...] = ()  # province codes of the era shown; () means all
    indicator: str = DEFAULT_INDICATOR
    per_capita: bool = False  # per 1,000 inhabitants where population is loaded
    lang: str = "vi"

    def era_for(self, year: int | None) -> int:
        """The map era a year is shown on under this view."""
        if self.mode == "today34" or year is None:
            return 34
        return era_for_year(year)

    @property
    def era(self) -> int:
        return self.era_for(self.year if self.year is not None else MERGER_YEAR)

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    def to_query_params(self) -> dict[str, str]:
        """Only what differs from the defaults, so links stay short."""
        out: dict[str, str] = {}
        default = Filters()
        for name, value in asdict(self).items():
            if value == getattr(default, name):
                continue
            if name == "provinces":
                out[name] = ",".join(value)
            elif name == "per_capita":
                out[name] = "1"
            else:
                out[name] = str(value)
        return out

    @classmethod
    def from_query_params(cls, params: Mapping[str, object]) -> Filters:
        def first(name: str) -> str | None:
            v = params.get(name)
            if isinstance(v, (list, tuple)):
                v = v[0] if v else None
            return None if v is None else str(v).strip()

        kw: dict = {}
        year = first("year")
        if year and year.isdigit() and 2000 <= int(year) <= 2100:
            kw["year"] = int(year)
        if first("mode") in MODES:
            kw["mode"] = first("mode")
        region = first("region")
        if region:
            from reference.regions import by_code as regions_by_code

            if region in regions_by_code():
                kw["region"] = region
        provinces = first("provinces")
        if provinces:
            codes = [c.strip() for c in provinces.split(",")]
            kw["provinces"] = tuple(dict.fromkeys(c.zfill(2) for c in codes if c.isdigit() and len(c) <= 2))
        indicator = first("indicator")
        if indicator:
            from reference.catalog import by_code as indicators_by_code

            if indicator in indicators_by_code():
                kw["indicator"] = indicator
        if first("per_capita") in ("1", "true", "True"):
            kw["per_capita"] = True
        if first("lang") in ("vi", "en"):
            kw["lang"] = first("lang")
        return cls(**kw)


def province_scope(f: Filters) -> dict[int, tuple[str, ...] | None]:
    """Which province codes the view covers on each map: {63: codes or None, 34: codes or None}
    (None: every province). Chosen provinces are codes of `f.era`; on the other era they become
    the provinces they merged into (63 -> 34) or were formed from (34 -> 63), so a trend of a
    chosen province stays about the same land. A region uses its own membership on each map."""
    from reference.admin_units import provinces as provinces_of
    from reference.regions import provinces_in

    if f.provinces:
        chosen = tuple(f.provinces)
        if f.era == 34:
            olds = tuple(p.code for p in provinces_of(63) if p.code_2025 in chosen)
            return {63: olds, 34: chosen}
        by63 = {p.code: p.code_2025 for p in provinces_of(63)}
        return {63: chosen, 34: tuple(sorted({by63[c] for c in chosen if c in by63}))}
    if f.region:
        return {63: tuple(provinces_in(f.region, 63)), 34: tuple(provinces_in(f.region, 34))}
    return {63: None, 34: None}
