"""Provinces (63 until 30 June 2025, 34 from 1 July 2025), their 2025 successors, and the
districts and communes below them, all read from the `vietnamadminunits` package.

Codes are the national statistical codes (2 digits for a province, 3 for a pre-2025 district,
5 for a commune). Every 2025 merger was of whole provinces, so each pre-2025 province has exactly
one 2025 province (`code_2025`)."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reference.vntext import key

MERGER_YEAR = 2025  # the first Week reported on the 34-province map
NATIONAL_CODE = "00"
NATIONAL_NAME = "Toàn quốc"

# Display names where the package's short name is not how the Ministry writes it.
_DISPLAY = {"79": "TP. Hồ Chí Minh"}
# Names people still type that the package does not carry as aliases.
_EXTRA_ALIASES = {
    "46": ["Thừa Thiên Huế", "TT Huế", "TTHuế"],
    "79": ["TP HCM", "TPHCM", "Sài Gòn", "Thành phố Hồ Chí Minh"],
    "77": ["BR-VT", "BRVT", "Bà Rịa Vũng Tàu"],
    "66": ["Đắc Lắc", "Đắk Lắc", "Dak Lak", "Daklak"],
    "67": ["Đắc Nông", "Dak Nong"],
    "01": ["Thủ đô Hà Nội"],
}


@dataclass(frozen=True)
class Province:
    code: str
    name: str  # display name, e.g. "Hà Nội"
    full_name: str  # e.g. "Thành phố Hà Nội"
    era: int  # 63 or 34
    code_2025: str
    keys: tuple[str, ...] = field(default=(), repr=False)  # matching keys


@dataclass(frozen=True)
class SubUnit:
    code: str
    name: str  # with its type, e.g. "Quận Ba Đình"
    short: str  # "Ba Đình"
    level: str  # "district" or "commune"
    province_code: str
    keys: tuple[str, ...] = field(default=(), repr=False)


@lru_cache(maxsize=1)
def package_data_dir() -> Path:
    """The data folder of the installed `vietnamadminunits` package, found without importing it:
    the package's `__init__` loads its address parser (0.7–1.6 s per process), and only its data
    files (an SQLite database and the 2025 converter table) are needed here."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed (see requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def query(sql: str, params: tuple | list = ()) -> list[dict]:
    """Rows of the package's administrative-unit database (read only), as dicts, like the
    package's own `vietnamadminunits.database.query`, with parameters."""
    uri = (package_data_dir() / "dataset.db").as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params).fetchall()]


def era_for_year(year: int) -> int:
    return 34 if year >= MERGER_YEAR else 63


def _aliases(row: dict) -> list[str]:
    raw = row.get("provinceAlias")
    return json.loads(raw) if raw else []


@lru_cache(maxsize=1)
def _successors() -> dict[str, str]:
    """63-era province key -> 34-era province key, from the package's converter table (the
    `DICT_PROVINCE` of `vietnamadminunits.converter.converter_2025`)."""
    with open(package_data_dir() / "converter_2025.json", encoding="utf-8") as f:
        dict_province = json.load(f)["DICT_PROVINCE"]
    return {old: new for new, olds in dict_province.items() for old in olds}


@lru_cache(maxsize=2)
def provinces(era: int) -> tuple[Province, ...]:
    if era not in (63, 34):
        raise ValueError(f"era must be 63 or 34, not {era}")
    table = "admin_units_legacy" if era == 63 else "admin_units"
    rows = query(
        "select distinct province, provinceShort, provinceCode, provinceKey, provinceAlias "
        f"from {table} order by provinceCode"
    )
    new_code_by_key = {
        r["provinceKey"]: r["provinceCode"] for r in query("select distinct provinceKey, provinceCode from admin_units")
    }
    succ = _successors()
    out = []
    for r in rows:
        code = r["provinceCode"]
        code_2025 = code if era == 34 else new_code_by_key[succ[r["provinceKey"]]]
        names = [r["provinceShort"], r["province"], *_EXTRA_ALIASES.get(code, [])]
        keys = {key(n) for n in names} | {key(a) for a in _aliases(r)}
        out.append(
            Province(
                code=code,
                name=_DISPLAY.get(code, r["provinceShort"]),
                full_name=r["province"],
                era=era,
                code_2025=code_2025,
                keys=tuple(sorted(k for k in keys if k)),
            )
        )
    return tuple(out)


@lru_cache(maxsize=2)
def province_by_code(era: int) -> dict[str, Province]:
    return {p.code: p for p in provinces(era)}


def province_name(code: str, year: int | None = None) -> str:
    era = era_for_year(year) if year else 34
    p = province_by_code(era).get(code) or province_by_code(63 if era == 34 else 34).get(code)
    return p.name if p else code


@lru_cache(maxsize=128)
def districts(province_code: str) -> tuple[SubUnit, ...]:
    """Districts of a pre-2025 province (district level was abolished in July 2025)."""
    rows = query(
        "select distinct district, districtShort, districtType, districtCode, districtAlias "
        "from admin_units_legacy where provinceCode = ? and districtCode is not null order by districtCode",
        (f"{province_code:0>2.2}",),
    )
    return tuple(
        _sub(r["districtCode"], r["district"], r["districtShort"], r.get("districtAlias"), "district", province_code)
        for r in rows
    )


@lru_cache(maxsize=128)
def communes(province_code: str, era: int) -> tuple[SubUnit, ...]:
    table = "admin_units_legacy" if era == 63 else "admin_units"
    rows = query(
        "select distinct ward, wardShort, wardCode, wardAlias "
        f"from {table} where provinceCode = ? and wardCode is not null order by wardCode",
        (f"{province_code:0>2.2}",),
    )
    return tuple(
        _sub(r["wardCode"], r["ward"], r["wardShort"], r.get("wardAlias"), "commune", province_code) for r in rows
    )


def _sub(code, name, short, alias, level, province_code) -> SubUnit:
    names = [name, short] + (json.loads(alias) if alias else [])
    return SubUnit(
        code=code,
        name=name,
        short=short,
        level=level,
        province_code=province_code,
        keys=tuple(sorted({key(n) for n in names if n})),
    )


def merger_table() -> dict[str, list[str]]:
    """2025 province code -> the pre-2025 province codes it was formed from."""
    out: dict[str, list[str]] = {}
    for p in provinces(63):
        out.setdefault(p.code_2025, []).append(p.code)
    return out
