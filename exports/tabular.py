"""The one tabular writer: a DataFrame as CSV or XLSX bytes, for every download of the product
(the data behind a chart, the data table, the status and audit tables).

Text in these tables comes from submitted spreadsheets, so a cell may start with '=', '+', '-',
'@', a tab or a carriage return and run as a formula when the file is opened (CSV/formula
injection): every text cell and header goes through auth.sanitize's one rule; numbers stay
numbers. CSV is comma-separated with '.' decimals (machine-readable), UTF-8 with BOM so Excel
shows Vietnamese, CRLF line ends.

    write_csv(df)                                        -> bytes
    write_xlsx(df, title="Số liệu năm 2024", info=[("Nguồn", "...")])  -> bytes"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd

from auth.sanitize import neutralise_formula, safe_frame

DEFAULT_SHEET = "Số liệu"


def write_csv(table: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    safe_frame(table).to_csv(buf, index=False, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def write_xlsx(
    table: pd.DataFrame,
    *,
    sheet: str = DEFAULT_SHEET,
    title: str | None = None,
    source: str | None = None,
    number_format: str | None = None,
    first_value_column: int = 1,
    info_sheet: str | None = None,
    info: Sequence[tuple[str, str]] = (),
) -> bytes:
    """One sheet: an optional title row, the table (bold header, frozen under it), an optional
    source line under it; numbers in `number_format` (from the 1-based `first_value_column`; whole
    numbers '#,##0' and others '#,##0.00' when None). `info` rows (key, text) go to their own
    sheet, `info_sheet`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    safe = safe_frame(table)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    if title:
        ws.append([neutralise_formula(title)])
        ws.append([])
    header_row = ws.max_row + 1 if title else 1
    ws.append([str(c) for c in safe.columns])
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    for row in safe.itertuples(index=False):
        ws.append([None if _missing(v) else v for v in row])
    for col in ws.iter_cols(min_row=header_row + 1, min_col=first_value_column):
        for cell in col:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                whole = float(cell.value).is_integer()
                cell.number_format = number_format or ("#,##0" if whole else "#,##0.00")
    for i, name in enumerate(safe.columns, start=1):
        width = max([len(str(name))] + [len(str(v)) for v in safe.iloc[:200, i - 1] if not _missing(v)])
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 60)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if source:
        ws.append([])
        ws.append([neutralise_formula(source)])
    if info:
        sheet_info = wb.create_sheet((info_sheet or "Thông tin")[:31])
        for key, text in info:
            sheet_info.append([neutralise_formula(key), neutralise_formula(text)])
            sheet_info.cell(sheet_info.max_row, 1).font = Font(bold=True)
        sheet_info.column_dimensions["A"].width = 16
        sheet_info.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _missing(v) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False
