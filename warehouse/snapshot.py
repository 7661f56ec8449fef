"""The warehouse's current figures in memory, read in one query.

At national scale the `province_values` view costs about the same whether it is asked for one
year or for everything (it aggregates every current value either way), and what it returns is
small (years x provinces x indicators, tens of thousands of rows). So a page reads it once per
data version and filters in pandas, instead of querying the view again for every chart.

    snap = load_snapshot(con)
    snap.province_values(years=[2024], indicators=["classes.total.classes"], mode="today34")"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from reference.admin_units import MERGER_YEAR
from warehouse import queries

COLUMNS = ["year", "province_code", "province_name", "indicator_code", "value"]


@dataclass(frozen=True)
class Snapshot:
    values: pd.DataFrame  # province_values, all of it (with province_code_2025, province_name_2025)
    years: tuple[int, ...]
    demo: bool
    population: pd.DataFrame  # population rows (year, province_code, era, population, source)

    def province_values(
        self,
        *,
        years: Iterable[int] | None = None,
        indicators: Iterable[str] | None = None,
        mode: str = "reported",
        scope: dict[int, Sequence[str] | None] | None = None,
    ) -> pd.DataFrame:
        """Same rows and meaning as warehouse.queries.province_values, from memory."""
        v = self.values
        mask = pd.Series(True, index=v.index)
        if years is not None:
            mask &= v["year"].isin(list(years))
        if indicators is not None:
            mask &= v["indicator_code"].isin(list(indicators))
        scope = scope or {63: None, 34: None}
        if mode == "today34":
            if scope.get(34) is not None:
                mask &= v["province_code_2025"].isin(list(scope[34]))
            d = v[mask]
            out = d.groupby(
                ["year", "province_code_2025", "province_name_2025", "indicator_code"], as_index=False, sort=True
            )["value"].sum()
            out = out.rename(columns={"province_code_2025": "province_code", "province_name_2025": "province_name"})
        else:
            for era, in_era in ((63, v["year"] < MERGER_YEAR), (34, v["year"] >= MERGER_YEAR)):
                if scope.get(era) is not None:
                    mask &= ~in_era | v["province_code"].isin(list(scope[era]))
            out = v.loc[mask, COLUMNS]
        return out.sort_values(["year", "province_code", "indicator_code"]).reset_index(drop=True)[COLUMNS]


def load_snapshot(con: duckdb.DuckDBPyConnection) -> Snapshot:
    values = con.execute(
        "select year, province_code, province_name, province_code_2025, province_name_2025, "
        "indicator_code, value::double as value from province_values"
    ).df()
    for col in ("province_code", "province_name", "province_code_2025", "province_name_2025", "indicator_code"):
        values[col] = values[col].astype(object)
    return Snapshot(
        values=values,
        years=tuple(queries.years(con)),
        demo=queries.is_demo(con),
        population=queries.population_rows(con),
    )
