"""The six socio-economic regions (vùng kinh tế - xã hội) and the provinces in each, for the
63-province map (until 30 June 2025) and the 34-province map (from 1 July 2025), read from
data/regions.csv. The 63-province split follows the national master plan 2021–2030 (Nghị quyết
81/2023/QH15 and the six regional plans of 2024); every 34-era province is placed in one region."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reference.i18n import language

REGIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "regions.csv"


@dataclass(frozen=True)
class Region:
    code: str
    name_vi: str
    name_en: str

    def name(self) -> str:
        return self.name_en if language() == "en" else self.name_vi


@lru_cache(maxsize=1)
def _rows() -> tuple[dict, ...]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """The six regions, north to south."""
    seen: dict[str, Region] = {}
    for r in _rows():
        seen.setdefault(r["region_code"], Region(r["region_code"], r["region_vi"], r["region_en"]))
    return tuple(seen.values())


@lru_cache(maxsize=1)
def by_code() -> dict[str, Region]:
    return {r.code: r for r in regions()}


@lru_cache(maxsize=2)
def region_of(era: int) -> dict[str, str]:
    """province code -> region code, for one era."""
    return {r["province_code"]: r["region_code"] for r in _rows() if int(r["era"]) == era}


def provinces_in(region: str, era: int) -> list[str]:
    """Province codes of a region on the given era's map, in code order."""
    return sorted(c for c, r in region_of(era).items() if r == region)
