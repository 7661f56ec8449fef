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
from reference.numberfmt import fmt_int, fmt_number

REQUIRED_SECTIONS = {
    "classes": "các lớp học",
    "funding": "kinh phí",
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
    for measure, word in (("classes", "số lớp"), ("learners", "lượt người học")):
        online = vals.get(f"classes.online.{measure}")
        parts = [vals[c] for c in catalog.class_codes(measure) if c in vals]
        if online and parts:
            total = sum(p.value for p in parts)
            if online.value > total:
                an.add(
                    "rule.online_exceeds_total",
                    "error",
                    f"{online.unit.name}: {word} trực tuyến ({fmt_int(online.value)}) lớn hơn tổng {word} của các "
                    f"loại lớp ({fmt_int(total)}).",
                    "Lớp trực tuyến là một phần của các lớp đã kê; kiểm tra lại dòng 'Trong đó: trực tuyến'.",
                    online.sheet,
                    online.cell,
                )


def _learners(an: Analysis, vals: dict[str, Value]) -> None:
    for t in catalog.CLASS_TYPES + ("online",):
        c, lrn = vals.get(f"classes.{t}.classes"), vals.get(f"classes.{t}.learners")
        if c and lrn and lrn.value < c.value:
            an.add(
                "rule.learners_below_classes",
                "warning",
                f"{lrn.unit.name}: '{catalog.by_code()[lrn.code].label_vi}' ({fmt_int(lrn.value)}) ít hơn số lớp "
                f"({fmt_int(c.value)}).",
                "Kiểm tra có nhầm cột số lớp với số lượt người học không.",
                lrn.sheet,
                lrn.cell,
            )


def _sections(an: Analysis) -> None:
    groups = {catalog.by_code()[v.code].group for v in an.values}
    for group, name in REQUIRED_SECTIONS.items():
        if an.values and group not in groups:
            an.add(
                "rule.section_missing",
                "warning",
                f"Báo cáo không có số liệu phần {name}.",
                f"Bổ sung phần {name} nếu đơn vị có tổ chức.",
                sheet=an.sheets[0] if an.sheets else "",
            )


def _jumps(an: Analysis, previous: Mapping[tuple[str, str], int]) -> None:
    for v in an.values:
        before = previous.get((v.unit.code, v.code))
        if not before or not v.value or before < 10 and v.value < 10:
            continue
        ratio = v.value / before
        if ratio > 10 or ratio < 0.1:
            an.add(
                "rule.year_jump",
                "warning",
                f"{v.unit.name}: '{catalog.by_code()[v.code].label_vi}' là {fmt_int(v.value)}, "
                + (
                    f"gấp {fmt_number(ratio, 1)} lần năm trước ({fmt_int(before)})."
                    if ratio > 10
                    else f"chưa bằng một phần mười năm trước ({fmt_int(before)})."
                ),
                "Kiểm tra đơn vị tính (đồng / nghìn / triệu) và số liệu.",
                v.sheet,
                v.cell,
            )
