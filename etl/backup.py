"""Backup and restore of a warehouse and the original files kept beside it (`submissions/`).

Backup runs while the app runs: DuckDB lets one process write a file, and a read connection
cannot open while another process writes, so `backup` opens a read-only connection (retrying for
`wait` seconds: a folder load holds the file until it ends) and, holding it, exports every table
(EXPORT DATABASE, Parquet: schema, sequences at their current value, data — one consistent
snapshot, since no writer can come in) and copies the originals. Every row refers to an original
written before its transaction committed, so the copy holds all of them. Never a raw copy of a file
that may be being written.

Layout of one backup (a folder named llw-YYYYmmdd-HHMMSS, written as .part and renamed when whole):
    manifest.json       what, when, from where, row count per table, audit chain head,
                        sha256 and size of every file below
    warehouse/          schema.sql, load.sql, one .parquet per table
    submissions/        the kept originals (named by their hash)

`restore` checks every checksum first, imports into a new file beside nothing (it refuses to
overwrite), points the originals' paths at the new submissions/ folder, then checks row counts,
the audit hash chain and its head against the manifest before moving the file into place."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.db import PostgresStore, connect, db_path
from warehouse.dump import audit_head, export_to, import_new, table_counts
from warehouse.write.store import checkpoint, move_originals

FORMAT = "llw-backup"
FORMAT_VERSION = 1
PREFIX = "llw-"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Vietnamese and says what to do."""


@dataclass(frozen=True)
class Done:
    path: Path
    manifest: dict


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _originals(con: duckdb.DuckDBPyConnection, store: Path) -> tuple[list[Path], list[str]]:
    """Files to copy (the store folder, and any original a row names outside it) and the
    originals rows name that are gone."""
    files = {p.name: p for p in sorted(store.glob("*")) if p.is_file() and not p.name.endswith(".part")}
    missing = []
    for (stored,) in con.execute(
        "select distinct stored_path from submission_log where stored_path is not null"
    ).fetchall():
        p = Path(stored)
        if p.name in files:
            continue
        if p.is_file():
            files[p.name] = p
        else:
            missing.append(stored)
    return list(files.values()), missing


def backup(
    db: str | Path | None, dest_root: str | Path, *, wait: float = 600.0, now: dt.datetime | None = None
) -> Done:
    """A consistent backup of the warehouse `db` (and its originals) in a new folder under `dest_root`."""
    src = db_path(db).resolve()
    if isinstance(src, PostgresStore):
        raise BackupError(
            f"Kho {src.label} là PostgreSQL: sao lưu bằng pg_dump, tệp gốc bằng cách chép thư mục dùng chung "
            "(README, mục Nhiều máy chủ). Lệnh backup chỉ dành cho kho tệp DuckDB."
        )
    if not src.exists():
        raise BackupError(f"Không có kho dữ liệu {src}: không có gì để sao lưu.")
    root = Path(dest_root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    final = root / f"{PREFIX}{stamp}"
    if final.exists():
        raise BackupError(f"Đã có bản sao lưu {final}; chờ một giây rồi chạy lại.")
    part = root / f".{PREFIX}{stamp}.part"
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir()
    try:
        try:
            con = connect(src, read_only=True, wait=wait)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            raise BackupError(
                f"Kho {src} đang được ghi suốt {wait:.0f} giây (một lần nạp dài?); chưa sao lưu. "
                f"Chạy lại sau, hoặc tăng --wait. Chi tiết: {exc}"
            ) from None
        try:  # everything below reads one snapshot: no writer can open the file meanwhile
            export_to(con, part / "warehouse")
            counts = table_counts(con)
            head = audit_head(con)
            version = con.execute("select max(version) from schema_version").fetchone()[0]
            demo = con.execute("select count(*) from warehouse_info where key = 'demo' and value = '1'").fetchone()[0]
            originals, missing = _originals(con, src.parent / "submissions")
            (part / "submissions").mkdir()
            for f in originals:
                shutil.copy2(f, part / "submissions" / f.name)
        finally:
            con.close()
        files = {
            str(p.relative_to(part)): {"sha256": _sha256(p), "bytes": p.stat().st_size}
            for p in sorted(part.rglob("*"))
            if p.is_file()
        }
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": (now or dt.datetime.now()).isoformat(timespec="seconds"),
            "source": str(src),
            "duckdb_version": duckdb.__version__,
            "schema_version": version,
            "demo": bool(demo),
            "tables": counts,
            "audit_log": {"rows": counts.get("audit_log", 0), "head": head},
            "originals_missing": missing,
            "files": files,
        }
        (part / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(part, final)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    return Done(final, manifest)


def prune(dest_root: str | Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups under `dest_root`; returns those removed."""
    backups = sorted(p for p in Path(dest_root).glob(f"{PREFIX}*") if (p / "manifest.json").is_file())
    gone = backups[:-keep] if keep > 0 else []
    for p in gone:
        shutil.rmtree(p)
    return gone


def read_manifest(backup_dir: str | Path) -> dict:
    path = Path(backup_dir) / "manifest.json"
    if not path.is_file():
        found = sorted(Path(backup_dir).glob(f"{PREFIX}*/manifest.json"))
        hint = f" Bản mới nhất trong thư mục này: {found[-1].parent}" if found else ""
        raise BackupError(f"{backup_dir} không phải một bản sao lưu (không có manifest.json).{hint}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{path} hỏng, không đọc được: {exc}") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path} không phải bản sao lưu của sản phẩm này (định dạng {FORMAT} {FORMAT_VERSION}).")
    return manifest


def verify(backup_dir: str | Path) -> list[str]:
    """What is wrong with a backup's files (Vietnamese, one line each): [] when every file listed
    is there with its size and sha256 and no other file was added."""
    root = Path(backup_dir)
    manifest = read_manifest(root)
    problems = []
    for rel, want in manifest["files"].items():
        p = root / rel
        if not p.is_file():
            problems.append(f"thiếu tệp {rel}")
        elif p.stat().st_size != want["bytes"] or _sha256(p) != want["sha256"]:
            problems.append(f"tệp {rel} đã bị thay đổi (sai mã kiểm tra sha256)")
    listed = set(manifest["files"]) | {"manifest.json"}
    problems += [
        f"tệp lạ không có trong manifest: {rel}"
        for rel in sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        if rel not in listed
    ]
    return problems


def restore(backup_dir: str | Path, new_db: str | Path) -> Done:
    """Verify the backup and restore it as the new warehouse file `new_db` (which must not exist),
    its originals into the submissions/ folder beside it. Nothing is left behind on failure."""
    from auth.audit import verify_chain

    root = Path(backup_dir).resolve()
    manifest = read_manifest(root)
    problems = verify(root)
    if problems:
        raise BackupError(f"Bản sao lưu {root} không nguyên vẹn, không khôi phục: " + "; ".join(problems[:10]))
    target = Path(new_db).resolve()
    if target.exists() or Path(str(target) + ".wal").exists():
        raise BackupError(f"{target} đã có: không ghi đè. Chọn một tệp mới với --db.")
    store = target.parent / "submissions"
    clashes = [
        f.name
        for f in (root / "submissions").iterdir()
        if (store / f.name).exists() and _sha256(store / f.name) != manifest["files"][f"submissions/{f.name}"]["sha256"]
    ]
    if clashes:
        raise BackupError(f"{store} đã có tệp cùng tên nhưng khác nội dung ({', '.join(clashes[:5])}): không ghi đè.")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(f".{target.name}.restoring")
    for p in (work, Path(str(work) + ".wal")):
        p.unlink(missing_ok=True)
    copied: list[Path] = []
    try:
        con = import_new(work, root / "warehouse")
        try:
            # originals now live beside the new file; the row keeps the same file name
            move_originals(con, str(store))
            _check_restored(con, manifest, verify_chain)
            checkpoint(con)
        finally:
            con.close()
        store.mkdir(parents=True, exist_ok=True)
        for f in sorted((root / "submissions").iterdir()):
            dest = store / f.name
            if not dest.exists():
                shutil.copy2(f, dest)
                copied.append(dest)
        os.replace(work, target)
    except BaseException:
        for p in (work, Path(str(work) + ".wal"), *copied):
            p.unlink(missing_ok=True)
        raise
    connect(target).close()  # brings an older backup's schema up to date (migrations)
    return Done(target, manifest)


def _check_restored(con: duckdb.DuckDBPyConnection, manifest: dict, verify_chain) -> None:
    counts = table_counts(con)
    if counts != manifest["tables"]:
        diff = sorted(t for t in set(counts) | set(manifest["tables"]) if counts.get(t) != manifest["tables"].get(t))
        raise BackupError(f"Số dòng sau khi khôi phục khác bản sao lưu ở các bảng: {', '.join(diff)}.")
    bad = verify_chain(con)
    if bad or audit_head(con) != manifest["audit_log"]["head"]:
        raise BackupError(f"Nhật ký kiểm toán khôi phục không khớp chuỗi mã băm ({len(bad)} dòng sai).")
