"""Loader benchmarks: files per second for a national year and a 10-year national backfill, and the
cost of loading a file against reading it bare with calamine.

    .venv/bin/python benchmarks/bench_load.py [--years 2016-2025]

Targets (issue 2): loading a file costs at most 10x reading it bare; a 10-year national backfill
(every province, every year) loads in under 10 s on a 2-core machine. Prints a Markdown table
and writes it to benchmarks/results/load.md."""

from __future__ import annotations

import argparse
import os
import resource
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
from etl.extract import analyse  # noqa: E402
from etl.load import load_analysis, load_file, read_known  # noqa: E402
from etl.validate import validate  # noqa: E402
from warehouse.db import connect  # noqa: E402


def bare_read(path: Path) -> None:
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        decode_bytes(path.read_bytes())
        return
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()


def per_file_costs(files: list[Path], db: Path, clock=time.perf_counter) -> tuple[list[float], list[float]]:
    """Bare calamine read vs the full `load_file` (read, analyse, validate, write), same file,
    same process, one after the other. `clock`: wall time, or process CPU time (DuckDB's
    threads included), which other work on the machine disturbs less."""
    con = connect(db)
    reads, loads = [], []
    for f in files:
        t = clock()
        bare_read(f)
        reads.append(clock() - t)
        t = clock()
        res = load_file(con, f)
        loads.append(clock() - t)
        assert res.ok, (f, [p.render() for p in res.analysis.errors])
    con.close()
    return reads, loads


def breakdown(files: list[Path], db: Path) -> dict[str, list[float]]:
    """Where a file's load goes: analysis (read + tables + labels + units + numbers), the
    warehouse read before it (last year's values), and the write transaction."""
    con = connect(db)
    out: dict[str, list[float]] = {"analyse": [], "warehouse read + validate": [], "write (one transaction)": []}
    for f in files:
        t0 = time.perf_counter()
        an = analyse(f.name, f.read_bytes())
        t1 = time.perf_counter()
        known = read_known(con, an)
        validate(an, known.previous)
        t2 = time.perf_counter()
        load_analysis(con, an, known=known)
        t3 = time.perf_counter()
        out["analyse"].append(t1 - t0)
        out["warehouse read + validate"].append(t2 - t1)
        out["write (one transaction)"].append(t3 - t2)
    con.close()
    return out


def cli_load(folder: Path, db: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the CLI and its analysis workers) of one `etl load`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "etl", "load", str(folder), "--db", str(db), "--quiet"],
                       cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(r.stdout[-2000:] + r.stderr[-2000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


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

    load_before = os.getloadavg()[0]
    reads, loads = per_file_costs(year_files, tmp / "per_file.duckdb")
    cpu_reads, cpu_loads = per_file_costs(year_files, tmp / "per_file_cpu.duckdb", time.process_time)
    cpu_ratios = sorted(lo / max(rd, 1e-9) for rd, lo in zip(cpu_reads, cpu_loads))
    parts = breakdown(year_files, tmp / "breakdown.duckdb")
    ratios = sorted(lo / max(rd, 1e-9) for rd, lo in zip(reads, loads))
    year_s, year_cpu = cli_load(year_dir, tmp / "year.duckdb")
    back_s, back_cpu = cli_load(backfill_dir, tmp / "backfill.duckdb")
    n_year, n_back = len(year_files), len(backfill_files)
    rows = [
        ("National year (2024, every province)", f"{n_year} files", f"{year_s:.2f} s", f"{year_cpu:.2f} s",
         f"{n_year / year_s:.0f} files/s"),
        (f"National backfill {a}–{b}", f"{n_back} files", f"{back_s:.2f} s", f"{back_cpu:.2f} s",
         f"{n_back / back_s:.0f} files/s"),
    ]
    out = ["| run | files | wall time (one `etl load`) | CPU time (all its processes) | throughput |",
           "|---|---|---|---|---|"]
    out += [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} |" for r in rows]
    out += ["", "| per file (2024 national year) | median | p90 | max |", "|---|---|---|---|",
            f"| calamine bare read | {statistics.median(reads) * 1000:.1f} ms | "
            f"{sorted(reads)[int(0.9 * len(reads))] * 1000:.1f} ms | {max(reads) * 1000:.1f} ms |",
            f"| full load (analyse + validate + write) | {statistics.median(loads) * 1000:.1f} ms | "
            f"{sorted(loads)[int(0.9 * len(loads))] * 1000:.1f} ms | {max(loads) * 1000:.1f} ms |",
            f"| load / bare read ratio | {statistics.median(ratios):.1f}× | {ratios[int(0.9 * len(ratios))]:.1f}× | "
            f"{ratios[-1]:.1f}× |",
            f"| CPU time: bare read | {statistics.median(cpu_reads) * 1000:.1f} ms | "
            f"{sorted(cpu_reads)[int(0.9 * len(cpu_reads))] * 1000:.1f} ms | {max(cpu_reads) * 1000:.1f} ms |",
            f"| CPU time: full load | {statistics.median(cpu_loads) * 1000:.1f} ms | "
            f"{sorted(cpu_loads)[int(0.9 * len(cpu_loads))] * 1000:.1f} ms | {max(cpu_loads) * 1000:.1f} ms |",
            f"| CPU time ratio | {statistics.median(cpu_ratios):.1f}× | {cpu_ratios[int(0.9 * len(cpu_ratios))]:.1f}× | "
            f"{cpu_ratios[-1]:.1f}× |"]
    out += ["", "| where a file's load goes (same files, second process) | median | p90 |", "|---|---|---|"]
    for name, xs in parts.items():
        xs = sorted(xs)
        out.append(f"| {name} | {statistics.median(xs) * 1000:.1f} ms | {xs[int(0.9 * len(xs))] * 1000:.1f} ms |")
    out += ["", f"Machine: {os.cpu_count()} cores, load average {load_before:.1f} before / "
                f"{os.getloadavg()[0]:.1f} after the run (other work on the machine inflates wall times)."]
    text = "\n".join(out)
    print(text)
    res = ROOT / "benchmarks" / "results"
    res.mkdir(exist_ok=True)
    (res / "load.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
