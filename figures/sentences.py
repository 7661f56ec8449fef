"""The key sentence a leader reads aloud under a figure, in Vietnamese or English:

    headline_sentence("classes.total.classes", 2024, 45210, 2023, 42571, "cả nước")
    -> "Năm 2024 cả nước tổ chức 45.210 lớp học, tăng 6,2% so với năm 2023."

Texts are templates in data/i18n/dashboard.csv (dash.sentence.*), numbers in the reader's
language format."""

from __future__ import annotations

from collections.abc import Sequence

from figures.frames import change
from figures.locale import fmt_int, fmt_percent, fmt_value, indicator_label, indicator_unit, is_money
from reference.i18n import t
from reference.regions import by_code as regions_by_code

# Headline indicators with their own wording; any other indicator uses dash.sentence.generic.
SENTENCE_KEYS = {
    "classes.total.classes": "dash.sentence.classes",
    "classes.total.learners": "dash.sentence.learners",
    "participants.total": "dash.sentence.participants",
    "ceremony.events": "dash.sentence.ceremonies",
    "funding.state_budget": "dash.sentence.state_budget",
    "funding.socialized": "dash.sentence.socialized",
    "funding.total": "dash.sentence.funding_total",
    "provinces.reported": "dash.sentence.provinces",
}


def scope_phrase(region: str | None = None, province_names: Sequence[str] = ()) -> str:
    """'cả nước', 'vùng Tây Nguyên', 'Hà Nội, Huế' (more than three: 'N tỉnh đã chọn')."""
    if province_names:
        if len(province_names) <= 3:
            return ", ".join(province_names)
        return t("dash.scope.n_provinces", n=fmt_int(len(province_names)))
    if region:
        return t("dash.scope.region", region=regions_by_code()[region].name())
    return t("dash.scope.national")


def change_clause(current, previous, previous_year: int | None) -> str:
    """', tăng 6,2% so với năm 2023.' / ', giảm …' / ', bằng năm 2023.' / '.'"""
    rel = change(current, previous)
    if previous_year is None or rel is None:
        return t("dash.sentence.end")
    if abs(rel) < 0.0005:
        return t("dash.sentence.same", prev=previous_year)
    key = "dash.sentence.up" if rel > 0 else "dash.sentence.down"
    return t(key, pct=fmt_percent(abs(rel), 1), prev=previous_year)


def headline_sentence(
    code: str,
    year: int,
    value,
    previous_year: int | None = None,
    previous=None,
    scope: str | None = None,
) -> str:
    """One sentence for one figure of one year, with its change against the previous year."""
    scope = scope or t("dash.scope.national")
    money = code in _catalog_codes() and is_money(code)
    shown = fmt_value(value, money=money)
    key = SENTENCE_KEYS.get(code, "dash.sentence.generic")
    label = unit = ""
    if key == "dash.sentence.generic":
        label, unit = indicator_label(code), ("" if money else indicator_unit(code))
    head = t(key, year=year, scope=scope, value=shown, label=label, unit=unit).replace("  ", " ").strip()
    return _capitalise(head) + change_clause(value, previous, previous_year)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _catalog_codes() -> set[str]:
    from reference.catalog import by_code

    return set(by_code())
