"""How a chart's values are shown, shared by the image, the data file and the deck: the divisor
(money in triệu / tỷ đồng), the axis title with its unit, and the number text, in the reader's
language (figures.locale).

Values in a ChartSpec are raw (đồng, counts, fractions); only their display changes here."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from figures.locale import fmt_number, fmt_percent, money_unit_label
from figures.numberfmt import money_unit
from figures.spec import ChartSpec

_UNIT_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")


def base_label(value_label: str) -> str:
    """'Kinh phí (tỷ đồng)' -> 'Kinh phí': the label without the unit a builder put in it."""
    return _UNIT_SUFFIX.sub("", value_label).strip() or value_label


@dataclass(frozen=True)
class ValueDisplay:
    divisor: float  # shown value = raw value / divisor
    unit: str  # "tỷ đồng", "triệu đồng", "%" or "" (counts)
    axis_label: str  # value axis / colour bar title, unit included
    percent: bool = False

    def scaled(self, raw) -> float:
        return float(raw) / self.divisor

    def label(self, raw) -> str:
        """A value as it is written next to a bar or in the speaker notes."""
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            return "–"
        if self.percent:
            return fmt_percent(raw)
        v = self.scaled(raw)
        decimals = 0 if self.divisor == 1 or abs(v) >= 100 else 1 if abs(v) >= 10 else 2
        return fmt_number(v, decimals, strip_zeros=True)

    def label_with_unit(self, raw) -> str:
        text = self.label(raw)
        return f"{text} {self.unit}" if self.unit and not self.percent else text

    def tick(self, v_scaled: float, step: float) -> str:
        """An axis tick (already divided by divisor) with as many decimals as the step needs."""
        if self.percent:
            decimals = 0 if step * 100 >= 1 else 1
            return fmt_percent(v_scaled, decimals)
        decimals = 0
        while decimals < 3 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
            decimals += 1
        return fmt_number(v_scaled, decimals, strip_zeros=False)


def value_display(spec: ChartSpec, divisor: float | None = None) -> ValueDisplay:
    """Money reads in the unit of the largest value (or `divisor` when given, e.g. 1e6 for the
    deck, whose number formats cannot show decimal commas in every locale)."""
    base = base_label(spec.value_label)
    if spec.percent:
        return ValueDisplay(1.0, "%", f"{base} (%)", percent=True)
    if spec.money:
        values = pd.to_numeric(spec.data["value"], errors="coerce").abs()
        top = values.max() if len(values) else None
        div, unit = money_unit(top)
        if divisor is not None:
            div = divisor if top is not None and top >= divisor else 1.0
            unit = {1e9: "tỷ đồng", 1e6: "triệu đồng"}.get(div, "đồng")
        unit = money_unit_label(unit)
        return ValueDisplay(div, unit, f"{base} ({unit})")
    return ValueDisplay(1.0, "", spec.value_label)


def ordered(values: pd.Series) -> list:
    """Distinct values in the order they first appear (builders choose the order)."""
    return list(dict.fromkeys(values.tolist()))


def single_series(spec: ChartSpec) -> bool:
    series = ordered(spec.data["series"].fillna("")) if "series" in spec.data else [""]
    return len(series) <= 1


def wide(spec: ChartSpec) -> pd.DataFrame:
    """Categories as rows, series as columns (one column named after the value when the chart
    has a single series), in the builder's order; raw values."""
    data = spec.data.copy()
    if "series" not in data:
        data["series"] = ""
    data["series"] = data["series"].fillna("").astype(str)
    data["category"] = data["category"].astype(str)
    cats = ordered(data["category"])
    series = ordered(data["series"])
    values = pd.to_numeric(data["value"], errors="coerce")
    table = (
        values.groupby([data["category"], data["series"]], sort=False)
        .sum(min_count=1)
        .unstack("series")
        .reindex(index=cats, columns=series)
    )
    if single_series(spec):
        table.columns = [base_label(spec.value_label)]
    table.index.name = spec.category_label
    table.columns.name = None
    return table
