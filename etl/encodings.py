"""Text encodings that submitted files arrive in.

Two problems: bytes of a text file (UTF-8 with or without BOM, UTF-16, Windows-1258), and cells
typed with legacy Vietnamese fonts: TCVN3/ABC (.VnTime) and VNI, which a spreadsheet stores as
Latin-1 characters ("Hµ Néi", "Haø Noäi" for "Hà Nội"). Legacy text is converted cell by cell,
because one sheet often mixes legacy cells with Unicode ones typed later."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- TCVN3 (ABC): one byte per letter ------------------------------------------------------
_TCVN3_PAIRS = (
    "ă¨ â© ê ª ô« ơ¬ ư\xad đ® Ă¡ Â¢ Ê£ Ô¤ Ơ¥ Ư¦ Đ§ "
    "àµ ả¶ ã· á¸ ạ¹ ằ» ẳ¼ ẵ½ ắ¾ ặÆ ầÇ ẩÈ ẫÉ ấÊ ậË "
    "èÌ ẻÎ ẽÏ éÐ ẹÑ ềÒ ểÓ ễÔ ếÕ ệÖ ì× ỉØ ĩÜ íÝ ịÞ "
    "òß ỏá õâ óã ọä ồå ổæ ỗç ốè ộé ờê ởë ỡì ớí ợî "
    "ùï ủñ ũò úó ụô ừõ ửö ữ÷ ứø ựù ỳú ỷû ỹü ýý ỵþ"
)
TCVN3_TO_UNICODE: dict[str, str] = {}
for _pair in _TCVN3_PAIRS.replace(" ª", "ª").split(" "):
    if len(_pair) == 2:
        TCVN3_TO_UNICODE[_pair[1]] = _pair[0]
TCVN3_TO_UNICODE["ª"] = "ê"
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)

# --- VNI: base letter followed by a mark byte -------------------------------------------------
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
# mark byte -> (shape, tone); lower- and upper-case fonts use different bytes for the same mark
_VNI_MARKS = {}
for _lo, _up, _shape, _tone in (
    ("ù", "Ù", "", _ACUTE),
    ("ø", "Ø", "", _GRAVE),
    ("û", "Û", "", _HOOK),
    ("õ", "Õ", "", _TILDE),
    ("ï", "Ï", "", _DOT),
    ("â", "Â", _CIRC, ""),
    ("á", "Á", _CIRC, _ACUTE),
    ("à", "À", _CIRC, _GRAVE),
    ("å", "Å", _CIRC, _HOOK),
    ("ã", "Ã", _CIRC, _TILDE),
    ("ä", "Ä", _CIRC, _DOT),
    ("ê", "Ê", _BREVE, ""),
    ("é", "É", _BREVE, _ACUTE),
    ("è", "È", _BREVE, _GRAVE),
    ("ú", "Ú", _BREVE, _HOOK),
    ("ü", "Ü", _BREVE, _TILDE),
    ("ë", "Ë", _BREVE, _DOT),
):
    _VNI_MARKS[_lo] = _VNI_MARKS[_up] = (_shape, _tone)
# whole letters in VNI
_VNI_LETTERS = {
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "ñ": "đ",
    "Ñ": "Đ",
    "í": "í",
    "Í": "Í",
    "ì": "ì",
    "Ì": "Ì",
    "æ": "ỉ",
    "Æ": "Ỉ",
    "ó": "ĩ",
    "Ó": "Ĩ",
    "ò": "ị",
    "Ò": "Ị",
    "î": "ỵ",
    "Î": "Ỵ",
}
_VOWELS = set("aeiouyAEIOUYơƠưƯ")
_VNI_BASES = frozenset(_VOWELS | set("ơưƠƯ"))  # letters a VNI mark byte can sit on

# Latin-1 letters that Unicode Vietnamese uses; anything else in U+00A0..U+00FF is a legacy sign.
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_LEGACY_RANGE = re.compile(r"[\u00a1-\u00ff]")
_NATIVE = re.compile(r"[\u0100-\u024f\u1e00-\u1eff]")  # ă đ ơ ư ạ ế ... only Unicode has these


def has_legacy_signs(text: str) -> bool:
    """Whether any character could be a legacy font's sign; without one, no cell is legacy text."""
    return _LEGACY_RANGE.search(text) is not None


# the detector reads a text both ways and the converter reads it again: each reading is cached
@lru_cache(maxsize=50_000)
def from_tcvn3(text: str) -> str:
    return _upper_words(text.translate(_TCVN3_TABLE))


@lru_cache(maxsize=50_000)
def from_vni(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in _VNI_MARKS and out and unicodedata.normalize("NFD", out[-1])[0] in _VNI_BASES:
            shape, tone = _VNI_MARKS[ch]
            base = unicodedata.normalize("NFD", out[-1])
            letter, marks = base[0], base[1:]
            if shape == _BREVE and letter not in "aA":
                shape = ""  # breve only sits on a; elsewhere the byte is a stray
            if (shape and shape in marks) or (tone and any(t in marks for t in _TONE_MARKS)) or not (shape or tone):
                out.append(ch)  # the letter already has this mark: a real letter, not a VNI mark
                continue
            out[-1] = unicodedata.normalize("NFC", letter + marks + shape + tone)
        else:
            out.append(_VNI_LETTERS.get(ch, ch))
    return _upper_words("".join(out))


_WORDS = re.compile(r"\w+")


def _upper_words(text: str) -> str:
    """Legacy upper-case fonts (.VnTimeH) reuse lower-case codes: 'TØNH' reads 'TỉNH'.
    Re-upper-case a letter when the rest of its word is upper case."""

    def fix(m: re.Match) -> str:
        w = m.group(0)
        letters = [c for c in w if c.isalpha()]
        uppers = sum(c.isupper() for c in letters)
        if len(letters) > 1 and uppers >= len(letters) - uppers and uppers >= 2:
            return w.upper()
        return w

    text = _WORDS.sub(fix, text)
    # a two-letter word has one capital to go by ('Sè LIÖU' -> 'Số LIỆU'): its upper-case
    # neighbours decide (a lone 'Số' or 'Sở GD&ĐT' stays as typed)
    words = list(_WORDS.finditer(text))
    out = text
    for i, m in enumerate(words):
        w = m.group(0)
        if len(w) != 2 or not w[0].isupper() or not w[1].islower() or w[1].isascii():
            continue
        near = [x.group(0) for x in (words[i - 1] if i else None, words[i + 1] if i + 1 < len(words) else None) if x]
        if any(len(x) >= 3 and x.isupper() for x in near) and not any(
            x.islower() or x.istitle() and len(x) > 2 for x in near
        ):
            out = out[: m.start()] + w.upper() + out[m.end() :]
    return out


_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = (
    "uyê|uyu|uya|ươi|ươu|iêu|yêu|oai|oay|oeo|uây|uôi|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_SYLLABLE = re.compile(rf"^(?:{_ONSET})?(?:{_NUCLEI})(?:ch|ng|nh|c|m|n|p|t)?$")
_TONE_MARKS = (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)


@lru_cache(maxsize=50_000)
def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(c in _TONE_MARKS for c in decomposed)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return tones <= 1 and bool(_SYLLABLE.match(base))


_COMMON = (
    "số lớp người học lượt năm tuần lễ hưởng ứng suốt đời tổng hợp liệu đơn vị tính kinh phí "
    "ngân sách nhà nước xã hội hóa tỉnh thành phố huyện quận thị xã phường sở giáo dục đào tạo "
    "báo cáo nội dung ghi chú cộng toàn trong đó khác tham gia tổ chức hoạt động"
)


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """Words that report files use: labels of the catalog and synonyms, unit names. They break
    ties between readings that are both plausible syllables ('Sè líp' vs 'Số lớp')."""
    from reference.lexicon import words

    return frozenset(words()) | frozenset(_COMMON.split())


_SCORED_WORD = re.compile(r"[^\s\d.,;:()\-/&+]+")


def _syllable_score(text: str) -> int:
    """How Vietnamese a text looks: valid syllables minus garbled words, plus known words (ASCII
    words are neutral, since abbreviations and names carry no signal). Scored a line at a time
    (no word spans a line break): a text file's lines recur, in its readings and across files."""
    return sum(_line_score(line) for line in text.split("\n"))


# abbreviations typed in cells that are no syllable: the đồng sign after an amount ('850.000 đ')
_KNOWN_SHORT = frozenset({"đ", "vnđ", "đvt", "trđ"})


@lru_cache(maxsize=50_000)
def _line_score(text: str) -> int:
    score = 0
    lexicon = _lexicon()
    for word in _SCORED_WORD.findall(text):
        if word.isascii():
            continue
        if unicodedata.normalize("NFC", word.lower()) in _KNOWN_SHORT:
            score += 2
        elif _is_syllable(word):
            score += 2 if unicodedata.normalize("NFC", word.lower()) in lexicon else 1
        else:
            score -= 2
    return score


@lru_cache(maxsize=50_000)
def legacy_kind(text: str) -> str | None:
    """'tcvn3', 'vni' or None for one cell, by the signs it contains."""
    if not isinstance(text, str) or not _LEGACY_RANGE.search(text) or _NATIVE.search(text):
        return None
    signs = [c for c in text if "\u00a1" <= c <= "\u00ff"]
    if all(c in _VIET_LATIN1 for c in signs):
        # could be Unicode Vietnamese already; keep it unless a legacy reading is clearly better
        best = max(("tcvn3", "vni"), key=lambda k: _syllable_score(convert(text, k)))
        return best if _syllable_score(convert(text, best)) > _syllable_score(text) + 1 else None
    tcvn_score = _syllable_score(from_tcvn3(text))
    vni_score = _syllable_score(from_vni(text))
    return "vni" if vni_score > tcvn_score else "tcvn3"


def convert(text: str, kind: str | None) -> str:
    if kind == "tcvn3":
        return from_tcvn3(text)
    if kind == "vni":
        return from_vni(text)
    return text


def is_native(text: str) -> bool:
    """Whether a text has a letter only Unicode has (ă đ ơ ư ạ ế ...): typed in Unicode, not in a
    legacy font."""
    return _NATIVE.search(text) is not None


@lru_cache(maxsize=50_000)
def fix_legacy(text: str, sheet_kind: str | None = None, all_legacy: bool = False) -> tuple[str, str | None]:
    """Convert one cell to Unicode. `sheet_kind` is the sheet's majority legacy encoding; it
    decides cells whose own signs are ambiguous. `all_legacy`: no cell of the sheet has a letter
    only Unicode has, so the whole sheet was typed in that font, and a cell that reads as well
    both ways ('Ba Tô', VNI for 'Ba Tơ') is the font's. Returns (text, encoding used or None)."""
    kind = legacy_kind(text)
    if (
        kind is None
        and sheet_kind
        and isinstance(text, str)
        and _LEGACY_RANGE.search(text)
        and not _NATIVE.search(text)
    ):
        # ambiguous on its own ('Líp' is both a legacy 'Lớp' and plausible Unicode): follow the sheet
        legacy_score, own_score = _syllable_score(convert(text, sheet_kind)), _syllable_score(text)
        if legacy_score > own_score or (all_legacy and legacy_score == own_score):
            kind = sheet_kind
    if kind and sheet_kind and kind != sheet_kind:
        if _syllable_score(convert(text, sheet_kind)) >= _syllable_score(convert(text, kind)):
            kind = sheet_kind
    return (convert(text, kind), kind) if kind else (text, None)


# --- VISCII (RFC 1456): Vietnamese letters on bytes 0x80-0xFF and six control positions ---------
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư"
    "àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"
)
_VISCII_TABLE = str.maketrans(
    {chr(0x80 + i): ch for i, ch in enumerate(_VISCII_HIGH)}
    | {"\x02": "Ẳ", "\x05": "Ẵ", "\x06": "Ẫ", "\x14": "Ỷ", "\x19": "Ỹ", "\x1e": "Ỵ"}
)


def from_viscii(data: bytes) -> str:
    return data.decode("latin-1").translate(_VISCII_TABLE)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file. Returns (text, encoding name as shown to people)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: the zero bytes sit on the odd (LE) or even (BE) positions
        le = sample[1::2].count(0) > sample[0::2].count(0)
        return data.decode("utf-16-le" if le else "utf-16-be", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")
    # split at line feeds only: str.splitlines also breaks at \x85 and \x1c-\x1e, which are
    # letters in VISCII (0x85 'Ầ') and would cut a line of the file in two
    lines = latin.split("\n")
    kinds = [legacy_kind(line) for line in lines[:200]]
    legacy = {k: kinds.count(k) for k in ("tcvn3", "vni") if kinds.count(k)}
    best = (unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")), "Windows-1258")
    readings = []
    if legacy:
        # the bytes may be a legacy font's; pick whichever reading looks more Vietnamese
        k = max(legacy, key=legacy.get)
        readings.append(("\n".join(convert(line, k) for line in lines), k.upper()))
    readings.append((from_viscii(data), "VISCII"))
    top = _syllable_score(best[0])
    for text, name in readings:  # Windows-1258, the usual one, wins a tie
        if (score := _syllable_score(text)) > top:
            best, top = (text, name), score
    return best
