"""A process killed with SIGKILL in the middle of a write leaves a warehouse that opens, holds
every submission, account and audit line committed before, and passes the integrity check; the
interrupted write is wholly absent (issue 15). The writes are the project's own: a folder load
(the CLI, and `load_files` paused inside a group's transaction), a revert, an account change."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from durability_support import file_bytes, integrity

from auth import accounts
from auth.audit import verify_chain
from auth.upload_audit import install
from etl import history
from etl.load import load_files
from warehouse.db import connect

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).resolve().parent / "crash_support.py"

pytestmark = pytest.mark.slow


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "LLW_DB_WAIT_SECONDS": "60"}


def write_files(folder: Path, writer: int, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        p = folder / f"w{writer}_{i:03d}.xlsx"
        p.write_bytes(file_bytes(writer, i))
        paths.append(p)
    return paths


def load(db: Path, paths: list[Path], actor: str = "officer") -> list[int]:
    install()
    con = connect(db)
    try:
        return [r.submission_id for r in load_files(con, paths, submitted_by=actor, workers=1)]
    finally:
        con.close()


def state(db: Path) -> dict:
    """Everything the tests compare, read after reopening: the file must open read-write (the
    interrupted transaction's log replayed or dropped) and pass the full scan."""
    con = connect(db)
    try:
        assert integrity(con) == []
        return {
            "submissions": con.execute("select id, status, kind, n_values from submission_log order by id").fetchall(),
            "values": dict(con.execute("select submission_id, count(*) from observations group by 1").fetchall()),
            "current": con.execute("select * from current_values order by all").fetchall(),
            "users": con.execute("select username, role, active from users order by 1").fetchall(),
            "audit": con.execute("select id, hash from audit_log order by id").fetchall(),
            "chain": verify_chain(con),
        }
    finally:
        con.close()


def kill_when(proc: subprocess.Popen, line: str) -> list[str]:
    """Read the child's lines until `line`, then SIGKILL it; the lines read."""
    seen = []
    for text in proc.stdout:
        seen.append(text.strip())
        if text.strip() == line:
            break
    else:
        proc.wait()
        raise AssertionError(f"the child ended without {line!r}: {seen} {proc.stderr.read()[-2000:]}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return seen


def child(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *map(str, args)],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def warehouse(empty_db, tmp_path):
    """Committed history: six files of Quảng Nam (two per year), an admin and an officer."""
    before = load(empty_db, write_files(tmp_path / "before", 0, 6))
    con = connect(empty_db)
    accounts.create_user(con, "setup", "quantri", "Quản trị", "admin", password="mat-khau-dai-1")
    accounts.create_user(con, "setup", "canbo", "Cán bộ", "data_officer", password="mat-khau-dai-2")
    con.close()
    assert len(before) == 6
    return empty_db


def assert_kept(before: dict, after: dict) -> None:
    """Every committed thing of `before` is in `after` (a later write may change a status or role,
    never remove a row or a value)."""
    assert after["chain"] == []
    ids = {(i, k, n) for i, _, k, n in after["submissions"]}
    assert {(i, k, n) for i, _, k, n in before["submissions"]} <= ids
    for sid, n in before["values"].items():
        assert after["values"].get(sid) == n
    assert {u for u, _, _ in before["users"]} <= {u for u, _, _ in after["users"]}
    assert before["audit"] == after["audit"][: len(before["audit"])]


def test_kill_inside_a_folder_load_transaction(warehouse, tmp_path):
    before = state(warehouse)
    folder = tmp_path / "batch"
    write_files(folder, 1, 5)
    kill_when(child("load-paused", warehouse, folder), "PAUSED")
    after = state(warehouse)
    assert after == before  # the group in flight is wholly absent, audit entries included
    assert len(load(warehouse, sorted(folder.glob("*.xlsx")))) == 5  # loading again completes the job
    assert_kept(before, state(warehouse))


def test_kill_the_cli_in_the_middle_of_a_folder_load(warehouse, tmp_path):
    """`python -m etl load FOLDER --group 1` killed after a few files were reported loaded: each
    of those is there with its values, nothing else half-written; running it again completes."""
    before = state(warehouse)
    folder = tmp_path / "folder"
    write_files(folder, 2, 14)
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl", "load", str(folder), "--db", str(warehouse), "--group", "1", "--quiet"],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reported = []
    for line in proc.stdout:
        if line.startswith("ĐÃ NẠP"):
            reported.append(int(line.rsplit("#", 1)[1].rstrip(")\n")))
            if len(reported) == 4:
                break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = state(warehouse)
    assert_kept(before, after)
    present = {s[0]: s for s in after["submissions"]}
    for sid in reported:
        assert present[sid][1] == "accepted" and after["values"][sid] == present[sid][3] > 0
    rerun = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(folder), "--db", str(warehouse), "--quiet"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    final = state(warehouse)
    assert_kept(after, final)
    assert (
        len([s for s in final["submissions"] if s[0] not in dict.fromkeys(x[0] for x in before["submissions"])]) == 14
    )


def test_kill_in_the_middle_of_a_revert(warehouse):
    before = state(warehouse)
    first = before["submissions"][0][0]  # 2016, loaded twice: going back to the first changes values
    kill_when(child("revert-paused", warehouse, first), "PAUSED")
    after = state(warehouse)
    assert after == before  # statuses, current values and audit untouched
    con = connect(warehouse)
    res = history.revert(con, first, "officer")  # and the revert still works afterwards
    con.close()
    assert res.ok and res.reverted
    assert_kept(before, state(warehouse))


def test_kill_in_the_middle_of_an_account_change(warehouse):
    before = state(warehouse)
    kill_when(child("role-paused", warehouse, "canbo", "national_officer"), "PAUSED")
    after = state(warehouse)
    assert after == before
    assert ("canbo", "data_officer", True) in after["users"]
    con = connect(warehouse)
    accounts.change_role(con, "quantri", "canbo", "national_officer")
    con.close()
    final = state(warehouse)
    assert_kept(before, final)
    assert ("canbo", "national_officer", True) in final["users"]


@pytest.mark.parametrize("seed", range(3))
def test_kill_at_a_random_moment_of_open_write_close(warehouse, tmp_path, seed):
    """A child loads file after file, each open → write → commit → close (closing checkpoints the
    log into the file); it is killed at a random moment after a few commits, so the kill may fall
    in an analysis, a transaction, a commit or a checkpoint. Every id it reported is there."""
    before = state(warehouse)
    folder = tmp_path / "cycle"
    write_files(folder, 3 + seed, 12)
    proc = child("cycle", warehouse, folder)
    rng = random.Random(seed)
    committed = []
    stop_after = rng.randint(2, 8)
    for line in proc.stdout:
        if line.startswith("COMMITTED"):
            committed.append(int(line.split()[1]))
            if len(committed) == stop_after:
                break
    try:
        proc.wait(timeout=rng.uniform(0.0, 0.15))  # somewhere in the next file's cycle
    except subprocess.TimeoutExpired:
        pass
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = state(warehouse)
    assert_kept(before, after)
    present = {s[0]: s for s in after["submissions"]}
    for sid in committed:
        assert present[sid][1] == "accepted" and after["values"][sid] == present[sid][3]


def test_the_integrity_check_finds_a_damaged_file(warehouse, tmp_path):
    """The check the tests above rely on can fail: bytes overwritten in the middle of the file make
    the full scan (or the opening) report it."""
    damaged = tmp_path / "damaged.duckdb"
    data = bytearray(warehouse.read_bytes())
    for at in range(len(data) // 3, len(data) - 4096, 4096):  # every block after the first third
        data[at + 100 : at + 400] = os.urandom(300)
    damaged.write_bytes(bytes(data))
    try:
        con = duckdb.connect(str(damaged), read_only=True)
    except duckdb.Error:
        return  # refused at opening: damage found
    try:
        assert integrity(con) != []
    finally:
        con.close()
