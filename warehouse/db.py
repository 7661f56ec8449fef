"""Where the warehouse lives and how to open it. The schema is versioned: opening a file for
writing applies the migrations it lacks, in one transaction, so an older file upgrades in place.

Two stores run the same product SQL. The default is a DuckDB file. `LLW_DB=postgresql://…` (or that
URL as any `--db`) selects PostgreSQL as the store of record for several app replicas and loaders:
`connect()` then returns an in-memory DuckDB connection with the postgres extension loaded from
its wheel and the database ATTACHed and USEd, so queries run unchanged (DuckDB pushes filters
down); the analyst views are DuckDB views made on each connection; tables, keys, CHECKs and
sequences live in PostgreSQL (migrations/postgres/)."""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.write.postgres import CATALOG as PG_CATALOG
from warehouse.write.postgres import is_postgres
from warehouse.write.transaction import transaction  # noqa: F401 - the one helper, re-exported

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "warehouse.duckdb"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PG_MIGRATIONS = MIGRATIONS / "postgres"


def is_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


@dataclass(frozen=True)
class PostgresStore:
    """Where a PostgreSQL store is: its URL, standing in for the file path the rest of the product
    passes around (`str()` gives the URL back, so it round-trips through settings and caches).
    `parent` is the shared folder beside it (LLW_SHARED_DIR) where, like beside a file store, the
    kept originals go; every replica must mount the same folder there."""

    url: str
    folder: Path | None = None  # the suite's mapped store: the folder of the file path it stands for

    def __str__(self) -> str:
        return self.url

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[-1].split("?", 1)[0]

    @property
    def label(self) -> str:
        """The URL without a password, for messages."""
        return re.sub(r"//([^:/@]+):[^@/]*@", r"//\1@", self.url)

    @property
    def parent(self) -> Path:
        return self.folder or Path(os.environ.get("LLW_SHARED_DIR") or DEFAULT_DB.parent)

    def resolve(self) -> PostgresStore:
        return self

    def exists(self) -> bool:
        """Whether the database is there (a test-mapped one is created by its first connect)."""
        return _pg_database_exists(self.url)


def db_path(path: str | Path | PostgresStore | None = None) -> Path | PostgresStore:
    """The store `path` (else LLW_DB, else data/warehouse.duckdb) names: a file path, or a
    PostgresStore for a postgresql:// URL. With LLW_TEST_PG_SERVER set (the suite on PostgreSQL,
    tests/conftest.py) every file path names a database of its own on that server instead."""
    if isinstance(path, PostgresStore):
        return path
    where = str(path or os.environ.get("LLW_DB") or DEFAULT_DB)
    if is_url(where):
        return PostgresStore(where, _mapped_folders.get(where))
    server = os.environ.get("LLW_TEST_PG_SERVER")
    if server:  # the suite on PostgreSQL: each warehouse file path is a database of its own
        url = _mapped_url(server, Path(where))
        _mapped_folders[url] = Path(where).parent
        return PostgresStore(url, Path(where).parent)
    return Path(where)


_mapped_folders: dict[str, Path] = {}


def _mapped_url(server: str, file: Path) -> str:
    digest = hashlib.sha1(str(file.resolve()).encode()).hexdigest()[:20]
    return f"{server.rstrip('/')}/llw_{digest}"


def is_postgres_store(path=None) -> bool:
    return isinstance(db_path(path), PostgresStore)


def migrations(postgres: bool = False) -> list[tuple[int, Path]]:
    folder = PG_MIGRATIONS if postgres else MIGRATIONS
    return sorted((int(p.name.split("_", 1)[0]), p) for p in folder.glob("*.sql"))


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
    postgres = is_postgres(con)
    current = schema_version(con)
    pending = [(v, p) for v, p in migrations(postgres) if v > current]
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
    if isinstance(p, PostgresStore):
        return _connect_postgres(p, read_only)
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


# --- PostgreSQL ---------------------------------------------------------------------------------


def _connect_postgres(store: PostgresStore, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection of this process's DuckDB instance that has the store attached (made once:
    loading the extension and attaching cost ~0,3 s, a cursor ~1 ms), migrated on the first
    writing open, with the analyst views made on it: they are DuckDB SQL, not kept in PostgreSQL.
    `read_only` only skips the migration: what may write is decided by the caller's statements."""
    from warehouse.write.views import create_session_views

    root = _root(store)
    con = root.cursor()
    con.execute(f"USE {PG_CATALOG}")
    if not read_only and store.url not in _migrated:
        migrate(con)
        _migrated.add(store.url)
    create_session_views(con)
    return con


_roots: dict[str, duckdb.DuckDBPyConnection] = {}
_migrated: set[str] = set()
_roots_lock = threading.Lock()


def _root(store: PostgresStore) -> duckdb.DuckDBPyConnection:
    """The process's DuckDB instance for `store` (waiting up to LLW_DB_WAIT_SECONDS for the server)."""
    from warehouse.write import postgres

    with _roots_lock:
        if store.url in _roots:
            return _roots[store.url]
        if os.environ.get("LLW_TEST_PG_SERVER"):
            _create_database(store.url)
        deadline = time.monotonic() + _wait_seconds()
        while True:
            try:
                root = postgres.attach(store.url)
                break
            except duckdb.Error:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.2)
        _roots[store.url] = root
        return root


def close_stores() -> None:
    """Close every PostgreSQL store this process attached (the suite, between tests: each test's
    database is dropped or copied with nobody connected)."""
    with _roots_lock:
        for root in _roots.values():
            root.close()
        _roots.clear()
        _migrated.clear()


def pg_data_version(store: PostgresStore) -> int:
    """The store's data version (one query on a cursor of the process's instance); 0 for a
    database not created or not migrated yet, as a missing file's fingerprint is zeros."""
    from warehouse.write import postgres

    if not store.exists():
        return 0
    con = _root(store).cursor()
    try:
        return postgres.data_version(con)
    except duckdb.CatalogException:
        return 0
    except duckdb.BinderException as exc:
        if "does not exist" in str(exc):
            return 0
        raise
    finally:
        con.close()


_admin_lock = threading.Lock()
_known_databases: set[str] = set()


def _server_and_name(url: str) -> tuple[str, str]:
    base, _, rest = url.rpartition("/")
    return base, rest.split("?", 1)[0]


def _admin(url: str) -> duckdb.DuckDBPyConnection:
    """A connection to the server's `postgres` database (where databases are listed and made)."""
    from warehouse.write import postgres

    return postgres.attach(_server_and_name(url)[0] + "/postgres")


def _pg_database_exists(url: str) -> bool:
    """Asked of the server (cached once true: databases are not dropped under a running product)."""
    if url in _known_databases:
        return True
    try:
        con = _admin(url)
    except duckdb.Error:
        return False
    try:
        found = con.execute(
            "SELECT count(*) FROM postgres_query(?, 'SELECT datname FROM pg_database') WHERE datname = ?",
            [PG_CATALOG, _server_and_name(url)[1]],
        ).fetchone()[0]
    finally:
        con.close()
    if found:
        _known_databases.add(url)
    return bool(found)


def _checked_name(url: str) -> str:
    name = _server_and_name(url)[1]
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise ValueError(f"Tên cơ sở dữ liệu không hợp lệ: {name}")
    return name


def _create_database(url: str, template: str | None = None) -> None:
    """The suite's mapped databases only (a production store is created by its administrator)."""
    from warehouse.write import postgres

    with _admin_lock:
        if url in _known_databases:
            return
        if _pg_database_exists(url):
            return
        con = _admin(url)
        try:
            if template:
                postgres.copy_database(con, _checked_name(url), _checked_name(template))
            else:
                postgres.create_database(con, _checked_name(url))
        finally:
            con.close()
        _known_databases.add(url)


def copy_store(source, target) -> None:
    """The suite's copy of a warehouse: a file copied, or a PostgreSQL database made from another
    as its template (nobody may be connected to the source meanwhile)."""
    import shutil

    src, dst = db_path(source), db_path(target)
    if isinstance(src, PostgresStore) and isinstance(dst, PostgresStore):
        close_stores()
        _create_database(dst.url, template=src.url)
    else:
        shutil.copy(src, dst)
