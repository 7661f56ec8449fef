"""Tune variations of the rows and hidden categories (issue 14): the row shapes province and
district officers type into a list of units, and what Excel keeps out of their sight.

Group rows in several forms (a subtotal after its units, lettered groups, a bare heading), parts
of a unit ("- Trong đó: …"), the province's own rows that are no sub-unit ("Các sở, ban, ngành",
"Khối trường học") inside or outside its total, a total typed twice, the header repeated at a
page break, notes inside the list, a footer full of numbers; a hidden row of a unit no longer
reported, a hidden helper column, a hidden sheet. Registered in `catalogue.py`; all `tune`."""

from __future__ import annotations

from variations.catalogue import SHEETED, VERTICAL, WIDE, Context, Variation, _need_money, _set, _then
from variations.plan import Plan
from variations.truth import MONEY

# the province's rows that are no commune or district, as provinces' summary tables list them
PROVINCE_ROWS = (
    "Các sở, ban, ngành",
    "Khối trường học",
    "Khối cơ quan",
    "Các đoàn thể",
    "Các sở, ban, ngành, đoàn thể cấp tỉnh",
    "Khối các trường THPT",
)


TOTAL_WORDS = ("TỔNG CỘNG", "Tổng số toàn tỉnh", "Cộng chung", "Tổng số", "Cộng toàn tỉnh", "TỔNG SỐ", "Tổng")

# the same bodies named one by one, as a province lists those that reported
NAMED_BODIES = (
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Lao động - Thương binh và Xã hội",
    "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Hội Khuyến học tỉnh",
    "Hội Nông dân tỉnh",
    "Liên đoàn Lao động tỉnh",
    "Thư viện tỉnh",
    "Trường Chính trị tỉnh",
    "Ủy ban MTTQ Việt Nam tỉnh",
)
GROUP_OF_BODIES = ("III. Các sở, ban, ngành, đoàn thể", "Khối sở, ngành", "C. Các cơ quan, đoàn thể cấp tỉnh")


def _named_bodies(plan: Plan, ctx: Context) -> None:
    """Bodies of the province named one by one under a group row with their subtotal, in the total."""
    _province_rows(True, NAMED_BODIES, 2, 4)(plan, ctx)
    plan.others_heading = ctx.rng.choice(GROUP_OF_BODIES)


def _province_rows(in_total: bool, pool: tuple[str, ...] = PROVINCE_ROWS, lo: int = 1, hi: int = 2):
    def apply(plan: Plan, ctx: Context) -> None:
        t = plan.truth
        labels = ctx.rng.sample(pool, k=ctx.rng.randint(lo, hi))
        codes = t.codes
        t.others = {
            label: {
                c: ctx.rng.randint(1, 50) * (1_000_000 if c in MONEY else 1) if ctx.rng.random() > 0.1 else 0
                for c in codes
            }
            for label in labels
        }
        t.others_in_total = in_total

    return apply


def _in_any_sheeted_format(**knobs):
    """Set the knobs, and write the file as .xlsx, .xls or .ods alike (each hides things its own way)."""

    def apply(plan: Plan, ctx: Context) -> None:
        _set(**knobs)(plan, ctx)
        if plan.fmt == "xlsx" and not plan.password and not plan.encoding:
            plan.fmt = ctx.rng.choice(sorted(SHEETED))

    return apply


V = Variation
ROWS: tuple[Variation, ...] = (
    V(
        "group_subtotal_after_units",
        "rows",
        "tune",
        _set(group_rows="after"),
        WIDE,
        slots=("groups",),
        doc="'I. Thành phố, thị xã' heading without numbers, its units, then 'Cộng nhóm I' / 'Cộng các huyện'",
    ),
    V(
        "lettered_groups_with_subtotals",
        "rows",
        "tune",
        _set(group_rows="letters"),
        WIDE,
        slots=("groups",),
        doc="'A. Các phường' / 'B. Các xã' rows carrying their subtotals, nothing in the STT column",
    ),
    V(
        "bare_group_headings",
        "rows",
        "tune",
        _set(group_rows="bare"),
        WIDE,
        slots=("groups",),
        doc="'Các phường' / 'Khối xã' headings alone in the name column: no number, no values",
    ),
    V(
        "unit_names_as_typed",
        "rows",
        "tune",
        _set(unit_name_style=lambda r: r.choice(("dash", "upper", "abbrev", "numbered"))),
        WIDE,
        slots=("unit_names",),
        doc="'- Xã Tân Lập', 'HUYỆN NAM SÁCH', 'TP. Hải Dương', '3. Xã Tân Lập' with no STT column value",
    ),
    V(
        "worded_or_numbered_groups_with_subtotals",
        "rows",
        "tune",
        _set(group_rows=lambda r: r.choice(("worded", "numbered"))),
        WIDE,
        slots=("groups",),
        doc="'Các phường' / 'Khối xã' with their subtotals and no number, or group '1' over units '1.1', '1.2'",
    ),
    V(
        "total_words_and_place",
        "rows",
        "tune",
        _set(
            total_label=lambda r: r.choice(TOTAL_WORDS),
            total_in_stt=lambda r: r.random() < 0.5,
            total_row=lambda r: r.choice(("top", "bottom")),
        ),
        WIDE,
        slots=("total",),
        doc="'TỔNG CỘNG', 'Tổng số toàn tỉnh', 'Cộng chung' at the top or the bottom, in the STT column "
        "merged over the name's or in the name column",
    ),
    V(
        "part_rows_under_units",
        "rows",
        "tune",
        _set(part_rows=lambda r: r.randint(1, 3), total_row=lambda r: r.choice(("bottom", "none"))),
        WIDE,
        slots=("total",),
        doc="'- Trong đó: thị trấn' under a unit, with numbers: a part of the unit above, not a unit; "
        "with or without a total row",
    ),
    V(
        "province_rows_in_total",
        "rows",
        "tune",
        _province_rows(True),
        WIDE,
        slots=("others", "units", "total"),
        doc="'Các sở, ban, ngành', 'Khối trường học' with values before the total that includes them",
    ),
    V(
        "named_province_bodies_under_their_group",
        "rows",
        "tune",
        _named_bodies,
        WIDE,
        slots=("others", "units", "total"),
        doc="'III. Các sở, ban, ngành, đoàn thể' with its subtotal, then 'Tỉnh đoàn', 'Sở Văn hóa, Thể thao "
        "và Du lịch', 'Hội Khuyến học tỉnh': in the province's figures, no sub-unit of their own",
    ),
    V(
        "province_rows_outside_total",
        "rows",
        "tune",
        _province_rows(False),
        WIDE,
        slots=("others", "units", "total"),
        doc="the province's own rows listed under its total, which counts the communes only",
    ),
    V(
        "total_typed_twice",
        "rows",
        "tune",
        _set(total_row="twice"),
        WIDE,
        slots=("total",),
        doc="'Tổng số toàn tỉnh' above the units and 'Tổng cộng' under them, the same numbers",
    ),
    V(
        "header_repeated_at_page_break",
        "rows",
        "tune",
        _set(repeat_header=True),
        WIDE,
        doc="the header rows again in the middle of the list, where the printed form breaks the page",
    ),
    V(
        "notes_inside_the_list",
        "rows",
        "tune",
        _set(note_rows=True),
        WIDE,
        doc="a blank row and a note ('Ghi chú: số liệu tạm tính đến ngày 15/10') between units",
    ),
    V(
        "footer_with_numbers",
        "rows",
        "tune",
        _set(footer=True),
        doc="'Số: 123/BC-SGDĐT', the date, 'Nơi nhận', signatures and a phone number under the table",
    ),
    V(
        "funding_total_on_its_heading",
        "rows",
        "tune",
        _then(_need_money, _set(money_total="heading")),
        VERTICAL,
        slots=("money",),
        doc="'IX. KINH PHÍ TỔ CHỨC TUẦN LỄ | triệu đồng | 85' over its two sources: a total, checked",
    ),
    V(
        "funding_sum_row_after_its_sources",
        "rows",
        "tune",
        _then(_need_money, _set(money_total="after")),
        VERTICAL,
        slots=("money",),
        doc="'Cộng' / 'Tổng kinh phí' after the funding sources, in the same unit",
    ),
    V(
        "part_rows_under_counts_of_people",
        "rows",
        "tune",
        _set(part_rows=1),
        VERTICAL,
        doc="'- Trong đó: học sinh, sinh viên' under a count of people: a part of it, no indicator",
    ),
    V(
        "vertical_header_again_and_a_note",
        "rows",
        "tune",
        _set(repeat_header=True, note_rows=True),
        VERTICAL,
        doc="a vertical form's header printed again at a page break, and a note row between sections",
    ),
    V(
        "hidden_row_of_a_unit_not_reported",
        "hidden",
        "tune",
        _in_any_sheeted_format(hidden_unit_row=True),
        WIDE,
        formats=SHEETED,
        # the total row is what tells (without one the row is read); "hidden": never turned on its side
        slots=("hidden", "hidden_rows", "total"),
        doc="a hidden row of a unit outside the report (its total leaves it out): not read",
    ),
    V(
        "hidden_codes_row_or_check_row",
        "hidden",
        "tune",
        _in_any_sheeted_format(hidden_extra=lambda r: r.choice(("header_codes", "check_row"))),
        WIDE,
        formats=SHEETED,
        slots=("hidden", "hidden_rows"),
        doc="a hidden row of column codes ('CT01', 'CT02') above the header, or a hidden 'Kiểm tra' row of "
        "zeros under the total",
    ),
    V(
        "hidden_helper_column",
        "hidden",
        "tune",
        _in_any_sheeted_format(hidden_helper=True),
        WIDE,
        formats=SHEETED,
        slots=("hidden", "helper"),
        doc="a hidden column of a check formula's results, under a copy of a header or 'KT'",
    ),
    V(
        "hidden_sheet_of_last_year",
        "hidden",
        "tune",
        _in_any_sheeted_format(hidden_sheet="prev"),
        formats=SHEETED,
        slots=("sheets",),
        doc="last year's report on a hidden sheet before this year's",
    ),
    V(
        "hidden_draft_sheet",
        "hidden",
        "tune",
        _in_any_sheeted_format(hidden_sheet="draft"),
        formats=SHEETED,
        slots=("sheets",),
        doc="a hidden draft of this year's table with other numbers: the visible sheet is the report",
    ),
)
