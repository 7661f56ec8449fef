"""The warehouse's current figures in memory, read in one query.

At national scale the `province_values` view costs about the same whether it is asked for one
year or for everything (it aggregates every current value either way), and what it returns is
small (years x provinces x indicators, tens of thousands of rows). So it is read once per data
version (`read_snapshot`, cached here by the file's data version; the app's cache in ui/data.py
keeps it per version for every session) and every figure builder filters it in pandas: this is
the one read model of the dashboard, the deck and `python -m etl deck`.

    snap = read_snapshot("data/warehouse.duckdb")     # None when there is no warehouse
    snap.province_values(years=[2024], indicators=["classes.total.classes"], mode="today34")"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

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
        """Rows of the province_values view (year, province_code, province_name, indicator_code, value).

        mode "reported": each year on the map in force that year (63 provinces before 2025, 34
        from 2025); "today34": every year summed onto today's 34 provinces along the merger table.
        scope: {63: codes, 34: codes} from warehouse.filters.province_scope (None: all provinces)."""
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
    """Read the snapshot through an open connection (every call reads the warehouse again)."""
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


_KEPT: dict[tuple, Snapshot | None] = {}  # data version -> snapshot; the latest few versions
_KEEP = 2
_LOADING = threading.Lock()  # two callers of one version at once load it once


def read_snapshot(path: str | Path | None = None) -> Snapshot | None:
    """The snapshot of the warehouse at `path` (default LLW_DB or data/warehouse.duckdb), read
    once per data version (file mtime and size: a load changes it) and kept; None when there is
    no warehouse. The kept object is shared: callers filter it, never change it (ui/data.py hands
    each Streamlit session its own copy)."""
    version = queries.data_version(path)
    with _LOADING:
        if version not in _KEPT:
            with queries.reading(path) as con:
                snap = load_snapshot(con) if con is not None else None
            while len(_KEPT) >= _KEEP:
                _KEPT.pop(next(iter(_KEPT)))
            _KEPT[version] = snap
        return _KEPT[version]


def forget() -> None:
    """Drop the kept snapshots (a benchmark's cold run; a new data version needs no call)."""
    with _LOADING:
        _KEPT.clear()
