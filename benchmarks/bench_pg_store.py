"""The two stores side by side (issue 19): load throughput with 1 and 3 CLI loaders at once, lost
commits, and page times cold and warm, on the DuckDB file and on PostgreSQL (a throwaway cluster
from Debian's binaries, as the tests start it).

Loads: one year of generated demo reports, dealt round-robin into as many folders as loaders;
each loader is `python -m etl load FOLDER` in its own process, all started together; files/s is
the number of files over the wall time until the last loader ends. On the file, DuckDB lets one
process write at a time, so the loaders queue for the file (LLW_DB_WAIT_SECONDS raised for
that); on PostgreSQL each file's transaction queues behind the store's writer lock while the
analysis runs in parallel. Lost commits: files a loader reported loaded ("ĐÃ NẠP") that the store
does not hold as accepted, plus any file accepted twice.

Pages: benchmarks/bench_pages.py's AppTest runs (cold: caches cleared; warm: median of 5) on the
warehouse the 3-loader run built.

    .venv/bin/python benchmarks/bench_pg_store.py [--year 2024]

Prints a Markdown table and writes it to benchmarks/results/pg_store.md."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from etl.demo_files import write_demo_submissions  # noqa: E402
from warehouse import db as store  # noqa: E402


def _deal(files: list[Path], folder: Path, n: int) -> list[Path]:
    outs = [folder / f"loader{i + 1}" for i in range(n)]
    for o in outs:
        o.mkdir(parents=True)
    for i, f in enumerate(files):
        (outs[i % n] / f.name).write_bytes(f.read_bytes())
    return outs


def run_loaders(where: str, folders: list[Path], shared: Path) -> dict:
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        LLW_DB=where,
        LLW_SHARED_DIR=str(shared),
        LLW_DB_WAIT_SECONDS="3600",
    )
    store.connect(where).close()  # created and migrated before the clock starts
    store.close_stores()
    t = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "etl", "load", str(f), "--quiet"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in folders
    ]
    outs = [p.communicate() for p in procs]
    seconds = time.perf_counter() - t
    reported = [line.split()[2].rstrip(":") for out, _ in outs for line in out.splitlines() if "ĐÃ NẠP" in line]
    con = store.connect(where, read_only=True)
    accepted = con.execute(
        "select file_name, count(*) from submission_log where status = 'accepted' and kind = 'file' group by file_name"
    ).fetchall()
    con.close()
    store.close_stores()
    held = dict(accepted)
    lost = sum(1 for name in reported if name not in held) + sum(n - 1 for n in held.values() if n > 1)
    failed = [err[-400:] for p, (_, err) in zip(procs, outs, strict=True) if p.returncode not in (0, 1)]
    return {"seconds": seconds, "files": len(reported), "lost": lost, "failed": failed}


def main() -> None:
    from bench_pages import time_pages
    from pg_support import throwaway_cluster

    ap = argparse.ArgumentParser()
    ap.add_argument("--year", type=int, default=2024)
    args = ap.parse_args()
    load_avg = os.getloadavg()[0]
    rows, pages = [], {}
    with tempfile.TemporaryDirectory(prefix="bench-pg-") as tmp, throwaway_cluster() as cluster:
        work = Path(tmp)
        files = [f for f in write_demo_submissions(work / "in", years=[args.year]) if f.is_file()]
        server = f"postgresql://{cluster.user}@{cluster.host}:{cluster.port}"
        for kind in ("file", "postgres"):
            for n in (1, 3):
                if kind == "file":
                    where = str(work / f"{kind}{n}" / "warehouse.duckdb")
                else:
                    where = f"{server}/bench_{uuid.uuid4().hex[:10]}"
                    store._create_database(where)
                folders = _deal(files, work / f"{kind}{n}", n)
                r = run_loaders(where, folders, work / f"{kind}{n}" / "shared")
                rows.append((kind, n, r))
                print(kind, n, f"{r['files']} files in {r['seconds']:.1f} s, lost {r['lost']}", r["failed"] or "")
            pages[kind] = time_pages(where, args.year)
            store.close_stores()
    lines = [
        f"One year ({args.year}) of generated demo reports, {len(files)} files; load average at the start "
        f"{load_avg:.1f} (2-core machine shared with other work).",
        "",
        "| store | loaders | files loaded | wall time | files/s | lost commits |",
        "|---|---|---|---|---|---|",
    ]
    for kind, n, r in rows:
        lines.append(
            f"| {kind} | {n} | {r['files']} | {r['seconds']:.1f} s | {r['files'] / r['seconds']:.1f} | {r['lost']} |"
        )
    lines += ["", "| page | file cold | file warm | PostgreSQL cold | PostgreSQL warm |", "|---|---|---|---|---|"]
    for f_row, p_row in zip(pages["file"], pages["postgres"], strict=True):
        lines.append(
            f"| {f_row['page']} | {f_row['cold'] * 1000:.0f} ms | {f_row['warm'] * 1000:.0f} ms "
            f"| {p_row['cold'] * 1000:.0f} ms | {p_row['warm'] * 1000:.0f} ms |"
        )
    text = "\n".join(lines)
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pg_store.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
