"""The variations: each a small function that turns knobs of a `Plan` (and, where it must, adds
indicators or a year to the truth), with a name, a category and a half.

Categories 1–6 are those of issue 14 (columns, rows, measure, wording, layout, refusal); the
others are what users expect of any reader (order, header, spacing, hidden, numbers, money,
encoding, format). Each category has variations in both halves: the loader is tuned on `tune`
only, `held_out` measures how general it is. Variations sharing a slot set the same knob and are
never combined; `shapes` and `formats` say where a variation makes sense."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from reference import admin_units as au
from variations.phrasebook import phrases, wordings
from variations.plan import Plan
from variations.truth import MONEY, PAIRS, Truth, indicator_values, pick_sub_units, subject_of

ALL_FORMATS = frozenset({"xlsx", "xls", "ods", "csv", "tsv"})
SHEETED = frozenset({"xlsx", "xls", "ods"})  # formats that hold several sheets, merges, hidden columns
BOTH = frozenset({"vertical", "wide"})
VERTICAL = frozenset({"vertical"})
WIDE = frozenset({"wide"})


@dataclass(frozen=True)
class Context:
    rng: random.Random
    half: str


@dataclass(frozen=True)
class Variation:
    name: str
    category: str
    half: str
    apply: Callable[[Plan, Context], None]
    shapes: frozenset = BOTH
    formats: frozenset = ALL_FORMATS
    slots: tuple[str, ...] = ()
    refusal: str = ""  # the file must be refused with a message containing these words
    doc: str = ""


# ------------------------------------------------------------------------------ helpers
def ensure(plan: Plan, rng: random.Random, *codes_or_subjects: str) -> None:
    """Add indicators to every truth of the plan (a subject adds both of its measures)."""
    for t in plan.truths:
        want = []
        for c in codes_or_subjects:
            want += [f"{c}.{m}" for m in PAIRS[c]] if c in PAIRS else [c]
        missing = [c for c in want if c not in t.codes]
        if not missing:
            continue
        for unit_code, vals in t.values.items():
            vals |= indicator_values(random.Random(f"{rng.random()}:{unit_code}"), missing, _scale(t))
            # keep catalog order, which the renderer relies on for grouping
            t.values[unit_code] = _ordered(vals)


def _scale(t: Truth) -> float:
    return 1.0 if not t.units else 1 / max(1, len(t.units) // 2)


def _ordered(vals: dict[str, int]) -> dict[str, int]:
    from variations.truth import catalog_rows

    order = {c: i for i, c in enumerate(catalog_rows())}
    return dict(sorted(vals.items(), key=lambda kv: order[kv[0]]))


def _has_classes(plan: Plan) -> bool:
    return any(c.startswith("classes.") for c in plan.truth.codes)


def _keys(plan: Plan) -> list[str]:
    """The wording keys a plan writes: subjects, single codes and the measure words."""
    keys: dict[str, None] = {}
    for c in plan.truth.codes:
        s = subject_of(c)
        keys[s or c] = None
        if s:
            keys[f"measure:{c.rsplit('.', 1)[1]}"] = None
    return list(keys)


def _reword(plan: Plan, ctx: Context, share: float, prefer: Callable[[str], bool] | None = None) -> None:
    for key in _keys(plan):
        options = wordings(key, ctx.half)
        if prefer:
            options = [w for w in options if prefer(w)] or ([] if share < 1 else options)
        if options and ctx.rng.random() < share:
            plan.wording[key] = ctx.rng.choice(options)


def _abbreviated(w: str) -> bool:
    return any(len(tok) >= 2 and tok.isupper() for tok in w.replace(",", " ").replace("-", " ").split()) or "&" in w


def _misleading(w: str) -> bool:
    low = w.lower()
    return any(k in low for k in ("người", "lao động", "cán bộ", "cuộc thi", "học viên"))


def _set(**knobs):
    def apply(plan: Plan, ctx: Context) -> None:
        for k, v in knobs.items():
            setattr(plan, k, v(ctx.rng) if callable(v) else v)

    return apply


def _then(*fns):
    def apply(plan: Plan, ctx: Context) -> None:
        for f in fns:
            f(plan, ctx)

    return apply


def _need(*codes: str):
    return lambda plan, ctx: ensure(plan, ctx.rng, *codes)


def _need_classes(plan: Plan, ctx: Context) -> None:
    if not _has_classes(plan):
        ensure(plan, ctx.rng, ctx.rng.choice(("classes.life_skills", "classes.language", "classes.digital")))


def _need_money(plan: Plan, ctx: Context) -> None:
    ensure(plan, ctx.rng, "funding.state_budget", "funding.socialized")


# ------------------------------------------------------------------------------ category apply functions
def _year_sheets(plan: Plan, ctx: Context) -> None:
    """One sheet per year in one workbook: last year's report beside this year's."""
    t = plan.truth
    era_start = 2025
    year = t.year if (t.year - 1 >= era_start) == (t.year >= era_start) else t.year + 1
    if year != t.year:
        t.year = year
    prev = Truth(t.year - 1, t.province, list(t.units), {})
    for unit_code, vals in t.values.items():
        prev.values[unit_code] = indicator_values(
            random.Random(f"{ctx.rng.random()}:{unit_code}"), list(vals), _scale(t)
        )
    plan.truths = [prev, t]


def _zeros(plan: Plan, ctx: Context) -> None:
    """Some counts are 0 (written '-'): a single indicator, and a whole pair."""
    for t in plan.truths:
        singles = [c for c in t.codes if not subject_of(c) and c not in MONEY]
        pairs = sorted({subject_of(c) for c in t.codes if subject_of(c)} - {"classes.online"})
        for vals in t.values.values():
            for c in ctx.rng.sample(singles, k=min(2, len(singles))):
                vals[c] = 0
            for s in ctx.rng.sample(pairs, k=min(1, len(pairs))):
                for m in PAIRS[s]:
                    if f"{s}.{m}" in vals:
                        vals[f"{s}.{m}"] = 0
            if "classes.online.classes" in vals:  # online stays a part of what is left
                vals["classes.online.classes"] = 0
                vals["classes.online.learners"] = 0


def _money_unit(rng: random.Random) -> str:
    return rng.choice(("đồng", "nghìn đồng", "triệu đồng", "tỷ đồng"))


def _heading_labels(plan: Plan, ctx: Context) -> None:
    heads = [p for p in phrases() if p.half == ctx.half and " > " in p.wording]
    ensure(plan, ctx.rng, *sorted({p.code for p in heads}))
    for p in heads:
        plan.wording[p.key] = p.wording
    _reword(plan, ctx, 0.5)
    for p in heads:  # the heading forms win over the random rewording
        plan.wording[p.key] = p.wording


def _misleading_subjects(plan: Plan, ctx: Context) -> None:
    ensure(plan, ctx.rng, "classes.professional", "classes.vocational", "events.contests")
    for key in ("classes.professional", "classes.vocational", "events.contests"):
        options = [w for w in wordings(key, ctx.half) if _misleading(w)] or wordings(key, ctx.half)
        plan.wording[key] = ctx.rng.choice(options)


def _total_word_pool(era: int) -> list[tuple[au.Province, au.SubUnit]]:
    """Sub-units whose bare name starts with what reads as a total or group word once diacritics
    go ("Tổng Cọt", "Tống Trân", "Công Sơn", "Vũng Tàu"): a list of units must still read them."""
    from etl import units as U
    from etl.labels import is_total_label
    from etl.roles import group_label

    out = []
    for p in au.provinces(era):
        pool = au.districts(p.code) if era == 63 else au.communes(p.code, era)
        for sub in pool:
            hit = U.match_sub_unit(sub.name, p.code, era)
            if (is_total_label(sub.short) or group_label(sub.short)) and hit is not None and hit.code == sub.code:
                out.append((p, sub))
    return out


def _total_word_units(plan: Plan, ctx: Context) -> None:
    """The province becomes one with such a unit, listed among its others by bare names."""
    t = plan.truth
    pool = _total_word_pool(au.era_for_year(t.year))
    if not pool:
        return
    province, sub = ctx.rng.choice(pool)
    codes = t.codes
    others = [u for u in pick_sub_units(ctx.rng, province, t.year, max(2, len(t.units))) if u.code != sub.code]
    units = sorted([sub, *others[: max(2, len(t.units)) - 1]], key=lambda u: u.code)
    scale = 1 / max(1, len(units) // 2)
    t.province, t.units = province, units
    t.values = {u.code: indicator_values(random.Random(f"{ctx.rng.random()}:{u.code}"), codes, scale) for u in units}
    plan.bare_unit_names = True


# ------------------------------------------------------------------------------ the variations
V = Variation
VARIATIONS: tuple[Variation, ...] = (
    # 1. columns that are not the report year's value
    V(
        "previous_year_columns",
        "columns",
        "tune",
        _set(value_columns="prev_year"),
        VERTICAL,
        slots=("values",),
        doc="Năm trước | Năm báo cáo | Tăng/giảm | Tỷ lệ %",
    ),
    V(
        "plan_result_columns",
        "columns",
        "held_out",
        _set(value_columns="plan"),
        VERTICAL,
        slots=("values",),
        doc="Kế hoạch | Thực hiện | Tỷ lệ % so với KH",
    ),
    V(
        "sessions_beside_classes",
        "columns",
        "tune",
        _then(_need_classes, _set(sessions=True)),
        slots=("sessions",),
        doc="'Số buổi' beside the class count",
    ),
    V(
        "percentage_column",
        "columns",
        "held_out",
        _set(value_columns="percent"),
        slots=("values",),
        doc="a 'Tỷ lệ (%)' column of decimals",
    ),
    V("notes_with_numbers", "columns", "tune", _set(notes=True), doc="'Ghi chú' with numbers in its text"),
    # 2. rows that are not units
    V(
        "group_rows_with_subtotals",
        "rows",
        "tune",
        _set(group_rows="roman"),
        WIDE,
        slots=("groups",),
        doc="'I. Thành phố, thị xã' / 'II. Các huyện' rows carrying their subtotals",
    ),
    V(
        "blocks_with_cong_rows",
        "rows",
        "held_out",
        _set(group_rows="blocks"),
        WIDE,
        slots=("groups",),
        doc="'Khối ...' headings, a 'Cộng' subtotal row after each block",
    ),
    V(
        "typed_total_of_classes",
        "rows",
        "tune",
        _then(_need_classes, _set(derived_total="Tổng số lớp")),
        slots=("derived",),
        doc="a 'Tổng số lớp' row/column over the class types",
    ),
    V(
        "typed_sum_of_classes",
        "rows",
        "held_out",
        _then(_need_classes, _set(derived_total="Tổng cộng các lớp học")),
        slots=("derived",),
        doc="a 'Tổng cộng các lớp học' row/column over the class types",
    ),
    V(
        "bare_unit_names",
        "rows",
        "tune",
        _set(bare_unit_names=True),
        WIDE,
        doc="units without their type word ('Cộng Hòa', 'Tổng Cọt', 'Duy Xuyên'): a name wins over a total word",
    ),
    V(
        "total_word_unit_names",
        "rows",
        "tune",
        _total_word_units,
        WIDE,
        slots=("units", "sheets"),  # one truth: a sheet per year would keep the first province
        doc="a unit named 'Tổng Cọt', 'Tống Trân', 'Công Sơn', 'Vũng Tàu' among the others, bare names",
    ),
    # 3. measure from structure
    V(
        "unit_column_decides",
        "measure",
        "tune",
        _then(_need_classes, _set(measure_mode="dvt")),
        VERTICAL,
        slots=("values",),
        doc="subject row carries the count, its ĐVT ('lớp', 'cuộc') says so",
    ),
    V(
        "value_headers_decide",
        "measure",
        "held_out",
        _then(_need_classes, _set(measure_mode="two_cols")),
        VERTICAL,
        slots=("values",),
        doc="'Số lượng' | 'Số lượt người tham gia' columns",
    ),
    V(
        "people_words_in_subjects",
        "measure",
        "tune",
        _misleading_subjects,
        slots=("subjects",),
        doc="subjects naming people ('cán bộ', 'lao động', 'cuộc thi')",
    ),
    V(
        "people_words_in_subjects_2",
        "measure",
        "held_out",
        _misleading_subjects,
        slots=("subjects",),
        doc="the same with the held-out phrasebook",
    ),
    # 4. wording
    V(
        "paraphrased_labels",
        "wording",
        "tune",
        lambda p, c: _reword(p, c, 0.85),
        slots=("subjects",),
        doc="labels from the phrasebook",
    ),
    V(
        "abbreviated_labels",
        "wording",
        "held_out",
        lambda p, c: _reword(p, c, 1.0, _abbreviated),
        slots=("subjects",),
        doc="abbreviations (KNS, TTVH-TT&HTCĐ, NSNN, HV) where the phrasebook has them",
    ),
    V(
        "headings_give_context",
        "wording",
        "held_out",
        _heading_labels,
        slots=("subjects",),
        doc="'Khen thưởng' / '- Tập thể'; 'Tuyên truyền' / '- Trên Facebook, Zalo'",
    ),
    V(
        "unknown_labels_between",
        "wording",
        "tune",
        _set(unknown_rows=2),
        VERTICAL,
        doc="rows of no catalog indicator with numbers (never inherit the row above)",
    ),
    # 5. workbook and sheet layout
    V(
        "one_sheet_per_year",
        "layout",
        "tune",
        _year_sheets,
        formats=SHEETED,
        slots=("sheets",),
        doc="sheets 'Năm 2023', 'Năm 2024': each that year's report",
    ),
    V(
        "cover_sheet_first",
        "layout",
        "held_out",
        _set(cover_sheet=True),
        formats=SHEETED,
        slots=("sheets",),
        doc="a narrative sheet, then 'Biểu 02'",
    ),
    V(
        "two_tables_one_sheet",
        "layout",
        "tune",
        _set(two_tables=True),
        VERTICAL,
        # a hidden column hides it in every table of the sheet: the truth would be what no one sees
        slots=("values", "sheets", "sheet_columns"),
        doc="classes table, then another table with its own header",
    ),
    V(
        "plan_sheet_next_year",
        "layout",
        "tune",
        _set(plan_sheet=True),
        formats=SHEETED,
        slots=("sheets",),
        doc="next year's plan ('KẾ HOẠCH … NĂM y+1', its targets) on a sheet after the report",
    ),
    V(
        "prose_above_table",
        "layout",
        "held_out",
        _set(prose_lines=lambda r: r.randint(3, 6)),
        doc="report sentences (with numbers) above the table",
    ),
    V(
        "money_unit_in_section_title",
        "layout",
        "tune",
        _then(_need_money, _set(money_where="section", money_unit=_money_unit)),
        VERTICAL,
        slots=("money",),
        doc="'KINH PHÍ (triệu đồng)' then the amounts",
    ),
    # 6. files refused for a reason the user can fix
    V(
        "password_protected",
        "refusal",
        "tune",
        _set(password="123456", fmt="xlsx"),
        formats=frozenset({"xlsx"}),
        slots=("format",),
        refusal="mật khẩu",
    ),
    V(
        "password_protected_2",
        "refusal",
        "held_out",
        _set(password="Sogd@2024", fmt="xlsx"),
        formats=frozenset({"xlsx"}),
        slots=("format",),
        refusal="mật khẩu",
    ),
    # column and row order
    V(
        "shuffled_columns",
        "order",
        "tune",
        _set(shuffle_columns=True, value_before_unit=True),
        slots=("order",),
        doc="indicator columns in another order; value left of ĐVT",
    ),
    V(
        "shuffled_rows_total_first",
        "order",
        "held_out",
        _set(shuffle_rows=True, total_row="top"),
        slots=("order",),
        doc="sections and units in another order, the total row first",
    ),
    # header depth and merging
    V("header_one_row", "header", "tune", _set(header_depth=1), WIDE, slots=("depth",), doc="'Lớp KNS: Số lớp'"),
    V(
        "header_three_rows",
        "header",
        "held_out",
        _set(header_depth=3),
        WIDE,
        slots=("depth",),
        doc="section / subject / measure",
    ),
    V(
        "header_unmerged",
        "header",
        "tune",
        _set(header_merge="first"),
        WIDE,
        slots=("merge",),
        doc="group text in its first cell only, no merged range",
    ),
    V(
        "header_repeated",
        "header",
        "held_out",
        _set(header_merge="repeat"),
        WIDE,
        slots=("merge",),
        doc="group text repeated over its columns",
    ),
    V("column_numbers_row", "header", "held_out", _set(numbering_row=True), doc="(1) (2) (3) under the header"),
    V(
        "subject_merged_over_its_rows",
        "header",
        "tune",
        _then(_need_classes, _set(measure_mode="merged")),
        VERTICAL,
        formats=SHEETED,
        slots=("values",),
        doc="'Lớp ngoại ngữ' merged down over its 'lớp' and 'lượt người' rows",
    ),
    # spacers
    V("spacer_columns", "spacing", "tune", _set(spacer_cols=lambda r: r.randint(1, 2))),
    V("spacer_rows", "spacing", "held_out", _set(spacer_rows=True)),
    # hidden columns
    V(
        "hidden_leftover_before",
        "hidden",
        "tune",
        _set(hidden_leftover="before"),
        formats=SHEETED,
        slots=("hidden", "sheet_columns"),
        doc="a hidden copy of last year's value column left of the visible one",
    ),
    V(
        "hidden_leftover_after",
        "hidden",
        "held_out",
        _set(hidden_leftover="after"),
        formats=SHEETED,
        slots=("hidden", "sheet_columns"),
        doc="the same, right of the visible one",
    ),
    # number styles
    V("numbers_as_text_dots", "numbers", "tune", _set(number_style="text_dot"), slots=("numbers",), doc="'1.234'"),
    V("dash_for_zero", "numbers", "tune", _then(_zeros, _set(dash_zero=True)), doc="'-' for 0"),
    V(
        "numbers_as_text_spaces",
        "numbers",
        "held_out",
        _set(number_style="text_space"),
        slots=("numbers",),
        doc="'1 234'",
    ),
    V(
        "dash_and_text_numbers",
        "numbers",
        "held_out",
        _then(_zeros, _set(dash_zero=True, number_style="text_dot")),
        slots=("numbers",),
        doc="'-' for 0 and '1.234' text",
    ),
    # money units
    V(
        "money_unit_in_title",
        "money",
        "tune",
        _then(_need_money, _set(money_where="title", money_unit=_money_unit)),
        slots=("money",),
        doc="'Đơn vị tính kinh phí: ...' above the table",
    ),
    V(
        "money_in_cells",
        "money",
        "tune",
        _then(_need_money, _set(money_where="cell")),
        slots=("money",),
        doc="'12,5 triệu', '1,2 tỷ', '850.000 đ' in the cells",
    ),
    V(
        "money_unit_in_dvt",
        "money",
        "held_out",
        _then(_need_money, _set(money_where="dvt", money_unit=_money_unit)),
        VERTICAL,
        slots=("money",),
        doc="ĐVT cell 'nghìn đồng', 'tỷ đồng'...",
    ),
    V(
        "money_unit_in_header",
        "money",
        "held_out",
        _then(_need_money, _set(money_where="header", money_unit=_money_unit)),
        WIDE,
        slots=("money",),
        doc="'Kinh phí (nghìn đồng)' over the amounts",
    ),
    # encodings
    V(
        "xls_tcvn3",
        "encoding",
        "tune",
        _set(fmt="xls", encoding="tcvn3"),
        formats=frozenset({"xls"}),
        slots=("format",),
    ),
    V(
        "csv_cp1258",
        "encoding",
        "tune",
        _set(fmt="csv", encoding=lambda r: r.choice(("cp1258", "cp1258-nfc"))),
        formats=frozenset({"csv"}),
        slots=("format",),
    ),
    V(
        "xls_vni",
        "encoding",
        "held_out",
        _set(fmt="xls", encoding="vni"),
        formats=frozenset({"xls"}),
        slots=("format",),
    ),
    V(
        "csv_utf8_bom",
        "encoding",
        "held_out",
        _set(fmt="csv", encoding="utf-8-sig"),
        formats=frozenset({"csv"}),
        slots=("format",),
    ),
    # formats
    V("as_xls", "format", "tune", _set(fmt="xls"), formats=frozenset({"xls"}), slots=("format",)),
    V("as_csv", "format", "tune", _set(fmt="csv", encoding="utf-8"), formats=frozenset({"csv"}), slots=("format",)),
    # grown after the first held-out measure, from real shapes (tune only)
    V(
        "share_and_average_rows",
        "rows",
        "tune",
        _set(ratio_rows=lambda r: r.randint(1, 3)),
        VERTICAL,
        doc="'Tỷ lệ lớp học đạt kế hoạch | % | 82,5', 'Bình quân số học viên/lớp': a subject named, no count of it",
    ),
    V(
        "name_left_blank_on_the_second_line",
        "measure",
        "tune",
        _then(_need_classes, _set(measure_mode="blank")),
        VERTICAL,
        slots=("values",),
        doc="'Lớp ngoại ngữ | lớp | 3' then ' | HV | 70': the name not repeated, not merged",
    ),
    V(
        "both_measures_in_one_cell",
        "measure",
        "tune",
        _then(_need_classes, _set(measure_mode="paired")),
        VERTICAL,
        slots=("values",),
        doc="'Lớp ngoại ngữ | lớp/HV | 3/70'",
    ),
    V(
        "units_named_by_their_centre",
        "rows",
        "tune",
        _set(unit_offices=True),
        WIDE,
        slots=("units",),
        doc="'TTHTCĐ xã Bản Vược', 'Phòng GD&ĐT huyện Bát Xát': each unit by who reports for it",
    ),
    V(
        "classes_of_unknown_types",
        "wording",
        "tune",
        _set(unknown_class_rows=lambda r: r.randint(1, 2)),
        VERTICAL,
        doc="'Lớp võ thuật ... tại TTHTCĐ', 'Lớp hướng dẫn văn nghệ ...': classes, not centres or documents",
    ),
    V(
        "activities_listed_above_the_table",
        "layout",
        "tune",
        _set(activity_prose=True),
        doc="sentences listing the Week's activities with commas, alone in their lines, above the table",
    ),
    V(
        "csv_semicolon",
        "format",
        "tune",
        _set(fmt="csv", encoding="utf-8", delimiter=";"),
        formats=frozenset({"csv"}),
        slots=("format",),
        doc="Excel's CSV where ',' is the decimal sign: ';' between the fields, '12,5' unquoted",
    ),
    V("as_ods", "format", "held_out", _set(fmt="ods"), formats=frozenset({"ods"}), slots=("format",)),
    V("as_tsv", "format", "held_out", _set(fmt="tsv", encoding="utf-8"), formats=frozenset({"tsv"}), slots=("format",)),
)

# the fixed tune/held_out split; the modules added below grow the tune half only
FIXED_SPLIT = VARIATIONS
from variations.catalogue_layout import LAYOUT  # noqa: E402  (the layout category's later tune shapes)

VARIATIONS += LAYOUT

from variations.catalogue_rows import ROWS  # noqa: E402  (the rows and hidden categories' tune shapes)

VARIATIONS += ROWS

from variations.catalogue_formats import VARIATIONS as _FORMATS  # noqa: E402 (it uses the helpers above)

VARIATIONS += _FORMATS
ISSUE_CATEGORIES = ("columns", "rows", "measure", "wording", "layout", "refusal")
CATEGORIES = tuple(dict.fromkeys(v.category for v in VARIATIONS))
BY_NAME = {v.name: v for v in VARIATIONS}


def of(category: str | None = None, half: str | None = None) -> list[Variation]:
    return [v for v in VARIATIONS if (category is None or v.category == category) and (half is None or v.half == half)]
