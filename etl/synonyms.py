"""Mappings people choose for labels the loader could not read, kept in the warehouse.

A choice is stored in `label_synonyms` under `etl.labels.label_key` of the label in its context
(section > parent row > label > column header), which is what the readers look up, so every later
analysis — the upload page and `python -m etl load/check` alike — maps that label by itself.
The choice "bỏ qua" (ignore) is stored as the code `ignore`: the readers then map the label to
nothing, and `drop_ignored` keeps it out of the unmapped list so nobody is asked twice.

A mapping applies to every later file of every province, so making one is a scoped action
(issue 16, defect 3): a person limited to some provinces may map a label only on a file of those
provinces (`MappingRefused` otherwise, audited as `auth.denied`). Each mapping records who made
it, when, and on which file, province and year; admins review and remove them (`saved`,
`forget`: the Ánh xạ nhãn page and `python -m etl synonyms list|remove`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

import duckdb

from etl.actions import notify
from etl.extract import Analysis
from etl.labels import label_key
from reference import catalog
from reference.scopes import ScopeSet
from warehouse.write import transaction
from warehouse.write.labels import LabelMapping, delete_mapping, put_mappings

IGNORE = "ignore"


class MappingRefused(ValueError):
    """The person may not map labels on this file; the message is Vietnamese, for them."""


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
    con: duckdb.DuckDBPyConnection,
    entry: Mapping | str,
    code: str,
    actor: str,
    *,
    analysis: Analysis | None = None,
    allowed_provinces: ScopeSet | None = None,
    now: dt.datetime | None = None,
) -> list[str]:
    """Remember that `entry` (an unmapped entry of `analysis`, or its label text) means indicator
    `code` (or IGNORE). Returns the keys written. A later choice for the same label replaces the
    earlier. With `allowed_provinces` (a data officer's scopes; None: every province) the file
    must lie inside them, else MappingRefused and nothing is written."""
    if code != IGNORE and (code not in catalog.by_code() or catalog.by_code()[code].derived):
        raise ValueError(f"'{code}' không phải mã chỉ tiêu nhập được")
    label = entry["label"] if isinstance(entry, Mapping) else entry
    refusal = _scope_refusal(analysis, allowed_provinces)
    if refusal:
        notify(con, "map_label_denied", actor, label=label, indicator_code=code, reason=refusal)
        raise MappingRefused(refusal)
    keys = candidate_keys(entry)
    now = now or dt.datetime.now()
    file_name = analysis.file_name if analysis else None
    province = (analysis.unit.province_code or analysis.unit.code) if analysis and analysis.unit else None
    year = analysis.year if analysis else None
    with transaction(con):
        put_mappings(con, [LabelMapping(k, code, label, actor, now, file_name, province, year) for k in keys])
    notify(con, "map_label", actor, label=label, indicator_code=code, keys=keys, file_name=file_name, province=province)
    return keys


# the answers a question can take, by the prefix of its key (a key without one is a label mapping)
ANSWERS = {
    "row:": ("unit", "subtotal"),
    "col:": ("value", "ignore"),
    "total:": ("rows",),
    "money:": ("dong", "nghin", "trieu", "ty"),  # etl.extract.MONEY_UNITS
    "numsep:": ("vi", "en"),  # etl.separators.VI, EN
    "bound:": ("load", "leave"),  # etl.extract.bound_key
}


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
        put_mappings(con, [LabelMapping(key, value, text or key, actor, now or dt.datetime.now())])
    notify(con, "answer", actor, key=key, value=value)


def _scope_refusal(an: Analysis | None, allowed: ScopeSet | None) -> str | None:
    if allowed is None:
        return None
    from etl.scope import scope_problem  # one definition of "inside a person's provinces"

    if an is None or an.unit is None or an.year is None:
        return (
            "Chỉ ánh xạ được nhãn trong tệp của tỉnh/thành phố bạn phụ trách; tệp này chưa xác định được "
            "đơn vị hoặc năm (chọn đơn vị và năm ở mục sửa trước)."
        )
    provinces = {v.unit.province_code for v in an.values if v.unit.province_code}
    return scope_problem(
        an.file_name,
        an.unit.province_code or an.unit.code,
        an.unit.name,
        an.year,
        allowed,
        provinces,
        consequence="không ghi nhớ được ánh xạ nhãn của tệp này (ánh xạ áp dụng cho mọi tỉnh).",
    )


def forget(con: duckdb.DuckDBPyConnection, label_key_: str, actor: str) -> bool:
    """Drop one remembered mapping (a wrong choice). `actor` is for the audit log."""
    with transaction(con):
        gone = delete_mapping(con, label_key_)
    if gone:
        code, text, by = gone
        notify(con, "forget_label", actor, label_key=label_key_, label=text, indicator_code=code, created_by=by)
    return bool(gone)


_SAVED = ("label_key", "indicator_code", "label_text", "created_by", "created_at", "file_name", "province_code", "year")
_SAVED_COLUMNS = ", ".join(_SAVED)


def saved(con: duckdb.DuckDBPyConnection, *, created_by: str | None = None) -> list[dict]:
    """Every remembered mapping (or those one person made), newest first."""
    rows = con.execute(
        f"select {_SAVED_COLUMNS} from label_synonyms where (?::varchar is null or created_by = ?) "
        "order by created_at desc nulls last, label_key",
        [created_by, created_by],
    ).fetchall()
    return [dict(zip(_SAVED, r)) for r in rows]


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
