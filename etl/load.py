"""Write an analysed submission to the warehouse in one transaction.

Idempotent on the file's hash: a file already accepted changes nothing. Later submissions win
value by value (the newest accepted value per year, unit and indicator stands); every value
ever loaded stays in `observations` with its submission, sheet and cell. A rejected file adds
only its row in the submission log (status 'rejected', with the reasons): no value, no unit."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.extract import Analysis, analyse
from etl.validate import validate
from warehouse.db import transaction


@dataclass
class LoadResult:
    file_name: str
    status: str  # accepted | rejected | duplicate
    submission_id: int | None
    analysis: Analysis
    duplicate_of: int | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("accepted", "duplicate")


def learned_synonyms(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select label_key, indicator_code from label_synonyms").fetchall())


def previous_year_values(con: duckdb.DuckDBPyConnection, an: Analysis) -> dict[tuple[str, str], int]:
    if an.year is None or not an.values:
        return {}
    units = sorted({v.unit.code for v in an.values})
    rows = con.execute(
        "select unit_code, indicator_code, value from current_values where year = ? and unit_code in "
        f"({','.join('?' * len(units))})", [an.year - 1, *units]).fetchall()
    return {(u, c): v for u, c, v in rows}


def analyse_for_warehouse(con: duckdb.DuckDBPyConnection, file_name: str, data: bytes, *,
                          prefer_given: bool = False, **kw) -> Analysis:
    """Analysis with the warehouse's knowledge: learned label mappings, last year's values.
    `prefer_given`: the `year=`/`unit=` passed in override what the file says (see `analyse`)."""
    an = analyse(file_name, data, learned=learned_synonyms(con), prefer_given=prefer_given, **kw)
    if an.year is not None and an.unit is not None:
        validate(an, previous_year_values(con, an))
    return an


def find_accepted(con: duckdb.DuckDBPyConnection, file_hash: str) -> int | None:
    row = con.execute("select id from submission_log where file_hash = ? and status = 'accepted' "
                      "and kind = 'file' order by id limit 1", [file_hash]).fetchone()
    return row[0] if row else None


def load_analysis(con: duckdb.DuckDBPyConnection, an: Analysis, *, submitted_by: str = "cli",
                  stored_path: str | None = None, now: dt.datetime | None = None) -> LoadResult:
    now = now or dt.datetime.now()
    messages = json.dumps([p.as_dict() for p in an.problems], ensure_ascii=False)
    with transaction(con):
        dup = find_accepted(con, an.file_hash)
        if dup is not None:
            return LoadResult(an.file_name, "duplicate", dup, an, duplicate_of=dup)
        status = "accepted" if an.ok else "rejected"
        sid = con.execute(
            "insert into submission_log (file_hash, file_name, year, unit_code, unit_name, shape, status, "
            "n_values, messages, submitted_by, submitted_at, stored_path) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
            [an.file_hash, an.file_name, an.year, an.unit.code if an.unit else None,
             an.unit.name if an.unit else None, an.shape, status,
             len(an.values) if an.ok else 0, messages, submitted_by, now, stored_path],
        ).fetchone()[0]
        if status == "accepted":
            _write_values(con, sid, an)
    return LoadResult(an.file_name, status, sid, an)


def _write_values(con: duckdb.DuckDBPyConnection, sid: int, an: Analysis) -> None:
    n = len(an.values)
    obs = pa.table({
        "submission_id": pa.array([sid] * n, pa.int32()),
        "year": pa.array([an.year] * n, pa.int32()),
        "unit_code": [v.unit.code for v in an.values],
        "unit_level": [v.unit.level for v in an.values],
        "province_code": [v.unit.province_code for v in an.values],
        "indicator_code": [v.code for v in an.values],
        "value": pa.array([v.value for v in an.values], pa.int64()),
        "sheet": [v.sheet for v in an.values],
        "cell": [v.cell for v in an.values],
        "raw_text": [v.raw for v in an.values],
        "label": [v.label for v in an.values],
        "derived": [v.derived for v in an.values],
    })
    units = {v.unit.code: v.unit for v in an.values}
    unit_df = pa.table({"unit_code": list(units), "unit_name": [u.name for u in units.values()],
                            "unit_level": [u.level for u in units.values()],
                            "province_code": [u.province_code for u in units.values()]})
    con.register("_new_obs", obs)
    con.register("_new_units", unit_df)
    try:
        con.execute("insert into observations select * from _new_obs")
        # unit names rarely change: add the new ones only (a full upsert costs more than the rest)
        con.execute("insert into units select * from _new_units n "
                    "where not exists (select 1 from units u where u.unit_code = n.unit_code)")
        con.execute(
            "insert or replace into current_values "
            "select year, unit_code, indicator_code, value, submission_id, unit_level, province_code from _new_obs")
    finally:
        con.unregister("_new_obs")
        con.unregister("_new_units")


def _analyse_path(args: tuple[str, dict, int | None, str | None, bool]) -> tuple[Analysis, bytes]:
    path, learned, year, unit, prefer_given = args
    data = Path(path).read_bytes()
    return analyse(Path(path).name, data, learned=learned, year=year, unit=unit, prefer_given=prefer_given), data


def load_files(con: duckdb.DuckDBPyConnection, paths: list[Path], *, year: int | None = None,
               unit: str | None = None, submitted_by: str = "cli", store_dir: Path | None = None,
               prefer_given: bool = False):
    """Load many files in order, one transaction each, yielding each LoadResult as it lands."""
    learned = learned_synonyms(con)
    for p in paths:
        yield _land(con, *_analyse_path((str(p), learned, year, unit, prefer_given)), submitted_by, store_dir)


def _land(con, an: Analysis, data: bytes, submitted_by: str, store_dir: Path | None) -> LoadResult:
    dup = find_accepted(con, an.file_hash)
    if dup is not None:
        return LoadResult(an.file_name, "duplicate", dup, an, duplicate_of=dup)
    if an.year is not None and an.unit is not None:
        validate(an, previous_year_values(con, an))
    stored = store_original(store_dir, an.file_hash, an.file_name, data) if store_dir and an.ok else None
    return load_analysis(con, an, submitted_by=submitted_by, stored_path=stored)


def load_file(con: duckdb.DuckDBPyConnection, path: str | Path, *, year: int | None = None,
              unit: str | None = None, submitted_by: str = "cli", store_dir: Path | None = None,
              prefer_given: bool = False) -> LoadResult:
    """Load one file: the one-file case of `load_files`."""
    return next(load_files(con, [Path(path)], year=year, unit=unit, submitted_by=submitted_by,
                           store_dir=store_dir, prefer_given=prefer_given))


def store_original(store_dir: Path, file_hash: str, file_name: str, data: bytes) -> str:
    """Keep the original file beside the warehouse, named by its hash, so it can be downloaded again."""
    store_dir.mkdir(parents=True, exist_ok=True)
    target = store_dir / f"{file_hash[:16]}{Path(file_name).suffix.lower()}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return str(target)

