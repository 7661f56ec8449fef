"""`python -m etl upgrade-store`: a warehouse written by duckdb 2.0.1 (the version pinned before
issue 15) carried over to the pinned duckdb, with its submissions, values, accounts, originals
and audit chain intact; the original untouched, an existing target never overwritten.

The 2.0.1 file is made by the project's own CLI running with duckdb 2.0.1, installed from the
registry into the test's cache folder by the same function the command uses. Without the
registry the test is skipped, except in CI (`CI` set), where it must run."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from durability_support import file_bytes, integrity

from auth import audit
from auth.audit import verify_chain
from etl import history
from etl.__main__ import cli
from warehouse.db import StoreVersionError, connect, transaction
from warehouse.upgrade import UpgradeError, ensure_duckdb, upgrade_store, written_by

ROOT = Path(__file__).resolve().parents[1]
OLD = "2.0.1"

# what the old file holds, read by the old duckdb itself (for comparison after the upgrade)
_DUMP = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
q = lambda sql: [list(map(str, r)) for r in con.execute(sql).fetchall()]
print(json.dumps({
    "version": duckdb.__version__,
    "submissions": q("select id, status, kind, n_values, stored_path from submission_log order by id"),
    "values": q("select submission_id, count(*), sum(value) from observations group by 1 order by 1"),
    "current": q("select * from current_values order by all"),
    "users": q("select username, role, password_hash from users order by 1"),
    "audit": q("select id, prev_hash, hash from audit_log order by id"),
}))
"""


def _dump(db: Path, duckdb_path: Path | None = None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(duckdb_path) if duckdb_path else ""}
    out = subprocess.run(
        [sys.executable, "-P", "-c", _DUMP, str(db)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def old_duckdb() -> Path:
    try:
        return ensure_duckdb(OLD)
    except UpgradeError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"duckdb {OLD} could not be installed from the registry: {exc}")


@pytest.fixture
def old_store(old_duckdb, tmp_path) -> Path:
    """A warehouse written by duckdb 2.0.1 through the project's CLI: four files loaded (originals
    kept in submissions/ beside it), an admin created, each with its audit entries."""
    folder = tmp_path / "old"
    files = folder / "reports"
    files.mkdir(parents=True)
    for i in range(4):
        (files / f"qn_{i}.xlsx").write_bytes(file_bytes(0, i))
    db = folder / "warehouse.duckdb"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(old_duckdb), str(ROOT)])}

    def etl(*args, stdin=None):
        out = subprocess.run(
            [sys.executable, "-m", "etl", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stdout + out.stderr
        return out.stdout

    etl("load", str(files), "--db", str(db), "--quiet")
    etl("users", "create-admin", "quantri", "--db", str(db), "--password-stdin", stdin="mat-khau-rat-dai-1\n")
    assert written_by(db) == OLD
    return db


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_a_2_0_1_store_is_carried_over_whole(old_store, old_duckdb, tmp_path):
    before = _dump(old_store, old_duckdb)
    assert before["version"] == OLD and len(before["submissions"]) == 4 and before["audit"]
    original_bytes = _sha(old_store)
    if duckdb.__version__ != OLD:
        with pytest.raises(duckdb.IOException):  # why the command exists
            duckdb.connect(str(old_store), read_only=True)

    target = tmp_path / "new" / "warehouse.duckdb"
    res = CliRunner().invoke(cli, ["upgrade-store", str(old_store), str(target)])
    assert res.exit_code == 0, res.output
    assert "ĐÃ CHUYỂN" in res.output and "Nhật ký kiểm toán nguyên vẹn" in res.output
    assert _sha(old_store) == original_bytes  # the original is only read
    assert written_by(target) == duckdb.__version__

    after = _dump(target)
    for key in ("values", "current", "users", "audit"):
        assert after[key] == before[key], key
    # the same submissions; their originals now beside the new file, byte for byte
    assert [s[:4] for s in after["submissions"]] == [s[:4] for s in before["submissions"]]
    con = connect(target)
    try:
        assert integrity(con) == [] and verify_chain(con) == []
        for sid, *_ in after["submissions"]:
            name, data = history.original_file(con, int(sid))
            assert data == (old_store.parent / "reports" / name).read_bytes()
            assert Path(history.submission(con, int(sid))["stored_path"]).parent == target.parent / "submissions"
        # the sequences go on from where they were: new rows get new ids, the chain continues
        with transaction(con):
            aid = audit.record(con, "quantri", "reference.change", "sau chuyển kho", {})
        assert aid == int(before["audit"][-1][0]) + 1 and verify_chain(con) == []
    finally:
        con.close()


def test_the_product_names_the_command_when_it_meets_a_2_0_1_store(old_store):
    if duckdb.__version__ == OLD:
        pytest.skip("the pinned duckdb reads this file")
    with pytest.raises(StoreVersionError) as err:
        connect(old_store, wait=30)  # at once: a newer file is not a lock worth waiting for
    assert "upgrade-store" in str(err.value) and OLD in str(err.value)


def test_upgrade_refuses_to_overwrite(old_store, tmp_path):
    target = tmp_path / "taken.duckdb"
    target.write_bytes(b"someone else's file")
    res = CliRunner().invoke(cli, ["upgrade-store", str(old_store), str(target)])
    assert res.exit_code == 2
    assert "không ghi đè" in res.output
    assert target.read_bytes() == b"someone else's file"
    with pytest.raises(UpgradeError) as err:
        upgrade_store(tmp_path / "missing.duckdb", tmp_path / "x.duckdb")
    assert err.value.usage and not (tmp_path / "x.duckdb").exists()


def test_a_store_of_the_pinned_version_needs_no_other_duckdb(tmp_path, empty_db):
    """A file the pinned duckdb opens is exported and imported by it (this also compacts a file
    grown by many open-write-close cycles); same folder, so the originals are shared."""
    con = connect(empty_db)
    with transaction(con):
        audit.record(con, "cli", "reference.change", "x", {})
    con.close()
    target = empty_db.parent / "copy.duckdb"
    res = upgrade_store(empty_db, target)
    assert res.from_version == res.to_version == duckdb.__version__
    assert res.tables["audit_log"] == 1 and res.originals_copied == 0
    con = connect(target, read_only=True)
    assert verify_chain(con) == [] and integrity(con) == []
    con.close()
