"""The one translation table: every text a person sees, in Vietnamese and English.

Texts live in data/i18n/*.csv (columns key, vi, en), one file per area of the product
(common.csv, dashboard.csv, upload.csv, export.csv, auth.csv) so areas grow independently. A key
must be unique across files. Vietnamese is the default; a missing English text falls back to
Vietnamese, a missing key raises (a typo should fail a test, not show a key to a user).

    t("overview.title")                 -> "Tổng quan"
    t("overview.title", "en")           -> "Overview"
    t("classes.sentence", year=2024)    -> texts use str.format placeholders"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

I18N_DIR = Path(__file__).resolve().parent.parent / "data" / "i18n"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
PROBLEMS_FILE = "problems.csv"  # the registry of problem codes (reference/problems.py)


@cache
def table() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for path in sorted(I18N_DIR.glob("*.csv")):
        if path.name == PROBLEMS_FILE:
            continue  # code, severity, templates: read by reference.problems
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                key = row["key"].strip()
                if key in out:
                    raise ValueError(f"khóa dịch '{key}' lặp lại ({path.name})")
                out[key] = {"vi": row["vi"], "en": row.get("en") or row["vi"]}
    return out


def t(key: str, lang: str = DEFAULT_LANGUAGE, **kw) -> str:
    entry = table()[key]
    text = entry.get(lang) or entry["vi"]
    return text.format(**kw) if kw else text
