"""Issue 16 (part A): hostile files the reader must refuse in Vietnamese, without letting the
parser near them: a zip bomb with forged size fields (peak memory measured in a child process)
and password-protected workbooks; and what a broken file is called."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from hostile_files import SHEET, encrypted_ods, encrypted_xlsx, filepass_xls, forged_bomb_xlsx, good_xlsx

from etl.extract import analyse
from etl.load import load_analysis
from warehouse.db import connect

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = re.compile(r"\b(cannot|detect|format|error|file|invalid|password|zip)\b", re.I)

# A child process that reads one file the way the loader does and prints the refusal's code and
# its peak resident memory (KiB). RLIMIT_AS keeps a regression from taking the machine's memory.
CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))
from etl.read import ReadError, read_bytes
def peak_kib():  # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0])
data = open(sys.argv[1], "rb").read()
try:
    read_bytes("2023_QuangNam.xlsx", data)
    code = "read"
except ReadError as exc:
    code = exc.problem.code
print(code, peak_kib())
"""


def refused(name: str, data: bytes, code: str, db: Path):
    an = analyse(name, data)
    assert [p.code for p in an.errors] == [code], an.problems
    problem = an.errors[0]
    assert problem.file == name and not ENGLISH.search(problem.message + " " + (problem.hint or "")), problem
    con = connect(db)
    try:
        res = load_analysis(con, an)
        assert res.status == "rejected" and con.execute("select count(*) from observations").fetchone()[0] == 0
    finally:
        con.close()
    return problem


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    path.write_bytes(forged_bomb_xlsx(1024))
    return path


def test_forged_bomb_is_what_the_issue_describes(bomb):
    """A few MB on disk, sizes in both headers patched to just above the compressed size, yet the
    sheet inflates to 1 GB (checked on a smaller twin made the same way)."""
    data = bomb.read_bytes()
    assert 1e6 < len(data) < 4e6  # 2,7 MB: rows of cells pack about 400 to 1
    info = zipfile.ZipFile(bomb).getinfo(SHEET)
    assert info.file_size == info.compress_size + 1
    twin = forged_bomb_xlsx(8)
    info = zipfile.ZipFile(io.BytesIO(twin)).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename)
    assert len(zlib.decompress(twin[start : start + info.compress_size], -15)) > 8 * 1024 * 1024


def test_forged_bomb_is_refused_with_bounded_memory(bomb):
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(bomb)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    code, peak_kib = out.stdout.split()
    assert code == "file.zip_bomb"
    assert int(peak_kib) < 250 * 1024, f"peak {int(peak_kib) / 1024:.0f} MB"  # the sheet alone is 1024 MB


def test_forged_bomb_through_the_loader(bomb, empty_db):
    p = refused("2023_QuangNam.xlsx", bomb.read_bytes(), "file.zip_bomb", empty_db)
    assert "sheet1.xml" in p.message


def test_the_streaming_check_lets_real_files_through():
    assert analyse("2023_QuangNam.xlsx", good_xlsx()).ok


@pytest.mark.parametrize(
    "name, make",
    [("2023_QuangNam.xlsx", encrypted_xlsx), ("2023_QuangNam.xls", filepass_xls), ("2023_QuangNam.ods", encrypted_ods)],
)
def test_password_protected_workbooks(name, make, empty_db):
    p = refused(name, make(), "file.password_protected", empty_db)
    assert p.message == "Tệp được đặt mật khẩu: mở bằng Excel, bỏ mật khẩu rồi gửi lại."


def test_unpassworded_xls_is_not_taken_for_protected():
    from fixtures_factory import vertical_grid, xls_bytes

    assert analyse("2023_QuangNam.xls", xls_bytes(vertical_grid(year=2023, province_upper="QUẢNG NAM"))).ok


@pytest.mark.parametrize(
    "name, data",
    [
        ("2023_QuangNam.xlsx", b"this is not a workbook at all" * 10),
        ("2023_QuangNam.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        ("2023_QuangNam.ods", b"PK\x05\x06" + b"\0" * 18),
    ],
)
def test_unreadable_workbook_is_named_in_vietnamese(name, data, empty_db):
    """Not calamine's "Cannot detect file format": the reader says what is wrong in Vietnamese."""
    p = refused(name, data, "file.corrupt", empty_db)
    assert "Cannot" not in p.message
