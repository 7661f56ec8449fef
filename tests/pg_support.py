"""A throwaway PostgreSQL cluster for tests: Debian's PostgreSQL server binaries, a data folder in
tmp, a free TCP port on 127.0.0.1, trust authentication, stopped and deleted afterwards.

PostgreSQL refuses to run as root, and CI runs as root: there `initdb` and the server run as the
unprivileged `postgres` user the Debian package creates (or LLW_PG_USER), through `runuser`.
Where no server binaries exist the tests that need one skip with a message, except when
LLW_REQUIRE_POSTGRES=1 (set by .ci/run), where they fail."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from e2e_support import free_port

# The suite runs on the PostgreSQL store (tests/conftest.py maps every warehouse path to a database)
ON_POSTGRES = os.environ.get("LLW_TEST_STORE") == "postgres"


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int
    user: str
    dbname: str = "postgres"

    @property
    def dsn(self) -> str:
        """libpq key=value form, as DuckDB's ATTACH … (TYPE postgres) takes it."""
        return f"host={self.host} port={self.port} user={self.user} dbname={self.dbname}"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"


def server_bin() -> Path | None:
    """The folder of Debian's newest PostgreSQL server binaries (initdb, pg_ctl), or of a PATH initdb."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def require_postgres() -> Path:
    path = server_bin()
    if path:
        return path
    msg = "Không có máy chủ PostgreSQL (gói Debian 'postgresql'): bỏ qua. Cài bằng scripts/install_system_deps.sh"
    if os.environ.get("LLW_REQUIRE_POSTGRES") == "1":
        pytest.fail(msg)
    pytest.skip(msg)


def _as_user() -> tuple[list[str], str]:
    """(command prefix, role name): root runs the server as an unprivileged user."""
    if os.geteuid() != 0:
        import getpass

        return [], getpass.getuser()
    user = os.environ.get("LLW_PG_USER", "postgres")
    return ["runuser", "-u", user, "--"], user


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """initdb + pg_ctl start in a fresh folder of the system's temp dir, yield the cluster, stop
    and delete it. Not under pytest's tmp_path: that is private to root, and the server's user
    must reach its folder."""
    bindir = require_postgres()
    prefix, user = _as_user()
    base = Path(tempfile.mkdtemp(prefix="llw-pg-"))
    data, sockets = base / "pgdata", base / "sockets"
    sockets.mkdir()
    if prefix:
        shutil.chown(base, user)
        shutil.chown(sockets, user)
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8"]
        + ["--locale=C.UTF-8", "--no-sync"],
        check=True,
        capture_output=True,
    )
    port = free_port()
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "server.log"), "-w"]
        + ["-t", "60", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield Cluster("127.0.0.1", port, user)
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        time.sleep(0.1)
        shutil.rmtree(base, ignore_errors=True)
