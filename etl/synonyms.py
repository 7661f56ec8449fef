"""Mappings people choose for labels the loader could not read, kept in the warehouse.

A choice is stored in `label_synonyms` under `etl.labels.label_key` of the label in its context
(section > parent row > label > column header), which is what the readers look up, so every later
analysis — the upload page and `python -m etl load/check` alike — maps that label by itself.
The choice "bỏ qua" (ignore) is stored as the code `ignore`: the readers then map the label to
nothing, and `drop_ignored` keeps it out of the unmapped list so nobody is asked twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

import duckdb

from etl.actions import notify
from etl.extract import Analysis
from etl.labels import label_key
from reference import catalog
from warehouse.db import transaction

IGNORE = "ignore"


def candidate_keys(entry: Mapping | str) -> list[str]:
    """The lookup keys of one unmapped entry (`Analysis.unmapped`), best first.

    The readers give an unmapped label as its context parts joined with ' > ' (vertical forms) or
    ' / ' (header rows of wide tables); the key is computed from the parts. An entry that carries
    its parts (`context`) or its key (`key`) is used as is."""
    if isinstance(entry, Mapping):
        if entry.get("key"):
            return [entry["key"]]
        if entry.get("context"):
            return [label_key(entry["context"])]
        label = entry["label"]
    else:
        label = entry
    keys = []
    for sep in (" > ", " / "):
        if sep in label:
            keys.append(label_key(label.split(sep)))
    keys.append(label_key([label]))
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def choices() -> list[tuple[str, str]]:
    """(code, Vietnamese label) of every indicator a label may be mapped to, then 'bỏ qua'."""
    typed = [(i.code, i.label_vi) for i in catalog.indicators() if not i.derived]
    return typed + [(IGNORE, "— Bỏ qua (không phải chỉ tiêu của Tuần lễ) —")]


def map_label(
    con: duckdb.DuckDBPyConnection, entry: Mapping | str, code: str, actor: str, *, now: dt.datetime | None = None
) -> list[str]:
    """Remember that `entry` (an unmapped entry or its label text) means indicator `code` (or
    IGNORE). Returns the keys written. A later choice for the same label replaces the earlier."""
    if code != IGNORE and (code not in catalog.by_code() or catalog.by_code()[code].derived):
        raise ValueError(f"'{code}' không phải mã chỉ tiêu nhập được")
    label = entry["label"] if isinstance(entry, Mapping) else entry
    keys = candidate_keys(entry)
    now = now or dt.datetime.now()
    with transaction(con):
        for k in keys:
            con.execute(
                "insert or replace into label_synonyms (label_key, indicator_code, label_text, "
                "created_by, created_at) values (?, ?, ?, ?, ?)",
                [k, code, label, actor, now],
            )
    notify(con, "map_label", actor, label=label, indicator_code=code, keys=keys)
    return keys


# the answers a question can take, by the prefix of its key (a key without one is a label mapping)
ANSWERS = {"row:": ("unit", "subtotal"), "col:": ("value", "ignore"), "total:": ("rows",)}


def check_answer(key: str, value: str) -> str | None:
    """Why (key, value) is not an answer the loader understands, in Vietnamese; None when it is."""
    for prefix, allowed in ANSWERS.items():
        if key.startswith(prefix):
            return None if value in allowed else f"'{key}' nhận một trong: {', '.join(allowed)}."
    if not key.strip():
        return "Thiếu khóa của câu hỏi."
    if value != IGNORE and (value not in catalog.by_code() or catalog.by_code()[value].derived):
        return f"'{value}' không phải mã chỉ tiêu nhập được (hoặc '{IGNORE}')."
    return None


def remember_answer(
    con: duckdb.DuckDBPyConnection, key: str, value: str, actor: str, *, text: str = "", now: dt.datetime | None = None
) -> None:
    """Keep an officer's answer to a loader question (`Problem.options`): every later analysis
    reads the file the way it says. Stored beside the label mappings, under the question's key."""
    why = check_answer(key, value)
    if why:
        raise ValueError(why)
    with transaction(con):
        con.execute(
            "insert or replace into label_synonyms (label_key, indicator_code, label_text, "
            "created_by, created_at) values (?, ?, ?, ?, ?)",
            [key, value, text or key, actor, now or dt.datetime.now()],
        )
    notify(con, "answer", actor, key=key, value=value)


def forget(con: duckdb.DuckDBPyConnection, label_key_: str, actor: str) -> bool:
    """Drop one remembered mapping (a wrong choice). `actor` is for the audit log."""
    with transaction(con):
        n = con.execute("delete from label_synonyms where label_key = ? returning label_key", [label_key_]).fetchall()
    if n:
        notify(con, "forget_label", actor, label_key=label_key_)
    return bool(n)


def saved(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every remembered mapping, newest first."""
    rows = con.execute(
        "select label_key, indicator_code, label_text, created_by, created_at "
        "from label_synonyms order by created_at desc nulls last, label_key"
    ).fetchall()
    cols = ("label_key", "indicator_code", "label_text", "created_by", "created_at")
    return [dict(zip(cols, r)) for r in rows]


def drop_ignored(an: Analysis, learned: Mapping[str, str]) -> Analysis:
    """The analysis without the unmapped labels someone chose to ignore (and their warnings)."""
    ignored = {k for k, code in learned.items() if code == IGNORE}
    if not ignored or not an.unmapped:
        return an
    gone = [u for u in an.unmapped if any(k in ignored for k in candidate_keys(u))]
    if not gone:
        return an
    where = {(u["sheet"], u["cell"]) for u in gone}
    return replace(
        an,
        unmapped=[u for u in an.unmapped if u not in gone],
        problems=[p for p in an.problems if not (p.code == "label.unmapped" and (p.sheet, p.cell) in where)],
    )
