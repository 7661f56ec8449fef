"""The figures behind a chart, and the warehouse's values, as readable tables (the downloads are
written by exports.tabular, the one CSV/XLSX writer). Streamlit-free."""

from __future__ import annotations

import pandas as pd

from figures.spec import ChartSpec
from reference.i18n import language, t

# Extra spec columns worth showing next to category/series/value, in this order.
_EXTRA = (
    "province_code",
    "indicator_code",
    "rank",
    "current",
    "previous",
    "change",
    "share",
    "population",
    "numerator",
    "denominator",
    "sentence",
)


def value_column(spec: ChartSpec) -> str:
    """The name of the value column in spec_table (fractions say so: '% (0–1)')."""
    name = spec.value_label or t("dash.label.value")
    return f"{name} (0–1)" if spec.percent else name


def spec_table(spec: ChartSpec) -> pd.DataFrame:
    """category / series / value with the spec's labels as column names, numbers left numeric."""
    d = spec.data
    out = pd.DataFrame({spec.category_label or t("dash.label.value"): d["category"]})
    if "series" in d and d["series"].astype(str).str.len().gt(0).any():
        out[t("dash.label.series")] = d["series"]
    out[value_column(spec)] = d["value"]
    for col in _EXTRA:
        if col in d.columns:
            out[col] = d[col]
    return out


def values_table(df: pd.DataFrame, wide: bool = False) -> pd.DataFrame:
    """province_values rows as people read them: province, indicator label, value, unit (long),
    or one row per province and one column per indicator (wide); provinces in Vietnamese order,
    indicators in catalog order. Numbers stay numeric (money in đồng)."""
    from reference.catalog import by_code
    from reference.vntext import collate_key

    cat = by_code()
    d = df[df["indicator_code"].isin(cat)].copy()
    d["_ord"] = d["indicator_code"].map(lambda c: cat[c].order)
    d["_name"] = d["province_name"].map(collate_key)
    d = d.sort_values(["year", "_name", "_ord"])
    label = {c: (i.label_en if language() == "en" else i.label_vi) for c, i in cat.items()}
    unit = {c: (i.unit_en if language() == "en" else i.unit_vi) for c, i in cat.items()}
    if wide:
        d["_col"] = d["indicator_code"].map(lambda c: f"{label[c]} ({unit[c]})")
        cols = list(dict.fromkeys(d.sort_values("_ord")["_col"]))
        out = d.pivot_table(
            index=["year", "province_code", "province_name"], columns="_col", values="value", aggfunc="sum", sort=False
        ).reset_index()
        out = out[["year", "province_code", "province_name", *[c for c in cols if c in out.columns]]]
        out.columns.name = None
        out = out.assign(_name=out["province_name"].map(collate_key)).sort_values(["year", "_name"])
        return (
            out.drop(columns="_name")
            .rename(
                columns={
                    "year": t("dash.label.year"),
                    "province_code": t("dash.label.code"),
                    "province_name": t("dash.label.province"),
                }
            )
            .reset_index(drop=True)
        )
    return pd.DataFrame(
        {
            t("dash.label.year"): d["year"].to_numpy(),
            t("dash.label.code"): d["province_code"].to_numpy(),
            t("dash.label.province"): d["province_name"].to_numpy(),
            "indicator_code": d["indicator_code"].to_numpy(),
            t("dash.label.indicator"): d["indicator_code"].map(label).to_numpy(),
            t("dash.label.value"): d["value"].to_numpy(),
            t("dash.label.unit"): d["indicator_code"].map(unit).to_numpy(),
        }
    )
