"""Read a submitted file into plain cell grids, one per sheet, whatever its format.

Spreadsheets (.xlsx, .xlsm is refused, .xls, .xlsb, .ods) go through python-calamine; text
tables (.csv, tab-separated .txt/.tsv) through the encoding detector; Word reports (.docx, .doc
through LibreOffice; .docm is refused) through etl.word, each table a sheet named "Bảng N". Legacy-font text (TCVN3,
VNI) is converted to Unicode cell by cell here, so everything downstream sees Unicode.
Hostile files are refused before parsing: oversize, macro-enabled, password-protected,
decompression bombs (every zip member is inflated once, as a stream with a running count that
stops past its declared size, so forged size fields cannot make the parser inflate more)."""

from __future__ import annotations

import csv
import html
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import olefile
from python_calamine import CalamineWorkbook

from etl.encodings import decode_bytes, fix_legacy, has_legacy_signs, is_native, legacy_kind
from etl.markup import MarkupError, markup_kind, read_markup
from etl.ods_hidden import hidden_columns_and_rows as ods_hidden
from etl.word import WordDocument, WordError, doc_to_docx, read_docx
from etl.xls_columns import hidden_columns_and_rows as xls_hidden
from reference.cells import a1
from reference.problems import Problem, Text

SPREADSHEET_TYPES = {".xlsx", ".xls", ".xlsb", ".ods"}
TEXT_TYPES = {".csv", ".txt", ".tsv"}
WORD_TYPES = {".docx", ".doc"}
ACCEPTED_TYPES = SPREADSHEET_TYPES | TEXT_TYPES | WORD_TYPES
MACRO_TYPES = {".xlsm", ".xltm", ".xlam", ".xla", ".ods#", ".docm", ".dotm"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # an .xlsx of 20 MB never legitimately inflates past this
MAX_ZIP_RATIO = 200
MAX_CELLS = 2_000_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IN_CHUNK = 64 * 1024  # compressed bytes fed to zlib at a time
_OUT_CHUNK = 1024 * 1024  # most bytes zlib may hand back at a time: the check's memory bound


@dataclass
class Sheet:
    name: str
    rows: list[list]  # rows[r][c]: None, str, int, float, bool, datetime
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    legacy: str | None = None  # 'tcvn3' / 'vni' when legacy text was converted
    hidden: bool = False
    hidden_cols: frozenset[int] = frozenset()  # columns hidden in Excel (.xlsx): not what the officer sees
    hidden_rows: frozenset[int] = frozenset()  # rows hidden in Excel that hold something: read, and said
    heading: tuple[str, ...] = ()  # a Word table's: the report's letterhead, date line, title (its title block)
    caption_rows: int = 0  # a Word table's: rows above it holding its caption (positions count from the table)
    word: bool = False  # a table of a Word report: positions read "dòng 5, cột 3" (etl.word.sheet_cell)
    turn: object | None = None  # a table turned back (etl.turned.Turn): maps positions to the sheet as written

    def cell(self, r: int, c: int):
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None


@dataclass
class Workbook:
    file_name: str
    sheets: list[Sheet]
    encoding: str | None = None  # for text files
    document: WordDocument | None = None  # for Word reports: the body, for the narrative sections


class ReadError(Exception):
    """The file cannot be read at all; carries the Problem to show."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _refuse(file_name: str, code: str, **params) -> ReadError:
    return ReadError(Problem(code, params, file=file_name))


def check_upload(file_name: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse what must never be parsed: wrong type, macros, oversize, zip bombs."""
    _check_upload(file_name, data, max_bytes)


def _check_upload(file_name: str, data: bytes, max_bytes: int) -> zipfile.ZipFile | None:
    """`check_upload`, returning the opened zip (xlsx, ods) for the reader to look into again."""
    suffix = Path(file_name).suffix.lower()
    if suffix in MACRO_TYPES:
        word = suffix.startswith(".do")
        raise _refuse(file_name, "file.word_macro" if word else "file.macro", kind=suffix)
    if suffix not in ACCEPTED_TYPES:
        raise _refuse(file_name, "file.type", suffix=suffix or Text("word.no_extension"))
    if len(data) > max_bytes:
        raise _refuse(file_name, "file.too_large", size_mb=len(data) / 1048576, limit_mb=max_bytes / 1048576)
    if not data:
        raise _refuse(file_name, "file.empty")
    if data[:2] == b"PK":
        return _check_zip(file_name, data)
    if data[:8] == OLE_MAGIC and _ole_is_encrypted(data):
        raise _password_protected(file_name)
    if data[:8] == OLE_MAGIC and "_VBA_PROJECT".encode("utf-16-le") in data:
        # an .xls (OLE2) whose directory holds a VBA project storage
        raise _refuse(file_name, "file.macro", kind="VBA")
    return None


def _password_protected(file_name: str) -> ReadError:
    return _refuse(file_name, "file.password_protected")


def _ole_is_encrypted(data: bytes) -> bool:
    """An OLE compound file that holds an encrypted workbook: an .xlsx saved with a password
    (EncryptionInfo and EncryptedPackage streams instead of a zip) or an .xls whose workbook
    globals carry a FILEPASS record. A file olefile cannot parse is left to the reader."""
    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError, struct.error):
        return False
    try:
        if ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage"):
            return True
        stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        return stream is not None and _biff_has_filepass(ole.openstream(stream).read())
    except (OSError, ValueError, struct.error):
        return False
    finally:
        ole.close()


_FILEPASS, _EOF = 0x002F, 0x000A


def _biff_has_filepass(stream: bytes) -> bool:
    """Whether the globals substream (up to its EOF record) has a FILEPASS record."""
    pos = 0
    while pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        if kind == _FILEPASS:
            return True
        if kind == _EOF:
            return False
        pos += 4 + size
    return False


def _check_zip(file_name: str, data: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except zipfile.BadZipFile:
        raise _refuse(file_name, "file.corrupt", suffix=Path(file_name).suffix.lower()) from None
    names = {i.filename.lower() for i in infos}
    # Excel keeps VBA in vbaProject.bin; LibreOffice keeps Basic and scripts in folders of the .ods
    if any(n.endswith("vbaproject.bin") or n.startswith(("basic/", "scripts/")) for n in names):
        raise _refuse(file_name, "file.macro", kind="VBA")
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    # a member that claims to inflate to less than its compressed size has a forged size field
    forged = any(i.compress_size > i.file_size + 1024 + i.file_size // 100 for i in infos)
    if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO or forged:
        raise _refuse(file_name, "file.zip_bomb", detail=Text("file.zip_bomb.ratio"))
    _check_inflated_sizes(file_name, data, infos)
    if "meta-inf/manifest.xml" in names and b"encryption-data" in zf.read("META-INF/manifest.xml"):
        raise _password_protected(file_name)  # an OpenDocument file saved with a password
    _check_xml_prologs(file_name, zf, infos, data)
    return zf


def _check_inflated_sizes(file_name: str, data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Inflate every member as a stream, counting, and stop one byte past its declared size: a
    header that understates (the forged-size bomb) is caught after at most that many bytes, so
    the check never holds more than one chunk and the parser is never handed such a file. The
    declared sizes were checked against the limits above, so the whole check inflates at most
    MAX_UNZIPPED_BYTES."""
    for info in infos:
        raw = _member_raw(data, info)
        if raw is None:
            raise _refuse(file_name, "file.zip_unusual", part=info.filename)
        got = 0
        try:
            for piece in _inflate_stream(raw, info.compress_type == zipfile.ZIP_STORED):
                got += piece
                if got > info.file_size:
                    break
        except zlib.error:
            raise _refuse(file_name, "file.corrupt", suffix=Path(file_name).suffix.lower()) from None
        if got != info.file_size:
            raise _refuse(file_name, "file.zip_bomb", detail=Text("file.zip_bomb.size", {"part": info.filename}))


def _member_raw(data: bytes, info: zipfile.ZipInfo) -> memoryview | None:
    begin = _member_start(data, info)
    if begin is None:
        return None
    return memoryview(data)[begin : begin + info.compress_size]


def _inflate_stream(raw: memoryview, stored: bool) -> Iterator[int]:
    """Sizes of successive inflated pieces of one member, none larger than _OUT_CHUNK; the
    pieces themselves are dropped at once."""
    if stored:
        yield len(raw)
        return
    d = zlib.decompressobj(-15)
    pos = 0
    pending = b""
    while not d.eof:
        if not pending:
            if pos >= len(raw):
                break
            pending = raw[pos : pos + _IN_CHUNK]
            pos += _IN_CHUNK
        out = d.decompress(pending, _OUT_CHUNK)
        pending = d.unconsumed_tail
        yield len(out)
        while not pending and not d.eof and (out := d.decompress(b"", _OUT_CHUNK)):
            yield len(out)  # output zlib still held back once the input piece was used up


def _check_xml_prologs(file_name: str, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], data: bytes) -> None:
    """Entity bombs and external-entity probes (XXE) need a DTD with an internal subset; Office
    and OpenDocument parts never carry one. The DTD comes before the root element, so the first
    bytes of each part tell (an old OpenDocument manifest's bare external DOCTYPE is harmless)."""
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")):
            head = _member_bytes(zf, data, info, 4096)
            if _unsafe_prolog(head):
                raise _refuse(file_name, "file.xml_entities", part=info.filename)


_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")  # signature, flags, ..., name length, extra field length
_UNUSUAL_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, patch data, strong encryption


def _member_bytes(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, limit: int | None = None) -> bytes:
    """The first `limit` bytes (all if None) of a zip member, inflated straight from `data`:
    ZipFile.open costs far more than the inflating for the small parts of a spreadsheet. Anything
    unusual (encrypted, another method, a header or checksum that does not agree) goes through
    ZipFile, which raises what it raises."""
    out = _inflate(data, info, limit)
    if out is not None:
        return out
    with zf.open(info) as f:
        return f.read(limit) if limit is not None else f.read()


def _inflate(data: bytes, info: zipfile.ZipInfo, limit: int | None) -> bytes | None:
    begin = _member_start(data, info)
    if begin is None:
        return None
    raw = memoryview(data)[begin : begin + info.compress_size]
    want = info.file_size if limit is None else min(limit, info.file_size)
    try:
        out = (
            bytes(raw[:want])
            if info.compress_type == zipfile.ZIP_STORED
            else zlib.decompressobj(-15).decompress(raw, want)
        )
    except zlib.error:
        return None
    if len(out) != want or (want == info.file_size and zlib.crc32(out) != info.CRC):
        return None  # short or corrupt: ZipFile reports it as it always did
    return out


def _member_start(data: bytes, info: zipfile.ZipInfo) -> int | None:
    """Where a plainly stored or deflated member's bytes begin, after its local header."""
    if info.flag_bits & _UNUSUAL_FLAGS or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    try:
        sig, flags, n_name, n_extra = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    except struct.error:
        return None
    name_at = info.header_offset + _LOCAL_HEADER.size
    name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
    if sig != b"PK\x03\x04" or flags & _UNUSUAL_FLAGS or data[name_at : name_at + n_name] != name:
        return None
    return name_at + n_name + n_extra


_PROLOG_NOISE = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)


def _unsafe_prolog(head: bytes) -> bool:
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while m := _PROLOG_NOISE.match(head, pos):
        if m.end() == pos:
            break
        pos = m.end()
    rest = head[pos:]
    if not rest:
        return False
    if rest.startswith(b"<!DOCTYPE"):
        end = rest.find(b">")
        return end < 0 or b"[" in rest[:end]
    return re.match(rb"<[A-Za-z_]", rest) is None  # a prolog longer than 4 KB is not an Office file


def read_bytes(file_name: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Workbook:
    zf = _check_upload(file_name, data, max_bytes)
    suffix = Path(file_name).suffix.lower()
    if suffix in TEXT_TYPES:
        return _read_text(file_name, data)
    if suffix in WORD_TYPES:
        return _read_word(file_name, data, max_bytes)
    if zf is None and data[:8] != OLE_MAGIC and (kind := markup_kind(data)):
        return _read_markup(file_name, data, kind)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # calamine raises its own (English) errors for every broken format
        raise _refuse(file_name, "file.corrupt", suffix=Path(file_name).suffix.lower()) from None
    sheets = []
    errors = _excel_error_cells(data, zf) if zf is not None else {}
    if zf is not None and "content.xml" in zf.namelist() and "xl/workbook.xml" not in zf.namelist():
        hidden_cols, hidden_rows = ods_hidden(zf)  # an OpenDocument spreadsheet
    elif zf is not None:
        hidden_cols, hidden_rows = _hidden_columns(zf), _hidden_rows(zf, data)
    else:
        hidden_cols, hidden_rows = xls_hidden(data) if suffix == ".xls" else ({}, {})
    hidden = {m.name for m in wb.sheets_metadata if str(m.visible).endswith("Hidden")}
    for name in wb.sheet_names:
        try:
            cs = wb.get_sheet_by_name(name)
        except Exception:  # chart sheets and the like have no cells
            continue
        if cs.height * max(cs.width, 1) > MAX_CELLS:
            raise _refuse(file_name, "file.too_many_cells", name=name, rows=cs.height, cols=cs.width)
        rows = [[None if v == "" else v for v in r] for r in cs.to_python(skip_empty_area=False)]
        for r, c, text in errors.get(name, ()):
            _put(rows, r, c, text)  # calamine reads an error cell as empty: keep '#REF!' visible
        merged = list(cs.merged_cell_ranges or [])
        kept_out_of_sight = _rows_with_content(rows, hidden_rows.get(name, frozenset()))
        sheet = Sheet(
            name,
            rows,
            merged,
            hidden=name in hidden,
            hidden_cols=hidden_cols.get(name, frozenset()),
            hidden_rows=kept_out_of_sight,
        )
        sheets.append(_unlegacy(sheet))
    return Workbook(file_name, sheets)


_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _excel_error_cells(data: bytes, zf: zipfile.ZipFile) -> dict[str, list[tuple[int, int, str]]]:
    """Cells holding an Excel error (#REF!, #DIV/0!, #VALUE! ...) per sheet name, 0-based. Only
    sheets whose XML has an error cell at all are parsed, so the usual file costs one search."""
    try:
        members = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        found: dict[str, list[tuple[int, int, str]]] = {}
        for member in members:
            xml = _member_bytes(zf, data, zf.getinfo(member))
            if b't="e"' not in xml:
                continue
            for m in _CELL.finditer(xml):
                attrs = m.group(1)
                ref = _ATTR_REF.search(attrs)
                if b't="e"' not in attrs or not ref:
                    continue
                v = _VALUE.search(m.group(2) or b"")
                text = html.unescape(v.group(1).decode("utf-8")) if v else "#N/A"
                found.setdefault(member, []).append((int(ref.group(2)) - 1, _col_index(ref.group(1).decode()), text))
        if not found:
            return {}
        return {name: found[path] for name, path in _sheet_paths(zf).items() if path in found}
    except (zipfile.BadZipFile, KeyError, ValueError):
        return {}


_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_COLS_END = re.compile(rb"</(?:\w+:)?cols>|<(?:\w+:)?sheetData\b")


def _hidden_columns(zf: zipfile.ZipFile) -> dict[str, frozenset[int]]:
    """Columns hidden in Excel per sheet name, 0-based (`<col min max hidden="1">`, or `width="0"`:
    dragged shut). They sit before the cells in the sheet's XML, so only its start is read."""
    try:
        out: dict[str, frozenset[int]] = {}
        for name, member in _sheet_paths(zf).items():
            with zf.open(member) as f:
                head = f.read(32 * 1024)  # <cols> comes first, after the sheet's view settings
            if b"hidden" not in head and b'width="0' not in head:
                continue  # the usual sheet: nothing hidden, no parsing
            end = _COLS_END.search(head)
            cols = set()
            for m in _COL.finditer(head[: end.start()] if end else head):
                attrs = m.group(1)
                # hidden, or dragged to no width at all: either way the officer does not see it
                if re.search(rb'\bhidden="(?:1|true)"|\bwidth="0(?:\.0*)?"', attrs):
                    lo, hi = re.search(rb'\bmin="(\d+)"', attrs), re.search(rb'\bmax="(\d+)"', attrs)
                    if lo and hi:
                        cols.update(range(int(lo.group(1)) - 1, min(int(hi.group(1)), 16384)))
            if cols:
                out[name] = frozenset(cols)
        return out
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return {}


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN_ATTR = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')


def _hidden_rows(zf: zipfile.ZipFile, data: bytes) -> dict[str, frozenset[int]]:
    """Rows hidden in Excel per sheet name, 0-based (`<row r="12" hidden="1">`). A sheet without
    the attribute anywhere costs one search."""
    try:
        out: dict[str, frozenset[int]] = {}
        for name, member in _sheet_paths(zf).items():
            xml = _member_bytes(zf, data, zf.getinfo(member))
            if not _HIDDEN_ATTR.search(xml):
                continue
            rows = set()
            for m in _ROW_TAG.finditer(xml):
                number = _ROW_NUMBER.search(m.group(1))
                if number and _HIDDEN_ATTR.search(m.group(1)):
                    rows.add(int(number.group(1)) - 1)
            if rows:
                out[name] = frozenset(rows)
        return out
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return {}


def _rows_with_content(rows: list[list], hidden: frozenset[int]) -> frozenset[int]:
    """The hidden rows that hold something. They are read (Excel hides a row, it does not delete
    it: a province tidies its detail rows away), and the officer is told which they are, since a
    hidden column, by contrast, is set aside."""
    return frozenset(r for r in hidden if r < len(rows) and any(v not in (None, "") for v in rows[r]))


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML member, from workbook.xml and its relationships."""
    book = zf.read("xl/workbook.xml").decode("utf-8")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {}
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        rid, target = re.search(r'Id="([^"]+)"', rel.group(0)), re.search(r'Target="([^"]+)"', rel.group(0))
        if rid and target:
            t = target.group(1)
            targets[rid.group(1)] = t.lstrip("/") if t.startswith("/") else "xl/" + t
    out = {}
    for sh in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", book):
        name, rid = re.search(r'name="([^"]*)"', sh.group(0)), re.search(r'r:id="([^"]+)"', sh.group(0))
        if name and rid and rid.group(1) in targets:
            out[html.unescape(name.group(1))] = targets[rid.group(1)]
    return out


def _put(rows: list[list], r: int, c: int, value) -> None:
    width = max((len(x) for x in rows), default=0)
    while len(rows) <= r:
        rows.append([None] * width)
    if len(rows[r]) <= c:
        rows[r].extend([None] * (c + 1 - len(rows[r])))
    rows[r][c] = value


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Workbook:
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        check_upload(path.name, b"\0" * 0, max_bytes)  # type check first, then the size message
        raise _refuse(path.name, "file.too_large", size_mb=size / 1048576, limit_mb=max_bytes / 1048576)
    return read_bytes(path.name, path.read_bytes(), max_bytes)


def _read_text(file_name: str, data: bytes) -> Workbook:
    text, encoding = decode_bytes(data)
    delimiter = _delimiter(file_name, text)
    try:
        # newline=None: lines ending in CR alone (Excel's "CSV (Macintosh)") are lines too
        rows = [[_typed(v) for v in r] for r in csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)]
    except csv.Error:  # a stray quote or NUL no reading can place: the file is not a table
        raise _refuse(file_name, "file.corrupt", suffix=Path(file_name).suffix.lower()) from None
    sheet = _unlegacy(Sheet(Path(file_name).stem, rows))
    _check_row_widths(file_name, sheet, delimiter)
    return Workbook(file_name, [sheet], encoding=encoding)


def _delimiter(file_name: str, text: str) -> str:
    """The delimiter that splits the lines most evenly, as a spreadsheet writes them (every line the
    same number of fields); the most frequent sign only breaks a tie. Counting signs alone took ','
    in a ';' file full of decimal commas ("82,5;1.234,5") and split every number in two."""
    sample = text[:5000]
    counts = {d: sample.count(d) for d in (",", ";", "\t", "|")}
    if Path(file_name).suffix.lower() in (".txt", ".tsv") and counts["\t"]:
        return "\t"
    lines = sample.splitlines()[:-1] or sample.splitlines()  # the sample's last line may be cut
    best, best_score = max(counts, key=counts.get), (-1, -1)
    for d, n in counts.items():
        if not n:
            continue
        widths = Counter(len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=d) if len(r) > 1)
        score = (widths.most_common(1)[0][1] if widths else 0, n)
        if score > best_score:
            best, best_score = d, score
    return best


_NUMERIC_TEXT = re.compile(r"^[+-]?[\d.,\s]*\d$")


def _check_row_widths(file_name: str, sheet: Sheet, delimiter: str) -> None:
    """A line with more fields than the table's header has had a field split at a delimiter it
    holds: "82,5" or "1,234" unquoted in a comma-separated file became "82" | "5", and every number
    after it moved one column to the right. Which column each number belongs to is then a guess, so
    the file is refused at that line (a decimal "82,5" once loaded as 82 and moved its neighbours)."""
    widths = [_filled_width(r) for r in sheet.rows]
    heads = [
        w
        for r, w in zip(sheet.rows, widths)
        if sum(1 for v in r if v) >= 2 and (not any(v and _NUMERIC_TEXT.match(v) for v in r) or _numbering(r))
    ]
    if not heads:
        return  # no header line to measure against
    want = max(heads)
    for i, (row, w) in enumerate(zip(sheet.rows, widths)):
        # a line of figures (two numbers at least): prose typed with commas in it is no such line
        if w > want and sum(1 for v in row if v and _NUMERIC_TEXT.match(v)) >= 2:
            raise ReadError(
                Problem(
                    "file.text_split_field",
                    {"line": i + 1, "got": w, "want": want, "delimiter": "tab" if delimiter == "\t" else delimiter},
                    file=file_name,
                    sheet=sheet.name,
                    cell=a1(i, want),
                )
            )


def _numbering(row: list) -> bool:
    """'STT | | 1 | 2 | 3 | … | TỔNG CỘNG': the numbers of the columns (or of the units of a table
    turned on its side), a header line for its width, not a line of figures."""
    nums = [v for v in row if v and _NUMERIC_TEXT.match(v)]
    return (
        len(nums) >= 2
        and all(v.strip().isdigit() for v in nums)
        and [int(v) for v in nums] == list(range(1, len(nums) + 1))
    )


def _filled_width(row: list) -> int:
    """Fields up to the last one that holds something (a writer may pad a line, or not)."""
    for c in range(len(row) - 1, -1, -1):
        if row[c] not in (None, ""):
            return c + 1
    return 0


def _read_markup(file_name: str, data: bytes, kind: str) -> Workbook:
    """An .xls that is an HTML table or an XML Spreadsheet 2003 file (etl/markup.py)."""
    if kind == "spreadsheetml" and _unsafe_prolog(data[:4096]):
        raise _refuse(file_name, "file.corrupt", suffix=Path(file_name).suffix.lower())
    try:
        parts = read_markup(file_name, data, kind)
    except MarkupError:
        raise _refuse(file_name, "file.corrupt", suffix=Path(file_name).suffix.lower()) from None
    sheets = []
    for name, rows, merged, hidden_cols, hidden_rows, hidden_sheet in parts:
        if len(rows) * max((len(r) for r in rows), default=1) > MAX_CELLS:
            raise _refuse(file_name, "file.too_many_cells", name=name, rows=len(rows), cols=len(rows[0]) if rows else 0)
        shown = _rows_with_content(rows, hidden_rows)  # hidden rows are read, and said (as in .xlsx)
        sheet = Sheet(name, rows, merged, hidden=hidden_sheet, hidden_cols=hidden_cols, hidden_rows=shown)
        sheets.append(_unlegacy(sheet))
    return Workbook(file_name, sheets)


def _read_word(file_name: str, data: bytes, max_bytes: int) -> Workbook:
    """Every table of the report as a sheet "Bảng N" carrying the report's heading, so the year
    and unit are found as in a spreadsheet's title block. A .doc is converted first and the
    converted bytes pass the same zip checks as an uploaded .docx."""
    try:
        if Path(file_name).suffix.lower() == ".doc":
            if data[:8] != OLE_MAGIC:
                raise WordError("file.word_corrupt", suffix=".doc")
            data = doc_to_docx(data)
            _check_upload(Path(file_name).stem + ".docx", data, max(max_bytes, len(data)))
        doc = read_docx(data)
    except WordError as exc:
        code = exc.code  # checked against the registry where etl/word.py raises it
        raise _refuse(file_name, code, **exc.params) from None
    if sum(len(t.rows) * max(1, len(t.rows[0]) if t.rows else 1) for t in doc.tables) > MAX_CELLS:
        raise _refuse(file_name, "file.word_too_many_cells")
    heading = tuple(doc.heading)
    sheets = []
    for t in doc.tables:
        n = len(t.caption)
        rows = [[text] for text in t.caption] + t.rows
        merged = [((r0 + n, c0), (r1 + n, c1)) for (r0, c0), (r1, c1) in t.merged]
        sheets.append(_unlegacy(Sheet(t.name, rows, merged, heading=heading, caption_rows=n, word=True)))
    return Workbook(file_name, sheets, encoding=doc.legacy.upper() if doc.legacy else None, document=doc)


# what a web page leaves in text pasted from it: no-break spaces, and characters of no width
_INVISIBLE = re.compile("[\u00a0\u200b\u200c\u200d\u2060\ufeff]")
_AS_SPACE = {"\u00a0": " "}


def _normalize_text(sheet: Sheet) -> None:
    """Every text cell composed (NFC), its no-break spaces plain spaces and its zero-width
    characters gone: what the officer sees, compared as such downstream."""
    for row in sheet.rows:
        for c, v in enumerate(row):
            if not isinstance(v, str):
                continue
            if _INVISIBLE.search(v):
                v = _INVISIBLE.sub(lambda m: _AS_SPACE.get(m.group(0), ""), v)
            row[c] = v if unicodedata.is_normalized("NFC", v) else unicodedata.normalize("NFC", v)


def _typed(value: str):
    v = value.strip()
    return v or None


def _unlegacy(sheet: Sheet) -> Sheet:
    """Convert TCVN3/VNI cells to Unicode; the sheet's majority decides ambiguous cells. Unicode
    text comes out composed (NFC): text pasted from a Mac or a web page has its tones as separate
    marks (NFD), and names, labels and words are compared composed everywhere downstream; no-break
    and zero-width spaces pasted with it are read as what they look like."""
    _normalize_text(sheet)
    texts = [v for row in sheet.rows for v in row if isinstance(v, str)]
    if not has_legacy_signs("".join(texts)):
        return sheet  # no Latin-1 sign anywhere: no cell can be legacy text (the usual sheet)
    votes = Counter(k for v in texts if (k := legacy_kind(v)))
    if not votes:
        return sheet
    majority = votes.most_common(1)[0][0]
    all_legacy = not any(is_native(v) for v in texts)  # no Unicode-only letter: typed in the font throughout
    for row in sheet.rows:
        for c, v in enumerate(row):
            if isinstance(v, str):
                row[c] = fix_legacy(v, majority, all_legacy)[0]
    sheet.legacy = majority
    return sheet
