"""Tables turned on their side: indicators down the rows and units across the columns

    TT | Chỉ tiêu                  | Thành phố Vinh | Thị xã Thái Hòa | … | Tổng cộng
    1  | Số lễ khai mạc, phát động | 59             | 25              | … | 198

A careful officer reads it as the usual wide table (a row per unit) turned by a quarter. So does the
loader: the block from the row of unit names down is turned back, the rows above it (the title) stay
where they are, and `etl.tables.read_wide` reads the result with every rule it has (totals checked,
never added; group columns; plans and ratios set aside). `Turn` maps every position back, so each
message names the cell the officer sees."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from etl.numbers import parse_cell
from etl.read import Sheet
from etl.units import level_hint, match_province_row, names_office_of_unit
from reference.cells import a1
from reference.problems import Text
from reference.vntext import tokens

_SCAN_ROWS = 30  # the row of unit names sits near the top, under the title
_A1 = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass(frozen=True)
class Turn:
    """Row `top` of the sheet holds the unit names; the sheet's columns `cols` became rows
    top, top + 1, …, and its rows top, top + 1, … became columns 0, 1, …"""

    top: int
    cols: tuple[int, ...]

    def original(self, r: int, c: int) -> tuple[int, int]:
        if r < self.top:  # the title block is not turned
            return r, c
        return self.top + c, self.cols[r - self.top]

    def address(self, a1_text: str) -> str:
        """A1 address (or range) in the turned sheet -> the same cell of the sheet as written."""
        if ":" in a1_text:
            return ":".join(self.address(x) for x in a1_text.split(":", 1))
        m = _A1.match(a1_text)
        if not m:
            return a1_text
        col = 0
        for ch in m.group(1):
            col = col * 26 + ord(ch) - 64
        return a1(*self.original(int(m.group(2)) - 1, col - 1))


@lru_cache(maxsize=20_000)
def names_unit(text: str) -> bool:
    """A header cell that names a district, commune or province ('Huyện Quế Phong', 'TP Vinh',
    'Phường Bến Thành', 'Nghệ An'): what a turned table has across its top. Cached: every sheet's
    top rows are asked, and their texts repeat."""
    if not text or len(text) > 60:
        return False
    toks = tokens(text)
    if toks[:2] == ["xa", "hoi"] or ("ngay" in toks and "thang" in toks):
        return False  # 'Xã hội hóa' is a source of funds; 'Huyện A, ngày 5 tháng 12' a date line
    if level_hint(text) or names_office_of_unit(text):  # 'Huyện Quế Phong', 'TTHTCĐ xã Bản Vược'
        return True
    if toks[:2] == ["thanh", "pho"] or (toks and toks[0] == "tp" and len(toks) > 1):
        return True
    return len(toks) <= 6 and any(match_province_row(text, era) for era in (63, 34))


def turn(sheet: Sheet, unit_headers: tuple[str, ...] = ()) -> Sheet | None:
    """The sheet with its table turned back (a row per unit), or None when no row near the top
    names two or more units across it (or starts with a units heading, `unit_headers`: 'Tên đơn
    vị', 'Địa phương', then names) with labelled rows of numbers under it."""
    found = _unit_row(sheet, unit_headers)
    if found is None:
        return None
    top, label_col, unit_cols = found
    width = max(len(row) for row in sheet.rows[top:])
    measure_col = next(
        (c for c in range(label_col + 1, unit_cols[0]) if _names_measure_column(sheet.cell(top, c))), None
    )
    # the label column, then every column right of it (units, the total, a notes column) but the
    # unit-of-measure column, whose word goes with the label it stands beside: 'Lớp ngoại ngữ (lượt người)'
    cols = (label_col, *(c for c in range(label_col + 1, width) if c != measure_col))
    # the block ends at its last row of numbers under the units: a footer below it (dates, 'Số: 123/BC')
    # turned with it would read as another unit
    n = 1 + max((r for r in range(top, len(sheet.rows)) if _numbers_right(sheet, r, unit_cols)), default=top)
    block = range(top, n)
    turned = [list(row) for row in sheet.rows[:top]]
    turned += [[sheet.cell(r, c) for r in block] for c in cols]
    if measure_col is not None:
        turned[top] = [_with_measure(v, sheet.cell(r, measure_col)) for r, v in zip(block, turned[top])]
    t = Turn(top, cols)
    back = {c: j for j, c in enumerate(cols)}
    merged = []
    for (r1, c1), (r2, c2) in sheet.merged:
        if r2 < top:
            merged.append(((r1, c1), (r2, c2)))
        elif r1 >= top and c1 in back and c2 in back:
            merged.append(((top + back[c1], r1 - top), (top + back[c2], r2 - top)))
    return dataclasses.replace(
        sheet,
        rows=turned,
        merged=merged,
        # a row hidden in Excel is an indicator the officer does not see: set aside, as a hidden column
        # of a wide table is; a hidden unit column is read and said, as a hidden unit row is (and
        # left out where the table's total leaves it out)
        hidden_cols=frozenset(r - top for r in sheet.hidden_rows if r >= top),
        hidden_rows=frozenset(
            top + j
            for j, c in enumerate(cols)
            if c in sheet.hidden_cols and any(sheet.cell(r, c) not in (None, "") for r in block)
        ),
        turn=t,
    )


def _unit_row(sheet: Sheet, unit_headers: tuple[str, ...]) -> tuple[int, int, list[int]] | None:
    for r in range(min(len(sheet.rows), _SCAN_ROWS)):
        row = sheet.rows[r]
        texts = [c for c, v in enumerate(row) if isinstance(v, str) and v.strip()]
        if len(texts) < 3:  # a label and two units at least
            continue
        units = [c for c in texts if names_unit(row[c].strip())]
        if len(units) < 2 and " ".join(tokens(row[texts[0]])) in unit_headers:
            # 'Tên đơn vị | Cộng Hòa | Tân Lập | …': the heading says what the names are
            units = [c for c in texts[1:] if not _is_number_text(row[c])]
        if len(units) < 2 or any(c in sheet.hidden_cols for c in units[:1]):
            continue
        # the label column: the first column with words under it (an STT column of 'I, II, a, b' has
        # none); the columns after it (a measure 'Số lớp', the ĐVT) are read as further header levels
        label_col = next((c for c in range(units[0]) if _worded_cells_below(sheet, r, c, units) >= 2), None)
        if label_col is None:
            continue
        if sum(1 for rr in range(r + 1, min(len(sheet.rows), r + 80)) if _numbers_right(sheet, rr, units)) >= 2:
            return r, label_col, units
    return None


def _names_measure_column(v) -> bool:
    toks = tokens(v) if isinstance(v, str) else []
    return toks[:1] == ["dvt"] or toks[:3] == ["don", "vi", "tinh"]


def _with_measure(label, measure):
    if not isinstance(label, str) or not isinstance(measure, str) or not measure.strip():
        return label
    if _names_measure_column(measure):
        return label  # the header row: 'Chỉ tiêu' beside 'ĐVT'
    return f"{label} ({measure.strip()})"


_ORDINAL = re.compile(r"^(?:[ivxlc]+|[a-zđ])$")  # 'I', 'IV', 'a', 'đ': an STT, not a word


def _worded_cells_below(sheet: Sheet, r: int, c: int, units: list[int]) -> int:
    """Cells with words in column c on the rows of numbers under the units (a footer's 'Người lập
    biểu' in column A is no label)."""
    return sum(
        1
        for rr in range(r + 1, min(len(sheet.rows), r + 80))
        if isinstance(v := sheet.cell(rr, c), str)
        and any(len(w) > 1 and not _ORDINAL.match(w) for w in tokens(v))
        and _numbers_right(sheet, rr, units)
    )


def _numbers_right(sheet: Sheet, r: int, units: list[int]) -> bool:
    return any(parse_cell(sheet.cell(r, c)).value is not None for c in units)


def _is_number_text(v: str) -> bool:
    return parse_cell(v).value is not None


def relabel_turned(an, turns: dict[str, Turn]) -> None:
    """Turn the positions an analysis gives (its problems and their cited cells, values, unmapped
    labels) from the turned-back sheet into the sheet as written, where the officer looks."""
    an.problems = [
        dataclasses.replace(
            p,
            cell=turns[p.sheet].address(p.cell) if p.sheet in turns and p.cell else p.cell,
            params=_params(p.params, turns),
            # an answer's text names its cell too ("Ô C7 ('…') không phải chỉ tiêu này")
            options=tuple(_option(o, turns[p.sheet]) for o in p.options) if p.sheet in turns else p.options,
        )
        if p.sheet in turns or any(isinstance(v, str) and "!" in v for v in p.params.values())
        else p
        for p in an.problems
    ]
    for v in an.values:
        if v.sheet in turns:
            v.cell = turns[v.sheet].address(v.cell)
    for u in an.unmapped:
        if u.get("sheet") in turns and isinstance(u.get("cell"), str):
            u["cell"] = turns[u["sheet"]].address(u["cell"])


def _option(o, t: Turn):
    text = o.text
    if isinstance(text, Text) and isinstance(text.params.get("cell"), str):
        text = dataclasses.replace(text, params={**text.params, "cell": t.address(text.params["cell"])})
    return o._replace(text=text)


def _params(params, turns: dict[str, Turn]) -> dict:
    """'TH!C5' cited in a message (the two cells of a conflict) -> the cell as written."""
    out = dict(params)
    for k, v in params.items():
        if isinstance(v, str) and "!" in v:
            sheet, _, cell = v.rpartition("!")
            if sheet in turns:
                out[k] = f"{sheet}!{turns[sheet].address(cell)}"
    return out
