"""Durability of one warehouse file under several writing processes, per duckdb version.

Runs tests/durability_support.py (4 processes taking turns: open → load / audit entry / revert →
commit → close, each recording what it committed; then every record is looked for and every
table scanned) `--runs` times for each version asked, and prints one line per version: runs,
commits, lost submissions / values / audit lines, runs whose file was corrupt or failed. A version
other than the installed one is installed once from the registry into a private folder
(`pip install --target`) and put first on the processes' path; the project's code is the same.

    .venv/bin/python benchmarks/bench_durability.py --runs 20                    # the pinned duckdb
    .venv/bin/python benchmarks/bench_durability.py --runs 8 --versions 2.0.1 1.4.4
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import durability_support as harness  # noqa: E402


def duckdb_folder(version: str, cache: Path) -> str | None:
    """None for the installed duckdb; else a folder with that version, installed once."""
    import duckdb

    if version == duckdb.__version__:
        return None
    target = cache / version
    if not (target / "duckdb").is_dir():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), f"duckdb=={version}"],
            check=True,
        )
    return str(target)


def main() -> None:
    import duckdb

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--versions", nargs="+", default=[duckdb.__version__])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--ops", type=int, default=150, help="operations (commits) per writer and run")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "llw-duckdb-versions")
    ap.add_argument("--keep", action="store_true", help="keep the folders of failed runs")
    a = ap.parse_args()
    print("| duckdb | runs | commits | lost submissions | lost values | lost audit lines | failed runs | s/run |")
    print("|---|---|---|---|---|---|---|---|")
    for version in a.versions:
        path = duckdb_folder(version, a.cache)
        commits = lost_s = lost_v = lost_a = failed = 0
        seconds = 0.0
        for i in range(a.runs):
            folder = Path(tempfile.mkdtemp(prefix=f"llw-durability-{version}-"))
            rep = harness.run_once(folder, a.writers, a.ops, path)
            commits += rep.commits
            lost_s += len(rep.lost_submissions)
            lost_v += len(rep.lost_values)
            lost_a += len(rep.lost_audit)
            seconds += rep.seconds
            failed += not rep.ok
            # every run on stderr as it ends, so a stopped benchmark still tells what it measured
            print(
                f"  {version} run {i + 1}: {'ok' if rep.ok else rep}, {rep.commits} commits, {rep.seconds:.0f} s",
                file=sys.stderr,
                flush=True,
            )
            if rep.ok or not a.keep:
                shutil.rmtree(folder, ignore_errors=True)
        cells = [version, a.runs, commits, lost_s, lost_v, lost_a, failed, f"{seconds / a.runs:.0f}"]
        print("| " + " | ".join(map(str, cells)) + " |", flush=True)


if __name__ == "__main__":
    main()
