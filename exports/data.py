"""The data behind a chart as CSV (UTF-8 with BOM, so Excel shows Vietnamese) and XLSX, with
Vietnamese headers.

Unit and series names come from submitted spreadsheets, so a text cell may start with '=', '+',
'-', '@', a tab or a carriage return and be run as a formula when the file is opened in a
spreadsheet (CSV/formula injection). Every such text cell gets a leading apostrophe; numbers stay
numbers. The table is the chart's: categories as rows, series as columns, raw values (money in
đồng, shares in %), maps with every province of the era (blank where there is no figure)."""

from __future__ import annotations

import math

import pandas as pd

from auth.sanitize import FORMULA_START, neutralise_formula
from exports.display import base_label, wide
from exports.tabular import write_csv, write_xlsx
from figures.spec import ChartSpec, source_line
from reference.i18n import t

FORMULA_STARTS = FORMULA_START


neutralise = neutralise_formula  # one rule for every export (auth.sanitize)


def value_header(spec: ChartSpec, name: str | None = None) -> str:
    name = name or base_label(spec.value_label)
    if spec.money:
        return f"{name} ({t('export.data.dong')})"
    if spec.percent:
        return f"{name} (%)"
    return name


def chart_table(spec: ChartSpec) -> pd.DataFrame:
    """The data behind the chart with Vietnamese headers, before neutralisation."""
    if spec.kind == "map":
        from figures.maps import province_values

        df = spec.data.rename(columns={"category": "province_code"})
        vals = province_values(df[["province_code", "value"]], "value", spec.era or 63)
        table = pd.DataFrame(
            {
                t("export.data.province_code"): vals["code"],
                t("dash.label.province"): vals["name"],
                value_header(spec): vals["value"],
            }
        )
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
    return write_csv(chart_table(spec))


def info_rows(spec: ChartSpec) -> list[tuple[str, str]]:
    rows = [(t("export.data.chart"), spec.title)]
    if spec.year is not None:
        rows.append((t("export.data.year"), str(spec.year)))
    if spec.filters:
        rows.append((t("export.data.filters"), spec.filters))
    if spec.sentence:
        rows.append((t("export.data.sentence"), spec.sentence))
    if spec.money:
        rows.append((t("export.data.money_unit"), t("export.data.dong")))
    rows += [(t("export.data.note"), n) for n in spec.notes]
    rows.append((t("export.data.source"), source_line(spec)))
    if spec.demo:
        rows.append((t("export.deck.demo_tag"), t("export.data.demo")))
    return rows


def to_xlsx(spec: ChartSpec) -> bytes:
    """Workbook with the table ('Số liệu') and what it is ('Thông tin': title, year, filters,
    source, demo mark)."""
    return write_xlsx(
        chart_table(spec),
        number_format="0.0" if spec.percent else None,
        first_value_column=3 if spec.kind == "map" else 2,
        sheet=t("export.data.sheet"),
        info_sheet=t("export.data.info_sheet"),
        info=info_rows(spec),
    )
