"""Small, realistic report files for the tests, generated in memory.

Every fixture the suite uses is built here from plain Python data: vertical one-unit forms
(biểu dọc) with title blocks of any height, wide tables with one row per district, commune or
province (biểu ngang, two header rows with merged group cells), written as .xlsx (openpyxl),
legacy .xls (xlwt), CSV / tab-separated text in several encodings, with legacy TCVN3 / VNI text
when asked. Nothing here reads /work/shared or anything outside the repository's own code.

Values are kept as province-level figures in đồng (`EXPECTED`), so a test can assert exactly
what a file must load as whatever its money unit or number style."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import xlwt
from openpyxl import Workbook

from etl.encodings import TCVN3_TO_UNICODE

# ------------------------------------------------------------------------------------------------
# legacy encoders, built from the decoder's own tables (inverted)
# ------------------------------------------------------------------------------------------------
_TCVN3_FROM_UNICODE = {u: b for b, u in TCVN3_TO_UNICODE.items()}


def to_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 (ABC) as a spreadsheet stores it. Capitals with a tone have no code of
    their own in TCVN3 (the .VnTimeH font reuses the lower-case codes), so they go lower-case."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_FROM_UNICODE:
            out.append(_TCVN3_FROM_UNICODE[ch])
        elif ch.lower() in _TCVN3_FROM_UNICODE:
            out.append(_TCVN3_FROM_UNICODE[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TONES = (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)
_VNI_TONE = {"": "", _ACUTE: "ù", _GRAVE: "ø", _HOOK: "û", _TILDE: "õ", _DOT: "ï"}
_VNI_CIRC = {"": "â", _ACUTE: "á", _GRAVE: "à", _HOOK: "å", _TILDE: "ã", _DOT: "ä"}
_VNI_BREVE = {"": "ê", _ACUTE: "é", _GRAVE: "è", _HOOK: "ú", _TILDE: "ü", _DOT: "ë"}
_VNI_I = {_ACUTE: "í", _GRAVE: "ì", _HOOK: "æ", _TILDE: "ó", _DOT: "ò"}


def to_vni(text: str) -> str:
    """Unicode -> VNI: base letter followed by a mark byte ('Hà Nội' -> 'Haø Noäi')."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        if not marks or base.lower() not in "aeiouy":
            out.append(ch)
            continue

        upper = base.isupper()

        def cased(s: str, up=upper) -> str:
            return s.upper() if up else s

        tone = next((m for m in marks if m in _TONES), "")
        shape = next((m for m in marks if m in (_CIRC, _BREVE, _HORN)), "")
        if base.lower() == "i" and not shape:
            out.append(cased(_VNI_I[tone]))
        elif base.lower() == "y" and tone == _DOT:
            out.append(cased("î"))
        elif shape == _HORN:
            out.append(cased({"o": "ô", "u": "ö"}[base.lower()]) + cased(_VNI_TONE[tone]))
        elif shape == _CIRC:
            out.append(base + cased(_VNI_CIRC[tone]))
        elif shape == _BREVE:
            out.append(base + cased(_VNI_BREVE[tone]))
        else:
            out.append(base + cased(_VNI_TONE[tone]))
    return "".join(out)


def cp1258_bytes(text: str, decompose_tones: bool) -> bytes:
    """Windows-1258 as Vietnamese software writes it. Code page 1258 has â ê ô ơ ư ă đ but only a
    few toned letters, so tones are combining marks after the base letter; with
    `decompose_tones=False` the few precomposed toned letters it has (à, á, é ...) are used."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if not decompose_tones:
            try:
                out += ch.encode("cp1258")
                continue
            except UnicodeEncodeError:
                pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
        out += (base + "".join(c for c in d if c in _TONES)).encode("cp1258")
    return bytes(out)


def no_diacritics(text: str) -> str:
    d = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c))


# ------------------------------------------------------------------------------------------------
# number styles
# ------------------------------------------------------------------------------------------------
def vn_int(n: int) -> str:
    """1234567 -> '1.234.567' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def vn_num(x: float | int) -> str:
    """Vietnamese number text: 1234.5 -> '1.234,5', 1234 -> '1.234'."""
    if float(x).is_integer():
        return vn_int(int(x))
    whole, frac = f"{x:.6f}".rstrip("0").split(".")
    return f"{vn_int(int(whole))},{frac}"


def in_unit(value_dong: int, factor: int) -> int | float:
    """A đồng amount written in a money unit: 82_500_000 in triệu -> 82.5."""
    q = value_dong / factor
    return int(q) if q.is_integer() else round(q, 6)


# ------------------------------------------------------------------------------------------------
# grids -> file bytes
# ------------------------------------------------------------------------------------------------
Merge = tuple[int, int, int, int]  # 0-based (row0, col0, row1, col1), inclusive


@dataclass
class Grid:
    """A sheet as rows of cell values plus merged ranges; 0-based coordinates."""

    rows: list[list] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    name: str = "Sheet1"
    cells: dict[str, str] = field(default_factory=dict)  # indicator code -> A1 of its value

    @classmethod
    def of(cls, *rows: Sequence, merges: Iterable[Merge] = (), name: str = "Tong hop") -> Grid:
        """A sheet written out row by row in a test; "Tong hop" is the usual summary sheet."""
        g = cls(name=name)
        for r in rows:
            g.add(*r)
        g.merges += list(merges)
        return g

    def add(self, *cells) -> int:
        self.rows.append(list(cells))
        return len(self.rows) - 1

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def find(self, value) -> tuple[int, int]:
        for r, row in enumerate(self.rows):
            for c, v in enumerate(row):
                if v == value:
                    return r, c
        raise KeyError(value)

    def map_text(self, fn) -> Grid:
        return Grid(
            [[fn(v) if isinstance(v, str) else v for v in row] for row in self.rows],
            list(self.merges),
            fn(self.name),
            dict(self.cells),
        )


def a1(r: int, c: int) -> str:
    s, c = "", c + 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return f"{s}{r + 1}"


def xlsx_bytes(*grids: Grid) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for g in grids:
        ws = wb.create_sheet(g.name)
        for r, row in enumerate(g.rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    ws.cell(row=r, column=c, value=v)
        for r0, c0, r1, c1 in g.merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xls_bytes(*grids: Grid) -> bytes:
    """Excel 97-2003 (.xls, BIFF8) through xlwt."""
    wb = xlwt.Workbook(encoding="utf-8")
    for g in grids:
        ws = wb.add_sheet(g.name[:31])
        merged_cells = set()
        for r0, c0, r1, c1 in g.merges:
            top = g.rows[r0][c0] if c0 < len(g.rows[r0]) else None
            ws.write_merge(r0, r1, c0, c1, top)
            merged_cells |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(g.rows):
            for c, v in enumerate(row):
                if v is not None and (r, c) not in merged_cells:
                    ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def text_table(grid: Grid, delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    width = grid.width
    for row in grid.rows:
        w.writerow(["" if v is None else v for v in row] + [""] * (width - len(row)))
    return buf.getvalue()


def csv_bytes(grid: Grid, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    """encoding: utf-8, utf-8-sig, utf-16 (LE with BOM), utf-16-le (no BOM), cp1258 (decomposed
    tones) or cp1258-nfc (precomposed where the code page has the letter)."""
    text = text_table(grid, delimiter)
    if encoding == "cp1258":
        return cp1258_bytes(text, decompose_tones=True)
    if encoding == "cp1258-nfc":
        return cp1258_bytes(text, decompose_tones=False)
    return text.encode(encoding)


def zip_bomb_bytes(member_size: int = 60 * 1024 * 1024) -> bytes:
    """A zip that looks like an .xlsx (right names) with one huge, highly compressible member."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open("xl/worksheets/sheet1.xml", "w") as f:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(member_size // len(chunk)):
                f.write(chunk)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------
# the report content: a mid-sized province's figures (đồng for money)
# ------------------------------------------------------------------------------------------------
EXPECTED: dict[str, int] = {
    "direction.documents": 12,
    "direction.inspections": 5,
    "ceremony.events": 18,
    "ceremony.attendees": 4_500,
    "outreach.banners": 1_234,
    "classes.life_skills.classes": 40,
    "classes.life_skills.learners": 1_200,
    "classes.language.classes": 25,
    "classes.language.learners": 850,
    "classes.digital.classes": 30,
    "classes.digital.learners": 2_150,
    "classes.online.classes": 9,
    "classes.online.learners": 610,
    "events.seminars.count": 7,
    "events.seminars.participants": 560,
    "funding.state_budget": 150_000_000,
    "funding.socialized": 82_500_000,
    "participants.total": 15_300,
}
MONEY_CODES = ("funding.state_budget", "funding.socialized")
MONEY_UNITS = {"đồng": 1, "nghìn đồng": 1_000, "triệu đồng": 1_000_000}

# Vertical layout: ("section", stt, label) | ("item", stt, label, unit, code)
#                  | ("parent", stt, label) | ("child", label, unit, code)
VERTICAL_LAYOUT: list[tuple] = [
    ("section", "I", "CÔNG TÁC CHỈ ĐẠO, TỔ CHỨC"),
    ("item", "1", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", "direction.documents"),
    ("item", "2", "Cuộc kiểm tra, giám sát", "cuộc", "direction.inspections"),
    ("section", "II", "LỄ KHAI MẠC, TUYÊN TRUYỀN"),
    ("item", "1", "Lễ khai mạc, phát động Tuần lễ", "lễ", "ceremony.events"),
    ("item", "2", "Người dự lễ khai mạc, phát động", "người", "ceremony.attendees"),
    ("item", "3", "Băng rôn, khẩu hiệu, pa-nô, áp phích", "cái", "outreach.banners"),
    ("section", "III", "CÁC LỚP HỌC"),
    ("parent", "1", "Lớp giáo dục kỹ năng sống"),
    ("child", "- Số lớp", "lớp", "classes.life_skills.classes"),
    ("child", "- Số lượt người học", "lượt người", "classes.life_skills.learners"),
    ("parent", "2", "Lớp ngoại ngữ"),
    ("child", "- Số lớp", "lớp", "classes.language.classes"),
    ("child", "- Số lượt người học", "lượt người", "classes.language.learners"),
    ("parent", "3", "Lớp kỹ năng số, tin học, khai thác Internet an toàn"),
    ("child", "- Số lớp", "lớp", "classes.digital.classes"),
    ("child", "- Số lượt người học", "lượt người", "classes.digital.learners"),
    ("parent", "4", "Trong đó: lớp học trực tuyến"),
    ("child", "- Số lớp", "lớp", "classes.online.classes"),
    ("child", "- Số lượt người học", "lượt người", "classes.online.learners"),
    ("section", "IV", "HOẠT ĐỘNG KHÁC"),
    ("parent", "1", "Hội thảo, tọa đàm, diễn đàn, giao lưu"),
    ("child", "- Số cuộc", "cuộc", "events.seminars.count"),
    ("child", "- Số lượt người tham gia", "lượt người", "events.seminars.participants"),
    ("section", "V", "KINH PHÍ TỔ CHỨC TUẦN LỄ"),
    ("item", "1", "Ngân sách nhà nước", "{money}", "funding.state_budget"),
    ("item", "2", "Doanh nghiệp, tổ chức, cá nhân và nguồn hợp pháp khác", "{money}", "funding.socialized"),
    ("section", "VI", "TỔNG SỐ LƯỢT NGƯỜI THAM GIA CÁC HOẠT ĐỘNG TUẦN LỄ"),
    ("item", "", "Tổng số lượt người tham gia các hoạt động Tuần lễ", "lượt người", "participants.total"),
]

TABLE_TITLE = "BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {year}"


def title_block(height: int, year: int | None, province_upper: str | None, issuer: str = "UBND TỈNH") -> list[list]:
    """Title rows of a report: issuing body, national motto, table title with the year, the
    attachment line; exactly `height` rows (0, 3, 8 ...). `None` leaves year / unit out."""
    title = TABLE_TITLE.format(year=year) if year else "BẢNG TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI"
    body = f"{issuer} {province_upper}" if province_upper else "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    if height == 0:
        return []
    if height <= 3:
        return ([[body], [title], []])[:height]
    full = [
        [body, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        [title],
        ["(Kèm theo Báo cáo số 215/BC-SGDĐT của Sở Giáo dục và Đào tạo)"],
        ["Đơn vị báo cáo: Sở Giáo dục và Đào tạo"],
        [],
    ]
    full += [[] for _ in range(height - len(full))]
    return full[:height]


def _money_cell(code: str, values: dict[str, int], factor: int):
    return in_unit(values[code], factor) if code in MONEY_CODES else values[code]


def vertical_grid(
    values: dict[str, int] | None = None,
    *,
    year: int | None = 2023,
    province_upper: str | None = "QUẢNG NAM",
    title_rows: int = 8,
    money_unit: str = "nghìn đồng",
    as_text: bool = False,
    overrides: dict[str, object] | None = None,
    sheet: str = "Bieu 1",
    layout: Sequence[tuple] = VERTICAL_LAYOUT,
    extra_title: Iterable[list] = (),
) -> Grid:
    """Shape (a): STT | Nội dung | Đơn vị tính | Số lượng | Ghi chú. `overrides` replaces the
    raw cell of an indicator (e.g. '-5', 'abc')."""
    values = dict(EXPECTED if values is None else values)
    factor = MONEY_UNITS[money_unit]
    overrides = overrides or {}
    g = Grid(name=sheet)
    for row in title_block(title_rows, year, province_upper):
        g.add(*row)
    for row in extra_title:
        g.add(*row)
    g.add("STT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú")
    for entry in layout:
        kind = entry[0]
        if kind == "section":
            g.add(entry[1], entry[2])
        elif kind == "parent":
            g.add(entry[1], entry[2])
        else:
            stt, label, unit, code = (
                (entry[1], entry[2], entry[3], entry[4]) if kind == "item" else ("", entry[1], entry[2], entry[3])
            )
            if code not in values and code not in overrides:
                continue
            unit = unit.format(money=money_unit)
            if code in overrides:
                raw = overrides[code]
            else:
                raw = _money_cell(code, values, factor)
                if as_text:
                    raw = vn_num(raw)
            r = g.add(stt, label, unit, raw, None)
            g.cells[code] = a1(r, 3)
    return g


def two_column_grid(
    values: dict[str, int] | None = None, *, year: int = 2023, province_upper: str = "QUẢNG NAM"
) -> Grid:
    """Shape (b): vertical, class rows carry count and people side by side."""
    v = dict(EXPECTED if values is None else values)
    g = Grid(name="Tong hop")
    for row in title_block(3, year, province_upper):
        g.add(*row)
    g.add("STT", "Nội dung", "Số lớp", "Số lượt người học", "Ghi chú")
    g.add("I", "CÁC LỚP HỌC")
    for i, (label, key) in enumerate(
        (
            ("Lớp giáo dục kỹ năng sống", "life_skills"),
            ("Lớp ngoại ngữ", "language"),
            ("Lớp kỹ năng số, tin học, khai thác Internet an toàn", "digital"),
            ("Trong đó: lớp học trực tuyến", "online"),
        ),
        1,
    ):
        g.add(str(i), label, v[f"classes.{key}.classes"], v[f"classes.{key}.learners"], None)
    return g


@dataclass
class WideColumn:
    group: str
    child: str | None  # None: the group header spans both header rows
    code: str


WIDE_COLUMNS = [
    WideColumn("Lễ khai mạc, phát động", "Số lễ", "ceremony.events"),
    WideColumn("Lễ khai mạc, phát động", "Số người dự", "ceremony.attendees"),
    WideColumn("Lớp giáo dục kỹ năng sống", "Số lớp", "classes.life_skills.classes"),
    WideColumn("Lớp giáo dục kỹ năng sống", "Lượt người học", "classes.life_skills.learners"),
    WideColumn("Lớp ngoại ngữ", "Số lớp", "classes.language.classes"),
    WideColumn("Lớp ngoại ngữ", "Lượt người học", "classes.language.learners"),
    WideColumn("Trong đó: lớp học trực tuyến", "Số lớp", "classes.online.classes"),
    WideColumn("Trong đó: lớp học trực tuyến", "Lượt người học", "classes.online.learners"),
    WideColumn("Kinh phí", "Ngân sách nhà nước", "funding.state_budget"),
    WideColumn("Kinh phí", "Xã hội hóa", "funding.socialized"),
    WideColumn("Tổng lượt người tham gia", None, "participants.total"),
]

# the same headers as people type them without diacritics, split over lines, abbreviated
WIDE_COLUMNS_ROUGH = [
    WideColumn("Le khai mac", "So\nle", "ceremony.events"),
    WideColumn("Le khai mac", "So nguoi\ndu", "ceremony.attendees"),
    WideColumn("Lop KNS", "So\nlop", "classes.life_skills.classes"),
    WideColumn("Lop KNS", "Luot nguoi\nhoc", "classes.life_skills.learners"),
    WideColumn("Lop ngoai ngu", "So\nlop", "classes.language.classes"),
    WideColumn("Lop ngoai ngu", "Luot nguoi\nhoc", "classes.language.learners"),
    WideColumn("Trong do: lop hoc truc tuyen", "So\nlop", "classes.online.classes"),
    WideColumn("Trong do: lop hoc truc tuyen", "Luot nguoi\nhoc", "classes.online.learners"),
    WideColumn("Kinh phi", "NSNN", "funding.state_budget"),
    WideColumn("Kinh phi", "XHH", "funding.socialized"),
    WideColumn("Tong luot nguoi\ntham gia", None, "participants.total"),
]


@dataclass
class WideTable:
    grid: Grid
    rows: dict[str, int]  # unit label -> grid row
    columns: dict[str, int]  # indicator code -> grid column
    total_row: int | None


def split_values(values: dict[str, int], n: int, codes: Iterable[str]) -> list[dict[str, int]]:
    """n rows of integers that add up exactly to `values` (money in multiples of 100.000 đồng,
    so that it reads '32,5' in triệu đồng)."""
    out = [dict() for _ in range(n)]
    for code in codes:
        total = values[code]
        step = 100_000 if code in MONEY_CODES else 1
        units = total // step
        weights = [(i * 7 + 3) % 11 + 1 for i in range(n)]
        parts = [units * w // sum(weights) for w in weights]
        parts[0] += units - sum(parts)
        for row, p in zip(out, parts):
            row[code] = p * step
    return out


def wide_grid(
    unit_rows: list[tuple[str, dict[str, int]]],
    *,
    year: int | None = 2023,
    issuer_line: str | None = "UBND THÀNH PHỐ HÀ NỘI",
    money_unit: str = "triệu đồng",
    statement: str | None = "Đơn vị tính kinh phí: {u}",
    total_label: str | None = "Tổng cộng",
    total_at_top: bool = False,
    total_values: dict[str, int] | None = None,
    spacer: bool = True,
    columns: Sequence[WideColumn] = WIDE_COLUMNS,
    unit_header: str = "Tên đơn vị",
    sheet: str = "Tong hop",
    title_rows: Sequence[str] | None = None,
    as_text: bool = False,
    overrides: dict[tuple[str, str], object] | None = None,
) -> WideTable:
    """Shape (c)/(d): title, two header rows (group merged over its sub-headers), one row per
    unit, a total row at the bottom or right under the header. A blank spacer column sits between
    the unit names and the numbers when `spacer`."""
    factor = MONEY_UNITS[money_unit]
    overrides = overrides or {}
    g = Grid(name=sheet)
    if title_rows is None:
        title_rows = [
            issuer_line or "",
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
            (
                TABLE_TITLE.format(year=year).replace("BẢNG ", "")
                if year
                else "TỔNG HỢP SỐ LIỆU TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI"
            ),
        ]
        if statement:
            title_rows.append(statement.format(u=money_unit))
    for t in title_rows:
        g.add(t)
    g.add()
    first_col = 3 if spacer else 2
    h1 = g.add("STT", unit_header, *([None] if spacer else []))
    h2 = g.add(None, None, *([None] if spacer else []))
    g.merges += [(h1, 0, h2, 0), (h1, 1, h2, 1)]
    columns_at: dict[str, int] = {}
    c = first_col
    i = 0
    while i < len(columns):
        col = columns[i]
        if col.child is None:
            g.rows[h1].append(col.group)
            g.rows[h2].append(None)
            g.merges.append((h1, c, h2, c))
            columns_at[col.code] = c
            c += 1
            i += 1
            continue
        j = i
        while j < len(columns) and columns[j].group == col.group and columns[j].child is not None:
            g.rows[h1].append(col.group if j == i else None)
            g.rows[h2].append(columns[j].child)
            columns_at[columns[j].code] = c + (j - i)
            j += 1
        if j - i > 1:
            g.merges.append((h1, c, h1, c + (j - i) - 1))
        c += j - i
        i = j

    def cells(label, stt, vals):
        row = [stt, label] + ([None] if spacer else [])
        for col in columns:
            if col.code not in vals and (label, col.code) not in overrides:
                row.append(None)
                continue
            if (label, col.code) in overrides:
                row.append(overrides[(label, col.code)])
                continue
            x = in_unit(vals[col.code], factor) if col.code in MONEY_CODES else vals[col.code]
            row.append(vn_num(x) if as_text else x)
        return row

    rows: dict[str, int] = {}
    total_row = None
    codes = [col.code for col in columns]
    totals = total_values or {code: sum(v.get(code, 0) for _, v in unit_rows) for code in codes}
    if total_label and total_at_top:
        total_row = g.add(*cells(total_label, None, totals))
    for k, (name, vals) in enumerate(unit_rows, 1):
        rows[name] = g.add(*cells(name, k, vals))
    if total_label and not total_at_top:
        total_row = g.add(*cells(total_label, None, totals))
    return WideTable(g, rows, columns_at, total_row)


def sub_unit_rows(
    names: Sequence[str], values: dict[str, int] | None = None, codes: Iterable[str] | None = None
) -> list[tuple[str, dict[str, int]]]:
    v = dict(EXPECTED if values is None else values)
    codes = list(codes or (c.code for c in WIDE_COLUMNS))
    parts = split_values(v, len(names), codes)
    return list(zip(names, parts))


# ------------------------------------------------------------------------------------------------
# variants nobody sent yet (robustness): built from the shapes above
# ------------------------------------------------------------------------------------------------
def long_title_vertical(header_row: int = 11, **kw) -> Grid:
    """A vertical form whose header sits in row `header_row` (0-based) under a long title block
    of full sentences (several words per row, as in an official letter)."""
    extra = [
        ["Căn cứ Kế hoạch số 123/KH-BGDĐT ngày 15/8/2023 của Bộ Giáo dục và Đào tạo về tổ chức Tuần lễ"],
        ["Sở Giáo dục và Đào tạo báo cáo kết quả tổ chức Tuần lễ như sau:", None, "(số liệu tính đến 31/10)"],
        ["Ghi chú: số liệu do các phòng, ban tổng hợp", None, "Người tổng hợp: Nguyễn Văn A"],
    ]
    g = vertical_grid(title_rows=8, extra_title=extra, **kw)
    top = g.rows.index(["STT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú"])
    pad = header_row - top
    if pad > 0:
        for _ in range(pad):
            g.rows.insert(top, [])
        g.cells = {k: _shift(v, pad) for k, v in g.cells.items()}
    return g


def _shift(cell: str, rows: int) -> str:
    col = "".join(ch for ch in cell if ch.isalpha())
    return f"{col}{int(cell[len(col) :]) + rows}"


def shifted_columns(g: Grid, numbering: bool = True) -> Grid:
    """The same form with the labels in column C: section numbers (I, II) in A, item numbers
    in B."""
    out = Grid(name=g.name)
    for row in g.rows:
        if row[:2] == ["STT", "Nội dung"]:
            out.add("Mục", "TT", *row[1:])
        elif (
            len(row) >= 2
            and isinstance(row[0], str)
            and row[0] in ("I", "II", "III", "IV", "V", "VI")
            and len(row) == 2
        ):
            out.add(row[0], None, row[1])
        elif row:
            out.add(None, row[0] if numbering else None, *row[1:])
        else:
            out.add()
    out.cells = {k: _shift_col(v) for k, v in g.cells.items()}
    return out


def _shift_col(cell: str) -> str:
    col = "".join(ch for ch in cell if ch.isalpha())
    return f"{chr(ord(col) + 1)}{cell[len(col) :]}"
