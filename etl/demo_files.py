"""Deterministic demo submissions: report files shaped like the ones provinces really send.

`write_demo_submissions(out_dir)` writes one statistics table per province per year (63 provinces
up to 2024, 34 from 2025) in the layouts described in the design note "The shapes people send",
so that the demo warehouse is filled through the same loader path as real uploads:

======  ==========================================  =========================================
shape   file                                         what it looks like
======  ==========================================  =========================================
1  ~55% ``2023_49_QuangNam_bieu_doc.xlsx``           vertical one-unit form (*biểu dọc*): title
                                                     block, STT | Nội dung | ĐVT | Số lượng |
                                                     Ghi chú, Roman-numbered sections, class
                                                     types as a heading with "- Số lớp" /
                                                     "- Số lượt người học" child rows; money
                                                     in đồng, nghìn đồng or triệu đồng (ĐVT);
                                                     some files store numbers as text ("10.292")
2  ~25% ``2023_01_HaNoi_tong_hop_huyen.xlsx``        wide table, one row per district (< 2025)
        ``2025_48_DaNang_tong_hop_xa.xlsx``          or per commune (2025+, a subset of 15-40),
                                                     two merged header rows, a total row
                                                     ("Tổng cộng" / "Cộng" / "Toàn tỉnh") at the
                                                     bottom or right under the header, a sheet
                                                     level "Đơn vị tính kinh phí: triệu đồng"
3  ~10% ``2022_10_LaoCai_TCVN3.xls``                 Excel 97-2003 vertical form typed in the
                                                     TCVN3 (ABC, .VnTime) legacy encoding
4  ~10% ``2021_26_VinhPhuc_bieu_2cot.csv``           vertical form with two value columns
                                                     (Số lớp | Số lượt người học on class rows),
                                                     exported as CSV in UTF-8 with BOM or in
                                                     Windows-1258 (tones as combining marks)
======  ==========================================  =========================================

Shapes are assigned per year with exact quotas over the whole country, and a province tends to
keep its shape (and its template: wording, money unit, title block) from year to year, as a Sở
reuses last year's file. Values come from a small model: a province size (its number of
districts, times a seeded factor), growth of a few per cent a year, a COVID dip in 2020-2021
(with online classes, social posts and open resources up), and for 2025 the sum of the merged
predecessors' trends so that the 34-province map continues the 63-province one.

Quirks that real files have and the loader must cope with, each in a share of the files: header
and label wording close to but not always the catalog's ("ĐVT", "Kết quả", "xoá", "KH-KT",
"TTHTCĐ"), header text split over two lines, numbers stored as text with "." grouping and "-"
for zero, a national motto and place/date block beside the title, "(Kèm theo Báo cáo số ...)",
a stated funding total on the section V heading, a note in the Ghi chú column, a signature block
under the table, extra empty sheets, and in wide tables a column-numbering row ("A", "B", "(1)"),
the total row on top, and optional column groups left out. TCVN3 sheets keep the section
headings and the units in Unicode, as in files where a template was filled in with .VnTime.

Everything is deterministic for a seed: the same call writes byte-identical files. Alongside the
files, `out_dir/expected.csv` (columns file, year, province_code, indicator_code, value) records
what each file must load as: province-level values of the typed (non-derived) indicators in đồng,
only for indicators present in the file; for wide tables the sum of the sub-unit rows.

Nothing here reads /work/shared or the network; reference data come from `reference.admin_units`
and `data/indicators.csv`. Writing needs openpyxl and xlwt (pinned in requirements-demo.txt)."""

from __future__ import annotations

import copy
import csv
import io
import math
import random
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INDICATORS_CSV = ROOT / "data" / "indicators.csv"
EXPECTED_NAME = "expected.csv"
EXPECTED_COLUMNS = ("file", "year", "province_code", "indicator_code", "value")

MERGER_YEAR = 2025
SHAPES = ("bieu_doc", "tong_hop", "tcvn3", "bieu_2cot")  # shapes 1..4
SHAPE_SHARES = (0.55, 0.25, 0.10, 0.10)

CLASS_TYPES = (
    "knowledge",
    "life_skills",
    "digital",
    "language",
    "vocational",
    "literacy",
    "civic",
    "professional",
    "other",
)
EVENT_TYPES = ("seminars", "contests")
MONEY_CODES = ("support.scholarship_value", "funding.state_budget", "funding.socialized")
MONEY_UNITS = {"đồng": 1, "nghìn đồng": 1_000, "triệu đồng": 1_000_000}


# --------------------------------------------------------------------------------------------
# TCVN3 (ABC) legacy encoding
# --------------------------------------------------------------------------------------------

_TCVN3_LOWER = (
    "ă¨ â© êª ô« ơ¬ ư\xad đ® "
    "àµ ả¶ ã· á¸ ạ¹ ằ» ẳ¼ ẵ½ ắ¾ ặÆ ầÇ ẩÈ ẫÉ ấÊ ậË "
    "èÌ ẻÎ ẽÏ éÐ ẹÑ ềÒ ểÓ ễÔ ếÕ ệÖ ì× ỉØ ĩÜ íÝ ịÞ "
    "òß ỏá õâ óã ọä ồå ổæ ỗç ốè ộé ờê ởë ỡì ớí ợî "
    "ùï ủñ ũò úó ụô ừõ ửö ữ÷ ứø ựù ỳú ỷû ỹü ýý ỵþ"
)
_TCVN3_UPPER = "Ă¡ Â¢ Ê£ Ô¤ Ơ¥ Ư¦ Đ§"
_TO_TCVN3: dict[str, str] = {p[0]: p[1] for p in (_TCVN3_LOWER + " " + _TCVN3_UPPER).split(" ")}
_FROM_TCVN3: dict[str, str] = {v: k for k, v in _TO_TCVN3.items()}


def to_tcvn3(text: str) -> str:
    """Unicode Vietnamese -> the Latin-1 characters a TCVN3 (.VnTime) font displays as it.

    "Hà Nội" -> "Hµ Néi". Upper-case toned letters take the lower-case codes, as the .VnTimeH
    capitals font does ("TỈNH" -> "TØNH"); Ă Â Ê Ô Ơ Ư Đ have their own capital codes."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = _TO_TCVN3.get(ch)
        if code is None and ch.isupper():
            low = ch.lower()
            if low in _TO_TCVN3 and low not in "ăâêôơưđ":
                code = _TO_TCVN3[low]
        out.append(code if code is not None else ch)
    return "".join(out)


def from_tcvn3(text: str) -> str:
    """Inverse of `to_tcvn3` (capital toned letters come back lower-case)."""
    return "".join(_FROM_TCVN3.get(ch, ch) for ch in text)


# --------------------------------------------------------------------------------------------
# Windows-1258
# --------------------------------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=4096)
def _cp1258_char(ch: str, decompose_all: bool) -> bytes:
    if not decompose_all:
        try:
            return ch.encode("cp1258")
        except UnicodeEncodeError:
            pass
    d = unicodedata.normalize("NFD", ch)
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    tones = "".join(c for c in d if c in _TONES)
    return (base + tones).encode("cp1258", errors="replace")


def encode_cp1258(text: str, decompose_all: bool = True) -> bytes:
    """Windows-1258 bytes: letter shapes (â ă ê ô ơ ư đ) precomposed, tones as combining marks
    (as Vietnamese Windows keyboards produce). With decompose_all=False, letters that cp1258
    has precomposed (à á ...) stay precomposed and only the others are decomposed."""
    return b"".join(_cp1258_char(ch, decompose_all) for ch in unicodedata.normalize("NFC", text))


# --------------------------------------------------------------------------------------------
# catalog and reference data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label_vi: str
    unit_vi: str
    kind: str


@lru_cache(maxsize=1)
def catalog() -> dict[str, Indicator]:
    """Typed (non-derived) indicators of data/indicators.csv, in catalog order."""
    with open(INDICATORS_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {
        r["code"]: Indicator(r["code"], r["group"], r["label_vi"], r["unit_vi"], r["kind"])
        for r in rows
        if str(r.get("derived", "0")).strip() in ("0", "", "False", "false")
    }
    missing = [c for c in _MODEL_CODES if c not in out]
    if missing:
        raise ValueError(f"data/indicators.csv lacks indicators the demo generator writes: {missing}")
    return out


def _head(label: str) -> str:
    """'Lớp ngoại ngữ: số lớp' -> 'Lớp ngoại ngữ' (the heading of a classes/learners pair)."""
    return label.rsplit(": ", 1)[0]


_MODEL_CODES = (
    [
        "direction.documents",
        "direction.inspections",
        "institutions.participating",
        "ceremony.events",
        "ceremony.attendees",
        "outreach.banners",
        "outreach.media_items",
        "outreach.social_posts",
    ]
    + [f"classes.{t}.{m}" for t in (*CLASS_TYPES, "online") for m in ("classes", "learners")]
    + [f"events.{t}.{m}" for t in EVENT_TYPES for m in ("count", "participants")]
    + [
        "events.new_clubs",
        "reading.new_bookcases",
        "reading.events",
        "reading.visits",
        "reading.books",
        "reading.open_resources",
        "support.scholarships",
        "support.scholarship_value",
        "awards.collectives",
        "awards.individuals",
        "funding.state_budget",
        "funding.socialized",
        "participants.total",
    ]
)


@dataclass(frozen=True)
class _Unit:
    code: str
    name: str  # display name
    full_name: str


def _admin():
    from reference import admin_units

    return admin_units


@lru_cache(maxsize=2)
def _provinces(era: int) -> tuple[_Unit, ...]:
    return tuple(_Unit(p.code, p.name, p.full_name) for p in _admin().provinces(era))


@lru_cache(maxsize=1)
def _predecessors() -> dict[str, list[str]]:
    return _admin().merger_table()


@lru_cache(maxsize=1)
def _successor() -> dict[str, str]:
    return {p.code: p.code_2025 for p in _admin().provinces(63)}


@lru_cache(maxsize=128)
def _district_count(code63: str) -> int:
    return max(1, len(_admin().districts(code63)))


def _era(year: int) -> int:
    return 34 if year >= MERGER_YEAR else 63


# --------------------------------------------------------------------------------------------
# deterministic randomness
# --------------------------------------------------------------------------------------------


def _rng(seed: int, *parts) -> random.Random:
    # str seeds go through SHA-512 (version 2 seeding): stable across runs and platforms
    return random.Random("|".join(map(str, (seed, *parts))))


def _lognorm(rng: random.Random, sigma: float) -> float:
    return math.exp(rng.gauss(0.0, sigma))


# --------------------------------------------------------------------------------------------
# the value model
# --------------------------------------------------------------------------------------------

# people per class, by class type: (low, high) of the province's typical ratio
_PPC = {
    "knowledge": (14, 30),
    "life_skills": (15, 35),
    "digital": (14, 28),
    "language": (12, 24),
    "vocational": (16, 34),
    "literacy": (10, 22),
    "civic": (16, 40),
    "professional": (18, 42),
    "other": (14, 30),
}
# classes per size unit at the 2023 level, and extra yearly growth of the type
_CLASSES = {
    "knowledge": (260, 0.0),
    "life_skills": (210, 0.01),
    "digital": (85, 0.08),
    "language": (45, 0.02),
    "vocational": (60, -0.01),
    "literacy": (28, -0.05),
    "civic": (160, 0.0),
    "professional": (55, 0.01),
    "other": (50, 0.0),
}
# share of classes held online, by year
_ONLINE = {2019: 0.06, 2020: 0.22, 2021: 0.42, 2022: 0.20, 2023: 0.15, 2024: 0.16, 2025: 0.19}
# COVID: in-person activity, money, things that moved online
_INPERSON = {2020: 0.72, 2021: 0.55, 2022: 0.93}
_MONEY_COVID = {2020: 0.82, 2021: 0.68, 2022: 0.95}
_ONLINE_BOOST = {2020: 1.3, 2021: 1.55, 2022: 1.1}


@dataclass(frozen=True)
class _Profile:
    size: float
    growth: float
    k: dict  # persistent per-indicator multipliers
    ppc: dict  # learners per class by type
    ppc_online: float
    attendees_per_event: float
    seminar_pp: float
    contest_pp: float
    scholarship_each: int  # đồng
    budget: float  # state budget in đồng at the 2023 level
    socialized_ratio: float
    online_k: float
    extra_participation: float


@lru_cache(maxsize=256)
def _profile(code63: str, seed: int) -> _Profile:
    rng = _rng(seed, "profile", code63)
    size = _district_count(code63) / 10 * _lognorm(rng, 0.3)
    k = {c: _lognorm(rng, 0.25) for c in _MODEL_CODES}
    return _Profile(
        size=size,
        growth=rng.uniform(0.02, 0.07),
        k=k,
        ppc={t: rng.uniform(*_PPC[t]) for t in CLASS_TYPES},
        ppc_online=rng.uniform(15, 40),
        attendees_per_event=rng.uniform(55, 140),
        seminar_pp=rng.uniform(55, 120),
        contest_pp=rng.uniform(150, 600),
        scholarship_each=rng.randrange(3, 21) * 100_000,
        budget=1.3e9 * size * _lognorm(rng, 0.55),
        socialized_ratio=rng.uniform(0.6, 4.0),
        online_k=rng.uniform(0.6, 1.4),
        extra_participation=rng.uniform(1.02, 1.25),
    )


def _province_values(code63: str, year: int, seed: int) -> dict[str, int]:
    """Typed indicators of one pre-2025 province for a year (for 2025+, the virtual value the
    province would have reported had it not merged). Money in đồng, multiples of 100 000."""
    p = _profile(code63, seed)
    rng = _rng(seed, "values", code63, year)
    t = year - 2023
    trend = (1 + p.growth) ** t * _lognorm(rng, 0.05)
    inperson = _INPERSON.get(year, 1.0)
    boost = _ONLINE_BOOST.get(year, 1.0)
    s = p.size

    def n(code: str, base: float, scale: float = 1.0, sigma: float = 0.08) -> int:
        return max(0, round(base * p.k[code] * trend * scale * _lognorm(rng, sigma)))

    v: dict[str, int] = {}
    v["direction.documents"] = max(1, n("direction.documents", 8 + 9 * s**0.5, sigma=0.15))
    v["direction.inspections"] = n("direction.inspections", 6 + 10 * s**0.5, inperson, 0.15)
    v["institutions.participating"] = n("institutions.participating", 520 * s)
    v["ceremony.events"] = max(1, n("ceremony.events", 42 * s, inperson**1.3))
    v["ceremony.attendees"] = max(
        v["ceremony.events"], round(v["ceremony.events"] * p.attendees_per_event * _lognorm(rng, 0.1))
    )
    v["outreach.banners"] = n("outreach.banners", 2100 * s, inperson**0.5)
    v["outreach.media_items"] = n("outreach.media_items", 40 + 140 * s**0.8, boost)
    v["outreach.social_posts"] = n("outreach.social_posts", 700 * s, boost * 1.12**t)
    total_c = total_l = 0
    for ct in CLASS_TYPES:
        base, extra = _CLASSES[ct]
        scale = (1 + extra) ** t * (inperson if ct != "digital" else (1 + inperson) / 2)
        c = n(f"classes.{ct}.classes", base * s, scale, 0.12)
        learners = round(c * p.ppc[ct] * _lognorm(rng, 0.1)) if c else 0
        v[f"classes.{ct}.classes"], v[f"classes.{ct}.learners"] = c, max(c, learners)
        total_c += c
        total_l += v[f"classes.{ct}.learners"]
    share = min(0.8, _ONLINE.get(year, 0.03 if year < 2019 else 0.19) * p.online_k * _lognorm(rng, 0.15))
    oc = min(total_c, round(total_c * share))
    ol = min(total_l, max(oc, round(oc * p.ppc_online * _lognorm(rng, 0.1))))
    v["classes.online.classes"], v["classes.online.learners"] = oc, ol
    v["events.seminars.count"] = n("events.seminars.count", 36 * s, inperson**0.7)
    v["events.seminars.participants"] = max(
        v["events.seminars.count"], round(v["events.seminars.count"] * p.seminar_pp * _lognorm(rng, 0.1))
    )
    v["events.contests.count"] = n("events.contests.count", 13 * s, 1.0, 0.2)
    v["events.contests.participants"] = max(
        v["events.contests.count"], round(v["events.contests.count"] * p.contest_pp * boost * _lognorm(rng, 0.15))
    )
    v["events.new_clubs"] = n("events.new_clubs", 16 * s, inperson, 0.2)
    v["reading.new_bookcases"] = n("reading.new_bookcases", 85 * s, 1.0, 0.15)
    v["reading.events"] = n("reading.events", 320 * s, inperson)
    v["reading.visits"] = n("reading.visits", 95_000 * s, inperson)
    v["reading.books"] = n("reading.books", 27_000 * s)
    v["reading.open_resources"] = n("reading.open_resources", 520 * s, boost * 1.15**t, 0.15)
    v["support.scholarships"] = max(1, n("support.scholarships", 650 * s, 1.0, 0.15))
    each = max(100_000, round(p.scholarship_each * 1.03**t / 100_000) * 100_000)
    v["support.scholarship_value"] = v["support.scholarships"] * each
    v["awards.collectives"] = n("awards.collectives", 14 + 30 * s**0.7, 1.0, 0.2)
    v["awards.individuals"] = n("awards.individuals", 30 + 75 * s**0.7, 1.0, 0.2)
    money = trend * _MONEY_COVID.get(year, 1.0)
    state = p.budget * money * _lognorm(rng, 0.12)
    v["funding.state_budget"] = max(50, round(state / 1e6)) * 1_000_000
    v["funding.socialized"] = max(10, round(state * p.socialized_ratio * _lognorm(rng, 0.2) / 1e6)) * 1_000_000
    comp = total_l + v["ceremony.attendees"] + v["events.seminars.participants"] + v["events.contests.participants"]
    v["participants.total"] = round(comp * p.extra_participation * _lognorm(rng, 0.03))
    v["participants.total"] = max(v["participants.total"], comp)
    return v


def province_values(code: str, year: int, seed: int = 2024) -> dict[str, int]:
    """Model values of a province as reported that year (code in that year's 63/34 list);
    from 2025 the sum of the province's pre-2025 predecessors."""
    if year < MERGER_YEAR:
        return _province_values(code, year, seed)
    total: dict[str, int] = {}
    for old in _predecessors()[code]:
        for c, x in _province_values(old, year, seed).items():
            total[c] = total.get(c, 0) + x
    return total


# --------------------------------------------------------------------------------------------
# templates: how one Sở writes its file, stable from year to year
# --------------------------------------------------------------------------------------------

_LABELS = {
    "direction.documents": [
        "Số văn bản chỉ đạo, kế hoạch đã ban hành",
        "Văn bản chỉ đạo, hướng dẫn, kế hoạch đã ban hành",
    ],
    "direction.inspections": ["Số cuộc kiểm tra, giám sát"],
    "institutions.participating": [
        "Số cơ sở giáo dục, trung tâm học tập cộng đồng tham gia",
        "Cơ sở giáo dục, TTHTCĐ tham gia",
    ],
    "ceremony.events": ["Số lễ khai mạc, phát động Tuần lễ", "Lễ khai mạc, phát động hưởng ứng Tuần lễ"],
    "ceremony.attendees": ["Số người dự lễ khai mạc, phát động", "Số đại biểu, người dự lễ khai mạc, phát động"],
    "outreach.banners": ["Băng rôn, khẩu hiệu, pa nô, áp phích", "Số băng rôn, khẩu hiệu, pa-nô, áp phích"],
    "outreach.media_items": [
        "Tin, bài trên báo chí, phát thanh, truyền hình, cổng TTĐT",
        "Số tin, bài trên báo chí, phát thanh, truyền hình, cổng thông tin điện tử",
    ],
    "outreach.social_posts": ["Số bài đăng trên mạng xã hội", "Bài đăng trên mạng xã hội (Facebook, Zalo...)"],
    "classes.knowledge": [
        "Lớp cập nhật kiến thức, chuyên đề, chuyển giao KH-KT",
        "Lớp chuyên đề, cập nhật kiến thức, chuyển giao khoa học - kỹ thuật",
    ],
    "classes.life_skills": ["Lớp kỹ năng sống"],
    "classes.digital": ["Lớp tin học, kỹ năng số, khai thác Internet an toàn"],
    "classes.language": ["Lớp học ngoại ngữ"],
    "classes.vocational": ["Lớp đào tạo nghề, dạy nghề cho lao động nông thôn"],
    "classes.literacy": ["Lớp xoá mù chữ, giáo dục tiếp tục sau khi biết chữ", "Lớp xóa mù chữ, GDTT sau khi biết chữ"],
    "classes.civic": ["Lớp giáo dục pháp luật, sức khoẻ, môi trường"],
    "classes.professional": ["Lớp bồi dưỡng chuyên môn, nghiệp vụ, LLCT"],
    "classes.other": ["Các lớp khác"],
    "classes.online": ["Trong đó: số lớp học trực tuyến", "Trong đó: học trực tuyến"],
    "events.seminars": ["Hội thảo, toạ đàm, diễn đàn, giao lưu"],
    "events.contests": ["Cuộc thi (trực tiếp và trực tuyến)", "Các cuộc thi trực tiếp, trực tuyến"],
    "events.new_clubs": ["Câu lạc bộ, nhóm học tập mới thành lập", "Số câu lạc bộ, nhóm học tập thành lập mới"],
    "reading.new_bookcases": [
        "Thư viện, tủ sách mới",
        "Thư viện, tủ sách mới (thư viện số, tủ sách lớp học, tủ sách HTSĐ)",
    ],
    "reading.events": ["Số hoạt động khuyến đọc, ngày hội đọc sách"],
    "reading.visits": ["Số lượt bạn đọc"],
    "reading.books": ["Sách, tài liệu được luân chuyển, quyên góp", "Số sách, tài liệu luân chuyển, quyên góp"],
    "reading.open_resources": ["Số học liệu mở, bài giảng điện tử được chia sẻ"],
    "support.scholarships": [
        "Số suất học bổng, quà cho học sinh, sinh viên khó khăn",
        "Suất học bổng, quà tặng học sinh, sinh viên có hoàn cảnh khó khăn",
    ],
    "support.scholarship_value": ["Giá trị học bổng, quà tặng", "Tổng giá trị học bổng, quà"],
    "awards.collectives": ["Số tập thể được khen thưởng"],
    "awards.individuals": ["Số cá nhân được khen thưởng"],
    "funding.state_budget": ["Ngân sách nhà nước", "Kinh phí ngân sách nhà nước"],
    "funding.socialized": [
        "Doanh nghiệp, tổ chức, cá nhân và nguồn hợp pháp khác",
        "Xã hội hóa (doanh nghiệp, tổ chức, cá nhân và nguồn hợp pháp khác)",
    ],
    "participants.total": [
        "Tổng số lượt người tham gia các hoạt động của Tuần lễ",
        "Tổng số lượt người tham gia Tuần lễ",
    ],
}
# the catalog wording is the most likely; funding rows under section V usually drop "Kinh phí"
_PREFER_VARIANT = {"funding.state_budget": 0.55, "funding.socialized": 0.55}

_SECTIONS = {
    "I": ["CÔNG TÁC CHỈ ĐẠO, TỔ CHỨC", "CÔNG TÁC CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN"],
    "II": ["LỄ KHAI MẠC, TUYÊN TRUYỀN", "LỄ KHAI MẠC, PHÁT ĐỘNG VÀ TUYÊN TRUYỀN"],
    "III": ["CÁC LỚP HỌC", "TỔ CHỨC CÁC LỚP HỌC"],
    "IV": ["HOẠT ĐỘNG KHÁC", "CÁC HOẠT ĐỘNG KHÁC"],
    "V": ["KINH PHÍ TỔ CHỨC TUẦN LỄ", "KINH PHÍ"],
}
_HEADERS = [  # STT, Nội dung, ĐVT, Số lượng, Ghi chú
    ("STT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú"),
    ("STT", "Nội dung", "ĐVT", "Số lượng", "Ghi chú"),
    ("TT", "Nội dung", "ĐVT", "Kết quả", "Ghi chú"),
    ("STT", "Nội dung thống kê", "Đơn vị\ntính", "Số\nlượng", "Ghi chú"),
    ("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả thực hiện", "Ghi chú"),
]
_CLASS_CHILDREN = [
    ("- Số lớp", "- Số lượt người học"),
    ("- Số lớp", "- Lượt người học"),
    ("+ Số lớp", "+ Số lượt người học"),
]
_EVENT_CHILDREN = [
    ("- Số cuộc", "- Số lượt người tham gia"),
    ("- Số cuộc", "- Lượt người tham gia"),
    ("+ Số cuộc", "+ Số lượt người tham gia"),
]
_SHEET_NAMES = ["Tong hop", "Biểu tổng hợp", "Sheet1", "Số liệu", "Bieu 01", "TH"]
_SIGNERS = [
    "Nguyễn Văn Hùng",
    "Trần Thị Lan",
    "Lê Minh Tuấn",
    "Phạm Thị Hoa",
    "Hoàng Văn Nam",
    "Vũ Thị Thu Hà",
    "Đặng Quốc Bảo",
    "Bùi Thị Hằng",
    "Đỗ Thanh Sơn",
    "Ngô Thị Mai",
]


@dataclass
class _Template:
    label_variant: dict = field(default_factory=dict)
    section_variant: int = 0
    header: tuple = _HEADERS[0]
    class_children: tuple = _CLASS_CHILDREN[0]
    event_children: tuple = _EVENT_CHILDREN[0]
    fill_units: bool = False  # ĐVT filled on every row, not only on child and money rows
    money_unit: str = "đồng"
    title: str = "ubnd"  # 'ubnd': UBND TỈNH X / SỞ GD&ĐT; 'so': SỞ GIÁO DỤC VÀ ĐÀO TẠO X
    motto: bool = False
    reporter_line: bool = False
    attach_p: float = 0.5
    footer: bool = False
    funding_total: bool = False
    text_numbers_p: float = 0.2
    dash_zero: bool = False
    sheet_name: str = "Tong hop"
    extra_sheets: bool = False
    signer: tuple = ("", "")
    # wide tables
    wide_unit_header: str = "Đơn vị"
    wide_child_learners: str = "Lượt người"
    wide_total: str = "Tổng cộng"
    wide_total_top: bool = False
    wide_col_numbers: bool = False
    wide_money_header_unit: bool = False
    wide_unit_statement: str = "Đơn vị tính kinh phí: {u}"
    wide_drop: frozenset = frozenset()
    # CSV
    csv_encoding: str = "utf-8-sig"
    csv_ascii_header: bool = False


@lru_cache(maxsize=256)
def _template(code: str, seed: int, is_city: bool) -> _Template:
    # keyed by code, not era: a Sở whose code survived the 2025 merger keeps its habits
    rng = _rng(seed, "template", code)
    t = _Template()
    for key, alts in _LABELS.items():
        keep = _PREFER_VARIANT.get(key, 0.6)
        t.label_variant[key] = -1 if rng.random() < keep else rng.randrange(len(alts))
    # funding rows: most forms write the short form under section V
    t.section_variant = 0 if rng.random() < 0.65 else 1
    t.header = _HEADERS[0] if rng.random() < 0.45 else rng.choice(_HEADERS[1:])
    t.class_children = _CLASS_CHILDREN[0] if rng.random() < 0.7 else rng.choice(_CLASS_CHILDREN[1:])
    t.event_children = _EVENT_CHILDREN[0] if rng.random() < 0.7 else rng.choice(_EVENT_CHILDREN[1:])
    t.fill_units = rng.random() < 0.35
    t.money_unit = rng.choices(list(MONEY_UNITS), weights=(0.45, 0.30, 0.25))[0]
    t.title = "ubnd" if rng.random() < 0.8 else "so"
    t.motto = rng.random() < 0.35
    t.reporter_line = rng.random() < 0.12
    t.attach_p = rng.choice((0.0, 0.5, 0.9))
    t.footer = rng.random() < 0.3
    t.funding_total = rng.random() < 0.2
    t.text_numbers_p = rng.choice((0.0, 0.0, 0.15, 0.5, 0.9))
    t.dash_zero = rng.random() < 0.4
    t.sheet_name = rng.choice(_SHEET_NAMES)
    t.extra_sheets = rng.random() < 0.2
    t.signer = tuple(rng.sample(_SIGNERS, 2))
    t.wide_unit_header = rng.choice(("Đơn vị", "Đơn vị", "Tên đơn vị", "{level}"))
    t.wide_child_learners = rng.choice(("Lượt người", "Lượt người", "Số lượt người học", "Lượt người học"))
    t.wide_total = rng.choice(("Tổng cộng", "Tổng cộng", "Cộng", "Toàn thành phố" if is_city else "Toàn tỉnh"))
    t.wide_total_top = rng.random() < 0.2
    t.wide_col_numbers = rng.random() < 0.2
    t.wide_money_header_unit = rng.random() < 0.4
    t.wide_unit_statement = rng.choice(
        ("Đơn vị tính kinh phí: {u}", "Đơn vị tính kinh phí: {u}", "ĐVT kinh phí: {u}", "(Kinh phí tính bằng {u})")
    )
    # most consolidation tables carry every column; some leave out a group or two
    optional = ("direction", "outreach", "reading", "awards", "support", "contests")
    t.wide_drop = frozenset(rng.sample(optional, rng.choice((1, 1, 2)))) if rng.random() < 0.35 else frozenset()
    t.csv_encoding = rng.choices(("utf-8-sig", "cp1258", "cp1258-nfc"), weights=(0.5, 0.35, 0.15))[0]
    t.csv_ascii_header = rng.random() < 0.2
    return t


def _label(t: _Template, key: str) -> str:
    cat = catalog()
    if key in cat:
        canonical = cat[key].label_vi
    else:  # a classes/events pair: the heading shared by its two indicators
        first = f"{key}.classes" if key.startswith("classes.") else f"{key}.count"
        canonical = _head(cat[first].label_vi)
    i = t.label_variant.get(key, -1)
    return canonical if i < 0 else _LABELS[key][i]


# --------------------------------------------------------------------------------------------
# the plan: which file for which province and year
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoFile:
    name: str
    year: int
    province_code: str
    province_name: str
    shape: str  # one of SHAPES
    fmt: str  # 'xlsx', 'xls', 'csv'


def _ascii_camel(name: str) -> str:
    s = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", s) if w)


@lru_cache(maxsize=64)
def _shapes_for_year(year: int, seed: int) -> dict[str, str]:
    """Exact quotas per year; a province keeps its habit unless the yearly jitter moves it."""
    units = _provinces(_era(year))
    scored = []
    for p in units:
        habit = _rng(seed, "habit", p.code).random()
        jitter = _rng(seed, "habit", p.code, year).uniform(-0.12, 0.12)
        scored.append((habit + jitter, p.code))
    scored.sort()
    n = len(scored)
    counts = [round(n * s) for s in SHAPE_SHARES[:-1]]
    counts.append(n - sum(counts))
    out, i = {}, 0
    for shape, k in zip(SHAPES, counts, strict=True):
        for _, code in scored[i : i + k]:
            out[code] = shape
        i += k
    return out


def _selected(years: Iterable[int], provinces: Iterable[str] | None) -> list[tuple[int, _Unit]]:
    wanted = None if provinces is None else {str(c).zfill(2) for c in provinces}
    out = []
    for year in sorted(set(years)):
        units = _provinces(_era(year))
        if wanted is None:
            chosen = units
        else:
            codes = set(wanted)
            if year >= MERGER_YEAR:  # a pre-2025 code stands for its 2025 province
                codes |= {_successor()[c] for c in wanted if c in _successor()}
            chosen = [u for u in units if u.code in codes]
        out.extend((year, u) for u in chosen)
    return out


def demo_plan(
    years: Iterable[int] = range(2019, 2026), seed: int = 2024, provinces: Iterable[str] | None = None
) -> list[DemoFile]:
    """The files `write_demo_submissions` writes, in load order (year, then province code)."""
    plan = []
    for year, u in _selected(years, provinces):
        shape = _shapes_for_year(year, seed)[u.code]
        if shape == "tong_hop":
            suffix, fmt = ("tong_hop_huyen" if year < MERGER_YEAR else "tong_hop_xa"), "xlsx"
        elif shape == "tcvn3":
            suffix, fmt = "TCVN3", "xls"
        elif shape == "bieu_2cot":
            suffix, fmt = "bieu_2cot", "csv"
        else:
            suffix, fmt = "bieu_doc", "xlsx"
        name = f"{year}_{u.code}_{_ascii_camel(u.name)}_{suffix}.{fmt}"
        plan.append(DemoFile(name, year, u.code, u.name, shape, fmt))
    return plan


# --------------------------------------------------------------------------------------------
# shared pieces of the title block and number formatting
# --------------------------------------------------------------------------------------------


def _bare(full_name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if full_name.startswith(prefix):
            return full_name[len(prefix) :]
    return full_name


def _is_city(u: _Unit) -> bool:
    return u.full_name.startswith("Thành phố")


def _vn_int(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def _round_money(v: dict[str, int], factor: int) -> dict[str, int]:
    out = dict(v)
    for c in MONEY_CODES:
        if c in out and factor > 1:
            x = out[c]
            r = round(x / factor) * factor
            out[c] = factor if (x > 0 and r == 0) else r
    return out


@dataclass
class _FileCtx:
    year: int
    unit: _Unit
    tpl: _Template
    rng: random.Random  # per-file choices
    seed: int

    @property
    def title_lines(self) -> tuple[str, str]:
        u = self.unit
        if self.tpl.title == "so":
            return (f"SỞ GIÁO DỤC VÀ ĐÀO TẠO {_bare(u.full_name).upper()}", "")
        return (f"UBND {u.full_name.upper()}", "SỞ GIÁO DỤC VÀ ĐÀO TẠO")

    @property
    def table_title(self) -> str:
        return f"BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {self.year}"

    def report_date(self) -> tuple[int, int]:
        r = _rng(self.seed, "date", self.unit.code, self.year)
        return r.randrange(8, 31), r.randrange(50, 480)

    def attach_line(self) -> str | None:
        r = _rng(self.seed, "attach", self.unit.code, self.year)
        if r.random() >= self.tpl.attach_p:
            return None
        day, number = self.report_date()
        return f"(Kèm theo Báo cáo số {number}/BC-SGDĐT ngày {day:02d}/10/{self.year})"

    def place_date(self) -> str:
        day, _ = self.report_date()
        return f"{_bare(self.unit.full_name)}, ngày {day:02d} tháng 10 năm {self.year}"


# --------------------------------------------------------------------------------------------
# shape 1 / 3: the vertical form as logical rows
# --------------------------------------------------------------------------------------------

# row kinds: 'section' (Roman numeral), 'item' (one indicator), 'group' (heading of a pair),
# 'child' (one value of a pair)
_Row = tuple  # (kind, stt, label, unit, value, note)


def _vertical_rows(ctx: _FileCtx, v: dict[str, int], factor: int) -> list[_Row]:
    t, cat = ctx.tpl, catalog()
    money_unit = t.money_unit
    rows: list[_Row] = []

    def unit_of(code: str) -> str:
        if code in MONEY_CODES:
            return money_unit
        return cat[code].unit_vi if t.fill_units else ""

    def val(code: str) -> int:
        x = v[code]
        return x // factor if code in MONEY_CODES else x

    def section(roman: str, title: str | None = None, unit: str = "", value=None):
        rows.append(("section", roman, title or _SECTIONS[roman][t.section_variant], unit, value, ""))

    def item(n: int, code: str, note: str = ""):
        rows.append(("item", n, _label(t, code), unit_of(code), val(code), note))

    def pair(n: int, key: str, m1: str, m2: str, children: tuple, note: str = ""):
        rows.append(("group", n, _label(t, key), "", None, note))
        rows.append(("child", "", children[0], cat[f"{key}.{m1}"].unit_vi, val(f"{key}.{m1}"), ""))
        rows.append(("child", "", children[1], cat[f"{key}.{m2}"].unit_vi, val(f"{key}.{m2}"), ""))

    section("I")
    for i, c in enumerate(("direction.documents", "direction.inspections", "institutions.participating"), 1):
        item(i, c)
    section("II")
    for i, c in enumerate(
        ("ceremony.events", "ceremony.attendees", "outreach.banners", "outreach.media_items", "outreach.social_posts"),
        1,
    ):
        item(i, c)
    section("III")
    for i, ct in enumerate(CLASS_TYPES, 1):
        pair(i, f"classes.{ct}", "classes", "learners", t.class_children)
    note = "Đã tính trong các lớp trên" if t.fill_units else ""
    pair(len(CLASS_TYPES) + 1, "classes.online", "classes", "learners", t.class_children, note)
    section("IV")
    pair(1, "events.seminars", "count", "participants", t.event_children)
    pair(2, "events.contests", "count", "participants", t.event_children)
    for i, c in enumerate(
        (
            "events.new_clubs",
            "reading.new_bookcases",
            "reading.events",
            "reading.visits",
            "reading.books",
            "reading.open_resources",
            "support.scholarships",
            "support.scholarship_value",
            "awards.collectives",
            "awards.individuals",
        ),
        3,
    ):
        item(i, c)
    total = (v["funding.state_budget"] + v["funding.socialized"]) // factor if t.funding_total else None
    section("V", unit=money_unit, value=total)
    item(1, "funding.state_budget")
    item(2, "funding.socialized")
    rows.append(
        (
            "section",
            "VI",
            _label(t, "participants.total"),
            cat["participants.total"].unit_vi,
            v["participants.total"],
            "",
        )
    )
    return rows


_VERTICAL_CODES = tuple(_MODEL_CODES)


def _cell_value(x, as_text: bool, dash_zero: bool):
    if x is None:
        return None
    if as_text:
        if x == 0 and dash_zero:
            return "-"
        return _vn_int(x)
    return x


# --------------------------------------------------------------------------------------------
# xlsx writing (openpyxl) with fixed timestamps, so bytes are reproducible
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _styles():
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    return {
        "bold": Font(name="Times New Roman", bold=True, size=12),
        "title": Font(name="Times New Roman", bold=True, size=13),
        "italic": Font(name="Times New Roman", italic=True, size=12),
        "normal": Font(name="Times New Roman", size=12),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "wrap": Alignment(vertical="center", wrap_text=True),
    }


class _Painter:
    """Styles cells by name. openpyxl looks a style up in the workbook's tables on every
    assignment (slow); here the first cell of a combination pays for it and the others copy its
    style array. One painter per workbook, since the arrays index that workbook's tables."""

    def __init__(self):
        self._arrays: dict[tuple, object] = {}

    def __call__(
        self, cell, font: str | None = None, border: str | None = None, align: str | None = None, fmt: str | None = None
    ) -> None:
        key = (font, border, align, fmt)
        arr = self._arrays.get(key)
        if arr is not None:
            cell._style = copy.copy(arr)
            return
        st = _styles()
        if font:
            cell.font = st[font]
        if border:
            cell.border = st[border]
        if align:
            cell.alignment = st[align]
        if fmt:
            cell.number_format = fmt
        self._arrays[key] = copy.copy(cell._style)


def _xlsx_bytes(wb, year: int) -> bytes:
    raw = io.BytesIO()
    wb.save(raw)
    stamp = f"{year}-10-20T08:00:00Z".encode()
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, body)
            zi = zipfile.ZipInfo(info.filename, date_time=(year, 10, 20, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            z.writestr(zi, body)
    return out.getvalue()


def _new_workbook(ctx: _FileCtx):
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "Sở GD&ĐT"
    wb.properties.lastModifiedBy = "Sở GD&ĐT"
    ws = wb.active
    ws.title = ctx.tpl.sheet_name
    return wb, ws


def _finish_workbook(wb, ctx: _FileCtx) -> bytes:
    if ctx.tpl.extra_sheets:
        wb.create_sheet("Sheet2")
        wb.create_sheet("Sheet3")
    return _xlsx_bytes(wb, ctx.year)


def _write_title_block(ws, ctx: _FileCtx, ncols: int, st: dict) -> int:
    """Title rows; returns the next free row (1-based)."""
    left1, left2 = ctx.title_lines
    r = 1
    if ctx.tpl.motto and ncols >= 4:
        split = 2
        ws.cell(1, 1, left1).font = st["bold"]
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=split)
        ws.cell(1, split + 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").font = st["bold"]
        ws.merge_cells(start_row=1, start_column=split + 1, end_row=1, end_column=ncols)
        if left2:
            ws.cell(2, 1, left2).font = st["bold"]
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=split)
        ws.cell(2, split + 1, "Độc lập - Tự do - Hạnh phúc").font = st["bold"]
        ws.merge_cells(start_row=2, start_column=split + 1, end_row=2, end_column=ncols)
        ws.cell(3, split + 1, ctx.place_date()).font = st["italic"]
        ws.merge_cells(start_row=3, start_column=split + 1, end_row=3, end_column=ncols)
        for rr in (1, 2, 3):
            for cc in (1, split + 1):
                ws.cell(rr, cc).alignment = st["center"]
        r = 5
    else:
        for line in (left1, left2):
            if line:
                c = ws.cell(r, 1, line)
                c.font, c.alignment = st["bold"], st["center"]
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
                r += 1
    c = ws.cell(r, 1, ctx.table_title)
    c.font, c.alignment = st["title"], st["center"]
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
    r += 1
    attach = ctx.attach_line()
    if attach:
        c = ws.cell(r, 1, attach)
        c.font, c.alignment = st["italic"], st["center"]
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        r += 1
    if ctx.tpl.reporter_line:
        ws.cell(r, 1, f"Đơn vị báo cáo: Sở Giáo dục và Đào tạo {ctx.unit.full_name}").font = st["italic"]
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        r += 1
    return r + 1  # one blank row before the table


def _write_footer(ws, ctx: _FileCtx, r: int, ncols: int, st: dict) -> None:
    r += 1
    ws.cell(r, 2, "NGƯỜI LẬP BIỂU").font = st["bold"]
    ws.cell(r, ncols - 1, "KT. GIÁM ĐỐC").font = st["bold"]
    ws.cell(r + 1, ncols - 1, "PHÓ GIÁM ĐỐC").font = st["bold"]
    ws.cell(r + 5, 2, ctx.tpl.signer[0]).font = st["bold"]
    ws.cell(r + 5, ncols - 1, ctx.tpl.signer[1]).font = st["bold"]


def _vertical_xlsx(ctx: _FileCtx, rows: list[_Row]) -> bytes:
    st = _styles()
    wb, ws = _new_workbook(ctx)
    t = ctx.tpl
    as_text = ctx.rng.random() < t.text_numbers_p
    r = _write_title_block(ws, ctx, 5, st)
    paint = _Painter()
    for c, h in enumerate(t.header, 1):
        paint(ws.cell(r, c, h), "bold", "border", "center")
    r += 1
    aligns = (None, "center", "wrap", "center", None, None)
    for kind, stt, label, unit, value, note in rows:
        values = (
            stt if stt != "" else None,
            label,
            unit or None,
            _cell_value(value, as_text, t.dash_zero),
            note or None,
        )
        font = "bold" if kind in ("section", "group") else "normal"
        for c, x in enumerate(values, 1):
            fmt = "#,##0" if c == 4 and not as_text else None
            paint(ws.cell(r, c, x), font, "border", aligns[c], fmt)
        r += 1
    if t.footer:
        _write_footer(ws, ctx, r, 5, st)
    for col, width in zip("ABCDE", (7, 66, 13, 16, 14), strict=True):
        ws.column_dimensions[col].width = width
    return _finish_workbook(wb, ctx)


# --------------------------------------------------------------------------------------------
# shape 3: the vertical form in Excel 97-2003, TCVN3 text
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _xls_styles():
    import xlwt

    def xf(spec: str):
        return xlwt.easyxf(spec)

    border = "borders: left thin, right thin, top thin, bottom thin;"
    return {
        "title": xf("font: name .VnTimeH, bold on, height 260; align: horiz center"),
        "title_n": xf("font: name .VnTime, bold on, height 260; align: horiz center"),
        "italic": xf("font: name .VnTime, italic on, height 240; align: horiz center"),
        "head": xf("font: name .VnTime, bold on, height 240; align: horiz center, vert center, wrap on;" + border),
        "section": xf("font: name Times New Roman, bold on, height 240;" + border),
        "group": xf("font: name .VnTime, bold on, height 240; align: wrap on;" + border),
        "cell": xf("font: name .VnTime, height 240; align: wrap on;" + border),
        "unit": xf("font: name Times New Roman, height 240; align: horiz center;" + border),
        "num": xf("font: name .VnTime, height 240; align: horiz right;" + border),
    }


def _vertical_xls(ctx: _FileCtx, rows: list[_Row]) -> bytes:
    import xlwt

    st = _xls_styles()
    t = ctx.tpl
    wb = xlwt.Workbook()
    ws = wb.add_sheet(_ascii_camel(t.sheet_name) if not t.sheet_name.isascii() else t.sheet_name)
    # like the real files: the title and the typed labels in TCVN3, while the section headings
    # and the units, copied from a Unicode template, stay in Unicode
    left1, left2 = ctx.title_lines
    r = 0
    ws.write_merge(r, r, 0, 4, to_tcvn3(left1), st["title"])
    r += 1
    if left2:
        ws.write_merge(r, r, 0, 4, to_tcvn3("Sở Giáo dục và Đào tạo"), st["title_n"])
        r += 1
    ws.write_merge(r, r, 0, 4, to_tcvn3(ctx.table_title.capitalize().replace("tuần lễ", "Tuần lễ")), st["title_n"])
    r += 1
    attach = ctx.attach_line()
    if attach:
        ws.write_merge(r, r, 0, 4, to_tcvn3(attach), st["italic"])
        r += 1
    r += 1
    for c, h in enumerate(t.header):
        ws.write(r, c, to_tcvn3(h), st["head"])
    r += 1
    for kind, stt, label, unit, value, note in rows:
        text_value = "" if value is None else ("-" if value == 0 and t.dash_zero else _vn_int(value))
        if kind == "section":
            ws.write(r, 0, stt, st["section"])
            if stt == "VI":
                ws.write(r, 1, to_tcvn3(label), st["group"])
            else:
                ws.write(r, 1, label, st["section"])
        else:
            ws.write(r, 0, stt, st["cell"])
            ws.write(r, 1, to_tcvn3(label), st["group" if kind == "group" else "cell"])
        ws.write(r, 2, unit, st["unit"])
        ws.write(r, 3, text_value, st["num"])
        ws.write(r, 4, to_tcvn3(note), st["cell"])
        r += 1
    for c, width in enumerate((7, 66, 13, 16, 14)):
        ws.col(c).width = width * 256
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# shape 4: vertical form with two value columns, exported as CSV
# --------------------------------------------------------------------------------------------


def _two_column_rows(ctx: _FileCtx, v: dict[str, int], factor: int) -> list[tuple]:
    t, cat = ctx.tpl, catalog()
    rows: list[tuple] = []

    def val(code):
        return v[code] // factor if code in MONEY_CODES else v[code]

    def item(n, code):
        unit = t.money_unit if code in MONEY_CODES else cat[code].unit_vi
        rows.append((n, _label(t, code), unit, val(code), "", ""))

    def pair(n, key, m1, m2):
        rows.append((n, _label(t, key), cat[f"{key}.{m1}"].unit_vi, val(f"{key}.{m1}"), val(f"{key}.{m2}"), ""))

    sec = _SECTIONS
    rows.append(("I", sec["I"][t.section_variant], "", "", "", ""))
    for i, c in enumerate(("direction.documents", "direction.inspections", "institutions.participating"), 1):
        item(i, c)
    rows.append(("II", sec["II"][t.section_variant], "", "", "", ""))
    for i, c in enumerate(
        ("ceremony.events", "ceremony.attendees", "outreach.banners", "outreach.media_items", "outreach.social_posts"),
        1,
    ):
        item(i, c)
    rows.append(("III", sec["III"][t.section_variant], "", "Số lớp", "Số lượt người học", ""))
    for i, ct in enumerate((*CLASS_TYPES, "online"), 1):
        pair(i, f"classes.{ct}", "classes", "learners")
    rows.append(("IV", sec["IV"][t.section_variant], "", "Số lượng", "Số lượt người tham gia", ""))
    pair(1, "events.seminars", "count", "participants")
    pair(2, "events.contests", "count", "participants")
    for i, c in enumerate(
        (
            "events.new_clubs",
            "reading.new_bookcases",
            "reading.events",
            "reading.visits",
            "reading.books",
            "reading.open_resources",
            "support.scholarships",
            "support.scholarship_value",
            "awards.collectives",
            "awards.individuals",
        ),
        3,
    ):
        item(i, c)
    rows.append(("V", sec["V"][t.section_variant], t.money_unit, "", "", ""))
    item(1, "funding.state_budget")
    item(2, "funding.socialized")
    rows.append(
        ("VI", _label(t, "participants.total"), cat["participants.total"].unit_vi, v["participants.total"], "", "")
    )
    return rows


def _ascii(text: str) -> str:
    s = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c))


def _two_column_csv(ctx: _FileCtx, rows: list[tuple]) -> bytes:
    t = ctx.tpl
    as_text = ctx.rng.random() < t.text_numbers_p
    header = ["STT", "Nội dung", "Đơn vị tính", "Số lượng", "Số lượt người", "Ghi chú"]
    if t.csv_ascii_header:
        header = [_ascii(h) for h in header]
    left1, left2 = ctx.title_lines
    lines: list[list] = [[left1], [left2] if left2 else None, [ctx.table_title], [ctx.attach_line()], [""]]
    lines = [ln for ln in lines if ln is not None and ln != [None]]
    lines.append(header)
    for stt, label, unit, a, b, note in rows:
        cells = [stt, label, unit]
        for x in (a, b):
            cells.append(_cell_value(x, as_text, t.dash_zero) if isinstance(x, int) else x)
        cells.append(note)
        lines.append(cells)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for ln in lines:
        writer.writerow(list(ln) + [""] * (6 - len(ln)))
    text = buf.getvalue()
    if t.csv_encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    return encode_cp1258(text, decompose_all=t.csv_encoding == "cp1258")


# --------------------------------------------------------------------------------------------
# shape 2: wide table, one row per district or commune
# --------------------------------------------------------------------------------------------


def _split(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Integers summing to `total`, proportional to weights (largest remainder), never above
    caps. Falls back to spreading over units with room when the weighted ones are full."""
    n = len(weights)
    caps = caps if caps is not None else [total] * n
    if total <= 0 or n == 0:
        return [0] * n
    if sum(caps) < total:
        raise ValueError("caps too small for total")
    out = [0] * n
    left = total
    w = [max(0.0, x) for x in weights]
    for _ in range(6):
        open_ = [i for i in range(n) if out[i] < caps[i] and w[i] > 0]
        if not open_ or left == 0:
            break
        wsum = sum(w[i] for i in open_)
        shares = {i: left * w[i] / wsum for i in open_}
        given = 0
        for i in open_:
            add = min(int(shares[i]), caps[i] - out[i])
            out[i] += add
            given += add
        left -= given
        order = sorted(open_, key=lambda i: -(shares[i] - int(shares[i])))
        for i in order:
            if left == 0:
                break
            if out[i] < caps[i]:
                out[i] += 1
                left -= 1
    if left > 0:  # weighted units are full: spread over any unit with room, roomiest first
        for j in sorted(range(n), key=lambda j: -(caps[j] - out[j])):
            take = min(left, caps[j] - out[j])
            out[j] += take
            left -= take
            if left == 0:
                break
    return out


@dataclass(frozen=True)
class _WideCol:
    group: str  # group header (merged over its children) or the single column's header
    child: str | None
    code: str
    drop_key: str


def _wide_columns(ctx: _FileCtx, money_unit: str) -> list[_WideCol]:
    t, cat = ctx.tpl, catalog()
    learners = t.wide_child_learners
    money_suffix = f" ({money_unit})" if t.wide_money_header_unit else ""
    cols = [
        _WideCol("Công tác chỉ đạo", "Văn bản chỉ đạo, kế hoạch", "direction.documents", "direction"),
        _WideCol("Công tác chỉ đạo", "Cuộc kiểm tra, giám sát", "direction.inspections", "direction"),
        _WideCol("Công tác chỉ đạo", "Cơ sở GD, TTHTCĐ tham gia", "institutions.participating", "direction"),
        _WideCol("Lễ khai mạc, phát động", "Số lễ", "ceremony.events", ""),
        _WideCol("Lễ khai mạc, phát động", "Số người dự", "ceremony.attendees", ""),
        _WideCol("Tuyên truyền", "Băng rôn, khẩu hiệu, pa-nô, áp phích", "outreach.banners", "outreach"),
        _WideCol("Tuyên truyền", "Tin, bài", "outreach.media_items", "outreach"),
        _WideCol("Tuyên truyền", "Bài đăng mạng xã hội", "outreach.social_posts", "outreach"),
    ]
    for ct in (*CLASS_TYPES, "online"):
        head = _head(cat[f"classes.{ct}.classes"].label_vi)
        if ct == "online":
            head = "Trong đó: lớp học trực tuyến"
        cols.append(_WideCol(head, "Số lớp", f"classes.{ct}.classes", ""))
        cols.append(_WideCol(head, learners, f"classes.{ct}.learners", ""))
    sem = _head(cat["events.seminars.count"].label_vi)
    con = _head(cat["events.contests.count"].label_vi)
    cols += [
        _WideCol(sem, "Số cuộc", "events.seminars.count", ""),
        _WideCol(sem, "Lượt người", "events.seminars.participants", ""),
        _WideCol(con, "Số cuộc", "events.contests.count", "contests"),
        _WideCol(con, "Lượt người", "events.contests.participants", "contests"),
        _WideCol(cat["events.new_clubs"].label_vi, None, "events.new_clubs", ""),
        _WideCol("Khuyến đọc", "Thư viện, tủ sách mới", "reading.new_bookcases", "reading"),
        _WideCol("Khuyến đọc", "Hoạt động khuyến đọc", "reading.events", "reading"),
        _WideCol("Khuyến đọc", "Lượt bạn đọc", "reading.visits", "reading"),
        _WideCol("Khuyến đọc", "Sách, tài liệu luân chuyển, quyên góp", "reading.books", "reading"),
        _WideCol("Khuyến đọc", "Học liệu mở, bài giảng điện tử", "reading.open_resources", "reading"),
        _WideCol("Học bổng, quà cho HSSV khó khăn", "Số suất", "support.scholarships", "support"),
        _WideCol("Học bổng, quà cho HSSV khó khăn", f"Giá trị ({money_unit})", "support.scholarship_value", "support"),
        _WideCol("Khen thưởng", "Tập thể", "awards.collectives", "awards"),
        _WideCol("Khen thưởng", "Cá nhân", "awards.individuals", "awards"),
        _WideCol("Kinh phí" + money_suffix, "Ngân sách nhà nước", "funding.state_budget", ""),
        _WideCol("Kinh phí" + money_suffix, "Xã hội hóa", "funding.socialized", ""),
        _WideCol("Tổng lượt người tham gia", None, "participants.total", ""),
    ]
    return [c for c in cols if c.drop_key not in t.wide_drop]


def _subunits(ctx: _FileCtx):
    adm = _admin()
    if ctx.year < MERGER_YEAR:
        return list(adm.districts(ctx.unit.code)), "huyện"
    allc = list(adm.communes(ctx.unit.code, 34))
    r = _rng(ctx.seed, "communes", ctx.unit.code, ctx.year)
    k = min(len(allc), r.randrange(15, 41))
    picked = sorted(r.sample(range(len(allc)), k))
    return [allc[i] for i in picked], "xã"


def _split_units(ctx: _FileCtx, v: dict[str, int], units, factor: int) -> list[dict[str, int]]:
    """Sub-unit values that add up exactly to the province values and stay consistent row by
    row (learners >= classes, online <= all classes, participants >= their parts)."""
    n = len(units)
    base_w = [_lognorm(_rng(ctx.seed, "unitw", u.code), 0.45) for u in units]
    rng = _rng(ctx.seed, "split", ctx.unit.code, ctx.year)

    def weights(sigma: float = 0.5) -> list[float]:
        return [w * _lognorm(rng, sigma) for w in base_w]

    rows = [dict() for _ in range(n)]

    def put(code: str, parts: list[int]):
        for row, x in zip(rows, parts, strict=True):
            row[code] = x

    def on_top(code: str, base_code: str, scale: int = 1):
        """code >= base_code per unit; the extra goes where the base is."""
        base = [row[base_code] for row in rows]
        extra = v[code] - v[base_code]
        w = [b * _lognorm(rng, 0.25) for b in base]
        if sum(w) == 0:
            w = weights()
        put(code, [b + e for b, e in zip(base, _split(extra, w), strict=True)])

    for code in (
        "direction.documents",
        "direction.inspections",
        "institutions.participating",
        "ceremony.events",
        "outreach.banners",
        "outreach.media_items",
        "outreach.social_posts",
        "events.new_clubs",
        "reading.new_bookcases",
        "reading.events",
        "reading.visits",
        "reading.books",
        "reading.open_resources",
        "support.scholarships",
        "awards.collectives",
        "awards.individuals",
        *(f"classes.{ct}.classes" for ct in CLASS_TYPES),
        *(f"events.{e}.count" for e in EVENT_TYPES),
    ):
        put(code, _split(v[code], weights()))
    on_top("ceremony.attendees", "ceremony.events")
    for ct in CLASS_TYPES:
        on_top(f"classes.{ct}.learners", f"classes.{ct}.classes")
    for e in EVENT_TYPES:
        on_top(f"events.{e}.participants", f"events.{e}.count")
    all_classes = [sum(row[f"classes.{ct}.classes"] for ct in CLASS_TYPES) for row in rows]
    all_learners = [sum(row[f"classes.{ct}.learners"] for ct in CLASS_TYPES) for row in rows]
    put(
        "classes.online.classes",
        _split(v["classes.online.classes"], [c * _lognorm(rng, 0.4) for c in all_classes], all_classes),
    )
    oc = [row["classes.online.classes"] for row in rows]
    extra = _split(
        v["classes.online.learners"] - v["classes.online.classes"],
        [o * _lognorm(rng, 0.2) for o in oc],
        [L - o for L, o in zip(all_learners, oc, strict=True)],
    )
    put("classes.online.learners", [o + e for o, e in zip(oc, extra, strict=True)])
    # money in whole units of the sheet's money unit
    sch = [row["support.scholarships"] for row in rows]
    put(
        "support.scholarship_value",
        [x * factor for x in _split(v["support.scholarship_value"] // factor, [s * _lognorm(rng, 0.2) for s in sch])],
    )
    for code in ("funding.state_budget", "funding.socialized"):
        put(code, [x * factor for x in _split(v[code] // factor, weights(0.7))])
    comp = [
        all_learners[i]
        + rows[i]["ceremony.attendees"]
        + rows[i]["events.seminars.participants"]
        + rows[i]["events.contests.participants"]
        for i in range(n)
    ]
    extra = _split(v["participants.total"] - sum(comp), weights(0.3))
    put("participants.total", [c + e for c, e in zip(comp, extra, strict=True)])
    return rows


_WIDE_MONEY_UNITS = (("triệu đồng", 0.6), ("nghìn đồng", 0.25), ("đồng", 0.15))


def _wide_xlsx(ctx: _FileCtx, v: dict[str, int]) -> tuple[bytes, dict[str, int]]:
    from openpyxl.utils import get_column_letter

    st = _styles()
    t = ctx.tpl
    mrng = _rng(ctx.seed, "widemoney", ctx.unit.code)
    money_unit = mrng.choices([u for u, _ in _WIDE_MONEY_UNITS], weights=[w for _, w in _WIDE_MONEY_UNITS])[0]
    factor = MONEY_UNITS[money_unit]
    v = _round_money(v, factor)
    units, level = _subunits(ctx)
    parts = _split_units(ctx, v, units, factor)
    cols = _wide_columns(ctx, money_unit)
    ncols = 2 + len(cols)
    wb, ws = _new_workbook(ctx)
    left1, left2 = ctx.title_lines
    head = left1 if t.title == "so" else f"SỞ GIÁO DỤC VÀ ĐÀO TẠO {_bare(ctx.unit.full_name).upper()}"
    r = 1
    lines = [
        (head, st["bold"]),
        (ctx.table_title.replace("BẢNG ", "") if ctx.rng.random() < 0.5 else ctx.table_title, st["title"]),
    ]
    if ctx.rng.random() < 0.5:
        who = "các quận, huyện, thị xã, thành phố" if level == "huyện" else "các xã, phường, đặc khu"
        lines.append((f"(Tổng hợp từ báo cáo của {who})", st["italic"]))
    lines.append((t.wide_unit_statement.format(u=money_unit), st["italic"]))
    for text, font in lines:
        c = ws.cell(r, 1, text)
        c.font = font
        if not text.startswith(("Đơn vị tính", "ĐVT")):
            c.alignment = st["center"]
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=min(ncols, 20))
        r += 1
    r += 1
    h1, h2 = r, r + 1
    unit_header = t.wide_unit_header.format(level="Quận, huyện" if level == "huyện" else "Xã, phường")
    for c, text in ((1, "STT"), (2, unit_header)):
        ws.cell(h1, c, text)
        ws.merge_cells(start_row=h1, start_column=c, end_row=h2, end_column=c)
    c = 3
    i = 0
    while i < len(cols):
        col = cols[i]
        if col.child is None:
            ws.cell(h1, c, col.group)
            ws.merge_cells(start_row=h1, start_column=c, end_row=h2, end_column=c)
            i += 1
            c += 1
            continue
        j = i
        while j < len(cols) and cols[j].group == col.group and cols[j].child is not None:
            ws.cell(h2, c + (j - i), cols[j].child)
            j += 1
        ws.cell(h1, c, col.group)
        if j - i > 1:
            ws.merge_cells(start_row=h1, start_column=c, end_row=h1, end_column=c + (j - i) - 1)
        c += j - i
        i = j
    paint = _Painter()
    for rr in (h1, h2):
        for cc in range(1, ncols + 1):
            paint(ws.cell(rr, cc), "bold", "border", "center")
    r = h2 + 1
    if t.wide_col_numbers:
        for cc, x in enumerate(["A", "B", *[f"({k})" for k in range(1, len(cols) + 1)]], 1):
            paint(ws.cell(r, cc, x), "italic", "border", "center")
        r += 1
    dash = t.dash_zero

    def data_row(rr: int, stt, name: str, values: dict[str, int], bold: bool):
        font = "bold" if bold else "normal"
        cells = [stt, name] + [
            (
                "-"
                if dash and values[col.code] == 0
                else values[col.code] // factor
                if col.code in MONEY_CODES
                else values[col.code]
            )
            for col in cols
        ]
        for cc, x in enumerate(cells, 1):
            paint(ws.cell(rr, cc, x), font, "border", None, "#,##0" if cc > 2 and isinstance(x, int) else None)

    if t.wide_total_top:
        data_row(r, None, t.wide_total, v, True)
        r += 1
    for k, (u, vals) in enumerate(zip(units, parts, strict=True), 1):
        data_row(r, k, u.name, vals, False)
        r += 1
    if not t.wide_total_top:
        data_row(r, None, t.wide_total, v, True)
        r += 1
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 24
    for cc in range(3, ncols + 1):
        ws.column_dimensions[get_column_letter(cc)].width = 11
    ws.row_dimensions[h1].height = 60
    ws.row_dimensions[h2].height = 45
    ws.freeze_panes = ws.cell(h2 + 1, 3)
    expected = {col.code: v[col.code] for col in cols}
    return _finish_workbook(wb, ctx), expected


# --------------------------------------------------------------------------------------------
# building and writing
# --------------------------------------------------------------------------------------------


def _ctx(f: DemoFile, seed: int) -> _FileCtx:
    unit = next(u for u in _provinces(_era(f.year)) if u.code == f.province_code)
    tpl = _template(unit.code, seed, _is_city(unit))
    return _FileCtx(f.year, unit, tpl, _rng(seed, "file", unit.code, f.year), seed)


def build_file(f: DemoFile, seed: int = 2024) -> tuple[bytes, dict[str, int]]:
    """Bytes of one planned file and the province-level values (đồng) it must load as."""
    ctx = _ctx(f, seed)
    v = province_values(f.province_code, f.year, seed)
    if f.shape == "tong_hop":
        return _wide_xlsx(ctx, v)
    factor = MONEY_UNITS[ctx.tpl.money_unit]
    v = _round_money(v, factor)
    expected = {c: v[c] for c in _VERTICAL_CODES}
    if f.shape == "bieu_2cot":
        return _two_column_csv(ctx, _two_column_rows(ctx, v, factor)), expected
    rows = _vertical_rows(ctx, v, factor)
    if f.shape == "tcvn3":
        return _vertical_xls(ctx, rows), expected
    return _vertical_xlsx(ctx, rows), expected


def iter_demo_submissions(
    years: Iterable[int] = range(2019, 2026), seed: int = 2024, provinces: Iterable[str] | None = None
) -> Iterator[tuple[DemoFile, bytes, dict[str, int]]]:
    """(planned file, bytes, expected province values) in load order, without touching disk."""
    for f in demo_plan(years, seed, provinces):
        data, expected = build_file(f, seed)
        yield f, data, expected


def _expected_rows(f: DemoFile, expected: dict[str, int]) -> list[tuple]:
    order = {c: i for i, c in enumerate(catalog())}
    return [
        (f.name, f.year, f.province_code, code, int(value))
        for code, value in sorted(expected.items(), key=lambda kv: order[kv[0]])
    ]


def expected_values(
    years: Iterable[int] = range(2019, 2026), seed: int = 2024, provinces: Iterable[str] | None = None
) -> list[tuple]:
    """Rows (file, year, province_code, indicator_code, value) of expected.csv, computed
    without writing any file."""
    rows: list[tuple] = []
    for f, _, expected in iter_demo_submissions(years, seed, provinces):
        rows.extend(_expected_rows(f, expected))
    return rows


def write_demo_submissions(
    out_dir: Path, years: Iterable[int] = range(2019, 2026), seed: int = 2024, provinces: Iterable[str] | None = None
) -> list[Path]:
    """Write one demo submission per province per year into out_dir, plus out_dir/expected.csv.

    `provinces` filters by province code of each year's own list (63 before 2025, 34 from 2025);
    a pre-2025 code also selects the 2025 province it merged into. Returns the submission
    paths in the order to load them (by year, then province code); expected.csv is not among
    them."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    rows: list[tuple] = []
    for f, data, expected in iter_demo_submissions(years, seed, provinces):
        path = out_dir / f.name
        path.write_bytes(data)
        paths.append(path)
        rows.extend(_expected_rows(f, expected))
    with open(out_dir / EXPECTED_NAME, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(EXPECTED_COLUMNS)
        w.writerows(rows)
    return paths


def read_expected(out_dir: Path) -> list[dict]:
    """expected.csv as dicts with int year and value."""
    with open(Path(out_dir) / EXPECTED_NAME, encoding="utf-8", newline="") as fh:
        return [dict(r, year=int(r["year"]), value=int(r["value"])) for r in csv.DictReader(fh)]
