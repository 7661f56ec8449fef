"""The wide form (biểu ngang): a row per sub-unit (district or commune), indicator columns under
one to three header rows, a total row, optionally group rows with or without subtotals."""

from __future__ import annotations

from dataclasses import dataclass

from variations.plan import Plan, Sheet, cell_value, number, side_values, words
from variations.truth import MONEY, PAIRS, Truth, subject_of


@dataclass
class _Col:
    section: str
    group: str
    child: str | None
    code: str  # "" for a column that is no indicator (sessions, ratio, notes, derived)
    kind: str = "value"


def _wide_columns(plan: Plan, codes: list[str]) -> list[_Col]:
    money_head = "Kinh phí"
    if plan.money_where == "header":
        money_head = f"Kinh phí ({plan.money_unit})"
    blocks: list[list[_Col]] = []
    done: set[str] = set()
    for code in codes:
        s = subject_of(code)
        if s:
            if s in done:
                continue
            done.add(s)
            section = "CÁC LỚP HỌC" if s.startswith("classes.") else "HOẠT ĐỘNG"
            group = words(plan, s).replace(" > ", ": ")
            block = []
            for m in PAIRS[s]:
                if f"{s}.{m}" in codes:
                    block.append(_Col(section, group, words(plan, f"measure:{m}"), f"{s}.{m}"))
                if m == "classes" and plan.sessions and s.startswith("classes."):
                    block.append(_Col(section, group, "Số buổi", "", "sessions"))
            blocks.append(block)
            continue
        label = words(plan, code)
        section = "KINH PHÍ" if code.startswith("funding.") else "HOẠT ĐỘNG KHÁC"
        if code.startswith("funding."):
            child = label.split(" > ", 1)[1] if " > " in label else label
            if blocks and blocks[-1][0].group == money_head:
                blocks[-1].append(_Col(section, money_head, child, code))
            else:
                blocks.append([_Col(section, money_head, child, code)])
        elif " > " in label:
            g, child = label.split(" > ", 1)
            if blocks and blocks[-1][0].group == g:
                blocks[-1].append(_Col(section, g, child, code))
            else:
                blocks.append([_Col(section, g, child, code)])
        else:
            blocks.append([_Col(section, label, None, code)])
    if plan.shuffle_columns:
        plan.rng("columns").shuffle(blocks)
    if plan.derived_total and any(c.code.endswith(".classes") for b in blocks for c in b):
        blocks.insert(0, [_Col("CÁC LỚP HỌC", plan.derived_total, None, "", "derived")])
    if plan.value_columns == "percent":
        blocks.append([_Col("", "Tỷ lệ % người dân tham gia", None, "", "pct")])
    if plan.hidden_leftover:
        first = next(c for b in blocks for c in b if c.code)
        leftover = _Col(first.section, first.group, first.child, first.code, "old")
        flat = [c for b in blocks for c in b]
        at = flat.index(first) + (1 if plan.hidden_leftover == "after" else 0)
        flat.insert(at, leftover)
        blocks = _regroup(flat)
    if plan.notes:
        blocks.append([_Col("", "Ghi chú", None, "", "note")])
    return [c for b in blocks for c in b]


def _regroup(flat: list[_Col]) -> list[list[_Col]]:
    out: list[list[_Col]] = []
    for c in flat:
        if out and c.child is not None and out[-1][0].group == c.group and out[-1][0].child is not None:
            out[-1].append(c)
        else:
            out.append([c])
    return out


def _header(plan: Plan, sheet: Sheet, cols: list[_Col], first: int) -> None:
    depth = plan.header_depth
    if depth == 1:
        texts = [c.group if c.child is None else f"{c.group}: {c.child}" for c in cols]
        sheet.add("STT", plan.unit_header, *([None] * plan.spacer_cols), *texts)
        return
    top = sheet.add("STT", plan.unit_header, *([None] * plan.spacer_cols))
    rows = [top] + [sheet.add() for _ in range(depth - 1)]
    merged = plan.header_merge == "merge"
    if merged:
        sheet.merges += [(top, 0, rows[-1], 0), (top, 1, rows[-1], 1)]
    levels = (["section"] if depth == 3 else []) + ["group", "child"]

    def text(c: _Col, lvl: str):
        return {"section": c.section, "group": c.group, "child": c.child}[lvl]

    for li, lvl in enumerate(levels):
        r = rows[li]
        i = 0
        while i < len(cols):
            c = cols[i]
            if lvl == "child" and c.child is None:
                i += 1
                continue
            if lvl == "group" and c.child is None:
                # a column without sub-headers spans down to the last header row
                sheet.put(r, first + i, c.group)
                if merged and r != rows[-1]:
                    sheet.merges.append((r, first + i, rows[-1], first + i))
                i += 1
                continue
            j = i
            if lvl != "child":
                while (
                    j + 1 < len(cols)
                    and text(cols[j + 1], lvl) == text(c, lvl)
                    and (lvl == "section" or cols[j + 1].child is not None)
                ):
                    j += 1
            for k in range(i, j + 1):
                if k == i or plan.header_merge == "repeat":
                    sheet.put(r, first + k, text(cols[k], lvl))
            if merged and j > i:
                sheet.merges.append((r, first + i, r, first + j))
            i = j + 1


def render_wide(plan: Plan, truth: Truth, sheet: Sheet) -> None:
    cols = _wide_columns(plan, truth.codes)
    if plan.hidden_helper:  # after the table's own columns, under a copy of a header or a helper's name
        head = next(c for c in cols if c.code)
        copy = plan.rng("helper").random() < 0.5
        cols.append(_Col(head.section, head.group if copy else "KT", head.child if copy else None, "", "helper"))
    first = 2 + plan.spacer_cols
    if plan.hidden_extra == "header_codes":  # a hidden row of the form's column codes above its header
        r = sheet.add(None, "Mã", *([None] * plan.spacer_cols), *[f"CT{i + 1:02d}" for i in range(len(cols))])
        sheet.hidden_rows.add(r)
    _header(plan, sheet, cols, first)
    for i, c in enumerate(cols):
        if c.kind in ("old", "helper"):
            sheet.hidden_cols.add(first + i)
    if plan.numbering_row:
        sheet.add(*[f"({i})" for i in range(1, first + len(cols) + 1)])
    rng = plan.rng("wide")
    units = list(truth.units)
    if plan.shuffle_rows:
        rng.shuffle(units)

    def row(stt, label, vals: dict[str, int]) -> list:
        cells = []
        for c in cols:
            if c.kind == "value":
                cells.append(cell_value(plan, c.code, vals[c.code]) if c.code in vals else None)
            elif c.kind == "old":
                cells.append(side_values(plan, c.code, vals.get(c.code, 0))["old"])
            elif c.kind == "sessions":
                cells.append(number(plan, rng.randint(0, 40)))
            elif c.kind == "derived":
                cells.append(sum(v for k, v in vals.items() if k.endswith(".classes") and ".online." not in k))
            elif c.kind == "pct":
                cells.append(round(rng.uniform(1, 60), 1))
            elif c.kind == "helper":
                cells.append(sum(v for v in vals.values()) % 97)
            elif c.kind == "note":
                cells.append(rng.choice(("Báo cáo đúng hạn", f"Chậm {rng.randint(1, 9)} ngày", None)))
        return [stt, label, *([None] * plan.spacer_cols), *cells]

    def total(units_) -> dict[str, int]:
        out: dict[str, int] = {}
        for u in units_:
            for k, v in truth.values[u.code].items():
                out[k] = out.get(k, 0) + v
        return out

    # "Cộng" alone closes each block when blocks have their own "Cộng" rows
    total_label = rng.choice(("Tổng cộng", "Toàn tỉnh") if plan.group_rows else ("Tổng cộng", "Toàn tỉnh", "Cộng"))
    shown = total(units)
    if truth.others_in_total:  # the province's own rows are in its total
        for vals in truth.others.values():
            for k, v in vals.items():
                shown[k] = shown.get(k, 0) + v
    extra = plan.rng("wide-rows")
    if plan.total_label:
        total_label = plan.total_label

    def total_row(vals: dict[str, int]) -> None:
        if plan.total_in_stt:  # 'TỔNG CỘNG' typed in the STT column, merged over the name's
            r = sheet.add(*row(total_label, None, vals))
            sheet.merges.append((r, 0, r, 1))
        else:
            sheet.add(*row(None, total_label, vals))

    if plan.total_row == "twice":
        sheet.add(*row(None, extra.choice(("Tổng số toàn tỉnh", "Toàn tỉnh", "TỔNG CỘNG")), shown))
    if plan.total_row == "top":
        total_row(shown)
    groups = _unit_groups(plan, truth, units)
    n = 0
    header_at = (len(units) + 1) // 2 if plan.repeat_header else -1
    for gi, (g_label, g_units) in enumerate(groups):
        if g_label and plan.group_rows in ("roman", "letters", "worded"):
            sheet.add(*row(_ROMAN[gi] if plan.group_rows == "roman" else None, g_label, total(g_units)))
        elif g_label and plan.group_rows == "numbered":
            sheet.add(*row(str(gi + 1), g_label, total(g_units)))
        elif g_label and plan.group_rows == "bare":
            sheet.add(None, g_label)
        elif g_label:
            sheet.add(_ROMAN[gi], g_label)
        for u in g_units:
            if n == header_at:
                _header(plan, sheet, cols, first)
                if plan.numbering_row:
                    sheet.add(*[f"({i})" for i in range(1, first + len(cols) + 1)])
            n += 1
            name = _bare(u, truth.year) if plan.bare_unit_names else u.name
            if plan.unit_offices:
                name = _office_of(u, plan.rng(f"office:{u.code}"))
            name = _styled(plan.unit_name_style, name, n)
            stt = None if plan.unit_name_style == "numbered" else n
            if plan.group_rows == "numbered":
                stt = f"{gi + 1}.{g_units.index(u) + 1}"  # '1.1', '1.2' under group '1'
            sheet.add(*row(stt, name, truth.values[u.code]))
            if n <= plan.part_rows:
                sheet.add(*row(None, extra.choice(_PART_LABELS), _part_of(truth.values[u.code], extra)))
            if plan.spacer_rows and n % 4 == 0:
                sheet.add()
            if plan.note_rows and n == 2:
                sheet.add()
                sheet.add(None, extra.choice(_NOTE_LINES))
        if g_label and plan.group_rows == "blocks":
            sheet.add(*row(None, "Cộng", total(g_units)))
        if g_label and plan.group_rows == "after":
            sheet.add(
                *row(
                    None,
                    f"Cộng nhóm {_ROMAN[gi]}" if extra.random() < 0.5 else f"Cộng {g_label.split('. ', 1)[-1].lower()}",
                    total(g_units),
                )
            )
    if plan.hidden_unit_row:
        gone = _unit_outside(truth, extra)
        if gone is not None:
            r = sheet.add(
                *row(n + 1, gone.name, {k: extra.randint(1, 9) * (1_000_000 if k in MONEY else 1) for k in shown})
            )
            sheet.hidden_rows.add(r)
    others = list(truth.others.items())
    if truth.others_in_total:
        if plan.others_heading:  # the bodies under a group row of their own, with its subtotal
            sub: dict[str, int] = {}
            for _, vals in others:
                for k, v in vals.items():
                    sub[k] = sub.get(k, 0) + v
            sheet.add(*row(None, plan.others_heading, sub))
        for label, vals in others:
            sheet.add(*row(None, label, vals))
    if plan.total_row in ("bottom", "twice"):
        total_row(shown)
    if plan.hidden_extra == "check_row" and plan.total_row in ("bottom", "twice"):
        # a hidden check under the total: the total less the units' sum, zeros when all is well
        r = sheet.add(*row(None, extra.choice(("Kiểm tra", "KT chênh lệch")), {k: 0 for k in shown}))
        sheet.hidden_rows.add(r)
    if others and not truth.others_in_total:  # listed for information under the province's total
        sheet.add(None, extra.choice(("Các đơn vị cấp tỉnh (không tính vào tổng):", "Ngoài ra:")))
        for label, vals in others:
            sheet.add(*row(None, label, vals))


_ABBREVIATIONS = {"Thành phố ": "TP. ", "Thị xã ": "TX. ", "Huyện ": "H. ", "Quận ": "Q. ", "Thị trấn ": "TT. "}


def _styled(style: str, name: str, n: int) -> str:
    """A unit's name as officers type it: '- Xã Tân Lập', 'HUYỆN NAM SÁCH', 'TP. Hải Dương', '3. Xã A'."""
    if style == "dash":
        return f"- {name}"
    if style == "upper":
        return name.upper()
    if style == "abbrev":
        for full, short in _ABBREVIATIONS.items():
            if name.startswith(full):
                return short + name[len(full) :]
    if style == "numbered":
        return f"{n}. {name}"
    return name


_PART_LABELS = ("- Trong đó: thị trấn", "Trong đó: TTHTCĐ", "Trong đó", "- Trong đó: các trường học")
_NOTE_LINES = (
    "(Đơn vị chưa gửi báo cáo bổ sung)",
    "Ghi chú: số liệu tạm tính đến ngày 15/10",
    "* Số liệu của các đơn vị dưới đây đã được Phòng GD&ĐT xác nhận",
)


def _part_of(vals: dict[str, int], rng) -> dict[str, int]:
    """A part of a unit's figures (never more than the unit's own)."""
    return {k: rng.randint(0, v) for k, v in vals.items()}


def _unit_outside(truth: Truth, rng):
    """A real unit of the province that the truth does not report (a row left hidden)."""
    from reference import admin_units as au

    era = au.era_for_year(truth.year)
    pool = au.districts(truth.province.code) if era == 63 else au.communes(truth.province.code, era)
    have = {u.code for u in truth.units}
    rest = [u for u in pool if u.code not in have]
    return rng.choice(rest) if rest else None


def footer_rows(truth: Truth, rng) -> list[list]:
    """What follows a province's table: where it goes, its number and date, who signs."""
    y = truth.year
    return [
        [],
        [
            None,
            f"Số: {rng.randint(10, 999)}/BC-SGDĐT",
            None,
            f"{truth.province.name}, ngày {rng.randint(1, 28)} tháng 10 năm {y}",
        ],
        [None, "Nơi nhận:", None, "NGƯỜI LẬP BIỂU", None, "GIÁM ĐỐC"],
        [None, "- Bộ GD&ĐT (để b/c);"],
        [None, "- Lưu: VT, GDTX."],
        [None, None, None, "Nguyễn Văn An", None, "Trần Thị Bình"],
        [None, None, None, f"ĐT: 0{rng.randint(200, 299)}.{rng.randint(100, 999)}.{rng.randint(1000, 9999)}"],
    ]


def _office_of(u, rng) -> str:
    """A unit as a district's list names it by who reports: its learning centre or people's
    committee ('TTHTCĐ xã Bản Vược'), a district by its education office ('Phòng GD&ĐT huyện ...')."""
    offices = (
        ("TTHTCĐ", "TT HTCĐ", "Trung tâm học tập cộng đồng", "UBND")
        if u.level == "commune"
        else ("Phòng GD&ĐT", "UBND")
    )
    return f"{rng.choice(offices)} {u.name[0].lower()}{u.name[1:]}"


def _bare(u, year: int) -> str:
    """A unit's name without its type word ("Cộng Hòa", "Tổng Cọt"), as many lists write them, when
    no other unit of the province has that bare name (an officer would not leave it ambiguous)."""
    from etl import units as U
    from reference import admin_units as au

    era = au.era_for_year(year)
    pool = au.districts(u.province_code) if u.level == "district" else au.communes(u.province_code, era)
    clash = any(x.short == u.short and x.code != u.code for x in pool) or U.match_province_row(u.short, era)
    return u.name if clash or not u.short or u.short == u.name else u.short


_ROMAN = ("I", "II", "III", "IV")
_URBAN = ("Quận ", "Thành phố ", "Thị xã ", "Phường ", "Thị trấn ")


def _unit_groups(plan: Plan, truth: Truth, units: list) -> list[tuple[str, list]]:
    """Sub-units under group rows, as provinces list them: towns and cities first."""
    if not plan.group_rows or len(units) < 2:
        return [("", units)]
    urban = [u for u in units if u.name.startswith(_URBAN)]
    rural = [u for u in units if u not in urban]
    if not urban or not rural:
        urban, rural = units[: len(units) // 2], units[len(units) // 2 :]
        labels = ("Cụm thi đua số 1", "Cụm thi đua số 2")
    elif truth.year >= 2025:
        labels = ("Các phường", "Các xã")
    else:
        labels = ("Thành phố, thị xã", "Các huyện")
    if plan.group_rows in ("roman", "after"):
        return [(f"{_ROMAN[0]}. {labels[0]}", urban), (f"{_ROMAN[1]}. {labels[1]}", rural)]
    if plan.group_rows == "letters":
        return [(f"A. {labels[0]}", urban), (f"B. {labels[1]}", rural)]
    if plan.group_rows in ("bare", "worded", "numbered"):
        return [(labels[0], urban), (labels[1], rural)]
    if labels[0].startswith("Cụm"):
        return [(labels[0], urban), (labels[1], rural)]
    return [(f"Khối {labels[0].lower()}", urban), (f"Khối {labels[1].lower()}", rural)]
