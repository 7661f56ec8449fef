"""Theme tags for what units wrote (kinh phí, nhân lực, cơ sở vật chất, chuyển đổi số, thời gian
tổ chức, sự phối hợp …): a keyword table in `data/narrative_themes.csv`, matched on folded words
(no diacritics, no case), so "KINH PHI" and "kinh phí" tag alike. Editing the CSV changes the tags."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reference.vntext import strip_diacritics

THEMES_CSV = Path(__file__).resolve().parent.parent / "data" / "narrative_themes.csv"
_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Theme:
    code: str
    label_vi: str
    label_en: str
    keywords: tuple[str, ...]  # folded, each padded with spaces: whole words only

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if lang == "vi" else self.label_en


def fold(text: str) -> str:
    """' kinh phi con han hep ': lower-case ASCII words between single spaces, padded, so a
    keyword ' kinh phi ' matches whole words only."""
    return f" {' '.join(_NON_WORD.split(strip_diacritics(text))).strip()} "


@lru_cache(maxsize=4)
def themes(path: Path = THEMES_CSV) -> tuple[Theme, ...]:
    with path.open(encoding="utf-8", newline="") as f:
        return tuple(
            Theme(
                r["code"], r["label_vi"], r["label_en"], tuple(fold(k) for k in r["keywords"].split("|") if k.strip())
            )
            for r in csv.DictReader(f)
        )


def merged(overrides: Iterable[dict], table: tuple[Theme, ...] | None = None) -> tuple[Theme, ...]:
    """The CSV's themes with an administrator's rows (warehouse table narrative_themes) applied: a
    row replaces the theme of its code or adds one; a row with no keywords turns the theme off."""
    out = {t.code: t for t in (table or themes())}
    for r in overrides:
        words = tuple(fold(k) for k in r["keywords"].split("|") if k.strip())
        if words:
            out[r["code"]] = Theme(r["code"], r["label_vi"], r["label_en"], words)
        else:
            out.pop(r["code"], None)
    return tuple(out.values())


def themes_of(folded: str, table: tuple[Theme, ...] | None = None) -> tuple[str, ...]:
    """Codes of the themes a folded text (see `fold`) raises, in the table's order."""
    return tuple(t.code for t in (table or themes()) if any(k in folded for k in t.keywords))


def theme_label(code: str, lang: str = "vi", table: tuple[Theme, ...] | None = None) -> str:
    return next((t.label(lang) for t in (table or themes()) if t.code == code), code)
