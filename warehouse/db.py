"""Where the warehouse lives and how to open it. The schema is versioned: opening a file for
writing applies the migrations it lacks, in one transaction, so an older file upgrades in place."""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb

from warehouse.write.transaction import transaction  # noqa: F401 - the one helper, re-exported

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "warehouse.duckdb"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def db_path(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get("LLW_DB") or DEFAULT_DB)


def migrations() -> list[tuple[int, Path]]:
    return sorted((int(p.name.split("_", 1)[0]), p) for p in MIGRATIONS.glob("*.sql"))


SCHEMA_VERSION = migrations()[-1][0]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    has = con.execute("select count(*) from information_schema.tables where table_name = 'schema_version'").fetchone()[
        0
    ]
    if not has:
        return 0
    return con.execute("select coalesce(max(version), 0) from schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the schema up to date; returns the version now in force."""
    current = schema_version(con)
    pending = [(v, p) for v, p in migrations() if v > current]
    if not pending:
        return current
    from warehouse.write.schema import apply_migrations  # the write package imports nothing from here

    apply_migrations(con, pending)
    return pending[-1][0]


class StoreVersionError(RuntimeError):
    """The file was written by a newer duckdb than the pinned one; the message (Vietnamese) names
    the command that carries it over."""


def written_by(path: Path) -> str | None:
    """The duckdb version recorded in a file's header ('2.0.1'), or None when it is not there.
    (The main header follows the first 8 bytes: magic 'DUCK', storage version, flags, then the
    library version as a zero-padded string.)"""
    try:
        with open(path, "rb") as f:
            head = f.read(96)
    except OSError:
        return None
    if head[8:12] != b"DUCK":
        return None
    text = head[52:84].split(b"\0", 1)[0].decode("ascii", "replace")
    return text[1:] if text.startswith("v") and text[1:2].isdigit() else None


def _version_error(p: Path) -> StoreVersionError:
    return StoreVersionError(
        f"Tệp kho {p} do duckdb {written_by(p) or 'mới hơn'} ghi; sản phẩm dùng duckdb {duckdb.__version__} "
        f"nên không mở được. Chuyển nó sang một tệp mới: python -m etl upgrade-store {p} <tệp mới> "
        "(README, mục Chuyển kho sang phiên bản duckdb của sản phẩm)."
    )


def _wait_seconds() -> float:
    return float(os.environ.get("LLW_DB_WAIT_SECONDS", "5"))


def connect(
    path: str | Path | None = None, read_only: bool = False, wait: float | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (read-write: migrated first). DuckDB lets one process write a file at a
    time, so while another process holds it (the CLI loading, the app answering a click) opening
    is retried for `wait` seconds (LLW_DB_WAIT_SECONDS, default 5) before the lock error is raised."""
    p = db_path(path)
    if not read_only:
        p.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + (_wait_seconds() if wait is None else wait)
    while True:
        try:
            con = duckdb.connect(str(p), read_only=read_only)
            break
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if "newer version" in str(exc):  # not a lock: waiting will not help
                raise _version_error(p) from exc
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)
    if not read_only:
        migrate(con)
    return con
