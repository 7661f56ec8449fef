"""A plan to the sheets of its workbook: a cover sheet when asked, then one sheet per year, each
with its title block and its table in the plan's shape."""

from __future__ import annotations

from variations.plan import Plan, Sheet, prose, title_rows
from variations.truth import MONEY, Truth
from variations.turn import turn_table
from variations.vertical import render_vertical, two_tables
from variations.wide import footer_rows, render_wide


def render(plan: Plan) -> list[Sheet]:
    """Every sheet of the workbook, in order."""
    sheets: list[Sheet] = []
    if plan.cover_sheet:
        cover = Sheet("Báo cáo")
        t = plan.truth
        cover.add(f"UBND {t.province.full_name.upper()}")
        cover.add(f"BÁO CÁO KẾT QUẢ TỔ CHỨC TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {t.year}")
        for line in prose(Plan([t], plan.shape, plan.seed, prose_lines=6), t):
            cover.add(*line)
        sheets.append(cover)
    if plan.hidden_sheet:
        sheets.append(_hidden_copy(plan))
    for truth in plan.truths:
        name = f"Năm {truth.year}" if len(plan.truths) > 1 else ("Biểu 02" if plan.cover_sheet else plan.sheet_name)
        sheet = Sheet(name)
        for r in title_rows(plan, truth, truth.year):
            sheet.add(*r)
        if plan.shape == "wide":
            top = len(sheet.rows)
            render_wide(plan, truth, sheet)
            if plan.turned:
                turn_table(sheet, top)
        elif plan.two_tables:
            two_tables(plan, truth, sheet)
        else:
            render_vertical(plan, truth, sheet)
        if plan.footer:
            for line in footer_rows(truth, plan.rng("footer")):
                sheet.add(*line)
        sheets.append(sheet)
    if plan.plan_sheet:
        sheets.append(_plan_sheet(plan))
    for edit in plan.edits:
        edit(plan, sheets)
    return sheets


def _plan_sheet(plan: Plan) -> Sheet:
    """Next year's plan in the report's own table: targets, never this year's results."""
    t = plan.truth
    rng = plan.rng("plan-sheet")
    target = Truth(t.year + 1, t.province, list(t.units), {})
    for unit_code, vals in t.values.items():
        target.values[unit_code] = {c: v + rng.randint(1, 9) * (10**6 if c in MONEY else 1) for c, v in vals.items()}
    sheet = Sheet(f"Kế hoạch {t.year + 1}")
    sheet.add(f"UBND {t.province.full_name.upper()}")
    sheet.add(f"KẾ HOẠCH TỔ CHỨC TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {t.year + 1}")
    sheet.add("(Chỉ tiêu dự kiến của năm sau)")
    sheet.add()
    if plan.shape == "wide":
        render_wide(plan, target, sheet)
    else:
        render_vertical(plan, target, sheet)
    return sheet


def _hidden_copy(plan: Plan) -> Sheet:
    """A hidden sheet left in the workbook: last year's report, or a draft of this year's with other
    numbers. The officer never sees it; the visible sheet is the report."""
    t = plan.truth
    rng = plan.rng("hidden-sheet")
    year = t.year - 1 if plan.hidden_sheet == "prev" else t.year
    copy = Truth(year, t.province, list(t.units), {})
    for unit_code, vals in t.values.items():
        copy.values[unit_code] = {c: v + rng.randint(1, 9) * (10**6 if c in MONEY else 1) for c, v in vals.items()}
    sheet = Sheet(f"Năm {year}" if plan.hidden_sheet == "prev" else "Bản nháp", hidden=True)
    for r in title_rows(plan, copy, year):
        sheet.add(*r)
    (render_wide if plan.shape == "wide" else render_vertical)(plan, copy, sheet)
    return sheet
