"""The warehouse as the loader leaves it: views, idempotence, value-by-value replacement,
atomic loads (exceptions and SIGKILL), schema migrations, province roll-ups."""

import dataclasses
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from fixtures_factory import EXPECTED, WIDE_COLUMNS, sub_unit_rows, vertical_grid, wide_grid, xlsx_bytes

import etl.load
import warehouse.write.values
from etl.extract import analyse
from etl.load import analyse_for_warehouse, load_analysis, load_file
from reference import admin_units as au
from warehouse.db import MIGRATIONS, SCHEMA_VERSION, connect, migrations, schema_version
from warehouse.reference import refresh_reference

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("submission_log", "observations", "current_values", "units")
VIEWS = ("province_values", "unit_values", "submissions")
WIDE_EXPECTED = {c.code: EXPECTED[c.code] for c in WIDE_COLUMNS}


@pytest.fixture
def db(tmp_path):
    con = connect(tmp_path / "warehouse.duckdb")
    yield con
    con.close()


@pytest.fixture
def put(tmp_path):
    """Write bytes as a file in tmp_path and return its path."""

    def _put(name: str, data: bytes) -> Path:
        p = tmp_path / "in" / name
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(data)
        return p

    return _put


def snapshot(con, names=TABLES + VIEWS) -> dict[str, list[tuple]]:
    return {n: sorted(con.execute(f"select * from {n}").fetchall(), key=repr) for n in names}


def province_values(con, year: int, code: str) -> dict[str, int]:
    return dict(
        con.execute(
            "select indicator_code, value from province_values where year = ? and province_code = ?", [year, code]
        ).fetchall()
    )


def current(con, year, unit, code):
    return con.execute(
        "select value, submission_id from current_values where year = ? and unit_code = ? and indicator_code = ?",
        [year, unit, code],
    ).fetchone()


def derived(values: dict[str, int]) -> dict[str, int]:
    classes = [
        f"classes.{t}.classes"
        for t in (
            "knowledge",
            "life_skills",
            "digital",
            "language",
            "vocational",
            "literacy",
            "civic",
            "professional",
            "other",
        )
    ]
    learners = [c.replace(".classes", ".learners") for c in classes]
    return {
        "classes.total.classes": sum(values.get(c, 0) for c in classes),
        "classes.total.learners": sum(values.get(c, 0) for c in learners),
        "funding.total": values.get("funding.state_budget", 0) + values.get("funding.socialized", 0),
    }


def hn_wide_bytes(n: int = 6, year: int = 2023) -> tuple[bytes, list]:
    rows = sub_unit_rows([d.name for d in au.districts("01")[:n]])
    return xlsx_bytes(wide_grid(rows, year=year).grid), rows


# ------------------------------------------------------------------------------------------------
# contracts: views and columns
# ------------------------------------------------------------------------------------------------
def test_views_have_the_documented_columns(db):
    cols = {v: [r[0] for r in db.execute(f"describe {v}").fetchall()] for v in VIEWS}
    assert cols["province_values"] == [
        "year",
        "province_code",
        "province_name",
        "province_code_2025",
        "province_name_2025",
        "indicator_code",
        "value",
    ]
    assert cols["unit_values"] == [
        "year",
        "unit_code",
        "unit_name",
        "unit_level",
        "province_code",
        "indicator_code",
        "value",
    ]
    assert {"file_hash", "file_name", "year", "unit_code", "status", "messages", "submitted_by", "submitted_at"} <= set(
        cols["submissions"]
    )
    assert schema_version(db) == SCHEMA_VERSION


def test_accepted_file_is_logged_with_hash_and_positions(db, put):
    data = xlsx_bytes(vertical_grid())
    res = load_file(db, put("2023_QuangNam.xlsx", data), submitted_by="tester")
    assert (res.status, res.ok) == ("accepted", True)
    row = db.execute(
        "select file_hash, file_name, year, unit_code, status, n_values, submitted_by "
        "from submissions where submission_id = ?",
        [res.submission_id],
    ).fetchone()
    assert row == (hashlib.sha256(data).hexdigest(), "2023_QuangNam.xlsx", 2023, "49", "accepted", 18, "tester")
    obs = db.execute(
        "select sheet, cell, value from observations where indicator_code = 'ceremony.attendees'"
    ).fetchall()
    g = vertical_grid()
    assert obs == [("Bieu 1", g.cells["ceremony.attendees"], 4500)]
    assert (
        db.execute("select count(*) from observations where submission_id = ?", [res.submission_id]).fetchone()[0] == 18
    )


def test_province_values_of_a_vertical_file(db, put):
    load_file(db, put("bao_cao.xlsx", xlsx_bytes(vertical_grid(year=2023))))
    assert province_values(db, 2023, "49") == {**EXPECTED, **derived(EXPECTED)}
    assert province_values(db, 2023, "49")["classes.total.classes"] == 40 + 25 + 30  # online excluded
    assert province_values(db, 2023, "49")["funding.total"] == 232_500_000
    rows = db.execute(
        "select distinct province_name, province_code_2025, province_name_2025 from province_values"
    ).fetchall()
    assert rows == [("Quảng Nam", "48", "Đà Nẵng")]


# ------------------------------------------------------------------------------------------------
# idempotence and value-by-value replacement
# ------------------------------------------------------------------------------------------------
def test_loading_the_same_file_twice_changes_nothing(db, put):
    data = xlsx_bytes(vertical_grid())
    first = load_file(db, put("a.xlsx", data))
    before = snapshot(db)
    second = load_file(db, put("a.xlsx", data))
    again = load_file(db, put("same_bytes_other_name.xlsx", data))
    assert first.status == "accepted"
    assert (second.status, second.duplicate_of) == ("duplicate", first.submission_id)
    assert (again.status, again.duplicate_of) == ("duplicate", first.submission_id)
    assert snapshot(db) == before


def test_later_file_wins_value_by_value(db, put):
    a = load_file(db, put("a.xlsx", xlsx_bytes(vertical_grid())))
    vals_b = {"direction.documents": 13, "ceremony.events": 18, "ceremony.attendees": 4500}
    b = load_file(db, put("b.xlsx", xlsx_bytes(vertical_grid(vals_b))))
    assert (a.status, b.status) == ("accepted", "accepted")
    assert current(db, 2023, "49", "direction.documents") == (13, b.submission_id)  # x: new
    assert current(db, 2023, "49", "classes.language.classes") == (25, a.submission_id)  # y: kept
    assert current(db, 2023, "49", "ceremony.events") == (18, b.submission_id)
    history = db.execute(
        "select submission_id, value from observations where indicator_code = 'direction.documents' "
        "order by submission_id"
    ).fetchall()
    assert history == [(a.submission_id, 12), (b.submission_id, 13)]
    pv = province_values(db, 2023, "49")
    assert (pv["direction.documents"], pv["classes.language.classes"]) == (13, 25)
    assert db.execute("select count(*) from current_values").fetchone()[0] == len(EXPECTED)


def test_a_stale_view_of_the_warehouse_still_writes_correctly(db, put):
    """`known` only picks the cheaper write: told nothing exists while it does, the load falls back
    to the full upsert instead of failing or doubling a value."""
    a = load_file(db, put("a.xlsx", xlsx_bytes(vertical_grid())))
    an = analyse("b.xlsx", xlsx_bytes(vertical_grid({**EXPECTED, "direction.documents": 13})))
    b = load_analysis(db, an, known=etl.load.Known())
    assert b.status == "accepted"
    assert current(db, 2023, "49", "direction.documents") == (13, b.submission_id)
    assert current(db, 2023, "49", "ceremony.events") == (EXPECTED["ceremony.events"], b.submission_id)
    assert db.execute("select count(*) from current_values").fetchone()[0] == len(EXPECTED)
    assert db.execute("select count(*) from units").fetchone()[0] == 1
    assert db.execute("select count(*) from submission_log").fetchone()[0] == 2
    assert a.status == "accepted"


def test_rejected_file_sent_again_is_logged_again_and_says_so(db, put):
    data = xlsx_bytes(vertical_grid(overrides={"classes.language.learners": "-5"}))
    first = load_file(db, put("bad.xlsx", data))
    second = load_file(db, put("bad_again.xlsx", data))
    assert (first.status, second.status) == ("rejected", "rejected")
    assert (first.rejected_before, second.rejected_before) == (None, first.submission_id)
    assert db.execute("select count(*) from submissions where status = 'rejected'").fetchone()[0] == 2


def test_rejected_file_loads_nothing(db, put):
    load_file(db, put("good.xlsx", xlsx_bytes(vertical_grid(year=2022))))
    before = snapshot(db)
    g = vertical_grid(year=2023, overrides={"classes.language.learners": "-5"})
    res = load_file(db, put("bad.xlsx", xlsx_bytes(g)))
    assert (res.status, res.ok) == ("rejected", False)
    after = snapshot(db)
    for name in ("observations", "current_values", "units", "province_values", "unit_values"):
        assert after[name] == before[name], name
    new = [r for r in after["submission_log"] if r not in before["submission_log"]]
    assert len(new) == 1
    row = db.execute(
        "select status, n_values, messages from submission_log where id = ?", [res.submission_id]
    ).fetchone()
    assert row[:2] == ("rejected", 0)
    problems = json.loads(row[2])
    assert [(p["code"], p["sheet"], p["cell"]) for p in problems if p["severity"] == "error"] == [
        ("value.negative", "Bieu 1", g.cells["classes.language.learners"])
    ]


def test_rule_error_from_validate_rejects_the_file(db, put):
    vals = dict(EXPECTED, **{"classes.online.classes": 1000})
    res = load_file(db, put("bad.xlsx", xlsx_bytes(vertical_grid(vals))))
    assert res.status == "rejected"
    assert "rule.online_exceeds_total" in [p.code for p in res.analysis.errors]
    assert db.execute("select count(*) from observations").fetchone()[0] == 0


def test_previous_year_jump_is_a_warning_from_the_warehouse(db, put):
    load_file(db, put("2022.xlsx", xlsx_bytes(vertical_grid(year=2022))))
    vals = dict(EXPECTED, **{"ceremony.attendees": 450_000})
    g = vertical_grid(vals, year=2023)
    res = load_file(db, put("2023.xlsx", xlsx_bytes(g)))
    assert res.status == "accepted"
    jumps = [(p.code, p.cell) for p in res.analysis.warnings if p.code == "rule.year_jump"]
    assert jumps == [("rule.year_jump", g.cells["ceremony.attendees"])]


# ------------------------------------------------------------------------------------------------
# atomicity
# ------------------------------------------------------------------------------------------------
def test_previous_year_jump_within_one_batch_and_against_the_warehouse(db, put):
    load_file(db, put("2021.xlsx", xlsx_bytes(vertical_grid(year=2021))))
    jump = dict(EXPECTED, **{"ceremony.attendees": 450_000})
    files = [
        put("2022.xlsx", xlsx_bytes(vertical_grid(jump, year=2022))),  # vs the warehouse
        put("2023.xlsx", xlsx_bytes(vertical_grid(year=2023))),
    ]  # vs the file just before it
    results = list(etl.load.load_files(db, files, workers=1))
    assert [r.status for r in results] == ["accepted", "accepted"]
    for r in results:
        assert [p.code for p in r.analysis.warnings if p.code == "rule.year_jump"] == ["rule.year_jump"], r.file_name


def test_crash_half_way_leaves_the_warehouse_as_it_was(db, put, monkeypatch):
    load_file(db, put("first.xlsx", xlsx_bytes(vertical_grid(year=2022))))
    before = snapshot(db)
    real = etl.load._write_values
    calls = []

    def half_then_crash(con, sid, an, known=None, commit=False):  # never commits: it crashes first
        real(con, sid, dataclasses.replace(an, values=an.values[: len(an.values) // 2]), known)
        calls.append(con.execute("select count(*) from observations where submission_id = ?", [sid]).fetchone()[0])
        raise RuntimeError("disk full")

    monkeypatch.setattr(etl.load, "_write_values", half_then_crash)
    with pytest.raises(RuntimeError, match="disk full"):
        load_file(db, put("second.xlsx", xlsx_bytes(vertical_grid(year=2023))))
    assert calls == [len(EXPECTED) // 2]  # the half really was written inside the transaction
    assert snapshot(db) == before
    # the connection is usable and the same file loads completely afterwards
    monkeypatch.setattr(etl.load, "_write_values", real)
    res = load_file(db, put("second.xlsx", xlsx_bytes(vertical_grid(year=2023))))
    assert res.status == "accepted"
    assert province_values(db, 2023, "49") == {**EXPECTED, **derived(EXPECTED)}


def test_workers_analyse_ahead_results_come_in_input_order(tmp_path):
    folder = tmp_path / "in"
    files = _kill_folder(folder)[:12]
    bad = folder / "2023_zz_bad.xlsx"
    bad.write_bytes(xlsx_bytes(vertical_grid(overrides={"classes.language.learners": "-5"})))
    files = files[:6] + [bad, files[0]] + files[6:]  # a rejection and a duplicate in the middle
    out = {}
    for workers in (1, 2):
        con = connect(tmp_path / f"w{workers}.duckdb")
        results = list(etl.load.load_files(con, files, workers=workers))
        out[workers] = (
            [(r.file_name, r.status) for r in results],
            con.execute("select year, unit_code, indicator_code, value from current_values order by all").fetchall(),
        )
        con.close()
    assert out[1] == out[2]
    names, statuses = zip(*out[2][0])
    assert list(names) == [f.name for f in files]
    assert statuses[6:8] == ("rejected", "duplicate") and statuses.count("accepted") == 12


def test_a_folder_load_leaves_nothing_frozen_even_when_stopped_early(tmp_path):
    """The heap frozen while workers run is unfrozen when the last load ends, also when the caller
    stops reading results half way; a second load under way keeps it frozen until it ends too."""
    import gc

    files = _kill_folder(tmp_path / "in")[:10]
    assert gc.get_freeze_count() == 0
    con1, con2 = connect(tmp_path / "a.duckdb"), connect(tmp_path / "b.duckdb")
    first = etl.load.load_files(con1, files, workers=2, group=1)  # a result per file, while analysing
    assert next(first).status == "accepted"
    assert gc.get_freeze_count() > 0
    second = etl.load.load_files(con2, files, workers=2, group=1)
    assert next(second).status == "accepted"
    first.close()  # stopped early
    assert gc.get_freeze_count() > 0  # the second load is still under way
    assert all(r.ok for r in second)
    assert gc.get_freeze_count() == 0
    con1.close()
    con2.close()


def _mixed_folder(folder: Path) -> list[Path]:
    """Twelve provinces' reports with, after the sixth, a second report of the first province
    (later wins value by value, in the same group), a rejected file and a re-sent file."""
    files = _kill_folder(folder)[:12]
    bad = folder / "2023_zz_bad.xlsx"
    bad.write_bytes(xlsx_bytes(vertical_grid(overrides={"classes.language.learners": "-5"})))
    again = folder / "2022_01_bao_cao_lan_2.xlsx"
    again.write_bytes(
        xlsx_bytes(
            vertical_grid(
                {**EXPECTED, "direction.documents": 99, "ceremony.events": 1},
                year=2022,
                title_rows=3,
                province_upper="HÀ NỘI",
            )
        )
    )
    return files[:6] + [again, bad, files[0]] + files[6:]


def _outcome(con, results) -> tuple:
    log = con.execute("select file_name, status, n_values from submission_log order by id").fetchall()
    obs = con.execute(
        "select l.file_name, o.unit_code, o.indicator_code, o.value, o.sheet, o.cell from observations o "
        "join submission_log l on l.id = o.submission_id order by all"
    ).fetchall()
    cur = con.execute(
        "select c.year, c.unit_code, c.indicator_code, c.value, l.file_name from current_values c "
        "join submission_log l on l.id = c.submission_id order by all"
    ).fetchall()
    pv = con.execute("select * from province_values order by all").fetchall()
    units = con.execute("select * from units order by all").fetchall()
    return [(r.file_name, r.status) for r in results], log, obs, cur, pv, units


def test_a_folder_in_groups_lands_exactly_as_file_by_file(tmp_path, monkeypatch):
    """Group transactions are only cheaper: statuses, log, values, current values and views are
    those of one transaction per file, with a rejection, a duplicate and a later report in the group."""
    monkeypatch.setattr(etl.load, "GROUP_SECONDS", 1e9)  # groups by size only, whatever the machine's speed
    folder = tmp_path / "in"
    files = _mixed_folder(folder)
    out, single = {}, []
    real = etl.load.load_analysis

    def spy(*a, **k):  # one-file transactions: the path of group=1, and of a failed group
        single.append(a[1].file_name)
        return real(*a, **k)

    monkeypatch.setattr(etl.load, "load_analysis", spy)
    for group in (1, 3, 64):
        single.clear()
        con = connect(tmp_path / f"g{group}.duckdb")
        out[group] = _outcome(con, list(etl.load.load_files(con, files, workers=1, group=group)))
        con.close()
        assert len(single) == (len(files) - 1 if group == 1 else 0), group  # the duplicate writes nothing
    assert out[1] == out[3] == out[64]
    statuses = [s for _, s in out[64][0]]
    assert statuses[6:9] == ["accepted", "rejected", "duplicate"] and statuses.count("accepted") == 13
    cur = {(y, u, c): (v, f) for y, u, c, v, f in out[64][3]}
    assert cur[(2022, "01", "direction.documents")] == (99, "2022_01_bao_cao_lan_2.xlsx")


def test_a_group_that_fails_half_way_leaves_the_warehouse_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setattr(etl.load, "GROUP_SECONDS", 1e9)
    folder = tmp_path / "in"
    files = _kill_folder(folder)[:10]
    con = connect(tmp_path / "w.duckdb")
    assert [r.status for r in etl.load.load_files(con, files[:2], workers=1)] == ["accepted"] * 2
    before = snapshot(con)
    # the group's statements run, then the transaction fails before COMMIT; the error is raised only
    # if the group's values really were written inside it
    crash = (
        warehouse.write.values.INSERT_CURRENT_SQL + " SELECT CASE WHEN (SELECT count(*) FROM observations) = "
        f"{(len(files)) * len(EXPECTED)} THEN error('disk full') END;"
    )
    monkeypatch.setattr(warehouse.write.values, "INSERT_CURRENT_SQL", crash)
    with pytest.raises(duckdb.Error, match="disk full"):
        list(etl.load.load_files(con, files, workers=1))
    assert snapshot(con) == before
    monkeypatch.undo()
    results = list(etl.load.load_files(con, files, workers=1))
    assert [r.status for r in results] == ["duplicate"] * 2 + ["accepted"] * 8
    assert con.execute("select count(*) from current_values").fetchone()[0] == 10 * len(EXPECTED)
    con.close()


def test_a_group_that_meets_a_conflict_is_written_file_by_file(tmp_path, monkeypatch):
    """Another writer between the group's reads and its transaction (here: the same bytes accepted
    meanwhile) makes the group's log insert short: nothing of the group stays, and each file is
    written in its own transaction: the concurrent one is a duplicate, the others land."""
    monkeypatch.setattr(etl.load, "GROUP_SECONDS", 1e9)
    folder = tmp_path / "in"
    files = _kill_folder(folder)[:6]
    con = connect(tmp_path / "w.duckdb")
    real_flush, other = etl.load._Group.flush, []

    def another_writer_first(self, accepted):
        if self.items and not other:  # lands between the group's analysis and its write
            other.append(None)
            other[0] = load_file(self.con, files[3])
        yield from real_flush(self, accepted)

    monkeypatch.setattr(etl.load._Group, "flush", another_writer_first)
    audited = []
    results = list(etl.load.load_files(con, files, workers=1, audit=lambda rs: audited.extend(rs)))
    assert other[0].status == "accepted"
    assert [r.status for r in results] == ["accepted"] * 3 + ["duplicate"] + ["accepted"] * 2
    assert [r.file_name for r in audited] == [f.name for f in files]  # once each, after the redo
    assert con.execute("select count(*) from submission_log").fetchone()[0] == 6
    assert con.execute("select count(distinct submission_id) from observations").fetchone()[0] == 6
    assert con.execute("select count(*) from current_values").fetchone()[0] == 6 * len(EXPECTED)
    con.close()


def test_a_groups_audit_entries_are_written_in_its_transaction(tmp_path, monkeypatch):
    """The audit hook runs inside the group's transaction: if it fails, none of the group lands."""
    monkeypatch.setattr(etl.load, "GROUP_SECONDS", 1e9)
    files = _kill_folder(tmp_path / "in")[:5]
    con = connect(tmp_path / "w.duckdb")
    before = snapshot(con)

    def failing_audit(results):
        assert con.execute("select count(*) from submission_log").fetchone()[0] == 5  # written, not committed
        raise RuntimeError("audit log unavailable")

    with pytest.raises(RuntimeError, match="audit log unavailable"):
        list(etl.load.load_files(con, files, workers=1, audit=failing_audit))
    assert snapshot(con) == before
    con.close()


def test_a_transaction_the_caller_left_open_is_an_error_not_a_conflict(tmp_path):
    """A connection with an open transaction is the caller's mistake: the load says so instead of
    rolling the caller's work back and loading the files one by one."""
    files = _kill_folder(tmp_path / "in")[:3]
    con = connect(tmp_path / "w.duckdb")
    con.execute("begin transaction")
    with pytest.raises(duckdb.TransactionException):
        list(etl.load.load_files(con, files, workers=1))
    con.execute("rollback")
    assert con.execute("select count(*) from submission_log").fetchone()[0] == 0
    con.close()


def test_files_ready_before_an_error_land_and_are_reported(tmp_path, monkeypatch):
    """A file that cannot be read stops the load; the files analysed before it land first (and
    are reported), as they did file by file."""
    monkeypatch.setattr(etl.load, "GROUP_SECONDS", 1e9)
    files = _kill_folder(tmp_path / "in")[:4]
    gone = tmp_path / "in" / "2022_zz_gone.xlsx"
    con = connect(tmp_path / "w.duckdb")
    seen = []
    with pytest.raises(FileNotFoundError):
        for r in etl.load.load_files(con, [*files[:3], gone, files[3]], workers=1):
            seen.append((r.file_name, r.status))
    assert seen == [(f.name, "accepted") for f in files[:3]]
    assert con.execute("select count(*) from submission_log").fetchone()[0] == 3
    con.close()


def test_after_a_failed_group_the_files_committed_one_by_one_are_reported_before_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(etl.load, "GROUP_SECONDS", 1e9)
    files = _kill_folder(tmp_path / "in")[:5]
    con = connect(tmp_path / "w.duckdb")

    def conflict(*a, **k):
        raise etl.load._GroupConflict()

    real, calls = etl.load.load_analysis, []

    def third_fails(con_, an, **k):
        calls.append(an.file_name)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(con_, an, **k)

    monkeypatch.setattr(etl.load, "_write_group", conflict)
    monkeypatch.setattr(etl.load, "load_analysis", third_fails)
    seen = []
    with pytest.raises(OSError, match="disk full"):
        for r in etl.load.load_files(con, files, workers=1):
            seen.append(r.file_name)
    assert seen == [f.name for f in files[:2]]
    assert con.execute("select count(*) from submission_log").fetchone()[0] == 2
    con.close()


N_KILL_FILES = 60
KILL_AFTER = 5


def _kill_folder(folder: Path) -> list[Path]:
    folder.mkdir()
    files = []
    provinces = au.provinces(63)[:30]
    for year in (2022, 2023):
        for i, p in enumerate(provinces):
            vals = dict(EXPECTED, **{"direction.documents": 10 + i, "ceremony.events": year - 2000})
            g = vertical_grid(vals, year=year, title_rows=3, province_upper=p.name.upper())
            f = folder / f"{year}_{p.code}_bao_cao.xlsx"
            f.write_bytes(xlsx_bytes(g))
            files.append(f)
    assert len(files) == N_KILL_FILES
    return files


def _processes_with(text: str, wait: float) -> list[int]:
    """Pids of live processes whose command line contains `text`, after up to `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        pids = []
        for p in Path("/proc").iterdir():
            try:
                if (
                    p.name.isdigit()
                    and text in (p / "cmdline").read_bytes().decode(errors="replace")
                    and "Z" not in (p / "stat").read_text().split(")")[-1].split()[0]
                ):
                    pids.append(int(p.name))
            except OSError:
                continue
        if not pids or time.monotonic() > deadline:
            return pids
        time.sleep(0.2)


def test_sigkill_mid_load_leaves_only_complete_submissions(tmp_path):
    folder = tmp_path / "in"
    _kill_folder(folder)
    db_file = tmp_path / "wh" / "warehouse.duckdb"
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT))
    env.pop("LLW_DB", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl", "load", str(folder), "--db", str(db_file), "--quiet", "--group", "5"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    try:
        for line in proc.stdout:
            if line.startswith("ĐÃ NẠP"):
                seen.append(line)
            if len(seen) >= KILL_AFTER:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert len(seen) == KILL_AFTER, proc.returncode
    assert proc.returncode == -signal.SIGKILL
    # its analysis workers die with it instead of waiting for work forever
    assert _processes_with(str(db_file), wait=10) == []

    con = connect(db_file)  # recovers from the WAL, migrations are a no-op
    try:
        accepted = con.execute(
            "select id, n_values, stored_path from submission_log where status = 'accepted'"
        ).fetchall()
        assert KILL_AFTER <= len(accepted) < N_KILL_FILES
        # every file reported as loaded is in: results are printed only after their group commits
        names = {r[0] for r in con.execute("select file_name from submission_log").fetchall()}
        assert {line.split()[2].rstrip(":") for line in seen} <= names
        assert con.execute("select count(*) from submission_log where status <> 'accepted'").fetchone()[0] == 0
        for sid, n_values, stored in accepted:
            n_obs = con.execute("select count(*) from observations where submission_id = ?", [sid]).fetchone()[0]
            assert n_obs == n_values == len(EXPECTED), sid
            if stored:  # the kept original is whole: its name is its hash
                data = Path(stored).read_bytes()
                assert hashlib.sha256(data).hexdigest().startswith(Path(stored).stem)
        ids = {sid for sid, _, _ in accepted}
        with_values = con.execute("select distinct submission_id from observations").fetchall()
        assert {r[0] for r in with_values} == ids  # no orphan values from a half-written file
        cur = con.execute("select submission_id, count(*) from current_values group by all").fetchall()
        assert {s for s, _ in cur} == ids and all(n == len(EXPECTED) for _, n in cur)
        # loading the folder again completes the job: nothing doubled, nothing missing
        results = list(etl.load.load_files(con, sorted(folder.iterdir())))
        assert sorted(r.status for r in results).count("duplicate") == len(accepted)
        assert all(r.ok for r in results)
        n_accepted = con.execute("select count(*) from submission_log where status = 'accepted'").fetchone()[0]
        assert n_accepted == N_KILL_FILES
        assert con.execute("select count(*) from current_values").fetchone()[0] == N_KILL_FILES * len(EXPECTED)
    finally:
        con.close()


# ------------------------------------------------------------------------------------------------
# migrations
# ------------------------------------------------------------------------------------------------
def _create_v1(path: Path) -> None:
    first = sorted(MIGRATIONS.glob("001_*.sql"))
    assert len(first) == 1
    con = duckdb.connect(str(path))
    con.execute("create table schema_version (version integer primary key, applied_at timestamp)")
    con.execute(first[0].read_text(encoding="utf-8"))
    con.execute("insert into schema_version values (1, now())")
    refresh_reference(con)
    data = xlsx_bytes(vertical_grid())
    res = load_analysis(con, analyse("2023_QuangNam.xlsx", data))
    assert res.status == "accepted"
    con.close()


@pytest.mark.file_store_only(reason="a DuckDB file of schema version 1 upgraded by the DuckDB migrations")
def test_version_1_database_upgrades_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    _create_v1(path)
    raw = duckdb.connect(str(path))
    assert schema_version(raw) == 1
    views = {r[0] for r in raw.execute("select view_name from duckdb_views() where not internal").fetchall()}
    assert not views & set(VIEWS)
    before = snapshot(raw, TABLES)
    raw.close()

    con = connect(path)
    try:
        assert schema_version(con) == SCHEMA_VERSION > 1
        assert snapshot(con, TABLES) == before
        assert province_values(con, 2023, "49") == {**EXPECTED, **derived(EXPECTED)}
        assert con.execute("select count(*) from unit_values where unit_code = '49'").fetchone()[0] == len(EXPECTED)
    finally:
        con.close()
    con = connect(path)  # opening again applies nothing
    try:
        versions = [r[0] for r in con.execute("select version from schema_version order by 1").fetchall()]
        assert versions == [v for v, _ in migrations()]  # each once; numbers are allotted, gaps allowed
    finally:
        con.close()


# ------------------------------------------------------------------------------------------------
# roll-ups: districts, communes, 2025 successors
# ------------------------------------------------------------------------------------------------
def test_province_value_is_the_sum_of_its_districts(db, put):
    data, rows = hn_wide_bytes()
    res = load_file(db, put("hn.xlsx", data))
    assert res.status == "accepted"
    pv = province_values(db, 2023, "01")
    assert pv == {**WIDE_EXPECTED, **derived(WIDE_EXPECTED)}
    sums = dict(
        db.execute(
            "select indicator_code, sum(value) from unit_values where year = 2023 and "
            "province_code = '01' and unit_level = 'district' group by all"
        ).fetchall()
    )
    assert sums == WIDE_EXPECTED
    levels = dict(db.execute("select unit_level, count(distinct unit_code) from unit_values group by all").fetchall())
    assert levels == {"district": len(rows)}  # the province figure is summed by the view, not stored
    assert db.execute("select count(*) from observations where derived").fetchone()[0] == 0
    ba_dinh = dict(db.execute("select indicator_code, value from unit_values where unit_code = '001'").fetchall())
    assert ba_dinh == rows[0][1]
    assert db.execute("select distinct unit_name from unit_values where unit_code = '001'").fetchall() == [
        ("Quận Ba Đình",)
    ]


def test_commune_file_2025_lands_on_the_34_map(db, put):
    communes = au.communes("48", 34)[:5]
    rows = sub_unit_rows([c.name for c in communes])
    w = wide_grid(rows, year=2025, issuer_line="UBND THÀNH PHỐ ĐÀ NẴNG")
    assert load_file(db, put("dn.xlsx", xlsx_bytes(w.grid))).status == "accepted"
    assert province_values(db, 2025, "48") == {**WIDE_EXPECTED, **derived(WIDE_EXPECTED)}
    row = db.execute(
        "select distinct province_name, province_code_2025 from province_values where year = 2025"
    ).fetchall()
    assert row == [("Đà Nẵng", "48")]
    levels = {r[0] for r in db.execute("select unit_level from unit_values where unit_code <> '48'").fetchall()}
    assert levels == {"commune"}


def test_pre_2025_province_maps_to_its_2025_successor(db, put):
    load_file(db, put("qn.xlsx", xlsx_bytes(vertical_grid(year=2023, province_upper="QUẢNG NAM"))))
    load_file(db, put("dn.xlsx", xlsx_bytes(vertical_grid(year=2023, province_upper="ĐÀ NẴNG", title_rows=3))))
    rows = dict(
        db.execute(
            "select province_code, province_code_2025 from province_values where year = 2023 group by all"
        ).fetchall()
    )
    assert rows == {"49": "48", "48": "48"}
    # re-aggregated onto today's map, the two 2023 provinces add up exactly
    total = db.execute(
        "select sum(value) from province_values where year = 2023 and province_code_2025 = '48' "
        "and indicator_code = 'ceremony.attendees'"
    ).fetchone()[0]
    assert total == 2 * EXPECTED["ceremony.attendees"]


def _district_report(district_upper: str) -> bytes:
    """A district's own vertical form (Phòng GD&ĐT), sent up through Hà Nội in 2023."""
    g = vertical_grid(year=2023, title_rows=3, province_upper=district_upper)
    g.rows[0][0] = f"UBND {district_upper}"
    g.rows.insert(1, ["THÀNH PHỐ HÀ NỘI"])
    return xlsx_bytes(g)


def test_a_districts_own_report_lands_at_district_level(db, put):
    res = load_file(db, put("soc_son.xlsx", _district_report("HUYỆN SÓC SƠN")))
    assert res.status == "accepted"
    assert res.analysis.unit.code == "01"
    row = db.execute(
        "select unit_name, unit_level, province_code, value from unit_values "
        "where unit_code = '016' and indicator_code = 'ceremony.attendees'"
    ).fetchone()
    assert row == ("Huyện Sóc Sơn", "district", "01", 4500)


def test_two_district_reports_add_up_in_province_values(db, put):
    load_file(db, put("soc_son.xlsx", _district_report("HUYỆN SÓC SƠN")))
    load_file(db, put("ba_dinh.xlsx", _district_report("QUẬN BA ĐÌNH")))
    districts = db.execute(
        "select sum(value) from unit_values where province_code = '01' and unit_level = "
        "'district' and indicator_code = 'ceremony.attendees'"
    ).fetchone()[0]
    assert districts == 2 * 4500
    assert province_values(db, 2023, "01")["ceremony.attendees"] == districts


def test_officer_override_lands_under_the_chosen_year_and_unit(db, put):
    data = xlsx_bytes(vertical_grid(year=2023))  # titled Quảng Nam 2023
    an = analyse_for_warehouse(db, "bao_cao.xlsx", data, year=2022, unit="48", prefer_given=True)
    assert {p.code for p in an.warnings} >= {"year.overridden", "unit.overridden"}
    res = load_analysis(db, an)
    assert res.status == "accepted"
    assert province_values(db, 2022, "48")["ceremony.attendees"] == EXPECTED["ceremony.attendees"]
    assert province_values(db, 2023, "49") == {}
    again = load_file(db, put("bao_cao.xlsx", data), year=2022, unit="48", prefer_given=True)
    assert again.status == "duplicate"


def _hn_province_report(attendees: int) -> bytes:
    vals = dict(EXPECTED, **{"ceremony.attendees": attendees})
    return xlsx_bytes(vertical_grid(vals, year=2023, title_rows=3, province_upper="THÀNH PHỐ HÀ NỘI"))


def test_newest_wins_between_a_province_figure_and_its_districts_sum(db, put):
    load_file(db, put("hn_tinh.xlsx", _hn_province_report(10_000)))
    assert province_values(db, 2023, "01")["ceremony.attendees"] == 10_000
    load_file(db, put("soc_son.xlsx", _district_report("HUYỆN SÓC SƠN")))  # newer: districts' sum
    load_file(db, put("ba_dinh.xlsx", _district_report("QUẬN BA ĐÌNH")))
    assert province_values(db, 2023, "01")["ceremony.attendees"] == 9_000
    load_file(db, put("hn_tinh_sua.xlsx", _hn_province_report(12_345)))  # newer again: the province's own
    assert province_values(db, 2023, "01")["ceremony.attendees"] == 12_345


def test_districts_and_their_communes_are_not_counted_twice(db, put):
    load_file(db, put("soc_son.xlsx", _district_report("HUYỆN SÓC SƠN")))
    communes = [c.name for c in au.communes("01", 63)[:3]]
    w = wide_grid(sub_unit_rows(communes, codes=["ceremony.attendees"]), year=2023)
    assert load_file(db, put("xa.xlsx", xlsx_bytes(w.grid))).status == "accepted"
    assert db.execute("select count(*) from unit_values where unit_level = 'commune'").fetchone()[0] == 3
    assert province_values(db, 2023, "01")["ceremony.attendees"] == 4500  # the district level only


def test_unlisted_units_count_with_the_file_they_came_in(db, put):
    rows = sub_unit_rows([d.name for d in au.districts("01")[:3]] + ["Trung tâm GDTX Hà Nội"])
    res = load_file(db, put("hn.xlsx", xlsx_bytes(wide_grid(rows).grid)))
    assert res.status == "accepted"
    assert "unit.row_unmatched" in [p.code for p in res.analysis.warnings]
    assert province_values(db, 2023, "01")["ceremony.attendees"] == EXPECTED["ceremony.attendees"]


@pytest.mark.file_store_only(reason="DuckDB migration 3 on a file built at version 2")
def test_migration_3_drops_stored_province_sums_and_keeps_the_figures(tmp_path):
    path = tmp_path / "v2.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table schema_version (version integer primary key, applied_at timestamp)")
    for f in sorted(MIGRATIONS.glob("00[12]_*.sql")):
        con.execute(f.read_text(encoding="utf-8"))
    con.execute("insert into schema_version values (1, now()), (2, now())")
    refresh_reference(con)
    # what version 2 stored for a district table: the districts and the file's own province sum
    con.execute(
        "insert into submission_log (file_hash, file_name, status, submitted_by, submitted_at) "
        "values ('h', 'hn.xlsx', 'accepted', 't', now())"
    )
    for unit, level, value, derived_ in (
        ("001", "district", 100, False),
        ("016", "district", 50, False),
        ("01", "province", 150, True),
    ):
        con.execute(
            "insert into observations values (1, 2023, ?, ?, '01', 'ceremony.events', ?, 'S', 'A1', '', '', ?)",
            [unit, level, value, derived_],
        )
        con.execute(
            "insert into current_values values (2023, ?, 'ceremony.events', ?, 1, ?, '01')", [unit, value, level]
        )
    con.close()
    con = connect(path)
    try:
        assert schema_version(con) == SCHEMA_VERSION
        assert con.execute("select count(*) from current_values where unit_level = 'province'").fetchone()[0] == 0
        assert province_values(con, 2023, "01")["ceremony.events"] == 150
    finally:
        con.close()
