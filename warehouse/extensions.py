"""DuckDB extensions from the installed `duckdb-ext-*` wheels, never from the network.

The registry ships each extension as a wheel built for one duckdb release (the postgres extension
for the pinned 1.4.4 is `duckdb-ext-postgres==1.4.4.*`); the wheel puts the binary under
`duckdb_ext/extensions/v<duckdb version>/<platform>/<name>.duckdb_extension`. DuckDB would
otherwise download a missing extension on first use, which a Ministry server without Internet
cannot do and which would also run code nobody pinned, so connections that use an extension turn
autoinstall off and LOAD the file by its path."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb

from warehouse.store_export import sql_literal

# the file the postgres extension is built as ("postgres" is an alias DuckDB accepts in LOAD)
FILE_NAMES = {"postgres": "postgres_scanner"}
WHEELS = {"postgres": "duckdb-ext-postgres"}


class ExtensionMissing(RuntimeError):
    """The wheel of an extension is not installed for this duckdb version and platform."""


def extension_dirs() -> list[Path]:
    """Every installed `duckdb_ext` folder (a namespace package: each wheel adds its files)."""
    spec = importlib.util.find_spec("duckdb_ext")
    if spec is None or not spec.submodule_search_locations:
        return []
    return [Path(p) for p in spec.submodule_search_locations]


def extension_path(name: str, platform: str, version: str = duckdb.__version__) -> Path:
    """The installed binary of extension `name` for this duckdb version and platform."""
    file = f"{FILE_NAMES.get(name, name)}.duckdb_extension"
    for base in extension_dirs():
        path = base / "extensions" / f"v{version}" / platform / file
        if path.is_file():
            return path
    wheel = WHEELS.get(name, f"duckdb-ext-{name}")
    raise ExtensionMissing(
        f"Thiếu phần mở rộng '{name}' của duckdb {version} cho nền tảng {platform}: cài gói {wheel} "
        f"đúng phiên bản duckdb (có trong requirements.txt; chạy lại scripts/ensure_env.sh). "
        "Sản phẩm không tải phần mở rộng từ Internet."
    )


def load_bundled(con: duckdb.DuckDBPyConnection, name: str) -> Path:
    """LOAD extension `name` into `con` from its installed wheel; returns the file loaded. Turns off
    DuckDB's own download and autoload on this connection first, so nothing is fetched at run time."""
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    platform = con.execute("PRAGMA platform").fetchone()[0]
    path = extension_path(name, platform)
    con.execute("LOAD " + sql_literal(str(path)))  # LOAD takes no parameter: a quoted literal
    return path
