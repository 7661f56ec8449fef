"""Values: every value ever loaded (`observations`), the units first seen with them (`units`) and
the value that stands now (`current_values`).

The rule "newest accepted value wins" lives here and only here: for each (year, unit, indicator)
the current value is the one from the accepted file submission with the highest id. A file being
loaded is the newest submission (ids grow), so loading replaces the current values of the keys it
brings (`write_values`); a revert or a withdrawal changes which submissions are accepted, so the
current values of the units it touches are picked again from their observations
(`recompute_current`). Both pick with `NEWEST_WINS`."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np

from warehouse.write.columns import column

# the newest submission's value per key; a batch whose keys are unique needs no pick
NEWEST_WINS = "QUALIFY row_number() OVER (PARTITION BY year, unit_code, indicator_code ORDER BY submission_id DESC) = 1"

OBSERVATION_COLUMNS = (
    "submission_id",
    "year",
    "unit_code",
    "unit_level",
    "province_code",
    "indicator_code",
    "value",
    "sheet",
    "cell",
    "raw_text",
    "label",
    "derived",
)
_TYPES = {"submission_id": np.int32, "year": np.int32, "value": np.int64, "derived": bool}


@dataclass(frozen=True)
class UnitRow:
    unit_code: str
    unit_name: str
    unit_level: str
    province_code: str | None


@dataclass
class ValueBatch:
    """The values of one or more accepted files for one transaction, as columns of `observations`.
    `units`: units to name if the warehouse does not know them yet. `replaces`: some key may have a
    current value already (its row is deleted first; False in a backfill, where every key is new).
    `repeated`: a key comes twice (two files of a group), so the newest is picked among them."""

    columns: dict[str, list] = field(default_factory=lambda: {k: [] for k in OBSERVATION_COLUMNS})
    units: dict[str, UnitRow] = field(default_factory=dict)
    replaces: bool = False
    repeated: bool = False

    def __len__(self) -> int:
        return len(self.columns["submission_id"])


_INSERT_CURRENT = (
    "INSERT INTO current_values (year, unit_code, indicator_code, value, submission_id, unit_level, province_code) "
    "SELECT year, unit_code, indicator_code, value, submission_id, unit_level, province_code FROM "
)


INSERT_CURRENT_SQL = _INSERT_CURRENT + "_llw_obs;"
INSERT_NEWEST_SQL = _INSERT_CURRENT + f"_llw_obs {NEWEST_WINS};"


def write_values(con: duckdb.DuckDBPyConnection, batch: ValueBatch) -> None:
    """Observations, new units and current values of `batch`, inside the caller's transaction, in
    one call of up to four statements (a call costs more than the rows it carries)."""
    if not len(batch):
        return
    _llw_obs = {k: column(v, _TYPES.get(k, object)) for k, v in batch.columns.items()}  # noqa: F841 - scanned
    sql = ["INSERT INTO observations SELECT * FROM _llw_obs;"]
    if batch.units:
        units = list(batch.units.values())
        _llw_units = {  # noqa: F841 - read by DuckDB's replacement scan
            "unit_code": column([u.unit_code for u in units]),
            "unit_name": column([u.unit_name for u in units]),
            "unit_level": column([u.unit_level for u in units]),
            "province_code": column([u.province_code for u in units]),
        }
        sql.append(
            "INSERT INTO units SELECT * FROM _llw_units n "
            "WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_code = n.unit_code);"
        )
    if batch.replaces:
        sql.append(
            "DELETE FROM current_values c USING _llw_obs o WHERE c.year = o.year "
            "AND c.unit_code = o.unit_code AND c.indicator_code = o.indicator_code;"
        )
    sql.append(INSERT_NEWEST_SQL if batch.repeated else INSERT_CURRENT_SQL)
    con.execute("\n".join(sql))


def recompute_current(con: duckdb.DuckDBPyConnection, year: int, units: list[str]) -> None:
    """current_values of (year, units) picked again from the observations of accepted file
    submissions, inside the caller's transaction. A province's sum of its sub-units is not stored
    (view province_values computes it): observations older loads kept as such sums ('derived')
    stay history only."""
    if not units:
        return
    marks = ",".join("?" * len(units))
    con.execute(f"DELETE FROM current_values WHERE year = ? AND unit_code IN ({marks})", [year, *units])
    con.execute(
        _INSERT_CURRENT + "(SELECT o.* FROM observations o JOIN submission_log s ON s.id = o.submission_id "
        "WHERE s.status = 'accepted' AND s.kind = 'file' AND NOT o.derived "
        f"AND o.year = ? AND o.unit_code IN ({marks})) o " + NEWEST_WINS,
        [year, *units],
    )
