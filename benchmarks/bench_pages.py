"""Dashboard page time at national scale: 10 years x every province, every province reporting
through its communes (about 10.000 communes on the 63-province map, 3.321 on the 34-province map),
every catalog indicator. The warehouse is built in seconds by bulk-inserting synthetic current
values with SQL (not by loading thousands of files), then every page is run server-side with
Streamlit's AppTest:

- cold: the app's caches cleared (as after a load, when data_version changes), one run;
- warm: the same view run again (median of 5): what a click that does not change the data costs.

Beside the wall-clock times it reports the process's CPU time for the same runs (the script runs
in a thread of this process): on a machine other people are using, wall-clock times follow their
load, CPU times much less, so before/after comparisons are made on CPU.

    .venv/bin/python benchmarks/bench_pages.py [--years 2016-2025] [--db FILE]

Targets (issue 4): under 300 ms warm and under 1.5 s cold for every page. Prints a Markdown table
and writes it to benchmarks/results/pages.md; also times the province_values view alone."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from reference.admin_units import MERGER_YEAR, communes, era_for_year, provinces  # noqa: E402
from reference.catalog import typed_codes  # noqa: E402
from warehouse.db import connect  # noqa: E402

PAGES = [
    "pages/overview.py",
    "pages/map.py",
    "pages/classes.py",
    "pages/funding.py",
    "pages/trend.py",
    "pages/status.py",
    "pages/table.py",
]


def build_national(db: Path, years: range) -> dict:
    """A warehouse with commune-level values for every province and year (bulk SQL inserts)."""
    t0 = time.perf_counter()
    con = connect(db)
    units = []
    for era in (63, 34):
        for p in provinces(era):
            for c in communes(p.code, era):
                units.append((era, c.code, c.name, p.code))
    u = pd.DataFrame(units, columns=["era", "unit_code", "unit_name", "province_code"])
    con.register("u_in", u)
    con.execute(
        "insert or ignore into units select distinct unit_code, unit_name, 'commune', province_code "
        "from u_in where era = 34"
    )
    con.execute(
        "insert or ignore into units select distinct unit_code, unit_name, 'commune', province_code "
        "from u_in where era = 63"
    )
    ind = pd.DataFrame({"code": typed_codes()})
    con.register("ind_in", ind)
    for year in years:
        era = era_for_year(year)
        # one accepted submission per province and year, at a plausible time
        con.execute(
            """
            insert into submission_log (file_hash, file_name, year, unit_code, unit_name, shape, status, n_values,
                                        submitted_by, submitted_at)
            select md5(? || code), 'bench_' || ? || '_' || code || '.xlsx', ?, code, name, 'wide', 'accepted',
                   0, 'bench', make_timestamp(?, 10, 20, 9, 0, 0) + to_days(cast(hash(code || ?) % 20 as integer))
            from provinces where era = ?""",
            [str(year), str(year), year, year, str(year), era],
        )
        con.execute(
            """
            insert into current_values
            select ?, u.unit_code, i.code,
                   case when i.code like 'funding.%' or i.code = 'support.scholarship_value'
                        then (hash(u.unit_code || i.code || ?) % 50000)::bigint * 1000
                        else (hash(u.unit_code || i.code || ?) % 400)::bigint end,
                   s.id, 'commune', u.province_code
            from u_in u cross join ind_in i
            join submission_log s on s.year = ? and s.unit_code = u.province_code
            where u.era = ?""",
            [year, str(year), str(year), year, era],
        )
    con.execute("checkpoint")
    n = con.execute("select count(*) from current_values").fetchone()[0]
    con.close()
    return {"rows": n, "seconds": time.perf_counter() - t0, "units": len(u)}


def time_view(db: Path, year: int) -> dict[str, float]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    out = {}
    for name, sql, params in (
        ("province_values, one year", "select count(*) from province_values where year = ?", [year]),
        (
            "province_values, one indicator, all years",
            "select count(*) from province_values where indicator_code = 'classes.total.classes'",
            [],
        ),
        ("province_values, everything", "select count(*) from province_values", []),
    ):
        t = time.perf_counter()
        con.execute(sql, params).fetchall()
        out[name] = time.perf_counter() - t
    con.close()
    return out


def time_pages(db: Path, year: int, warm_runs: int = 5) -> list[dict]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from warehouse.snapshot import forget

    os.environ["LLW_DB"] = str(db)
    app = str(ROOT / "app.py")
    # import everything once (a running server has), so that 'cold' measures data, not imports
    at = AppTest.from_file(app, default_timeout=600)
    at.run()
    rows = []
    for page in PAGES:
        st.cache_data.clear()
        st.cache_resource.clear()
        forget()  # the snapshot kept in warehouse/ too: cold reads the warehouse again
        at = AppTest.from_file(app, default_timeout=600)
        at.query_params["year"] = str(year)
        at.switch_page(page)
        t, c = time.perf_counter(), time.process_time()
        at.run()
        cold, cold_cpu = time.perf_counter() - t, time.process_time() - c
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")
        warm, warm_cpu = [], []
        for _ in range(warm_runs):
            t, c = time.perf_counter(), time.process_time()
            at.run()
            warm.append(time.perf_counter() - t)
            warm_cpu.append(time.process_time() - c)
        rows.append(
            {
                "page": page,
                "cold": cold,
                "warm": statistics.median(warm),
                "cold_cpu": cold_cpu,
                "warm_cpu": statistics.median(warm_cpu),
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", default="2016-2025")
    ap.add_argument("--db", default=None, help="Reuse or keep this warehouse file.")
    args = ap.parse_args()
    a, _, b = args.years.partition("-")
    years = range(int(a), int(b or a) + 1)
    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "national.duckdb"
    if not db.exists():
        built = build_national(db, years)
        print(f"Built {db}: {built['rows']:,} current values, {built['units']:,} communes, {built['seconds']:.1f} s")
    year = max(y for y in years if y < MERGER_YEAR) if any(y < MERGER_YEAR for y in years) else years[-1]
    load = os.getloadavg()[0]
    view = time_view(db, year)
    rows = time_pages(db, year)
    lines = [
        f"National scale: years {years[0]}–{years[-1]}, every province through its communes; "
        f"pages shown for {year} (63-province map).",
        "",
        f"Load average when the pages started: {load:.1f}.",
        "",
        "| page | cold (cache cleared) | warm (median of 5) | cold CPU | warm CPU (median of 5) |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['cold'] * 1000:.0f} ms | {r['warm'] * 1000:.0f} ms "
            f"| {r['cold_cpu'] * 1000:.0f} ms | {r['warm_cpu'] * 1000:.0f} ms |"
        )
    lines += ["", "| query | time |", "|---|---|"]
    lines += [f"| {k} | {v * 1000:.0f} ms |" for k, v in view.items()]
    text = "\n".join(lines)
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pages.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
