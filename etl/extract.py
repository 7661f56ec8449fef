"""Analyse one submitted file: which year, which reporting unit, which values for which units,
and every problem found, without touching the warehouse. `check` and the upload page show this;
`load` writes it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from etl import units as U
from etl.crosscheck import check_text_figures
from etl.encodings import convert
from etl.narrative import Section, sections_of
from etl.numbers import parse_cell, plain_number
from etl.read import WORD_TYPES, ReadError, Workbook, read_bytes
from etl.roles import (
    PREVIOUS,
    Role,
    group_label,
    group_numbered,
    part_label,
    period_reason,
    province_body,
    sums_block,
)
from etl.separators import ambiguous_mark, convention, reads_as_decimal
from etl.tables import Record, Table, best_table, tables_of
from etl.turned import relabel_turned
from etl.word import relabel_positions
from reference import admin_units as au
from reference import catalog
from reference.cells import a1
from reference.problems import Option, Problem, Text
from reference.vntext import strip_diacritics

FIRST_YEAR = 2014  # the first Lifelong Learning Week


@dataclass
class Value:
    unit: U.Unit
    code: str
    value: int
    sheet: str
    cell: str
    raw: str
    label: str
    derived: bool = False  # a province figure summed from its sub-units' rows

    def __reduce__(self):
        # analysis workers send their values back pickled: as a tuple of fields, a value loads
        # about five times faster than from the default attribute dict
        return Value, (self.unit, self.code, self.value, self.sheet, self.cell, self.raw, self.label, self.derived)


@dataclass
class Analysis:
    file_name: str
    file_hash: str
    year: int | None = None
    year_source: Text | str = ""  # where the year was read (a registry text: source.*)
    unit: U.Unit | None = None
    unit_source: Text | str = ""
    shape: str = ""
    sheets: list[str] = field(default_factory=list)
    encoding: str = ""
    values: list[Value] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unmapped: list[dict] = field(default_factory=list)  # labels with numbers that map to nothing
    tables: list[Table] = field(default_factory=list, repr=False)  # the tables read, with their roles
    part_years: list[int] = field(default_factory=list)  # a workbook with a sheet per year: its years
    narrative: list[Section] = field(default_factory=list)  # a Word report's text, by outline section
    caption_rows: dict[str, int] = field(default_factory=dict)  # a Word report's: rows above each table
    turns: dict[str, object] = field(default_factory=dict)
    number_convention: str | None = field(
        default=None, repr=False
    )  # etl.separators: "vi", "en", "" (none)  # sheets whose table was read turned back (etl.turned)

    def __getstate__(self) -> dict:
        # analysis workers send analyses back pickled: the tables read (whole sheets) stay behind,
        # as only the process that shows the reading (check --explain, the upload page) needs them
        return {**self.__dict__, "tables": []}

    @property
    def questions(self) -> list[Problem]:
        return [p for p in self.problems if p.is_question]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def province_values(self) -> list[Value]:
        return [v for v in self.values if v.unit.level == "province"]

    def stored_values(self) -> list[Value]:
        """The values the warehouse keeps: a province's sum of its sub-units is shown here for
        checking, but the warehouse sums sub-units itself (view province_values), across files."""
        return [v for v in self.values if not v.derived]

    def add(self, code: str, sheet: str = "", cell: str = "", options: tuple[Option, ...] = (), **params) -> None:
        """A problem of this file: its code (registry data/i18n/problems.csv), position, parameters."""
        self.problems.append(Problem(code, params, self.file_name, sheet, cell, tuple(options)))


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------------------ year
_YEAR_PATTERNS = [
    re.compile(r"nam hoc\s*(20\d\d)\s*[-–/]\s*20\d\d"),  # school year 2023-2024: the Week is in Oct 2023
    re.compile(r"(?:nam|tuan le[^0-9]{0,60})\s*(20\d\d)(?!\s*[-–/]\s*20\d\d)"),
    re.compile(r"(?<![\d/])(20\d\d)(?![\d/])"),
]
_DATE = re.compile(r"(?:ngay\s*)?\d{1,2}\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(20\d\d)")


def _year_in_text(texts: list[tuple[str, str, str]]) -> tuple[int, str, str] | None:
    """(year, sheet, cell) from title texts given as (text, sheet, cell)."""
    folded = [(" ".join(strip_diacritics(t).split()), sh, c) for t, sh, c in texts if t]
    for rx in _YEAR_PATTERNS[:2]:
        for t, sh, c in folded:
            m = rx.search(t)
            if m:
                return int(m.group(1)), sh, c
    for t, sh, c in folded:  # a report date: the Week is in October, reports follow within weeks
        m = _DATE.search(t)
        if m:
            month, year = int(m.group(1)), int(m.group(2))
            return (year if month >= 9 else year - 1), sh, c
    return None


def _title_cells(table: Table) -> list[tuple[str, str, str]]:
    """Every text above the table's header, then the sheet name, as (text, sheet, cell): what the
    title says comes first (a sheet copied from last year keeps the name 'Năm 2023' under a title
    that says 2024)."""
    top = table.header_rows[0]
    name = table.sheet.name
    out = [(t, name, "") for t in table.sheet.heading]  # a Word report's letterhead and date line
    for r in table.title_rows if table.title_rows is not None else range(0, top):
        out += [(v, name, a1(r, c)) for c, v in enumerate(table.sheet.rows[r]) if isinstance(v, str)]
    return out + [(name, name, "")]


def _title_texts(table: Table) -> list[str]:
    return [t for t, _, _ in _title_cells(table)]


# ------------------------------------------------------------------------------ analysis
def part_hash(data: bytes, year: int) -> str:
    """The identity of one year's part of a workbook that holds several years: loading the same
    file again finds each part already there, and each part is a submission of its own."""
    return hashlib.sha256(data + f"\x00year={year}".encode()).hexdigest()


def _table_year(t: Table) -> int | None:
    hit = _year_in_text(_title_cells(t))
    return hit[0] if hit else None


def _year_parts(tables: list[Table]) -> dict[int, list[Table]]:
    """A workbook with one sheet per year ('2023', '2024', each titled with its year): every table
    states a year and at least two years are stated. Else {} (one report, one year)."""
    if len(tables) < 2:
        return {}  # the usual file: one table, one report
    years = {id(t): _table_year(t) for t in tables}
    if None in years.values() or len(set(years.values())) < 2:
        return {}
    parts: dict[int, list[Table]] = {}
    for t in tables:
        parts.setdefault(years[id(t)], []).append(t)
    return parts


_PLAN_TITLE = re.compile(r"^ke hoach\b(?!\s*(?:so|:)?\s*\d)")
_REPORT_TITLE = re.compile(r"^(?:bao cao|ket qua|bang tong hop|tong hop|bieu tong hop|so lieu)\b")


def plan_title(t: Table) -> str:
    """The cell of a title "KẾ HOẠCH tổ chức Tuần lễ … năm 2024" above a table: what a province
    means to do, not what it did ("" when none). "Thực hiện Kế hoạch số 45/KH-UBND …" and
    "Báo cáo kết quả …" are reports."""
    titles = [(" ".join(strip_diacritics(x).split()).lower(), cell) for x, _, cell in _title_cells(t) if cell]
    if any(_REPORT_TITLE.match(x) for x, _ in titles):
        return ""
    return next((cell for x, cell in titles if _PLAN_TITLE.match(x)), "")


_COMPARISON_TITLE = re.compile(r"(?:^|\W)(?:de so sanh|nam truoc de|so lieu nam truoc|cung ky nam truoc)(?:\W|$)")


def comparison_title(t: Table) -> str:
    """The cell of a title that says the table is last year's figures, given beside this year's
    to compare ("… (số liệu năm trước để so sánh)"): "" when none."""
    titles = [(" ".join(strip_diacritics(x).split()).lower(), cell) for x, _, cell in _title_cells(t) if cell]
    return next((cell for x, cell in titles if _COMPARISON_TITLE.search(x)), "")


def _set_plans_aside(an: Analysis, tables: list[Table]) -> list[Table]:
    """A plan sheet is never a report part: its numbers are targets. Set aside with a warning, or,
    when the file holds nothing else, refused with why (never loaded as results). So is a sheet of
    last year's figures given to compare, when the file holds this year's too (alone, it is a
    report of that year)."""
    plans = {id(t): plan_title(t) for t in tables}
    kept = [t for t in tables if not plans[id(t)]]
    compared = {id(t): comparison_title(t) for t in kept}
    if any(compared.values()) and not all(compared.values()):
        for t in kept:
            if compared[id(t)]:
                an.add("sheet.comparison_skipped", t.sheet.name, compared[id(t)], sheet_name=t.sheet.name)
        kept = [t for t in kept if not compared[id(t)]]
    if len(kept) == len(tables):
        return tables
    for t in tables:
        if plans[id(t)]:
            an.add(
                "sheet.plan_skipped" if kept else "file.plan_only", t.sheet.name, plans[id(t)], sheet_name=t.sheet.name
            )
    return kept


def analyse_parts(file_name: str, data: bytes, **kw) -> list[Analysis]:
    """Every submission a file holds: one analysis, or one per year for a workbook with a sheet (or
    table) per year. `load` loads them all; `analyse` alone asks which year to take."""
    first = analyse(file_name, data, **kw)
    years = first.part_years
    if not years or (kw.get("prefer_given") and kw.get("year")):
        return [first]
    return [analyse(file_name, data, **{**kw, "year": y, "prefer_given": True, "part": True}) for y in years]


def analyse(file_name: str, data: bytes, **kw) -> Analysis:
    """See `_analyse`. A Word report's positions read "Bảng 2, dòng 5, cột 3", not A1 addresses."""
    an = _analyse(file_name, data, **kw)
    if an.turns:
        relabel_turned(an, an.turns)
    if Path(file_name).suffix.lower() in WORD_TYPES:
        relabel_positions(an, an.caption_rows)
        check_text_figures(an)
    return an


def _analyse(
    file_name: str,
    data: bytes,
    *,
    year: int | None = None,
    unit: str | None = None,
    learned: Mapping[str, str] | None = None,
    today: dt.date | None = None,
    max_bytes: int | None = None,
    prefer_given: bool = False,
    part: bool = False,
) -> Analysis:
    """`year`/`unit` are a fallback for what the file does not say; with `prefer_given` they win
    over what the file says (an officer correcting a wrong detection), with a warning that says so.
    A workbook with a sheet per year is one submission per year: with `prefer_given` and one of its
    years (or `part`, from `analyse_parts`), the analysis is that year's part."""
    an = Analysis(file_name, file_hash(data))
    try:
        wb = read_bytes(file_name, data, **({"max_bytes": max_bytes} if max_bytes else {}))
    except ReadError as exc:
        an.problems.append(exc.problem)
        return an
    if wb.document is not None:
        an.narrative = sections_of(wb.document)
        an.caption_rows = {s.name: s.caption_rows for s in wb.sheets}
    an.encoding = wb.encoding or ", ".join(sorted({s.legacy.upper() for s in wb.sheets if s.legacy}))
    tables = [t for s in wb.sheets if not s.hidden for t in tables_of(s, learned)]
    if tables:
        # a hidden sheet is a leftover (last year's copy, a lookup list): not what was reported
        for s in wb.sheets:
            if s.hidden and best_table(s, learned):
                an.add("sheet.hidden_skipped", sheet=s.name, name=s.name)
    else:
        tables = [t for s in wb.sheets if s.hidden for t in tables_of(s, learned)]
    if not tables:
        an.add("table.not_found", sheet=wb.sheets[0].name if wb.sheets else "")
        return an
    an.turns = {t.sheet.name: t.sheet.turn for t in tables if t.sheet.turn is not None}
    tables = _set_plans_aside(an, tables)
    if not tables:
        return an
    parts = _year_parts(tables)
    if parts:
        an.part_years = sorted(parts)
        listed = ", ".join(map(str, an.part_years))
        if prefer_given and year in parts:
            tables = parts[year]
            an.file_hash = part_hash(data, year)
        elif prefer_given and year:
            an.add("year.not_in_parts", sheet=tables[0].sheet.name, years=listed, year=year)
            return an
        else:
            an.add("file.several_years", sheet=tables[0].sheet.name, years=listed)
            return an
    an.sheets = list(dict.fromkeys(t.sheet.name for t in tables))
    for s in {t.sheet.name: t.sheet for t in tables if t.sheet.hidden_rows}.values():
        _say_hidden(an, s, sorted(s.hidden_rows))
    an.shape = ", ".join(sorted({t.shape for t in tables}))
    _detect_year(an, tables, year, today or dt.date.today(), prefer_given)
    if an.year is None:
        return an
    if an.part_years and part:
        an.year_source = Text("source.year_sheet_title")
    an.tables = tables
    _apply_periods(an, tables)
    era = au.era_for_year(an.year)
    _detect_unit(an, wb, tables, era, unit, prefer_given)
    if an.unit is None:
        return an
    records = _assign_units(an, tables, era, learned or {})
    _say_hidden_rows_left_out(an, tables)
    _settle_claims(records)
    _collect_values(an, records, learned or {})
    for t in tables:
        for label, r, c in t.unmapped:
            an.unmapped.append({"label": label, "sheet": t.sheet.name, "cell": a1(r, c)})
            an.add("label.unmapped", t.sheet.name, a1(r, c), label=label)
    if not an.values and not an.errors:
        an.add("table.empty", sheet=an.sheets[0])
    return an


def _detect_year(
    an: Analysis, tables: list[Table], flag: int | None, today: dt.date, prefer_given: bool = False
) -> None:
    hit = _year_in_text([t for tb in tables for t in _title_cells(tb)])
    found, source = (hit[0], Text("source.file_content")) if hit else (None, "")
    where = {"sheet": hit[1], "cell": hit[2]} if hit else {"sheet": tables[0].sheet.name}
    periods = {r.period for t in tables for r in t.records if r.period not in (None, PREVIOUS)}
    if found is None and periods:
        # "Năm 2023 | Năm 2024" with no year in the title: a report gives its own year last
        found, source = max(periods), Text("source.year_column")
    if found is None:
        m = _YEAR_PATTERNS[2].search(an.file_name)
        found = int(m.group(1)) if m else None
        source = Text("source.file_name")
    if prefer_given and flag:
        if found is not None and found != flag:
            an.add("year.overridden", sheet=tables[0].sheet.name, year=flag, found=found, source=source)
        found, source = flag, Text("source.uploader")
    elif found is None and flag:
        found, source = flag, Text("source.year_flag")
    elif found is not None and flag and flag != found:
        an.add("year.flag_ignored", found=found, source=source, flag=flag)
    if found is None:
        an.add("year.unknown", sheet=tables[0].sheet.name, cell="A1")
        return
    if found < FIRST_YEAR or found > today.year:
        an.add(
            "year.out_of_range",
            **(where if source == Text("source.file_content") else {"sheet": tables[0].sheet.name}),
            year=found,
            first=FIRST_YEAR,
            this_year=today.year,
        )
        return
    an.year, an.year_source = found, source


def _detect_unit(
    an: Analysis, wb: Workbook, tables: list[Table], era: int, flag: str | None, prefer_given: bool = False
) -> None:
    if prefer_given and flag:
        _given_unit(an, tables, era, flag)
        return
    _found_unit(an, tables, era, flag)


def _given_unit(an: Analysis, tables: list[Table], era: int, flag: str) -> None:
    """The officer's choice wins; what the file itself says is reported when it differs."""
    code = flag.zfill(2)
    chosen = (
        U.national()
        if code == au.NATIONAL_CODE
        else (U.province_unit(p) if (p := au.province_by_code(era).get(code)) else None)
    )
    if chosen is None:
        an.add("unit.bad_flag", flag=flag, year=an.year)
        return
    probe = Analysis(an.file_name, an.file_hash, year=an.year)
    _found_unit(probe, tables, era, None)
    detected = probe.unit
    if detected is not None and detected.code != chosen.code:
        an.add(
            "unit.overridden",
            sheet=tables[0].sheet.name,
            unit=chosen.name,
            found=detected.name,
            source=probe.unit_source,
        )
    an.unit, an.unit_source = chosen, Text("source.uploader")


def _found_unit(an: Analysis, tables: list[Table], era: int, flag: str | None) -> None:
    # a table whose rows are provinces is a national consolidation
    for t in tables:
        if t.shape == "wide":
            labels = {r.unit_label for r in t.records if not r.is_total}
            provs = sum(1 for lb in labels if U.match_province_row(lb, era))
            if labels and provs >= max(3, 0.6 * len(labels)):
                an.unit, an.unit_source = U.national(), Text("source.province_rows")
                return
    province = old_name = None
    for t in tables:
        for text in _title_texts(t):
            found = U.find_province_named(text, era)
            if found:
                (province, old_name), an.unit_source = found, Text("source.form_title")
                break
        if province:
            break
    if province is None:
        for hint in U.file_name_hints(an.file_name):
            found = U.find_province_named(hint, era)
            if found:
                (province, old_name), an.unit_source = found, Text("source.file_name")
    if province is None:
        province = _province_from_rows(tables, era)
        if province:
            an.unit_source = Text("source.unit_rows")
    if province is None:
        province = _province_of_titled_sub_unit(tables, era)
        if province:
            an.unit_source = Text("source.sub_unit_title")
    if province is None and flag:
        province = au.province_by_code(era).get(flag.zfill(2))
        if province:
            an.unit_source = Text("source.unit_flag")
        else:
            an.add("unit.bad_flag", flag=flag, year=an.year)
            return
    elif province is not None and flag and flag.zfill(2) != province.code:
        an.add("unit.flag_ignored", unit=province.name, source=an.unit_source, flag=flag)
    if province is None:
        an.add("unit.unknown", sheet=tables[0].sheet.name, cell="A1")
        return
    an.unit = U.province_unit(province)
    if old_name is not None and an.unit_source in (Text("source.form_title"), Text("source.file_name")):
        an.add(
            "unit.merged_province",
            sheet=tables[0].sheet.name,
            old=old_name.name,
            source=an.unit_source,
            unit=province.name,
            year=an.year,
        )


def _province_of_titled_sub_unit(tables: list[Table], era: int) -> au.Province | None:
    """A district's or commune's own report that never names its province ('UBND HUYỆN NAM ĐÀN'):
    the province is the one that has a unit of that name, when exactly one has (a name several
    provinces share, 'Xã Tân Lập', decides nothing; the officer is asked for the province)."""
    for t in tables:
        if t.shape != "vertical":
            continue
        for text in _title_texts(t):
            name = _after_unit_word(text) if text else ""
            if not name or U.level_hint(name) is None:
                continue  # only a line that names a district or commune as such
            found = {p.code for p in au.provinces(era) if U.match_sub_unit(name, p.code, era)}
            if len(found) == 1:
                return au.province_by_code(era)[found.pop()]
    return None


def _province_from_rows(tables: list[Table], era: int) -> au.Province | None:
    labels = {r.unit_label for t in tables if t.shape == "wide" for r in t.records if not r.is_total}
    if not labels:
        return None
    votes: dict[str, int] = defaultdict(int)
    for p in au.provinces(era):
        votes[p.code] = sum(1 for lb in labels if U.match_sub_unit(lb, p.code, era))
    code, n = max(votes.items(), key=lambda kv: kv[1])
    return au.province_by_code(era)[code] if n >= max(2, len(labels) // 2) else None


# a record with its unit (None: a stated total), sheet name and the money unit stated for the
# whole sheet; a plain tuple, as there is one per value
_Assigned = tuple[U.Unit | None, Record, str, int | None]


def _sheet_unit(an: Analysis, t: Table, era: int) -> U.Unit:
    """A vertical sheet reports for the file's unit, or for a sub-unit its title names."""
    prov = an.unit
    if prov.level != "province":
        return prov
    for text in _title_texts(t):
        sub = U.match_sub_unit(_after_unit_word(text), prov.province_code, era) if text else None
        if sub:
            return U.Unit(sub.code, sub.name, sub.level, prov.province_code)
    return prov


_UNIT_WORD = re.compile(r"(?i)(?:ubnd|đơn vị|phòng gd&?đt|phòng giáo dục và đào tạo)\s*:?\s*(.+)$")


def _after_unit_word(text: str) -> str:
    m = _UNIT_WORD.search(text)
    return m.group(1) if m else text


def _apply_periods(an: Analysis, tables: list[Table]) -> None:
    """Only the report year's columns load: a column naming another year is set aside, with why."""
    for t in tables:
        if not any(r.period is not None for r in t.records):
            continue
        kept = [r for r in t.records if r.period is None or r.period == an.year]
        for c, (head, role) in list(t.col_roles.items()):
            if role.period is not None:
                t.col_roles[c] = (
                    head,
                    Role("value" if role.period == an.year else "period", period_reason(role, an.year), role.period),
                )
        if not kept:
            years = sorted({r.period for r in t.records if r.period not in (None, PREVIOUS)})
            an.add(
                "table.no_report_year",
                t.sheet.name,
                years=", ".join(map(str, years)) or Text("word.previous_year"),
                year=an.year,
            )
        t.records = kept


def row_key(label: str, reporter: str) -> str:
    """Under this key an officer's answer on what a row is ('unit' / 'subtotal') is remembered: for
    the files of one reporting unit (a province, or a district for a district's file), as "Khối
    trường học" may be a unit in one province's list and a group row in another's."""
    return f"row:{reporter}:" + " ".join(strip_diacritics(label).split()).lower()


_UNIT_WORDS = ("thanh pho ", "tp ", "tp. ", "thi xa ", "huyen ", "quan ", "xa ", "phuong ", "thi tran ", "dac khu ")


def _names_a_unit_type(label: str) -> bool:
    f = " ".join(strip_diacritics(label).split()).lower()
    return f.startswith(_UNIT_WORDS) and not f.startswith(("thanh pho, ", "thanh pho thi xa", "huyen, ", "xa, "))


def _row_numbers(recs: list[Record]) -> dict[int, float]:
    out = {}
    for rec in recs:
        v = plain_number(rec.raw)
        if v is None:
            p = parse_cell(rec.raw)
            # "850 triệu" beside "1,2 tỷ": compared in đồng, or no subtotal ever adds up
            v = p.value * (p.money_factor or 1) if p.value is not None else (0 if p.na else None)
        if v is not None:
            out[rec.col] = v
    return out


def _wide_roles(an: Analysis, t: Table, era: int, learned: Mapping[str, str]) -> dict[int, tuple[Role, U.Unit | None]]:
    """Each data row of a wide table: a unit, a total, or a group/subtotal row that is never summed.
    A row that is not a known unit is a subtotal when its numbers are the sum of the units above or
    below it; else the table's own total row decides; else the officer is asked."""
    rows: dict[int, list[Record]] = defaultdict(list)
    for rec in t.records:
        rows[rec.row].append(rec)
    order = sorted(rows)
    roles: dict[int, tuple[Role, U.Unit | None]] = {}
    candidates = []
    for r in order:
        first = rows[r][0]
        label = first.unit_label or ""
        u = _row_unit(an, label, era, t.sheet.legacy)
        # a commune named "Cộng Hòa", "Tổng Cọt" or "Khối ..." is that commune: the name of a known
        # unit wins over a total or group word at its start
        known = u is not None and u.level != "other"
        if first.is_total and not known:
            roles[r] = (Role("total", "dòng tổng — dùng để đối chiếu, không cộng"), None)
            continue
        if first.row_kind == "merged" and u is not None:
            # a further row under a unit's merged name cell: a part of that unit (added into its
            # row) or not; the table's total decides, else the officer is asked
            key = t.row_keys[r] = row_key(label, an.unit.code) + f" | dong {r + 1}"
            if learned.get(key) in ("unit", "subtotal"):
                roles[r] = (_answered_row(learned[key]), u)
            else:
                candidates.append(r)
                roles[r] = (Role("candidate"), u)
            continue
        key = row_key(label, an.unit.code)
        answer = learned.get(key) if u is not None else None
        if u is not None and not known:
            t.row_keys[r] = key  # a known unit's row is decided by its name, unless asked below
        if u is None:
            roles[r] = (Role("total", f"tên {an.unit.name}: dòng tổng — dùng để đối chiếu"), None)
        elif answer in ("unit", "subtotal") and not known:
            # the officer's word wins over the evidence of numbers (a correction on the upload
            # page, --answer); a known unit's name is evidence no answer overrides
            roles[r] = (_answered_row(answer), u)
        elif known and (first.is_total or first.row_kind == "group") and not group_numbered(label):
            roles[r] = (Role("unit", "tên một đơn vị trực thuộc trong danh mục (không phải dòng tổng)"), u)
        elif known and first.row_kind != "group":
            roles[r] = (Role("unit", "đơn vị trực thuộc"), u)
        else:
            candidates.append(r)
            roles[r] = (Role("candidate"), u)
    numbers = {r: _row_numbers(rows[r]) for r in order}
    # "- Trong đó: thị trấn" under a unit, no number above the unit's own: a part of that unit,
    # neither a unit nor a group (read as one, its numbers would be counted twice)
    parts: set[int] = set()
    for above, r in zip(order, order[1:]):
        if (
            roles[r][0].kind == "candidate"
            and part_label(rows[r][0].unit_label or "")
            and roles[above][0].kind == "unit"
            and numbers[r]
            and all(v <= numbers[above].get(c, -1) for c, v in numbers[r].items())
        ):
            reason = f"«trong đó»: một phần của dòng {above + 1} ở trên — không cộng"
            roles[r] = (Role("subtotal", reason), roles[r][1])
            candidates.remove(r)
            parts.add(r)
    # a row hidden in Excel is read, unless the table's own total leaves it out (a unit no longer
    # reported, kept out of sight): with a stated total, the total decides, as for any open row
    if t.sheet.hidden_rows and any(rows[q][0].is_total for q in order):
        for r in order:
            if r in t.sheet.hidden_rows and roles[r][0].kind == "unit" and rows[r][0].row_kind != "merged":
                roles[r] = (Role("candidate", "dòng ẩn"), roles[r][1])
                candidates.append(r)
    # a district listed with its own communes under it: the district row is their sum, never added
    # to them; one that is not their sum is a coin toss, asked about
    levels = {roles[r][1].level for r in order if roles[r][0].kind == "unit" and roles[r][1] is not None}
    if {"district", "commune"} <= levels:
        for i, r in enumerate(order):
            role, u = roles[r]
            if role.kind != "unit" or u is None or u.level != "district":
                continue
            below = []
            for q in order[i + 1 :]:
                if roles[q][0].kind != "unit" or roles[q][1] is None or roles[q][1].level != "commune":
                    break
                below.append(q)
            if not below:
                continue
            if sums_block(numbers[r], [numbers[q] for q in below], named_group=True):
                roles[r] = (
                    Role("subtotal", f"huyện cộng các xã ở dòng {below[0] + 1}–{below[-1] + 1} — không cộng"),
                    u,
                )
            else:
                roles[r] = (Role("candidate"), u)
                candidates.append(r)

    def boundary(q: int) -> bool:  # where a group of unit rows ends: a total, a group or a known subtotal
        # a known unit whose name starts with a group word ('Vũng Liêm', 'Khối ...') is no boundary
        group = rows[q][0].row_kind == "group" and roles[q][0].kind != "unit"
        return q not in parts and (roles[q][0].kind in ("total", "subtotal") or group)

    def block_of(items) -> list[int]:  # the rows up to a boundary, without the parts of units
        return [q for q in _takewhile_not(boundary, items) if q not in parts]

    # "Cộng" under each group is the group's sum, not the table's total: a total-named row that adds
    # up only part of the unit rows is a subtotal
    n_units = sum(1 for q in order if roles[q][0].kind in ("unit", "candidate"))
    known_units = {q for q in order if roles[q][0].kind == "unit"}
    for r in order:
        if roles[r][0].kind != "total" or roles[r][1] is not None or rows[r][0].is_total is False:
            continue
        idx = order.index(r)
        # "Cộng nhóm I" / "Cộng các huyện" after a group of one unit, with rows still to come: the
        # group's word and its place make it a subtotal, its arithmetic need only hold
        closes_group = group_label(rows[r][0].unit_label or "") and any(
            roles[q][0].kind in ("unit", "candidate", "total") for q in order[idx + 1 :]
        )
        for i, block in enumerate((block_of(reversed(order[:idx]))[::-1], block_of(order[idx + 1 :]))):
            # a row that adds up every known unit is the table's total, whatever rows are undecided
            partial = len(block) < n_units and not known_units <= set(block)
            if partial and sums_block(numbers[r], [numbers[q] for q in block], closes_group and i == 0):
                lo, hi = min(block) + 1, max(block) + 1
                roles[r] = (Role("subtotal", f"bằng tổng các dòng {lo}–{hi}: dòng cộng nhóm — không cộng"), None)
                break

    for r in candidates:
        if rows[r][0].row_kind == "merged":
            continue  # a part of a unit is never a group's subtotal
        idx = order.index(r)
        above = block_of(reversed(order[:idx]))[::-1]
        below = block_of(order[idx + 1 :])
        named = rows[r][0].row_kind == "group"
        # a group's units may be followed by a row no name decides ('Các sở, ban, ngành' after the
        # last district): the known units next to it are tried alone too
        known_below = list(itertools.takewhile(lambda q: roles[q][0].kind == "unit", below))
        known_above = list(itertools.takewhile(lambda q: roles[q][0].kind == "unit", reversed(above)))[::-1]
        tries = [below, above] + [b for b, full in ((known_below, below), (known_above, above)) if b and b != full]
        for block in tries:
            if sums_block(numbers[r], [numbers[q] for q in block], named):
                lo, hi = min(block) + 1, max(block) + 1
                roles[r] = (Role("subtotal", f"bằng tổng các dòng {lo}–{hi}: dòng cộng nhóm — không cộng"), None)
                for q in block:  # rows a matching subtotal adds up are its units, known names or not
                    if roles[q][0].kind == "candidate":
                        roles[q] = (
                            Role("unit", f"được dòng cộng ở dòng {r + 1} cộng vào: đơn vị trực thuộc"),
                            roles[q][1],
                        )
                break
    for r in candidates:
        if roles[r][0].kind != "candidate" or roles[r][0].reason == "dòng ẩn":
            continue  # decided, or a hidden row the total decides
        label = rows[r][0].unit_label or ""
        u = roles[r][1]
        # what a name says comes first: a commune reporting zeros is still a commune (its zeros load)
        if an.unit.level == "national" and rows[r][0].row_kind not in ("group", "merged"):
            roles[r] = (Role("unit", "tỉnh/thành phố"), u)  # an unknown province name stays an error
        elif rows[r][0].row_kind not in ("group", "merged") and _names_a_unit_type(label):
            roles[r] = (Role("unit", "tên có chữ xã/phường/huyện...: đơn vị trực thuộc chưa có trong danh mục"), u)
        elif not any(numbers[r].values()):  # nothing but zeros: summed or not, no figure changes
            roles[r] = (Role("subtotal", "toàn số 0 — không cộng (không đổi số nào)"), u)
    _capital_by_total(an, era, order, rows, roles, numbers)
    _settle_by_total(an, t, rows, roles, numbers, learned)
    _province_bodies(an, t, order, rows, roles, learned)
    return roles


def _rows_shown(rows: list[int]) -> str:
    return ", ".join(str(r + 1) for r in rows[:10]) + ("…" if len(rows) > 10 else "")


def _say_hidden_rows_left_out(an: Analysis, tables: list[Table]) -> None:
    """Hidden rows the table's total leaves out are not read: the warning that hidden rows are read
    names only the others, and another names these."""
    for t in tables:
        out = sorted(
            r for r, (_, role) in t.row_roles.items() if role.reason.startswith("dòng ẩn;") and role.kind != "unit"
        )
        if not out:
            continue
        name = t.sheet.name
        an.problems = [
            p
            for p in an.problems
            if not (p.code in ("sheet.hidden_rows", "sheet.hidden_columns_read") and p.sheet == name)
        ]
        read = sorted(set(t.sheet.hidden_rows) - set(out))
        if read:
            _say_hidden(an, t.sheet, read)
        _say_hidden(an, t.sheet, out, left_out=True)


def _say_hidden(an: Analysis, s, rows: list[int], left_out: bool = False) -> None:
    """Hidden rows read (or left out by the total), named as the officer sees them: in a table turned
    on its side the hidden units are columns."""
    if s.turn is not None:
        letters = [re.sub(r"\d+$", "", a1(0, s.turn.original(r, 0)[1])) for r in rows]
        cols = ", ".join(letters[:10]) + ("…" if len(letters) > 10 else "")
        if left_out:
            an.add("sheet.hidden_columns_left_out", sheet=s.name, name=s.name, n=len(rows), cols=cols)
        else:
            an.add("sheet.hidden_columns_read", sheet=s.name, name=s.name, n=len(rows), cols=cols)
    elif left_out:
        an.add("sheet.hidden_rows_left_out", sheet=s.name, name=s.name, n=len(rows), rows=_rows_shown(rows))
    else:
        an.add("sheet.hidden_rows", sheet=s.name, name=s.name, n=len(rows), rows=_rows_shown(rows))


def _province_bodies(an, t: Table, order, rows, roles, learned: Mapping[str, str]) -> None:
    """'Các sở, ban, ngành', 'Tỉnh đoàn', 'Khối trường học' read as units: a part of the province's
    figures, never a sub-unit of their own. Whether the province's figure includes them only the
    table's total row can say; without one the officer is asked (never summed blindly)."""
    stated = any(role.kind == "total" and u is None for role, u in roles.values())
    for r in order:
        role, u = roles[r]
        label = rows[r][0].unit_label or ""
        if role.kind != "unit" or u is None or u.level != "other" or not province_body(label):
            continue
        if role.reason.startswith("cán bộ đã chọn"):
            continue  # the officer's word stands as given
        if not stated:
            key = t.row_keys.setdefault(r, row_key(label, an.unit.code))
            if learned.get(key) in ("unit", "subtotal"):
                roles[r] = (_answered_row(learned[key]), u)
            else:
                _ask_row_role(an, t, r, label, key)
                roles[r] = (Role("asked", "chưa rõ — hỏi cán bộ"), u)
            continue
        why = "cơ quan, khối cấp tỉnh (không phải huyện/xã): dòng tổng cộng cả dòng này — tính vào tổng tỉnh"
        roles[r] = (Role("unit", why), dataclasses.replace(u, level="part"))


def _ask_row_role(an, t: Table, r: int, label: str, key: str) -> None:
    an.add(
        "ask.row_role",
        t.sheet.name,
        a1(r, t.unit_column or 0),
        options=(
            Option(key, "unit", Text("answer.row_is_unit")),
            Option(key, "subtotal", Text("answer.row_is_subtotal")),
        ),
        label=label,
        kind=Text("word.district_commune" if an.year and an.year < 2025 else "word.commune_ward"),
        unit=an.unit.name,
    )


_CAPITAL_TYPES = {"district": ("Thành phố", "Thị xã"), "commune": ("Phường", "Xã", "Thị trấn")}


def _capital_by_total(an: Analysis, era: int, order, rows, roles, numbers) -> None:
    """A row named like the province itself ('Lào Cai' among 'Bát Xát', 'Mường Khương') reads as the
    province's total, but a list that writes names bare writes its city the same way. When a unit
    of the list's level bears that name and every stated total row ('Tổng cộng') is the sum of the
    units *with* this row, and not without it, the row is that unit: the table says so itself."""
    levels = {u.level for role, u in roles.values() if role.kind == "unit" and u is not None and u.level != "other"}
    stated = [q for q in order if rows[q][0].is_total and roles[q][0].kind == "total"]
    if len(levels) != 1 or not stated or an.unit is None or an.unit.level == "national":
        return
    (level,) = levels
    units: dict[int, float] = defaultdict(float)
    for q in order:
        if roles[q][0].kind == "unit":
            for c, v in numbers[q].items():
                units[c] += v

    def equal(a: dict[int, float], b: dict[int, float]) -> bool:
        return bool(a) and all(abs(b.get(c, 0) - v) < 1e-6 for c, v in a.items())

    for r in order:
        role, u = roles[r]
        if role.kind != "total" or u is not None or rows[r][0].is_total or not any(numbers[r].values()):
            continue
        label = rows[r][0].unit_label or ""
        sub = next(
            (
                s
                for t in _CAPITAL_TYPES[level]
                if (s := U.match_sub_unit(f"{t} {label}", an.unit.province_code, era)) and s.level == level
            ),
            None,
        )
        if sub is None:
            continue
        with_it = {c: units.get(c, 0) + numbers[r].get(c, 0) for c in set(units) | set(numbers[r])}
        if all(equal(numbers[q], with_it) for q in stated) and not any(equal(numbers[q], units) for q in stated):
            reason = f"tên {sub.name} viết trần: dòng tổng của bảng cộng cả dòng này — đơn vị trực thuộc"
            roles[r] = (Role("unit", reason), U.Unit(sub.code, sub.name, sub.level, an.unit.province_code))


def _answered_row(answer: str) -> Role:
    kind = "unit" if answer == "unit" else "subtotal"
    return Role(kind, "cán bộ đã chọn: " + ("đơn vị trực thuộc" if kind == "unit" else "dòng cộng nhóm"))


def _takewhile_not(stop, items):
    for q in items:
        if stop(q):
            return
        yield q


def _settle_by_total(an, t: Table, rows, roles, numbers, learned: Mapping[str, str]) -> None:
    """Rows still undecided: the table's own total row says whether they add in. If it cannot, the
    officer is asked; nothing is guessed."""
    open_rows = [r for r, (role, _) in roles.items() if role.kind == "candidate"]
    if not open_rows:
        return
    units = defaultdict(float)
    for r, (role, _) in roles.items():
        if role.kind == "unit":
            for c, v in numbers[r].items():
                units[c] += v
    extra = defaultdict(float)
    for r in open_rows:
        for c, v in numbers[r].items():
            extra[c] += v
    # every stated total row has its say ("Tổng cộng" at the top and "Toàn tỉnh" at the foot): the
    # rows are decided only when the totals that decide at all agree
    verdicts = set()
    for r, (role, u) in roles.items():
        if role.kind != "total" or u is not None:
            continue
        stated = numbers[r]
        cols = [c for c in stated if units.get(c) or extra.get(c)]
        if cols and any(extra.get(c) for c in cols):
            without = all(abs(stated[c] - units.get(c, 0)) < 1e-6 for c in cols)
            with_ = all(abs(stated[c] - units.get(c, 0) - extra.get(c, 0)) < 1e-6 for c in cols)
            if without != with_:
                verdicts.add(with_)
    if len(verdicts) == 1:
        (with_,) = verdicts
        for r in open_rows:
            kind = "unit" if with_ else "subtotal"
            why = "dòng tổng của bảng khớp khi " + (
                "cộng dòng này: đơn vị trực thuộc" if with_ else "không cộng dòng này — không cộng"
            )
            if roles[r][0].reason == "dòng ẩn":
                why = "dòng ẩn; " + why
            roles[r] = (Role(kind, why), roles[r][1])
        return
    for r in open_rows:
        label = rows[r][0].unit_label or ""
        key = t.row_keys.setdefault(r, row_key(label, an.unit.code))
        if learned.get(key) in ("unit", "subtotal"):  # a known unit asked about before (a district
            roles[r] = (_answered_row(learned[key]), roles[r][1])  # whose communes do not add up)
            continue
        if rows[r][0].row_kind == "merged":
            an.add(
                "ask.merged_row",
                t.sheet.name,
                a1(r, t.unit_column or 0),
                options=(
                    Option(key, "unit", Text("answer.merged_row_part", {"label": label})),
                    Option(key, "subtotal", Text("answer.merged_row_apart", {"label": label})),
                ),
                label=label,
                row=r + 1,
            )
        else:
            _ask_row_role(an, t, r, label, key)
        roles[r] = (Role("asked", "chưa rõ — hỏi cán bộ"), roles[r][1])


def _assign_units(
    an: Analysis, tables: list[Table], era: int, learned: Mapping[str, str] | None = None
) -> list[_Assigned]:
    out: list[_Assigned] = []
    seen_unknown: set[str] = set()
    for t in tables:
        sheet, factor = t.sheet.name, t.sheet_money_factor
        if t.shape == "vertical":
            u = _sheet_unit(an, t, era)
            out += [(u, r, sheet, factor) for r in t.records]
            continue
        roles = _wide_roles(an, t, era, learned or {})
        for r, (role, _) in roles.items():
            label = next(rec.unit_label for rec in t.records if rec.row == r)
            t.row_roles[r] = (label or "", role)
        extra = _merged_parts(t, roles)
        for r in t.records:
            role, u = roles[r.row]
            label = r.unit_label or ""
            if (r.row, r.col) in extra:
                r = extra[(r.row, r.col)]
                if r is None:
                    continue  # added into the row of its unit
            if role.kind == "total":
                out.append((None, r, sheet, factor))
                continue
            if role.kind != "unit":
                continue  # a subtotal, a group row or a row the officer is asked about: never summed
            if u.level == "other" and label not in seen_unknown:
                seen_unknown.add(label)
                if an.unit.level == "national":
                    an.add("unit.row_unknown", sheet, a1(r.row, t.unit_column), label=label)
                else:
                    an.add("unit.row_unmatched", sheet, a1(r.row, t.unit_column), label=label, unit=an.unit.name)
            out.append((u, r, sheet, factor))
    return out


def _merged_parts(t: Table, roles) -> dict[tuple[int, int], Record | None]:
    """Rows under a unit's merged name cell that add into it: the unit row's record with the sum
    of its cells, and None for the cells added in (one value per unit, as a careful reader sums)."""
    out: dict[tuple[int, int], Record | None] = {}
    own: dict[str, int] = {}  # label -> the row its name cell starts on
    by_cell = {(rec.row, rec.col): rec for rec in t.records}
    for rec in sorted(t.records, key=lambda x: (x.row, x.col)):
        label = rec.unit_label or ""
        if rec.row_kind != "merged":
            own[label] = rec.row
            continue
        top = own.get(label)
        if top is None or roles[rec.row][0].kind != "unit" or roles[top][0].kind != "unit":
            continue
        base = out.get((top, rec.col)) or by_cell.get((top, rec.col))
        if base is None:
            continue  # the unit's own row left this cell empty: this one is its only value
        a, b = _row_numbers([base]).get(rec.col), _row_numbers([rec]).get(rec.col)
        if a is None or b is None:
            continue  # not numbers both: left as two values, which the checks report
        out[(top, rec.col)] = dataclasses.replace(base, raw=a + b)
        out[(rec.row, rec.col)] = None
    return out


def _row_unit(an: Analysis, label: str, era: int, legacy: str | None = None) -> U.Unit | None:
    u = _row_unit_cached(label, an.unit.level == "national", an.unit.province_code, era)
    if legacy and u is not None and u.level == "other":
        # a sheet typed in a legacy font: 'Cam Lé' is plausible Unicode and was left as it is, but
        # its legacy reading 'Cam Lộ' is a unit of the province (the directory decides, not a guess)
        read = convert(label, legacy)
        if read != label:
            known = _row_unit_cached(read, an.unit.level == "national", an.unit.province_code, era)
            if known is not None and known.level != "other":
                return known
    return u


_ORDINAL = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\s*[.):/-]?|[IVXLC]{1,5}\s*[.):/-]|[a-zđ]\s*[.):/-])\s*(?=\S)")


@lru_cache(maxsize=50_000)
def _row_unit_cached(label: str, national: bool, prov: str, era: int) -> U.Unit | None:
    """The unit a row of a consolidated table names; None for the province itself (its total)."""
    numbered = _ORDINAL.match(label)
    if numbered:  # '3. Xã Tân Lập', 'II. Huyện Nam Sách': its number typed in the name cell
        u = _row_unit_cached(label[numbered.end() :], national, prov, era)
        if u is not None and u.level != "other":
            return u
    bare = U.strip_office(label)  # 'Phòng GD&ĐT Quận Ba Đình', 'UBND Xã Tân Lập'
    if bare:
        u = _row_unit_cached(bare, national, prov, era)
        if u is None or u.level != "other":
            return u
    if national:
        p = U.match_province_row(label, era)
        return U.province_unit(p) if p else U.Unit(f"?{U.slug(label)}", label, "other", "")
    named = U.match_province_row(label, era)
    is_prov = named is not None and named.code == prov
    # the province by its own name ('Lào Cai', 'Tỉnh Lào Cai') is its total row, even where its
    # capital shares the name ('Thành phố Lào Cai' is the city: it needs the type word)
    if is_prov and U.names_province_itself(label, named):
        return None
    sub = U.match_sub_unit(label, prov, era)
    if sub:
        return U.Unit(sub.code, sub.name, sub.level, prov)
    if is_prov:
        return None
    # not in the package's lists (a renamed commune, a centre): kept, under a code of its own
    return U.Unit(f"{prov}-{U.slug(label)}", label, "other", prov)


def _number(
    an: Analysis,
    rec: Record,
    sheet: str,
    table_factor: int | None,
    cell: str,
    ind: catalog.Indicator,
    learned: Mapping[str, str] | None = None,
) -> int | None:
    """The figure of a cell, in the indicator's unit (đồng for money), or None: nothing to load, or
    a problem (error or question) added. 'khoảng 300' is the report's own figure, approximately:
    loaded, and said (`value.approximate`); 'Trên 200', '≥ 100' are a bound, not a figure: the
    officer decides, for that cell of that file (`ask.number_bound`)."""
    p = parse_cell(rec.raw) if plain_number(rec.raw) is None else None
    qualifier = p.qualifier if p is not None else None
    if qualifier in ("above", "below"):
        return _bound(an, rec, sheet, table_factor, cell, ind, learned, p)
    value = _figure(an, rec, sheet, table_factor, cell, ind, learned, p)
    if value is not None and qualifier == "about":
        an.add("value.approximate", sheet, cell, label=rec.label, indicator=ind.code, raw=_raw(rec.raw), value=value)
    return value


def bound_key(an: Analysis, sheet: str, cell: str) -> str:
    """Under this key the officer's answer on one cell that gives a bound ('Trên 200') is kept: that
    cell of that file only."""
    return f"bound:{an.file_hash[:12]}:{sheet}!{cell}"


def _bound(an: Analysis, rec: Record, sheet: str, table_factor, cell: str, ind, learned, p) -> int | None:
    """'Trên 200' (over 200), 'gần 200' (nearly), '≥ 100': the report does not give the figure, only
    a number it lies beyond. Loading 200 as the figure would be a wrong value; leaving the cell
    out may be what the officer wants (the figure asked of the province). The officer's answer,
    or a question; until answered nothing of the cell loads."""
    key = bound_key(an, sheet, cell)
    answer = (learned or {}).get(key)
    raw = _raw(rec.raw)
    if answer == "leave":
        an.add("value.bound_left_out", sheet, cell, label=rec.label, indicator=ind.code, raw=raw)
        return None
    n = len(an.problems)
    value = _figure(an, rec, sheet, table_factor, cell, ind, learned, p)
    if answer == "load":
        if value is not None:
            an.add("value.bound_loaded", sheet, cell, label=rec.label, indicator=ind.code, raw=raw, value=value)
        return value
    if any(q.is_error and not q.is_question for q in an.problems[n:]):
        return None  # the cell is wrong anyway (a negative number, a fraction of a person)
    if any(q.code == "ask.number_bound" and key in (o.key for o in q.options) for q in an.problems):
        return None  # one question per cell
    number = raw.replace(p.word, "", 1).strip() if p.word else raw
    an.add(
        "ask.number_bound",
        sheet,
        cell,
        options=(
            Option(
                key,
                "load",
                Text(
                    "answer.bound_load_above" if p.qualifier == "above" else "answer.bound_load_below",
                    {"number": number, "raw": raw},
                ),
            ),
            Option(key, "leave", Text("answer.bound_leave", {"indicator": ind.code})),
        ),
        label=rec.label,
        indicator=ind.code,
        raw=raw,
        word=p.word,
    )
    return None


def _figure(
    an: Analysis,
    rec: Record,
    sheet: str,
    table_factor: int | None,
    cell: str,
    ind: catalog.Indicator,
    learned: Mapping[str, str] | None,
    p,
) -> int | None:
    value, cell_factor = plain_number(rec.raw), None
    if value is None:  # text, an error cell, an empty one: parsed in full
        p = p or parse_cell(rec.raw)
        if p.error:
            an.add("value.not_number", sheet, cell, label=rec.label, reason=p.error)
            return None
        if p.value is None:
            return None
        value, cell_factor = p.value, p.money_factor
    if value < 0:
        an.add("value.negative", sheet, cell, label=rec.label, raw=_raw(rec.raw))
        return None
    if ind.is_money:
        factor = cell_factor or rec.money_factor or table_factor
        if factor is None and value:
            factor = _money_unit_answer(an, rec, sheet, cell, ind, learned)
            if factor is None:
                return None
        if factor and factor >= 1000 and type(rec.raw) is str:
            value = _grouped_or_decimal(an, rec, sheet, cell, ind, value, factor, learned)
            if value is None:
                return None
        return int(round(value * (factor or 1)))
    if cell_factor and cell_factor != 1:
        an.add("value.unit_mismatch", sheet, cell, raw=_raw(rec.raw), indicator=ind.code)
        return None
    if abs(value - round(value)) > 1e-9:
        an.add("value.fraction", sheet, cell, label=rec.label, raw=_raw(rec.raw))
        return None
    return int(round(value))


def separator_key(an: Analysis) -> str:
    """Under this key the officer's answer on how a file groups its numbers is kept: that file only."""
    return f"numsep:{an.file_hash[:12]}"


def _grouped_or_decimal(an: Analysis, rec: Record, sheet: str, cell: str, ind, value, factor, learned):
    """'2,500' triệu: 2 500 triệu as parsed, or 2,5 triệu. The file's other numbers decide, then the
    officer's answer; '2.500' is read the Vietnamese way when nothing says otherwise (the form's own
    way), '2,500' is asked (see etl.separators)."""
    mark = ambiguous_mark(rec.raw)
    if mark is None:
        return value
    if an.number_convention is None:
        an.number_convention = (
            convention(v for t in an.tables for row in t.sheet.rows for v in row if type(v) is str) or ""
        )
    conv = an.number_convention or (learned or {}).get(separator_key(an)) or ("vi" if mark == "." else "")
    if conv:
        return value / 1000 if reads_as_decimal(mark, conv) else value
    key = separator_key(an)
    if not any(p.code == "ask.number_separator" for p in an.problems):  # one question for the whole file
        raw = _raw(rec.raw)
        small, big = int(round(value / 1000 * factor)), int(round(value * factor))
        an.add(
            "ask.number_separator",
            sheet,
            cell,
            options=(
                Option(key, "vi", Text("answer.separator_vi", {"raw": raw, "value": small})),
                Option(key, "en", Text("answer.separator_en", {"raw": raw, "value": big})),
            ),
            indicator=ind.code,
            raw=raw,
            mark=mark,
        )
    return None


MONEY_UNITS = {
    "dong": (1, "đồng"),
    "nghin": (1000, "nghìn đồng"),
    "trieu": (10**6, "triệu đồng"),
    "ty": (10**9, "tỷ đồng"),
}


def money_key(label_key: str, reporter: str) -> str:
    """Under this key an officer's answer on the money unit of a row that states none is kept."""
    return f"money:{reporter}:{label_key}"


def _money_unit_answer(an: Analysis, rec: Record, sheet: str, cell: str, ind, learned) -> int | None:
    """A sum of money with no unit in its cell, row, column, caption or title: 150 may be đồng,
    nghìn or triệu đồng, and a careful reader does not guess. The officer's answer, or a question."""
    key = money_key(rec.key or rec.label, an.unit.code if an.unit else "")
    answer = (learned or {}).get(key)
    if answer in MONEY_UNITS:
        return MONEY_UNITS[answer][0]
    raw = _raw(rec.raw)
    an.add(
        "ask.money_unit",
        sheet,
        cell,
        options=(
            Option(key, "dong", Text("answer.money_unit_dong", {"raw": raw})),
            Option(key, "nghin", Text("answer.money_unit_nghin", {"raw": raw})),
            Option(key, "trieu", Text("answer.money_unit_trieu", {"raw": raw})),
            Option(key, "ty", Text("answer.money_unit_ty", {"raw": raw})),
        ),
        indicator=ind.code,
        raw=raw,
    )
    return None


def _settle_claims(recs: list[_Assigned]) -> None:
    """Mapping as one decision over the table: two cells that claim one indicator of one unit with
    different numbers, where exactly one of them names a sibling subject no cell claims ('Lớp KNS'
    and 'Lớp KNS, tin học': life skills, and the digital classes nobody else reports). Together that
    is the only consistent reading, so that cell takes the free indicator. Any other conflict stays
    a question (`ask.competing`)."""
    claims: dict[tuple, list[Record]] = defaultdict(list)
    for unit, rec, _, _ in recs:
        if unit is not None:
            claims[(unit.code, rec.code, rec.period)].append(rec)
    for (unit_code, _, period), group in list(claims.items()):
        if len(group) != 2 or _cell_number(group[0].raw) == _cell_number(group[1].raw):
            continue
        free = [(rec, [a for a in rec.alts if not claims.get((unit_code, a, period))]) for rec in group]
        movable = [(rec, alts) for rec, alts in free if alts]
        if len(movable) == 1 and len(movable[0][1]) == 1:
            rec, (alt,) = movable[0]
            group.remove(rec)
            rec.code = alt
            claims[(unit_code, alt, period)].append(rec)


def _cell_number(raw) -> float | None:
    v = plain_number(raw)
    return v if v is not None else parse_cell(raw).value


def _collect_values(an: Analysis, recs: list[_Assigned], learned: Mapping[str, str] | None = None) -> None:
    by_unit: dict[tuple[str, str], Value] = {}
    totals: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    derived_typed: list[Value] = []
    keys: dict[int, str] = {}  # id(value) -> the label key of the cell it came from
    unreadable: set[str] = set()
    indicators = catalog.by_code()
    shared: dict[str, int] = defaultdict(int)  # figures merged over several units: the province's only
    for unit, rec, sheet, table_factor in recs:
        code, raw = rec.code, rec.raw
        ind = indicators[code]
        cell = a1(rec.row, rec.col)
        if type(raw) is float and raw.is_integer() and raw >= 0 and not ind.is_money:
            v = int(raw)  # the usual cell, a whole count typed as a number: nothing to check or scale
            text = str(v)
        else:
            n = len(an.problems)
            v = _number(an, rec, sheet, table_factor, cell, ind, learned)
            if v is None:
                if len(an.problems) > n:
                    unreadable.add(code)  # its totals cannot be checked: the error says why already
                continue
            text = _raw(raw)
        if unit is None:
            totals[code].append((v, sheet, cell))
            continue
        if rec.shared:
            # one figure for several units: no one unit's value; the province's sum takes it in
            span = f"{cell}:{a1(rec.row + rec.shared - 1, rec.col)}"
            if an.unit.level == "province" and unit.level not in ("province", "national"):
                shared[code] += v
                an.add(
                    "value.shared_cell",
                    sheet,
                    span,
                    indicator=code,
                    label=rec.label,
                    n=rec.shared,
                    value=v,
                    province=an.unit.name,
                )
            else:
                an.add("value.shared_cell_dropped", sheet, span, indicator=code, label=rec.label, n=rec.shared, value=v)
            continue
        val = Value(unit, code, v, sheet, cell, text, rec.label)
        if ind.derived:
            derived_typed.append(val)
            continue
        k = (unit.code, code)
        prev = by_unit.get(k)
        if prev is not None:
            if prev.value != v:
                _ask_competing(an, ind, unit, prev, val, keys.get(id(prev), ""), rec.key)
            continue
        by_unit[k] = val
        keys[id(val)] = rec.key
    values = list(by_unit.values())
    subs = [v for v in values if v.unit.level not in ("province", "national")]
    if an.unit.level == "province" and (subs or shared):
        values = _roll_up(an, values, subs, learned or {}, unreadable, shared)
    an.values = values
    _check_totals(an, {c: t for c, t in totals.items() if c not in unreadable}, derived_typed, learned or {})
    # a province's own body ("Các sở, ban, ngành") counts in the province's figures, never alone
    an.values = [v for v in values if v.unit.level != "part"]


def _ask_competing(an: Analysis, ind, unit, prev: Value, val: Value, prev_key: str, key: str) -> None:
    """Two cells claim one indicator of one unit with different numbers. If both have a label the
    officer can map, the question is which one is the indicator (the other is ignored, remembered
    like any label mapping); else it is a contradiction inside the file, an error as before."""
    options = tuple(
        Option(k, "ignore", Text("answer.ignore_cell", {"cell": c, "label": lb}))
        for k, c, lb in ((key, val.cell, val.label), (prev_key, prev.cell, prev.label))
        if k
    )
    params = {
        "indicator": ind.code,
        "unit": unit.name,
        "first": prev.value,
        "first_at": f"{prev.sheet}!{prev.cell}",
        "second": val.value,
        "second_at": f"{val.sheet}!{val.cell}",
    }
    if len(options) == 2 and prev_key != key:
        an.add("ask.competing", val.sheet, val.cell, options=options, **params)
        return
    an.add("value.conflict", val.sheet, val.cell, **params)


def total_key(an: Analysis, sheet: str, cell: str) -> str:
    """Under this key the officer's answer to a total that disagrees with its rows is kept: it
    names the file (by hash) and the cell, as the answer holds for that file only."""
    return f"total:{an.file_hash[:12]}:{sheet}!{cell}"


def _total_disagrees(an: Analysis, learned: Mapping[str, str], detail: Text, sheet: str, cell: str) -> None:
    """A stated total that is not the sum of its rows: the rows may be misread or the total
    mistyped. Unless the officer said the rows are right, the file waits for that answer.
    `detail` says which total disagrees with which sum."""
    key = total_key(an, sheet, cell)
    if learned.get(key) == "rows":
        an.add("total.mismatch", sheet, cell, detail=detail)
        return
    an.add(
        "ask.total_mismatch", sheet, cell, options=(Option(key, "rows", Text("answer.rows_are_right")),), detail=detail
    )


def _raw(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def _roll_up(
    an: Analysis,
    values: list[Value],
    subs: list[Value],
    learned: Mapping[str, str],
    unreadable: set[str],
    shared: Mapping[str, int] | None = None,
) -> list[Value]:
    """The province value is the sum of its sub-units (and of the figures the file gives for
    several of them together, `shared`); a figure the province typed itself is kept only for
    indicators its sub-units do not report."""
    prov = an.unit
    sums: dict[str, int] = defaultdict(int, shared or {})
    where: dict[str, list[Value]] = defaultdict(list)
    for v in subs:
        sums[v.code] += v.value
        where[v.code].append(v)
    direct = {v.code: v for v in values if v.unit.code == prov.code}
    out = [v for v in values if v.unit.code != prov.code]
    for code, total in sums.items():
        cells = where[code]
        if not cells:  # only shared figures: no sub-unit's own cell to name
            sheet, cell = "", ""
        else:
            span = f"{cells[0].sheet}!{cells[0].cell}" + (f":{cells[-1].cell}" if len(cells) > 1 else "")
            sheet, _, cell = span.partition("!")
        d = direct.pop(code, None)
        if d and d.value != total and code not in unreadable:
            _total_disagrees(
                an,
                learned,
                Text("total.detail_units", {"indicator": code, "unit": prov.name, "stated": d.value, "sum": total}),
                d.sheet,
                d.cell,
            )
        out.append(Value(prov, code, total, sheet, cell, "", f"Tổng {len(cells)} đơn vị", derived=True))
    out += list(direct.values())
    return out


def _check_totals(an: Analysis, totals: dict, derived_typed: list[Value], learned: Mapping[str, str]) -> None:
    if an.unit.level == "national":
        computed = defaultdict(int)
        for v in an.values:
            computed[v.code] += v.value
    else:
        computed = {v.code: v.value for v in an.values if v.unit.code == an.unit.code}
    for code, stated in totals.items():
        for value, sheet, cell in stated:
            got = computed.get(code)
            if got is not None and got != value:
                _total_disagrees(
                    an,
                    learned,
                    Text("total.detail_rows", {"indicator": code, "stated": value, "sum": got}),
                    sheet,
                    cell,
                )
    # typed totals of derived indicators ("Tổng số lớp") are checked against the types' sum
    by_unit: dict[tuple[str, str], int] = defaultdict(int)
    if derived_typed:
        for x in an.values:
            by_unit[(x.unit.code, x.code)] += x.value
    typed_parts = {code for _, code in by_unit}  # the types the file gives for any unit
    for v in derived_typed:
        parts = _derived_parts(v.code)
        got = sum(by_unit.get((v.unit.code, c), 0) for c in set(parts))
        if parts and v.value and not any(c in typed_parts for c in set(parts)):
            # 'Tổng số lớp' with no class type in the file: nothing to check it against, and the
            # total is the types' sum by definition, so it cannot load; said, not asked
            an.add("value.total_without_parts", v.sheet, v.cell, indicator=v.code, value=v.value, unit=v.unit.name)
            continue
        if parts and got != v.value:
            _total_disagrees(
                an,
                learned,
                Text("total.detail_types", {"label": v.label, "stated": v.value, "sum": got}),
                v.sheet,
                v.cell,
            )


def _derived_parts(code: str) -> tuple[str, ...]:
    return catalog.sums().get(code, ())  # declared once, in data/indicators.csv (sum_of)
