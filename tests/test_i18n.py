"""The translation table: unique keys, both languages, placeholders that agree."""

import string

import pytest

from reference.i18n import t, table, use_language


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_keys_have_vietnamese_and_matching_placeholders():
    for key, entry in table().items():
        assert entry["vi"].strip(), key
        assert _fields(entry["vi"]) == _fields(entry["en"]), key


def test_lookup_and_fallback():
    assert t("app.title") == "Tuần lễ hưởng ứng học tập suốt đời"
    with use_language("en"):
        assert t("app.title") == "Lifelong Learning Week"
    assert t("app.title") == "Tuần lễ hưởng ứng học tập suốt đời"  # the context is restored
    assert t("app.title", "en") == "Lifelong Learning Week"  # a text for another reader
    with pytest.raises(KeyError):
        t("no.such.key")
