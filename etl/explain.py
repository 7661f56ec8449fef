"""How the loader read a file, for a person: every table's columns and rows with the role given to
each and why ("năm trước — bỏ qua", "dòng cộng nhóm — không cộng"), and what each value cell
became. `etl check --explain` prints it; the upload page shows the same rows as a table."""

from __future__ import annotations

from dataclasses import dataclass

from etl.extract import Analysis
from etl.roles import SKIPPED_COLUMNS
from etl.word import sheet_cell, sheet_column, sheet_row
from reference import catalog


@dataclass(frozen=True)
class Reading:
    sheet: str
    where: str  # "Cột D" / "Dòng 12" / a cell "D12"
    text: str  # the header, row label or cell label as written
    role: str  # a short role word: value, period, plan, ... unit, subtotal, total, asked, indicator
    reason: str  # Vietnamese: what the loader made of it and why
    taken: bool  # whether numbers from it load
    # an officer may correct the role: remembered under `key` (col:/row:) as one of `choices`
    key: str = ""
    choices: tuple[str, ...] = ()


_TURNED = "biểu ngang xoay (mỗi cột một đơn vị, mỗi dòng một chỉ tiêu): đọc như biểu ngang"
_SHAPE = {"vertical": "biểu dọc (mỗi dòng một chỉ tiêu)", "wide": "biểu ngang (mỗi dòng một đơn vị)"}


def readings(an: Analysis) -> list[Reading]:
    """Every column and row role of every table read, then each mapped value cell, in sheet order."""
    by_cell = {(v.sheet, v.cell): v for v in an.stored_values()}
    return [x for t in an.tables for x in _table_readings(t, by_cell)]


def _table_readings(t, by_cell) -> list[Reading]:
    name = t.sheet.name
    out = [
        Reading(
            name, sheet_column(t.sheet, c), head, role.kind, role.reason, role.kind == "value", *_column_fix(t, c, role)
        )
        for c, (head, role) in sorted(t.col_roles.items())
    ]
    out += [
        Reading(name, sheet_row(t.sheet, r), label, role.kind, role.reason, role.kind == "unit", *_row_fix(t, r, role))
        for r, (label, role) in sorted(t.row_roles.items())
    ]
    if t.shape == "vertical":
        for rec in t.records:
            cell = sheet_cell(t.sheet, rec.row, rec.col)  # as the values say it (a Word table: dòng, cột)
            taken = (name, cell) in by_cell
            ind = catalog.by_code().get(rec.code)
            reason = f"→ {ind.label_vi if ind else rec.code}" + ("" if taken else " (không nạp: xem lỗi, câu hỏi)")
            out.append(Reading(name, cell, rec.label, "indicator", reason, taken))
    return out


# the corrections the readers honour (etl.tables._learned_column_role, etl.extract._wide_roles); a
# column of another year stays set aside whatever is answered, so it is offered none
_ROW_FIXES = {"unit": ("subtotal",), "subtotal": ("unit",), "asked": ("unit", "subtotal")}


def _column_fix(t, c: int, role) -> tuple[str, tuple[str, ...]]:
    key = t.col_keys.get(c, "")
    if not key or (role.period is not None and role.kind != "value") or role.kind == "hidden":
        return "", ()  # another year's column, or one Excel hides: set aside whatever is answered
    if role.kind == "value":
        return key, ("ignore",)
    return (key, ("value",)) if role.kind in SKIPPED_COLUMNS else ("", ())


def _row_fix(t, r: int, role) -> tuple[str, tuple[str, ...]]:
    key = t.row_keys.get(r, "")  # none for a row a known unit's name decides: no answer changes it
    fixes = _ROW_FIXES.get(role.kind, ())
    return (key, fixes) if fixes and key else ("", ())


def corrections(an: Analysis) -> set[tuple[str, str]]:
    """Every (key, value) an officer may answer for this file: its questions' options and the role
    corrections of its columns and rows. Anything else is not about this file."""
    out = {(k, v) for q in an.questions for k, v, _ in q.options}
    return out | {(r.key, v) for r in readings(an) for v in r.choices}


def explain_lines(an: Analysis) -> list[str]:
    """The readings as indented lines for the command line."""
    lines: list[str] = []
    by_cell = {(v.sheet, v.cell): v for v in an.stored_values()}
    for t in an.tables:
        first, _ = t.header_rows
        head = first + 1 - t.sheet.caption_rows  # a Word table counts its rows from the table
        if t.sheet.turn is not None:
            lines.append(f"Trang '{t.sheet.name}': {_TURNED}, tên đơn vị ở dòng {head}")
        else:
            lines.append(f"Trang '{t.sheet.name}': {_SHAPE.get(t.shape, t.shape)}, tiêu đề cột ở dòng {head}")
        for r in _table_readings(t, by_cell):
            text = f" '{r.text}'" if r.text else ""
            lines.append(f"  {'✓' if r.taken else '✗'} {r.where}{text}: {r.reason}")
            # how to correct it from the command line, in the form the questions print
            lines += [f"      sửa: --answer '{r.key}={v}'" for v in r.choices]
    return lines
