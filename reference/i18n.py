"""The one translation table: every text a person sees, in Vietnamese and English.

Texts live in data/i18n/*.csv (columns key, vi, en), one file per area of the product
(common.csv, dashboard.csv, upload.csv, export.csv, auth.csv) so areas grow independently. A key
must be unique across files. Vietnamese is the default; a missing English text falls back to
Vietnamese, a missing key raises (a typo should fail a test, not show a key to a user).

The reader's language is one context (a contextvar), set once where a run starts: per Streamlit
script run (app.py, from the language switch), per CLI command, per deck build. Everything
below reads it, so no function takes a `lang` argument; a contextvar rather than a global because
a Streamlit server runs every viewer's script in its own thread at once.

    t("overview.title")                 -> "Tổng quan"
    with use_language("en"):
        t("overview.title")             -> "Overview"
    t("classes.sentence", year=2024)    -> texts use str.format placeholders"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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


_LANGUAGE: ContextVar[str] = ContextVar("llw_language", default=DEFAULT_LANGUAGE)


def language() -> str:
    """The reader's language in this run: "vi" or "en"."""
    return _LANGUAGE.get()


def set_language(lang: str | None) -> None:
    """Set the language for the rest of this run (a Streamlit script run, a CLI command); anything
    but a known language means the default."""
    _LANGUAGE.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def use_language(lang: str | None) -> Iterator[None]:
    """The language for a block (a deck build, a test), restored afterwards."""
    token = _LANGUAGE.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def t(key: str, lang: str | None = None, **kw) -> str:
    """The text of `key` in the reader's language (the context), with its placeholders filled.
    `lang` only where the text is for someone other than this run's reader (a text rendered for a
    stored or requested language); everything else leaves it out."""
    entry = table()[key]
    text = entry.get(lang or language()) or entry["vi"]
    return text.format(**kw) if kw else text
