"""Consistency rules of REPORT_FORM.md, as pure functions from values to problems.

Errors block a load: online classes (or learners) above all classes. Warnings are shown:
learners fewer than classes, a whole section missing, a value more than ten times (or less than
a tenth of) the same unit's previous year. Number, year and unit errors are raised earlier, where
the cell is read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from etl.extract import Analysis, Value
from reference import catalog
from reference.problems import Text

_MEASURE_WORDS = {"classes": "word.classes", "learners": "word.learners"}  # the registry's words

# a group of the catalog -> the registry's word for it
REQUIRED_SECTIONS = {
    "classes": "word.section_classes",
    "funding": "word.section_funding",
}


def validate(an: Analysis, previous: Mapping[tuple[str, str], int] | None = None) -> None:
    """Append rule problems to the analysis. `previous`: (unit_code, code) -> last year's value."""
    by_unit: dict[str, dict[str, Value]] = defaultdict(dict)
    for v in an.values:
        by_unit[v.unit.code][v.code] = v
    for vals in by_unit.values():
        _online(an, vals)
        _learners(an, vals)
    _sections(an)
    if previous:
        _jumps(an, previous)


def _online(an: Analysis, vals: dict[str, Value]) -> None:
    for measure in ("classes", "learners"):
        online = vals.get(f"classes.online.{measure}")
        parts = [vals[c] for c in catalog.class_codes(measure) if c in vals]
        if online and parts:
            total = sum(p.value for p in parts)
            if online.value > total:
                an.add(
                    "rule.online_exceeds_total",
                    online.sheet,
                    online.cell,
                    unit=online.unit.name,
                    measure=Text(_MEASURE_WORDS[measure]),
                    online=online.value,
                    total=total,
                )


def _learners(an: Analysis, vals: dict[str, Value]) -> None:
    for t in catalog.CLASS_TYPES + ("online",):
        c, lrn = vals.get(f"classes.{t}.classes"), vals.get(f"classes.{t}.learners")
        if c and lrn and lrn.value < c.value:
            an.add(
                "rule.learners_below_classes",
                lrn.sheet,
                lrn.cell,
                unit=lrn.unit.name,
                indicator=lrn.code,
                learners=lrn.value,
                classes=c.value,
            )


def _sections(an: Analysis) -> None:
    groups = {catalog.by_code()[v.code].group for v in an.values}
    for group in REQUIRED_SECTIONS:
        if an.values and group not in groups:
            an.add(
                "rule.section_missing", sheet=an.sheets[0] if an.sheets else "", section=Text(REQUIRED_SECTIONS[group])
            )


def _jumps(an: Analysis, previous: Mapping[tuple[str, str], int]) -> None:
    for v in an.values:
        before = previous.get((v.unit.code, v.code))
        if not before or not v.value or before < 10 and v.value < 10:
            continue
        ratio = v.value / before
        if ratio > 10 or ratio < 0.1:
            change = Text(
                "rule.year_jump.up" if ratio > 10 else "rule.year_jump.down", {"ratio": ratio, "before": before}
            )
            an.add(
                "rule.year_jump",
                v.sheet,
                v.cell,
                unit=v.unit.name,
                indicator=v.code,
                value=v.value,
                change=change,
            )
