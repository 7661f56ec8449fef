"""The audit log's rows: ids drawn from its sequence, then every row of a batch in one insert."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass, fields

import duckdb

from warehouse.write import postgres
from warehouse.write.columns import column


@dataclass(frozen=True)
class AuditRow:
    id: int
    occurred_at: dt.datetime
    actor: str
    action: str
    target: str | None
    details: str  # canonical JSON
    ip: str | None
    session: str | None
    prev_hash: str
    hash: str


def next_audit_ids(con: duckdb.DuckDBPyConnection, n: int) -> list[int]:
    """`n` new ids, ascending."""
    if postgres.is_postgres(con):
        return postgres.next_ids(con, "audit_id_seq", n)
    return sorted(r[0] for r in con.execute("SELECT nextval('audit_id_seq') FROM range(?)", [n]).fetchall())


def append_audit(con: duckdb.DuckDBPyConnection, rows: list[AuditRow]) -> None:
    names = [f.name for f in fields(AuditRow)]
    values = [astuple(r) for r in rows]
    _llw_audit = {name: column([v[i] for v in values]) for i, name in enumerate(names)}  # noqa: F841 - scanned
    con.execute(
        "INSERT INTO audit_log (id, occurred_at, actor, action, target, details, ip, session, prev_hash, hash) "
        "SELECT id::BIGINT, occurred_at::TIMESTAMP, actor, action, target, details, ip, session, prev_hash, hash "
        "FROM _llw_audit"
    )  # DuckDB reads the local columns by name (its replacement scan)
