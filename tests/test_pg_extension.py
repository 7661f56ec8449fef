"""The PostgreSQL store's two foundations (issue 19), proved on real parts: DuckDB's postgres
extension loads from the installed wheel with downloads switched off, and through it a throwaway
PostgreSQL cluster enforces what DuckLake could not (primary keys, CHECKs, sequences) and reports
a concurrent-update conflict that a writer can retry."""

from __future__ import annotations

import threading

import duckdb
import pytest
from pg_support import throwaway_cluster

from warehouse.extensions import ExtensionMissing, extension_path, load_bundled

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    with throwaway_cluster() as c:
        yield c


def attached(cluster) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    load_bundled(con, "postgres")
    con.execute(f"ATTACH '{cluster.dsn}' AS pg (TYPE postgres)")
    return con


def test_the_extension_loads_from_the_wheel_and_never_from_the_network():
    con = duckdb.connect()
    path = load_bundled(con, "postgres")
    assert path.name == "postgres_scanner.duckdb_extension" and "site-packages" in str(path)
    loaded = con.execute(
        "select loaded, install_path from duckdb_extensions() where extension_name = 'postgres_scanner'"
    ).fetchone()
    assert loaded[0] is True
    assert con.execute("select current_setting('autoinstall_known_extensions')").fetchone()[0] is False


def test_a_missing_extension_says_which_wheel_to_install_in_vietnamese():
    with pytest.raises(ExtensionMissing, match="cài gói duckdb-ext-postgres"):
        extension_path("postgres", "linux_amd64", version="0.0.1")


def test_postgresql_enforces_keys_checks_and_sequences_through_duckdb(cluster):
    con = attached(cluster)
    con.execute(
        "CALL postgres_execute('pg', 'create table if not exists t_keys (id serial primary key, "
        "file_hash text unique not null, value bigint check (value >= 0))')"
    )
    con.execute("insert into pg.public.t_keys (file_hash, value) values ('a', 1)")
    with pytest.raises(duckdb.Error, match="(?i)unique|duplicate"):
        con.execute("insert into pg.public.t_keys (file_hash, value) values ('a', 2)")
    with pytest.raises(duckdb.Error, match="(?i)check"):
        con.execute("insert into pg.public.t_keys (file_hash, value) values ('b', -1)")
    con.execute("insert into pg.public.t_keys (file_hash, value) values ('c', 3)")
    ids = [r[0] for r in con.execute("select id from pg.public.t_keys order by id").fetchall()]
    assert len(ids) == 2 and ids[0] < ids[1]  # the sequence gave the ids, the refused rows left nothing


def test_two_writers_on_one_row_conflict_and_the_retry_succeeds(cluster):
    """Serializable transactions on the same row: one writer gets 'could not serialize access',
    retries, and both increments land (the write package will retry this way)."""
    setup = attached(cluster)
    setup.execute("CALL postgres_execute('pg', 'create table if not exists counter (k int primary key, n int)')")
    setup.execute("CALL postgres_execute('pg', 'insert into counter values (1, 0) on conflict do nothing')")
    barrier = threading.Barrier(2)
    conflicts = []

    def bump() -> None:
        con = attached(cluster)
        first = True
        for _ in range(10):
            try:
                con.execute("begin")
                con.execute("CALL postgres_execute('pg', 'set transaction isolation level serializable')")
                n = con.execute("select n from pg.public.counter where k = 1").fetchone()[0]
                if first:
                    barrier.wait(10)  # both have read before either writes
                    first = False
                con.execute("update pg.public.counter set n = ? where k = 1", [n + 1])
                con.execute("commit")
                return
            except duckdb.Error as e:
                conflicts.append(str(e))
                con.execute("rollback")

    threads = [threading.Thread(target=bump) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert setup.execute("select n from pg.public.counter where k = 1").fetchone()[0] == 2
    assert any("could not serialize access" in c for c in conflicts), conflicts  # met, and retried
