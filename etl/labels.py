"""Map the labels people write onto indicator codes, by meaning rather than exact text.

A label arrives with its context, most general first: a section heading, a parent row ("Lớp
ngoại ngữ") or a group header merged over columns, then the row label or sub-header ("- Số
lớp"). Text is folded (case, diacritics, NFC/NFD, spacing), abbreviations are expanded (NSNN,
XHH, KNS ...), and known phrases are looked up as contiguous word runs. The *subject* (stem:
which class type, funding, ceremony ...) comes from the most specific part that names one; the
*measure* (number of classes vs learners, state budget vs socialised ...) likewise; `stems.csv`
turns the pair into a code."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reference import catalog
from reference.vntext import tokens as fold_tokens

# phrases never run across these; a line break inside a cell is only wrapping ("Số\nlớp")
_HARD = re.compile(r"[;:()\[\]/\-–—+]|\s-\s")
_SOFT = re.compile(r"[,.]")  # "Tin, bài" still reads as one phrase
# 'Số' heads a noun phrase ("Số lớp", "Tổng số lượt"): drop it there, but not in "kỹ năng số"
_SO_KEEP_BEFORE = {"nang", "doi", "chuyen"}


def _segment_tokens(segment: str) -> list[str]:
    abbr = catalog.abbreviations()
    out: list[str] = []
    for tok in fold_tokens(segment):
        out.extend(fold_tokens(abbr[tok]) if tok in abbr else [tok])
    return out


# a name in quotes ('Cuộc thi "Người học tập suốt đời"', "tìm hiểu 'Kỹ năng số'") is a title, not
# the label's subject or measure: it is cut out before any phrase is looked up
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|«[^»]*»|(?<!\w)'[^']*'(?!\w)")


@lru_cache(maxsize=20000)
def label_tokens(text: str) -> tuple[str, ...]:
    """Folded words of one label with abbreviations expanded, head-noun 'số' dropped and quoted
    names cut out."""
    out: list[str] = []
    if text and any(q in text for q in "\"“‘«'"):
        cut = _QUOTED.sub(" ; ", text)
        text = cut if any(ch.isalpha() for ch in cut) else text  # a label that is all quotes stays
    for segment in _HARD.split(text or ""):
        for piece in _SOFT.split(segment):
            toks = _segment_tokens(piece)
            for i, t in enumerate(toks):
                if (
                    t == "so"
                    and (i == 0 or toks[i - 1] in ("tong", "trong", "do"))
                    and (i > 0 or not out or out[-1] not in _SO_KEEP_BEFORE)
                ):
                    continue
                out.append(t)
        out.append("|")
    while out and out[-1] == "|":
        out.pop()
    return tuple(out)


def label_key(context: Sequence[str]) -> str:
    """Stable key of a label in its context, under which a person's mapping choice is kept."""
    return _label_key(tuple(c for c in context if c and c.strip()))


@lru_cache(maxsize=50_000)
def _label_key(parts: tuple[str, ...]) -> str:
    return " > ".join(" ".join(t for t in label_tokens(c) if t != "|") for c in parts)


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for target, kind, phrase, _ in catalog.terms():
        toks = tuple(t for t in label_tokens(phrase) if t != "|")
        if toks:
            index.setdefault(toks[0], []).append((toks, target, kind))
    return index


@lru_cache(maxsize=1)
def _weights() -> dict[tuple[str, str, tuple[str, ...]], int]:
    """(target, kind, phrase words) -> extra weight: a subject that outranks longer phrases wherever
    it is named (a post on 'Facebook, Zalo' is a social post even when the label also says 'tin,
    bài'), or a generic word that yields to any other subject ('Bồi dưỡng ngoại ngữ' is a language
    class, not professional training)."""
    return {(t, k, tuple(x for x in label_tokens(p) if x != "|")): w for t, k, p, w in catalog.terms() if w}


@dataclass(frozen=True)
class Hit:
    target: str
    kind: str
    length: int
    position: int
    weight: int = 0


@lru_cache(maxsize=50_000)
def _hits(text: str, kind: str) -> list[Hit]:
    toks = label_tokens(text)
    found = []
    for i, t in enumerate(toks):
        for phrase, target, k in _phrases().get(t, ()):
            if k == kind and toks[i : i + len(phrase)] == phrase:
                found.append(Hit(target, k, len(phrase), i, _weights().get((target, k, phrase), 0)))
    return found


def _best(hits: list[Hit]) -> Hit | None:
    # the longest phrase is the most specific; among equals, the head noun comes first
    return min(hits, key=lambda h: (-h.length - h.weight, h.position)) if hits else None


@dataclass(frozen=True)
class Match:
    code: str | None
    stem: str | None = None
    measure: str | None = None
    learned: bool = False


def match_label(context: Sequence[str], learned: Mapping[str, str] | None = None, measure_part: str = "") -> Match:
    """Indicator code for a label in its context (general -> specific), or Match(None).
    `measure_part`: the row's unit-of-measure cell (ĐVT), which says what its number counts."""
    parts = tuple(c for c in context if isinstance(c, str) and c.strip())
    if not parts:
        return Match(None)
    if learned:
        k = _label_key(parts)
        if k in learned:
            code = learned[k]
            return Match(None if code == "ignore" else code, learned=True)
    return _match_parts(parts, measure_part or "")


_SOURCES = ("state", "social")  # measures that name a funding code without a subject


def alternative_codes(context: Sequence[str], measure_part: str = "") -> tuple[str, ...]:
    """The codes a label could also mean, as strongly as the one `match_label` gives: the other
    subjects its most specific naming part names with equal words, each with the same measure.
    Used only to settle two cells that claim one indicator (etl.extract), never on their own."""
    parts = tuple(c for c in context if isinstance(c, str) and c.strip())
    m = _match_parts(parts, measure_part or "") if parts else Match(None)
    if m.code is None or m.stem is None:
        return ()
    part = next((p for p in reversed(parts) if _part_reading(p)[0] is not None), None)
    if part is None or _part_reading(part)[0].target != m.stem:
        return ()
    out = []
    for stem in _sibling_subjects(part):
        alt = _subject_code(stem, m.measure)
        if alt.code and alt.code != m.code and (m.measure is None or alt.measure == m.measure):
            out.append(alt.code)
    return tuple(out)


def stem_of(text: str, learned: Mapping[str, str] | None = None) -> str | None:
    """`match_label([text], learned).stem`: the subject one label names, cached across files."""
    if learned and _label_key((text,) if text.strip() else ()) in learned:
        return None  # a learned choice gives a code, not a subject
    return _plain_stem(text)


@lru_cache(maxsize=50_000)
def _plain_stem(text: str) -> str | None:
    if _NUMBER_TEXT.fullmatch(text) and not _vocabulary_has_numbers():
        return None  # a number names no subject (see may_name_code)
    return match_label([text]).stem


def may_name_code(text: str) -> bool:
    """Whether a label part can lead to a code by the vocabulary: it names a subject or a funding
    source. A context none of whose parts can maps to no code (learned choices aside)."""
    if _NUMBER_TEXT.fullmatch(text) and not _vocabulary_has_numbers():
        return False  # '27', '8.187': the cells of the data rows a header is tried on, new in every file
    return _may_name_code(text)


_NUMBER_TEXT = re.compile(r"[\d.,\s]*")  # folds to number tokens only


@lru_cache(maxsize=1)
def _vocabulary_has_numbers() -> bool:
    """Whether a phrase or an abbreviation starts with a token without letters (none does today)."""
    return any(not any(ch.isalpha() for ch in t) for t in [*_phrases(), *catalog.abbreviations()])


@lru_cache(maxsize=50_000)
def _may_name_code(text: str) -> bool:
    return bool(_hits(text, "stem")) or any(h.target in _SOURCES for h in _hits(text, "measure"))


_HEAD_MEASURES = ("count", "people")  # measures a subject's own words can fake ("người lao động")


def _at_head(toks: tuple[str, ...], position: int) -> bool:
    """Whether a word run starts its segment, after filler only ('Tổng số lượt người', '- Số lớp'):
    a count or people word inside a subject ('Bồi dưỡng ... và người lao động', 'Dạy nghề cho lao
    động nông thôn') names who the class is for, not what the number counts."""
    i = position - 1
    while i >= 0 and toks[i] != "|":
        if toks[i] not in _HEAD_FILLER:
            return False
        i -= 1
    return True


# only these may stand before a measure that heads its segment ("Tổng số lượt người", "Trong đó: số
# lớp"); "cho", "của", "và" make it a noun of the subject ("(cho người lao động)")
_HEAD_FILLER = frozenset({"so", "tong", "trong", "do", "cac", "luong"})


@lru_cache(maxsize=1)
def _filler() -> frozenset[str]:
    """Words that say nothing of what a label names: 'số lượng', 'thực hiện', 'năm', 'trong đó'."""
    out = {"|", "so"}
    for phrase, _, kind in (p for ps in _phrases().values() for p in ps):
        if kind == "filler":
            out.update(phrase)
    return frozenset(out)


@lru_cache(maxsize=50_000)
def _part_reading(part: str) -> tuple[Hit | None, Hit | None, bool]:
    """(subject hit, measure hit, opaque) of one label part. Opaque: words that are neither a subject,
    a measure nor filler ('Hoạt động văn nghệ'): such a part names something the vocabulary does not
    know, so a subject is never borrowed for it from the heading above."""
    toks = label_tokens(part)
    # a measure word inside a longer subject phrase, of a measure that subject does not have, is
    # part of the subject's name ("tiện" of "phương tiện thông tin đại chúng" folds to the "tiền"
    # of "số tiền"); "Tổng số lượt người học" keeps its people
    stems_of = catalog.stems()
    subject_spans = [(h.position, h.position + h.length, stems_of.get(h.target, {})) for h in _hits(part, "stem")]
    all_measures = [
        m
        for m in _hits(part, "measure")
        if not any(
            a <= m.position and m.position + m.length <= b and b - a > m.length and m.target not in slots
            for a, b, slots in subject_spans
        )
    ]
    measures = [h for h in all_measures if h.target not in _HEAD_MEASURES or _at_head(toks, h.position)]
    # a subject word inside a longer measure phrase is not a subject ("sách" in "ngân sách")
    stems = [
        h
        for h in _hits(part, "stem")
        if not any(m.length > h.length and m.position <= h.position < m.position + m.length for m in all_measures)
    ]
    if len(measures) > 1 and stems:
        # "Trong đó: lớp học trực tuyến: Số HV": a segment that states only a measure says what the
        # number counts; a measure word inside the subject's own segment ("lớp học") yields to it
        bounds = [i for i, t in enumerate(toks) if t == "|"]

        def segment(pos: int) -> int:
            return sum(1 for b in bounds if b < pos)

        subject_segments = {segment(h.position) for h in stems}
        own = [h for h in measures if segment(h.position) not in subject_segments]
        measures = own or measures
    covered = set()
    for h in all_measures:
        covered.update(range(h.position, h.position + h.length))
    fill = _filler()
    opaque = not stems and any(i not in covered and t not in fill and not t.isdigit() for i, t in enumerate(toks))
    best = _best(stems)
    if best is not None and not best.target.startswith("classes.") and _class_headed(toks):
        # "Lớp hướng dẫn khai thác thông tin trên mạng", "Lớp tin học cho cán bộ TTHTCĐ": the head
        # noun says a class; "hướng dẫn" or "TTHTCĐ" inside it would make its classes documents or
        # centres. The class type it names, or (a type the vocabulary does not know) nothing at all
        classes = _best([h for h in stems if h.target.startswith("classes.")])
        return (classes, _best(measures), False) if classes else (None, _best(measures), True)
    return best, _best(measures), opaque


@lru_cache(maxsize=50_000)
def _sibling_subjects(part: str) -> tuple[str, ...]:
    """Other subjects of the same kind a label part names beside its best one ('Lớp ngoại ngữ, tin
    học': language and digital classes; 'Hội thảo, cuộc thi'): the alternatives the table-wide
    assignment may give it. Not a word inside the best one's phrase, not a generic word ('bồi
    dưỡng'), not another kind of thing ('cho cán bộ TTHTCĐ' in a class's label)."""
    best, _, _ = _part_reading(part)
    if best is None:
        return ()
    family = best.target.split(".")[0]
    span = range(best.position, best.position + best.length)
    out = []
    for h in _hits(part, "stem"):
        inside = h.position in span or best.position in range(h.position, h.position + h.length)
        if h.target != best.target and h.target.split(".")[0] == family and h.weight >= 0 and not inside:
            if h.target not in out:
                out.append(h.target)
    return tuple(out)


def _class_headed(toks: tuple[str, ...]) -> bool:
    """Whether a label part begins with 'lớp' ('Lớp ...', 'Các lớp ...', 'Số lớp ...') and goes on."""
    i = 0
    while i < len(toks) and (toks[i] in _HEAD_FILLER or toks[i] == "|"):  # "- Lớp ...": its dash
        i += 1
    return i + 1 < len(toks) and toks[i] == "lop" and toks[i + 1] != "|"


@lru_cache(maxsize=50_000)
def _match_parts(parts: tuple[str, ...], measure_part: str = "") -> Match:
    """Subject from the most specific part that names one, never across an opaque part; measure
    from the unit-of-measure cell (`measure_part`, the ĐVT column) first, then from the most
    specific part that states one."""
    stem_hit = measure_hit = source_hit = None
    blocked = False
    if measure_part:
        # the ĐVT or the value column's header: a count or people word heads it ('lớp', 'Số lượt
        # người học'); inside other words it is no measure ('Thực hiện trong Tuần lễ')
        toks = label_tokens(measure_part)
        measure_hit = _best(
            [h for h in _hits(measure_part, "measure") if h.target not in _HEAD_MEASURES or _at_head(toks, h.position)]
        )
    from_words = measure_hit is None  # the measure, if any, is stated by the label's own words
    for part in reversed(parts):
        stem, measure, opaque = _part_reading(part)
        if stem_hit is None and not blocked:
            if stem is not None:
                stem_hit = stem
            elif opaque:
                blocked = True
        if measure_hit is None and measure is not None:
            measure_hit = measure
            toks = label_tokens(part)
            # 'lượt' alone counts times as often as people ('Số lượt kiểm tra', 'lượt phát thanh'):
            # it states no kind a subject could contradict
            from_words = toks[measure.position : measure.position + measure.length] != ("luot",)
        if source_hit is None and measure is not None and measure.target in _SOURCES:
            source_hit = measure
    stems = catalog.stems()
    measure = measure_hit.target if measure_hit else None
    if measure == "value" and source_hit is not None:
        # "Kinh phí từ ngân sách nhà nước" above "- Số tiền": the amount of that source
        measure = source_hit.target
    if stem_hit is None:
        # a funding row under a heading we could not read still says which source it is
        if measure in _SOURCES and not blocked:
            return Match(stems["funding"][measure], "funding", measure)
        return Match(None, None, measure)
    return _subject_code(stem_hit.target, measure, from_words)


def _subject_code(stem: str, measure: str | None, from_words: bool = False) -> Match:
    codes = catalog.stems()[stem]
    if measure and measure in codes:
        return Match(codes[measure], stem, measure)
    if measure in _SOURCES:
        # "- Ngân sách nhà nước" under "Lớp ngoại ngữ": that class's funding, no indicator of ours
        return Match(None, stem, measure)
    default = codes.get("default")
    if from_words and measure and default and _MEASURE_KIND.get(measure) not in (None, catalog.by_code()[default].kind):
        # "Lượt người đến thư viện": the label counts people for a subject that has no people slot;
        # its default (new libraries) would load readers as libraries, so the label stays unknown.
        # (A measure from the ĐVT or the column header is weighed against the row by the reader.)
        return Match(None, stem, measure)
    # e.g. "Số lễ" under "Lễ khai mạc": the measure word fits no slot, the subject's default does
    return Match(default, stem, None)


# what a number is, by the measure a label states (catalog kinds); a count word fits any count
_MEASURE_KIND = {"count": "count", "people": "people", "value": "money", "state": "money", "social": "money"}


@lru_cache(maxsize=20_000)
def is_total_label(text: str) -> bool:
    """'Tổng cộng', 'Cộng', 'Toàn tỉnh' ...: a stated total row, checked but never loaded."""
    toks = [t for t in label_tokens(text) if t != "|"]
    if not toks or len(toks) > 5:
        return False
    for phrase, _, kind in (p for ps in _phrases().values() for p in ps):
        if kind == "total" and tuple(toks[: len(phrase)]) == phrase:
            return True
    return False
