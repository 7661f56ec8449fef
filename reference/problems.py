"""Problems found in a submission are data, not exceptions (frictionless' model): a code tests
assert on, parameters, and a position (file, sheet, cell; a question's answers). The sentence a
person reads is not stored: the registry `data/i18n/problems.csv` gives each code its severity and
a template per language, and the edges (CLI, upload and history pages, exports) render it in the
reader's language. The warehouse keeps code + parameters, so a load made today reads in English
tomorrow; rows stored before that (a finished Vietnamese `message`) still display as written.

Templates use str.format placeholders; `{n:n}` formats a number with the one number formatter
(1.234.567), `{n:n1}` with one decimal. A parameter may itself be a `Text` (a code of the registry
with its own parameters): the reason a value is unreadable, an answer's wording."""

from __future__ import annotations

import csv
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from reference.cells import say_position
from reference.i18n import DEFAULT_LANGUAGE, LANGUAGES, language
from reference.numberfmt import fmt_number

REGISTRY = Path(__file__).resolve().parent.parent / "data" / "i18n" / "problems.csv"
SEVERITIES = ("error", "question", "warning", "text")  # "text": a fragment (an answer, a reason), not a problem


class Entry(NamedTuple):
    severity: str
    templates: dict[str, str]  # lang -> sentence
    hints: dict[str, str]  # lang -> what to do ("" when nothing to say)


@cache
def registry() -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    with REGISTRY.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["code"].strip()
            if code in out:
                raise ValueError(f"mã vấn đề '{code}' lặp lại ({REGISTRY.name})")
            if row["severity"] not in SEVERITIES:
                raise ValueError(f"mã vấn đề '{code}': mức '{row['severity']}' không hợp lệ ({REGISTRY.name})")
            out[code] = Entry(
                row["severity"],
                {lang: row[lang] for lang in LANGUAGES},
                {lang: row[f"hint_{lang}"] for lang in LANGUAGES},
            )
    return out


class _Formatter(string.Formatter):
    """str.format, with numbers through the one number formatter and nested texts rendered."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Text):
            return value.render(self.lang)
        if isinstance(value, Mapping) and "code" in value:  # a Text read back from JSON
            return Text.from_dict(value).render(self.lang)
        if isinstance(value, list):  # problems quoted in a sentence (as stored: dicts)
            return " ".join(render(p if isinstance(p, Mapping) else p.as_dict(), self.lang) for p in value)
        if format_spec.startswith("n") and isinstance(value, int | float):
            return fmt_number(value, int(format_spec[1:] or 0))
        return super().format_field(value, format_spec)


def _indicator_label(code: Any, lang: str) -> Any:
    from reference.catalog import by_code

    ind = by_code().get(code) if isinstance(code, str) else None
    if ind is None:
        return code
    return ind.label_en if lang == "en" and ind.label_en else ind.label_vi


def render_template(template: str, params: Mapping[str, Any], lang: str | None = None) -> str:
    """`{indicator}` is an indicator's code, read as its name in the catalog in `lang` (default: the
    reader's language of this run, reference.i18n's context)."""
    if not template:
        return ""
    lang = lang or language()
    values = {k: _indicator_label(v, lang) if k == "indicator" else v for k, v in params.items()}
    return _Formatter(lang).vformat(template, (), values)


def _text(code: str, params: Mapping[str, Any], lang: str | None, hint: bool = False) -> str:
    lang = lang or language()
    entry = registry()[code]
    texts = entry.hints if hint else entry.templates
    return render_template(texts.get(lang) or texts[DEFAULT_LANGUAGE], params, lang)


@dataclass(frozen=True)
class Text:
    """A sentence kept as code + parameters until someone reads it."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: str | None = None) -> str:
        return _text(self.code, self.params, lang)

    def __str__(self) -> str:
        return self.render()

    def __contains__(self, part: str) -> bool:
        return part in str(self)

    def as_dict(self) -> dict:
        return {"code": self.code, "params": _jsonable(self.params)}

    @classmethod
    def from_dict(cls, d: Mapping) -> Text:
        return cls(d["code"], d.get("params") or {})


class Option(NamedTuple):
    """One answer to a question: remembered as (key, value) in label_synonyms and given on the
    command line as `--answer KEY=VALUE`; `text` says what it means."""

    key: str
    value: str
    text: Text | str  # a plain str only in rows stored before the registry


def _jsonable(params: Mapping[str, Any]) -> dict:
    return {k: v.as_dict() if isinstance(v, Text) else v for k, v in params.items()}


@dataclass(frozen=True)
class Problem:
    code: str  # stable identifier, e.g. "value.negative"; its severity and texts are in the registry
    params: Mapping[str, Any] = field(default_factory=dict)
    file: str = ""
    sheet: str = ""
    cell: str = ""  # A1 address or range
    # a question's answers; the chosen (key, value) is remembered in label_synonyms and every later
    # analysis reads the file that way (`--answer KEY=VALUE`)
    options: tuple[Option, ...] = ()

    @property
    def severity(self) -> str:
        """ "error" blocks the load, "question" blocks it until answered, "warning" is shown."""
        return registry()[self.code].severity

    @property
    def is_error(self) -> bool:
        """Whether the problem keeps the file from loading (an error, or a question not yet answered)."""
        return self.severity in ("error", "question")

    @property
    def is_question(self) -> bool:
        return self.severity == "question"

    @property
    def where(self) -> str:
        return where(self.sheet, self.cell)

    def text(self, lang: str | None = None) -> str:
        return _text(self.code, self.params, lang)

    def hint_text(self, lang: str | None = None) -> str:
        return _text(self.code, self.params, lang, hint=True)

    @property
    def message(self) -> str:
        """The sentence in Vietnamese (what tests and the default interface read)."""
        return self.text()

    @property
    def hint(self) -> str:
        return self.hint_text()

    def render(self, lang: str | None = None) -> str:
        """One problem as the command line prints it."""
        return render(self.as_dict(), lang)

    def as_dict(self) -> dict:
        """What the warehouse stores: code, parameters and position, no sentence."""
        return {
            "code": self.code,
            "severity": self.severity,
            "params": _jsonable(self.params),
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "options": [
                [o.key, o.value, o.text.as_dict() if isinstance(o.text, Text) else o.text] for o in self.options
            ],
        }


def where(sheet: str, cell: str) -> str:
    """'Tong hop!D14'; a Word table's cell 'Bảng 2, dòng 5, cột 3' (in the reader's language)."""
    return say_position(sheet, cell)


def _stored(d: Mapping) -> bool:
    """Whether a stored problem is code + parameters (else a row written before the registry)."""
    return "params" in d and d.get("code") in registry()


def message_of(d: Mapping, lang: str | None = None) -> str:
    """The sentence of a problem as stored (a dict from the warehouse's JSON, or `as_dict()`)."""
    return _text(d["code"], d["params"], lang) if _stored(d) else d.get("message", "")


def hint_of(d: Mapping, lang: str | None = None) -> str:
    return _text(d["code"], d["params"], lang, hint=True) if _stored(d) else d.get("hint", "")


def text_of(text: Text | Mapping | str, lang: str | None = None) -> str:
    """A Text (or one read back from JSON) in `lang`; a plain str (stored before the registry) as is."""
    if isinstance(text, Text):
        return text.render(lang)
    if isinstance(text, Mapping):
        return Text.from_dict(text).render(lang)
    return text


# the word that opens a printed problem, per severity (texts of the registry)
SEVERITY_TEXTS = {"error": "severity.error", "question": "severity.question", "warning": "severity.warning"}


def render(d: Mapping, lang: str | None = None) -> str:
    """A stored problem as one block of text: severity, position, sentence, hint, the answers."""
    severity = d.get("severity", "") if d.get("severity") in SEVERITY_TEXTS else "warning"
    label = Text(SEVERITY_TEXTS[severity]).render(lang)
    at = where(d.get("sheet", ""), d.get("cell", ""))
    at = f" [{at}]" if at else ""
    hint = hint_of(d, lang)
    hint = f" → {hint}" if hint else ""
    answers = "".join(f"\n        --answer '{k}={v}': {text_of(text, lang)}" for k, v, text in d.get("options") or ())
    return f"{label}{at}: {message_of(d, lang)}{hint}{answers}"
