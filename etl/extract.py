"""Analyse one submitted file: which year, which reporting unit, which values for which units,
and every problem found, without touching the warehouse. `check` and the upload page show this;
`load` writes it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from etl import units as U
from etl.crosscheck import check_text_figures
from etl.narrative import Section, sections_of
from etl.numbers import parse_cell, plain_number
from etl.problems import Problem, a1
from etl.read import WORD_TYPES, ReadError, Workbook, read_bytes
from etl.roles import PREVIOUS, Role, period_reason, sums_block
from etl.tables import Record, Table, best_table, tables_of
from etl.word import relabel_positions
from reference import admin_units as au
from reference import catalog
from reference.numberfmt import fmt_int
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
    year_source: str = ""
    unit: U.Unit | None = None
    unit_source: str = ""
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

    def add(self, code, severity, message, hint="", sheet="", cell="", options=()):
        self.problems.append(Problem(code, severity, message, hint, self.file_name, sheet, cell, tuple(options)))


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
    """The sheet name and every text above the table's header, as (text, sheet, cell)."""
    top = table.header_rows[0]
    name = table.sheet.name
    out = [(name, name, ""), *((t, name, "") for t in table.sheet.heading)]
    for r in table.title_rows if table.title_rows is not None else range(0, top):
        out += [(v, name, a1(r, c)) for c, v in enumerate(table.sheet.rows[r]) if isinstance(v, str)]
    return out


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
                an.add(
                    "sheet.hidden_skipped",
                    "warning",
                    f"Trang ẩn '{s.name}' có bảng số liệu nhưng không được đọc (chỉ đọc các trang hiện).",
                    "Nếu số liệu cần nạp nằm ở trang ẩn, bỏ ẩn trang đó rồi gửi lại.",
                    sheet=s.name,
                )
    else:
        tables = [t for s in wb.sheets if s.hidden for t in tables_of(s, learned)]
    if not tables:
        an.add(
            "table.not_found",
            "error",
            "Không tìm thấy bảng số liệu nào có các chỉ tiêu của Tuần lễ.",
            "Dùng biểu mẫu tải về từ trang 'Tải mẫu' (.venv/bin/python -m etl template) "
            "hoặc kiểm tra tên các dòng, cột.",
            sheet=wb.sheets[0].name if wb.sheets else "",
        )
        return an
    parts = _year_parts(tables)
    if parts:
        an.part_years = sorted(parts)
        listed = ", ".join(map(str, an.part_years))
        if prefer_given and year in parts:
            tables = parts[year]
            an.file_hash = part_hash(data, year)
        elif prefer_given and year:
            an.add(
                "year.not_in_parts",
                "error",
                f"Tệp có số liệu của các năm {listed} (mỗi năm một trang); không có năm {year}.",
                f"Chọn một trong các năm {listed}.",
                sheet=tables[0].sheet.name,
            )
            return an
        else:
            an.add(
                "file.several_years",
                "error",
                f"Tệp có số liệu của nhiều năm ({listed}), mỗi năm một trang: mỗi năm là một báo cáo riêng.",
                "Trang Tải lên: chọn năm ở mục sửa năm/đơn vị để nạp từng năm; dòng lệnh `etl load` nạp mọi năm.",
                sheet=tables[0].sheet.name,
            )
            return an
    an.sheets = list(dict.fromkeys(t.sheet.name for t in tables))
    an.shape = ", ".join(sorted({t.shape for t in tables}))
    _detect_year(an, tables, year, today or dt.date.today(), prefer_given)
    if an.year is None:
        return an
    if an.part_years and part:
        an.year_source = "tiêu đề trang của năm đó (tệp nhiều năm)"
    an.tables = tables
    _apply_periods(an, tables)
    era = au.era_for_year(an.year)
    _detect_unit(an, wb, tables, era, unit, prefer_given)
    if an.unit is None:
        return an
    records = _assign_units(an, tables, era, learned or {})
    _collect_values(an, records, learned or {})
    for t in tables:
        for label, r, c in t.unmapped:
            an.unmapped.append({"label": label, "sheet": t.sheet.name, "cell": a1(r, c)})
            an.add(
                "label.unmapped",
                "warning",
                f"Không nhận ra chỉ tiêu '{label}'; giá trị ở ô này chưa được nạp.",
                "Chọn chỉ tiêu tương ứng ở trang Tải lên (lựa chọn được ghi nhớ cho lần sau).",
                t.sheet.name,
                a1(r, c),
            )
    if not an.values and not an.errors:
        an.add(
            "table.empty",
            "error",
            "Bảng không có giá trị số nào để nạp.",
            "Điền số liệu rồi gửi lại.",
            sheet=an.sheets[0],
        )
    return an


def _detect_year(
    an: Analysis, tables: list[Table], flag: int | None, today: dt.date, prefer_given: bool = False
) -> None:
    hit = _year_in_text([t for tb in tables for t in _title_cells(tb)])
    found, source = (hit[0], "nội dung tệp") if hit else (None, "")
    where = {"sheet": hit[1], "cell": hit[2]} if hit else {"sheet": tables[0].sheet.name}
    periods = {r.period for t in tables for r in t.records if r.period not in (None, PREVIOUS)}
    if found is None and periods:
        # "Năm 2023 | Năm 2024" with no year in the title: a report gives its own year last
        found, source = max(periods), "cột năm của bảng"
    if found is None:
        m = _YEAR_PATTERNS[2].search(an.file_name)
        found = int(m.group(1)) if m else None
        source = "tên tệp"
    if prefer_given and flag:
        if found is not None and found != flag:
            an.add(
                "year.overridden",
                "warning",
                f"Năm {flag} do người nạp chọn thay cho năm {found} đọc được từ {source}.",
                "Kiểm tra lại năm trong tiêu đề biểu cho các lần gửi sau.",
                sheet=tables[0].sheet.name,
            )
        found, source = flag, "người nạp chọn"
    elif found is None and flag:
        found, source = flag, "tham số --year"
    elif found is not None and flag and flag != found:
        an.add(
            "year.flag_ignored",
            "warning",
            f"Tệp ghi năm {found} ({source}); năm {flag} được chỉ định bị bỏ qua.",
            "Nếu tệp ghi nhầm năm, sửa trong tệp rồi gửi lại.",
        )
    if found is None:
        an.add(
            "year.unknown",
            "error",
            "Không xác định được năm của báo cáo (không thấy 'NĂM 20..' trong tiêu đề hay tên tệp).",
            "Ghi năm vào tiêu đề biểu, hoặc chạy lại với --year YYYY.",
            sheet=tables[0].sheet.name,
            cell="A1",
        )
        return
    if found < FIRST_YEAR or found > today.year:
        an.add(
            "year.out_of_range",
            "error",
            f"Năm {found} không hợp lệ: Tuần lễ được tổ chức từ năm {FIRST_YEAR} đến nay ({today.year}).",
            "Sửa năm trong tiêu đề biểu, hoặc chạy lại với --year YYYY.",
            **(where if source == "nội dung tệp" else {"sheet": tables[0].sheet.name}),
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
        an.add(
            "unit.bad_flag",
            "error",
            f"Mã đơn vị '{flag}' không phải mã tỉnh/thành phố năm {an.year}.",
            "Dùng mã tỉnh 2 chữ số, ví dụ 01 (Hà Nội), 48 (Đà Nẵng).",
        )
        return
    probe = Analysis(an.file_name, an.file_hash, year=an.year)
    _found_unit(probe, tables, era, None)
    detected = probe.unit
    if detected is not None and detected.code != chosen.code:
        an.add(
            "unit.overridden",
            "warning",
            f"Đơn vị {chosen.name} do người nạp chọn thay cho {detected.name} đọc được từ {probe.unit_source}.",
            "Kiểm tra lại tên đơn vị trong tiêu đề biểu cho các lần gửi sau.",
            sheet=tables[0].sheet.name,
        )
    an.unit, an.unit_source = chosen, "người nạp chọn"


def _found_unit(an: Analysis, tables: list[Table], era: int, flag: str | None) -> None:
    # a table whose rows are provinces is a national consolidation
    for t in tables:
        if t.shape == "wide":
            labels = {r.unit_label for r in t.records if not r.is_total}
            provs = sum(1 for lb in labels if U.match_province_row(lb, era))
            if labels and provs >= max(3, 0.6 * len(labels)):
                an.unit, an.unit_source = U.national(), "các dòng là tỉnh/thành phố"
                return
    province = old_name = None
    for t in tables:
        for text in _title_texts(t):
            found = U.find_province_named(text, era)
            if found:
                (province, old_name), an.unit_source = found, "tiêu đề biểu"
                break
        if province:
            break
    if province is None:
        for hint in U.file_name_hints(an.file_name):
            found = U.find_province_named(hint, era)
            if found:
                (province, old_name), an.unit_source = found, "tên tệp"
    if province is None:
        province = _province_from_rows(tables, era)
        if province:
            an.unit_source = "tên các đơn vị trong bảng"
    if province is None and flag:
        province = au.province_by_code(era).get(flag.zfill(2))
        if province:
            an.unit_source = "tham số --unit"
        else:
            an.add(
                "unit.bad_flag",
                "error",
                f"Mã đơn vị '{flag}' không phải mã tỉnh/thành phố năm {an.year}.",
                "Dùng mã tỉnh 2 chữ số, ví dụ 01 (Hà Nội), 48 (Đà Nẵng).",
            )
            return
    elif province is not None and flag and flag.zfill(2) != province.code:
        an.add(
            "unit.flag_ignored",
            "warning",
            f"Tệp ghi đơn vị {province.name} ({an.unit_source}); mã {flag} được chỉ định bị bỏ qua.",
        )
    if province is None:
        an.add(
            "unit.unknown",
            "error",
            "Không xác định được tỉnh/thành phố báo cáo (tiêu đề, tên tệp và các dòng đều không nêu).",
            "Ghi 'UBND TỈNH ...' vào tiêu đề biểu, hoặc chạy lại với --unit MÃ_TỈNH (ví dụ --unit 01).",
            sheet=tables[0].sheet.name,
            cell="A1",
        )
        return
    an.unit = U.province_unit(province)
    if old_name is not None and an.unit_source in ("tiêu đề biểu", "tên tệp"):
        an.add(
            "unit.merged_province",
            "warning",
            f"Tệp ghi {old_name.name} ({an.unit_source}), tỉnh đã sáp nhập vào {province.name} từ 1/7/2025; "
            f"số liệu năm {an.year} được nạp cho {province.name}.",
            "Nếu đây là báo cáo của năm trước 2025, sửa năm trong tiêu đề; "
            "nếu không, ghi tên tỉnh mới cho các lần sau.",
            sheet=tables[0].sheet.name,
        )


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
                "error",
                f"Bảng chỉ có cột của năm {', '.join(map(str, years)) or 'trước'}, không có cột năm báo cáo {an.year}.",
                "Kiểm tra năm trong tiêu đề biểu (hoặc --year), hoặc thêm cột số liệu năm báo cáo.",
                t.sheet.name,
            )
        t.records = kept


def row_key(label: str) -> str:
    """Under this key an officer's answer on what a row is ('unit' / 'subtotal') is remembered."""
    return "row:" + " ".join(strip_diacritics(label).split()).lower()


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
            v = p.value if p.value is not None else (0 if p.na else None)
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
        if first.is_total:
            roles[r] = (Role("total", "dòng tổng — dùng để đối chiếu, không cộng"), None)
            continue
        u = _row_unit(an, label, era)
        answer = learned.get(row_key(label)) if u is not None else None
        if u is None:
            roles[r] = (Role("total", f"tên {an.unit.name}: dòng tổng — dùng để đối chiếu"), None)
        elif answer in ("unit", "subtotal"):
            # the officer's word wins over any evidence (a correction on the upload page, --answer)
            roles[r] = (_answered_row(answer), u)
        elif u.level != "other" and first.row_kind != "group":
            roles[r] = (Role("unit", "đơn vị trực thuộc"), u)
        else:
            candidates.append(r)
            roles[r] = (Role("candidate"), u)
    numbers = {r: _row_numbers(rows[r]) for r in order}
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
        return roles[q][0].kind in ("total", "subtotal") or rows[q][0].row_kind == "group"

    # "Cộng" under each group is the group's sum, not the table's total: a total-named row that adds
    # up only part of the unit rows is a subtotal
    n_units = sum(1 for q in order if roles[q][0].kind in ("unit", "candidate"))
    for r in order:
        if roles[r][0].kind != "total" or roles[r][1] is not None or rows[r][0].is_total is False:
            continue
        idx = order.index(r)
        for block in (
            list(reversed(list(_takewhile_not(boundary, reversed(order[:idx]))))),
            list(_takewhile_not(boundary, order[idx + 1 :])),
        ):
            if len(block) < n_units and sums_block(numbers[r], [numbers[q] for q in block]):
                lo, hi = min(block) + 1, max(block) + 1
                roles[r] = (Role("subtotal", f"bằng tổng các dòng {lo}–{hi}: dòng cộng nhóm — không cộng"), None)
                break

    for r in candidates:
        idx = order.index(r)
        above = list(reversed(list(_takewhile_not(boundary, reversed(order[:idx])))))
        below = list(_takewhile_not(boundary, order[idx + 1 :]))
        named = rows[r][0].row_kind == "group"
        for block in (below, above):
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
        if roles[r][0].kind != "candidate":
            continue
        if not any(numbers[r].values()):  # nothing but zeros: summed or not, no figure changes
            roles[r] = (Role("subtotal", "toàn số 0 — không cộng (không đổi số nào)"), roles[r][1])
            continue
        label = rows[r][0].unit_label or ""
        u = roles[r][1]
        if an.unit.level == "national" and rows[r][0].row_kind != "group":
            roles[r] = (Role("unit", "tỉnh/thành phố"), u)  # an unknown province name stays an error
        elif rows[r][0].row_kind != "group" and _names_a_unit_type(label):
            roles[r] = (Role("unit", "tên có chữ xã/phường/huyện...: đơn vị trực thuộc chưa có trong danh mục"), u)
    _settle_by_total(an, t, rows, roles, numbers)
    return roles


def _answered_row(answer: str) -> Role:
    kind = "unit" if answer == "unit" else "subtotal"
    return Role(kind, "cán bộ đã chọn: " + ("đơn vị trực thuộc" if kind == "unit" else "dòng cộng nhóm"))


def _takewhile_not(stop, items):
    for q in items:
        if stop(q):
            return
        yield q


def _settle_by_total(an, t: Table, rows, roles, numbers) -> None:
    """Rows still undecided: the table's own total row says whether they add in. If it cannot, the
    officer is asked; nothing is guessed."""
    open_rows = [r for r, (role, _) in roles.items() if role.kind == "candidate"]
    if not open_rows:
        return
    stated: dict[int, float] = {}
    for r, (role, u) in roles.items():
        if role.kind == "total" and u is None:
            for c, v in numbers[r].items():
                stated.setdefault(c, v)
    units = defaultdict(float)
    for r, (role, _) in roles.items():
        if role.kind == "unit":
            for c, v in numbers[r].items():
                units[c] += v
    extra = defaultdict(float)
    for r in open_rows:
        for c, v in numbers[r].items():
            extra[c] += v
    cols = [c for c in stated if units.get(c) or extra.get(c)]
    if cols and any(extra.get(c) for c in cols):
        without = all(abs(stated[c] - units.get(c, 0)) < 1e-6 for c in cols)
        with_ = all(abs(stated[c] - units.get(c, 0) - extra.get(c, 0)) < 1e-6 for c in cols)
        if without != with_:
            for r in open_rows:
                kind = "unit" if with_ else "subtotal"
                why = "dòng tổng của bảng khớp khi " + (
                    "cộng dòng này: đơn vị trực thuộc" if with_ else "không cộng dòng này — không cộng"
                )
                roles[r] = (Role(kind, why), roles[r][1])
            return
    for r in open_rows:
        label = rows[r][0].unit_label or ""
        key = row_key(label)
        where = "huyện/xã" if an.year and an.year < 2025 else "xã/phường"
        an.add(
            "ask.row_role",
            "question",
            f"Dòng '{label}' không phải tên một {where} của {an.unit.name} và không bằng tổng của nhóm dòng nào; "
            "không rõ đây là một đơn vị (cộng vào tổng tỉnh) hay dòng cộng nhóm (không cộng).",
            "Chọn một cách đọc; lựa chọn được ghi nhớ cho mọi tệp sau có dòng này.",
            t.sheet.name,
            a1(r, t.unit_column or 0),
            options=(
                (key, "unit", "Là một đơn vị trực thuộc: cộng vào tổng"),
                (key, "subtotal", "Là dòng cộng nhóm hay dòng tiêu đề: không cộng"),
            ),
        )
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
        for r in t.records:
            role, u = roles[r.row]
            label = r.unit_label or ""
            if role.kind == "total":
                out.append((None, r, sheet, factor))
                continue
            if role.kind != "unit":
                continue  # a subtotal, a group row or a row the officer is asked about: never summed
            if u.level == "other" and label not in seen_unknown:
                seen_unknown.add(label)
                if an.unit.level == "national":
                    an.add(
                        "unit.row_unknown",
                        "error",
                        f"Không nhận ra tỉnh/thành phố '{label}'.",
                        "Sửa tên tỉnh theo danh mục (ví dụ 'Hà Nội', 'TP. Hồ Chí Minh') rồi gửi lại.",
                        sheet,
                        a1(r.row, t.unit_column),
                    )
                else:
                    an.add(
                        "unit.row_unmatched",
                        "warning",
                        f"'{label}' không khớp tên huyện/xã nào của {an.unit.name}; "
                        "vẫn được nạp như một đơn vị trực thuộc.",
                        "Kiểm tra chính tả tên đơn vị.",
                        sheet,
                        a1(r.row, t.unit_column),
                    )
            out.append((u, r, sheet, factor))
    return out


def _row_unit(an: Analysis, label: str, era: int) -> U.Unit | None:
    return _row_unit_cached(label, an.unit.level == "national", an.unit.province_code, era)


@lru_cache(maxsize=50_000)
def _row_unit_cached(label: str, national: bool, prov: str, era: int) -> U.Unit | None:
    """The unit a row of a consolidated table names; None for the province itself (its total)."""
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
    an: Analysis, rec: Record, sheet: str, table_factor: int | None, cell: str, ind: catalog.Indicator
) -> int | None:
    value, cell_factor = plain_number(rec.raw), None
    if value is None:  # text, an error cell, an empty one: parsed in full
        p = parse_cell(rec.raw)
        if p.error:
            an.add(
                "value.not_number",
                "error",
                f"Giá trị của '{rec.label}' {p.error}.",
                "Nhập số (ví dụ 1.234), '-' nếu bằng 0, hoặc để trống.",
                sheet,
                cell,
            )
            return None
        if p.value is None:
            return None
        value, cell_factor = p.value, p.money_factor
    if value < 0:
        an.add(
            "value.negative",
            "error",
            f"Giá trị của '{rec.label}' là số âm ({rec.raw}).",
            "Số liệu thống kê không được âm; sửa lại ô này.",
            sheet,
            cell,
        )
        return None
    if ind.is_money:
        factor = cell_factor or rec.money_factor or table_factor or 1
        return int(round(value * factor))
    if cell_factor and cell_factor != 1:
        an.add(
            "value.unit_mismatch",
            "error",
            f"'{rec.raw}' là số tiền nhưng chỉ tiêu '{ind.label_vi}' là số lượng.",
            "Kiểm tra lại cột/dòng này.",
            sheet,
            cell,
        )
        return None
    if abs(value - round(value)) > 1e-9:
        an.add(
            "value.fraction",
            "error",
            f"'{rec.label}' phải là số nguyên, ô ghi {rec.raw}.",
            "Sửa thành số nguyên.",
            sheet,
            cell,
        )
        return None
    return int(round(value))


def _collect_values(an: Analysis, recs: list[_Assigned], learned: Mapping[str, str] | None = None) -> None:
    by_unit: dict[tuple[str, str], Value] = {}
    totals: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    derived_typed: list[Value] = []
    keys: dict[int, str] = {}  # id(value) -> the label key of the cell it came from
    unreadable: set[str] = set()
    indicators = catalog.by_code()
    for unit, rec, sheet, table_factor in recs:
        code, raw = rec.code, rec.raw
        ind = indicators[code]
        cell = a1(rec.row, rec.col)
        if type(raw) is float and raw.is_integer() and raw >= 0 and not ind.is_money:
            v = int(raw)  # the usual cell, a whole count typed as a number: nothing to check or scale
            text = str(v)
        else:
            n = len(an.problems)
            v = _number(an, rec, sheet, table_factor, cell, ind)
            if v is None:
                if len(an.problems) > n:
                    unreadable.add(code)  # its totals cannot be checked: the error says why already
                continue
            text = _raw(raw)
        if unit is None:
            totals[code].append((v, sheet, cell))
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
    if an.unit.level == "province" and subs:
        values = _roll_up(an, values, subs, learned or {}, unreadable)
    an.values = values
    _check_totals(an, {c: t for c, t in totals.items() if c not in unreadable}, derived_typed, learned or {})


def _ask_competing(an: Analysis, ind, unit, prev: Value, val: Value, prev_key: str, key: str) -> None:
    """Two cells claim one indicator of one unit with different numbers. If both have a label the
    officer can map, the question is which one is the indicator (the other is ignored, remembered
    like any label mapping); else it is a contradiction inside the file, an error as before."""
    options = tuple(
        (k, "ignore", f"Ô {c} ('{lb}') không phải chỉ tiêu này: bỏ qua ô đó")
        for k, c, lb in ((key, val.cell, val.label), (prev_key, prev.cell, prev.label))
        if k
    )
    where = f"{fmt_int(prev.value)} ({prev.sheet}!{prev.cell}) và {fmt_int(val.value)} ({val.sheet}!{val.cell})"
    if len(options) == 2 and prev_key != key:
        an.add(
            "ask.competing",
            "question",
            f"Hai ô cùng được đọc là '{ind.label_vi}' của {unit.name}: {where}.",
            "Chọn ô nào không phải chỉ tiêu này (lựa chọn được ghi nhớ cho các tệp sau).",
            val.sheet,
            val.cell,
            options=options,
        )
        return
    an.add(
        "value.conflict",
        "error",
        f"Chỉ tiêu '{ind.label_vi}' của {unit.name} có hai giá trị khác nhau: {where}.",
        "Giữ một dòng/cột cho mỗi chỉ tiêu rồi gửi lại.",
        val.sheet,
        val.cell,
    )


def total_key(an: Analysis, sheet: str, cell: str) -> str:
    """Under this key the officer's answer to a total that disagrees with its rows is kept: it
    names the file (by hash) and the cell, as the answer holds for that file only."""
    return f"total:{an.file_hash[:12]}:{sheet}!{cell}"


def _total_disagrees(an: Analysis, learned: Mapping[str, str], message: str, sheet: str, cell: str) -> None:
    """A stated total that is not the sum of its rows: the rows may be misread or the total
    mistyped. Unless the officer said the rows are right, the file waits for that answer."""
    key = total_key(an, sheet, cell)
    if learned.get(key) == "rows":
        an.add("total.mismatch", "warning", message + " Cán bộ đã xác nhận: dùng tổng các dòng.", "", sheet, cell)
        return
    an.add(
        "ask.total_mismatch",
        "question",
        message,
        "Kiểm tra các dòng và dòng tổng; nếu số các dòng đúng (dòng tổng ghi sai), chọn dùng tổng các dòng.",
        sheet,
        cell,
        options=((key, "rows", "Số các dòng đúng, dòng tổng ghi sai: dùng tổng các dòng"),),
    )


def _raw(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def _roll_up(
    an: Analysis, values: list[Value], subs: list[Value], learned: Mapping[str, str], unreadable: set[str]
) -> list[Value]:
    """The province value is the sum of its sub-units; a figure the province typed itself is kept
    only for indicators its sub-units do not report."""
    prov = an.unit
    sums: dict[str, int] = defaultdict(int)
    where: dict[str, list[Value]] = defaultdict(list)
    for v in subs:
        sums[v.code] += v.value
        where[v.code].append(v)
    direct = {v.code: v for v in values if v.unit.code == prov.code}
    out = [v for v in values if v.unit.code != prov.code]
    for code, total in sums.items():
        cells = where[code]
        span = f"{cells[0].sheet}!{cells[0].cell}" + (f":{cells[-1].cell}" if len(cells) > 1 else "")
        sheet, _, cell = span.partition("!")
        d = direct.pop(code, None)
        if d and d.value != total and code not in unreadable:
            _total_disagrees(
                an,
                learned,
                f"'{catalog.by_code()[code].label_vi}': {prov.name} ghi {fmt_int(d.value)} "
                f"nhưng tổng các đơn vị là {fmt_int(total)}.",
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
                    f"Dòng tổng ghi '{catalog.by_code()[code].label_vi}' = {fmt_int(value)} "
                    f"nhưng cộng các dòng được {fmt_int(got)}.",
                    sheet,
                    cell,
                )
    # typed totals of derived indicators ("Tổng số lớp") are checked against the types' sum
    by_unit: dict[tuple[str, str], int] = defaultdict(int)
    if derived_typed:
        for x in an.values:
            by_unit[(x.unit.code, x.code)] += x.value
    for v in derived_typed:
        parts = _derived_parts(v.code)
        got = sum(by_unit.get((v.unit.code, c), 0) for c in set(parts))
        if parts and got != v.value:
            _total_disagrees(
                an,
                learned,
                f"'{v.label}' ghi {fmt_int(v.value)} nhưng cộng các loại được {fmt_int(got)}.",
                v.sheet,
                v.cell,
            )


def _derived_parts(code: str) -> list[str]:
    if code == "classes.total.classes":
        return catalog.class_codes("classes")
    if code == "classes.total.learners":
        return catalog.class_codes("learners")
    if code == "funding.total":
        return ["funding.state_budget", "funding.socialized"]
    return []
