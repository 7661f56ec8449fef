"""Cases of the corpus: a truth, the variations it went through, the rendered file and what a
careful officer reads in it. Everything follows from the seed."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from variations.catalogue import BOTH, SHEETED, Context, Variation, of
from variations.layout import render
from variations.plan import Plan
from variations.truth import MONEY, Key, Truth, choose_codes, indicator_values, pick_sub_units, province_for
from variations.writers import EXTENSIONS, write

FIRST_YEAR, LAST_YEAR = 2016, 2026


@dataclass
class Case:
    seed: int
    half: str
    variations: list[Variation]
    shape: str
    fmt: str
    file_name: str
    data: bytes
    expected: dict[Key, int]
    refusal: str = ""  # words the refusal message must contain; "" when values are expected
    plan: Plan | None = field(default=None, repr=False)

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(v.category for v in self.variations))

    @property
    def names(self) -> str:
        return "+".join(v.name for v in self.variations)

    def describe(self) -> str:
        t = self.plan.truth if self.plan else None
        where = f"{t.province.name} {t.year}, {len(t.units)} đơn vị" if t else ""
        return f"#{self.seed} {self.names} ({self.shape}, {self.fmt}; {where})"


def compatible(chosen: list[Variation], v: Variation) -> bool:
    if v in chosen:
        return False
    slots = {s for c in chosen for s in c.slots}
    if slots & set(v.slots):
        return False
    shapes, formats = BOTH, frozenset(v.formats)
    for c in chosen:
        shapes, formats = shapes & c.shapes, formats & c.formats
    return bool(shapes & v.shapes) and bool(formats)


def pick(rng: random.Random, half: str, n: int, first: Variation | None = None) -> list[Variation]:
    chosen = [first] if first else []
    pool = of(half=half)
    for _ in range(40):
        if len(chosen) >= n:
            break
        v = rng.choice(pool)
        if compatible(chosen, v):
            chosen.append(v)
    return chosen


def base_truth(rng: random.Random, shape: str, year: int) -> Truth:
    province = province_for(rng, year)
    if shape == "vertical":
        codes = choose_codes(rng, rng.randint(6, 16))
        return Truth(year, province, [], {province.code: indicator_values(rng, codes)})
    units = pick_sub_units(rng, province, year, rng.randint(3, 9))
    codes = choose_codes(rng, rng.randint(3, 7))
    scale = 1 / max(1, len(units) // 2)
    return Truth(year, province, units, {u.code: indicator_values(rng, codes, scale) for u in units})


def make_case(seed: int, half: str, variations: list[Variation] | None = None, n_variations: int = 2) -> Case:
    """One file. Without `variations`, 1..n_variations are drawn from the half."""
    rng = random.Random(seed)
    chosen = list(variations) if variations is not None else pick(rng, half, rng.randint(1, n_variations))
    shapes = BOTH
    formats = frozenset(SHEETED | {"csv", "tsv"})
    for v in chosen:
        shapes, formats = shapes & v.shapes, formats & v.formats
    shape = rng.choice(sorted(shapes))
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    truth = base_truth(rng, shape, year)
    if shape == "wide" and len(truth.units) < 2:  # a province with too few matchable units: a vertical form
        shape, truth = "vertical", base_truth(rng, "vertical", year)
    plan = Plan([truth], shape, seed, money_where="title" if shape == "wide" else "dvt")
    plan.fmt = "xlsx" if "xlsx" in formats else sorted(formats)[0]
    ctx = Context(rng, half)
    for v in chosen:
        v.apply(plan, ctx)
    _without_doubt(plan)
    data = write(render(plan), plan.fmt, plan.encoding, plan.password, plan.delimiter)
    refusal = next((v.refusal for v in chosen if v.refusal), "")
    expected: dict[Key, int] = {}
    if not refusal:
        for t in plan.truths:
            expected |= t.expected()
    name = f"bieu_{seed:06d}{EXTENSIONS[plan.fmt]}"  # neither year nor unit: the file must say them
    return Case(seed, half, chosen, shape, plan.fmt, name, data, expected, refusal, plan)


def _without_doubt(plan: Plan) -> None:
    """Keep the file readable one way only. A text file has no number cells: its numbers are
    written the Vietnamese way ('1.234', '12,5'), not as Python prints floats ('12.5' reads as
    12.500). Amounts in tỷ đồng keep at most two decimals: '1,385 tỷ' could be read as 1.385 tỷ."""
    if plan.fmt in ("csv", "tsv") and plan.number_style == "number":
        plan.number_style = "text_dot"
    if plan.money_unit == "tỷ đồng":
        for t in plan.truths:
            for vals in t.values.values():
                for code in MONEY:
                    if code in vals:
                        vals[code] = max(10_000_000, round(vals[code], -7))


def cases(n: int, half: str, seed: int = 0, n_variations: int = 3) -> list[Case]:
    return [make_case(seed * 1_000_003 + i, half, n_variations=n_variations) for i in range(n)]
