"""Pure pandas steps between a query result and a chart: totals by year, change against the
previous year, ranks, regions, per-1,000 rates. Input frames have the columns of
the province_values view (year, province_code, province_name, indicator_code, value)."""

from __future__ import annotations

import math

import pandas as pd

from reference.admin_units import era_for_year
from reference.regions import by_code as regions_by_code
from reference.regions import region_of
from reference.vntext import collate_key


def change(current, previous) -> float | None:
    """Relative change (0.062 for +6,2%); None when there is nothing to compare with."""
    if current is None or previous is None:
        return None
    try:
        cur, prev = float(current), float(previous)
    except (TypeError, ValueError):
        return None
    if math.isnan(cur) or math.isnan(prev) or prev == 0:
        return None
    return cur / prev - 1


def total(df: pd.DataFrame, year: int, indicator: str) -> float | None:
    """Sum over provinces of one indicator in one year; None when no province has it."""
    rows = df[(df["year"] == year) & (df["indicator_code"] == indicator)]
    return float(rows["value"].sum()) if len(rows) else None


def totals_by_year(df: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """year, value, n_provinces for one indicator."""
    rows = df[df["indicator_code"] == indicator]
    out = rows.groupby("year", as_index=False).agg(value=("value", "sum"), n_provinces=("province_code", "nunique"))
    return out.sort_values("year").reset_index(drop=True)


def provinces_reported(df: pd.DataFrame, year: int) -> int:
    return int(df.loc[df["year"] == year, "province_code"].nunique())


def year_table(df: pd.DataFrame, year: int, indicator: str, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """One indicator for one year, one row per province with a value: province_code,
    province_name, value, rank (1 = highest) and change against `previous` (same codes)."""
    rows = df[(df["year"] == year) & (df["indicator_code"] == indicator)]
    out = rows[["province_code", "province_name", "value"]].reset_index(drop=True)
    out["rank"] = out["value"].rank(method="min", ascending=False).astype("Int64")
    if previous is not None and len(previous):
        prev = previous.set_index("province_code")["value"]
        out["previous"] = out["province_code"].map(prev)
        out["change"] = [change(c, p) for c, p in zip(out["value"], out["previous"], strict=True)]
    else:
        out["previous"] = float("nan")
        out["change"] = None
    return out


def sort_vietnamese(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows in Vietnamese alphabetical order of `column` (Đ after D)."""
    order = sorted(range(len(df)), key=lambda i: collate_key(str(df[column].iloc[i])))
    return df.iloc[order].reset_index(drop=True)


def with_region(df: pd.DataFrame, mode: str = "reported") -> pd.DataFrame:
    """Adds region_code and region (name) to a province frame, using the map each row is on."""
    out = df.copy()
    eras = out["year"].map(lambda y: 34 if mode == "today34" else era_for_year(int(y)))
    maps = {63: region_of(63), 34: region_of(34)}
    out["region_code"] = [maps[e].get(c) for e, c in zip(eras, out["province_code"], strict=True)]
    names = {r.code: r.name() for r in regions_by_code().values()}
    out["region"] = out["region_code"].map(names)
    return out


def per_thousand(values: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """values (province_code, value) divided by population (province_code, population) × 1000;
    provinces without population get NaN."""
    pop = population.set_index("province_code")["population"].astype(float)
    out = values.copy()
    out["population"] = out["province_code"].map(pop)
    out["value"] = out["value"] / out["population"] * 1000
    return out
