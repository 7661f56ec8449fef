"""The submission log: a received file's row (accepted or rejected, never twice accepted for the
same bytes), the status changes of revert and withdraw, and the rows that record those actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields

import duckdb

from warehouse.write import postgres
from warehouse.write.columns import column


@dataclass(frozen=True)
class FileRow:
    """One received file, as the log keeps it. `id` is drawn beforehand for a group of files
    (`next_submission_ids`), else by the insert."""

    file_hash: str
    file_name: str
    year: int | None
    unit_code: str | None
    unit_name: str | None
    shape: str | None
    status: str  # accepted | rejected
    n_values: int
    messages: str  # JSON list of problems
    submitted_by: str
    submitted_at: dt.datetime
    stored_path: str | None
    id: int | None = None


# A file's row is inserted only if no accepted submission has the same bytes: the duplicate check
# and the insert are one statement inside the caller's transaction.
_NOT_ACCEPTED_BEFORE = (
    "WHERE NOT EXISTS (SELECT 1 FROM submission_log s "
    "WHERE s.file_hash = n.file_hash AND s.status = 'accepted' AND s.kind = 'file')"
)
_FILE_COLUMNS = (
    "file_hash, file_name, year, unit_code, unit_name, shape, status, n_values, messages, submitted_by, "
    "submitted_at, stored_path"
)


def insert_file(con: duckdb.DuckDBPyConnection, row: FileRow) -> int | None:
    """The file's log row; its id, or None when the same bytes were accepted before (nothing written)."""
    params = {k: v for k, v in asdict(row).items() if k != "id"}
    if postgres.is_postgres(con):  # no RETURNING through the extension: the id is drawn first
        params["id"] = postgres.next_ids(con, "submission_id_seq", 1)[0]
        inserted = con.execute(
            f"INSERT INTO submission_log (id, {_FILE_COLUMNS}) "
            "SELECT $id, $file_hash, $file_name, $year, $unit_code, $unit_name, $shape, $status, $n_values, "
            "$messages, $submitted_by, $submitted_at, $stored_path "
            "WHERE NOT EXISTS (SELECT 1 FROM submission_log "
            "WHERE file_hash = $file_hash AND status = 'accepted' AND kind = 'file')",
            params,
        ).fetchone()[0]
        return params["id"] if inserted else None
    found = con.execute(
        f"INSERT INTO submission_log ({_FILE_COLUMNS}) "
        "SELECT $file_hash, $file_name, $year, $unit_code, $unit_name, $shape, $status, $n_values, $messages, "
        "$submitted_by, $submitted_at, $stored_path "
        "WHERE NOT EXISTS (SELECT 1 FROM submission_log "
        "WHERE file_hash = $file_hash AND status = 'accepted' AND kind = 'file') RETURNING id",
        params,
    ).fetchone()
    return found[0] if found else None


def next_submission_ids(con: duckdb.DuckDBPyConnection, n: int) -> list[int]:
    """`n` new submission ids, ascending (so in input order when handed out in order)."""
    if postgres.is_postgres(con):
        return postgres.next_ids(con, "submission_id_seq", n)
    return sorted(r[0] for r in con.execute("SELECT nextval('submission_id_seq') FROM range(?)", [n]).fetchall())


def insert_files(con: duckdb.DuckDBPyConnection, rows: list[FileRow]) -> int:
    """The log rows of a group of files (ids drawn before), in one statement; how many were
    inserted (fewer: some bytes were accepted meanwhile, and the caller rolls back)."""
    names = [f.name for f in fields(FileRow)]
    _llw_log = {k: column([getattr(r, k) for r in rows]) for k in names}  # noqa: F841 - replacement scan
    sql = (
        f"INSERT INTO submission_log (id, {_FILE_COLUMNS}) "
        "SELECT id::INTEGER, file_hash, file_name, year::INTEGER, unit_code, unit_name, shape, status, "
        "n_values::INTEGER, messages, submitted_by, submitted_at::TIMESTAMP, stored_path "
        f"FROM _llw_log n {_NOT_ACCEPTED_BEFORE}"
    )
    if postgres.is_postgres(con):  # the count of rows inserted, as RETURNING is not available there
        return con.execute(sql).fetchone()[0]
    return len(con.execute(sql + " RETURNING id").fetchall())


def set_status(con: duckdb.DuckDBPyConnection, ids: list[int], status: str) -> None:
    """Mark submissions 'accepted' (reverted to), 'reverted' or 'withdrawn'."""
    if ids:
        marks = ",".join("?" * len(ids))
        con.execute(f"UPDATE submission_log SET status = ? WHERE id IN ({marks})", [status, *ids])


@dataclass(frozen=True)
class ActionRow:
    """The log row of a revert or a withdrawal: it points at the submission it acted on."""

    kind: str  # revert | withdraw
    reverts_to: int
    file_hash: str
    file_name: str
    year: int
    unit_code: str | None
    unit_name: str | None
    shape: str | None
    n_values: int
    messages: str
    submitted_by: str
    submitted_at: dt.datetime
    stored_path: str | None


def insert_action(con: duckdb.DuckDBPyConnection, row: ActionRow) -> int:
    if postgres.is_postgres(con):
        sid = postgres.next_ids(con, "submission_id_seq", 1)[0]
        con.execute(
            "INSERT INTO submission_log (id, file_hash, file_name, year, unit_code, unit_name, shape, status, kind, "
            "reverts_to, n_values, messages, submitted_by, submitted_at, stored_path) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?, ?, ?, ?)",
            [sid, *_action_values(row)],
        )
        return sid
    return con.execute(
        "INSERT INTO submission_log (file_hash, file_name, year, unit_code, unit_name, shape, status, kind, "
        "reverts_to, n_values, messages, submitted_by, submitted_at, stored_path) "
        "VALUES (?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        _action_values(row),
    ).fetchone()[0]


def _action_values(row: ActionRow) -> list:
    return [
        row.file_hash,
        row.file_name,
        row.year,
        row.unit_code,
        row.unit_name,
        row.shape,
        row.kind,
        row.reverts_to,
        row.n_values,
        row.messages,
        row.submitted_by,
        row.submitted_at,
        row.stored_path,
    ]
