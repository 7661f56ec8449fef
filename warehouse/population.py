"""Population by province and year: the divisor of figures per 1,000 inhabitants.

An admin loads the statistics office's published table (Niên giám thống kê / GSO "Dân số trung
bình") as CSV or XLSX, one row per province and year:

    | Năm  | Mã tỉnh | Tỉnh     | Dân số    |
    | 2024 | 01      | Hà Nội   | 8.587.100 |

- `Năm` (or `year`): the population year. `Mã tỉnh` (`province_code`, 2 digits) or `Tỉnh`
  (`province`, any usual spelling) names the province, on the map in force that year (63
  provinces before 2025, 34 from 2025); an `era` column (63 or 34) overrides that.
- `Dân số` (`population`): persons. A header that says thousands ("Dân số (nghìn người)") is
  multiplied by 1.000. Numbers may be typed the Vietnamese way (8.587.100; 8.587,1).
- `Nguồn` (`source`), optional: where the figures come from; otherwise `--source` is required.

Loading replaces the rows of each (year, era) the file covers, in one transaction. Every problem
is reported with file, sheet and cell, and a file with any problem loads nothing.

`population_for(rows, year, era)` chooses what a map of `year` divides by: that year's figures,
else the latest earlier year, else the earliest later one; on the 34-province map, 63-era figures
are summed along the merger table when no 34-era figures are loaded."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from reference.admin_units import era_for_year, province_by_code, provinces
from reference.cells import col_letter
from reference.problems import Problem
from reference.vntext import key, strip_diacritics
from warehouse.write import transaction
from warehouse.write.reference import PopulationRow, replace_population

_HEADERS = {
    "year": ("nam", "year"),
    "province_code": ("ma tinh", "ma", "province code", "province_code", "code"),
    "province": ("tinh", "tinh thanh pho", "tinh thanh", "ten tinh", "province", "dia phuong"),
    "population": ("dan so", "population", "dan so trung binh"),
    "source": ("nguon", "source"),
    "era": ("era", "giai doan"),
}


def _problem(code: str, file: str, sheet: str, cell: str, **params) -> Problem:
    """A population file's error, the same Problem type the report loader uses."""
    return Problem(code, params, file, sheet, cell)


def _rows_of(name: str, data: bytes) -> list[tuple[str, list[list]]]:
    """(sheet name, rows) for each sheet of an .xlsx/.xls/.ods, or one pseudo-sheet for a CSV."""
    suffix = Path(name).suffix.lower()
    if suffix in (".csv", ".txt"):
        text = data.decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        return [("", [row for row in csv.reader(io.StringIO(text), dialect)])]
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [(s, wb.get_sheet_by_name(s).to_python()) for s in wb.sheet_names]


def _header_kind(text) -> str | None:
    folded = " ".join(re.sub(r"[^a-z0-9 ]", " ", strip_diacritics(str(text or ""))).split())
    base = re.sub(r"\s*(nghin nguoi|nguoi|nghin|thousand persons|persons|thousands)$", "", folded).strip()
    for kind, names in _HEADERS.items():
        if base in names:
            return kind
    return None


def _number(raw) -> float | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    s = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", s) or re.fullmatch(r"\d+,\d+", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


def read_population(name: str, data: bytes, source: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows (year, province_code, era, population, source) and the problems found."""
    out: list[dict] = []
    problems: list[Problem] = []
    file = Path(name).name
    found = False
    for sheet, rows in _rows_of(name, data):
        hdr_row, cols = None, {}
        for r, row in enumerate(rows[:20]):
            kinds = {_header_kind(v): c for c, v in enumerate(row) if _header_kind(v)}
            if "year" in kinds and "population" in kinds and ({"province_code", "province"} & set(kinds)):
                hdr_row, cols = r, kinds
                break
        if hdr_row is None:
            continue
        found = True
        thousands = (
            "nghin" in strip_diacritics(str(rows[hdr_row][cols["population"]]))
            or "thousand" in str(rows[hdr_row][cols["population"]]).lower()
        )
        for r in range(hdr_row + 1, len(rows)):
            row = rows[r]

            def cell(kind, row=row, cols=cols):
                c = cols.get(kind)
                return row[c] if c is not None and c < len(row) else None

            def at(kind, r=r, cols=cols):
                return f"{col_letter(cols[kind])}{r + 1}"

            if all(v in (None, "") for v in row):
                continue
            year = _number(cell("year"))
            if year is None or not year.is_integer() or not 2000 <= year <= 2100:
                problems.append(_problem("population.year", file, sheet, at("year"), raw=str(cell("year"))))
                continue
            year = int(year)
            era = _number(cell("era")) if "era" in cols else None
            era = int(era) if era in (63, 34) else era_for_year(year)
            code = _province_code(cell("province_code"), cell("province"), era)
            if code is None:
                where = at("province_code") if "province_code" in cols else at("province")
                problems.append(
                    _problem(
                        "population.province",
                        file,
                        sheet,
                        where,
                        raw=str(cell("province_code") or cell("province")),
                        era=era,
                    )
                )
                continue
            pop = _number(cell("population"))
            if pop is None or pop <= 0:
                problems.append(
                    _problem(
                        "population.value",
                        file,
                        sheet,
                        at("population"),
                        raw=str(cell("population")),
                    )
                )
                continue
            src = str(cell("source") or source or "").strip()
            if not src:
                problems.append(_problem("population.source", file, sheet, at("population")))
                continue
            out.append(
                {
                    "year": year,
                    "province_code": code,
                    "era": era,
                    "population": int(round(pop * (1000 if thousands else 1))),
                    "source": src,
                }
            )
    if not found:
        problems.append(_problem("population.header", file, "", "A1"))
    df = pd.DataFrame(out, columns=["year", "province_code", "era", "population", "source"])
    dup = df.duplicated(["year", "era", "province_code"], keep=False)
    if dup.any():
        for (y, _era, c), _ in df[dup].groupby(["year", "era", "province_code"]):
            problems.append(_problem("population.duplicate", file, "", "", province=c, year=int(y)))
    return df, problems


def _province_code(code, name, era: int) -> str | None:
    known = province_by_code(era)
    if code not in (None, ""):
        c = str(int(code)) if isinstance(code, float) and code.is_integer() else str(code).strip()
        c = c.zfill(2)
        return c if c in known else None
    if name:
        k = key(str(name))
        for p in provinces(era):
            if k in p.keys or key(p.full_name) == k:
                return p.code
    return None


def load_population(
    con: duckdb.DuckDBPyConnection, name: str, data: bytes, source: str | None = None
) -> tuple[int, list[Problem]]:
    """Read and, when the file has no problem, replace the (year, era) rows it covers."""
    df, problems = read_population(name, data, source)
    if problems:
        return 0, problems
    rows = [
        PopulationRow(int(r.year), str(r.province_code), int(r.era), int(r.population), r.source)
        for r in df.itertuples(index=False)
    ]
    with transaction(con):
        replace_population(con, rows)
    return len(df), []


@dataclass(frozen=True)
class PopulationChoice:
    year: int  # the population year divided by
    era: int
    table: pd.DataFrame  # province_code, population
    source: str
    summed_from_63: bool = False


def population_for(rows: pd.DataFrame, year: int, era: int) -> PopulationChoice | None:
    """What a map of `year` on the `era` map divides by (see the module note); None if nothing."""
    same = rows[rows["era"] == era]
    summed = False
    if same.empty and era == 34:
        old = rows[rows["era"] == 63].copy()
        if old.empty:
            return None
        to34 = {p.code: p.code_2025 for p in provinces(63)}
        old["province_code"] = old["province_code"].map(to34)
        same = old.groupby(["year", "province_code"], as_index=False).agg(
            population=("population", "sum"), source=("source", "first")
        )
        summed = True
    if same.empty:
        return None
    years = sorted(int(y) for y in same["year"].unique())
    earlier = [y for y in years if y <= year]
    chosen = earlier[-1] if earlier else years[0]
    part = same[same["year"] == chosen]
    sources = "; ".join(dict.fromkeys(str(s) for s in part["source"]))
    return PopulationChoice(chosen, era, part[["province_code", "population"]].reset_index(drop=True), sources, summed)
