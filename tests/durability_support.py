"""Several processes taking turns on one warehouse file, through the project's own write path.

The pattern the README allows (the CLI loading while the app answers clicks): each writer opens
the file (`warehouse.db.connect`, retrying while another process holds it), does one thing,
commits and closes. A writer here cycles through a file load (`etl.load.load_files` with the CLI's
audit hook), an audit entry (`auth.audit.record` in its own transaction), a revert
(`etl.history.revert`) and another load, and after each commit appends what it committed to its
own record (submission ids, audit ids). On each open it also counts its own earlier submissions
and notes any that went missing. Afterwards `check` opens the file once and proves that every
committed submission (with its values) and audit line is there, the audit chain is whole, and
every table scans in full.

Runs as a script so each role can be started with another duckdb on PYTHONPATH (the benchmark
measures several versions): `python durability_support.py setup|worker|check ...`. The test
(tests/test_durability.py) and the benchmark (benchmarks/bench_durability.py) drive it through
`run_once`."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# one province per writer (63-province names, years before 2025), so writers never revert each other
PROVINCES = ("QUẢNG NAM", "HÀ NỘI", "ĐÀ NẴNG", "CẦN THƠ", "NGHỆ AN", "LÂM ĐỒNG", "THÁI BÌNH", "AN GIANG")
YEARS = (2016, 2017, 2018, 2019)
CYCLE = ("load", "audit", "revert", "load")  # what op i of a writer does: CYCLE[i % 4]


def _path_setup() -> None:
    for p in (str(ROOT), str(HERE)):
        if p not in sys.path:
            sys.path.insert(0, p)


def file_bytes(writer: int, index: int) -> bytes:
    """Report file number `index` of `writer`: its province, a year from YEARS, values that differ
    from every other file (so no two files share a hash)."""
    from fixtures_factory import EXPECTED, vertical_grid, xlsx_bytes

    values = dict(EXPECTED)
    values["ceremony.events"] = 1000 * writer + index + 1
    year = YEARS[(index // 2) % len(YEARS)]  # two loads of a year in a row: the revert has a choice
    return xlsx_bytes(vertical_grid(values, year=year, province_upper=PROVINCES[writer % len(PROVINCES)]))


def setup(db: Path, writers: int, ops: int) -> None:
    """The migrated warehouse and each writer's report files (one per load it will do)."""
    from warehouse.db import connect

    connect(db).close()
    loads = sum(1 for i in range(ops) if CYCLE[i % len(CYCLE)] == "load")
    for w in range(writers):
        folder = db.parent / f"files_w{w}"
        folder.mkdir(exist_ok=True)
        for i in range(loads):
            (folder / f"w{w}_{i:03d}.xlsx").write_bytes(file_bytes(w, i))


def cli_audit(con, actor: str):
    """The audit hook `python -m etl load` gives load_files: the files' entries are written inside
    the transaction that lands them (auth.upload_audit turns them into audit_log rows)."""
    from etl.actions import notify_many

    def audit(results) -> None:
        notify_many(
            con,
            "load",
            actor,
            [{"file_name": r.file_name, "status": r.status, "submission_id": r.submission_id} for r in results],
        )

    return audit


class _Token:
    """The audit hook's `session` field: every audit row of one op carries the op's token, so the
    writer can read back the ids of exactly the rows its op committed."""

    value = ""


def _record(out, **entry) -> None:
    out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    out.flush()


def worker(db: Path, writer: int, ops: int, log: Path) -> int:
    """Do `ops` operations, each open → write → commit → close; append each committed result to
    `log` (one JSON line). Returns 0, or 1 after an unexpected error (recorded in the log)."""
    import datetime as dt

    from auth import audit
    from auth.upload_audit import install
    from etl import history
    from etl.load import load_files
    from warehouse.db import connect, transaction

    install(where=lambda: {"session": _Token.value})
    actor = f"w{writer}"
    files = sorted((db.parent / f"files_w{writer}").glob("*.xlsx"))
    n_loads = 0
    mine = 0  # submissions this writer committed so far
    with open(log, "a", encoding="utf-8") as out:
        for i in range(ops):
            op = CYCLE[i % len(CYCLE)]
            token = _Token.value = f"{actor}-{i}"
            try:
                con = connect(db)
            except Exception as exc:  # a file that no longer opens is a finding, not a crash of the run
                _record(out, op="open", i=i, error=f"{type(exc).__name__}: {exc}")
                return 1
            try:
                seen = con.execute("select count(*) from submission_log where submitted_by = ?", [actor]).fetchone()[0]
                if seen < mine:
                    _record(out, op="seen", i=i, expected=mine, seen=seen)
                if op == "load":
                    path = files[n_loads]
                    n_loads += 1

                    (res,) = list(load_files(con, [path], submitted_by=actor, audit=cli_audit(con, actor)))
                    assert res.status == "accepted", (res.status, [p.code for p in res.analysis.errors])
                    mine += 1
                    n_values = len(res.analysis.stored_values())
                    entry = {"subs": {res.submission_id: [actor, res.file_name, "file", n_values]}}
                elif op == "audit":
                    with transaction(con):
                        aid = audit.record(con, actor, "reference.change", token, {"op": i}, session=token)
                    entry = {"subs": {}, "audit": {aid: token}}
                else:
                    entry = {"subs": {}}
                    target = _revert_target(con, actor)
                    if target is not None:
                        name = con.execute("select file_name from submission_log where id = ?", [target]).fetchone()[0]
                        res = history.revert(con, target, actor, now=dt.datetime.now())
                        assert res.ok, res.message
                        mine += 1
                        entry = {"subs": {res.revert_id: [actor, name, "revert", None]}}
                if "audit" not in entry:  # the rows the op's audit hook wrote, read back after COMMIT
                    ids = con.execute("select id from audit_log where session = ?", [token]).fetchall()
                    entry["audit"] = {r[0]: token for r in ids}
            except Exception:
                _record(out, op=op, i=i, error=traceback.format_exc())
                return 1
            finally:
                con.close()
            _record(out, op=op, i=i, token=token, **entry)
    return 0


def _revert_target(con, actor: str) -> int | None:
    """A submission of this writer to go back to: the first of a year loaded more than once (the
    later ones become 'reverted'), else one reverted before (going back to it is an undo)."""
    rows = con.execute(
        "select id, year, status from submission_log where submitted_by = ? and kind = 'file' "
        "and status in ('accepted', 'reverted') order by id desc",
        [actor],
    ).fetchall()
    by_year: dict[int, list[tuple[int, str]]] = {}
    for sid, year, status in rows:
        by_year.setdefault(year, []).append((sid, status))
    for subs in by_year.values():
        accepted = sorted(s for s, st in subs if st == "accepted")
        if len(accepted) >= 2:
            return accepted[0]
    for subs in by_year.values():
        reverted = [s for s, st in subs if st == "reverted"]
        if reverted:
            return max(reverted)
    return None


@dataclass
class Report:
    """What one run found: commits recorded by the writers and how many of them are missing."""

    commits: int = 0
    submissions: int = 0
    audit_lines: int = 0
    lost_submissions: list[int] = field(default_factory=list)
    lost_values: list[int] = field(default_factory=list)
    lost_audit: list[int] = field(default_factory=list)
    seen_missing: list[dict] = field(default_factory=list)  # a writer saw its own rows gone
    errors: list[str] = field(default_factory=list)  # worker errors, a file that will not open
    broken_chain: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def lost(self) -> int:
        return len(self.lost_submissions) + len(self.lost_values) + len(self.lost_audit)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.seen_missing or self.errors or self.broken_chain)


def integrity(con) -> list[str]:
    """Read every table in full (every column of every row: DuckDB checks each block's checksum as
    it reads it) and the storage metadata; returns what failed."""
    problems = []
    tables = [r[0] for r in con.execute("select table_name from duckdb_tables() where not temporary").fetchall()]
    for t in tables:
        try:
            con.execute(f'select count(*), count(columns(*)) from "{t}"').fetchall()
            con.execute(f"pragma storage_info('{t}')").fetchall()
        except Exception as exc:
            problems.append(f"{t}: {type(exc).__name__}: {exc}")
    for sql in ("pragma database_size", "select * from duckdb_views()", "select * from duckdb_sequences()"):
        try:
            con.execute(sql).fetchall()
        except Exception as exc:
            problems.append(f"{sql}: {type(exc).__name__}: {exc}")
    return problems


def check(db: Path, logs: list[Path]) -> Report:
    """Open the file after the writers are done and compare with what they recorded."""
    import duckdb

    from auth.audit import verify_chain

    rep = Report()
    subs: dict[int, list] = {}  # id -> [submitted_by, file_name, kind, values or None], as committed
    audit_rows: dict[int, str] = {}  # id -> the session token of the op that wrote it
    for log in logs:
        for line in log.read_text(encoding="utf-8").splitlines():
            e = json.loads(line)
            if "error" in e:
                rep.errors.append(f"{log.name} op {e['i']} ({e['op']}): {e['error'][-600:]}")
            elif e["op"] == "seen":
                rep.seen_missing.append(e)
            else:
                rep.commits += 1
                subs.update({int(k): v for k, v in e["subs"].items()})
                audit_rows.update({int(k): v for k, v in e["audit"].items()})
    rep.submissions, rep.audit_lines = len(subs), len(audit_rows)
    try:
        con = duckdb.connect(str(db), read_only=True)
    except Exception as exc:
        rep.errors.append(f"the file does not open: {type(exc).__name__}: {exc}")
        return rep
    try:
        rep.errors += integrity(con)
        # a lost commit may leave its id to the next writer (the sequence went back with it), so a
        # row counts as present only if it is the very row that was committed
        found = con.execute("select id, submitted_by, file_name, kind from submission_log").fetchall()
        rows = {r[0]: list(r[1:]) for r in found}
        counts = dict(con.execute("select submission_id, count(*) from observations group by 1").fetchall())
        rep.lost_submissions = sorted(s for s, v in subs.items() if rows.get(s) != v[:3])
        rep.lost_values = sorted(
            s for s, v in subs.items() if v[3] is not None and s not in rep.lost_submissions and counts.get(s) != v[3]
        )
        sessions = dict(con.execute("select id, session from audit_log").fetchall())
        rep.lost_audit = sorted(a for a, token in audit_rows.items() if sessions.get(a) != token)
        rep.broken_chain = verify_chain(con)
    except Exception as exc:
        rep.errors.append(f"reading the file failed: {type(exc).__name__}: {exc}")
    finally:
        con.close()
    return rep


def _env(duckdb_path: str | None) -> dict:
    env = dict(os.environ)
    paths = [p for p in (duckdb_path, str(ROOT), str(HERE)) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["LLW_DB_WAIT_SECONDS"] = "300"  # a writer waits its turn, however long the others take
    return env


def run_once(folder: Path, writers: int = 4, ops: int = 40, duckdb_path: str | None = None) -> Report:
    """One run in `folder` (made empty): set up, start `writers` processes together, check.
    `duckdb_path`: a folder holding another duckdb package, put first on the processes' path."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "warehouse.duckdb"
    env = _env(duckdb_path)
    me = [sys.executable, str(Path(__file__).resolve())]
    subprocess.run([*me, "setup", str(db), str(writers), str(ops)], env=env, check=True, cwd=ROOT)
    logs = [folder / f"w{w}.jsonl" for w in range(writers)]
    start = time.monotonic()
    procs = [
        subprocess.Popen([*me, "worker", str(db), str(w), str(ops), str(logs[w])], env=env, cwd=ROOT)
        for w in range(writers)
    ]
    for p in procs:
        p.wait(timeout=1800)
    seconds = time.monotonic() - start
    out = subprocess.run([*me, "check", str(db), *map(str, logs)], env=env, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        return Report(errors=[f"check failed: {out.stderr[-2000:]}"], seconds=seconds)
    rep = Report(**json.loads(out.stdout))
    rep.seconds = seconds
    return rep


def main(argv: list[str] | None = None) -> int:
    _path_setup()
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("setup")
    s.add_argument("db", type=Path)
    s.add_argument("writers", type=int)
    s.add_argument("ops", type=int)
    w = sub.add_parser("worker")
    w.add_argument("db", type=Path)
    w.add_argument("writer", type=int)
    w.add_argument("ops", type=int)
    w.add_argument("log", type=Path)
    c = sub.add_parser("check")
    c.add_argument("db", type=Path)
    c.add_argument("logs", type=Path, nargs="+")
    a = ap.parse_args(argv)
    if a.cmd == "setup":
        setup(a.db, a.writers, a.ops)
        return 0
    if a.cmd == "worker":
        return worker(a.db, a.writer, a.ops, a.log)
    rep = check(a.db, a.logs)
    print(json.dumps({k: v for k, v in rep.__dict__.items() if k != "seconds"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
