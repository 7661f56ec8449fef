"""Submission history: what was received, what each submission brought, and going back.

Every file received stays in `submission_log` with its values in `observations`. Reverting to an
earlier submission of a unit and year marks the later ones 'reverted' (they stay in history, with
their values), logs a row of kind 'revert' pointing at the chosen one, and recomputes
`current_values` for that year and the units involved from the observations of the submissions
still accepted — the newest one wins value by value, exactly as when files are loaded (the rule and
every statement that writes are in `warehouse.write`).
Withdrawing a submission (a file loaded under the wrong year, say, and the only one of its unit
and year) marks it 'withdrawn', logs a row of kind 'withdraw' and recomputes the same way, so
without another accepted submission the unit and year have no current value left; reverting to
the withdrawn submission undoes it. Each action is one transaction."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl.actions import notify
from reference.scopes import ScopeSet
from warehouse.write import transaction
from warehouse.write.submissions import ActionRow, insert_action, set_status
from warehouse.write.values import recompute_current

_COLUMNS = (
    "id, submitted_at, submitted_by, file_name, file_hash, year, unit_code, unit_name, shape, "
    "status, kind, reverts_to, n_values, messages, stored_path"
)


@dataclass
class RevertResult:
    ok: bool
    message: str  # Vietnamese, for the person who asked
    target: int
    revert_id: int | None = None
    reverted: list[int] = field(default_factory=list)  # submissions now marked 'reverted'
    units: list[str] = field(default_factory=list)  # units whose current values were recomputed
    changed: int = 0  # current values that changed (added, removed or different)


def submissions(
    con: duckdb.DuckDBPyConnection,
    *,
    year: int | None = None,
    unit_code: str | None = None,
    units: set[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Submissions newest first; `units` limits to these file units (a person's scope)."""
    where, args = [], []
    if year is not None:
        where.append("year = ?")
        args.append(year)
    if unit_code is not None:
        where.append("unit_code = ?")
        args.append(unit_code)
    if units is not None:
        if not units:
            return con.execute(f"select {_COLUMNS} from submission_log where false").df()
        where.append(f"unit_code in ({','.join('?' * len(units))})")
        args += sorted(units)
    sql = f"select {_COLUMNS} from submission_log"
    if where:
        sql += " where " + " and ".join(where)
    sql += " order by id desc"
    if limit:
        sql += " limit ?"
        args.append(limit)
    return con.execute(sql, args).df()


def filter_options(con: duckdb.DuckDBPyConnection) -> tuple[list[int], list[tuple[str, str]]]:
    """Years and (unit_code, unit_name) that appear in the log, for the page's filters."""
    years = [
        r[0]
        for r in con.execute(
            "select distinct year from submission_log where year is not null order by year desc"
        ).fetchall()
    ]
    units = con.execute(
        "select unit_code, any_value(unit_name) from submission_log "
        "where unit_code is not null group by unit_code order by unit_code"
    ).fetchall()
    return years, [(u, n or u) for u, n in units]


def submission(con: duckdb.DuckDBPyConnection, submission_id: int) -> dict | None:
    row = con.execute(f"select {_COLUMNS} from submission_log where id = ?", [submission_id]).fetchone()
    if row is None:
        return None
    out = dict(zip([c.strip() for c in _COLUMNS.split(",")], row))
    out["problems"] = json.loads(out["messages"] or "[]")
    return out


def values_of(con: duckdb.DuckDBPyConnection, submission_id: int) -> pd.DataFrame:
    """The values a submission brought (for a revert row: those of the submission it re-applied),
    with Vietnamese labels, where they came from, and whether each is the current value now."""
    sub = submission(con, submission_id)
    if sub is None:
        return pd.DataFrame()
    source = sub["reverts_to"] if sub["kind"] in ("revert", "withdraw") else submission_id
    return con.execute(
        """
        select o.unit_code, coalesce(u.unit_name, o.unit_code) as unit_name, o.indicator_code,
               coalesce(i.label_vi, o.indicator_code) as indicator, i.unit_vi as measure, o.value,
               o.sheet, o.cell, o.raw_text, o.label, o.derived,
               (c.submission_id is not distinct from o.submission_id) as is_current
        from observations o
        left join units u using (unit_code)
        left join indicators i on i.code = o.indicator_code
        left join current_values c on c.year = o.year and c.unit_code = o.unit_code
                                  and c.indicator_code = o.indicator_code
        where o.submission_id = ?
        order by o.unit_code <> ?, o.unit_code, i.ord
    """,
        [source, sub["unit_code"] or ""],
    ).df()


def original_file(con: duckdb.DuckDBPyConnection, submission_id: int) -> tuple[str, bytes] | None:
    """(file name, bytes) of the kept original, or None when it was not kept or is gone."""
    sub = submission(con, submission_id)
    if sub is None or not sub["stored_path"]:
        return None
    path = Path(sub["stored_path"])
    if not path.is_file():
        return None
    return sub["file_name"], path.read_bytes()


def revert(
    con: duckdb.DuckDBPyConnection,
    submission_id: int,
    actor: str,
    *,
    allowed_provinces: ScopeSet | None = None,
    now: dt.datetime | None = None,
) -> RevertResult:
    """Make submission `submission_id` the current one again for its unit and year."""
    res = _revert(con, submission_id, actor, allowed_provinces, now or dt.datetime.now())
    notify(
        con,
        "revert",
        actor,
        submission_id=submission_id,
        ok=res.ok,
        revert_id=res.revert_id,
        reverted=res.reverted,
        changed=res.changed,
        message=res.message,
    )
    return res


def _revert(con, submission_id: int, actor: str, allowed_provinces: ScopeSet | None, now: dt.datetime) -> RevertResult:
    from etl.scope import scope_problem  # one definition of "inside a person's provinces"

    with transaction(con):
        t = submission(con, submission_id)
        if t is None:
            return RevertResult(False, f"Không có lần nạp #{submission_id}.", submission_id)
        if t["kind"] != "file" or t["status"] not in ("accepted", "reverted", "withdrawn") or t["year"] is None:
            return RevertResult(
                False,
                f"Lần nạp #{submission_id} ({t['file_name']}) không được nhận nên không "
                "thể quay lại; chỉ quay lại được một tệp đã được nạp.",
                submission_id,
            )
        refusal = scope_problem(t["file_name"], t["unit_code"], t["unit_name"], t["year"], allowed_provinces)
        if refusal:
            return RevertResult(False, refusal, submission_id)
        year, unit = t["year"], t["unit_code"]
        later = [
            r[0]
            for r in con.execute(
                "select id from submission_log where year = ? and unit_code = ? and id > ? and status = 'accepted' "
                "order by id",
                [year, unit, submission_id],
            ).fetchall()
        ]
        if t["status"] == "accepted" and not later:
            return RevertResult(
                False,
                f"Lần nạp #{submission_id} ({t['file_name']}) đã là số liệu hiện hành của "
                f"{t['unit_name']} năm {year}; không có gì để quay lại.",
                submission_id,
            )
        involved = [submission_id, *later]
        units = [
            r[0]
            for r in con.execute(
                f"select distinct unit_code from observations where submission_id in ({','.join('?' * len(involved))}) "
                "order by 1",
                involved,
            ).fetchall()
        ]
        before = _current(con, year, units)
        set_status(con, [submission_id], "accepted")
        set_status(con, later, "reverted")
        _recompute(con, year, units)
        after = _current(con, year, units)
        changed = sum(1 for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        note = {
            "code": "revert.applied",
            "severity": "info",
            "file": t["file_name"],
            "sheet": "",
            "cell": "",
            "hint": "",
            "message": f"Quay lại lần nạp #{submission_id} ({t['file_name']}); "
            + (f"các lần nạp {', '.join(f'#{i}' for i in later)} được đánh dấu đã hoàn tác; " if later else "")
            + f"{changed} giá trị hiện hành thay đổi.",
        }
        n_values = con.execute("select count(*) from observations where submission_id = ?", [submission_id]).fetchone()[
            0
        ]
        rid = insert_action(con, _action_row(t, "revert", n_values, note, actor, now))
    return RevertResult(True, note["message"], submission_id, rid, later, units, changed)


def can_withdraw(sub: dict) -> bool:
    """Only a file that is accepted now can be withdrawn (a reverted one no longer counts)."""
    return sub["kind"] == "file" and sub["status"] == "accepted" and sub["year"] is not None


def withdraw(
    con: duckdb.DuckDBPyConnection,
    submission_id: int,
    actor: str,
    *,
    allowed_provinces: ScopeSet | None = None,
    now: dt.datetime | None = None,
) -> RevertResult:
    """Take an accepted submission back ("Rút lần nạp"): it stays in history as 'withdrawn' and
    its values stop counting; `revert(submission_id)` brings it back."""
    res = _withdraw(con, submission_id, actor, allowed_provinces, now or dt.datetime.now())
    notify(
        con,
        "withdraw",
        actor,
        submission_id=submission_id,
        ok=res.ok,
        withdraw_id=res.revert_id,
        units=res.units,
        changed=res.changed,
        message=res.message,
    )
    return res


def _withdraw(
    con, submission_id: int, actor: str, allowed_provinces: ScopeSet | None, now: dt.datetime
) -> RevertResult:
    from etl.scope import scope_problem

    with transaction(con):
        t = submission(con, submission_id)
        if t is None:
            return RevertResult(False, f"Không có lần nạp #{submission_id}.", submission_id)
        if not can_withdraw(t):
            return RevertResult(
                False,
                f"Lần nạp #{submission_id} ({t['file_name']}) không phải số liệu đang được nhận nên không "
                "rút được; chỉ rút được một tệp đã nạp và chưa bị hoàn tác hay rút trước đó.",
                submission_id,
            )
        refusal = scope_problem(t["file_name"], t["unit_code"], t["unit_name"], t["year"], allowed_provinces)
        if refusal:
            return RevertResult(False, refusal, submission_id)
        year = t["year"]
        units = [
            r[0]
            for r in con.execute(
                "select distinct unit_code from observations where submission_id = ? order by 1", [submission_id]
            ).fetchall()
        ]
        before = _current(con, year, units)
        set_status(con, [submission_id], "withdrawn")
        _recompute(con, year, units)
        after = _current(con, year, units)
        changed = sum(1 for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        left = len(after)
        note = {
            "code": "withdraw.applied",
            "severity": "info",
            "file": t["file_name"],
            "sheet": "",
            "cell": "",
            "hint": "Quay lại lần nạp này để hoàn tác.",
            "message": f"Đã rút lần nạp #{submission_id} ({t['file_name']}) của {t['unit_name']} năm {year}; "
            f"{_count(changed)} giá trị hiện hành thay đổi"
            + (
                f", còn {_count(left)} giá trị từ các lần nạp khác."
                if left
                else f"; {t['unit_name']} năm {year} không còn số liệu hiện hành."
            ),
        }
        wid = insert_action(con, _action_row(t, "withdraw", 0, note, actor, now))
    return RevertResult(True, note["message"], submission_id, wid, [submission_id], units, changed)


def _count(n: int) -> str:
    """1.234: the Vietnamese thousands mark, applied to the number alone."""
    return f"{n:,}".replace(",", ".")


def _current(con, year: int, units: list[str]) -> dict[tuple[str, str], int]:
    if not units:
        return {}
    rows = con.execute(
        "select unit_code, indicator_code, value from current_values where year = ? and unit_code in "
        f"({','.join('?' * len(units))})",
        [year, *units],
    ).fetchall()
    return {(u, c): v for u, c, v in rows}


def _action_row(t: dict, kind: str, n_values: int, note: dict, actor: str, now: dt.datetime) -> ActionRow:
    """The log row of a revert or withdrawal of submission `t`: it carries `t`'s file, unit and year."""
    return ActionRow(
        kind=kind,
        reverts_to=t["id"],
        file_hash=t["file_hash"],
        file_name=t["file_name"],
        year=t["year"],
        unit_code=t["unit_code"],
        unit_name=t["unit_name"],
        shape=t["shape"],
        n_values=n_values,
        messages=json.dumps([note], ensure_ascii=False),
        submitted_by=actor,
        submitted_at=now,
        stored_path=t["stored_path"],
    )


def _recompute(con, year: int, units: list[str]) -> None:
    """current_values for (year, units) picked again: newest accepted wins (warehouse.write.values)."""
    recompute_current(con, year, units)
