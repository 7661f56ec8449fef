"""Loader benchmarks: files per second for a national year and a 10-year national backfill, and the
cost of loading a file against reading it bare with calamine.

    .venv/bin/python benchmarks/bench_load.py [--years 2016-2025]

Targets (issue 2): loading a file costs at most 10x reading it bare; a 10-year national backfill
(every province, every year) loads in under 10 s on a 2-core machine. Prints a Markdown table
and writes it to benchmarks/results/load.md."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from python_calamine import CalamineWorkbook  # noqa: E402

from etl.demo_files import write_demo_submissions  # noqa: E402
from etl.encodings import decode_bytes  # noqa: E402
from etl.load import load_file  # noqa: E402
from warehouse.db import connect  # noqa: E402


def bare_read(path: Path) -> None:
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        decode_bytes(path.read_bytes())
        return
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()


def per_file_costs(files: list[Path], db: Path) -> tuple[list[float], list[float]]:
    con = connect(db)
    reads, loads = [], []
    for f in files:
        t = time.perf_counter()
        bare_read(f)
        reads.append(time.perf_counter() - t)
        t = time.perf_counter()
        res = load_file(con, f)
        loads.append(time.perf_counter() - t)
        assert res.ok, (f, [p.render() for p in res.analysis.errors])
    con.close()
    return reads, loads


def cli_load(folder: Path, db: Path) -> float:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "etl", "load", str(folder), "--db", str(db), "--quiet"],
                       cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(r.stdout[-2000:] + r.stderr[-2000:])
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", default="2016-2025")
    args = ap.parse_args()
    a, b = map(int, args.years.split("-"))
    tmp = Path(tempfile.mkdtemp(prefix="llw-bench-"))
    year_dir, backfill_dir = tmp / "year", tmp / "backfill"
    year_files = write_demo_submissions(year_dir, years=[2024])
    backfill_files = write_demo_submissions(backfill_dir, years=range(a, b + 1))
    for d in (year_dir, backfill_dir):
        (d / "expected.csv").unlink(missing_ok=True)

    reads, loads = per_file_costs(year_files, tmp / "per_file.duckdb")
    ratios = sorted(lo / max(rd, 1e-9) for rd, lo in zip(reads, loads))
    year_s = cli_load(year_dir, tmp / "year.duckdb")
    back_s = cli_load(backfill_dir, tmp / "backfill.duckdb")
    n_year, n_back = len(year_files), len(backfill_files)
    rows = [
        ("National year (2024, every province)", f"{n_year} files", f"{year_s:.2f} s", f"{n_year / year_s:.0f} files/s"),
        (f"National backfill {a}–{b}", f"{n_back} files", f"{back_s:.2f} s", f"{n_back / back_s:.0f} files/s"),
    ]
    out = ["| run | files | wall time (CLI, one process) | throughput |", "|---|---|---|---|"]
    out += [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |" for r in rows]
    out += ["", "| per file (2024 national year) | median | p90 | max |", "|---|---|---|---|",
            f"| calamine bare read | {statistics.median(reads) * 1000:.1f} ms | "
            f"{sorted(reads)[int(0.9 * len(reads))] * 1000:.1f} ms | {max(reads) * 1000:.1f} ms |",
            f"| full load (analyse + validate + write) | {statistics.median(loads) * 1000:.1f} ms | "
            f"{sorted(loads)[int(0.9 * len(loads))] * 1000:.1f} ms | {max(loads) * 1000:.1f} ms |",
            f"| load / bare read ratio | {statistics.median(ratios):.1f}× | {ratios[int(0.9 * len(ratios))]:.1f}× | "
            f"{ratios[-1]:.1f}× |"]
    text = "\n".join(out)
    print(text)
    res = ROOT / "benchmarks" / "results"
    res.mkdir(exist_ok=True)
    (res / "load.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
