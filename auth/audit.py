"""The audit log: who did what, when, to what. Append-only.

`record` (one entry) and `record_many` (several, chained in order) are the only way in, and they
only insert (through `warehouse.write.audit`); nothing updates or deletes a row (a test reads the
source to keep it so). DuckDB has no triggers or grants to forbid a rewrite by hand, so each row also carries the
hash of the row before it: `verify_chain` finds any row that was changed, removed from the middle
or inserted out of order.

`record` and `record_many` do not open a transaction: call them inside the caller's, so that an
action and its audit row land together or not at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from dataclasses import dataclass

import duckdb

from warehouse.write.audit import AuditRow, append_audit, next_audit_ids
from warehouse.write.transaction import within_transaction

GENESIS = "0" * 64

# Every action the product records, by area. Labels for people are in data/i18n/auth.csv
# (auth.audit.<action>). Upload and history services record the submission.* and mapping.* ones.
ACTIONS = (
    "auth.sign_in",
    "auth.sign_in_failed",
    "auth.locked",
    "auth.throttled",
    "auth.sign_out",
    "auth.session_expired",
    "auth.denied",
    "user.create",
    "user.role",
    "user.profile",
    "user.grant",
    "user.revoke",
    "user.disable",
    "user.enable",
    "user.password_reset",
    "user.password_change",
    "user.unlock",
    "settings.change",
    "submission.upload",
    "submission.reject",
    "submission.confirm",
    "submission.cancel",
    "submission.revert",
    "submission.withdraw",
    "mapping.change",
    "reference.change",
)

_lock = threading.Lock()  # one writer at a time in this process keeps the chain linear


@dataclass(frozen=True)
class Entry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    target: str | None
    details: dict
    ip: str | None
    session: str | None
    prev_hash: str
    hash: str


def _canonical(details) -> str:
    return json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))


def _digest(
    prev_hash: str,
    id_: int,
    at: dt.datetime,
    actor: str,
    action: str,
    target: str | None,
    details_json: str,
    ip: str | None,
    session: str | None,
) -> str:
    payload = json.dumps(
        [prev_hash, id_, at.isoformat(), actor, action, target, details_json, ip, session],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    target: str | None = None,
    details: dict | None = None,
    *,
    ip: str | None = None,
    session: str | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Append one entry; returns its id. `action` must be one of ACTIONS (a typo is a bug)."""
    return record_many(con, [(actor, action, target, details)], ip=ip, session=session, at=at)[0]


def record_many(
    con: duckdb.DuckDBPyConnection,
    items: list[tuple[str, str, str | None, dict | None]],
    *,
    ip: str | None = None,
    session: str | None = None,
    at: dt.datetime | None = None,
) -> list[int]:
    """Append entries (actor, action, target, details) in order, chained, in one insert; their ids."""
    if not items:
        return []
    for _, action, _, _ in items:
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
    at = (at or dt.datetime.now()).replace(tzinfo=None)
    ip, session = (str(v) if v is not None else None for v in (ip, session))
    # in a transaction (the caller's, or its own): on a shared store, writers queue there, so no
    # two link to the same last entry
    with _lock, within_transaction(con):
        last = con.execute("select hash from audit_log where id = (select max(id) from audit_log)").fetchone()
        prev = last[0] if last else GENESIS
        ids = next_audit_ids(con, len(items))
        rows = []
        for id_, (actor, action, target, details) in zip(ids, items, strict=True):
            details_json = _canonical(details)
            digest = _digest(prev, id_, at, actor, action, target, details_json, ip, session)
            rows.append(AuditRow(id_, at, actor, action, target, details_json, ip, session, prev, digest))
            prev = digest
        append_audit(con, rows)
    return ids


def entries(
    con: duckdb.DuckDBPyConnection,
    *,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 1000,
) -> list[Entry]:
    """Entries matching every given filter, newest first. `target` matches as a substring, case-blind;
    `action` may name a whole area ('user' matches user.*)."""
    rows = con.execute(
        "select id, occurred_at, actor, action, target, details, ip, session, prev_hash, hash from audit_log "
        "where (?::varchar is null or actor = ?) "
        "  and (?::varchar is null or action = ? or starts_with(action, ? || '.')) "
        "  and (?::varchar is null or contains(lower(coalesce(target, '')), lower(?))) "
        "  and (?::timestamp is null or occurred_at >= ?) and (?::timestamp is null or occurred_at < ?) "
        "order by id desc limit ?",
        [actor, actor, action, action, action, target, target, since, since, until, until, int(limit)],
    ).fetchall()
    return [Entry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8], r[9]) for r in rows]


def frame(items: list[Entry]):
    import pandas as pd  # only the admin page's table needs it; loads stay free of its import cost

    return pd.DataFrame(
        [
            {
                "id": e.id,
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "target": e.target,
                "details": _canonical(e.details),
                "ip": e.ip,
                "session": e.session,
            }
            for e in items
        ],
        columns=["id", "at", "actor", "action", "target", "details", "ip", "session"],
    )


def actors(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("select distinct actor from audit_log order by 1").fetchall()]


def verify_chain(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Ids of entries whose hash or link does not match: [] when the log is intact."""
    bad = []
    prev = GENESIS
    for id_, at, actor, action, target, details, ip, session, prev_hash, digest in con.execute(
        "select id, occurred_at, actor, action, target, details, ip, session, prev_hash, hash "
        "from audit_log order by id"
    ).fetchall():
        expected = _digest(prev_hash, id_, at, actor, action, target, _canonical(json.loads(details)), ip, session)
        if prev_hash != prev or digest != expected:
            bad.append(id_)
        prev = digest
    return bad
