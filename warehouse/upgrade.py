"""Carry a warehouse file over to the pinned duckdb: export it, import it into a new file.

A file written by a newer duckdb cannot be opened by an older one (duckdb 1.4 refuses 2.x files),
and the project pins the version that keeps committed loads under several processes (README,
*Nhiều tiến trình cùng một kho*). So the export side runs the duckdb that wrote the file: its
header names the version; that version is installed once from the package registry with pip into
a private folder (`LLW_CACHE_DIR/duckdb-<version>`, nothing else on the machine changes) and
`warehouse/store_export.py` runs in a separate process with it first on the path, writing every
table to Parquet with a fingerprint of each. The pinned duckdb then imports the folder into a
new file, checks that every table holds exactly the rows that were exported (the audit log's
hash chain included, row for row), applies the migrations the file lacks, and only then gives
the new file its name. The original is never written; an existing target is never overwritten.

Stored originals (`submissions/` beside the warehouse) are copied next to the new file when it
lives in another folder, and the paths in `submission_log` follow them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse.db import migrate, written_by
from warehouse.store_export import fingerprint
from warehouse.write.store import checkpoint, import_database, set_stored_paths

EXPORT_SCRIPT = Path(__file__).resolve().parent / "store_export.py"
ORIGINALS = "submissions"  # the folder of kept originals beside a warehouse (etl.submit.store_dir)


class UpgradeError(Exception):
    """The store could not be carried over; the message is for people (Vietnamese). `usage`: the
    request itself was wrong (no such source, a target that exists), nothing was tried."""

    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.usage = usage


@dataclass
class UpgradeResult:
    source: Path
    target: Path
    from_version: str  # duckdb that read the original
    to_version: str  # duckdb that wrote the new file (the pinned one)
    tables: dict[str, int] = field(default_factory=dict)  # rows per table, as checked
    originals_copied: int = 0
    paths_moved: int = 0  # stored_path values that now point at the copied originals
    seconds: float = 0.0


def pinned_can_open(path: Path) -> bool:
    try:
        duckdb.connect(str(path), read_only=True).close()
        return True
    except duckdb.IOException as exc:
        if "version" in str(exc).lower():
            return False
        raise UpgradeError(f"Không mở được kho {path}: {exc}") from exc


def cache_dir() -> Path:
    base = os.environ.get("LLW_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "llw"
    return Path(base)


def ensure_duckdb(version: str, echo: Callable[[str], None] = lambda _m: None) -> Path:
    """A folder holding duckdb `version`, installed once with pip from the registry (the wheel
    only, into its own folder; the project's environment is not touched)."""
    target = cache_dir() / f"duckdb-{version}"
    if (target / "duckdb" / "__init__.py").is_file():
        return target
    echo(f"Cài duckdb {version} vào thư mục riêng {target} (một lần, từ kho gói PyPI) để đọc tệp kho cũ…")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".duckdb-{version}-", dir=target.parent))
    try:
        out = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp), f"duckdb=={version}"],
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise UpgradeError(
                f"Không cài được duckdb {version} (cần mạng tới kho gói PyPI): {out.stderr.strip()[-500:]}"
            )
        tmp.rename(target)  # whole or not at all: another run never sees half an install
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def export_store(source: Path, folder: Path, duckdb_path: Path | None) -> dict:
    """Run the export in its own process (with `duckdb_path` first on its path); its manifest."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if duckdb_path is not None:
        env["PYTHONPATH"] = str(duckdb_path)
    out = subprocess.run(
        [sys.executable, "-P", str(EXPORT_SCRIPT), str(source), str(folder)], capture_output=True, text=True, env=env
    )
    if out.returncode != 0:
        raise UpgradeError(f"Xuất kho {source} thất bại: {out.stderr.strip()[-800:]}")
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def upgrade_store(
    source: str | Path,
    target: str | Path,
    *,
    from_version: str | None = None,
    echo: Callable[[str], None] = lambda _m: None,
) -> UpgradeResult:
    """Write `target` (which must not exist) with the pinned duckdb, holding everything `source`
    holds. `from_version`: the duckdb to read `source` with when the pinned one cannot (default:
    the version in the file's header)."""
    start = time.monotonic()
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise UpgradeError(f"Không có tệp kho {source}.", usage=True)
    for p in (target, Path(f"{target}.wal")):
        if p.exists():
            raise UpgradeError(
                f"Tệp {p} đã có; lệnh này không ghi đè. Chọn tên khác hoặc tự dời tệp đó đi.", usage=True
            )
    if pinned_can_open(source):
        reader, folder = duckdb.__version__, None
    else:
        reader = from_version or written_by(source)
        if not reader:
            raise UpgradeError(
                f"Không biết phiên bản duckdb nào đã ghi {source}; hãy chỉ rõ bằng --from-version.", usage=True
            )
        folder = ensure_duckdb(reader, echo)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".upgrade-", dir=target.parent))
    part = work / "new.duckdb"
    try:
        echo(f"Xuất {source} bằng duckdb {reader} (Parquet, chỉ đọc tệp gốc)…")
        manifest = export_store(source, work / "export", folder)
        echo(f"Nhập vào tệp mới bằng duckdb {duckdb.__version__} và đối chiếu từng bảng…")
        con = duckdb.connect(str(part))
        try:
            import_database(con, work / "export")
            found = fingerprint(con)
            want = {t: list(v) for t, v in manifest["tables"].items()}
            differ = sorted(t for t in want.keys() | found.keys() if want.get(t) != found.get(t))
            if differ:
                raise UpgradeError(f"Tệp mới không khớp tệp gốc ở bảng: {', '.join(differ)}; không ghi gì.")
            migrate(con)
            copied, moved = _carry_originals(con, source.parent, target.parent)
            checkpoint(con)
        finally:
            con.close()
        if target.exists():
            raise UpgradeError(f"Tệp {target} vừa xuất hiện trong lúc chuyển; lệnh này không ghi đè.")
        part.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return UpgradeResult(
        source,
        target,
        reader,
        duckdb.__version__,
        {t: v[0] for t, v in manifest["tables"].items()},
        copied,
        moved,
        time.monotonic() - start,
    )


def _carry_originals(con: duckdb.DuckDBPyConnection, old_dir: Path, new_dir: Path) -> tuple[int, int]:
    """Copy the kept originals next to the new file when it lives elsewhere (a file already there
    with other bytes stops the upgrade), and point `stored_path` at the copies."""
    src, dst = (old_dir / ORIGINALS).resolve(), (new_dir / ORIGINALS).resolve()
    if src == dst or not src.is_dir():
        return 0, 0
    copied = 0
    for f in sorted(src.iterdir()):
        if not f.is_file() or f.name.endswith(".part"):
            continue
        to = dst / f.name
        if to.exists():
            if to.read_bytes() != f.read_bytes():
                raise UpgradeError(f"Tệp gốc {to} đã có với nội dung khác; lệnh này không ghi đè.")
            continue
        dst.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, to)
        copied += 1
    moved = []
    for sid, stored in con.execute(
        "select id, stored_path from submission_log where stored_path is not null"
    ).fetchall():
        p = Path(stored).resolve()
        if p.parent == src:
            moved.append((str(dst / p.name), sid))
    if moved:
        set_stored_paths(con, moved)
    return copied, len(moved)
