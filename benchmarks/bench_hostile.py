"""Peak memory and time of refusing hostile files (issue 16): each file is read by a fresh child
process, as the loader reads it (etl.read.read_bytes), which prints the refusal's code, its
peak resident memory and the time the read took. A clean report file is measured the same way
for comparison, and the cost of the streaming size check on clean files is timed on its own.

    .venv/bin/python benchmarks/bench_hostile.py"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fixtures_factory import zip_bomb_bytes  # noqa: E402
from hostile_files import encrypted_xlsx, forged_bomb_xlsx, good_xlsx  # noqa: E402

CHILD = """
import sys, time
from etl.read import ReadError, read_bytes
def peak_kib():  # VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0])
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    read_bytes("2023_QuangNam.xlsx", data)
    code = "nhận"
except ReadError as exc:
    code = exc.problem.code
took = time.perf_counter() - start
print(code, peak_kib(), took)
"""


def measure(path: Path) -> tuple[str, float, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True, text=True, check=True)
    code, kib, took = out.stdout.split()
    return code, int(kib) / 1024, float(took)


def main() -> None:
    files = {
        "báo cáo bình thường (.xlsx)": good_xlsx(),
        "bom khai man kích thước (1 GB khi giải nén)": forged_bomb_xlsx(1024),
        "bom giải nén thường (60 MB)": zip_bomb_bytes(),
        "tệp có mật khẩu (.xlsx mã hóa)": encrypted_xlsx(),
    }
    print("| tệp | kích thước | kết quả | bộ nhớ đỉnh (RSS) | thời gian đọc |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, data in files.items():
            path = Path(tmp) / "f.xlsx"
            path.write_bytes(data)
            runs = [measure(path) for _ in range(3)]
            code = runs[0][0]
            peak = max(r[1] for r in runs)
            took = statistics.median(r[2] for r in runs)
            print(f"| {label} | {len(data) / 1e6:.2f} MB | {code} | {peak:.0f} MB | {took * 1000:.0f} ms |")

    import io
    import zipfile

    from etl.read import _check_inflated_sizes

    data = good_xlsx()
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    n = 2000
    best = []
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            _check_inflated_sizes("f.xlsx", data, infos)
        best.append((time.perf_counter() - start) / n)
    size = f"{len(data) / 1e3:.0f} KB"
    print(f"\nkiểm tra kích thước giải nén trên báo cáo bình thường ({size}): {min(best) * 1e3:.3f} ms/tệp")


if __name__ == "__main__":
    main()
