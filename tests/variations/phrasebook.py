"""The phrasebook: how real reports word each indicator (phrasebook.csv: code, measure, wording,
source, half). `code` is a canonical indicator, or the subject of a pair ('classes.language')
with an empty measure, or 'classes.*' / 'events.*' with the measure its words name ('Số HV' ->
learners). A wording 'Heading > label' is written as a heading row with the label under it: the
heading is context a careful officer reads, the label alone would not say it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HALVES = ("tune", "held_out")


@dataclass(frozen=True)
class Phrase:
    code: str
    measure: str
    wording: str
    source: str
    half: str

    @property
    def key(self) -> str:
        """The plan's wording key: a code or subject, or 'measure:<m>' for a measure word."""
        return f"measure:{self.measure}" if self.code.endswith(".*") else self.code


@lru_cache(maxsize=1)
def phrases() -> tuple[Phrase, ...]:
    with open(Path(__file__).with_name("phrasebook.csv"), encoding="utf-8") as f:
        rows = tuple(Phrase(**r) for r in csv.DictReader(f))
    bad = [p for p in rows if p.half not in HALVES]
    if bad:
        raise ValueError(f"phrasebook rows without a valid half: {bad}")
    return rows


def wordings(key: str, half: str, group: str = "") -> list[str]:
    """Every wording of a plan key in one half; for a measure word, of 'classes.*' or 'events.*'."""
    out = []
    for p in phrases():
        if p.half != half or p.key != key:
            continue
        if key.startswith("measure:") and group and not p.code.startswith(group):
            continue
        out.append(p.wording)
    return out
