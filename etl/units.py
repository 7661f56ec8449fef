"""Recognise reporting units in text: the province in a title block or file name, and the
provinces, districts (before 2025) or communes named in the rows of a consolidated table."""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import re
import sys
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reference import admin_units as au
from reference import vntext
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


@lru_cache(maxsize=2)
def _merged_away_keys(era: int) -> dict[str, au.Province]:
    """Keys that, in the 34-province era, name a province merged away in 2025 (key -> old province)."""
    if era != 34:
        return {}
    current = {k for p in au.provinces(34) for k in p.keys}
    return {k: p for p in au.provinces(63) for k in p.keys if k not in current}


def find_province(text: str, era: int) -> au.Province | None:
    """The province a free text names ("UBND TỈNH LÀO CAI", "Sở GD&ĐT Hà Nội"), longest match."""
    found = find_province_named(text, era)
    return found[0] if found else None


def find_province_named(text: str, era: int) -> tuple[au.Province, au.Province | None] | None:
    """(province, merged-away province the text named instead, or None): a 2025 file may still
    say 'Sở GD&ĐT tỉnh Bắc Giang'; it reports for Bắc Ninh, and people must be told so."""
    if not isinstance(text, str):
        return None
    toks = tokens(text)
    keys = _province_keys(era)
    best: tuple[int, au.Province, str] | None = None
    for i in range(len(toks)):
        for j in range(min(len(toks), i + 6), i, -1):
            k = "".join(toks[i:j])
            p = keys.get(k)
            # a one-word key ('hue', 'hn') counts only as the whole text or after a unit type
            if p and (j - i > 1 or len(toks) == 1 or (i > 0 and toks[i - 1] in ("tinh", "tp", "pho")) or len(k) >= 6):
                if best is None or j - i > best[0]:
                    best = (j - i, p, k)
                break
    if best is None:
        return None
    return best[1], _merged_away_keys(era).get(best[2])


def _strip_type(text: str, types: tuple[str, ...]) -> str:
    folded = " ".join(tokens(text))
    for t in sorted(types, key=len, reverse=True):
        if folded.startswith(t + " "):
            return folded[len(t) + 1 :]
    return folded


def level_hint(text: str) -> str | None:
    folded = " ".join(tokens(text))
    for t in ("thi tran", "phuong", "xa", "dac khu"):
        if folded.startswith(t + " "):
            return "commune"
    for t in ("quan", "huyen", "thi xa"):
        if folded.startswith(t + " "):
            return "district"
    return None


@dataclass
class _SubIndex:
    """Sub-units of one level by key. `exact` keeps diacritics (Văn Lăng and Văn Lang are two
    communes of Thái Nguyên); `folded` drops them for names typed without, and is used only where
    it points at one unit."""

    exact: dict[str, au.SubUnit]
    folded: dict[str, au.SubUnit | None]  # None: several units share the folded key


def exact_key(text: str) -> str:
    return "".join(_words(text))


_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=50_000)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_word_list(text))


def _word_list(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


@lru_cache(maxsize=50_000)
def _strip_type_exact(text: str, types: tuple[str, ...]) -> str:
    words = _words(text)
    folded = [strip_diacritics(w) for w in words]
    for t in sorted(types, key=len, reverse=True):
        tw = t.split()
        if folded[: len(tw)] == tw and len(words) > len(tw):
            return "".join(words[len(tw) :])
    return "".join(words)


_SUB_QUERY = """select distinct provinceCode as p, {lv} as name, {lv}Short as short, {lv}Code as code,
       {lv}Key as k, {lv}ShortKey as sk, {lv}Keywords as kw, {lv}Alias as alias
from {table} where {lv}Code is not null order by {lv}Code"""


@lru_cache(maxsize=2)
def _era_rows(era: int) -> dict[str, list[tuple[str, dict]]]:
    """Every province's district (63-era) and commune rows of the package's table, as (level, row):
    one query per level instead of one per province (a query scans the whole table)."""
    table = "admin_units_legacy" if era == 63 else "admin_units"
    out: dict[str, list[tuple[str, dict]]] = {}
    for level, lv in (("district", "district"), ("commune", "ward")):
        if level == "district" and era != 63:
            continue
        for r in au.query(_SUB_QUERY.format(lv=lv, table=table)):
            out.setdefault(r["p"], []).append((level, r))
    return out


def _province_index(province_code: str, era: int) -> dict[str, _SubIndex]:
    """One province's sub-units per level, by full name ('quanbadinh') and short name ('badinh')
    (from `_era_index`)."""
    return _era_index(era).get(province_code) or _NO_SUB_UNITS


def _build_province_index(rows) -> dict[str, _SubIndex]:
    """The package's own keys are used instead of folding the names again."""
    out = {"district": _SubIndex({}, {}), "commune": _SubIndex({}, {})}
    for level, r in rows:
        folded = {r["k"], r["sk"], *_json_list(r["kw"])}
        if r["alias"]:
            folded |= {key(a) for a in _json_list(r["alias"])}
        u = au.SubUnit(
            code=r["code"],
            name=r["name"],
            short=r["short"],
            level=level,
            province_code=r["p"],
            keys=tuple(sorted(k for k in folded if k)),
        )
        idx = out[level]
        for k in (_exact_key_once(u.name), _exact_key_once(u.short)):
            idx.exact.setdefault(k, u)
        for k in u.keys:
            if k in idx.folded and idx.folded[k] is not None and idx.folded[k].code != u.code:
                idx.folded[k] = None
            else:
                idx.folded.setdefault(k, u)
    return out


# ------------------------------------------------------------------ every province's index, cached
# Building the index folds the keys of every district and commune of an era (~0.5 s of CPU on the
# team's machine); it is kept in a file between runs, which reads in under a tenth of that (the
# package's query alone costs more). A folder load preloads it before forking its analysis
# workers, so they share one copy.
_ERA_INDEX: dict[int, dict[str, dict[str, _SubIndex]]] = {}
_NO_SUB_UNITS = {"district": _SubIndex({}, {}), "commune": _SubIndex({}, {})}  # shared: read, never written
_CACHE_FORMAT = b"sub-unit index 1"


def _era_index(era: int) -> dict[str, dict[str, _SubIndex]]:
    """Province code -> level -> its sub-units by key, for every province of `era`."""
    if era not in _ERA_INDEX:
        _ERA_INDEX[era] = _cached_era_index(era)
    return _ERA_INDEX[era]


def preload_sub_units(eras: tuple[int, ...] = (63, 34)) -> None:
    """Every province's sub-unit index of `eras` in this process (and the processes it forks)."""
    for era in eras:
        _era_index(era)


def _cached_era_index(era: int) -> dict[str, dict[str, _SubIndex]]:
    try:
        path = cache_file(era)
    except Exception:  # no home folder, sources not readable as files: work without the file
        return _built_era_index(era)
    try:
        return _thaw(_checked(path.read_bytes()))
    except Exception:  # missing, from another version or damaged: built again
        pass
    index = _built_era_index(era)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = marshal.dumps(_freeze(index))
        tmp.write_bytes(hashlib.sha256(payload).digest() + payload)
        tmp.replace(path)  # whole or not at all, whoever else writes it at the same time
        _remove_stale(path)
    except OSError:  # a read-only or full disk: the next large load builds it again
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return index


def _built_era_index(era: int) -> dict[str, dict[str, _SubIndex]]:
    return {p: _build_province_index(rows) for p, rows in _era_rows(era).items()}


def _checked(data: bytes):
    """The index a file holds, if its checksum says it is whole and unchanged."""
    digest, payload = data[:32], data[32:]
    if hashlib.sha256(payload).digest() != digest:
        raise ValueError("damaged sub-unit index file")
    return marshal.loads(payload)


_STALE_SECONDS = 7 * 86400


def _remove_stale(current: Path) -> None:
    """Index files of other versions (another checkout may still use its own, so only those left
    untouched for a week) and leftovers of interrupted writes."""
    now = time.time()
    for old in current.parent.glob("sub_units_*"):
        if old != current and now - old.stat().st_mtime > (60 if old.suffix == ".part" else _STALE_SECONDS):
            old.unlink(missing_ok=True)


def cache_file(era: int) -> Path:
    """Named by what the index is made of (the package's data, the code that builds the keys, the
    Python whose Unicode tables fold them), so a change of any makes a new file instead of reading
    a stale one."""
    base = os.environ.get("LLW_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "llw"
    h = hashlib.sha256(_CACHE_FORMAT + str(era).encode())
    h.update(f"{sys.version_info[:2]}|{unicodedata.unidata_version}|{marshal.version}".encode())
    db = au.package_data_dir() / "dataset.db"
    st = db.stat()
    h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    for module in (sys.modules[__name__], au, vntext):
        h.update(Path(module.__file__).read_bytes())
    return Path(base) / f"sub_units_{era}_{h.hexdigest()[:20]}.marshal"


def _freeze(index: dict[str, dict[str, _SubIndex]]) -> tuple:
    """Plain tuples and dicts for `marshal` (which cannot run code when read, unlike pickle): the
    units once, and every index entry as a unit's position (-1: a key shared by several units)."""
    units: list[au.SubUnit] = []
    pos: dict[int, int] = {}

    def at(u: au.SubUnit | None) -> int:
        if u is None:
            return -1
        if id(u) not in pos:
            pos[id(u)] = len(units)
            units.append(u)
        return pos[id(u)]

    provinces = {
        p: {
            lv: ({k: at(u) for k, u in ix.exact.items()}, {k: at(u) for k, u in ix.folded.items()})
            for lv, ix in levels.items()
        }
        for p, levels in index.items()
    }
    return tuple((u.code, u.name, u.short, u.level, u.province_code, u.keys) for u in units), provinces


def _thaw(frozen: tuple) -> dict[str, dict[str, _SubIndex]]:
    rows, provinces = frozen
    units = [au.SubUnit(*r) for r in rows]
    return {
        p: {
            lv: _SubIndex(
                {k: units[i] for k, i in exact.items()}, {k: units[i] if i >= 0 else None for k, i in folded.items()}
            )
            for lv, (exact, folded) in levels.items()
        }
        for p, levels in provinces.items()
    }


def _exact_key_once(text: str) -> str:
    """`exact_key` of a name indexed once (a unit's own name): not worth a cache entry."""
    return "".join(_word_list(text))


_JSON = json.JSONDecoder()


def _json_list(text: str | None) -> list:
    return _JSON.decode(text) if text and text != "[]" else []


@lru_cache(maxsize=100_000)
def match_sub_unit(name: str, province_code: str, era: int) -> au.SubUnit | None:
    """A district or commune of `province_code` named in a row ('Quận Ba Đình', 'Xã Tân Lập')."""
    if not isinstance(name, str) or not name.strip():
        return None
    levels = _province_index(province_code, era)
    hint = level_hint(name)
    order = [hint] if hint else []
    order += [lv for lv in ("district", "commune") if lv not in order]
    types = {"district": _DISTRICT_TYPES, "commune": _COMMUNE_TYPES}
    for lv in order:  # with diacritics as typed: full name, then without its type word
        for k in (exact_key(name), _strip_type_exact(name, types[lv])):
            if k in levels[lv].exact:
                return levels[lv].exact[k]
    for lv in order:  # typed without diacritics (or differently): only where that is unambiguous
        for k in (key(name), key(_strip_type(name, types[lv]))):
            hit = levels[lv].folded.get(k)
            if hit:
                return hit
            if k in levels[lv].folded:
                return None  # names several units: not ours to guess
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


_OFFICES = (
    ("phong", "giao", "duc", "va", "dao", "tao"),
    ("phong", "giao", "duc", "dao", "tao"),
    ("phong", "gd", "dt"),
    ("phong", "gddt"),
    ("phong", "gd"),
    ("uy", "ban", "nhan", "dan"),
    ("ubnd",),
    ("tm", "ubnd"),
    # a commune's community learning centre reports the commune's Week ('TTHTCĐ xã Bản Vược')
    ("trung", "tam", "hoc", "tap", "cong", "dong"),
    ("tthtcd",),
    ("tt", "htcd"),
    ("trung", "tam", "htcd"),
    ("ttvh", "tt", "htcd"),
    ("ttvh", "tt", "va", "htcd"),
)


def strip_office(label: str) -> str | None:
    """'Phòng GD&ĐT Quận Ba Đình' -> 'Quận Ba Đình': a sub-unit named by its education office or
    people's committee. None when the label has no such prefix."""
    toks = tokens(label)
    for prefix in _OFFICES:
        if tuple(toks[: len(prefix)]) == prefix and len(toks) > len(prefix):
            m = re.match(rf"^[\W_]*(?:[^\W_]+[\W_]*){{{len(prefix)}}}", label)
            rest = label[m.end() :].strip() if m else ""
            return rest or None
    return None


def names_office_of_unit(label: str) -> bool:
    """'TTHTCĐ xã Bản Vược', 'UBND phường Kim Tân': an office or centre followed by one unit's type
    and name — a row of a list of units, not an indicator ('TTHTCĐ tham gia', 'TTHTCĐ xã, phường
    tham gia' name a count of centres)."""
    rest = strip_office(label)
    if not rest or not level_hint(rest):
        return False
    toks = tokens(rest)
    words = 2 if list(toks[:2]) in (["thi", "tran"], ["thi", "xa"], ["dac", "khu"]) else 1
    name = re.match(rf"^[\W_]*(?:[^\W_]+[\W_]*){{{words}}}", rest)
    after = rest[name.end() :] if name else ""
    # a name follows, written as names are (a capital), not a list of types or a verb
    return bool(after) and after[0].isupper() and not level_hint(after + " ")


def names_province_itself(label: str, province: au.Province) -> bool:
    """'Lào Cai', 'Tỉnh Lào Cai', 'TP. Hà Nội' (a city-province by its type): the province as a
    whole, not a district or commune that shares its name."""
    k = key(label)
    short = key(province.name)
    full = key(province.full_name)
    return k in (short, full) and (k == full or not level_hint(label))


def guess_level(name: str, year: int) -> str:
    hint = level_hint(name)
    if hint:
        return hint
    return "commune" if year >= au.MERGER_YEAR else "district"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(name)).strip("-")[:40]


def file_name_hints(file_name: str) -> list[str]:
    """Pieces of a file name to search for a unit: '2023_QuangNam_bieu_doc' -> 'Quang Nam ...'."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file_name)
    spaced = re.sub(r"(?<=[a-zà-ỹđ])(?=[A-ZÀ-ỸĐ])", " ", stem)
    spaced = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", spaced)  # 'QuangNam2023
    return [re.sub(r"[_\-.]+", " ", spaced)]
