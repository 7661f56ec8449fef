"""PostgreSQL as the shared store (issue 19): `LLW_DB=postgresql://…` selects it, the product's SQL
runs on it through DuckDB, PostgreSQL enforces the keys and CHECKs, ids come from its sequences,
writers on several processes queue behind one another (nothing lost, nothing twice, the audit
chain whole), and the data version pages cache on is the counter every write bumps.

The rest of the suite runs on this store too with LLW_TEST_STORE=postgres (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from fixtures_factory import EXPECTED, vertical_grid, xlsx_bytes

from auth import audit
from reference import admin_units as au
from warehouse.db import MIGRATIONS, PG_MIGRATIONS, PostgresStore, connect, db_path, migrations
from warehouse.queries import data_version
from warehouse.write import retrying, transaction
from warehouse.write.postgres import is_postgres

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def _put(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def pg_tables(con) -> set[str]:
    sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    rows = con.execute("SELECT tablename FROM postgres_query('llw_pg', ?)", [sql]).fetchall()
    return {r[0] for r in rows}


def test_a_postgresql_url_selects_the_shared_store_and_it_enforces_keys_and_checks(pg_url):
    where = db_path()
    assert isinstance(where, PostgresStore) and str(where) == pg_url
    con = connect()
    assert is_postgres(con)
    assert {"submission_log", "current_values", "audit_log", "store_version", "schema_version"} <= pg_tables(con)
    assert con.execute("select max(version) from schema_version").fetchone()[0] == migrations(postgres=True)[-1][0]
    assert con.execute("select count(*) from provinces").fetchone()[0] == len(au.provinces(63)) + len(au.provinces(34))
    with pytest.raises(duckdb.ConstraintException), transaction(con):
        con.execute("INSERT INTO provinces VALUES (63, '01', 'x', 'x', '01')")  # the key is taken
    with pytest.raises(duckdb.ConstraintException), transaction(con):
        con.execute(
            "INSERT INTO submission_log (file_hash, file_name, status, submitted_by, submitted_at) "
            "VALUES ('h', 'f', 'bogus', 'me', now())"
        )
    assert con.execute("select count(*) from submission_log").fetchone()[0] == 0
    con.close()


def test_the_product_loads_and_reads_through_views_made_per_connection(pg_url, tmp_path):
    from etl.load import load_file

    con = connect()
    res = load_file(con, _put(tmp_path / "in", "qn.xlsx", xlsx_bytes(vertical_grid(year=2023))))
    assert res.status == "accepted"
    again = load_file(con, tmp_path / "in" / "qn.xlsx")
    assert again.status == "duplicate" and again.duplicate_of == res.submission_id
    con.close()
    reader = connect(read_only=True)
    got = dict(
        reader.execute(
            "select indicator_code, value from province_values where year = 2023 and province_code = '49'"
        ).fetchall()
    )
    assert got["ceremony.events"] == EXPECTED["ceremony.events"]
    assert got["funding.total"] == EXPECTED["funding.state_budget"] + EXPECTED["funding.socialized"]
    views = reader.execute("SELECT * FROM postgres_query('llw_pg', 'SELECT viewname FROM pg_views')").fetchall()
    assert "province_values" not in {v[0] for v in views}  # a DuckDB view, never stored in PostgreSQL
    ids = [r[0] for r in reader.execute("select id from submission_log order by id").fetchall()]
    assert ids == [res.submission_id]  # drawn from PostgreSQL's sequence; the duplicate wrote no row
    reader.close()


def test_the_data_version_is_the_counter_every_write_bumps(pg_url, tmp_path):
    from etl.load import load_file

    connect().close()
    first = data_version()
    assert first[0] == pg_url and data_version() == first  # reading changes nothing
    con = connect()
    con.execute("select count(*) from province_values").fetchall()
    assert data_version() == first
    load_file(con, _put(tmp_path / "in", "qn.xlsx", xlsx_bytes(vertical_grid(year=2023))))
    assert data_version()[1] > first[1]
    con.close()


def test_a_conflicting_unit_of_work_is_redone_whole_and_other_errors_are_not():
    calls = []

    def conflicted_once():
        calls.append(1)
        if len(calls) == 1:
            raise duckdb.Error("ERROR:  could not serialize access due to concurrent update")
        return "done"

    assert retrying(conflicted_once) == "done" and len(calls) == 2
    calls.clear()

    def broken():
        calls.append(1)
        raise duckdb.Error("ERROR:  relation does not exist")

    with pytest.raises(duckdb.Error, match="does not exist"):
        retrying(broken)
    assert len(calls) == 1


_AUDIT_WRITER = """
import sys
from auth import audit
from warehouse.db import connect
from warehouse.write import transaction
con = connect()
for i in range(int(sys.argv[2])):
    with transaction(con):
        audit.record(con, sys.argv[1], "auth.sign_in", str(i))
"""


def test_writers_in_several_processes_keep_the_audit_chain_whole(pg_url):
    """Each process appends to the chain, reading the last hash first: without the writers'
    queue two of them would link to the same entry."""
    connect().close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen([sys.executable, "-c", _AUDIT_WRITER, f"writer{i}", "15"], cwd=ROOT, env=env) for i in range(3)
    ]
    assert [p.wait(300) for p in procs] == [0, 0, 0]
    con = connect(read_only=True)
    assert con.execute("select count(*) from audit_log").fetchone()[0] == 45
    assert audit.verify_chain(con) == []
    con.close()


def _province_files(folder: Path, provinces, year: int) -> list[Path]:
    return [
        _put(
            folder,
            f"{year}_{p.code}.xlsx",
            xlsx_bytes(
                vertical_grid(
                    dict(EXPECTED, **{"direction.documents": 100 + i}), year=year, province_upper=p.name.upper()
                )
            ),
        )
        for i, p in enumerate(provinces)
    ]


def test_two_loaders_at_once_lose_nothing_and_load_a_shared_file_once(pg_url, tmp_path):
    provinces = au.provinces(34)
    files = _province_files(tmp_path / "all", provinces, 2025)
    halves = [tmp_path / "a", tmp_path / "b"]
    for h in halves:
        h.mkdir()
    for i, f in enumerate(files):
        (halves[i % 2] / f.name).write_bytes(f.read_bytes())
    shared = files[0].name  # the same file in both folders
    (halves[1] / shared).write_bytes(files[0].read_bytes())
    connect().close()
    env = dict(os.environ, PYTHONPATH=str(ROOT), LLW_DB=pg_url, LLW_SHARED_DIR=str(tmp_path / "shared"))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "etl", "load", str(h), "--quiet"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for h in halves
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    con = connect(read_only=True)
    accepted = con.execute(
        "select file_name, count(*) from submission_log where status = 'accepted' group by file_name"
    ).fetchall()
    assert sorted(accepted) == sorted((f.name, 1) for f in files)  # every file once, the shared one too
    values = dict(
        con.execute(
            "select province_code, value from province_values where year = 2025 "
            "and indicator_code = 'direction.documents'"
        ).fetchall()
    )
    assert values == {p.code: 100 + i for i, p in enumerate(provinces)}
    n_obs = con.execute("select count(*) from observations").fetchone()[0]
    assert n_obs == len(files) * len(EXPECTED)
    assert audit.verify_chain(con) == []
    con.close()


def test_every_migration_after_the_postgresql_start_comes_in_both_dialects():
    pg = {v for v, _ in migrations(postgres=True)}
    first = min(pg)
    assert first == 10 and (PG_MIGRATIONS / "010_initial.sql").is_file()
    duck = {v for v, _ in migrations() if v > first}
    assert duck <= pg, f"thiếu bản PostgreSQL của migration {sorted(duck - pg)} trong {PG_MIGRATIONS}"
    assert MIGRATIONS != PG_MIGRATIONS


def test_messages_never_show_the_password():
    from warehouse.mode import describe

    where = PostgresStore("postgresql://llw:bi-mat@db.example:5432/llw")
    assert where.label == "postgresql://llw@db.example:5432/llw"
    assert "bi-mat" not in describe(where, False)
    assert where.name == "llw"


def test_the_file_backup_command_points_a_postgresql_store_to_pg_dump(tmp_path):
    from etl.backup import BackupError, backup

    with pytest.raises(BackupError, match="pg_dump") as err:
        backup("postgresql://llw:bi-mat@db.example:5432/llw", tmp_path / "bk")
    assert "bi-mat" not in str(err.value) and not (tmp_path / "bk").exists()


def test_replicas_opening_a_new_store_together_migrate_it_once(pg_url):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    opener = "from warehouse.db import connect; connect().close()"
    procs = [subprocess.Popen([sys.executable, "-c", opener], cwd=ROOT, env=env) for _ in range(3)]
    assert [p.wait(300) for p in procs] == [0, 0, 0]
    con = connect(read_only=True)
    assert con.execute("select count(*) from schema_version").fetchone()[0] == len(migrations(postgres=True))
    assert con.execute("select count(*) from indicators").fetchone()[0] > 0
    con.close()
