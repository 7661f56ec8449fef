"""The data behind a chart as CSV (UTF-8 with BOM, so Excel shows Vietnamese) and XLSX, with
Vietnamese headers.

Unit and series names come from submitted spreadsheets, so a text cell may start with '=', '+',
'-', '@', a tab or a carriage return and be run as a formula when the file is opened in a
spreadsheet (CSV/formula injection). Every such text cell gets a leading apostrophe; numbers stay
numbers. The table is the chart's: categories as rows, series as columns, raw values (money in
đồng, shares in %), maps with every province of the era (blank where there is no figure)."""

from __future__ import annotations

import io
import math

import pandas as pd

from auth.sanitize import FORMULA_START, neutralise_formula
from exports.display import base_label, wide
from figures.spec import ChartSpec, source_line

FORMULA_STARTS = FORMULA_START
CODE_HEADER = "Mã tỉnh"
NAME_HEADER = "Tỉnh, thành phố"


neutralise = neutralise_formula  # one rule for every export (auth.sanitize)


def value_header(spec: ChartSpec, name: str | None = None) -> str:
    name = name or base_label(spec.value_label)
    if spec.money:
        return f"{name} (đồng)"
    if spec.percent:
        return f"{name} (%)"
    return name


def chart_table(spec: ChartSpec) -> pd.DataFrame:
    """The data behind the chart with Vietnamese headers, before neutralisation."""
    if spec.kind == "map":
        from figures.maps import province_values

        df = spec.data.rename(columns={"category": "province_code"})
        vals = province_values(df[["province_code", "value"]], "value", spec.era or 63)
        table = pd.DataFrame({CODE_HEADER: vals["code"], NAME_HEADER: vals["name"], value_header(spec): vals["value"]})
    else:
        w = wide(spec)
        table = w.reset_index()
        table.columns = [spec.category_label] + [value_header(spec, str(c)) for c in w.columns]
    value_cols = table.columns[-1:] if spec.kind == "map" else table.columns[1:]
    for col in value_cols:
        table[col] = [_number(v, spec.percent) for v in table[col]]
    return table


def _number(v, percent: bool):
    """Whole numbers as int (1234, not 1234.0), shares in percent, missing as None."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or pd.isna(v):
        return None
    v = float(v) * (100 if percent else 1)
    return int(v) if v.is_integer() else round(v, 6)


def safe_table(spec: ChartSpec) -> pd.DataFrame:
    table = chart_table(spec)
    table.columns = [neutralise(str(c)) for c in table.columns]
    return table.map(neutralise).astype(object)


def to_csv(spec: ChartSpec) -> bytes:
    """CSV, comma-separated, '.' as the decimal point (machine-readable), UTF-8 with BOM."""
    buf = io.StringIO()
    safe_table(spec).to_csv(buf, index=False, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def info_rows(spec: ChartSpec) -> list[tuple[str, str]]:
    rows = [("Biểu đồ", spec.title)]
    if spec.year is not None:
        rows.append(("Năm", str(spec.year)))
    if spec.filters:
        rows.append(("Bộ lọc", spec.filters))
    if spec.sentence:
        rows.append(("Nhận xét", spec.sentence))
    if spec.money:
        rows.append(("Đơn vị tiền", "đồng"))
    rows += [("Ghi chú", n) for n in spec.notes]
    rows.append(("Nguồn", source_line(spec)))
    if spec.demo:
        rows.append(("DỮ LIỆU MẪU", "Số liệu sinh tự động để minh họa, không phải số liệu thật."))
    return rows


def to_xlsx(spec: ChartSpec) -> bytes:
    """Workbook with the table ('Số liệu') and what it is ('Thông tin': title, year, filters,
    source, demo mark)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    table = safe_table(spec)
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(list(table.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in table.itertuples(index=False):
        ws.append(list(row))
    number_format = "0.0" if spec.percent else "#,##0"
    first_value_col = 3 if spec.kind == "map" else 2
    for col in ws.iter_cols(min_row=2, min_col=first_value_col):
        for cell in col:
            if isinstance(cell.value, (int, float)):
                cell.number_format = number_format if float(cell.value).is_integer() or spec.percent else "#,##0.00"
    for i, name in enumerate(table.columns, start=1):
        width = max([len(str(name))] + [len(str(v)) for v in table.iloc[:, i - 1] if v is not None])
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 60)
    ws.freeze_panes = "A2"

    info = wb.create_sheet("Thông tin")
    for key, text in info_rows(spec):
        info.append([neutralise(key), neutralise(text)])
        info.cell(info.max_row, 1).font = Font(bold=True)
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
