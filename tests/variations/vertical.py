"""The vertical form (biểu dọc): one reporting unit, a row per indicator, in sections; class
types and events as a parent row with measure rows under it, or with the measure in the ĐVT
column, or with count and people in two value columns; optional columns beside the value."""

from __future__ import annotations

from dataclasses import dataclass

from fixtures_factory import vn_num

from variations.plan import Plan, Sheet, cell_value, money_cell, number, side_values, words
from variations.truth import MONEY, PAIRS, Truth, catalog_rows

MEASURE_UNITS = {"classes": "lớp", "learners": "lượt người", "count": "cuộc", "participants": "lượt người"}
_SHORT_UNITS = {"classes": "lớp", "learners": "HV", "count": "cuộc", "participants": "người"}
SINGLE_UNITS = {
    "direction.documents": "văn bản",
    "direction.inspections": "cuộc",
    "institutions.participating": "cơ sở",
    "ceremony.events": "lễ",
    "ceremony.attendees": "người",
    "outreach.banners": "cái",
    "outreach.media_items": "tin, bài",
    "outreach.social_posts": "bài",
    "events.new_clubs": "câu lạc bộ",
    "reading.new_bookcases": "tủ sách",
    "reading.events": "hoạt động",
    "reading.visits": "lượt",
    "reading.books": "bản",
    "reading.open_resources": "học liệu",
    "support.scholarships": "suất",
    "awards.collectives": "tập thể",
    "awards.individuals": "cá nhân",
    "participants.total": "lượt người",
}
SECTIONS: list[tuple[str, str, tuple[str, ...]]] = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, TỔ CHỨC", ("direction.documents", "direction.inspections", "institutions.participating")),
    ("II", "LỄ KHAI MẠC, PHÁT ĐỘNG", ("ceremony.events", "ceremony.attendees")),
    ("III", "CÔNG TÁC TRUYỀN THÔNG", ("outreach.banners", "outreach.media_items", "outreach.social_posts")),
    ("IV", "CÁC LỚP HỌC", tuple(s for s in PAIRS if s.startswith("classes."))),
    ("V", "HỘI THẢO, CUỘC THI, CÂU LẠC BỘ", ("events.seminars", "events.contests", "events.new_clubs")),
    ("VI", "PHÁT TRIỂN VĂN HÓA ĐỌC", ("reading.new_bookcases", "reading.events", "reading.visits", "reading.books")),
    ("VII", "HỌC LIỆU, HỌC BỔNG", ("reading.open_resources", "support.scholarships", "support.scholarship_value")),
    ("VIII", "KHEN THƯỞNG", ("awards.collectives", "awards.individuals")),
    ("IX", "KINH PHÍ TỔ CHỨC TUẦN LỄ", ("funding.state_budget", "funding.socialized")),
    ("X", "TỔNG HỢP", ("participants.total",)),
]


UNKNOWN_ROWS = [
    ("Gia đình học tập được công nhận", "hộ"),
    ("Dòng họ học tập được công nhận", "dòng họ"),
    ("Cộng đồng học tập cấp thôn", "thôn"),
    ("Hoạt động văn nghệ, thể dục thể thao", "buổi"),
    ("Đơn vị học tập được công nhận", "đơn vị"),
]


# rows that state a share or an average: a subject in their words, no count of it in their number
RATIO_ROWS = [
    ("Tỷ lệ lớp học đạt kế hoạch", "%"),
    ("Tỷ lệ người dân tham gia các hoạt động của Tuần lễ", "%"),
    ("Bình quân số học viên/lớp", "người"),
    ("Tỷ lệ TTHTCĐ tổ chức hoạt động hưởng ứng Tuần lễ", "%"),
    ("Số lượt người học bình quân một lớp kỹ năng sống", "lượt người"),
    ("Tỷ lệ (%) học viên hoàn thành lớp ngoại ngữ", ""),
]
# classes of a type the catalogue has no row for (arts, sports), where a word inside names another
# indicator: a place ('thư viện', 'TTHTCĐ') or 'hướng dẫn'
UNKNOWN_CLASS_ROWS = [
    ("Lớp năng khiếu văn nghệ tại nhà văn hóa, thư viện", "lớp"),
    ("Lớp võ thuật, thể dục thể thao tại TTHTCĐ", "lớp"),
    ("Lớp hướng dẫn văn nghệ, thể dục thể thao", "lớp"),
]


@dataclass
class _Line:
    stt: str
    label: str
    unit: str = ""
    code: str = ""  # the indicator of `value`; "" for a heading or a distractor
    value: int | None = None
    people_code: str = ""  # two_cols: the second measure
    people: int | None = None
    extra: int | float | str | None = None  # a number on a row that is no indicator (distractor, sessions)
    heading: bool = False
    merged_up: bool = False  # its STT and label cells are merged into the line above's
    continues: bool = False  # its label is left blank: it goes on the subject of the line above
    pair_code: str = ""  # paired: the second measure, written in the same cell ('3/70')
    pair_value: int | None = None


def _vertical_lines(plan: Plan, truth: Truth, codes: list[str], vals: dict[str, int]) -> list[_Line]:
    rng = plan.rng("lines")
    lines: list[_Line] = []
    present = set(codes)
    sections = list(SECTIONS)
    if plan.shuffle_rows:
        rng.shuffle(sections)
    last_heading = None
    for roman, title, members in sections:
        items = [m for m in members if m in present or (m in PAIRS and f"{m}.{PAIRS[m][0]}" in present)]
        if not items:
            continue
        # only the funding section states its unit in its title; other amounts keep it in ĐVT
        money_section = plan.money_where == "section" and title.startswith("KINH PHÍ")
        heading = title
        if money_section:
            heading = f"{heading} ({plan.money_unit})"
        money_total = (
            plan.money_total
            and title.startswith("KINH PHÍ")
            and not money_section
            and plan.money_where == "dvt"
            and sum(1 for m in items if m in ("funding.state_budget", "funding.socialized")) == 2
        )
        if money_total and plan.money_total == "heading":
            # the section's heading carries its total: 'Tổng kinh phí' over the sources below
            total = vals["funding.state_budget"] + vals["funding.socialized"]
            lines.append(_Line(roman, heading, plan.money_unit, extra=_in_unit(plan, total)))
        else:
            lines.append(_Line(roman, heading, heading=True))
        if title == "CÁC LỚP HỌC" and plan.derived_total:
            lines += _derived_lines(plan, vals)
        for n, m in enumerate(items, 1):
            if m in PAIRS:
                lines += _pair_lines(plan, m, vals, str(n))
                continue
            label = words(plan, m)
            if " > " in label:
                head, label = label.split(" > ", 1)
                if head != last_heading:
                    lines.append(_Line(str(n), head, heading=True))
                    last_heading = head
                label = f"- {label}"
            else:
                last_heading = None
            unit = SINGLE_UNITS.get(m, "")
            if m in MONEY and money_section:
                # the unit is in the section title; the amount sits on a "Số tiền" row under the label
                lines.append(_Line(str(n), label, heading=True))
                lines.append(_Line("", "- Số tiền", "", m, vals[m]))
                continue
            if m in MONEY:
                unit = "" if plan.money_where in ("title", "cell") else plan.money_unit  # "section": ĐVT
            people = plan.measure_mode == "two_cols" and catalog_rows()[m]["kind"] == "people"
            if people:
                lines.append(_Line(str(n), label, unit, people_code=m, people=vals[m]))
            else:
                lines.append(_Line(str(n), label, unit, m, vals[m]))
            if plan.part_rows and catalog_rows()[m]["kind"] == "people" and not people and vals[m]:
                # '- Trong đó: học sinh, sinh viên' under a count of people: a part of it
                part = plan.rng(f"part:{m}").randint(0, vals[m])
                lines.append(_Line("", plan.rng(f"part-label:{m}").choice(_PART_LINES), unit, extra=part))
        if money_total and plan.money_total == "after":
            total = vals["funding.state_budget"] + vals["funding.socialized"]
            label = plan.rng("money-total").choice(("Cộng", "Tổng cộng kinh phí", "Tổng kinh phí"))
            lines.append(_Line("", label, plan.money_unit, extra=_in_unit(plan, total)))
    for k in range(plan.unknown_rows):
        label, unit = UNKNOWN_ROWS[(k + plan.seed) % len(UNKNOWN_ROWS)]
        at = rng.randint(1, len(lines))
        if at < len(lines) and (lines[at].merged_up or lines[at].continues):
            at += 1  # never between a name and the row its merged cell reaches down to
        lines.insert(
            at,
            _Line(
                "",
                f"- {label}" if at and lines[at - 1].label.startswith("-") else label,
                unit,
                extra=rng.randint(1, 400),
            ),
        )
    _insert_distractors(plan, lines, RATIO_ROWS, plan.ratio_rows, "ratio")
    _insert_distractors(plan, lines, UNKNOWN_CLASS_ROWS, plan.unknown_class_rows, "class")
    return lines


_NOTE_LINES = ("Ghi chú: số liệu tạm tính đến ngày 15/10", "(Số liệu các mục dưới đây do Hội Khuyến học cung cấp)")
_PART_LINES = ("- Trong đó: học sinh, sinh viên", "Trong đó: nữ", "- Trong đó: người dân tộc thiểu số")


def _in_unit(plan: Plan, dong: int):
    """An amount in đồng written in the plan's money unit, as its other amount cells are."""
    return money_cell(plan, dong)


def _insert_distractors(plan: Plan, lines: list[_Line], pool, n: int, salt: str) -> None:
    """`n` rows of `pool` at random places, never between a name and the row its merged cell
    reaches down to; a share is written with its decimal ('82,5') as the file writes numbers."""
    rng = plan.rng(f"distractors:{salt}")
    for label, unit in rng.sample(pool, k=min(n, len(pool))):
        at = rng.randint(1, len(lines))
        if at < len(lines) and (lines[at].merged_up or lines[at].continues):
            at += 1
        if salt == "ratio":
            x = round(rng.uniform(40, 99), 1) if unit == "%" or not unit else round(rng.uniform(15, 45), 1)
            value = x if plan.number_style == "number" else vn_num(x)
        else:
            value = rng.randint(1, 40)
        child = at and lines[at - 1].label.startswith("-")
        lines.insert(at, _Line("", f"- {label}" if child else label, unit, extra=value))


def _pair_lines(plan: Plan, subject: str, vals: dict[str, int], stt: str) -> list[_Line]:
    first, second = PAIRS[subject]
    a, b = f"{subject}.{first}", f"{subject}.{second}"
    label = words(plan, subject)
    head = None
    if " > " in label:
        head, label = label.split(" > ", 1)
    out: list[_Line] = [_Line(stt, head, heading=True)] if head else []
    sessions = plan.sessions and subject.startswith("classes.")
    rng = plan.rng(f"sessions:{subject}")
    if plan.measure_mode == "two_cols":
        line = _Line(stt, label, MEASURE_UNITS[first], a, vals.get(a), b, vals.get(b))
        if sessions:
            line.extra = (vals.get(a) or 0) * rng.randint(2, 8)
        return out + [line]
    if plan.measure_mode == "merged":
        # the subject's name merged down over its two rows; each row's ĐVT says what it counts
        out.append(_Line(stt, label, MEASURE_UNITS[first], a, vals.get(a)))
        out.append(_Line("", "", MEASURE_UNITS[second], b, vals.get(b), merged_up=True))
        if sessions:
            out.append(_Line("", "- Số buổi", "buổi", extra=(vals.get(a) or 0) * rng.randint(2, 8)))
        return out
    if plan.measure_mode == "blank":
        # the second line leaves the name blank; its ĐVT says it is the subject's other measure
        out.append(_Line(stt, label, MEASURE_UNITS[first], a, vals.get(a)))
        out.append(_Line("", "", _SHORT_UNITS[second], b, vals.get(b), continues=True))
        return out
    if plan.measure_mode == "paired":
        # both measures in one cell, in the order the ĐVT names them: 'lớp/HV | 3/70'
        unit = f"{MEASURE_UNITS[first]}/{_SHORT_UNITS[second]}"
        return out + [_Line(stt, label, unit, a, vals.get(a), pair_code=b, pair_value=vals.get(b))]
    if plan.measure_mode == "dvt":
        # the subject row carries the count; its ĐVT, not its words, says what it counts
        out.append(_Line(stt, label, MEASURE_UNITS[first], a, vals.get(a)))
    else:
        out.append(_Line(stt, label, heading=True))
        out.append(_Line("", f"- {words(plan, f'measure:{first}')}", MEASURE_UNITS[first], a, vals.get(a)))
    if sessions:
        out.append(_Line("", "- Số buổi", "buổi", extra=(vals.get(a) or 0) * rng.randint(2, 8)))
    out.append(_Line("", f"- {words(plan, f'measure:{second}')}", MEASURE_UNITS[second], b, vals.get(b)))
    return out


def _derived_lines(plan: Plan, vals: dict[str, int]) -> list[_Line]:
    """A typed total over the class types: derived, never a class type of its own."""
    tc = sum(v for c, v in vals.items() if c.startswith("classes.") and c.endswith(".classes") and ".online." not in c)
    tl = sum(v for c, v in vals.items() if c.startswith("classes.") and c.endswith(".learners") and ".online." not in c)
    if plan.measure_mode == "two_cols":
        return [_Line("", plan.derived_total, "lớp", extra=tc, people=tl)]
    return [
        _Line("", plan.derived_total, heading=True),
        _Line("", "- Số lớp", "lớp", extra=tc),
        _Line("", "- Số lượt người học", "lượt người", extra=tl),
    ]


def _value_headers(plan: Plan, year: int) -> list[tuple[str, str]]:
    """(header, kind) of the columns right of the ĐVT column."""
    if plan.measure_mode == "two_cols":
        cols = [("Số lượng", "cur")]
        if plan.sessions:
            cols.append(("Số buổi", "sessions"))
        cols.append(("Số lượt người tham gia", "people"))
    elif plan.value_columns == "prev_year":
        cols = [(f"Năm {year - 1}", "prev"), (f"Năm {year}", "cur"), ("Tăng/giảm", "change"), ("Tỷ lệ %", "ratio")]
    elif plan.value_columns == "plan":
        cols = [("Kế hoạch", "plan"), ("Thực hiện", "cur"), ("Tỷ lệ % so với KH", "plan_ratio")]
    elif plan.value_columns == "percent":
        cols = [("Số lượng", "cur"), ("Tỷ lệ (%)", "pct")]
    else:
        cols = [("Số lượng", "cur")]
    if plan.hidden_leftover == "before":
        cols.insert(0, ("Số lượng", "old"))
    elif plan.hidden_leftover == "after":
        cols.append(("Số lượng", "old"))
    if plan.notes:
        cols.append(("Ghi chú", "note"))
    return cols


def render_vertical(plan: Plan, truth: Truth, sheet: Sheet, codes: list[str] | None = None, header=None) -> None:
    vals = truth.unit_values(truth.province.code)
    codes = list(vals) if codes is None else codes
    value_cols = header or _value_headers(plan, truth.year)
    spacer = [None] * plan.spacer_cols
    unit_first = not plan.value_before_unit
    head = ["STT", "Nội dung", *spacer] + (["ĐVT"] if unit_first else [])
    head += [h for h, _ in value_cols] + ([] if unit_first else ["ĐVT"])
    sheet.add(*head)
    first_value = 2 + len(spacer) + (1 if unit_first else 0)
    for i, (_, kind) in enumerate(value_cols):
        if kind == "old":
            sheet.hidden_cols.add(first_value + i)
    if plan.numbering_row:
        sheet.add(*[f"({i})" for i in range(1, len(head) + 1)])
    lines = _vertical_lines(plan, truth, codes, vals)
    # where the printed page breaks (a header again) and a note is typed: a section's heading
    breaks = [i for i, ln in enumerate(lines) if ln.heading and ln.stt and ln.stt.isupper()][1:]
    brk = breaks[len(breaks) // 2] if breaks and (plan.repeat_header or plan.note_rows) else -1
    for i, line in enumerate(lines):
        if i == brk and plan.note_rows:
            sheet.add()
            sheet.add(None, plan.rng("note").choice(_NOTE_LINES))
        if i == brk and plan.repeat_header:
            sheet.add(*head)
        if line.heading:
            sheet.add(line.stt, line.label)
            if plan.spacer_rows and line.stt and line.stt.isupper():
                sheet.add()
            continue
        cells = []
        side = side_values(plan, line.code, line.value) if line.code and line.value is not None else {}
        for _, kind in value_cols:
            if kind == "cur" and line.pair_code:
                cells.append(f"{number(plan, line.value)}/{number(plan, line.pair_value)}")
            elif kind == "cur":
                cells.append(
                    cell_value(plan, line.code, line.value)
                    if line.code and line.value is not None
                    else (line.extra if line.extra is not None and not line.people_code else None)
                )
            elif kind == "people":
                if line.people_code and line.people is not None:
                    cells.append(cell_value(plan, line.people_code, line.people))
                else:
                    cells.append(line.people if not line.code and line.people is not None else None)
            elif kind == "sessions":
                cells.append(line.extra if line.code else None)
            else:
                cells.append(side.get(kind))
        unit = line.unit
        row = [line.stt, line.label, *spacer] + ([unit] if unit_first else []) + cells + ([] if unit_first else [unit])
        r = sheet.add(*row)
        if line.merged_up:
            sheet.merges += [(r - 1, 0, r, 0), (r - 1, 1, r, 1)]


def two_tables(plan: Plan, truth: Truth, sheet: Sheet) -> None:
    """Classes in a table of their own (count and learners side by side), everything else in a
    second table below with its own header."""
    codes = truth.codes
    classes = [c for c in codes if c.startswith("classes.")]
    rest = [c for c in codes if not c.startswith("classes.")]
    if classes:
        sheet.add("Biểu 1. Kết quả tổ chức các lớp học")
        two = Plan(**{**plan.__dict__, "measure_mode": "two_cols", "sessions": False, "value_columns": "plain"})
        head = [("Số lớp", "cur"), ("Số lượt người học", "people")]
        render_vertical(two, truth, sheet, classes, header=head)
        sheet.add()
        sheet.add()
    if rest:
        sheet.add("Biểu 2. Các hoạt động khác" if classes else "Biểu 1. Các hoạt động")
        render_vertical(plan, truth, sheet, rest)
