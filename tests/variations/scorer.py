"""Scores the project's real analysis (`etl.extract.analyse`) against the truth of each case.

Per value: right (loaded, equal to the truth), wrong (loaded and different, or loaded for a year,
unit or indicator the truth does not have), missing (the truth has it and it did not load: file
refused, question asked, or not read). A file with errors or with an `ask.` problem loads nothing,
so its values count as missing, never as wrong. Per file: refused (errors), asked (any problem
code starting with 'ask.'). Wrong is the figure that must stay 0."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from variations.corpus import Case
from variations.truth import Key


@dataclass
class Score:
    files: int = 0
    right: int = 0
    wrong: int = 0
    missing: int = 0
    refused: int = 0
    asked: int = 0
    expected_refusals: int = 0  # files that must be refused, and were, with the right message
    refusals_failed: int = 0  # files that must be refused and were not, or with another message
    wrong_examples: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for k in ("files", "right", "wrong", "missing", "refused", "asked", "expected_refusals", "refusals_failed"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.wrong_examples += other.wrong_examples[: max(0, 5 - len(self.wrong_examples))]

    @property
    def values(self) -> int:
        return self.right + self.missing

    @property
    def right_share(self) -> float:
        return self.right / self.values if self.values else 1.0


def loaded(analysis) -> dict[Key, int]:
    """What the analysis would load: (year, unit code, indicator) -> value. A value may carry its
    own year (a workbook of several years' sheets); otherwise it is the file's year."""
    out: dict[Key, int] = {}
    for v in analysis.values:
        year = getattr(v, "year", None) or analysis.year
        out[(year, v.unit.code, v.code)] = v.value
    return out


def analyses_of(result) -> list:
    """`analyse` returns one Analysis today; a list of them (one per year sheet) is accepted too."""
    return list(result) if isinstance(result, list | tuple) else [result]


def score(case: Case, result) -> Score:
    s = Score(files=1)
    parts = analyses_of(result)
    errors = [p for a in parts for p in a.errors]
    asked = [p for a in parts for p in a.problems if p.code.startswith("ask.")]
    s.refused, s.asked = int(bool(errors)), int(bool(asked))
    if case.refusal:
        said = " ".join(p.message for p in errors).lower()
        ok = bool(errors) and case.refusal in said
        s.expected_refusals, s.refusals_failed = int(ok), int(not ok)
    got: dict[Key, int] = {}
    if not errors and not asked:
        for a in parts:
            got |= loaded(a)
    for key, want in case.expected.items():
        if key not in got:
            s.missing += 1
        elif got[key] == want:
            s.right += 1
        else:
            s.wrong += 1
            s.wrong_examples.append(f"{case.describe()}: {key} = {got[key]}, đúng là {want}")
    for key in got.keys() - case.expected.keys():
        s.wrong += 1
        s.wrong_examples.append(f"{case.describe()}: {key} = {got[key]}, tệp không có giá trị này")
    return s


def run(case: Case) -> Score:
    """The file as `etl load` reads it: every submission it holds (one per year of a workbook with
    a sheet per year)."""
    from etl.extract import analyse_parts

    return score(case, analyse_parts(case.file_name, case.data))


@dataclass
class Report:
    """Scores by half, by (half, category) and by (half, variation)."""

    halves: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    categories: dict[tuple[str, str], Score] = field(default_factory=lambda: defaultdict(Score))
    variations: dict[tuple[str, str], Score] = field(default_factory=lambda: defaultdict(Score))
    # (half, variation) -> (number of variations of the file, a wrong value): files with fewer
    # variations say more plainly which one the loader misread
    examples: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)

    def add(self, case: Case, s: Score) -> None:
        self.halves[case.half].add(s)
        for c in case.categories:
            self.categories[(case.half, c)].add(s)
        for v in case.variations:
            self.variations[(case.half, v.name)].add(s)
            k = (case.half, v.name)
            if s.wrong_examples and (k not in self.examples or len(case.variations) < self.examples[k][0]):
                self.examples[k] = (len(case.variations), s.wrong_examples[0])

    def examples_of(self, half: str) -> list[str]:
        return [e for (h, _), (_, e) in sorted(self.examples.items()) if h == half]
