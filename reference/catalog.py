"""The canonical indicator catalog and the vocabulary that maps submitted labels onto it.

All of it is data in `data/`: `indicators.csv` (codes, labels, units), `stems.csv` (which code a
subject takes for each measure: classes vs learners, state budget vs socialised funding),
`label_terms.csv` (phrases for subjects, measures and total rows) and `abbreviations.csv`."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

CLASS_TYPES = (
    "knowledge",
    "life_skills",
    "digital",
    "language",
    "vocational",
    "literacy",
    "civic",
    "professional",
    "other",
)


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label_vi: str
    label_en: str
    unit_vi: str
    unit_en: str
    kind: str  # count | people | money | ratio
    derived: bool
    order: int
    parts: tuple[str, ...] = ()  # a derived total: the typed indicators it sums (column sum_of)

    @property
    def is_money(self) -> bool:
        return self.kind == "money"


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def indicators() -> tuple[Indicator, ...]:
    return tuple(
        Indicator(
            code=r["code"],
            group=r["group"],
            label_vi=r["label_vi"],
            label_en=r["label_en"],
            unit_vi=r["unit_vi"],
            unit_en=r["unit_en"],
            kind=r["kind"],
            derived=r["derived"] == "1",
            order=i,
            parts=tuple(r.get("sum_of", "").split()),
        )
        for i, r in enumerate(_rows("indicators.csv"))
    )


@lru_cache(maxsize=1)
def by_code() -> dict[str, Indicator]:
    return {i.code: i for i in indicators()}


@lru_cache(maxsize=1)
def sums() -> dict[str, tuple[str, ...]]:
    """Derived totals and the typed indicators each sums, as declared in indicators.csv (sum_of):
    the loader checks a stated total against them and the view province_values computes them."""
    return {i.code: i.parts for i in indicators() if i.parts}


def typed_codes() -> list[str]:
    """Codes a submission may carry (derived ones are computed, never typed in)."""
    return [i.code for i in indicators() if not i.derived]


@lru_cache(maxsize=1)
def stems() -> dict[str, dict[str, str]]:
    """stem -> {measure or 'default': indicator code}."""
    return {r.pop("stem"): {k: v for k, v in r.items() if v} for r in _rows("stems.csv")}


@lru_cache(maxsize=1)
def terms() -> tuple[tuple[str, str, str, int], ...]:
    """(target, kind, phrase, weight) rows: kind is stem, measure, total or filler; weight (mostly 0)
    lets a subject outrank longer phrases of another."""
    return tuple((r["target"], r["kind"], r["phrase"], int(r.get("weight") or 0)) for r in _rows("label_terms.csv"))


def synonym_phrases() -> list[tuple[str, str]]:
    return [(t, p) for t, k, p, _ in terms() if k in ("stem", "measure")]


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    return {r["abbreviation"]: r["expansion"] for r in _rows("abbreviations.csv")}


def class_codes(measure: str) -> list[str]:
    """The nine class types' codes for 'classes' or 'learners' (online excluded: it is a subset)."""
    return [f"classes.{t}.{measure}" for t in CLASS_TYPES]
