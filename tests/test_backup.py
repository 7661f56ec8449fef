"""`etl backup` / `etl restore` (issue 17): a backup taken while a folder load runs in another
process is a consistent snapshot; restored into a fresh folder, every table, every original file
and the audit chain compare equal; a damaged backup or an existing target is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from fixtures_factory import EXPECTED, vertical_grid, xlsx_bytes

from auth import audit
from etl.__main__ import cli
from etl.backup import BackupError, backup, restore, verify
from etl.demo_files import write_demo_submissions

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Mat-khau-dung-1\n"


def cli_ok(*args, input=None):
    res = CliRunner().invoke(cli, [str(a) for a in args], input=input)
    assert res.exit_code == 0, res.output
    return res


@pytest.fixture
def prod(tmp_path, monkeypatch) -> Path:
    """A real warehouse with an admin, an officer and one load (so the audit log has a chain),
    its original kept in submissions/ beside it."""
    monkeypatch.delenv("LLW_DB", raising=False)
    db = tmp_path / "prod" / "warehouse.duckdb"
    cli_ok("init", "--db", db)
    cli_ok("users", "create-admin", "quantri", "--password-stdin", "--db", db, input=PASSWORD)
    cli_ok("users", "add", "canbo", "--role", "data_officer", "--province", "49@63", "--password-stdin", "--db", db,
           input=PASSWORD)  # fmt: skip
    f = tmp_path / "2023_QuangNam.xlsx"
    f.write_bytes(xlsx_bytes(vertical_grid(year=2023)))
    cli_ok("load", f, "--db", db, "--by", "canbo")
    return db


def table_rows(db: Path) -> dict[str, list]:
    """Every base table, rows sorted; an original's path compared by file name (restore points it
    at the new submissions/ folder)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        out = {}
        for t in names:
            cols = [r[0] for r in con.execute(f'describe "{t}"').fetchall()]
            select = ", ".join(
                "regexp_extract(stored_path, '[^/]+$') as stored_path" if c == "stored_path" else f'"{c}"' for c in cols
            )
            out[t] = con.execute(f'select {select} from "{t}" order by all').fetchall()
        return out
    finally:
        con.close()


def audit_state(db: Path) -> tuple[list[int], list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return audit.verify_chain(con), con.execute("select id, prev_hash, hash from audit_log order by id").fetchall()
    finally:
        con.close()


def test_backup_while_a_load_runs_then_restore_compares_equal(prod, tmp_path):
    folder = tmp_path / "incoming"
    write_demo_submissions(folder, years=[2024])
    env = dict(os.environ, PYTHONPATH=str(ROOT), LLW_DB_WAIT_SECONDS="300")
    load = subprocess.Popen(
        [sys.executable, "-m", "etl", "load", str(folder), "--db", str(prod), "--group", "1", "--quiet"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = load.stdout.readline()  # the load holds the warehouse from before its first result to its end
        assert first.startswith("ĐÃ NẠP"), first + load.stderr.read()
        done = backup(prod, tmp_path / "backups", wait=300)
        rest, err = load.communicate(timeout=600)
    finally:
        load.kill()
    assert load.returncode == 0, rest + err
    assert done.path.parent == tmp_path / "backups" and (done.path / "manifest.json").is_file()
    assert verify(done.path) == []

    # the backup is the warehouse as the load left it: nothing half-copied, nothing missing
    source = table_rows(prod)
    assert done.manifest["tables"] == {t: len(rows) for t, rows in source.items()}
    assert done.manifest["tables"]["submission_log"] > 60 and done.manifest["originals_missing"] == []

    target = tmp_path / "fresh" / "data" / "warehouse.duckdb"
    restore(done.path, target)
    assert table_rows(target) == source
    src_bad, src_chain = audit_state(prod)
    new_bad, new_chain = audit_state(target)
    assert src_bad == new_bad == [] and new_chain == src_chain and len(new_chain) > 60
    kept = sorted(p.name for p in (prod.parent / "submissions").iterdir())
    assert sorted(p.name for p in (target.parent / "submissions").iterdir()) == kept
    for name in kept:
        assert (target.parent / "submissions" / name).read_bytes() == (prod.parent / "submissions" / name).read_bytes()

    # the restored warehouse is a working one: sequences go on, originals are found where they now are
    f = tmp_path / "2022_QuangNam.xlsx"
    f.write_bytes(xlsx_bytes(vertical_grid(EXPECTED, year=2022)))
    res = cli_ok("load", f, "--db", target)
    assert "ĐÃ NẠP" in res.output
    con = duckdb.connect(str(target), read_only=True)
    try:
        paths = [
            Path(r[0])
            for r in con.execute("select stored_path from submission_log where stored_path is not null").fetchall()
        ]
        assert paths and all(p.is_file() and p.parent == target.parent / "submissions" for p in paths)
        assert audit.verify_chain(con) == []
    finally:
        con.close()


def test_restore_refuses_a_damaged_backup_and_an_existing_target(prod, tmp_path):
    done = backup(prod, tmp_path / "backups")
    res = CliRunner().invoke(cli, ["restore", str(done.path), "--check"])
    assert res.exit_code == 0 and "NGUYÊN VẸN" in res.output

    existing = tmp_path / "other" / "warehouse.duckdb"
    existing.parent.mkdir()
    existing.write_bytes(b"keep me")
    with pytest.raises(BackupError, match="không ghi đè"):
        restore(done.path, existing)
    assert existing.read_bytes() == b"keep me"

    parquet = next((done.path / "warehouse").glob("audit_log*.parquet"))
    data = bytearray(parquet.read_bytes())
    data[len(data) // 2] ^= 0xFF
    parquet.write_bytes(bytes(data))
    assert any("audit_log" in p for p in verify(done.path))
    target = tmp_path / "fresh" / "warehouse.duckdb"
    res = CliRunner().invoke(cli, ["restore", str(done.path), "--db", str(target)])
    assert res.exit_code == 1 and "không nguyên vẹn" in res.output and "sha256" in res.output
    assert not target.exists() and not (target.parent / "submissions").exists()


def test_backup_cli_says_what_it_did_and_keeps_the_newest(prod, tmp_path):
    dest = tmp_path / "backups"
    import datetime as dt

    for day in (1, 2, 3):
        backup(prod, dest, now=dt.datetime(2026, 12, day, 2, 0))
    res = CliRunner().invoke(cli, ["backup", str(dest), "--db", str(prod), "--keep", "2"])
    assert res.exit_code == 0, res.output
    assert "ĐÃ SAO LƯU" in res.output and "1 tệp gốc" in res.output
    left = sorted(p.name for p in dest.iterdir())
    assert len(left) == 2 and "llw-20261201-020000" not in left and "llw-20261202-020000" not in left
