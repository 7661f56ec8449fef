"""The write side alone (warehouse/write/, issue 18): what one file's transaction costs once it is
analysed, and a folder load per file, on generated demo reports of one year.

Every province's report is analysed first; then (1) each is written in its own transaction
(`load_analysis`, as the upload page confirms a file) and (2) the same files are loaded as a folder
(`load_files`, groups of up to 64 files per transaction). Medians over the files; `--rounds`
fresh warehouses. To compare two versions of the code, run it from each tree in turn on the same
machine (the machine's load moves the figures more than small changes do).

    .venv/bin/python benchmarks/bench_write.py --year 2024 --rounds 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.demo_files import write_demo_submissions  # noqa: E402
from etl.extract import analyse  # noqa: E402
from etl.load import load_analysis, load_files  # noqa: E402
from warehouse.db import connect  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-write-") as tmp:
        work = Path(tmp)
        files = write_demo_submissions(work / "in", years=[args.year])
        analyses = [analyse(f.name, f.read_bytes()) for f in files]
        for rnd in range(args.rounds):
            con = connect(work / f"one-{rnd}.duckdb")
            cpu, wall = [], []
            for an in analyses:
                c0, w0 = time.process_time(), time.perf_counter()
                load_analysis(con, an)
                cpu.append(time.process_time() - c0)
                wall.append(time.perf_counter() - w0)
            con.close()
            con = connect(work / f"folder-{rnd}.duckdb")
            c0 = time.process_time()
            list(load_files(con, files, workers=1))
            folder = (time.process_time() - c0) / len(files)
            con.close()
            one_cpu, one_wall = statistics.median(cpu) * 1000, statistics.median(wall) * 1000
            print(
                f"round {rnd + 1}: {len(files)} files; one file per transaction: CPU {one_cpu:.1f} ms, "
                f"wall {one_wall:.1f} ms (median); folder load: CPU {folder * 1000:.1f} ms per file"
            )


if __name__ == "__main__":
    main()
