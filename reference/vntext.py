"""Vietnamese text helpers shared by every layer: matching keys, collation, number display.

Matching keys drop case, diacritics, spacing and punctuation so that "Thừa Thiên - Huế",
"THUA THIEN HUE" and "Thừa Thiên Huế" (NFD) compare equal. Collation sorts names the Vietnamese
way (Đ after D, Â after Ă after A)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=100_000)
def strip_diacritics(text: str) -> str:
    """Lower-case ASCII folding: 'Đắk Lắk' -> 'dak lak'."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    """Words of a label, ASCII-folded, punctuation dropped."""
    return list(_tokens(text))


@lru_cache(maxsize=100_000)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t for t in _PUNCT.split(strip_diacritics(text)) if t)


@lru_cache(maxsize=100_000)
def key(text: str) -> str:
    """Compact matching key: 'Bà Rịa - Vũng Tàu' -> 'bariavungtau'."""
    return "".join(tokens(text))


def clean(text: str) -> str:
    """NFC with single spaces, for display of submitted text."""
    return _SPACES.sub(" ", nfc(text)).strip()


# Vietnamese alphabet order; tones rank after the base letter in this order.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPES = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}


def _letter_key(ch: str) -> tuple[int, int]:
    parts = unicodedata.normalize("NFD", ch.lower())
    base, marks = parts[0], parts[1:]
    tone = 0
    for m in marks:
        if m in _TONES:
            tone = _TONES[m]
        elif m in ("\u0306", "\u0302", "\u031b"):
            if base == "a":
                base = _SHAPES[m]
            elif base in "eo" and m == "\u0302":
                base = {"e": "ê", "o": "ô"}[base]
            elif base == "o" and m == "\u031b":
                base = "ơ"
            elif base == "u" and m == "\u031b":
                base = "ư"
    idx = _ALPHABET.find(base)
    return (idx if idx >= 0 else 100 + ord(base), tone)


def collate_key(text: str) -> tuple:
    """Sort key for Vietnamese names: sorted(names, key=collate_key)."""
    keys = [_letter_key(c) if c.isalpha() else (-1, ord(c)) for c in nfc(text or "")]
    # letters first, tones only break ties (primary vs secondary strength)
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys)
