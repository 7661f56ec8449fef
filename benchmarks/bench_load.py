"""Loader benchmarks: files per second for a national year and a 10-year national backfill, and the
cost of loading a file against reading it bare with calamine.

    .venv/bin/python benchmarks/bench_load.py [--years 2016-2025]

Targets (issue 2): loading a file costs at most 10x reading it bare; a 10-year national backfill
(every province, every year) loads in under 10 s on a 2-core machine. Prints a Markdown table
and writes it to benchmarks/results/load.md.

What is measured, on the same generated files (every province's report, in the shapes the demo
generator writes: vertical forms, wide tables of districts or communes, CSV and old .xls):
- one `python -m etl load FOLDER` per set, as a data officer runs it: wall time, CPU time of the
  process and its analysis workers, files per second; process start-up included;
- per file inside a folder load (`load_files` in a warm process: what a file adds to a load):
  wall and CPU time (the process and its workers) divided by the number of files, next to the
  calamine bare read of the same files;
- per file on its own (`load_file`, one transaction for one file, as the upload page confirms):
  median and p90, and where that time goes.
The machine's speed drifts between measures (other work, CPU frequency), so bare reads and folder
loads are measured in alternation, three rounds, and the best of each side is compared (each folder
load forks fresh workers, so no round finds the files' words already known). A file loaded on its
own is loaded once, in a process warmed on other files. The sub-unit index file is built in a
folder of the run's own (`LLW_CACHE_DIR`), by the first CLI load."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
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
from etl.load import load_analysis, load_file, load_files, read_known  # noqa: E402
from etl.validate import validate  # noqa: E402
from warehouse.db import connect  # noqa: E402


def bare_read(path: Path) -> None:
    """What "reading it bare" means: the bytes into Python values, every sheet, nothing else."""
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        decode_bytes(path.read_bytes())
        return
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()


def cpu_now() -> float:
    """CPU seconds of this process and of its children that have ended (the analysis workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bare_reads(files: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds of one bare read of every file."""
    t, c = time.perf_counter(), time.process_time()
    for f in files:
        bare_read(f)
    return time.perf_counter() - t, time.process_time() - c


def bare_read_each(files: list[Path]) -> list[float]:
    """CPU seconds of the bare read of each file."""
    out = []
    for f in files:
        c = time.process_time()
        bare_read(f)
        out.append(time.process_time() - c)
    return out


def folder_load(files: list[Path], db: Path) -> tuple[float, float]:
    """Wall and CPU seconds (this process and its workers) of one `load_files` over `files`, in a
    process that has already imported everything and loaded the reference data."""
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    con = connect(db)
    con.execute("SET threads = 1")  # as the CLI does
    t, c = time.perf_counter(), cpu_now()
    results = list(load_files(con, files))
    wall, cpu = time.perf_counter() - t, cpu_now() - c
    con.close()
    bad = [r.file_name for r in results if not r.ok]
    assert not bad, bad
    return wall, cpu


def single_file_costs(files: list[Path], db: Path) -> list[float]:
    """CPU seconds of `load_file` on each file, each in its own transaction."""
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)
    con = connect(db)
    out = []
    for f in files:
        c = time.process_time()
        res = load_file(con, f)
        out.append(time.process_time() - c)
        assert res.ok, (f, [p.render() for p in res.analysis.errors])
    con.close()
    return out


def breakdown(files: list[Path], db: Path) -> dict[str, list[float]]:
    """Where a single file's load goes: analysis (read + tables + labels + units + numbers), the
    warehouse read before it (last year's values) with the checks, and the write transaction."""
    con = connect(db)
    out: dict[str, list[float]] = {"analyse": [], "warehouse read + validate": [], "write (one transaction)": []}
    for f in files:
        t0 = time.process_time()
        an = analyse(f.name, f.read_bytes())
        t1 = time.process_time()
        known = read_known(con, an)
        validate(an, known.previous)
        t2 = time.process_time()
        load_analysis(con, an, known=known)
        t3 = time.process_time()
        out["analyse"].append(t1 - t0)
        out["warehouse read + validate"].append(t2 - t1)
        out["write (one transaction)"].append(t3 - t2)
    con.close()
    return out


def cli_load(folder: Path, db: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the CLI and its analysis workers) of one `etl load`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(folder), "--db", str(db), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(r.stdout[-2000:] + r.stderr[-2000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


ROUNDS = 3


def ms(x: float) -> str:
    return f"{x * 1000:.1f} ms"


def p90(xs: list[float]) -> float:
    return sorted(xs)[int(0.9 * len(xs))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", default="2016-2025")
    args = ap.parse_args()
    a, b = map(int, args.years.split("-"))
    tmp = Path(tempfile.mkdtemp(prefix="llw-bench-"))
    os.environ["LLW_CACHE_DIR"] = str(tmp / "cache")  # the first CLI load builds it, as on a new machine
    sets = {
        "National year 2024": write_demo_submissions(tmp / "year", years=[2024]),
        f"National backfill {a}–{b}": write_demo_submissions(tmp / "backfill", years=range(a, b + 1)),
    }
    for d in ("year", "backfill"):
        (tmp / d / "expected.csv").unlink(missing_ok=True)
    sets = {k: [f for f in v if f.name != "expected.csv"] for k, v in sets.items()}
    load_before = os.getloadavg()[0]

    # warm this process (imports, reference data, caches), as a long-running loader would be, on
    # other files than those measured (another draw of the generator), whose words it has not seen
    for f in write_demo_submissions(tmp / "warm", years=[2020], seed=99)[:10]:
        analyse(f.name, f.read_bytes())

    out = [
        f"| one `python -m etl load FOLDER` (process start-up included; median of {ROUNDS}) | files | wall "
        "| CPU (all processes) | files/s |",
        "|---|---|---|---|---|",
    ]
    for i, (name, files) in enumerate(sets.items()):
        runs = []
        for _ in range(ROUNDS):
            for p in (tmp / f"cli{i}.duckdb", tmp / f"cli{i}.duckdb.wal"):
                p.unlink(missing_ok=True)
            shutil.rmtree(tmp / "submissions", ignore_errors=True)  # the originals it keeps: written each time
            runs.append(cli_load(files[0].parent, tmp / f"cli{i}.duckdb"))
        wall, cpu = sorted(runs)[len(runs) // 2]
        out.append(f"| {name} | {len(files)} | {wall:.2f} s | {cpu:.2f} s | {len(files) / wall:.0f} |")

    # The machine's speed drifts (other work, frequency): each measure is repeated ROUNDS times,
    # bare reads and loads in alternation, and the best of each is compared with the best of the other.
    out += [
        "",
        f"| per file inside a folder load (best of {ROUNDS}) | files | bare read (calamine) | load, wall "
        "| load, CPU | ratio wall | ratio CPU |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, (name, files) in enumerate(sets.items()):
        reads, loads = [], []
        for _ in range(ROUNDS):
            reads.append(bare_reads(files))
            loads.append(folder_load(files, tmp / f"folder{i}.duckdb"))
        n = len(files)
        read_w, read_c = (min(x[k] for x in reads) / n for k in (0, 1))
        wall, cpu = (min(x[k] for x in loads) / n for k in (0, 1))
        out.append(
            f"| {name} | {n} | {ms(read_w)} | {ms(wall)} | {ms(cpu)} | {wall / read_w:.1f}× | {cpu / read_c:.1f}× |"
        )

    # One file on its own: loaded once (a second load of the same files would find this process's
    # caches warm with their words and names), against the best of ROUNDS bare reads of each; where
    # the time goes is measured on another draw of 2024 files, also seen once.
    year_files = sets["National year 2024"]
    reads_cpu = [float("inf")] * len(year_files)
    for _ in range(ROUNDS):
        reads_cpu = list(map(min, reads_cpu, bare_read_each(year_files)))
    singles = single_file_costs(year_files, tmp / "single.duckdb")
    ratios = sorted(lo / max(rd, 1e-9) for rd, lo in zip(reads_cpu, singles, strict=True))
    other = [f for f in write_demo_submissions(tmp / "year_b", years=[2024], seed=7) if f.name != "expected.csv"]
    parts = breakdown(other, tmp / "breakdown.duckdb")
    out += [
        "",
        f"| one file on its own (`load_file`, its own transaction; 2024 files, CPU; bare read best of "
        f"{ROUNDS}) | median | p90 |",
        "|---|---|---|",
        f"| calamine bare read | {ms(statistics.median(reads_cpu))} | {ms(p90(reads_cpu))} |",
        f"| load (analyse + validate + write) | {ms(statistics.median(singles))} | {ms(p90(singles))} |",
        f"| load / bare read | {statistics.median(ratios):.1f}× | {p90(ratios):.1f}× |",
    ]
    for name, xs in parts.items():
        out.append(f"| — {name} | {ms(statistics.median(xs))} | {ms(p90(xs))} |")
    out += [
        "",
        f"Machine: {os.cpu_count()} cores, load average {load_before:.1f} before / "
        f"{os.getloadavg()[0]:.1f} after the run (other work on the machine inflates wall times).",
    ]
    text = "\n".join(out)
    print(text)
    res = ROOT / "benchmarks" / "results"
    res.mkdir(exist_ok=True)
    (res / "load.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
