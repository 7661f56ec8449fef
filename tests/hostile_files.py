"""Hostile workbooks made on the spot for tests and benchmarks (issue 16): a zip bomb whose size
fields are forged, and password-protected workbooks (.xlsx, .xls, .ods)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from fixtures_factory import vertical_grid, xls_bytes, xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"


def good_xlsx() -> bytes:
    return xlsx_bytes(vertical_grid(year=2023, province_upper="QUẢNG NAM"))


def forged_bomb_xlsx(inflated_mb: int = 1024) -> bytes:
    """A real .xlsx whose first sheet inflates to `inflated_mb` MB of rows from ~1 KB per MB, with
    the uncompressed size in its local and central headers patched to one byte above the
    compressed size, so ratio and sum-of-sizes checks on the headers see nothing unusual.

    The deflate stream is made without inflating anything: after a full flush zlib starts afresh,
    so the compressed bytes of one 1 MB piece of rows can be repeated."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    row = b'<row><c t="n"><v>1</v></c></row>'
    piece = row * (1024 * 1024 // len(row))
    tail = b"</sheetData></worksheet>"
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_head = z.compress(head) + z.flush(zlib.Z_FULL_FLUSH)
    packed_piece = z.compress(piece) + z.flush(zlib.Z_FULL_FLUSH)
    packed = packed_head + packed_piece * inflated_mb + z.compress(tail) + z.flush()
    crc = zlib.crc32(head)
    for _ in range(inflated_mb):
        crc = zlib.crc32(piece, crc)
    crc = zlib.crc32(tail, crc)
    src = zipfile.ZipFile(io.BytesIO(good_xlsx()))
    members = []
    for info in src.infolist():
        if info.filename == SHEET:
            members.append((SHEET, zipfile.ZIP_DEFLATED, crc, packed, len(packed) + 1))
        else:
            body = src.read(info)
            z = zlib.compressobj(6, zlib.DEFLATED, -15)
            members.append(
                (info.filename, zipfile.ZIP_DEFLATED, zlib.crc32(body), z.compress(body) + z.flush(), len(body))
            )
    return _zip(members)


def _zip(members: list[tuple[str, int, int, bytes, int]]) -> bytes:
    """A zip archive from (name, method, crc, compressed bytes, size to declare), written by hand
    because zipfile always declares the true size."""
    out = io.BytesIO()
    central = []
    for name, method, crc, packed, declared in members:
        n = name.encode()
        offset = out.tell()
        out.write(
            struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(packed), declared, len(n), 0)
        )
        out.write(n + packed)
        central.append(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(packed),
                declared,
                len(n),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + n
        )
    start = out.tell()
    out.write(b"".join(central))
    size = out.tell() - start
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


def encrypted_xlsx(password: str = "matkhau") -> bytes:
    """The report saved from Excel with "Encrypt with password": an OLE compound file holding
    EncryptionInfo and EncryptedPackage (agile encryption, made by msoffcrypto-tool)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(good_xlsx())).encrypt(password, out)
    return out.getvalue()


def filepass_xls() -> bytes:
    """An .xls whose workbook globals begin with a FILEPASS record (XOR obfuscation), as Excel
    writes when a password is set: the first records after BOF (INTERFACEHDR, MMS, INTERFACEEND;
    16 bytes) are replaced by FILEPASS and INTERFACEHDR (16 bytes), so the stream keeps its size."""
    import olefile

    data = io.BytesIO(xls_bytes(vertical_grid(year=2023, province_upper="QUẢNG NAM")))
    ole = olefile.OleFileIO(data, write_mode=True)
    stream = bytearray(ole.openstream("Workbook").read())
    bof_end = 4 + struct.unpack_from("<H", stream, 2)[0]
    kinds = [struct.unpack_from("<H", stream, p)[0] for p in (bof_end, bof_end + 6, bof_end + 12)]
    assert kinds == [0xE1, 0xC1, 0xE2], kinds
    codepage = stream[bof_end + 4 : bof_end + 6]
    stream[bof_end : bof_end + 16] = (
        struct.pack("<HHHHH", 0x2F, 6, 0, 0x1234, 0x5678) + struct.pack("<HH", 0xE1, 2) + codepage
    )
    ole.write_stream("Workbook", bytes(stream))
    ole.close()
    return data.getvalue()


def encrypted_ods() -> bytes:
    """An OpenDocument spreadsheet saved with a password: content.xml stored encrypted, and the
    manifest's entry for it carrying manifest:encryption-data."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="900">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
        '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:iteration-count="1024" '
        'manifest:salt="AAAA"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("content.xml"), bytes(range(256)) * 4)
    return out.getvalue()
