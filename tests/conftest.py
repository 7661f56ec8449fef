"""Fixtures shared across test modules: a demo warehouse built once per session through the real
loader, and an empty one. Tests that need a browser use tests/e2e_support.py.

The same tests run on the PostgreSQL store with LLW_TEST_STORE=postgres: one throwaway cluster
per session (tests/pg_support.py), and every warehouse file path a test names becomes a fresh
database of its own on it (warehouse.db maps paths while LLW_TEST_PG_SERVER is set, in this
process and in the CLI and servers it starts). Tests about the file itself are marked
`file_store_only` with their reason and skip there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pg_support import ON_POSTGRES  # noqa: E402 - after the path insert


def pytest_configure(config):
    config.addinivalue_line("markers", "file_store_only(reason): about the DuckDB file itself; skipped on PostgreSQL")


def pytest_collection_modifyitems(config, items):
    if not ON_POSTGRES:
        return
    for item in items:
        mark = item.get_closest_marker("file_store_only")
        if mark is not None:
            why = mark.kwargs.get("reason") or (mark.args[0] if mark.args else "về chính tệp DuckDB")
            item.add_marker(pytest.mark.skip(reason=f"chỉ kho tệp: {why}"))


@pytest.fixture(scope="session", autouse=True)
def _store_under_test():
    """LLW_TEST_STORE=postgres: a throwaway cluster for the session, every warehouse path mapped
    to a database on it."""
    if not ON_POSTGRES:
        yield None
        return
    from pg_support import throwaway_cluster

    with throwaway_cluster() as cluster:
        mp = pytest.MonkeyPatch()
        mp.setenv("LLW_TEST_PG_SERVER", f"postgresql://{cluster.user}@{cluster.host}:{cluster.port}")
        yield cluster
        from warehouse.db import close_stores

        close_stores()
        mp.undo()


@pytest.fixture(scope="session")
def pg_cluster(_store_under_test):
    """A PostgreSQL cluster for tests of the shared store itself: the session's when the suite runs
    on PostgreSQL, else one started for them (skipped where the server binaries are missing)."""
    if _store_under_test is not None:
        yield _store_under_test
        return
    from pg_support import throwaway_cluster

    with throwaway_cluster() as cluster:
        yield cluster
        from warehouse.db import close_stores

        close_stores()


@pytest.fixture
def pg_url(pg_cluster, monkeypatch) -> str:
    """A fresh database on the session's cluster, named by LLW_DB as a deployment would."""
    import uuid

    from warehouse import db as store

    url = f"postgresql://{pg_cluster.user}@{pg_cluster.host}:{pg_cluster.port}/llw_t{uuid.uuid4().hex[:12]}"
    store._create_database(url)
    monkeypatch.setenv("LLW_DB", url)
    monkeypatch.delenv("LLW_TEST_PG_SERVER", raising=False)
    return url


@pytest.fixture(autouse=True)
def _close_stores_after_each_test():
    """Each test's databases are left with nobody connected (the server's connection limit, and
    a database copied as a template must have no session)."""
    yield
    from warehouse.db import close_stores  # a no-op when no PostgreSQL store was opened

    close_stores()


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory):
    """Files the loader keeps between runs (the sub-unit index) go to a folder of this session,
    not the home directory of whoever runs the tests."""
    mp = pytest.MonkeyPatch()
    mp.setenv("LLW_CACHE_DIR", str(tmp_path_factory.mktemp("llw_cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def demo_db_master(tmp_path_factory) -> Path:
    """The demo warehouse for 2019–2025 (every province, four file shapes), built once. Treat as
    read-only; copy it with `demo_db` to write."""
    from etl.demo import build_demo

    root = tmp_path_factory.mktemp("demo_wh")
    db = root / "demo.duckdb"
    build_demo(db, out_dir=root / "files", echo=lambda _m: None)
    return db


@pytest.fixture
def demo_db(demo_db_master, tmp_path) -> Path:
    """A private, writable copy of the demo warehouse."""
    from warehouse.db import close_stores, copy_store

    target = tmp_path / "demo.duckdb"
    close_stores()
    copy_store(demo_db_master, target)
    return target


@pytest.fixture
def empty_db(tmp_path) -> Path:
    """A migrated warehouse with reference data and no submission."""
    from warehouse.db import connect

    db = tmp_path / "empty.duckdb"
    connect(db).close()
    return db
