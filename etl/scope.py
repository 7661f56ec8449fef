"""One definition of "inside a person's provinces" for the loader: the upload flow, an answer to a
question, a withdrawal or a revert all ask it here (etl.submit, etl.synonyms, etl.history), so
the rule is written once and no two loader modules import each other for it."""

from __future__ import annotations

from reference import admin_units as au
from reference.scopes import ScopeSet, covered, scope_names


def in_scope(province_code: str, year: int | None, allowed) -> bool:
    """A province (code of its year's era) lies inside `allowed`: province scopes (reference.scopes:
    Scope objects, '79@34', or bare codes), None for everything. A pre-2025 province is inside
    when the 2025 province it merged into is allowed."""
    return covered(province_code, year, allowed)


def scope_text(allowed) -> str:
    return scope_names(allowed) if allowed else "không có tỉnh nào"


def scope_problem(
    file_name: str,
    unit_code: str | None,
    unit_name: str | None,
    year: int | None,
    allowed: ScopeSet | None,
    province_codes: set[str] = frozenset(),
    consequence: str = "không nạp gì.",
) -> str | None:
    """The Vietnamese refusal when a file's unit (or any province its values are for) lies
    outside `allowed`; None when it is inside. `consequence` ends the sentence."""
    what = outside_names(unit_code, unit_name, year, allowed, province_codes)
    if what is None:
        return None
    return (
        f"Tệp '{file_name}' là số liệu của {what}, nằm ngoài phạm vi bạn được giao "
        f"({scope_text(allowed)}); {consequence}"
    )


def outside_names(
    unit_code: str | None, unit_name: str | None, year: int | None, allowed: ScopeSet | None, province_codes=frozenset()
) -> str | None:
    """The names of what a file covers outside `allowed` (its unit, or the provinces of its rows)."""
    if allowed is None or unit_code is None:
        return None
    codes = {unit_code} | set(province_codes)
    outside = sorted(c for c in codes if not in_scope(c, year, allowed))
    if not outside:
        return None
    if unit_code in outside:
        return unit_name or au.province_name(unit_code, year)
    return ", ".join(au.province_name(c, year) for c in outside)
