"""The text of a Word report split into the outline's sections (REPORT_FORM.md: I. Tổ chức triển
khai — chỉ đạo, lễ phát động, hoạt động, kinh phí; II. Đánh giá chung — kết quả, khó khăn, kiến
nghị, bảng số liệu), tolerant of numbering and wording: a heading is a short numbered ("II.",
"2.", "b)", "Phần I") or bold paragraph whose first words carry one of a section's phrases in
`data/narrative_sections.csv` ("Khó khăn, vướng mắc", "Tồn tại, hạn chế", "Đề xuất, kiến nghị").
The year's theme (chủ đề) is taken where the text states it in quotes. Pure: blocks in, sections out."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.word import Block, WordDocument, heading_end
from reference.vntext import nfc, strip_diacritics

DATA = Path(__file__).resolve().parent.parent / "data"
_NUMBERED = re.compile(r"^\s*(?:(?:phần|PHẦN|Phần)\s+)?(?P<num>[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)/:-]\s*")
_WORDS = re.compile(r"[^0-9a-z]+")
_THEME = re.compile(
    r"chủ đề(?:\s+(?:của|Tuần lễ|tuần lễ|năm|nay|\d{4}|là|được chọn))*\s*[:,]?\s*"
    r"[“\"«]\s*(?P<theme>[^”\"»]{5,200}?)\s*[”\"»]",
    re.I,
)
_CLOSING = ("noi nhan", "tm ", "tm.", "kt ", "kt.", "truong phong", "giam doc", "chu tich", "nguoi lap")


@dataclass(frozen=True)
class SectionKind:
    code: str
    part: str  # "I", "II" or "" (outside the outline's two parts)
    label_vi: str
    label_en: str
    phrases: tuple[str, ...]  # folded


@dataclass(frozen=True)
class Section:
    code: str
    heading: str  # as written ("" for the opening text)
    text: str
    order: int  # 1-based, in document order
    theme: str | None = None  # the year's chủ đề, when the report states it


@lru_cache(maxsize=1)
def section_kinds() -> tuple[SectionKind, ...]:
    with (DATA / "narrative_sections.csv").open(encoding="utf-8", newline="") as f:
        return tuple(
            SectionKind(
                r["code"],
                r["part"],
                r["label_vi"],
                r["label_en"],
                tuple(_fold(p) for p in r["phrases"].split("|") if p),
            )
            for r in csv.DictReader(f)
        )


def section_label(code: str, lang: str = "vi") -> str:
    kind = next((k for k in section_kinds() if k.code == code), None)
    return code if kind is None else (kind.label_vi if lang == "vi" else kind.label_en)


def _fold(text: str) -> str:
    return " ".join(_WORDS.split(strip_diacritics(text))).strip()


def classify_heading(text: str, part: str = "") -> SectionKind | None:
    """The section a paragraph opens, or None when it is not a heading of the outline. `part` is
    the part ("I"/"II") the paragraph stands in: "3. Kết quả tổ chức các hoạt động" in part I is
    the activities, not the results."""
    m = _NUMBERED.match(text)
    title = text[m.end() :] if m else text
    title = title.split(":", 1)[0]
    words = f" {_fold(title)[:90]} "
    hits = [k for k in section_kinds() if any(f" {p} " in words for p in k.phrases)]
    if not hits:
        return None
    roman = bool(m and re.fullmatch(r"[IVX]+", m.group("num")))
    if roman:
        parts = [k for k in hits if k.code in ("deployment", "assessment")]
        return parts[0] if parts else hits[0]
    inside = [k for k in hits if part and k.part == part and k.code not in ("deployment", "assessment")]
    return inside[0] if inside else hits[0]


def _is_heading_shape(b: Block) -> bool:
    if b.table or len(b.text) > 300:
        return False
    head = b.text.split(":", 1)[0]
    return len(head) <= 120 and (bool(_NUMBERED.match(b.text)) or (b.emphasised and len(b.text) <= 120))


def _closing(text: str) -> bool:
    folded = strip_diacritics(text).strip()
    return len(text) <= 60 and folded.startswith(_CLOSING)


def sections_of(doc: WordDocument) -> list[Section]:
    """The report's sections in document order; a section whose body is empty (a part heading
    directly followed by its first item) is left out, and the statistics table's own section
    keeps no text (its figures are loaded as values)."""
    blocks = doc.blocks[heading_end(doc.blocks, doc.tables) :]
    found: list[tuple[str, str, list[str]]] = [("intro", "", [])]
    part = ""
    for b in blocks:
        if b.table:
            continue
        if _closing(b.text):
            break
        kind = classify_heading(b.text, part) if _is_heading_shape(b) else None
        if kind is not None and kind.code != found[-1][0]:
            if kind.part:
                part = kind.part
            head, _, rest = b.text.partition(":")
            found.append((kind.code, head.strip(), [rest.strip()] if rest.strip() else []))
        else:
            found[-1][2].append(b.text)
    theme = theme_of(" ".join([*doc.heading, *(b.text for b in blocks if not b.table)]))
    out: list[Section] = []
    for code, heading, texts in found:
        text = "\n".join(t for t in texts if t)
        if code == "table" or not text:
            continue
        out.append(Section(code, heading, text, len(out) + 1, theme))
    return out


def theme_of(text: str) -> str | None:
    m = _THEME.search(nfc(text))
    return " ".join(m.group("theme").split()) if m else None


def report_unit(an):
    """Whose text it is: the one unit the report's table gives figures for (a district, a
    commune), else the file's unit (None when it could not be told)."""
    units = {v.unit for v in an.values if not v.derived}
    return next(iter(units)) if len(units) == 1 else an.unit


def narrative_rows(submission_id: int, an) -> list[tuple]:
    """The warehouse rows (warehouse.write.narratives.COLUMNS) of an accepted analysis's text. The
    text is the reporting unit's: the one unit its table reports for (a district, a commune), else
    the file's unit."""
    unit = report_unit(an)
    if not an.narrative or unit is None or an.year is None:
        return []
    return [
        (
            submission_id,
            an.year,
            unit.code,
            unit.name,
            unit.level,
            unit.province_code,
            s.order,
            s.code,
            s.heading,
            s.text,
            s.theme,
        )
        for s in an.narrative
    ]
