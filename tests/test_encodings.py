"""Legacy Vietnamese fonts (TCVN3, VNI) and the byte encodings of text files."""

import codecs
import unicodedata

import pytest
from fixtures_factory import Grid, cp1258_bytes, to_tcvn3, to_vni, xls_bytes, xlsx_bytes

from etl.encodings import convert, decode_bytes, fix_legacy, from_tcvn3, from_vni, legacy_kind
from etl.read import read_bytes

WORDS = [
    "Hà Nội",
    "Số lớp",
    "Số lượt người học",
    "Lớp kỹ năng sống",
    "Lớp ngoại ngữ",
    "Lớp xóa mù chữ",
    "Kinh phí ngân sách nhà nước",
    "Trong đó: lớp học trực tuyến",
    "Tuần lễ hưởng ứng học tập suốt đời",
    "Bảng tổng hợp số liệu năm 2023",
    "Văn bản chỉ đạo, kế hoạch đã ban hành",
    "Người dự lễ khai mạc",
    "Tổng cộng",
    "UBND TỈNH LÀO CAI",
    "Đà Nẵng",
    "Quảng Nam",
    "Thừa Thiên Huế",
    "Bà Rịa - Vũng Tàu",
    "Tỉnh Yên Bái",
    "Lượt bạn đọc",
]


def test_encoders_produce_the_garbled_text_people_see():
    assert to_tcvn3("Hà Nội") == "Hµ Néi"
    assert to_vni("Hà Nội") == "Haø Noäi"
    assert to_tcvn3("Số lớp") == "Sè líp"


@pytest.mark.parametrize("word", WORDS)
def test_tcvn3_word(word):
    legacy = to_tcvn3(word)
    assert legacy != word
    assert legacy_kind(legacy) == "tcvn3"
    assert from_tcvn3(legacy) == word
    assert fix_legacy(legacy) == (word, "tcvn3")


@pytest.mark.parametrize("word", WORDS)
def test_vni_word(word):
    legacy = to_vni(word)
    assert legacy != word
    assert legacy_kind(legacy) == "vni"
    assert from_vni(legacy) == word
    assert fix_legacy(legacy) == (word, "vni")


@pytest.mark.parametrize("kind,encode", [("tcvn3", to_tcvn3), ("vni", to_vni)])
def test_convert_dispatches_on_kind(kind, encode):
    assert convert(encode("Lớp ngoại ngữ"), kind) == "Lớp ngoại ngữ"
    assert convert("Lớp ngoại ngữ", None) == "Lớp ngoại ngữ"


def test_ambiguous_cell_follows_the_sheet_majority():
    # 'Ghi chó' is plausible Unicode on its own; in a TCVN3 sheet it is 'Ghi chú'
    assert legacy_kind(to_tcvn3("Ghi chú")) is None
    assert fix_legacy(to_tcvn3("Ghi chú"), "tcvn3") == ("Ghi chú", "tcvn3")


@pytest.mark.parametrize("name", ["Gia Lộc", "Thanh Miện", "Kim Thành"])
def test_a_bare_place_name_in_a_tcvn3_list_is_read_as_the_place(name):
    # 'Gia Léc' is a plausible syllable too: knowing the place names decides, in a TCVN3 sheet
    assert fix_legacy(to_tcvn3(name), "tcvn3") == (name, "tcvn3")
    assert fix_legacy(name, "tcvn3")[0] == name  # typed in Unicode inside that sheet: kept


def test_vni_name_outside_the_syllable_rules_follows_the_sheet():
    # 'Đắk' ends in k, outside the native syllable pattern: the sheet's VNI majority decides
    assert fix_legacy(to_vni("Đắk Lắk"), "vni") == ("Đắk Lắk", "vni")


@pytest.mark.parametrize("word", ["HỌC TẬP", "CỘNG HÒA", "UBND TỈNH QUẢNG NAM", "HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI"])
def test_tcvn3_upper_case_font(word):
    # .VnTimeH capitals reuse lower-case codes; the converter restores the capitals
    assert from_tcvn3(to_tcvn3(word)) == word


@pytest.mark.parametrize("word", ["SỐ LIỆU", "SỞ GIÁO DỤC", "BỘ GIÁO DỤC", "KẾ HOẠCH", "TUẦN LỄ"])
def test_tcvn3_two_letter_capital_words(word):
    assert from_tcvn3(to_tcvn3(word)) == word


UNICODE_CELLS = [
    "Hà Nội",
    "Cà Mau",
    "Tây Ninh",
    "Ghi chú",
    "Kinh phí",
    "Tin học",
    "Lào Cai",
    "Cầu Giấy",
    "Hòa Bình",
    "Phú Thọ",
    "Ý Yên",
    "Ba Vì",
    "Tổng cộng",
    "Đơn vị tính",
]


@pytest.mark.parametrize("text", UNICODE_CELLS)
@pytest.mark.parametrize("sheet_kind", [None, "tcvn3", "vni"])
def test_unicode_cells_are_left_alone(text, sheet_kind):
    assert legacy_kind(text) is None
    assert fix_legacy(text, sheet_kind) == (text, None)


def _mixed_grid(encode) -> tuple[Grid, Grid]:
    """A sheet typed in a legacy font, with a few cells typed later in Unicode."""
    unicode_cells = {(0, 0): "UBND TỈNH LÀO CAI", (3, 4): "Ghi chú", (5, 4): "Cà Mau", (6, 4): "Tây Ninh"}
    expected = Grid(
        [
            ["UBND TỈNH LÀO CAI"],
            ["Bảng tổng hợp số liệu Tuần lễ hưởng ứng học tập suốt đời năm 2022"],
            [],
            ["STT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú"],
            ["1", "Văn bản chỉ đạo, kế hoạch đã ban hành", "văn bản", 12, None],
            ["2", "Lớp kỹ năng sống", "lớp", 40, "Cà Mau"],
            ["3", "Số lượt người học", "lượt người", 1200, "Tây Ninh"],
            ["4", "Kinh phí ngân sách nhà nước", "nghìn đồng", 150000, None],
        ],
        name="Bieu",
    )
    legacy = Grid(
        [
            [v if (r, c) in unicode_cells or not isinstance(v, str) else encode(v) for c, v in enumerate(row)]
            for r, row in enumerate(expected.rows)
        ],
        name="Bieu",
    )
    return legacy, expected


@pytest.mark.parametrize("kind,encode", [("tcvn3", to_tcvn3), ("vni", to_vni)])
@pytest.mark.parametrize("writer,suffix", [(xlsx_bytes, ".xlsx"), (xls_bytes, ".xls")])
def test_mixed_sheet_converted_cell_by_cell(kind, encode, writer, suffix):
    legacy, expected = _mixed_grid(encode)
    assert legacy.rows[4][1] != expected.rows[4][1]
    sheet = read_bytes("bieu" + suffix, writer(legacy)).sheets[0]
    assert sheet.legacy == kind
    for r, row in enumerate(expected.rows):
        for c, want in enumerate(row):
            got = sheet.cell(r, c)
            if isinstance(want, str):
                assert got == want, (r, c)
            elif want is not None:
                assert got == pytest.approx(want)


def test_pure_unicode_sheet_is_not_marked_legacy():
    _, expected = _mixed_grid(to_tcvn3)
    sheet = read_bytes("bieu.xlsx", xlsx_bytes(expected)).sheets[0]
    assert sheet.legacy is None
    assert sheet.cell(5, 1) == "Lớp kỹ năng sống"


# ------------------------------------------------------------------------------ bytes of text files
TEXT = (
    "STT,Nội dung,Số lượng\r\n1,Lớp kỹ năng sống: số lớp,12\r\n2,Số lượt người học,340\r\n"
    "3,Kinh phí ngân sách nhà nước,1.500\r\nUBND TỈNH QUẢNG NAM NĂM 2023 Đà Nẵng Hà Nội Tổng cộng\r\n"
)


@pytest.mark.parametrize(
    "data,encoding",
    [
        (TEXT.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8 (BOM)"),
        (unicodedata.normalize("NFD", TEXT).encode("utf-8"), "UTF-8"),
        (TEXT.encode("utf-16"), "UTF-16"),  # little-endian with BOM on this platform
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "UTF-16"),
        (TEXT.encode("utf-16-le"), "UTF-16"),  # no BOM
        (TEXT.encode("utf-16-be"), "UTF-16"),  # no BOM
        (cp1258_bytes(TEXT, decompose_tones=True), "Windows-1258"),
        (cp1258_bytes(TEXT, decompose_tones=False), "Windows-1258"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf8-nfd",
        "utf16",
        "utf16le-bom",
        "utf16le-nobom",
        "utf16be-nobom",
        "cp1258-decomposed",
        "cp1258-precomposed",
    ],
)
def test_decode_bytes(data, encoding):
    text, name = decode_bytes(data)
    assert name == encoding
    assert unicodedata.normalize("NFC", text) == TEXT


def test_cp1258_fixture_really_uses_combining_tones():
    data = cp1258_bytes("Hà Nội", decompose_tones=True)
    assert data == b"Ha\xcc N\xf4\xf2i"  # a + U+0300 (0xCC), ô + U+0323 (0xF2)
    assert cp1258_bytes("Hà", decompose_tones=False) == b"H\xe0"


def test_windows_1258_text_comes_out_nfc():
    text, _ = decode_bytes(cp1258_bytes(TEXT, decompose_tones=True))
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("kind,encode", [("TCVN3", to_tcvn3), ("VNI", to_vni)])
def test_legacy_font_text_file(kind, encode):
    text, name = decode_bytes(encode(TEXT).encode("latin-1"))
    assert name == kind
    assert text.splitlines() == TEXT.splitlines()


def _viscii(text: str) -> bytes:
    from variations.writers_formats import viscii_bytes

    return viscii_bytes(text)


def test_viscii_text_file():
    """VISCII puts letters on 0x80-0xFF and on six control bytes; 'Ầ' is 0x85, which
    str.splitlines takes for a line end (NEL): a line must not be cut there."""
    text = TEXT + "\nTUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024\nXã Khánh Hòa,Lớp kỹ năng sống,12"
    data = _viscii(text)
    assert b"\x85" in data  # the Ầ of TUẦN
    decoded, name = decode_bytes(data)
    assert name == "VISCII"
    assert decoded.split("\n") == text.split("\n")


@pytest.mark.parametrize("decompose", [True, False])
def test_windows_1258_is_not_taken_for_viscii(decompose):
    text, name = decode_bytes(cp1258_bytes(TEXT, decompose_tones=decompose))
    assert name == "Windows-1258" and unicodedata.normalize("NFC", text) == TEXT


def test_viscii_table_agrees_with_iconv():
    """The loader's VISCII table against the system's iconv (glibc's VISCII, RFC 1456)."""
    import shutil
    import subprocess

    from etl.encodings import from_viscii

    if not shutil.which("iconv"):
        pytest.skip("iconv is not installed")
    high = bytes(range(0x80, 0x100)) + bytes([0x02, 0x05, 0x06, 0x14, 0x19, 0x1E])
    want = subprocess.run(["iconv", "-f", "VISCII", "-t", "UTF-8"], input=high, capture_output=True, check=True)
    assert from_viscii(high) == want.stdout.decode("utf-8")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_decomposed_cells_are_read_composed(suffix):
    """Text pasted from a Mac or a web page keeps its tones as separate marks (NFD); the reader
    hands every cell on composed, so names and labels compare as typed."""
    rows = [["STT", "Tên đơn vị", "Lớp kỹ năng sống"], [1, "Phòng GD&ĐT huyện Vũ Thư", 12]]
    grid = Grid(rows=[[unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in r] for r in rows])
    data = (
        xlsx_bytes(grid)
        if suffix == ".xlsx"
        else unicodedata.normalize("NFD", "\n".join(",".join(str(v) for v in r) for r in rows)).encode("utf-8")
    )
    sheet = read_bytes("bao_cao" + suffix, data).sheets[0]
    texts = [v for r in sheet.rows for v in r if isinstance(v, str) and not v.isdigit()]
    assert texts == ["STT", "Tên đơn vị", "Lớp kỹ năng sống", "Phòng GD&ĐT huyện Vũ Thư"]


def test_spaces_pasted_from_the_web_read_as_they_look():
    """No-break spaces and zero-width characters (text pasted from a web page) are read as the
    officer sees them: a 'triệu\\u00a0đồng' or 'triệu\\u200b đồng' ĐVT still names its money unit."""
    from etl.numbers import money_factor

    rows = [
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Kinh phí\u00a0từ ngân sách", "triệu\u200b đồng", "1\u00a0234"],
    ]
    sheet = read_bytes("bao_cao.xlsx", xlsx_bytes(Grid(rows=rows))).sheets[0]
    assert sheet.rows[1][1:] == ["Kinh phí từ ngân sách", "triệu đồng", "1 234"]
    assert money_factor(sheet.rows[1][2]) == 1_000_000


def test_the_dong_sign_after_an_amount_in_a_vni_sheet():
    """'850.000 đ' typed in VNI-Times is '850.000 ñ', which TCVN3 would read 'ủ': in a VNI sheet
    the đồng sign wins (it loaded nothing and asked for the amount's unit)."""
    assert fix_legacy(to_vni("850.000 đ"), "vni") == ("850.000 đ", "vni")
    assert fix_legacy(to_tcvn3("Củ Chi"), "tcvn3") == ("Củ Chi", "tcvn3")


def test_a_sheet_typed_in_vni_throughout_reads_its_ambiguous_names_in_vni():
    """'Ba Tô' is VNI for the district Ba Tơ and also a Unicode name: in a sheet with no letter
    only Unicode has, every cell was typed in the font (read as Ba Tô, a commune's name, its
    values loaded for another unit)."""
    names = ["Bình Sơn", "Trà Bồng", "Đức Phổ", "Ba Tơ"]
    rows = [["STT", "Tên đơn vị", "Số lớp"]] + [[i, n, i] for i, n in enumerate(names, 1)]
    vni = [[to_vni(v) if isinstance(v, str) else v for v in r] for r in rows]
    sheet = read_bytes("bao_cao.xlsx", xlsx_bytes(Grid(rows=vni))).sheets[0]
    assert [r[1] for r in sheet.rows[1:]] == names
    mixed = vni + [[5, "Huyện Sơn Hà", 1]]  # one cell typed in Unicode ('ơ'): not the font throughout
    sheet = read_bytes("bao_cao.xlsx", xlsx_bytes(Grid(rows=mixed))).sheets[0]
    assert sheet.rows[4][1] == "Ba Tô"
