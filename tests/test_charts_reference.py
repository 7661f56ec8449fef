"""Reference data behind the dashboard: regions, population (format, loader, CLI, which year a
map divides by), deadlines and the reporting-status classification."""

from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from etl.__main__ import cli
from figures.status import classify, summary
from reference.admin_units import provinces
from reference.regions import provinces_in, region_of, regions
from warehouse.db import connect
from warehouse.population import load_population, population_for, read_population


def test_six_regions_cover_every_province_of_both_maps():
    assert [r.name_vi for r in regions()] == [
        "Trung du và miền núi phía Bắc",
        "Đồng bằng sông Hồng",
        "Bắc Trung Bộ và duyên hải miền Trung",
        "Tây Nguyên",
        "Đông Nam Bộ",
        "Đồng bằng sông Cửu Long",
    ]
    for era in (63, 34):
        assert set(region_of(era)) == {p.code for p in provinces(era)}
    assert [len(provinces_in(r.code, 63)) for r in regions()] == [14, 11, 14, 5, 6, 13]
    assert provinces_in("taynguyen", 63) == ["62", "64", "66", "67", "68"]


def test_population_csv_in_thousands_with_names(tmp_path):
    data = "Năm;Tỉnh;Dân số (nghìn người);Nguồn\n2024;Hà Nội;8.587,1;GSO\n2024;TP HCM;9.521,8;GSO\n".encode()
    df, problems = read_population("dan_so.csv", data)
    assert problems == []
    assert df.set_index("province_code")["population"].to_dict() == {"01": 8_587_100, "79": 9_521_800}
    assert set(df["era"]) == {63}


def test_population_xlsx_problems_name_the_cell(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DanSo"
    ws.append(["Năm", "Mã tỉnh", "Dân số"])
    ws.append([2024, "01", 8587100])
    ws.append([2024, "99", 1000])
    ws.append([2024, "79", "nhiều"])
    path = tmp_path / "pop.xlsx"
    wb.save(path)
    _, problems = read_population(path.name, path.read_bytes(), source="GSO")
    assert [(p.sheet, p.cell) for p in problems] == [("DanSo", "B3"), ("DanSo", "C4")]
    con = duckdb.connect()
    n, problems = load_population(con, path.name, path.read_bytes(), "GSO")  # rejected: nothing written
    assert n == 0 and problems


def test_population_for_chooses_year_and_sums_onto_34():
    rows = pd.DataFrame(
        [
            (2022, "24", 63, 1_900_000, "A"),
            (2022, "27", 63, 1_400_000, "A"),
            (2024, "24", 63, 2_000_000, "B"),
            (2024, "27", 63, 1_500_000, "B"),
        ],
        columns=["year", "province_code", "era", "population", "source"],
    )
    assert population_for(rows, 2023, 63).year == 2022
    assert population_for(rows, 2021, 63).year == 2022
    c = population_for(rows, 2025, 34)
    assert c.year == 2024 and c.summed_from_63
    assert c.table.set_index("province_code")["population"].to_dict() == {"24": 3_500_000}


def test_cli_population_and_deadline(empty_db, tmp_path):
    f = tmp_path / "pop.csv"
    f.write_text("Năm,Mã tỉnh,Dân số\n2024,01,8587100\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["population", str(f), "--db", str(empty_db)])
    assert r.exit_code == 1 and "Nguồn" in r.output
    r = CliRunner().invoke(cli, ["population", str(f), "--db", str(empty_db), "--source", "GSO 2024"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["deadline", "--year", "2024", "--date", "31/10/2024", "--db", str(empty_db)])
    assert r.exit_code == 0, r.output
    con = connect(empty_db, read_only=True)
    assert con.execute("select population, source from population").fetchall() == [(8_587_100, "GSO 2024")]
    assert con.execute("select deadline from reporting_deadlines where year = 2024").fetchone()[0] == dt.date(
        2024, 10, 31
    )
    con.close()


def test_status_classification():
    ts = pd.Timestamp
    status = pd.DataFrame(
        {
            "province_code": ["01", "02", "04", "06"],
            "province_name": ["Hà Nội", "Đà Nẵng", "Cao Bằng", "Bắc Kạn"],
            "first_accepted": [ts("2024-10-30 10:00"), ts("2024-11-03 09:00"), pd.NaT, pd.NaT],
            "last_accepted": [ts("2024-10-30 10:00"), ts("2024-11-03 09:00"), pd.NaT, pd.NaT],
            "n_accepted": [1, 2, 0, 0],
            "n_rejected": [0, 0, 1, 0],
            "n_filled": [45, 30, 0, 0],
            "n_catalog": 45,
        }
    )
    out = classify(status, dt.date(2024, 10, 31))
    assert list(out["province_name"]) == ["Bắc Kạn", "Cao Bằng", "Đà Nẵng", "Hà Nội"]  # Đ after D
    got = out.set_index("province_code")
    assert got.loc["01", "status"] == "on_time" and got.loc["02", "status"] == "late"
    assert got.loc["02", "days_late"] == 3 and got.loc["04", "status"] == "rejected_only"
    assert got.loc["02", "completeness"] == pytest.approx(30 / 45)
    assert summary(out) | {} == {
        "on_time": 1,
        "late": 1,
        "reported": 0,
        "rejected_only": 1,
        "missing": 1,
        "reported_total": 2,
        "total": 4,
    }
