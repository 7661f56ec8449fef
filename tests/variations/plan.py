"""The render plan of one file: every knob a variation can turn (labels, extra columns, group
rows, header depth, number and money styles, sheets, format...), the sheet model, and how words,
numbers and amounts are written. Variations only set knobs; the renderers (`vertical`, `wide`,
`layout`) read them, so any set of variations composes without knowing of each other. Defaults
give a plain file in the project's canonical wording."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from fixtures_factory import vn_num

from variations.truth import MONEY, Truth, canonical_label

MONEY_FACTORS = {"đồng": 1, "nghìn đồng": 1_000, "triệu đồng": 1_000_000, "tỷ đồng": 1_000_000_000}
MEASURE_WORDS = {
    "classes": "Số lớp",
    "learners": "Số lượt người học",
    "count": "Số cuộc",
    "participants": "Số lượt người tham gia",
}
TITLE = "BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {year}"


@dataclass
class Sheet:
    """Rows of cell values (0-based), merged ranges (r0, c0, r1, c1 inclusive), hidden columns."""

    name: str
    rows: list[list] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_cols: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    hidden: bool = False  # the whole sheet hidden

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
    # children | dvt (ĐVT decides) | two_cols (value headers decide) | merged (name merged over its rows)
    measure_mode: str = "children"
    value_columns: str = "plain"  # plain | prev_year | plan | percent
    notes: bool = False
    sessions: bool = False
    value_before_unit: bool = False
    derived_total: str = ""  # a "Tổng số lớp" row/column with this label
    unknown_rows: int = 0
    ratio_rows: int = 0  # rows stating a share or an average ("Tỷ lệ lớp học đạt kế hoạch | % | 82,5")
    money_total: str = ""  # "" | heading (the funding section's heading carries the total) | after ("Cộng" row)
    unknown_class_rows: int = 0  # classes of a type the catalogue lacks ("Lớp tập huấn nghiệp vụ thư viện")
    # wide
    header_depth: int = 2
    header_merge: str = "merge"  # merge | first (text in the first cell only) | repeat
    numbering_row: bool = False  # (1) (2) (3) under the header
    group_rows: str = ""  # "" | roman (subtotal on the group row) | blocks (heading, then "Cộng")
    # | after (numbered heading, subtotal "Cộng nhóm I" after its units) | letters ("A. Các phường" with
    # its subtotal) | bare (a heading without number or values, no subtotal) | worded ("Các phường" with its
    # subtotal, no number) | numbered (group "1" with its subtotal, units "1.1", "1.2")
    unit_name_style: str = (
        ""  # "" | dash ("- Xã A") | upper | abbrev ("TP. ", "TX. ", "H. ") | numbered ("3. Xã A", no STT)
    )
    others_heading: str = ""  # a group row with their subtotal over the province's own bodies
    total_label: str = ""  # the total row's words when set ("TỔNG CỘNG", "Tổng số toàn tỉnh", "Cộng chung")
    total_in_stt: bool = False  # the total's words in the STT column, merged over the name column
    part_rows: int = 0  # "- Trong đó: …" rows under units: a part of the unit above, never a unit
    repeat_header: bool = False  # the header again mid-list (a printed form's page break)
    note_rows: bool = False  # blank and note rows inside the list of units
    footer: bool = False  # "Nơi nhận", "Số: 123/BC-UBND", dates and signatures under the table
    hidden_unit_row: bool = False  # a hidden row of a unit no longer reported, outside the total
    hidden_helper: bool = False  # a hidden helper column of numbers (a code, a check formula's result)
    hidden_extra: str = (
        ""  # "" | header_codes (a hidden row of column codes) | check_row (hidden zeros under the total)
    )
    hidden_sheet: str = ""  # "" | prev (last year's report on a hidden sheet) | draft (a hidden draft copy)
    total_row: str = "bottom"  # bottom | top | none | twice (at the top and again at the bottom)
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
    activity_prose: bool = False  # sentences listing the Week's activities above the table
    cover_sheet: bool = False
    plan_sheet: bool = False  # next year's plan ("KẾ HOẠCH … NĂM y+1") on a sheet after the report
    unit_offices: bool = False  # "TTHTCĐ xã Bản Vược", "Phòng GD&ĐT huyện Bát Xát": a unit by its centre or office
    bare_unit_names: bool = False  # "Cộng Hòa" for "Xã Cộng Hòa" where the bare name is unambiguous
    two_tables: bool = False
    turned: bool = False  # wide only: units across the top, indicators down the side (variations.turn)
    sheet_name: str = "Tong hop"
    # the file
    fmt: str = "xlsx"  # xlsx | xls | ods | csv | tsv
    encoding: str = ""  # xls: tcvn3 | vni; csv: utf-8 | utf-8-sig | cp1258 | cp1258-nfc
    delimiter: str = ""  # csv: "" (a comma) | ";" (Excel's list separator where ',' is the decimal sign)
    password: str = ""
    # changes to the rendered sheets, in order (catalogue_formats: a unit moved into its label...)
    edits: list = field(default_factory=list)

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
    rows += activity_prose(plan, truth) if plan.activity_prose else []
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


def activity_prose(plan: Plan, truth: Truth) -> list[list]:
    """What reports write before their table: the activities held, listed with commas (wording of
    the provinces' published plans), each sentence alone in its line."""
    rng = plan.rng("activity-prose")
    lines = [
        "Trong Tuần lễ, các đơn vị đã tổ chức lễ khai mạc, phát động, hội thảo, tọa đàm, các cuộc thi, ngày hội "
        "đọc sách, trưng bày, giới thiệu sách, thu hút đông đảo cán bộ, giáo viên, học sinh và nhân dân tham gia.",
        "Các trung tâm học tập cộng đồng mở các lớp bồi dưỡng chuyên môn, nghiệp vụ, lớp đào tạo nghề cho lao "
        "động nông thôn, lớp giáo dục pháp luật, giáo dục sức khỏe, giáo dục môi trường cho người dân.",
        f"Treo băng rôn, khẩu hiệu tại các cơ sở giáo dục và nơi công cộng; đăng tin, bài trên cổng thông tin điện "
        f"tử, trang mạng xã hội (Facebook, Zalo) của {rng.randint(2, 9)} đơn vị.",
    ]
    return [[t] for t in lines[: rng.randint(1, 3)]]


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
