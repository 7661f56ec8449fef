"""Find the statistics table in a sheet and read it as (row unit, indicator, cell) records.

Two shapes cover what people send:
- vertical (biểu dọc): one row per indicator, a label column, one or more value columns (one
  value column; count + people columns; or one column per sub-unit), heading rows that give
  context to the "- Số lớp" child rows beneath them;
- wide (biểu ngang): one row per unit, one or two header rows (group header merged over
  "Số lớp" / "Lượt người" sub-headers), a total row anywhere.
Both readers return the same `Table`; the one that maps more indicators wins."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from etl.labels import alternative_codes, is_total_label, label_key, match_label, may_name_code, stem_of
from etl.numbers import money_factor, parse_cell
from etl.read import Sheet
from etl.roles import (
    BREAKDOWN,
    HIDDEN,
    ONLINE_SHARE,
    PART,
    PART_ROW,
    SKIPPED_COLUMNS,
    VALUE,
    Role,
    column_role,
    group_label,
    is_part_column,
    is_total_column,
    level_parts,
    part_label,
    ratio_row,
)
from etl.turned import turn
from etl.units import names_office_of_unit
from reference import catalog
from reference.problems import Problem
from reference.vntext import strip_diacritics

HEADER_SCAN_ROWS = 40
_ROMAN = re.compile(r"^(?=[ivxlc]+\.?$)[ivxlc]+\.?$", re.I)
_ROMAN_LEAD = re.compile(r"[IVX]+[.)]\s")  # "IX. KINH PHÍ ...", "II) Các lớp học": capitals, then a stop
_IGNORED_HEADERS = ("ghi chu", "stt", "so tt", "tt", "ma so", "ma", "don vi tinh", "dvt")


def _ignored_header(text: str) -> bool:
    """'STT', 'Mã số', 'ĐVT', 'Ghi chú': whole words only ('Số TTHTCĐ' is not 'Số TT', 'Mạng xã
    hội' is not 'Mã')."""
    f = _folded(text).lower()
    return any(f == h or f.startswith(h + " ") or f.startswith(h + ":") for h in _IGNORED_HEADERS)


_UNIT_HEADERS = (
    "don vi",
    "ten don vi",
    "tinh thanh pho",
    "tinh",
    "thanh pho",
    "quan huyen",
    "huyen",
    "xa phuong",
    "xa",
    "phuong",
    "dia phuong",
    "don vi bao cao",
    "ten",
)


@dataclass(slots=True)  # one per value: slots make it cheaper to build
class Record:
    unit_label: str | None  # None: the sheet's own unit (vertical form)
    code: str
    raw: object
    row: int
    col: int
    label: str
    money_factor: int | None = None  # from the row's unit column or the column header
    is_total: bool = False  # a stated total (row or column), checked and never loaded
    period: int | None = None  # the year its column names ("Năm 2023"), None when it names none
    row_kind: str = ""  # wide tables: "group" for a label that gathers units ("II. Các huyện"), "merged"
    key: str = ""  # `label_key` of the label in its context: an officer's mapping of it goes there
    alts: tuple[str, ...] = ()  # codes its label names as strongly (the table-wide assignment's choices)
    shared: int = 0  # wide tables: a value cell merged down over this many rows of different units (one figure for all)


@dataclass
class Table:
    shape: str  # "vertical" | "wide"
    sheet: Sheet
    header_rows: tuple[int, int]
    records: list[Record] = field(default_factory=list)
    unmapped: list[tuple[str, int, int]] = field(default_factory=list)  # (label, row, col) with values
    unit_column: int | None = None
    problems: list[Problem] = field(default_factory=list)
    sheet_money_factor: int | None = None
    col_roles: dict[int, tuple[str, Role]] = field(default_factory=dict)  # column -> (header, role)
    end_row: int | None = None  # where another table's header starts on the same sheet
    title_rows: list[int] | None = None  # rows above it that are its title (None: every row above)
    row_roles: dict[int, tuple[str, Role]] = field(default_factory=dict)  # row -> (label, role), set by extract
    # column -> `column_key` of its header parts: where an officer's correction of its role is kept
    col_keys: dict[int, str] = field(default_factory=dict)
    # row -> `row_key`: rows whose role an officer may correct (not those a known unit's name decides)
    row_keys: dict[int, str] = field(default_factory=dict)

    @property
    def codes(self) -> set[str]:
        return {r.code for r in self.records}


def _text(v) -> str:
    # not cached: cheaper than a cache lookup, and a cache would miss on every new number
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _is_unit_header(folded: str) -> bool:
    """The header of the unit-of-measure column, however abbreviated: 'Đơn vị tính', 'ĐVT',
    'ĐV tính', 'Đ.vị tính', 'Đơn vị' (not 'Đơn vị báo cáo', the reporting unit)."""
    compact = re.sub(r"[^a-z]", "", folded)
    return compact.startswith(("donvi", "dvt", "dvtinh", "dvitinh")) and not compact.startswith("donvibaocao")


def _folded(v) -> str:
    return _fold_text(_text(v))


@lru_cache(maxsize=50_000)
def _fold_text(t: str) -> str:
    return " ".join(strip_diacritics(t).replace("/", " ").replace("&", " ").split())


def _is_number(v) -> bool:
    p = parse_cell(v)
    return p.value is not None or p.na


_END_MARKS = (
    "nguoi lap bieu",
    "nguoi lap bang",
    "thu truong don vi",
    "giam doc",
    "kt giam doc",
    "kt. giam doc",
    "noi nhan",
    "xac nhan cua",
    "ky ten",
    "tm ubnd",
    "tm. ubnd",
    "pho giam doc",
)
_NUMBERING = re.compile(r"^\(?([0-9]+|[a-z])\)?$", re.I)


def _is_end_row(row: list) -> bool:
    """The signature block under a table ('Người lập biểu', 'KT. GIÁM ĐỐC', 'Nơi nhận')."""
    for v in row:  # a loop, not any(generator): this runs on every cell of every row
        if isinstance(v, str) and _is_end_text(v):
            return True
    return False


@lru_cache(maxsize=50_000)
def _is_end_text(text: str) -> bool:
    return _folded(text).lower().startswith(_END_MARKS)


def _is_numbering_row(values: list) -> bool:
    """A row of column numbers under the header: '(1) (2) (3)', '1 2 3', 'A B C'."""
    marks = []
    for v in reversed(values):  # from the end: a wide row's label, last, usually rules it out at once
        if v in (None, ""):
            continue
        m = _NUMBERING.match(_text(v))
        if not m:
            return False
        marks.append(m.group(1))
    if len(marks) < 2:
        return False
    nums = [int(x) for x in reversed(marks) if x.isdigit()]
    return len(nums) < len(marks) or all(b - a == 1 for a, b in zip(nums, nums[1:]))


def _all_text(values: list) -> bool:
    """Every filled cell is words, not numbers: a header repeated inside the table."""
    filled = False
    for v in values:  # the first number rules the row out, without a look at the rest
        if v in (None, ""):
            continue
        if not (isinstance(v, str) and parse_cell(v).error):
            return False
        filled = True
    return filled


def _merged_map(sheet: Sheet) -> dict[tuple[int, int], tuple[int, int]]:
    """cell -> top-left cell of the merged range it belongs to."""
    out = {}
    for (r0, c0), (r1, c1) in sheet.merged:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                out[(r, c)] = (r0, c0)
    return out


def _header_rows(sheet: Sheet, merged, rows: set[int], width: int) -> dict[int, list[str]]:
    """`_header_text` of every column of the given rows, a row at a time."""
    out = {}
    for r in rows:
        row = sheet.rows[r]
        out[r] = [_text(v) for v in row[:width]] + [""] * (width - len(row))
    for (r, c), top in merged.items():
        if r in out and c < width:
            out[r][c] = _text(sheet.cell(*top))
    return out


def _merged_above(sheet: Sheet, merged, r: int, c: int) -> str:
    """The text of a label cell merged down over this row from a row above: each row it spans
    carries that label (a row is never skipped because its label cell looks empty)."""
    top = merged.get((r, c))
    return _text(sheet.cell(*top)) if top and top[0] < r else ""


def _header_text(sheet: Sheet, merged, r: int, c: int) -> str:
    top = merged.get((r, c))
    if top:
        return _text(sheet.cell(*top))
    return _text(sheet.cell(r, c))


def _sheet_money_factor(sheet: Sheet, rows: range) -> int | None:
    for r in rows:
        for v in sheet.rows[r] if r < len(sheet.rows) else ():
            # folded: a statement typed without diacritics ("Don vi tinh: trieu dong") counts too
            if isinstance(v, str) and ("(" in v or any(w in _folded(v).lower() for w in ("don vi", "dvt", "kinh phi"))):
                f = money_factor(v)
                if f:
                    return f
    return None


# ---------------------------------------------------------------- wide: one row per unit
def read_wide(
    sheet: Sheet,
    learned: Mapping[str, str] | None = None,
    must_beat: int = 0,
    from_row: int = 0,
    to_row: int | None = None,
) -> Table | None:
    """`must_beat`: codes another reading of the sheet already has; a header that cannot name more
    gives None without reading the rows. `from_row`/`to_row`: the part of the sheet to read (a
    sheet may hold several tables, each under its own header)."""
    n = len(sheet.rows) if to_row is None else min(to_row, len(sheet.rows))
    width = max((len(r) for r in sheet.rows), default=0)
    if width <= must_beat:
        return None  # each column names one code at most: this sheet cannot name more (a vertical form)
    merged = _merged_map(sheet)
    # header texts of the rows a header can be in, computed once for every (start, height) tried
    starts = [r for r in range(from_row, min(n, from_row + HEADER_SCAN_ROWS)) if _has_words(sheet.rows[r])]
    needed = _header_rows(sheet, merged, {r + h for r in starts for h in range(3) if r + h < n}, width)
    blank = [""] * width
    heads = [needed.get(r, blank) for r in range(min(n, from_row + HEADER_SCAN_ROWS + 3))]
    matches: dict[tuple[str, ...], tuple[str, int | None] | None] = {}
    best: tuple[int, int, int, dict] | None = None  # (mapped, -height, start, columns)
    # a header is words: a row with more numbers than words is data, never a header level
    # ('Huyện Nam Sách' under 'Tên đơn vị' would otherwise name books)
    wordy: dict[int, bool] = {}

    def is_wordy(r: int) -> bool:
        if r not in wordy:
            wordy[r] = _more_words_than_numbers(sheet.rows[r])
        return wordy[r]

    for start in starts:
        for height in (1, 2, 3):
            if start + height >= n or not is_wordy(start + height - 1):
                break
            cols, parts = _wide_columns(heads, start, height, learned, matches)
            score = len({code for code, _ in cols.values()})
            # on a tie, the header that reaches down to the data: a row of words under it ('Tổng số |
            # Nam | Nữ' under 'Người dự lễ') is a level of it, not a row to skip
            reaches = start + height >= n or not is_wordy(start + height)
            if score >= 2 and (best is None or (score, reaches, -height) > best[:3]):
                best = (score, reaches, -height, start, cols, parts)
    if best is None or best[0] <= must_beat:  # the table's codes are among its columns' codes
        return None
    _, _, neg_h, start, cols, parts = best
    first_data = start - neg_h
    start, parts = _with_period_row(sheet, merged, start, from_row, cols, parts)
    if learned and start < first_data + neg_h:
        # the period row joined the header: an officer's answer about a column ("bỏ qua ô đó") is
        # kept under the key of the header with that row, as questions name it
        for c in list(cols):
            if label_key(parts[c]) in learned:
                hit = _column_match(parts[c], learned)
                if hit:
                    cols[c] = hit
                else:
                    del cols[c]
    cols, roles = _column_roles(cols, parts, learned)
    for c in sheet.hidden_cols.intersection(cols):
        del cols[c]
        roles[c] = (roles[c][0], HIDDEN)
    if not cols:
        return None
    unit_col = _unit_column(sheet, merged, start, first_data, cols, width)
    if unit_col is None:
        return None
    table = Table(
        "wide",
        sheet,
        (start, first_data - 1),
        unit_column=unit_col,
        # the money unit stated nearest above: this table's caption before the sheet's title
        sheet_money_factor=_sheet_money_factor(sheet, range(from_row, first_data))
        or _sheet_money_factor(sheet, range(0, from_row)),
        col_roles=roles,
        col_keys={c: column_key(parts.get(c, ())) for c in roles},
    )
    periods = {c: role.period for c, (_, role) in roles.items() if role.period is not None}
    keys = {c: label_key(parts[c]) for c in cols}
    shared = _shared_cells(sheet, cols, unit_col, first_data)
    # the header printed again at a page break: the same table goes on under it
    repeats = {t for h in range(start, first_data) if len(t := _row_texts(sheet.rows[h])) >= 2}
    for r in range(first_data, n):
        row = sheet.rows[r]
        if _is_end_row(row):
            break
        if repeats and _row_texts(row) in repeats:
            continue
        own_label = _text(row[unit_col]) if unit_col < len(row) else ""
        label = own_label or _merged_above(sheet, merged, r, unit_col)
        values = {c: row[c] for c in cols if c < len(row) and row[c] not in (None, "")}
        if not values or _is_numbering_row(list(values.values()) + [label]):
            continue
        if _all_text(list(values.values())):
            # a header after data rows starts another table (never read under this one); a unit whose
            # cells say "Không tổ chức" is a row of this table
            if table.records and _has_words(row) and (not label or _folded(label).lower() in _UNIT_HEADERS):
                table.end_row = r
                break
            continue
        if not label:
            # numbers with no unit name: a total row without its label, or a stray note
            if all(_is_number(v) for v in values.values()):
                label = "Tổng cộng (không ghi tên)"
            else:
                continue
        if _ROMAN.match(label.split(" ")[0]) and not any(_is_number(v) for v in values.values()):
            continue
        total = is_total_label(label) or label.startswith("Tổng cộng (")
        # "merged": a further row of a unit whose name cell is merged over it (added in or not: decided
        # by the table's total, else asked)
        # a group is named ('II. Các huyện', 'Tây Nguyên') or numbered apart ('I | ...' in the STT
        # column, where units count 1, 2, 3): its numbers decide whether it is their subtotal
        stt = _text(row[unit_col - 1]) if 0 < unit_col <= len(row) else ""
        grouped = group_label(label) or bool(_ROMAN.match(stt))
        kind = "" if total else ("merged" if not own_label else ("group" if grouped else ""))
        for c, v in values.items():
            code, factor = cols[c]
            # positional: a keyword argument costs, and this runs once per value
            rec = Record(label, code, v, r, c, label, factor, total, periods.get(c), kind, keys[c])
            if (r, c) in shared and not total:
                rec.shared = shared[(r, c)]
            table.records.append(rec)
    for c in range(width):
        if c in cols or c == unit_col or c in roles:
            continue
        if c in parts:  # the header as read, with a group typed once carried over its columns
            head = " / ".join(t for t in parts[c] if t)
        else:
            head = " / ".join(t for t in (_header_text(sheet, merged, h, c) for h in range(start, first_data)) if t)
        role = column_role(tuple(parts.get(c, ()))) if head else VALUE
        if len(parts.get(c, ())) >= 2 and is_part_column(parts[c][-1:]):
            role = PART  # 'Người dự lễ / Nữ' beside 'Người dự lễ / Tổng số': a part, not an unknown indicator
        if learned and c in parts and learned.get(label_key(parts[c])) == "ignore":
            role = Role("note", "bỏ qua (cán bộ đã chọn)")  # answered, so never again "not recognised"
        if role.kind in SKIPPED_COLUMNS:  # a plan, ratio, sessions column: set aside with its reason
            table.col_roles[c] = (head, role)
            continue
        if (
            head
            and not _ignored_header(head)
            and any(
                c < len(row) and _is_number(row[c]) and row[c] not in (None, "") for row in sheet.rows[first_data:n]
            )
        ):
            table.unmapped.append((head, start, c))
    return table


def _shared_cells(sheet: Sheet, cols, unit_col: int, first_data: int) -> dict[tuple[int, int], int]:
    """Value cells merged down over rows of different units: one figure the file gives for them
    together ('50' over Thành phố Lào Cai and Thị xã Sa Pa), no one unit's. -> rows spanned."""
    out = {}
    for (r0, c0), (r1, _) in sheet.merged:
        if r1 > r0 and r0 >= first_data and c0 in cols:
            names = {_text(sheet.cell(r, unit_col)) for r in range(r0, r1 + 1)} - {""}
            if len(names) >= 2:
                out[(r0, c0)] = r1 - r0 + 1
    return out


def _row_texts(row: list) -> tuple[str, ...]:
    """A row's texts, folded, in order: how a repeated header row is known again."""
    return tuple(_fold_text(_text(v)) for v in row if isinstance(v, str) and v.strip())


def _more_words_than_numbers(row: list) -> bool:
    words = numbers = 0
    for v in row:
        if v in (None, ""):
            continue
        if isinstance(v, str) and parse_cell(v).error:
            words += 1
        else:
            numbers += 1
    return words > numbers


def _has_words(row: list) -> bool:
    """Two cells of words or more: a row a header can start at (data rows are mostly numbers)."""
    words = 0
    for v in row:  # a loop that stops at the second word: a header row is seldom read to its end
        if isinstance(v, str) and parse_cell(v).error:
            words += 1
            if words == 2:
                return True
    return False


def _wide_columns(heads, start, height, learned, matches) -> tuple[dict[int, tuple[str, int | None]], dict]:
    """Columns whose header (rows start..start+height-1) names an indicator: code, money factor;
    and every column's header parts, top level first."""
    cols: dict[int, tuple[str, int | None]] = {}
    parts: dict[int, tuple[str, ...]] = {}
    carried = [""] * height
    for c, key in enumerate(zip(*heads[start : start + height])):
        if height > 1:
            # a group header typed once and left for the columns to its right (no merge info)
            key = list(key)
            for level in range(height - 1):
                if key[level]:
                    carried[level] = key[level]
                    carried[level + 1 :] = [""] * (height - level - 1)
                elif any(key[level + 1 :]):
                    key[level] = carried[level]
            key = tuple(key)
        if not any(key):
            continue
        parts[c] = key
        if learned and label_key(key) in learned:
            if key not in matches:
                matches[key] = _column_match(key, learned)
            hit = matches[key]
        else:  # what no learned choice covers matches as without any, cached across files
            hit = _column_match_plain(key)
        if hit:
            cols[c] = hit
    return cols, parts


def _with_period_row(sheet: Sheet, merged, start: int, from_row: int, cols: dict, parts: dict):
    """The row just above the chosen header joins it when it says which year, plan or result its
    columns are ('Năm 2023 | Năm 2024' over the same indicators): the header that names the most
    indicators is found without it, as it names none."""
    r = start - 1
    if r < from_row or not cols:
        return start, parts
    texts, carried = {}, ""
    for c in range(min(cols), max(cols) + 1):
        t = _header_text(sheet, merged, r, c)
        carried = t or carried  # typed once over the columns it heads
        texts[c] = carried
    named = {texts[c] for c in cols if texts.get(c)}
    if len(named) < 2 or not any(
        (role := column_role((texts[c],))).period is not None or role.kind in SKIPPED_COLUMNS for c in cols if texts[c]
    ):
        return start, parts
    return r, {c: ((texts[c],) if texts.get(c) else ()) + p for c, p in parts.items()}


def column_key(parts) -> str:
    """Under this key an officer's correction of a column's role is remembered ('col:...')."""
    return "col:" + label_key([p for p in parts if p])


def _column_roles(cols: dict, parts: dict, learned) -> tuple[dict, dict[int, tuple[str, Role]]]:
    """Columns whose role is a value of the report year or a stated period; the others (plan,
    change, ratio, note, sessions) are set aside with their reason."""
    kept, roles = {}, {}
    for c, hit in cols.items():
        head = tuple(p for p in parts.get(c, ()) if p)
        role = _learned_column_role(head, learned) or _wide_part_role(c, head, cols, parts) or column_role(head)
        roles[c] = (" / ".join(head), role)
        if role.kind not in SKIPPED_COLUMNS:
            kept[c] = hit
    return kept, roles


def _wide_part_role(c: int, head: tuple[str, ...], cols: dict, parts: dict) -> Role | None:
    """'Người dự lễ | Tổng số, Nam, Nữ', 'Lớp kỹ năng sống | Số lớp, Trong đó trực tuyến': a column of
    a part beside the column of the whole under one heading is that number again, split. The one
    part the catalogue has is the online share of all classes ('Lớp học | Tổng số lớp, Trong đó:
    trực tuyến'): read as such; online classes of one type are not all online classes."""
    if len(head) < 2 or not is_part_column(head[-1:]):
        return None
    siblings = [d for d in cols if d != c and tuple(p for p in parts.get(d, ()) if p)[:-1] == head[:-1]]
    wholes = [d for d in siblings if not is_part_column(tuple(p for p in parts.get(d, ()) if p)[-1:])]
    if not wholes:
        return None
    online = cols[c][0].startswith("classes.online.")
    if online and all(cols[d][0].startswith("classes.total.") for d in wholes):
        return None
    return PART


def _learned_column_role(head: tuple[str, ...], learned) -> Role | None:
    if not learned:
        return None
    choice = learned.get(column_key(head))
    if choice == "value":
        return Role("value", "giá trị (cán bộ đã chọn)", column_role(head).period)
    if choice == "ignore":
        return Role("note", "bỏ qua (cán bộ đã chọn)")
    return None


@lru_cache(maxsize=50_000)
def _column_match_plain(parts: tuple[str, ...]) -> tuple[str, int | None] | None:
    if not any(may_name_code(p) for p in parts if p):
        return None  # numbers, titles, notes: the usual column of the rows a header is tried on
    return _column_match(parts, None)


def _column_match(parts: tuple[str, ...], learned) -> tuple[str, int | None] | None:
    if not any(parts):
        return None
    if _ignored_header(parts[-1]) or _ignored_header(parts[0]):
        return None
    m = match_label(parts, learned)
    if not m.code:
        return None
    return m.code, next((f for f in (money_factor(p) for p in reversed(parts)) if f), None)


def _unit_column(sheet, merged, start, first_data, cols, width) -> int | None:
    first_code_col = min(cols)
    candidates = []
    window = sheet.rows[first_data : first_data + 80]
    for c in range(width):
        if c in cols:
            continue
        texts = sum(1 for row in window if c < len(row) and isinstance(row[c], str) and not _is_number(row[c]))
        if texts:
            head = _folded(" ".join(_header_text(sheet, merged, h, c) for h in range(start, first_data)))
            named = any(head.startswith(h) or h == head for h in _UNIT_HEADERS)
            candidates.append((named, c < first_code_col, texts, -c, c))
    if not candidates:
        return None
    return max(candidates)[-1]


# ---------------------------------------------------------------- vertical: one row per indicator
def read_vertical(
    sheet: Sheet, learned: Mapping[str, str] | None = None, from_row: int = 0, to_row: int | None = None
) -> Table | None:
    """`from_row`/`to_row`: the part of the sheet to read; the table ends where another table's
    column header starts ('STT | Nội dung | Số lượng | ĐVT' again, maybe in another order)."""
    n = len(sheet.rows) if to_row is None else min(to_row, len(sheet.rows))
    width = max((len(r) for r in sheet.rows), default=0)
    # the label column is the one whose texts map to the most indicators
    best_col, best_hits = None, 0
    hits = [0] * min(width, 6)
    for row in sheet.rows[from_row:n]:
        for c, v in enumerate(row[:6]):
            if isinstance(v, str) and _names_row(v, learned) and not _is_prose(row, c):
                hits[c] += 1
    for c, h in enumerate(hits):
        if h > best_hits:
            best_col, best_hits = c, h
    # three labels make a table; a later table on the sheet, under a header of its own, may be as
    # short as two rows ('Bảng 2. Kinh phí': state budget, other sources)
    if best_col is None or best_hits < (2 if from_row and _has_own_header(sheet, from_row, n) else 3):
        return None
    lc = best_col
    first = next(
        r
        for r in range(from_row, n)
        if isinstance(sheet.cell(r, lc), str)
        and _names_row(sheet.cell(r, lc), learned)
        and not _is_prose(sheet.rows[r], lc)
    )
    header = _vertical_header_row(sheet, lc, first, from_row)
    merged = _merged_map(sheet)
    unit_col = None
    value_cols: dict[int, str] = {}
    roles: dict[int, tuple[str, Role]] = {}
    keys: dict[int, str] = {}
    heads: dict[int, tuple[str, ...]] = {}
    group_row = header - 1 if header and _texts_right_of(sheet.rows[header - 1], lc) >= 2 else None
    for c in range(lc + 1, width):
        head = _header_text(sheet, merged, header, c) if header is not None else ""
        lower = ""
        if header is not None and header + 1 < first:
            lower = _header_text(sheet, merged, header + 1, c)
            if not head:
                head, lower = lower, ""
        fh = _folded(head)
        if _is_unit_header(fh):
            unit_col = c
            continue
        if not any(c < len(row) and row[c] not in (None, "") and _is_number(row[c]) for row in sheet.rows[first:]):
            continue
        upper = _header_text(sheet, merged, group_row, c) if group_row is not None else ""
        parts = tuple(p for p in (upper, head, lower) if p)
        role = HIDDEN if c in sheet.hidden_cols else (_learned_column_role(parts, learned) or column_role(parts))
        if parts:
            roles[c] = (" / ".join(parts), role)
            keys[c] = column_key(parts)
            heads[c] = parts
        if role.kind not in SKIPPED_COLUMNS:
            value_cols[c] = head
    _set_aside_level_parts(value_cols, roles, heads)
    if not value_cols:
        return None
    # an online part column ('Trong đó: trực tuyến') is set aside on every row but the total of
    # classes, whose online part is the catalogue's own 'Trong đó: lớp học trực tuyến'
    online_cols = [c for c, (h, role) in roles.items() if role is PART and ONLINE_SHARE.search(_folded(h).lower())]
    top = group_row if group_row is not None else (header if header is not None else first)
    table = Table(
        "vertical",
        sheet,
        (top, header or first),
        sheet_money_factor=_sheet_money_factor(sheet, range(from_row, first))
        or _sheet_money_factor(sheet, range(0, from_row)),
        col_roles=roles,
        col_keys=keys,
    )
    periods = {c: role.period for c, (_, role) in roles.items() if c in value_cols}
    section = parent = sub = ""
    online_children: dict[str, set[str]] = {}  # an online part's code -> the rows it sits under
    roman_section = False  # the section was opened by a Roman numeral: its Arabic items stay inside it
    last_subject: tuple[str, str] | None = None  # (label, ĐVT) of the last row that named itself
    stt_col = lc - 1 if lc > 0 else None
    # its own header printed again at a page break: the same table goes on under it
    repeat = _row_texts(sheet.rows[header]) if header is not None else ()
    for r in range(first, n):
        row = sheet.rows[r]
        if _is_end_row(row):
            break
        if len(repeat) >= 2 and _row_texts(row) == repeat:
            continue
        if table.records and _is_table_header(row, lc):
            table.end_row = r  # another table's header: its columns are its own, never these
            break
        label = (_text(row[lc]) if lc < len(row) else "") or _merged_above(sheet, merged, r, lc)
        if not label:
            label = _continued_label(sheet, r, value_cols, unit_col, last_subject)
            last_subject = None  # one line continues a subject, never a run of them
            if not label:
                continue
        stt = _text(sheet.cell(r, stt_col)) if stt_col is not None else ""
        row_values = {c: row[c] for c in value_cols if c < len(row) and row[c] not in (None, "")}
        if row_values and _text(row[lc] if lc < len(row) else ""):
            last_subject = (label, _text(sheet.cell(r, unit_col)) if unit_col is not None else "")
        elif not row_values:
            last_subject = None
        if row_values and _is_numbering_row([*row_values.values(), label]):  # the label too: "24 | 25" is data
            continue
        if row_values and _all_text(list(row_values.values())) and _is_sub_header(list(row_values.values()), learned):
            # a sub-header inside the table ("CÁC LỚP HỌC | Số lớp | Số lượt người học"):
            # its texts head the value columns for the rows beneath it
            for c, v in row_values.items():
                value_cols[c] = _text(v)
                role = (
                    HIDDEN
                    if c in sheet.hidden_cols
                    else (_learned_column_role((_text(v),), learned) or column_role((_text(v),)))
                )
                roles[c] = (_text(v), role)
                keys[c] = column_key((_text(v),))
                periods[c] = role.period
            row_values = {}
        # learned-agnostic: an answer about a row must not move the key it is remembered under
        # a funding source names its own row ('Ngân sách nhà nước', 'Doanh nghiệp, tổ chức, cá nhân')
        is_child = label.lstrip().startswith(("-", "+", "•", "*", "–")) or not _names_subject_or_source(label)
        if not row_values:
            # a section: numbered in Roman in its STT cell or at the start of its label ("IX. KINH
            # PHÍ (triệu đồng)" when the numbering is typed in), or written in capitals
            roman = bool(_ROMAN.match(stt) or _ROMAN_LEAD.match(label))
            # a heading in capitals is a section, unless an Arabic number puts it inside the Roman
            # one above ("IX | KINH PHÍ (đồng)" then "1 | KINH PHÍ TỪ NGÂN SÁCH NHÀ NƯỚC")
            item = roman_section and stt[:1].isdigit()
            if roman or (label.isupper() and not is_child and not item):
                section, parent, sub = label, "", ""
                roman_section = roman
            elif not is_child:
                parent, sub = label, ""
            elif _measure_of(label) in (None, "state", "social"):
                # "Kinh phí" / "- Xã hội hóa" / "- Số tiền": a heading under a heading (not a measure
                # row left empty, "- Số lớp" with no number, which heads nothing)
                sub = label
            continue
        dvt = _text(sheet.cell(r, unit_col)) if unit_col is not None else ""
        ratio = ratio_row(label, dvt)
        if ratio is not None:
            table.row_roles[r] = (label, ratio)
            continue
        if is_total_label(label) and not match_label([label]).code:
            # 'Tổng cộng' under the rows it adds up: a stated total, derived here, never loaded
            table.row_roles[r] = (label, _STATED_TOTAL)
            continue
        # 'Trong đó: học trực tuyến | 10' under a row with its number: a part of that row (as a heading
        # over '- Số lớp' rows it heads them, above)
        # ('8 | Trong đó học trực tuyến' with a number of its own is an item of the list, not a part of item 7)
        part_row = is_child or (not stt and _folded(label).lower().startswith("trong do"))
        if not part_row:
            parent, sub = label, ""
        if _ROMAN.match(stt):
            section, roman_section = label, True  # "V | KINH PHÍ | 2.478.000.000": a section with its total
        row_dvt = dvt
        for c, cell in row_values.items():
            if roles.get(c, ("", VALUE))[1].kind in SKIPPED_COLUMNS:
                continue
            # 'Lớp/HV | 3/70': one cell holding both measures of the subject, in the ĐVT's order
            for dvt, v in _paired(row_dvt, cell):
                unit_factor = money_factor(dvt) if dvt else None
                col_head = value_cols[c] if len(value_cols) > 1 else ""
                context = [section, parent if is_child else "", sub if is_child else "", label, col_head]
                # what the number counts: the column's own measure where the columns split them ('Số lớp |
                # Số lượt người học'); with one value column, the row's ĐVT; where the two disagree, nothing
                own = value_cols[c]
                own_measure = _measure_of(own) if own else None
                dvt_measure = _measure_of(dvt) if dvt else None
                if len(value_cols) > 1 and own_measure:
                    measure_part = own
                elif own_measure and dvt_measure and own_measure != dvt_measure:
                    table.unmapped.append((" > ".join(x for x in context if x) + f" ({dvt})", r, c))
                    continue
                else:
                    measure_part = dvt if dvt_measure else own
                m = match_label(context, learned, measure_part)
                if part_row and not m.learned and _part_of_other(m.code, label, section, parent, learned):
                    # '- Trong đó: trực tuyến' under 'Lễ khai mạc' or 'Lớp kỹ năng sống', '- Trong đó: nữ'
                    # under 'Người dự lễ': a part of the row above, no indicator of its own
                    table.row_roles[r] = (label, PART_ROW)
                    break
                if part_row and m.code and m.code.startswith("classes.online.") and not m.learned:
                    online_children.setdefault(m.code, set()).add(parent)  # only the online rows kept
                if m.code and unit_factor and unit_factor != 1 and not catalog.by_code()[m.code].is_money:
                    # a money unit in the ĐVT of a count: the row is not what its words matched
                    table.unmapped.append((" > ".join(x for x in context if x) + f" ({dvt})", r, c))
                    continue
                if m.code:
                    # money stated anywhere along the row's context: its ĐVT, the column, the label, the
                    # heading it sits under ("Kinh phí (triệu đồng)" above "- Số tiền")
                    factor = (
                        unit_factor
                        or money_factor(col_head)
                        or money_factor(label)
                        or (money_factor(parent) if is_child else None)
                        or money_factor(section)
                    )
                    key = label_key(context)
                    alts = () if m.learned else alternative_codes(context, measure_part)
                    table.records.append(
                        Record(None, m.code, v, r, c, label, factor, False, periods.get(c), "", key, alts)
                    )
                elif _is_number(v) and not m.learned and part_label(label):
                    # '- Trong đó: học sinh' under a count: a part of the row above, no indicator
                    table.row_roles[r] = (label, PART_ROW)
                elif _is_number(v) and not m.learned:  # a label the officer chose to ignore is not asked again
                    table.unmapped.append((" > ".join(x for x in context if x), r, c))
        if online_cols:
            totals = {x.code: x for x in table.records if x.row == r and x.code.startswith("classes.total.")}
            for x in totals.values():
                for c in online_cols:
                    v = row[c] if c < len(row) else None
                    if v not in (None, "") and _is_number(v):
                        code = x.code.replace("classes.total.", "classes.online.")
                        table.records.append(
                            Record(None, code, v, r, c, label, None, False, None, "", column_key(heads[c]))
                        )
        if part_row and not is_child and r not in table.row_roles:
            # 'Trong đó: lớp học trực tuyến | lớp | 36' read as itself heads its '- Số lượt người học'
            parent, sub = label, ""
    # an online part under two or more rows ('Lớp KNS / - Trong đó trực tuyến', 'Lớp ngoại ngữ / - Trong
    # đó trực tuyến') is each type's online share: none of them is the online classes of all types
    split = {code for code, parents in online_children.items() if len(parents) >= 2}
    if split:
        for rec in [x for x in table.records if x.code in split]:
            table.row_roles[rec.row] = (rec.label, PART_ROW)
        table.records = [x for x in table.records if x.code not in split]
    return table if table.records else None


_PAIR_SEPARATORS = ("/", " - ", "-", ";")


def _paired(dvt: str, cell) -> list[tuple[str, object]]:
    """A cell 'a/b' under a ĐVT 'x/y' naming two different measures ('lớp/HV', 'cuộc/người'):
    [(x, a), (y, b)]. Anything else is the cell under its ĐVT as it stands."""
    if not (isinstance(cell, str) and dvt):
        return [(dvt, cell)]
    for sep in _PAIR_SEPARATORS:
        units, parts = dvt.split(sep), cell.split(sep)
        if len(units) != 2 or len(parts) != 2 or not all(u.strip() for u in units):
            continue
        measures = [_measure_of(u.strip()) for u in units]
        numbers = [parse_cell(p.strip()) for p in parts]
        if None in measures or measures[0] == measures[1]:
            continue
        if all(
            p.strip() and n.value is not None and n.error is None and n.money_factor is None
            for p, n in zip(parts, numbers)
        ):
            return [(units[0].strip(), parts[0].strip()), (units[1].strip(), parts[1].strip())]
    return [(dvt, cell)]


def _continued_label(sheet: Sheet, r: int, value_cols, unit_col, last_subject) -> str:
    """The label of a line left blank under a subject's line, when its ĐVT names the subject's other
    measure ('Lớp ngoại ngữ | lớp | 3', then ' | HV | 70'): a careful reader reads it as that
    subject's learners, as if the name were merged down. Anything else stays unlabelled (not read)."""
    if last_subject is None or unit_col is None:
        return ""
    if not any(c < len(sheet.rows[r]) and sheet.rows[r][c] not in (None, "") for c in value_cols):
        return ""
    label, above = last_subject
    dvt = _text(sheet.cell(r, unit_col))
    mine, theirs = (_measure_of(dvt) if dvt else None), (_measure_of(above) if above else None)
    stem = _plain_stem_or_none(label)
    measures = catalog.stems().get(stem, {}) if stem else {}
    if mine and theirs and mine != theirs and mine in measures and theirs in measures:
        return label
    return ""


@lru_cache(maxsize=5_000)
def _measure_of(text: str) -> str | None:
    return match_label([text]).measure


def _is_prose(row: list, c: int) -> bool:
    """A sentence of the report written above its table ("Các đơn vị tổ chức lễ khai mạc, hội thảo,
    tọa đàm, ..."), alone in its line: it names activities, but it is no row label of a form."""
    text = row[c]
    return len(text) > 90 and text.count(",") >= 3 and not any(v not in (None, "") for i, v in enumerate(row) if i != c)


def _names_row(text: str, learned) -> bool:
    """A label of an indicator row: it names a subject or a funding source, or an officer mapped it
    (even to 'ignore': a row someone answered about is still a row of the table); a unit named by
    its centre or office ('TTHTCĐ xã Bản Vược') is a unit, not an indicator."""
    if learned and label_key([text]) in learned:
        return True
    return _names_subject_or_source(text) and not names_office_of_unit(text)


def _names_subject_or_source(text: str) -> bool:
    """A subject of the catalogue ('Lớp ngoại ngữ'), or a funding source that is its own row
    ('Ngân sách nhà nước', 'Doanh nghiệp, tổ chức, cá nhân ủng hộ')."""
    return bool(_plain_stem_or_none(text)) or _measure_of(text) in ("state", "social")


_GENERIC_CLASSES = re.compile(r"^(?:[ivxlc\d]+\s*[.)/-]\s*)?(?:cac )?(?:tong so )?lop(?: hoc)?(?: cac loai)?$")


def _part_of_other(code: str | None, label: str, section: str, parent: str, learned) -> bool:
    """Whether a child row ('- Trong đó: …', '- Nữ') is a part of its parent's number rather than an
    indicator: the catalogue's one part, online classes, is a part of all classes only (the parent
    'Tổng số lớp', 'Lớp học'); any other part the catalogue lacks."""
    bare = label.lstrip("-+•*–. ").strip()
    if not is_part_column((bare,)):
        return False
    if code is None:
        return True
    head = match_label([section, parent], learned).code if parent else None
    if head == code:
        return True  # '- Trong đó: tủ sách tại thôn, ấp' under 'Thư viện, tủ sách mới': a part of that same figure
    if not code.startswith("classes.online."):
        return False
    if re.search(r"\blop\b", _folded(bare).lower()):
        return False  # 'Trong đó: lớp học trực tuyến' after the class types: the catalogue's own part
    folded = " ".join(_folded(parent).lower().replace(":", " ").split())
    if _GENERIC_CLASSES.match(folded):
        return False
    return not (head and head.startswith(("classes.total.", "classes.online.")))


def _set_aside_level_parts(value_cols: dict, roles: dict, heads: dict) -> None:
    """'Tổng số | Chia ra: Cấp tỉnh, Cấp huyện, Cấp xã': the parts are the total again, split; with
    the total column there, they are set aside (without it they stay, and are asked about). So is
    any column of a part ('Trong đó: trực tuyến', 'Nam', 'Nữ', 'Cấp xã', 'Mầm non') beside a
    column of the whole."""
    parts = {c for c in value_cols if is_part_column(heads.get(c, ()))}
    if parts and len(parts) < len(value_cols):
        for c in parts:
            roles[c] = (roles[c][0], PART)
            del value_cols[c]
    if not any(is_total_column(heads.get(c, ())) for c in value_cols):
        return
    cols = sorted(heads)
    for c, part in zip(cols, level_parts([heads[c] for c in cols])):
        if part and c in value_cols:
            roles[c] = (roles[c][0], BREAKDOWN)
            del value_cols[c]


_STATED_TOTAL = Role("total", "dòng tổng — không nạp (tổng được tính từ các dòng)")


def _has_own_header(sheet: Sheet, lo: int, hi: int) -> bool:
    """A column-header row ('TT | Nguồn kinh phí | Số tiền') among the first rows of a part."""
    return any(_is_table_header(sheet.rows[r], c) for r in range(lo, min(hi, lo + 6)) for c in range(1, 3))


def _plain_stem_or_none(text: str) -> str | None:
    return stem_of(text, None)


def _texts_right_of(row: list, lc: int) -> int:
    return sum(1 for v in row[lc + 1 :] if isinstance(v, str) and v.strip() and parse_cell(v).error)


def _is_sub_header(texts: list, learned) -> bool:
    """Words in the value columns of a labelled row: a sub-header heading the columns beneath
    ('Số lớp | Số lượt người học'), or, alone and not header-like ('abc', '85%'), a bad value."""
    if len(texts) >= 2:
        return True
    t = texts[0]
    return _folded(t).startswith(_HEADER_WORDS) or match_label([t], learned).measure is not None


_HEADER_WORDS = (
    "noi dung",
    "chi tieu",
    "so luong",
    "don vi tinh",
    "dvt",
    "ghi chu",
    "ket qua",
    "stt",
    "so lieu",
    "thuc hien",
    "tong so",
    "so lop",
    "luot nguoi",
    "noi dung hoat dong",
    "tt",
    "so tien",
    "gia tri",
    "thanh tien",
)


_LABEL_HEADERS = ("noi dung", "chi tieu", "ten chi tieu", "hang muc", "cac chi tieu", "noi dung hoat dong")


def _is_table_header(row: list, lc: int) -> bool:
    """A column-header row of a vertical table ('STT | Nội dung | ĐVT | Số lượng'): words only,
    its label cell says 'Nội dung' / 'Chỉ tiêu', or it has an 'STT' cell and another header word.
    A sub-header over the value columns alone ('CÁC LỚP HỌC | Số lớp | Số lượt người học') is not one."""
    label = _folded(row[lc]) if lc < len(row) and isinstance(row[lc], str) else ""
    named = label.startswith(_LABEL_HEADERS)
    # 'STT' heads the numbering column, left of the labels
    if not named and not any(isinstance(v, str) and _folded(v) in ("stt", "tt", "so tt") for v in row[:lc]):
        return False  # the usual data row, told apart without parsing its cells
    texts = []
    for v in row:
        if v in (None, ""):
            continue
        if not (isinstance(v, str) and parse_cell(v).error):
            return False
        texts.append(_folded(v))
    if len(texts) < 2:
        return False
    return named or sum(t.startswith(_HEADER_WORDS) for t in texts) >= 2


def _vertical_header_row(sheet: Sheet, lc: int, first: int, from_row: int = 0) -> int | None:
    """The column-header row above the first indicator row (not a numbered section heading)."""
    for r in range(first - 1, max(from_row - 1, first - 10), -1):
        if _is_numbering_row(sheet.rows[r]):
            continue  # '(1) (2) (3) (4)' under the header numbers its columns: the header is above it
        # numbers typed as text ('300' in a CSV) are data, never header words
        texts = [_folded(v) for v in sheet.rows[r] if isinstance(v, str) and v.strip() and not _is_number(v)]
        if len(texts) >= 3 or (len(texts) >= 2 and any(t.startswith(_HEADER_WORDS) for t in texts)):
            return r
    return None


def read_coded(sheet: Sheet) -> Table | None:
    """The product's own template: a (hidden) column of catalog codes makes labels irrelevant."""
    from reference.catalog import by_code

    codes = by_code()
    n = len(sheet.rows)
    width = max((len(r) for r in sheet.rows), default=0)
    texts = {v for row in sheet.rows for v in row if type(v) is str}
    if len(texts.intersection(codes)) < 5:  # most sheets: no catalog code at all
        return None
    code_col = next((c for c in range(width) if sum(1 for r in range(n) if sheet.cell(r, c) in codes) >= 5), None)
    if code_col is None:
        return None
    first = next(r for r in range(n) if sheet.cell(r, code_col) in codes)
    header = first - 1
    heads = {c: _folded(sheet.cell(header, c)) for c in range(width)} if header >= 0 else {}
    value_col = next((c for c, h in heads.items() if h.startswith(("so luong", "so lieu", "ket qua"))), None)
    unit_col = next((c for c, h in heads.items() if h.startswith(("don vi tinh", "dvt"))), None)
    label_col = next((c for c, h in heads.items() if h.startswith(("noi dung", "chi tieu"))), None)
    if value_col is None:
        return None
    table = Table(
        "vertical",
        sheet,
        (max(header, 0), max(header, 0)),
        sheet_money_factor=_sheet_money_factor(sheet, range(0, first)),
    )
    for r in range(first, n):
        code = sheet.cell(r, code_col)
        v = sheet.cell(r, value_col)
        if code in codes and v not in (None, ""):
            label = _text(sheet.cell(r, label_col)) if label_col is not None else code
            factor = money_factor(_text(sheet.cell(r, unit_col))) if unit_col is not None else None
            table.records.append(Record(None, code, v, r, value_col, label, factor))
    return table


def tables_of(sheet: Sheet, learned: Mapping[str, str] | None = None) -> list[Table]:
    """Every table of a sheet: the best reading, the wide tables above it, and every table after
    it, each under its own header (a header is never carried over to the next table)."""
    first = best_table(sheet, learned)
    turned = _turned_table(sheet, learned, first)
    if turned is not None:
        return [turned]
    if first is None:
        return []
    out = [first]
    if first.shape == "wide" and _has_data_rows(sheet, 0, first.header_rows[0]):
        out = _wide_tables(sheet, learned, 0, first.header_rows[0]) + out
    end = first.end_row
    while end is not None:
        nxt = _best_between(sheet, learned, end, len(sheet.rows))
        if nxt is None or (nxt.end_row is not None and nxt.end_row <= end):
            break
        out.append(nxt)
        end = nxt.end_row
    if len(out) > 1:
        # a later table's title is what sits above it outside the tables before it: the rows of
        # the first table (unit names, labels) say nothing of the second's unit or year
        spans = []
        for t in out:
            top = t.header_rows[0]
            t.title_rows = [r for r in range(top) if not any(a <= r < b for a, b in spans)]
            spans.append((top, t.end_row if t.end_row is not None else len(sheet.rows)))
    return out


def _turned_table(sheet: Sheet, learned, first: Table | None) -> Table | None:
    """Units across the top and indicators down the side: read turned back, when that names more
    of the Week's indicators than the sheet read as it stands."""
    if sheet.turn is not None:
        return None
    t = turn(sheet, _UNIT_HEADERS)
    if t is None:
        return None
    # a vertical reading of such a sheet takes the unit columns for value columns ('Văn Bàn' read as
    # 'văn bản'): the turned reading wins a tie with it; a wide reading it must beat
    beat = 0 if first is None else len(first.codes) - (first.shape == "vertical")
    table = read_wide(t, learned, must_beat=beat)
    return table if table is not None and table.records else None


def _best_between(sheet: Sheet, learned, lo: int, hi: int) -> Table | None:
    vertical = read_vertical(sheet, learned, lo, hi)
    wide = read_wide(sheet, learned, must_beat=len(vertical.codes) if vertical else 0, from_row=lo, to_row=hi)
    candidates = [t for t in (wide, vertical) if t]
    return max(candidates, key=lambda t: (len(t.codes), t.shape == "vertical")) if candidates else None


def _has_data_rows(sheet: Sheet, lo: int, hi: int) -> bool:
    """Rows of numbers above a table: another table may sit there (a title block has none)."""
    for row in sheet.rows[lo:hi]:
        if sum(1 for v in row if isinstance(v, (int, float)) and not isinstance(v, bool)) >= 2:
            return True
    return False


def _wide_tables(sheet: Sheet, learned, lo: int, hi: int) -> list[Table]:
    if hi - lo < 3:
        return []
    t = read_wide(sheet, learned, from_row=lo, to_row=hi)
    if t is None or not t.records:
        return []
    out = _wide_tables(sheet, learned, lo, t.header_rows[0]) + [t]
    if t.end_row is not None:
        out += _wide_tables(sheet, learned, t.end_row, hi)
    return out


def best_table(sheet: Sheet, learned: Mapping[str, str] | None = None) -> Table | None:
    coded = read_coded(sheet)
    if coded is not None:
        return coded
    vertical = read_vertical(sheet, learned)
    # the wide reading wins only with more codes (a tie goes to the vertical one)
    wide = read_wide(sheet, learned, must_beat=len(vertical.codes) if vertical else 0)
    candidates = [t for t in (wide, vertical) if t]
    if not candidates:
        return None
    return max(candidates, key=lambda t: (len(t.codes), t.shape == "vertical"))
