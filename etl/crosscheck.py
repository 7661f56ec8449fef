"""A Word report states some figures twice, in its text and in its table: the funding by source
("Ngân sách nhà nước: 250 triệu đồng"), the total funding, the total number of classes ("tổng số
120 lớp"). Where both are there and differ, the preview warns ("Văn bản ghi 250 triệu đồng, bảng
ghi 205 triệu đồng"); the table's figure is the one loaded. Pure: sections and values in,
(code, message, hint, value) out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from etl.numbers import parse_cell
from reference.numberfmt import fmt_int, fmt_money
from reference.problems import Text
from reference.vntext import nfc, strip_diacritics

# a clause of a sentence: figures are stated one per clause ("a) Ngân sách nhà nước: 250 triệu đồng;")
_CLAUSE = re.compile(r"[^;\n.]+(?:\.\d[^;\n.]*)*")
_MONEY = re.compile(r"(\d[\d.,]*)\s*(ty|trieu|nghin|ngan)?\s*(dong|vnd|d\b|tr\.?\s*d)")
_CLASSES = re.compile(r"(\d[\d.]*)\s*lop\b")
_SOURCES = (  # (what the clause names, indicator, its name in the message)
    (("ngan sach nha nuoc", "nsnn"), "funding.state_budget", "ngân sách nhà nước"),
    (
        ("doanh nghiep", "xa hoi hoa", "nguon hop phap", "van dong", "tai tro"),
        "funding.socialized",
        "doanh nghiệp và các nguồn hợp pháp khác",
    ),
    (("tong kinh phi", "tong so kinh phi", "tong nguon kinh phi"), "funding.total", "tổng kinh phí"),
)
_TOTAL_CLASSES = ("tong so", "tong cong", "tong ")


def _fold(text: str) -> str:
    return strip_diacritics(nfc(text))


def text_figures(texts: Iterable[str]) -> dict[str, tuple[int, str]]:
    """indicator -> (value, the words stated) for the figures the text states, the first of each."""
    out: dict[str, tuple[int, str]] = {}
    for text in texts:
        original = nfc(text)
        folded = _fold(original)  # one character per character: spans carry over to `original`
        for clause in _CLAUSE.finditer(folded):
            c = clause.group(0)
            for names, code, _ in _SOURCES:
                if code in out or not any(n in c for n in names):
                    continue
                m = _MONEY.search(c)
                if m is None:
                    continue
                parsed = parse_cell(f"{m.group(1)} {m.group(2) or ''} {m.group(3)}".strip())
                if parsed.value is not None:
                    words = original[clause.start() + m.start() : clause.start() + m.end()]
                    out[code] = (round(parsed.value * (parsed.money_factor or 1)), words)
                break
            if "classes.total.classes" not in out and any(w in c for w in _TOTAL_CLASSES):
                m = _CLASSES.search(c)
                if m:
                    n = parse_cell(m.group(1)).value
                    if n is not None:
                        out["classes.total.classes"] = (
                            round(n),
                            original[clause.start() + m.start() : clause.start() + m.end()],
                        )
    return out


def table_figures(values: Iterable) -> dict[str, tuple[int, object]]:
    """indicator -> (value, the value it comes from) for one unit's loaded values, the totals
    the text may state included (classes: the nine types, online excluded; funding: both sources)."""
    vals = {v.code: v for v in values}
    out = {code: (v.value, v) for code, v in vals.items()}
    typed = [v for code, v in vals.items() if code.startswith("classes.") and code.endswith(".classes")]
    typed = [v for v in typed if not v.code.startswith(("classes.online.", "classes.total."))]
    if typed and "classes.total.classes" not in out:
        out["classes.total.classes"] = (sum(v.value for v in typed), typed[0])
    money = [vals[c] for c in ("funding.state_budget", "funding.socialized") if c in vals]
    if money and "funding.total" not in out:
        out["funding.total"] = (sum(v.value for v in money), money[0])
    return out


# what each cross-checked figure is called in the warning (texts in data/i18n/problems.csv)
_WHAT = {
    "funding.state_budget": Text("crosscheck.state_budget"),
    "funding.socialized": Text("crosscheck.socialized"),
    "funding.total": Text("crosscheck.funding_total"),
    "classes.total.classes": Text("crosscheck.classes_total"),
}


def differences(texts: Iterable[str], values: Iterable) -> list[tuple[str, Text, str, object]]:
    """(what the text says, what the figure is, what the table says, the table value to point at)
    for each figure text and table state differently."""
    said = text_figures(texts)
    table = table_figures(values)
    out = []
    for code, (stated, words) in said.items():
        if code not in table or table[code][0] == stated:
            continue
        loaded, at = table[code]
        shown = fmt_int(loaded) + " lớp" if code == "classes.total.classes" else fmt_money(loaded)
        out.append((words, _WHAT[code], shown, at))
    return out


def check_text_figures(an) -> None:
    """Add a warning to an analysis of a Word report for each figure its text and table state
    differently, at the table's cell."""
    from etl.narrative import report_unit

    unit = report_unit(an)
    if not an.narrative or unit is None:
        return
    values = [v for v in an.values if not v.derived and v.unit == unit]
    for said, what, shown, v in differences([s.text for s in an.narrative], values):
        an.add("text.figure_differs", v.sheet, v.cell, said=said, what=what, table=shown)
