"""Province scopes of data officers across the 2025 merger, in one place for the permission
function (auth.roles) and the upload service (etl.submit).

A scope is an (era, code) pair. A 34-era (2025) province covers its own files from 2025 on and
the pre-2025 files of every province merged into it (an officer of today's TP. Hồ Chí Minh may
back-fill Bình Dương 2023). A 63-era grant covers only that old province's pre-2025 files: the
old province no longer reports after the merger, and its successor is larger than it was. The
era of a file is told by its year; without a year a code is read as a 34-era (current) code."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from reference import admin_units as au
from reference.i18n import t


@dataclass(frozen=True, order=True)
class Scope:
    era: int  # 63 or 34
    code: str  # 2-digit province code of that era

    def __str__(self) -> str:
        return f"{self.code}@{self.era}"


def covers(scope: Scope, province_code: str, year: int | None = None) -> bool:
    """Does one scope entry cover a file of `province_code` (a code of the era of `year`)?"""
    file_era = au.era_for_year(year) if year else 34
    if scope.era == file_era:
        return scope.code == province_code
    if scope.era == 34 and file_era == 63:
        old = au.province_by_code(63).get(province_code)
        return old is not None and old.code_2025 == scope.code
    return False  # a 63-era grant says nothing about the larger 2025 province


def parse_scope(text: str, era: int | None = None) -> Scope:
    """'79', '79@34', '74@63' -> Scope; a bare code is a 34-era code unless `era` says otherwise."""
    code, _, era_text = text.strip().partition("@")
    era = int(era_text) if era_text else (era or 34)
    code = code.strip().zfill(2)
    if era not in (63, 34) or code not in au.province_by_code(era):
        raise ValueError(t("auth.scope.unknown", code=text, era=era))
    return Scope(era, code)


def as_scope(entry: Scope | str) -> Scope:
    """A Scope, or text: '79@34', '74@63', or a bare code read in the era where it exists
    (today's code first), so a plain set of province codes works as a scope too."""
    if isinstance(entry, Scope):
        return entry
    code = entry.strip().zfill(2) if "@" not in entry else entry
    if "@" in code:
        return parse_scope(code)
    return parse_scope(code, era=34 if code in au.province_by_code(34) else 63)


def covered(province_code: str, year: int | None, scopes: Iterable[Scope | str] | None) -> bool:
    """Does any of `scopes` cover a file of `province_code` in `year`? None means every province."""
    if scopes is None:
        return True
    return any(covers(as_scope(s), province_code, year) for s in scopes)


ScopeSet = Collection["Scope | str"]  # what the upload service accepts as `allowed_provinces`


def scope_names(scopes: ScopeSet) -> str:
    """'Cà Mau, TP. Hồ Chí Minh' in Vietnamese order (a 63-era grant names the old province)."""
    from reference.vntext import collate_key

    names = {au.province_by_code(sc.era)[sc.code].name for sc in map(as_scope, scopes)}
    return ", ".join(sorted(names, key=collate_key)) or "—"
