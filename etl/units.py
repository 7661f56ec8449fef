"""Recognise reporting units in text: the province in a title block or file name, and the
provinces, districts (before 2025) or communes named in the rows of a consolidated table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reference import admin_units as au
from reference.vntext import key, strip_diacritics, tokens

# words that announce a unit type in front of its name
_PROVINCE_TYPES = ("tinh", "thanh pho", "tp", "thu do")
_DISTRICT_TYPES = ("quan", "huyen", "thi xa", "thanh pho", "tp", "tx", "q", "h")
_COMMUNE_TYPES = ("xa", "phuong", "thi tran", "dac khu", "p", "tt")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str  # national | province | district | commune | other
    province_code: str


def national() -> Unit:
    return Unit(au.NATIONAL_CODE, au.NATIONAL_NAME, "national", au.NATIONAL_CODE)


def province_unit(p: au.Province) -> Unit:
    return Unit(p.code, p.name, "province", p.code)


@lru_cache(maxsize=4)
def _province_keys(era: int) -> dict[str, au.Province]:
    out = {}
    for p in au.provinces(era):
        for k in p.keys:
            out.setdefault(k, p)
    if era == 34:
        # a 2025 file may still name a province that was merged away: it reports for its successor
        for p in au.provinces(63):
            succ = au.province_by_code(34)[p.code_2025]
            for k in p.keys:
                out.setdefault(k, succ)
    return out


def find_province(text: str, era: int) -> au.Province | None:
    """The province a free text names ("UBND TỈNH LÀO CAI", "Sở GD&ĐT Hà Nội"), longest match."""
    if not isinstance(text, str):
        return None
    toks = tokens(text)
    keys = _province_keys(era)
    best: tuple[int, au.Province] | None = None
    for i in range(len(toks)):
        for j in range(min(len(toks), i + 6), i, -1):
            k = "".join(toks[i:j])
            p = keys.get(k)
            # a one-word key ('hue', 'hn') counts only as the whole text or after a unit type
            if p and (j - i > 1 or len(toks) == 1 or (i > 0 and toks[i - 1] in ("tinh", "tp", "pho"))
                      or len(k) >= 6):
                if best is None or j - i > best[0]:
                    best = (j - i, p)
                break
    return best[1] if best else None


def _strip_type(text: str, types: tuple[str, ...]) -> str:
    folded = " ".join(tokens(text))
    for t in sorted(types, key=len, reverse=True):
        if folded.startswith(t + " "):
            return folded[len(t) + 1:]
    return folded


def _level_hint(text: str) -> str | None:
    folded = " ".join(tokens(text))
    for t in ("thi tran", "phuong", "xa", "dac khu"):
        if folded.startswith(t + " "):
            return "commune"
    for t in ("quan", "huyen", "thi xa"):
        if folded.startswith(t + " "):
            return "district"
    return None


@lru_cache(maxsize=256)
def _sub_keys(province_code: str, era: int) -> dict[str, dict[str, au.SubUnit]]:
    """key -> sub-unit, per level; full names ('quanbadinh') and short names ('badinh')."""
    levels: dict[str, dict[str, au.SubUnit]] = {"district": {}, "commune": {}}
    if era == 63:
        for d in au.districts(province_code):
            for k in d.keys:
                levels["district"].setdefault(k, d)
    for c in au.communes(province_code, era):
        for k in c.keys:
            levels["commune"].setdefault(k, c)
    return levels


def match_sub_unit(name: str, province_code: str, era: int) -> au.SubUnit | None:
    """A district or commune of `province_code` named in a row ('Quận Ba Đình', 'Xã Tân Lập')."""
    if not isinstance(name, str) or not name.strip():
        return None
    levels = _sub_keys(province_code, era)
    hint = _level_hint(name)
    order = [hint] if hint else []
    order += [lv for lv in ("district", "commune") if lv not in order]
    full = key(name)
    for lv in order:
        hit = levels[lv].get(full)
        if hit:
            return hit
    for lv in order:
        types = _DISTRICT_TYPES if lv == "district" else _COMMUNE_TYPES
        short = key(_strip_type(name, types))
        hit = levels[lv].get(short)
        if hit:
            return hit
    return None


def match_province_row(name: str, era: int) -> au.Province | None:
    """A province named alone in a row of a national table ('Hà Nội', 'Tỉnh Bắc Kạn', 'TP.HCM')."""
    if not isinstance(name, str) or not name.strip():
        return None
    keys = _province_keys(era)
    for candidate in (key(name), key(_strip_type(name, _PROVINCE_TYPES))):
        if candidate in keys:
            return keys[candidate]
    return None


def guess_level(name: str, year: int) -> str:
    hint = _level_hint(name)
    if hint:
        return hint
    return "commune" if year >= au.MERGER_YEAR else "district"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(name)).strip("-")[:40]


def file_name_hints(file_name: str) -> list[str]:
    """Pieces of a file name to search for a unit: '2023_QuangNam_bieu_doc' -> 'Quang Nam ...'."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file_name)
    spaced = re.sub(r"(?<=[a-zà-ỹđ])(?=[A-ZÀ-ỸĐ])", " ", stem)
    return [re.sub(r"[_\-.]+", " ", spaced)]
