"""Fixtures shared across test modules: a demo warehouse built once per session through the real
loader, and an empty one. Tests that need a browser use tests/e2e_support.py."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


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
    target = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_master, target)
    return target


@pytest.fixture
def empty_db(tmp_path) -> Path:
    """A migrated warehouse with reference data and no submission."""
    from warehouse.db import connect

    db = tmp_path / "empty.duckdb"
    connect(db).close()
    return db
