"""Tune variations of the format, encoding, measure and wording categories (issue 14, second
round): the shapes real files take that the first catalogue did not render. Built from the Plan's
shared knobs, their own writers (`writers_formats`) and their own edits of the rendered sheets
(`Plan.edits`, applied after rendering); nothing here was read from or tuned on the held-out half.

Registered at the end of `catalogue` (`VARIATIONS += ...`), all in the `tune` half."""

from __future__ import annotations

import datetime as dt
import unicodedata

from fixtures_factory import to_tcvn3, to_vni

from variations.catalogue import SHEETED, VERTICAL, WIDE, Context, Variation, _need_classes, _reword, _set, _then
from variations.plan import Plan, Sheet

TUNE = "tune"


# ------------------------------------------------------------------------------ sheet edits
def _edit(fn):
    """A variation step that adds `fn(plan, sheets)` to the edits made after rendering."""

    def apply(plan: Plan, ctx: Context) -> None:
        plan.edits.append(fn)

    return apply


def _header_rows(sheet: Sheet) -> list[int]:
    """Rows that head a table: 'STT' in the first cell (every table the renderers write has it)."""
    return [r for r, row in enumerate(sheet.rows) if row and isinstance(row[0], str) and row[0].strip() == "STT"]


def _map_strings(sheet: Sheet, fn, rows=None) -> None:
    for r, row in enumerate(sheet.rows):
        if rows is not None and r not in rows:
            continue
        for c, v in enumerate(row):
            if isinstance(v, str):
                row[c] = fn(v)


def _legacy(kind: str, where: str):
    """Text typed with a legacy font: TCVN3 (.VnTime) or VNI-Times, in every cell or only in the
    title block above the table (a title kept from an old template, the body typed in Unicode)."""
    convert = to_tcvn3 if kind == "tcvn3" else to_vni

    def edit(plan: Plan, sheets: list[Sheet]) -> None:
        if plan.fmt == "xls" and plan.encoding in ("tcvn3", "vni"):
            return  # the writer types every cell in a legacy font already
        for s in sheets:
            heads = _header_rows(s)
            title = set(range(heads[0])) if heads and where == "title" else None
            _map_strings(s, convert, title)

    return edit


def _nfd(plan: Plan, sheets: list[Sheet]) -> None:
    """Decomposed Unicode (NFD): text pasted from a Mac or from a web page, tones as marks."""
    for s in sheets:
        _map_strings(s, lambda v: unicodedata.normalize("NFD", v))


def _report_dates(plan: Plan, sheets: list[Sheet]) -> None:
    """Date cells: the report's date above the table (sent in October, or in January of the next
    year when late) and the date the table was drawn up under it, as Excel keeps them (a date
    serial with a date format)."""
    rng = plan.rng("dates")
    for s, truth in zip(sheets[-len(plan.truths) :], plan.truths, strict=False):
        heads = _header_rows(s)
        if not heads:
            continue
        y = truth.year
        sent = dt.date(y, 10, rng.randint(8, 31)) if rng.random() < 0.6 else dt.date(y + 1, 1, rng.randint(2, 28))
        s.rows.insert(heads[0], ["Ngày báo cáo:", sent])
        s.merges[:] = [(r0 + (r0 >= heads[0]), c0, r1 + (r1 >= heads[0]), c1) for r0, c0, r1, c1 in s.merges]
        s.hidden_rows = {r + (r >= heads[0]) for r in s.hidden_rows}  # the rows below move down one
        s.rows.append([])
        s.rows.append([None, "Ngày lập biểu", sent])


def _unit_into_label(plan: Plan, sheets: list[Sheet]) -> None:
    """No ĐVT column: each label says its unit in parentheses ('Lớp ngoại ngữ (lớp)',
    '- Số lượt người học (lượt người)', 'Kinh phí từ ngân sách nhà nước (triệu đồng)')."""
    for s in sheets:
        heads = _header_rows(s)
        if not heads:
            continue
        dvt = next((c for c, v in enumerate(s.rows[heads[0]]) if v == "ĐVT"), None)
        if dvt is None:
            continue
        for r in range(heads[0], len(s.rows)):
            row = s.rows[r]
            if len(row) <= dvt:
                continue
            unit = row[dvt]
            if r not in heads and isinstance(unit, str) and unit and isinstance(row[1], str) and row[1]:
                row[1] = f"{row[1]} ({unit})"
            del row[dvt]
        s.hidden_cols = {c - (c > dvt) for c in s.hidden_cols if c != dvt}


_UNIT_WORDS = {
    "lượt người": ("người", "lượt", "Lượt người", "lượt người"),
    "HV": ("HV", "học viên", "Học viên", "lượt HV"),
    "lớp": ("Lớp", "lớp", "lớp học"),
    "cuộc": ("Cuộc", "cuộc"),
    "người": ("người", "Người"),
}


def _unit_words(plan: Plan, sheets: list[Sheet]) -> None:
    """The ĐVT column in the words officers type: 'người', 'lượt', 'HV', 'học viên', 'Lớp'."""
    rng = plan.rng("unit-words")
    choice = {k: rng.choice(v) for k, v in _UNIT_WORDS.items()}
    for s in sheets:
        heads = _header_rows(s)
        if not heads:
            continue
        dvt = next((c for c, v in enumerate(s.rows[heads[0]]) if v == "ĐVT"), None)
        if dvt is None:
            continue
        for row in s.rows[heads[0] + 1 :]:
            if len(row) > dvt and row[dvt] in choice:
                row[dvt] = choice[row[dvt]]


_VALUE_HEADS = {
    "Số lượng": ("Số lượng", "Kết quả thực hiện", "Kết quả", "SL"),
    "Số lượt người tham gia": ("Số người tham gia", "Lượt người", "Số lượt người học, tham gia", "Số người học/dự"),
}


def _value_header_words(plan: Plan, sheets: list[Sheet]) -> None:
    """Count and people columns headed in other words; the header still says which is which."""
    rng = plan.rng("value-heads")
    for s in sheets:
        for h in _header_rows(s):
            row = s.rows[h]
            for c, v in enumerate(row):
                if v in _VALUE_HEADS:
                    row[c] = rng.choice(_VALUE_HEADS[v])


def _numbered_labels(plan: Plan, sheets: list[Sheet]) -> None:
    """The numbering typed into the label ('1. Văn bản chỉ đạo...', '+ Số lớp'), the STT column
    left empty below its header."""
    for s in sheets:
        heads = set(_header_rows(s))
        if not heads:
            continue
        for r in range(min(heads) + 1, len(s.rows)):
            row = s.rows[r]
            if r in heads or len(row) < 2 or not isinstance(row[1], str) or not row[1]:
                continue
            stt = row[0]
            if isinstance(stt, str) and stt.strip():
                row[1] = f"{stt.strip()}. {row[1]}"
            elif row[1].startswith("- "):
                row[1] = "+ " + row[1][2:]
            row[0] = None


def _units_in_value_cells(plan: Plan, sheets: list[Sheet]) -> None:
    """Counts typed with their unit in the cell ('12 lớp', '340 người'), as the ĐVT says."""
    for s in sheets:
        heads = _header_rows(s)
        if not heads:
            continue
        head = s.rows[heads[0]]
        dvt = next((c for c, v in enumerate(head) if v == "ĐVT"), None)
        value = next((c for c, v in enumerate(head) if v == "Số lượng"), None)
        if dvt is None or value is None:
            continue
        for row in s.rows[heads[0] + 1 :]:
            if len(row) > max(dvt, value) and isinstance(row[value], int) and isinstance(row[dvt], str):
                if row[dvt] and "đồng" not in row[dvt] and "/" not in row[dvt]:
                    row[value] = f"{row[value]} {row[dvt]}"


def _upper_labels(plan: Plan, sheets: list[Sheet]) -> None:
    """Every label of the table typed in capitals ('LỚP NGOẠI NGỮ', '- SỐ LƯỢT NGƯỜI HỌC')."""
    for s in sheets:
        heads = _header_rows(s)
        if heads:
            _map_strings(s, str.upper, set(range(heads[0] + 1, len(s.rows))))


def _line_breaks(plan: Plan, sheets: list[Sheet]) -> None:
    """Long labels and headers wrapped by hand (Alt+Enter): a line break near the middle."""

    def wrap(text: str) -> str:
        if len(text) < 18 or "\n" in text:
            return text
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        if not spaces:
            return text
        at = min(spaces, key=lambda i: abs(i - len(text) // 2))
        return text[:at] + "\n" + text[at + 1 :]

    for s in sheets:
        heads = _header_rows(s)
        if heads:
            _map_strings(s, wrap, set(range(heads[0], len(s.rows))))


def _mixed_rows(plan: Plan, sheets: list[Sheet]) -> None:
    """A table typed over the years: every other row in VNI-Times, the rest in Unicode."""
    if plan.fmt == "xls" and plan.encoding in ("tcvn3", "vni"):
        return
    for s in sheets:
        _map_strings(s, to_vni, set(range(0, len(s.rows), 2)))


_SHORT_MEASURES = {
    "Số lớp": ("Lớp", "lớp", "Số lớp học"),
    "Số lượt người học": ("HV", "Học viên", "Người học", "Lượt người"),
    "Số cuộc": ("Cuộc", "cuộc"),
    "Số lượt người tham gia": ("Người", "Lượt người", "Người tham gia"),
}


def _short_measures(plan: Plan, sheets: list[Sheet]) -> None:
    """A wide table's measure row in the unit words ('Lớp | HV', 'Cuộc | Người')."""
    rng = plan.rng("short-measures")
    choice = {k: rng.choice(v) for k, v in _SHORT_MEASURES.items()}
    for s in sheets:
        for h in _header_rows(s):
            for row in s.rows[h : h + 3]:
                for c, v in enumerate(row):
                    if v in choice:
                        row[c] = choice[v]


def _web_spaces(plan: Plan, sheets: list[Sheet]) -> None:
    """Text pasted from a web page: non-breaking spaces between words, a zero-width space here
    and there, a trailing space."""
    rng = plan.rng("web-spaces")

    def paste(text: str) -> str:
        words = text.split(" ")
        out = words[0]
        for w in words[1:]:
            out += rng.choice(("\xa0", " ", " ", "\u200b ")) + w
        return out + (" " if rng.random() < 0.3 else "")

    for s in sheets:
        heads = _header_rows(s)
        if heads:
            _map_strings(s, paste, set(range(heads[0], len(s.rows))))


_UNIT_HEADS = ("Đơn vị tính", "ĐV tính", "Đvt", "Đơn vị", "Đ.vị tính", "ĐVT")


def _unit_column_header(plan: Plan, sheets: list[Sheet]) -> None:
    """The ĐVT column headed in other words: 'Đơn vị tính', 'ĐV tính', 'Đvt', 'Đơn vị'."""
    head = plan.rng("unit-head").choice(_UNIT_HEADS)
    for s in sheets:
        for h in _header_rows(s):
            s.rows[h] = [head if v == "ĐVT" else v for v in s.rows[h]]


def _year_as_value_header(plan: Plan, sheets: list[Sheet]) -> None:
    """The value column headed by the report's year ('Năm 2024', 'Kết quả năm 2024', '2024')."""
    rng = plan.rng("year-head")
    for s, truth in zip(sheets[-len(plan.truths) :], plan.truths, strict=False):
        head = rng.choice((f"Năm {truth.year}", f"Kết quả năm {truth.year}", f"Số liệu năm {truth.year}"))
        for h in _header_rows(s):
            s.rows[h] = [head if v == "Số lượng" else v for v in s.rows[h]]


def _label_forms(plan: Plan, sheets: list[Sheet]) -> None:
    """Labels as officers type them: 'Số ' before a subject ('Số lễ khai mạc...'), a colon after
    a heading of measures ('Lớp ngoại ngữ:')."""
    rng = plan.rng("label-forms")
    for s in sheets:
        heads = _header_rows(s)
        if not heads:
            continue
        for row in s.rows[heads[0] + 1 :]:
            if len(row) < 2 or not isinstance(row[1], str) or not row[1] or row[1].isupper():
                continue
            label = row[1]
            if label.startswith(("Lớp", "Lễ", "Cuộc", "Văn bản", "Tin, bài", "Băng rôn")) and rng.random() < 0.5:
                label = "Số " + label[0].lower() + label[1:]
            elif not any(isinstance(v, int | float) for v in row[2:]) and not label.startswith("-"):
                label += ":"
            row[1] = label


def _no_diacritics(plan: Plan, sheets: list[Sheet]) -> None:
    """The table typed without a Vietnamese keyboard: no tone or vowel marks below the title
    ('Lop ngoai ngu', 'So luot nguoi hoc', 'Huyen Bat Xat')."""
    from fixtures_factory import no_diacritics

    for s in sheets:
        heads = _header_rows(s)
        if heads:
            _map_strings(s, no_diacritics, set(range(heads[0], len(s.rows))))


def _text_format(fmt: str, encoding: str = ""):
    def apply(plan: Plan, ctx: Context) -> None:
        plan.fmt, plan.encoding = fmt, encoding

    return apply


def _one_of_formats(*fmts: str):
    def apply(plan: Plan, ctx: Context) -> None:
        plan.fmt, plan.encoding = ctx.rng.choice(fmts), ""

    return apply


def _one_of_encodings(fmt: str, *encodings: str):
    def apply(plan: Plan, ctx: Context) -> None:
        plan.fmt, plan.encoding = fmt, ctx.rng.choice(encodings)

    return apply


def _abbreviations(plan: Plan, ctx: Context) -> None:
    from variations.catalogue import _abbreviated

    _reword(plan, ctx, 1.0, prefer=_abbreviated)


XLS = frozenset({"xls"})
XLSX = frozenset({"xlsx"})
CSV = frozenset({"csv"})
TSV = frozenset({"tsv"})

V = Variation
VARIATIONS: tuple[Variation, ...] = (
    # ---- format
    V(
        "xls_that_is_html",
        "format",
        TUNE,
        _one_of_encodings("xls_html", "", "entities", "windows-1258"),
        formats=XLS,
        slots=("format", "sheets"),  # an export holds one report
        doc="an .xls that is an HTML table (software export; Vietnamese as &#...; entities or UTF-8)",
    ),
    V(
        "xls_that_is_xml2003",
        "format",
        TUNE,
        _text_format("xls_xml2003"),
        formats=XLS,
        slots=("format",),
        doc="an .xls that is Excel's XML Spreadsheet 2003",
    ),
    V("xlsx_renamed_xls", "format", TUNE, _text_format("xls_is_xlsx"), formats=XLS, slots=("format",)),
    V(
        "formulas_with_cached_values",
        "format",
        TUNE,
        _then(_text_format("xlsx_formulas"), _edit(_report_dates)),
        formats=XLSX,
        slots=("format",),
        doc="counts as '=12+30', totals as '=SUM(C8:C14)', the report's date as a date cell",
    ),
    V(
        "libreoffice_ods_with_formulas",
        "format",
        TUNE,
        _text_format("ods_formulas"),
        formats=frozenset({"ods"}),
        slots=("format",),
        doc="an .ods saved by LibreOffice Calc: counts as formulas with their values, hidden columns collapsed",
    ),
    V(
        "excel_unicode_text",
        "format",
        TUNE,
        _one_of_formats("txt_utf16", "csv_utf16"),
        formats=TSV,
        slots=("format",),
        doc="Excel's 'Unicode Text': UTF-16 with BOM, tab-separated, named .txt or .csv",
    ),
    V(
        "csv_with_bom_or_cr",
        "format",
        TUNE,
        _one_of_encodings("csv_bytes", "utf-8-sig", "utf-8+cr", "utf-8-sig+cr", "utf-8-sig+sep", "utf-8+quoted"),
        formats=CSV,
        slots=("format",),
        doc="Excel's 'CSV UTF-8' (BOM), 'CSV (Macintosh)' line ends (CR), a first line 'sep=,' (Excel's hint)",
    ),
    V(
        "dates_as_date_cells",
        "format",
        TUNE,
        _edit(_report_dates),
        # xlwt writes a date without a date format: Excel would show a bare serial, which no one types
        formats=frozenset({"xlsx", "ods", "csv", "tsv"}),
        doc="'Ngày báo cáo: 15/01/2025' as a date cell for the 2024 report",
    ),
    V(
        "tab_text_in_ansi",
        "format",
        TUNE,
        _one_of_encodings("txt_ansi", "cp1258", "cp1258-nfc"),
        formats=TSV,
        slots=("format",),
        doc="Excel's 'Text (Tab delimited)' on a Vietnamese Windows: .txt in Windows-1258",
    ),
    # ---- encoding
    V(
        "vni_and_unicode_rows_mixed",
        "encoding",
        TUNE,
        _edit(_mixed_rows),
        formats=SHEETED,
        slots=("encoding",),
        doc="every other row typed in VNI-Times, the others in Unicode",
    ),
    V(
        "vni_font_in_cells",
        "encoding",
        TUNE,
        _edit(_legacy("vni", "all")),
        formats=SHEETED,
        slots=("format", "encoding"),
        doc="every cell typed with VNI-Times (Latin-1 letters in a Unicode workbook)",
    ),
    V(
        "tcvn3_title_unicode_body",
        "encoding",
        TUNE,
        _edit(_legacy("tcvn3", "title")),
        formats=SHEETED,
        slots=("encoding",),
        doc="the title block in .VnTime (TCVN3), the table typed in Unicode",
    ),
    V(
        "csv_in_legacy_bytes",
        "encoding",
        TUNE,
        _one_of_encodings("csv_bytes", "tcvn3", "vni", "viscii"),
        formats=CSV,
        slots=("format", "encoding"),
        doc="a CSV saved in TCVN3, VNI or VISCII bytes",
    ),
    V(
        "decomposed_unicode",
        "encoding",
        TUNE,
        _edit(_nfd),
        slots=("encoding",),
        doc="NFD text: 'Lớp' as L, o, combining horn, combining acute, p",
    ),
    V(
        "text_pasted_from_the_web",
        "encoding",
        TUNE,
        _edit(_web_spaces),
        formats=SHEETED,  # a legacy code page has no zero-width space: a text file would drop it
        slots=("spaces",),
        doc="non-breaking and zero-width spaces inside labels and headers",
    ),
    V(
        "table_typed_without_marks",
        "encoding",
        TUNE,
        _edit(_no_diacritics),
        slots=("spaces", "encoding"),  # marks stripped from legacy-font text would be neither
        doc="'Lop ngoai ngu | lop | 3': the table below the title typed without diacritics",
    ),
    # ---- measure
    V(
        "measure_row_in_unit_words",
        "measure",
        TUNE,
        _then(_need_classes, _edit(_short_measures)),
        WIDE,
        slots=("depth",),  # the measure row of a two-row header
        doc="'Lớp | HV', 'Cuộc | Người' under each subject of a wide table",
    ),
    V(
        "unit_in_label_parentheses",
        "measure",
        TUNE,
        _then(_need_classes, _set(measure_mode="dvt"), _edit(_unit_into_label)),
        VERTICAL,
        slots=("values", "order"),
        doc="no ĐVT column: 'Lớp ngoại ngữ (lớp) | 3', '- Số lượt người học (lượt người) | 70'",
    ),
    V(
        "unit_column_words",
        "measure",
        TUNE,
        _then(_need_classes, _set(measure_mode=lambda r: r.choice(("dvt", "children"))), _edit(_unit_words)),
        VERTICAL,
        slots=("values",),
        doc="ĐVT 'người', 'lượt', 'HV', 'học viên', 'Lớp' for the measures",
    ),
    V(
        "value_headers_name_the_measure",
        "measure",
        TUNE,
        _then(_need_classes, _set(measure_mode="two_cols"), _edit(_value_header_words)),
        VERTICAL,
        slots=("values",),
        doc="'Số lượng | Số người tham gia' columns in other words: 'Kết quả thực hiện', 'Lượt người'",
    ),
    V(
        "units_typed_in_value_cells",
        "measure",
        TUNE,
        _then(_need_classes, _set(measure_mode=lambda r: r.choice(("dvt", "children"))), _edit(_units_in_value_cells)),
        VERTICAL,
        slots=("values", "numbers"),
        doc="'12 lớp', '340 lượt người' in the value cells",
    ),
    V(
        "unit_column_headed_in_other_words",
        "measure",
        TUNE,
        _then(_need_classes, _set(measure_mode="dvt"), _edit(_unit_column_header)),
        VERTICAL,
        slots=("values",),
        doc="'Đơn vị tính', 'ĐV tính', 'Đvt', 'Đơn vị' over the unit column that decides the measure",
    ),
    V(
        "value_column_headed_by_the_year",
        "measure",
        TUNE,
        _edit(_year_as_value_header),
        VERTICAL,
        slots=("values",),
        doc="'Năm 2024', 'Kết quả năm 2024' over the only value column",
    ),
    # ---- wording
    V(
        "labels_with_so_and_colons",
        "wording",
        TUNE,
        _edit(_label_forms),
        VERTICAL,
        doc="'Số lễ khai mạc, phát động', 'Lớp ngoại ngữ:'",
    ),
    V("labels_in_capitals", "wording", TUNE, _edit(_upper_labels), VERTICAL, doc="'LỚP NGOẠI NGỮ'"),
    V(
        "labels_wrapped_by_hand",
        "wording",
        TUNE,
        _edit(_line_breaks),
        doc="'Lớp giáo dục kỹ năng\\nsống', 'Số lượt\\nngười học': Alt+Enter inside labels and headers",
    ),
    V(
        "abbreviations_in_tune_labels",
        "wording",
        TUNE,
        _abbreviations,
        slots=("subjects",),
        doc="TTHTCĐ, KNS, CNTT, CB-CC-VC, NSNN, XHH in the labels",
    ),
    V(
        "numbering_inside_labels",
        "wording",
        TUNE,
        _edit(_numbered_labels),
        VERTICAL,
        doc="'1. Văn bản chỉ đạo...', '+ Số lớp': the numbering typed into the label",
    ),
)
