"""What a report says: a year, a province, optionally its sub-units (districts until 2024,
communes from 2025) as rows, and whole-number values per canonical indicator (money in đồng).
`Truth.expected` is what a careful officer reads in the file: every sub-unit's values and the
province's (the sum of its sub-units when there are any), for the report year only."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from etl import units as U
from reference import admin_units as au

ROOT = Path(__file__).resolve().parents[2]
Key = tuple[int, str, str]  # (year, unit code, indicator code)

# class types and events carry two indicators each: (subject prefix, first measure, second measure)
CLASS_TYPES = ("knowledge", "life_skills", "digital", "language", "vocational", "literacy", "civic", "professional")
CLASS_TYPES += ("other", "online")
PAIRS: dict[str, tuple[str, str]] = {f"classes.{t}": ("classes", "learners") for t in CLASS_TYPES}
PAIRS |= {"events.seminars": ("count", "participants"), "events.contests": ("count", "participants")}
SINGLES = (
    "direction.documents",
    "direction.inspections",
    "institutions.participating",
    "ceremony.events",
    "ceremony.attendees",
    "outreach.banners",
    "outreach.media_items",
    "outreach.social_posts",
    "events.new_clubs",
    "reading.new_bookcases",
    "reading.events",
    "reading.visits",
    "reading.books",
    "reading.open_resources",
    "support.scholarships",
    "support.scholarship_value",
    "awards.collectives",
    "awards.individuals",
    "funding.state_budget",
    "funding.socialized",
    "participants.total",
)
MONEY = ("support.scholarship_value", "funding.state_budget", "funding.socialized")


@lru_cache(maxsize=1)
def catalog_rows() -> dict[str, dict]:
    with open(ROOT / "data" / "indicators.csv", encoding="utf-8") as f:
        return {r["code"]: r for r in csv.DictReader(f)}


def subject_of(code: str) -> str | None:
    """'classes.digital.learners' -> 'classes.digital'; None for a single indicator."""
    head, _, tail = code.rpartition(".")
    return head if head in PAIRS and tail in PAIRS[head] else None


def canonical_label(code: str) -> str:
    """The catalog's Vietnamese label; for a pair, the subject part only ('Lớp ngoại ngữ')."""
    label = catalog_rows()[code if code in catalog_rows() else f"{code}.{PAIRS[code][0]}"]["label_vi"]
    return label.rsplit(":", 1)[0].strip() if code in PAIRS else label


@dataclass
class Truth:
    year: int
    province: au.Province
    units: list[au.SubUnit] = field(default_factory=list)  # empty: the province reports as one unit
    values: dict[str, dict[str, int]] = field(default_factory=dict)  # unit code -> indicator -> value
    # rows of the province that are no sub-unit ("Các sở, ban, ngành", "Khối trường học"): label ->
    # values; the province's figure includes them when `others_in_total` (its total row says so)
    others: dict[str, dict[str, int]] = field(default_factory=dict)
    others_in_total: bool = False

    @property
    def codes(self) -> list[str]:
        seen: dict[str, None] = {}
        for vals in self.values.values():
            seen |= dict.fromkeys(vals)
        return list(seen)

    def unit_values(self, unit_code: str) -> dict[str, int]:
        return self.values.get(unit_code, {})

    def province_values(self) -> dict[str, int]:
        if not self.units:
            return dict(self.values.get(self.province.code, {}))
        out: dict[str, int] = {}
        for u in self.units:
            for code, v in self.values[u.code].items():
                out[code] = out.get(code, 0) + v
        for vals in self.others.values() if self.others_in_total else ():
            for code, v in vals.items():
                out[code] = out.get(code, 0) + v
        return out

    def expected(self) -> dict[Key, int]:
        out = {(self.year, self.province.code, c): v for c, v in self.province_values().items()}
        for u in self.units:
            out |= {(self.year, u.code, c): v for c, v in self.values[u.code].items()}
        return out


# ------------------------------------------------------------------------------ units
def province_for(rng: random.Random, year: int) -> au.Province:
    return rng.choice(au.provinces(au.era_for_year(year)))


def pick_sub_units(rng: random.Random, province: au.Province, year: int, n: int) -> list[au.SubUnit]:
    """n real sub-units (districts until 2024, communes from 2025) whose name the project's unit
    matcher finds again: the corpus measures table reading, not the spelling of place names."""
    era = au.era_for_year(year)
    pool = list(au.districts(province.code) if era == 63 else au.communes(province.code, era))
    rng.shuffle(pool)
    out: list[au.SubUnit] = []
    for sub in pool:
        if len(out) == n:
            break
        hit = U.match_sub_unit(sub.name, province.code, era)
        if hit is not None and hit.code == sub.code and not U.match_province_row(sub.name, era):
            out.append(sub)
    return sorted(out, key=lambda s: s.code)


# ------------------------------------------------------------------------------ values
def _count(rng: random.Random, lo: int, hi: int, zero_share: float = 0.08) -> int:
    return 0 if rng.random() < zero_share else rng.randint(lo, hi)


def indicator_values(rng: random.Random, codes: list[str], scale: float = 1.0) -> dict[str, int]:
    """Plausible figures: learners above classes, online a part of all classes, money in whole
    hundred thousands (it reads '12,5' in triệu đồng)."""
    out: dict[str, int] = {}
    hi = max(3, int(60 * scale))
    for code in codes:
        if code in MONEY:
            out[code] = rng.randint(1, max(2, int(3000 * scale))) * 100_000 * rng.choice((1, 10))
        elif code.endswith((".learners", ".participants")) or code in ("ceremony.attendees", "reading.visits"):
            out[code] = rng.randint(20, max(30, int(4000 * scale)))
        elif code == "participants.total":
            out[code] = rng.randint(500, max(600, int(90_000 * scale)))
        elif code == "reading.books":
            out[code] = rng.randint(50, max(60, int(20_000 * scale)))
        else:
            out[code] = _count(rng, 1, hi)
    for t in CLASS_TYPES + ("seminars", "contests"):
        prefix = f"classes.{t}" if t in CLASS_TYPES else f"events.{t}"
        a, b = (f"{prefix}.{m}" for m in PAIRS[prefix])
        if a in out and b in out:
            if out[a] == 0:
                out[b] = 0
            else:
                out[b] = max(out[b], out[a] * rng.randint(8, 40))
    # online classes are a subset of the nine types: never more than their sum
    for m in ("classes", "learners"):
        on = f"classes.online.{m}"
        if on in out:
            total = sum(out.get(f"classes.{t}.{m}", 0) for t in CLASS_TYPES if t != "online")
            out[on] = min(out[on], total // 3)
    if out.get("classes.online.classes") == 0:
        out["classes.online.learners"] = 0
    return out


def choose_codes(rng: random.Random, n_subjects: int, *, must: tuple[str, ...] = ()) -> list[str]:
    """A report's indicators: some pairs (both measures) and some single indicators, in catalog
    order; `must` subjects or codes are always in."""
    subjects = [s for s in PAIRS if s != "classes.online"]
    picked = set(rng.sample(subjects, k=min(len(subjects), max(1, n_subjects // 2))))
    singles = set(rng.sample(SINGLES, k=min(len(SINGLES), max(1, n_subjects - len(picked)))))
    if any(s.startswith("classes.") for s in picked) and rng.random() < 0.4:
        picked.add("classes.online")
    for m in must:
        (picked if m in PAIRS else singles).add(m)
    codes = []
    for code in catalog_rows():
        s = subject_of(code)
        if (s and s in picked) or code in singles:
            codes.append(code)
    return codes
