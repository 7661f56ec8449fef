"""What each column and row of a report table is, read from the evidence a careful officer reads.

A column is the report year's value of a measure, or something beside it that must not be loaded:
a previous year ("Năm 2023" beside "Năm 2024"), a plan ("Kế hoạch") beside the result ("Thực
hiện"), a change ("Tăng/giảm"), a ratio ("Tỷ lệ %"), sessions ("Số buổi") beside classes, a note.
A row of a list of units is a unit, or a group heading / subtotal ("I. Thành phố, thị xã",
"II. Các huyện", "Cộng", "Khối trường học") or a total: subtotals and totals are checked, never
summed. Every role keeps its reason, in Vietnamese, for `etl check --explain` and the upload page.
Pure functions over texts and numbers: the readers in `tables.py` and `extract.py` apply them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reference.regions import regions
from reference.vntext import strip_diacritics

PREVIOUS = -1  # a period stated relative to the report year: "năm trước", "cùng kỳ"


@dataclass(frozen=True)
class Role:
    # column: value | period | plan | change | ratio | note | sessions | hidden; row: unit | subtotal | total | asked
    kind: str
    reason: str = ""  # Vietnamese, shown to the officer
    period: int | None = None  # the year a column header names (PREVIOUS: the year before the report's)

    @property
    def loads(self) -> bool:
        return self.kind in ("value", "unit")


VALUE = Role("value", "giá trị")
SKIPPED_COLUMNS = ("plan", "change", "ratio", "note", "sessions", "hidden", "breakdown", "cumulative")
HIDDEN = Role("hidden", "cột ẩn trong Excel — không đọc (chỉ đọc những gì cán bộ nhìn thấy)")


def _fold(text: str) -> str:
    return " ".join(strip_diacritics(text).replace("\n", " ").split())


_RATIO = re.compile(r"(?:^|\W)(?:ty le|ti le|phan tram|binh quan|trung binh)(?:\W|$)|%")
_CHANGE = re.compile(
    r"(?:^|\W)(?:tang giam|tang, giam|tang/giam|tang \(\+\)|giam \(-\)|chenh lech|so sanh|so voi)(?:\W|$)|\+/-|\+ ?/ ?-"
)
_PLAN = re.compile(
    r"^(?:ke hoach|kh|chi tieu giao|chi tieu ke hoach|chi tieu ke hoach giao|du kien|muc tieu)"
    r"(?:\s+(?:nam|giao|de ra|duoc giao))?(?:\s+(?:hoc\s+)?20\d\d(?:\s*[-–/]\s*20\d\d)?)?$"
)
_NOTE = re.compile(r"^(?:ghi chu|ghi chu khac|nhan xet)\b")
_CUMULATIVE = re.compile(r"(?:^|\W)(?:luy ke|cong don|tich luy)(?:\W|$)")
_SESSIONS = re.compile(r"^(?:so buoi|buoi|so buoi hoc|buoi hoc|so tiet|tiet)$")
_PREVIOUS = re.compile(r"(?:^|\W)(?:nam truoc|cung ky|nam \d{4} truoc)(?:\W|$)")
_SCHOOL_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*[-–/]\s*20\d\d(?!\d)")
_YEAR = re.compile(r"(?<![\d/.])(20\d\d)(?![\d/.])")
_SEGMENT = re.compile(r"[:;/()\[\]]|\s[-–]\s")


@lru_cache(maxsize=20_000)
def column_role(parts: tuple[str, ...]) -> Role:
    """The role of a value column from its header texts, top level first."""
    folded = [_fold(p) for p in parts if p and p.strip()]
    text = " / ".join(folded)
    head = " ".join(text.split())
    if _RATIO.search(head):
        return Role("ratio", "tỷ lệ — không phải số liệu, bỏ qua")
    if _CHANGE.search(head):
        return Role("change", "tăng/giảm, so sánh — bỏ qua")
    if _CUMULATIVE.search(head):
        return Role("cumulative", "lũy kế — không phải số của năm báo cáo, bỏ qua")
    # a one-row header says it all in one cell: "Lớp kỹ năng sống: Số buổi", "Ngoại ngữ - Kế hoạch"
    segments = [seg.strip(" .") for p in folded for seg in _SEGMENT.split(p) if seg.strip(" .")]
    for p in segments:
        if _PLAN.match(p):
            return Role("plan", "kế hoạch, chỉ tiêu giao — chỉ lấy số thực hiện")
        if _NOTE.match(p):
            return Role("note", "ghi chú — bỏ qua")
        if _SESSIONS.match(p.replace(":", "").strip()):
            return Role("sessions", "số buổi — không phải số lớp hay lượt người, bỏ qua")
    if _PREVIOUS.search(head):
        return Role("value", "năm trước — bỏ qua", PREVIOUS)
    years = {int(y) for y in _SCHOOL_YEAR.findall(head)}
    if not years:
        years = {int(y) for y in _YEAR.findall(head)}
    if len(years) == 1:
        (year,) = years
        return Role("value", f"năm {year}", year)
    return VALUE


# a row that states a share or an average, not a count: "Tỷ lệ lớp đạt yêu cầu (%)", "Số học viên
# bình quân một lớp", a row whose ĐVT is "%". Its words name a subject ("lớp ngoại ngữ"), but its
# number is not that subject's count: read as one it would load a wrong value (82 classes), and
# "82,5" would refuse a file nothing is wrong with
_RATIO_ROW = re.compile(
    r"^(?:ty le|ti le|phan tram|muc tang|toc do tang)\b|(?:^|\W)(?:binh quan|trung binh)(?:\W|$)|\(%\)|%$"
)
RATIO_ROW = Role("ratio", "tỷ lệ, bình quân — không phải số đếm, bỏ qua")


def ratio_row(label: str, unit_of_measure: str = "") -> Role | None:
    """The role of a vertical form's row that states a ratio or an average, else None."""
    head = _fold(label).lower().lstrip("-+•*–. ")
    head = re.sub(r"^(?:[ivxlc]+|\d+(?:\.\d+)*|[a-d])\s*[.)/-]\s*", "", head)  # its number: "3.", "II."
    if _RATIO_ROW.search(head) or "%" in unit_of_measure:
        return RATIO_ROW
    return None


_SPLIT = re.compile(r"^(?:chia ra|chia theo|phan theo|trong do|bao gom)\b")
_LEVEL = re.compile(r"^(?:cap )?(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|truong|co so)$")
_TOTAL_HEAD = re.compile(r"^(?:tong so|tong cong|tong|cong|toan tinh)$")
BREAKDOWN = Role("breakdown", "chia theo cấp — một phần của cột tổng, bỏ qua")


# a column that holds a part of the row's number, split by some dimension: 'Trong đó: trực tuyến',
# 'Nam' / 'Nữ', 'Cấp huyện' / 'Cấp xã', 'Mầm non' / 'Tiểu học' / 'THCS', 'Nông thôn'. Beside the
# column of the whole it is that number again, split: read as the row's indicator it would be a
# second, different value of it ('Trong đó: trực tuyến' on the row 'Lễ khai mạc' once loaded 2 online
# classes); it is set aside
#
# The words that open a part, for rows and columns alike ('Trong đó', 'Trong số đó', 'Chia ra', 'Bao
# gồm', 'Riêng'): a new spelling goes here. A column header also takes the short and loose ones
# ('Tr.đó', 'TĐ', 'Gồm', 'Chia theo', 'Phân theo'); a row label does not, for there they may name a
# unit or a heading ('TĐ', 'Gồm các xã …', 'Phân theo cấp học' above its part rows)
_PART_WORDS = r"trong do|trong so|chia ra|bao gom|rieng"
_PART_MARK = re.compile(rf"^(?:{_PART_WORDS}|tr\.? ?do|td|chia theo|phan theo|gom)\b")
_PART = re.compile(rf"^(?:{_PART_WORDS})\b")
# the online share, however the header puts it ('Hình thức trực tuyến', 'Số trực tuyến', 'Online')
ONLINE_SHARE = re.compile(r"(?:^|\W)(?:truc tuyen|online|qua mang)(?:\W|$)")
_DIMENSION = re.compile(
    r"^(?:nam|nu|phu nu|nam gioi|nu gioi|cap (?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|truong|co so)"
    r"|mam non|tieu hoc|thcs|thpt|trung hoc co so|trung hoc pho thong|gdtx|gdnn ?- ?gdtx|thanh thi|nong thon"
    r"|dan toc thieu so|nguoi dan toc thieu so|dtts|vung kho khan|vung dac biet kho khan|truc tiep|truc tuyen)$"
)
_ONLINE_WHOLE = re.compile(
    r"truc tiep"
)  # 'trực tiếp và trực tuyến', 'Cuộc thi (trực tiếp, trực tuyến)': both ways, the whole
PART = Role("breakdown", "một phần của số ở cột tổng (trong đó, chia theo) — bỏ qua")


def is_part_column(parts: tuple[str, ...]) -> bool:
    """A column header that names a part of the row's number ('Trong đó: trực tuyến', 'Nữ', 'Cấp xã')."""
    folded = [" ".join(_fold(p).lower().split()).strip(" :.") for p in parts if p and p.strip()]
    if not folded:
        return False
    return (
        any(_PART_MARK.match(p) for p in folded)
        or bool(_DIMENSION.match(folded[-1]))
        or bool(ONLINE_SHARE.search(folded[-1]) and not _ONLINE_WHOLE.search(folded[-1]))
    )


def is_total_column(parts: tuple[str, ...]) -> bool:
    """'Tổng số' heading a column beside its parts."""
    return bool(parts) and bool(_TOTAL_HEAD.match(" ".join(_fold(parts[-1]).split())))


def level_parts(heads: list[tuple[str, ...]]) -> list[bool]:
    """For columns left to right, whether each splits a total by level ('Chia ra / Cấp tỉnh',
    'Trong đó / Cấp xã'); an unmerged 'Chia ra' typed once heads the level columns after it."""
    out, splitting = [], False
    for parts in heads:
        folded = [" ".join(_fold(p).split()).strip(" :.") for p in parts if p and p.strip()]
        level = bool(folded) and bool(_LEVEL.match(folded[-1]))
        if any(_SPLIT.match(p) for p in folded[:-1]):
            splitting = True
        elif not (level and len(folded) == 1):
            splitting = False  # a column under another heading ends the split
        out.append(splitting and level)
    return out


def period_reason(role: Role, report_year: int) -> str:
    """Why a column with a period is or is not the report year's."""
    if role.period == PREVIOUS:
        return "năm trước — bỏ qua"
    if role.period == report_year:
        return f"năm {role.period} (năm báo cáo)"
    return f"năm {role.period}, không phải năm báo cáo {report_year} — bỏ qua"


def is_report_period(period: int | None, report_year: int | None) -> bool:
    return period is None or (report_year is not None and period == report_year)


# ------------------------------------------------------------------------------------------- rows
# a numbered group ("I. Thành phố, thị xã", "A. Khối trường học", "1. Các huyện miền núi"), or a
# heading word ("Cộng", "Khối ...", "Nhóm ...", "Các huyện"): a row that gathers units
_GROUP_NUMBER = re.compile(r"^(?:[ivxlc]+|[a-d])\s*[.)/-]\s*\S", re.I)
_GROUP_WORDS = re.compile(
    r"^(?:cong|cong nhom|tong nhom|khoi|nhom|cum|cac (?:huyen|quan|thi xa|thanh pho|xa|phuong|thi tran|don vi|truong)"
    r"|thanh pho,? thi xa|huyen,? thi xa|vung|mien|trong do|gom|tieu cong|cong khoi|cong cum|cong vung)\b"
)


def group_label(label: str) -> bool:
    """Whether a row label names a group of units rather than one unit: a numbered or worded group
    ('II. Các huyện', 'Khối trường học') or a socio-economic region ('Đồng bằng sông Hồng')."""
    f = _fold(label).lower()
    bare = _GROUP_NUMBER.sub("", f).lstrip(". ") or f
    return bool(_GROUP_NUMBER.match(f) or _GROUP_WORDS.match(bare) or " ".join(bare.split()) in _region_names())


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    """The regions of the reference, folded, as provinces' tables group them ('Tây Nguyên')."""
    return frozenset(" ".join(_fold(r.name_vi).lower().split()) for r in regions())


# a province's own body in its list of units: departments, mass organisations, schools, agencies,
# as a group ("Các sở, ban, ngành", "Khối trường học") or one by one ("Tỉnh đoàn", "Sở Văn hóa, Thể
# thao và Du lịch", "Hội Khuyến học tỉnh", "Thư viện tỉnh")
_PROVINCE_BODY = re.compile(
    r"^(?:(?:cac|khoi|nhom) (?:so|ban|nganh|doan the|co quan|truong|cac truong|don vi|hoi|to chuc|benh vien|thpt)\b"
    r"|so,? ban,? nganh|doan the\b|co quan\b|don vi cap tinh|(?:khoi |cac )?(?:don vi |co quan )?cap tinh\b"
    r"|so (?:gd|giao duc|van hoa|vh|lao dong|ld|noi vu|tu phap|y te|thong tin|tt|khoa hoc|nong nghiep|tai chinh"
    r"|ke hoach|tai nguyen|cong thuong|xay dung|giao thong|ngoai vu|dan toc|du lich)"
    r"|tinh (?:doan|uy|hoi)\b|thanh doan\b|lien doan lao dong|(?:uy ban )?mat tran|uy ban mttq|mttq"
    r"|hoi (?:lien hiep|lhpn|phu nu|nong dan|cuu chien binh|ccb|khuyen hoc|chu thap do|nguoi cao tuoi|cuu giao chuc)"
    r"|(?:thu vien|bao tang|dai phat thanh|bao) (?:tinh|thanh pho)\b|truong (?:chinh tri|cao dang|dai hoc|trung cap)\b"
    r"|cong an tinh|bo chi huy quan su)"
)


def province_body(label: str) -> bool:
    """Whether a row label names a body of the province that is no district or commune ('Các sở,
    ban, ngành', 'Khối trường học', 'Các đoàn thể'): a part of the province's figures."""
    f = _fold(label).lower().lstrip("-+•*–. ")
    f = re.sub(r"^(?:[ivxlc]+|\d+|[a-d])\s*[.)/-]\s*", "", f)  # its number: "A.", "3."
    return bool(_PROVINCE_BODY.match(f))


PART_ROW = Role("part", "«trong đó»: một phần của dòng trên, không phải chỉ tiêu — bỏ qua")


def part_label(label: str) -> bool:
    """Whether a row label gives a part of the row above ('- Trong đó: thị trấn', 'Trong đó')."""
    f = _fold(label).lower().lstrip("-+•*–. ")
    return bool(_PART.match(f))


def group_numbered(label: str) -> bool:
    """Whether a row label carries a group's number ("II. Huyện Duy Xuyên"): a unit that may head
    its own sub-units, decided by its numbers rather than by its name."""
    return bool(_GROUP_NUMBER.match(_fold(label).lower()))


def sums_block(row: dict[int, float], block: Sequence[dict[int, float]], named_group: bool = False) -> bool:
    """Whether a row's numbers are the sums of a block of rows, column by column: the mark of a
    subtotal whatever its label says. Two rows at least, and two columns with a number other than
    zero, so that a coincidence is out of the question; a row named as a group ('II. Các huyện')
    needs only the arithmetic (a group of one unit, a group of zeros)."""
    if not row or not block:
        return False
    if named_group:
        return all(abs(sum(b.get(c, 0) or 0 for b in block) - v) < 1e-6 for c, v in row.items())
    if len(block) < 2:
        return False
    nonzero = 0
    for c, v in row.items():
        got = sum(b.get(c, 0) or 0 for b in block)
        if abs(got - v) > 1e-6:
            return False
        nonzero += v != 0
    return nonzero >= 2
