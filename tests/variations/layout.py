"""The render plan of one file and the renderer that turns it into sheets.

A `Plan` holds every knob a variation can turn (labels, extra columns, group rows, header depth,
number and money styles, sheets, format...). Variations only set knobs; this one renderer reads
them, so any set of variations composes without knowing of each other. Defaults give a plain
file in the project's canonical wording."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from fixtures_factory import vn_num

from variations.truth import MONEY, PAIRS, Truth, canonical_label, catalog_rows, subject_of

MONEY_FACTORS = {"đồng": 1, "nghìn đồng": 1_000, "triệu đồng": 1_000_000, "tỷ đồng": 1_000_000_000}
MEASURE_WORDS = {
    "classes": "Số lớp",
    "learners": "Số lượt người học",
    "count": "Số cuộc",
    "participants": "Số lượt người tham gia",
}
MEASURE_UNITS = {"classes": "lớp", "learners": "lượt người", "count": "cuộc", "participants": "lượt người"}
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
TITLE = "BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {year}"


@dataclass
class Sheet:
    """Rows of cell values (0-based), merged ranges (r0, c0, r1, c1 inclusive), hidden columns."""

    name: str
    rows: list[list] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_cols: set[int] = field(default_factory=set)

    def add(self, *cells) -> int:
        self.rows.append(list(cells))
        return len(self.rows) - 1

    def put(self, r: int, c: int, v) -> None:
        row = self.rows[r]
        row += [None] * (c + 1 - len(row))
        row[c] = v


@dataclass
class Plan:
    truths: list[Truth]  # one per sheet-year; usually one
    shape: str  # "vertical" (one unit, a row per indicator) | "wide" (a row per sub-unit)
    seed: int = 0
    # wording: a code, a pair subject or "measure:<m>" -> the words written; " > " = heading > label
    wording: dict[str, str] = field(default_factory=dict)
    # vertical
    measure_mode: str = "children"  # children | dvt (ĐVT decides) | two_cols (value headers decide)
    value_columns: str = "plain"  # plain | prev_year | plan | percent
    notes: bool = False
    sessions: bool = False
    value_before_unit: bool = False
    derived_total: str = ""  # a "Tổng số lớp" row/column with this label
    unknown_rows: int = 0
    # wide
    header_depth: int = 2
    header_merge: str = "merge"  # merge | first (text in the first cell only) | repeat
    numbering_row: bool = False  # (1) (2) (3) under the header
    group_rows: str = ""  # "" | roman (subtotal on the group row) | blocks (heading, then "Cộng")
    total_row: str = "bottom"  # bottom | top | none
    unit_header: str = "Tên đơn vị"
    shuffle_columns: bool = False
    shuffle_rows: bool = False
    # both
    spacer_cols: int = 0
    spacer_rows: bool = False
    hidden_leftover: str = ""  # "" | before | after: a hidden copy of last year's value column
    number_style: str = "number"  # number | text_dot | text_space
    dash_zero: bool = False
    money_unit: str = "triệu đồng"
    money_where: str = "dvt"  # dvt | title | header | cell | section
    prose_lines: int = 0
    cover_sheet: bool = False
    two_tables: bool = False
    sheet_name: str = "Tong hop"
    # the file
    fmt: str = "xlsx"  # xlsx | xls | ods | csv | tsv
    encoding: str = ""  # xls: tcvn3 | vni; csv: utf-8 | utf-8-sig | cp1258 | cp1258-nfc
    password: str = ""

    @property
    def truth(self) -> Truth:
        return self.truths[-1]

    def rng(self, salt: str) -> random.Random:
        return random.Random(f"{self.seed}:{salt}")


# ------------------------------------------------------------------------------ words and numbers
def words(plan: Plan, key: str) -> str:
    """The label written for a code, a pair subject or 'measure:<m>'."""
    if key in plan.wording:
        return plan.wording[key]
    if key.startswith("measure:"):
        return MEASURE_WORDS[key.split(":", 1)[1]]
    return canonical_label(key)


def number(plan: Plan, x: int | float):
    """A count or an amount as the file writes it (number cell or Vietnamese text)."""
    if plan.dash_zero and x == 0:
        return "-"
    if plan.number_style == "number":
        return int(x) if float(x).is_integer() else x
    text = vn_num(x)
    return text.replace(".", " ") if plan.number_style == "text_space" else text


def money_cell(plan: Plan, dong: int):
    if plan.money_where == "cell":
        if dong == 0:
            return "-" if plan.dash_zero else 0
        if dong % 1_000_000_000 == 0 or (dong >= 1_000_000_000 and dong % 100_000_000 == 0):
            return f"{vn_num(dong / 1e9)} tỷ"
        if dong % 1_000_000 == 0 or dong % 100_000 == 0 and dong >= 10_000_000:
            return f"{vn_num(dong / 1e6)} triệu"
        return f"{vn_num(dong)} đ"
    q = dong / MONEY_FACTORS[plan.money_unit]
    return number(plan, round(q, 6) if not q.is_integer() else int(q))


def cell_value(plan: Plan, code: str, v: int):
    return money_cell(plan, v) if code in MONEY else number(plan, v)


def title_rows(plan: Plan, truth: Truth, sheet_year: int) -> list[list]:
    p = truth.province
    rows = [
        [f"UBND {p.full_name.upper()}", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        [TITLE.format(year=sheet_year)],
    ]
    if plan.money_where == "title" and any(c in MONEY for c in truth.codes):
        rows.append([f"Đơn vị tính kinh phí: {plan.money_unit}"])
    rows += prose(plan, truth) if plan.prose_lines else []
    rows.append([])
    return rows


def prose(plan: Plan, truth: Truth) -> list[list]:
    """Report sentences above the table, with numbers in them as real reports have."""
    rng = plan.rng("prose")
    y = truth.year
    lines = [
        f"Thực hiện Kế hoạch số {rng.randint(10, 999)}/KH-UBND ngày {rng.randint(1, 28)}/9/{y} về tổ chức Tuần lễ "
        f"hưởng ứng học tập suốt đời năm {y}, Sở Giáo dục và Đào tạo báo cáo kết quả như sau:",
        f"1. Công tác chỉ đạo: ban hành các văn bản hướng dẫn trước ngày {rng.randint(20, 30)}/9/{y}.",
        "2. Các hoạt động được tổ chức sôi nổi, thiết thực, thu hút đông đảo người dân tham gia.",
        f"3. Khó khăn: kinh phí còn hạn chế; {rng.randint(2, 9)} đơn vị gửi báo cáo chậm.",
        "4. Số liệu cụ thể tại bảng dưới đây:",
        "Ghi chú: số liệu tổng hợp từ báo cáo của các đơn vị.",
    ]
    return [[t] for t in lines[: plan.prose_lines]]


def side_values(plan: Plan, code: str, v: int) -> dict[str, object]:
    """The columns beside the report year's value: last year, change, plan, ratios, notes."""
    rng = plan.rng(f"side:{code}:{v}")
    prev = max(0, v + rng.randint(-v // 2 - 1, v // 2 + 3))
    target = max(1, v + rng.randint(-v // 3 - 1, v // 3 + 2))
    out: dict[str, object] = {
        "prev": cell_value(plan, code, prev),
        "change": v - prev if code not in MONEY else round((v - prev) / MONEY_FACTORS[plan.money_unit], 3),
        "ratio": round(100 * v / prev, 1) if prev else None,
        "plan": cell_value(plan, code, target),
        "plan_ratio": f"{vn_num(round(100 * v / target, 1))}%",
        "pct": round(rng.uniform(1, 99), 1),
        "old": cell_value(plan, code, prev),
        "note": rng.choice(
            (
                f"Tăng {rng.randint(1, 30)} so với năm trước",
                f"Trong đó {rng.randint(1, 9)} đơn vị chưa báo cáo",
                "Số liệu đến 15/10",
                f"Đạt {rng.randint(80, 130)}% kế hoạch",
                None,
            )
        ),
    }
    return out


# ------------------------------------------------------------------------------ vertical
UNKNOWN_ROWS = [
    ("Gia đình học tập được công nhận", "hộ"),
    ("Dòng họ học tập được công nhận", "dòng họ"),
    ("Cộng đồng học tập cấp thôn", "thôn"),
    ("Hoạt động văn nghệ, thể dục thể thao", "buổi"),
    ("Đơn vị học tập được công nhận", "đơn vị"),
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
    extra: int | None = None  # a number on a row that is no indicator (distractor, sessions)
    heading: bool = False


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
    for k in range(plan.unknown_rows):
        label, unit = UNKNOWN_ROWS[(k + plan.seed) % len(UNKNOWN_ROWS)]
        at = rng.randint(1, len(lines))
        lines.insert(
            at,
            _Line(
                "",
                f"- {label}" if at and lines[at - 1].label.startswith("-") else label,
                unit,
                extra=rng.randint(1, 400),
            ),
        )
    return lines


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
    for line in _vertical_lines(plan, truth, codes, vals):
        if line.heading:
            sheet.add(line.stt, line.label)
            if plan.spacer_rows and line.stt and line.stt.isupper():
                sheet.add()
            continue
        cells = []
        side = side_values(plan, line.code, line.value) if line.code and line.value is not None else {}
        for _, kind in value_cols:
            if kind == "cur":
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
        sheet.add(*row)


# ------------------------------------------------------------------------------ wide
@dataclass
class _Col:
    section: str
    group: str
    child: str | None
    code: str  # "" for a column that is no indicator (sessions, ratio, notes, derived)
    kind: str = "value"


def _wide_columns(plan: Plan, codes: list[str]) -> list[_Col]:
    money_head = "Kinh phí"
    if plan.money_where == "header":
        money_head = f"Kinh phí ({plan.money_unit})"
    blocks: list[list[_Col]] = []
    done: set[str] = set()
    for code in codes:
        s = subject_of(code)
        if s:
            if s in done:
                continue
            done.add(s)
            section = "CÁC LỚP HỌC" if s.startswith("classes.") else "HOẠT ĐỘNG"
            group = words(plan, s).replace(" > ", ": ")
            block = []
            for m in PAIRS[s]:
                if f"{s}.{m}" in codes:
                    block.append(_Col(section, group, words(plan, f"measure:{m}"), f"{s}.{m}"))
                if m == "classes" and plan.sessions and s.startswith("classes."):
                    block.append(_Col(section, group, "Số buổi", "", "sessions"))
            blocks.append(block)
            continue
        label = words(plan, code)
        section = "KINH PHÍ" if code.startswith("funding.") else "HOẠT ĐỘNG KHÁC"
        if code.startswith("funding."):
            child = label.split(" > ", 1)[1] if " > " in label else label
            if blocks and blocks[-1][0].group == money_head:
                blocks[-1].append(_Col(section, money_head, child, code))
            else:
                blocks.append([_Col(section, money_head, child, code)])
        elif " > " in label:
            g, child = label.split(" > ", 1)
            if blocks and blocks[-1][0].group == g:
                blocks[-1].append(_Col(section, g, child, code))
            else:
                blocks.append([_Col(section, g, child, code)])
        else:
            blocks.append([_Col(section, label, None, code)])
    if plan.shuffle_columns:
        plan.rng("columns").shuffle(blocks)
    if plan.derived_total and any(c.code.endswith(".classes") for b in blocks for c in b):
        blocks.insert(0, [_Col("CÁC LỚP HỌC", plan.derived_total, None, "", "derived")])
    if plan.value_columns == "percent":
        blocks.append([_Col("", "Tỷ lệ % người dân tham gia", None, "", "pct")])
    if plan.hidden_leftover:
        first = next(c for b in blocks for c in b if c.code)
        leftover = _Col(first.section, first.group, first.child, first.code, "old")
        flat = [c for b in blocks for c in b]
        at = flat.index(first) + (1 if plan.hidden_leftover == "after" else 0)
        flat.insert(at, leftover)
        blocks = _regroup(flat)
    if plan.notes:
        blocks.append([_Col("", "Ghi chú", None, "", "note")])
    return [c for b in blocks for c in b]


def _regroup(flat: list[_Col]) -> list[list[_Col]]:
    out: list[list[_Col]] = []
    for c in flat:
        if out and c.child is not None and out[-1][0].group == c.group and out[-1][0].child is not None:
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _header(plan: Plan, sheet: Sheet, cols: list[_Col], first: int) -> None:
    depth = plan.header_depth
    if depth == 1:
        texts = [c.group if c.child is None else f"{c.group}: {c.child}" for c in cols]
        sheet.add("STT", plan.unit_header, *([None] * plan.spacer_cols), *texts)
        return
    top = sheet.add("STT", plan.unit_header, *([None] * plan.spacer_cols))
    rows = [top] + [sheet.add() for _ in range(depth - 1)]
    merged = plan.header_merge == "merge"
    if merged:
        sheet.merges += [(top, 0, rows[-1], 0), (top, 1, rows[-1], 1)]
    levels = (["section"] if depth == 3 else []) + ["group", "child"]

    def text(c: _Col, lvl: str):
        return {"section": c.section, "group": c.group, "child": c.child}[lvl]

    for li, lvl in enumerate(levels):
        r = rows[li]
        i = 0
        while i < len(cols):
            c = cols[i]
            if lvl == "child" and c.child is None:
                i += 1
                continue
            if lvl == "group" and c.child is None:
                # a column without sub-headers spans down to the last header row
                sheet.put(r, first + i, c.group)
                if merged and r != rows[-1]:
                    sheet.merges.append((r, first + i, rows[-1], first + i))
                i += 1
                continue
            j = i
            if lvl != "child":
                while (
                    j + 1 < len(cols)
                    and text(cols[j + 1], lvl) == text(c, lvl)
                    and (lvl == "section" or cols[j + 1].child is not None)
                ):
                    j += 1
            for k in range(i, j + 1):
                if k == i or plan.header_merge == "repeat":
                    sheet.put(r, first + k, text(cols[k], lvl))
            if merged and j > i:
                sheet.merges.append((r, first + i, r, first + j))
            i = j + 1


def render_wide(plan: Plan, truth: Truth, sheet: Sheet) -> None:
    cols = _wide_columns(plan, truth.codes)
    first = 2 + plan.spacer_cols
    _header(plan, sheet, cols, first)
    for i, c in enumerate(cols):
        if c.kind == "old":
            sheet.hidden_cols.add(first + i)
    if plan.numbering_row:
        sheet.add(*[f"({i})" for i in range(1, first + len(cols) + 1)])
    rng = plan.rng("wide")
    units = list(truth.units)
    if plan.shuffle_rows:
        rng.shuffle(units)

    def row(stt, label, vals: dict[str, int]) -> list:
        cells = []
        for c in cols:
            if c.kind == "value":
                cells.append(cell_value(plan, c.code, vals[c.code]) if c.code in vals else None)
            elif c.kind == "old":
                cells.append(side_values(plan, c.code, vals.get(c.code, 0))["old"])
            elif c.kind == "sessions":
                cells.append(number(plan, rng.randint(0, 40)))
            elif c.kind == "derived":
                cells.append(sum(v for k, v in vals.items() if k.endswith(".classes") and ".online." not in k))
            elif c.kind == "pct":
                cells.append(round(rng.uniform(1, 60), 1))
            elif c.kind == "note":
                cells.append(rng.choice(("Báo cáo đúng hạn", f"Chậm {rng.randint(1, 9)} ngày", None)))
        return [stt, label, *([None] * plan.spacer_cols), *cells]

    def total(units_) -> dict[str, int]:
        out: dict[str, int] = {}
        for u in units_:
            for k, v in truth.values[u.code].items():
                out[k] = out.get(k, 0) + v
        return out

    # "Cộng" alone closes each block when blocks have their own "Cộng" rows
    total_label = rng.choice(("Tổng cộng", "Toàn tỉnh") if plan.group_rows else ("Tổng cộng", "Toàn tỉnh", "Cộng"))
    if plan.total_row == "top":
        sheet.add(*row(None, total_label, total(units)))
    groups = _unit_groups(plan, truth, units)
    n = 0
    for gi, (g_label, g_units) in enumerate(groups):
        if g_label and plan.group_rows == "roman":
            sheet.add(*row(_ROMAN[gi], g_label, total(g_units)))
        elif g_label:
            sheet.add(_ROMAN[gi], g_label)
        for u in g_units:
            n += 1
            sheet.add(*row(n, u.name, truth.values[u.code]))
            if plan.spacer_rows and n % 4 == 0:
                sheet.add()
        if g_label and plan.group_rows == "blocks":
            sheet.add(*row(None, "Cộng", total(g_units)))
    if plan.total_row == "bottom":
        sheet.add(*row(None, total_label, total(units)))


_ROMAN = ("I", "II", "III", "IV")
_URBAN = ("Quận ", "Thành phố ", "Thị xã ", "Phường ", "Thị trấn ")


def _unit_groups(plan: Plan, truth: Truth, units: list) -> list[tuple[str, list]]:
    """Sub-units under group rows, as provinces list them: towns and cities first."""
    if not plan.group_rows or len(units) < 2:
        return [("", units)]
    urban = [u for u in units if u.name.startswith(_URBAN)]
    rural = [u for u in units if u not in urban]
    if not urban or not rural:
        urban, rural = units[: len(units) // 2], units[len(units) // 2 :]
        labels = ("Cụm thi đua số 1", "Cụm thi đua số 2")
    elif truth.year >= 2025:
        labels = ("Các phường", "Các xã")
    else:
        labels = ("Thành phố, thị xã", "Các huyện")
    if plan.group_rows == "roman":
        return [(f"{_ROMAN[0]}. {labels[0]}", urban), (f"{_ROMAN[1]}. {labels[1]}", rural)]
    if labels[0].startswith("Cụm"):
        return [(labels[0], urban), (labels[1], rural)]
    return [(f"Khối {labels[0].lower()}", urban), (f"Khối {labels[1].lower()}", rural)]


# ------------------------------------------------------------------------------ sheets
def render(plan: Plan) -> list[Sheet]:
    """Every sheet of the workbook, in order."""
    sheets: list[Sheet] = []
    if plan.cover_sheet:
        cover = Sheet("Báo cáo")
        t = plan.truth
        cover.add(f"UBND {t.province.full_name.upper()}")
        cover.add(f"BÁO CÁO KẾT QUẢ TỔ CHỨC TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {t.year}")
        for line in prose(Plan([t], plan.shape, plan.seed, prose_lines=6), t):
            cover.add(*line)
        sheets.append(cover)
    for truth in plan.truths:
        name = f"Năm {truth.year}" if len(plan.truths) > 1 else ("Biểu 02" if plan.cover_sheet else plan.sheet_name)
        sheet = Sheet(name)
        for r in title_rows(plan, truth, truth.year):
            sheet.add(*r)
        if plan.shape == "wide":
            render_wide(plan, truth, sheet)
        elif plan.two_tables:
            _two_tables(plan, truth, sheet)
        else:
            render_vertical(plan, truth, sheet)
        sheets.append(sheet)
    return sheets


def _two_tables(plan: Plan, truth: Truth, sheet: Sheet) -> None:
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
