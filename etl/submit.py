"""Self-service submission: analyse a file → preview what would change → confirm (or cancel).

The upload page and tests call these; they hold no parsing logic of their own (that is
`etl.extract` / `etl.load`, the same code the CLI runs). Nothing is written until `confirm`,
which re-analyses the same bytes against the warehouse as it is now and loads in one transaction;
a file with errors, outside the person's provinces, or already loaded is never written: a
refused file only gets its 'rejected' row in the submission log with its reasons, as in the
CLI (`record_rejection`, once per uploaded file; `confirm` when errors appear at the last moment).
`cancel` writes nothing. Every action takes `actor` (the person's user name) for the audit log."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.actions import notify
from etl.explain import corrections
from etl.extract import Analysis
from etl.load import analyse_for_warehouse, find_accepted, learned_synonyms, load_analysis, store_original
from etl.read import ACCEPTED_TYPES
from etl.review import ReviewRow, review
from etl.scope import outside_names, scope_problem, scope_text
from etl.synonyms import drop_ignored, remember_answer
from reference.problems import Problem, Text
from reference.scopes import ScopeSet
from warehouse.db import db_path

MAX_UPLOAD_ENV = "LLW_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 20
UPLOAD_TYPES = sorted(t.lstrip(".") for t in ACCEPTED_TYPES)  # for the file picker; macros excluded


def max_upload_mb() -> int:
    """The upload size limit in MB: env LLW_MAX_UPLOAD_MB, default 20."""
    raw = os.environ.get(MAX_UPLOAD_ENV, "").strip()
    try:
        mb = int(raw) if raw else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        mb = DEFAULT_MAX_UPLOAD_MB
    return mb if mb > 0 else DEFAULT_MAX_UPLOAD_MB


def max_upload_bytes() -> int:
    return max_upload_mb() * 1024 * 1024


def store_dir(db: str | Path | None = None) -> Path:
    """Where originals are kept: beside the warehouse, as the CLI does."""
    return db_path(db).parent / "submissions"


# ------------------------------------------------------------------------------------ scope
def _scope_message(an: Analysis, allowed: ScopeSet | None, consequence: str = "không nạp gì.") -> str | None:
    if allowed is None or an.unit is None:
        return None
    provinces = {v.unit.province_code for v in an.values if v.unit.province_code}
    code = an.unit.province_code or an.unit.code
    return scope_problem(an.file_name, code, an.unit.name, an.year, allowed, provinces, consequence)


def _check_scope(an: Analysis, allowed: ScopeSet | None) -> None:
    if an.unit is None:
        return
    provinces = {v.unit.province_code for v in an.values if v.unit.province_code}
    code = an.unit.province_code or an.unit.code
    if what := outside_names(code, an.unit.name, an.year, allowed, provinces):
        params = {"file": an.file_name, "unit": what, "scope": scope_text(allowed)}
        an.problems.append(Problem("scope.outside", params, an.file_name))


# ------------------------------------------------------------------------------------ the flow
@dataclass
class Prepared:
    """One analysed file waiting for the officer's decision."""

    file_name: str
    data: bytes = field(repr=False)
    analysis: Analysis
    rows: list[ReviewRow]
    year: int | None = None  # the officer's override, if any
    unit: str | None = None
    duplicate_of: int | None = None  # an accepted submission of the very same bytes

    @property
    def file_hash(self) -> str:
        return self.analysis.file_hash

    @property
    def can_confirm(self) -> bool:
        return self.analysis.ok and self.duplicate_of is None

    def signature(self) -> list[tuple[str, str, int]]:
        return sorted((v.unit.code, v.code, v.value) for v in self.analysis.values)


@dataclass
class Outcome:
    """What `confirm` did: accepted (loaded), duplicate (already there, nothing changed),
    blocked (errors: nothing written) or stale (the analysis changed since the preview)."""

    status: str
    text: Text  # what to tell the person, rendered in their language (`message`: in Vietnamese)
    prepared: Prepared
    submission_id: int | None = None

    @property
    def message(self) -> str:
        return self.text.render()

    @property
    def loaded(self) -> bool:
        return self.status == "accepted"


def analyse_upload(
    con: duckdb.DuckDBPyConnection,
    file_name: str,
    data: bytes,
    *,
    year: int | None = None,
    unit: str | None = None,
    allowed_provinces: ScopeSet | None = None,
    answers: dict[str, str] | None = None,
) -> Analysis:
    """The loader's analysis of an uploaded file with the page's options: the officer's year/unit
    win over what the file says, ignored labels are not asked about again, scope is checked.
    `answers`: answers tried for this analysis only, over the remembered ones."""
    given = {k: v for k, v in (("year", year), ("unit", unit)) if v is not None}
    an = analyse_for_warehouse(
        con, file_name, data, max_bytes=max_upload_bytes(), prefer_given=bool(given), answers=answers, **given
    )
    an = drop_ignored(an, learned_synonyms(con))
    _check_scope(an, allowed_provinces)
    return an


def prepare(
    con: duckdb.DuckDBPyConnection,
    file_name: str,
    data: bytes,
    *,
    actor: str,
    year: int | None = None,
    unit: str | None = None,
    allowed_provinces: ScopeSet | None = None,
) -> Prepared:
    """Analyse and compare with the warehouse; writes nothing."""
    p = _prepare(con, file_name, data, year, unit, allowed_provinces)
    notify(
        con,
        "prepare",
        actor,
        file_name=p.file_name,
        file_hash=p.file_hash,
        ok=p.analysis.ok,
        duplicate_of=p.duplicate_of,
    )
    return p


def _prepare(con, file_name, data, year, unit, allowed_provinces) -> Prepared:
    an = analyse_upload(con, file_name, data, year=year, unit=unit, allowed_provinces=allowed_provinces)
    return Prepared(Path(file_name).name, data, an, review(con, an), year, unit, find_accepted(con, an.file_hash))


def confirm(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    *,
    actor: str,
    allowed_provinces: ScopeSet | None = None,
    keep_dir: Path | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Load a previewed file in one transaction, if it may be loaded; otherwise write nothing."""
    fresh = _prepare(con, prepared.file_name, prepared.data, prepared.year, prepared.unit, allowed_provinces)
    name = prepared.file_name
    if fresh.duplicate_of is not None:
        out = Outcome(
            "duplicate",
            Text("outcome.duplicate", {"file": name, "id": fresh.duplicate_of}),
            fresh,
            fresh.duplicate_of,
        )
    elif fresh.analysis.errors and all(e.is_question for e in fresh.analysis.errors):
        qs = fresh.analysis.questions
        out = Outcome(
            "blocked",
            Text("outcome.questions", {"file": name, "n": len(qs), "details": [q.as_dict() for q in qs[:3]]}),
            fresh,
        )
    elif not fresh.analysis.ok:
        errs = fresh.analysis.errors
        out = Outcome(
            "blocked",
            Text("outcome.errors", {"file": name, "n": len(errs), "details": [p.as_dict() for p in errs[:3]]}),
            fresh,
            record_rejection(con, fresh, actor=actor, now=now),
        )
    elif fresh.signature() != prepared.signature():
        out = Outcome(
            "stale",
            Text("outcome.stale", {"file": name}),
            fresh,
        )
    else:
        an = fresh.analysis
        stored = store_original(keep_dir or store_dir(), an.file_hash, name, prepared.data)
        res = load_analysis(con, an, submitted_by=actor, stored_path=stored, now=now)
        if res.status == "duplicate":
            out = Outcome(
                "duplicate",
                Text("outcome.duplicate", {"file": name, "id": res.duplicate_of}),
                fresh,
                res.duplicate_of,
            )
        else:
            n = len(an.stored_values())
            out = Outcome(
                "accepted",
                Text(
                    "outcome.accepted",
                    {"file": name, "unit": an.unit.name, "year": an.year, "n": n, "id": res.submission_id},
                ),
                fresh,
                res.submission_id,
            )
    notify(
        con,
        "confirm",
        actor,
        file_name=name,
        file_hash=prepared.file_hash,
        status=out.status,
        submission_id=out.submission_id,
    )
    return out


def answer(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    key: str,
    value: str,
    *,
    actor: str,
    allowed_provinces: ScopeSet | None = None,
) -> str | None:
    """Remember the officer's answer to one of the file's questions, or a correction of how one of
    its columns or rows is read, for every later analysis (this page and the CLI). Refused — the
    Vietnamese reason returned, nothing written — for a file outside the officer's provinces (or
    whose unit is not known yet, for an officer bound to provinces), or a (key, value) the file does
    not offer, or one that would leave nothing of the file to load (every value column set aside:
    the table would vanish from the page with no way back)."""
    an = prepared.analysis
    name = prepared.file_name
    if allowed_provinces is not None and an.unit is None:
        return f"Chưa rõ tệp '{name}' là số liệu của đơn vị nào: chọn đơn vị báo cáo trước khi trả lời câu hỏi."
    if msg := _scope_message(an, allowed_provinces, "câu trả lời không được ghi nhận."):
        return msg
    if (key, value) not in corrections(an):
        return f"'{key}={value}' không phải một câu trả lời cho tệp '{name}'; tải lại trang rồi chọn lại."
    if an.values:
        after = analyse_upload(con, name, prepared.data, year=prepared.year, unit=prepared.unit, answers={key: value})
        if not after.values:
            return (
                f"Nếu đọc như vậy, tệp '{name}' không còn giá trị nào để nạp; lựa chọn không được ghi nhận. "
                "Nếu tệp không có số liệu cần nạp, bấm Hủy."
            )
    said = next((str(text) for q in an.questions for k, v, text in q.options if (k, v) == (key, value)), "")
    remember_answer(con, key, value, actor, text=f"{name}: {said or key + ' = ' + value}")
    return None


def record_rejection(
    con: duckdb.DuckDBPyConnection, prepared: Prepared, *, actor: str, now: dt.datetime | None = None
) -> int | None:
    """Log a file that cannot be loaded as a 'rejected' submission with its reasons, the row the
    CLI writes for a refused file (no value, no unit, no original kept). Returns its id; None
    when the file has no error or is an already loaded one (those are not rejections)."""
    if prepared.analysis.ok or prepared.duplicate_of is not None:
        return None
    res = load_analysis(con, prepared.analysis, submitted_by=actor, now=now)
    return res.submission_id if res.status == "rejected" else None


def cancel(con: duckdb.DuckDBPyConnection | None, prepared: Prepared, *, actor: str) -> None:
    """The officer drops a previewed file: nothing is written to the warehouse (the audit hook,
    if any, may record that it happened)."""
    notify(con, "cancel", actor, file_name=prepared.file_name, file_hash=prepared.file_hash)
