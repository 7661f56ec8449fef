"""`python -m etl` end to end: click's CliRunner for behaviour, a real subprocess for exit codes
(main() turns usage errors into exit code 2)."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures_factory import EXPECTED, vertical_grid, xlsx_bytes
from openpyxl import load_workbook
from pg_support import ON_POSTGRES

from auth import audit
from etl.__main__ import cli
from reference import catalog
from warehouse.db import connect
from warehouse.queries import data_version

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("LLW_DB", raising=False)
    return CliRunner()


@pytest.fixture
def files(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    good = d / "2023_QuangNam.xlsx"
    good.write_bytes(xlsx_bytes(vertical_grid(year=2023)))
    good2 = d / "2022_QuangNam.xlsx"
    good2.write_bytes(xlsx_bytes(vertical_grid(year=2022)))
    bad_grid = vertical_grid(year=2021, overrides={"classes.language.learners": "-5"})
    bad = tmp_path / "bad" / "2021_QuangNam.xlsx"
    bad.parent.mkdir()
    bad.write_bytes(xlsx_bytes(bad_grid))
    return {
        "good": good,
        "good2": good2,
        "folder": d,
        "bad": bad,
        "bad_cell": f"{bad_grid.name}!{bad_grid.cells['classes.language.learners']}",
    }


def run_module(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("LLW_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "etl", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def count(db: Path, sql: str):
    con = connect(db, read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def store_fingerprint(db: Path) -> str:
    """The warehouse file's bytes; on PostgreSQL (LLW_TEST_STORE) the store's data version, which
    every writing transaction bumps."""
    return str(data_version(db)) if ON_POSTGRES else digest(db)


# ------------------------------------------------------------------------------------------------
# load
# ------------------------------------------------------------------------------------------------
def test_load_good_files_exit_0(runner, files, tmp_path):
    db = tmp_path / "wh.duckdb"
    res = runner.invoke(cli, ["load", str(files["folder"]), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert res.output.count("ĐÃ NẠP") == 2
    assert count(db, "select count(*) from submission_log where status = 'accepted'") == 2
    assert count(db, "select count(distinct year) from province_values where province_code = '49'") == 2
    # the original is kept beside the warehouse, named by its hash
    stored = list((tmp_path / "submissions").iterdir())
    assert len(stored) == 2 and all(digest(p).startswith(p.stem) for p in stored)


def test_load_writes_one_audit_entry_per_file_chained(runner, files, tmp_path):
    db = tmp_path / "wh.duckdb"
    res = runner.invoke(
        cli,
        [
            "load",
            str(files["good"]),
            str(files["bad"]),
            str(files["good2"]),
            str(files["good"]),
            "--db",
            str(db),
            "--by",
            "nguyen.van.a",
        ],
    )
    assert res.exit_code == 1, res.output
    con = connect(db, read_only=True)
    try:
        rows = con.execute("select actor, action, target, details from audit_log order by id").fetchall()
        assert audit.verify_chain(con) == []
    finally:
        con.close()
    assert [(a, act, t) for a, act, t, _ in rows] == [
        ("nguyen.van.a", "submission.confirm", "2023_QuangNam.xlsx"),
        ("nguyen.van.a", "submission.reject", "2021_QuangNam.xlsx"),
        ("nguyen.van.a", "submission.confirm", "2022_QuangNam.xlsx"),
        ("nguyen.van.a", "submission.confirm", "2023_QuangNam.xlsx"),
    ]
    assert [json.loads(d)["status"] for *_, d in rows] == ["accepted", "rejected", "accepted", "duplicate"]


def test_load_again_is_a_no_op(runner, files, tmp_path):
    db = tmp_path / "wh.duckdb"
    assert runner.invoke(cli, ["load", str(files["good"]), "--db", str(db)]).exit_code == 0
    res = runner.invoke(cli, ["load", str(files["good"]), "--db", str(db)])
    assert res.exit_code == 0
    assert "ĐÃ CÓ" in res.output
    assert count(db, "select count(*) from submission_log") == 1
    assert count(db, "select count(*) from observations") == len(EXPECTED)


def test_load_rejected_exit_1_with_sheet_and_cell(runner, files, tmp_path):
    db = tmp_path / "wh.duckdb"
    res = runner.invoke(cli, ["load", str(files["good"]), str(files["bad"]), "--db", str(db)])
    assert res.exit_code == 1
    assert "TỪ CHỐI" in res.output
    assert files["bad_cell"] in res.output  # e.g. "Bieu 1!D23"
    assert count(db, "select count(*) from submission_log where status = 'rejected'") == 1
    assert count(db, "select count(*) from observations where year = 2021") == 0
    assert count(db, "select count(*) from observations where year = 2023") == len(EXPECTED)


def test_load_rejected_file_again_says_it_was_rejected_before(runner, files, tmp_path):
    db = tmp_path / "wh.duckdb"
    first = runner.invoke(cli, ["load", str(files["bad"]), "--db", str(db)])
    second = runner.invoke(cli, ["load", str(files["bad"]), "--db", str(db)])
    assert (first.exit_code, second.exit_code) == (1, 1)
    assert "từ chối trước đây" not in first.output
    assert "từ chối trước đây (lần nạp #1)" in second.output
    assert count(db, "select count(*) from submission_log where status = 'rejected'") == 2  # every attempt logged


def test_load_year_and_unit_flags(runner, tmp_path):
    f = tmp_path / "bao_cao.xlsx"
    f.write_bytes(xlsx_bytes(vertical_grid(title_rows=0)))
    db = tmp_path / "wh.duckdb"
    res = runner.invoke(cli, ["load", str(f), "--db", str(db)])
    assert res.exit_code == 1
    assert "--year" in res.output
    res = runner.invoke(cli, ["load", str(f), "--db", str(db), "--year", "2023"])
    assert res.exit_code == 1
    assert "--unit" in res.output
    res = runner.invoke(cli, ["load", str(f), "--db", str(db), "--year", "2023", "--unit", "49"])
    assert res.exit_code == 0, res.output
    assert (
        count(
            db,
            "select count(*) from province_values where year = 2023 and province_code = '49' "
            "and indicator_code = 'ceremony.attendees' and value = 4500",
        )
        == 1
    )


def test_llw_db_environment_variable(runner, files, tmp_path, monkeypatch):
    db = tmp_path / "env" / "wh.duckdb"
    monkeypatch.setenv("LLW_DB", str(db))
    res = runner.invoke(cli, ["load", str(files["good"])])
    assert res.exit_code == 0, res.output
    assert count(db, "select count(*) from submission_log") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["load", "--bogus", "{good}"],
        ["load", "{missing}", "--db", "{db}"],
        ["load"],
        ["load", "{good}", "--year", "abc", "--db", "{db}"],
        ["nosuchcommand"],
    ],
)
def test_bad_usage_exit_2(runner, files, tmp_path, args):
    db = tmp_path / "wh.duckdb"
    args = [a.format(good=files["good"], missing=tmp_path / "nope.xlsx", db=db) for a in args]
    res = runner.invoke(cli, args)
    assert res.exit_code == 2, res.output
    assert not db.exists()


# ------------------------------------------------------------------------------------------------
# exit codes of the real module entry point
# ------------------------------------------------------------------------------------------------
def test_module_exit_codes(files, tmp_path):
    db = tmp_path / "wh.duckdb"
    ok = run_module("load", files["good"], "--db", db)
    assert ok.returncode == 0, ok.stderr
    bad = run_module("load", files["bad"], "--db", db)
    assert bad.returncode == 1
    assert files["bad_cell"] in bad.stdout
    unknown = run_module("load", "--no-such-option", files["good"], "--db", db)
    assert unknown.returncode == 2
    missing = run_module("load", tmp_path / "nope.xlsx", "--db", db)
    assert missing.returncode == 2
    assert "nope.xlsx" in missing.stderr
    assert count(db, "select count(*) from submission_log") == 2


# ------------------------------------------------------------------------------------------------
# check writes nothing
# ------------------------------------------------------------------------------------------------
def test_check_does_not_create_a_warehouse(runner, files, tmp_path):
    db = tmp_path / "wh.duckdb"
    res = runner.invoke(cli, ["check", str(files["good"]), "--db", str(db), "--values"])
    assert res.exit_code == 0, res.output
    assert "HỢP LỆ" in res.output
    assert "4.500" in res.output  # --values prints every value, Vietnamese grouping
    assert not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "in"]  # no store, no .wal


def test_check_does_not_change_an_existing_warehouse(runner, files, tmp_path):
    db = tmp_path / "wh.duckdb"
    assert runner.invoke(cli, ["load", str(files["good2"]), "--db", str(db)]).exit_code == 0
    before = store_fingerprint(db)
    res = runner.invoke(cli, ["check", str(files["good"]), str(files["bad"]), "--db", str(db)])
    assert res.exit_code == 1
    assert files["bad_cell"] in res.output
    assert store_fingerprint(db) == before
    assert count(db, "select count(*) from submission_log") == 1
    assert len(list((tmp_path / "submissions").iterdir())) == 1  # only the loaded file's original


# ------------------------------------------------------------------------------------------------
# template
# ------------------------------------------------------------------------------------------------
def _fill(path: Path, province: str, value_of) -> None:
    wb = load_workbook(path)
    ws = wb["Bieu mau"]
    ws["C1"] = province
    for row in ws.iter_rows(min_row=6):
        code = row[5].value
        if code in catalog.by_code():
            row[3].value = value_of(code)
    wb.save(path)


def test_template_filled_in_is_accepted(runner, tmp_path):
    out = tmp_path / "f.xlsx"
    res = runner.invoke(cli, ["template", "--year", "2024", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.exists()
    # blank: the year is known, the unit is not
    blank = runner.invoke(cli, ["check", str(out)])
    assert blank.exit_code == 1
    assert "--unit" in blank.output

    def value_of(code):
        ind = catalog.by_code()[code]
        if code.startswith("classes.online."):
            return 1
        return 1_000_000 if ind.is_money else 7 + len(code)

    _fill(out, "Quảng Nam", value_of)
    db = tmp_path / "wh.duckdb"
    res = runner.invoke(cli, ["check", str(out), "--values"])
    assert res.exit_code == 0, res.output
    assert "năm 2024, Quảng Nam" in res.output
    assert "Cảnh báo" not in res.output  # no unmapped labels, no rule warnings
    res = runner.invoke(cli, ["load", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    typed = catalog.typed_codes()
    con = connect(db, read_only=True)
    try:
        got = dict(
            con.execute(
                "select indicator_code, value from current_values where unit_code = '49' and year = 2024"
            ).fetchall()
        )
        messages = con.execute("select messages from submissions").fetchone()[0]
    finally:
        con.close()
    assert got == {c: value_of(c) for c in typed}
    assert "label.unmapped" not in messages


def test_template_rows_cover_every_typed_indicator(runner, tmp_path):
    out = tmp_path / "t.xlsx"
    assert runner.invoke(cli, ["template", "--year", "2025", "--out", str(out)]).exit_code == 0
    wb = load_workbook(out)
    ws = wb["Bieu mau"]
    codes = [r[5].value for r in ws.iter_rows(min_row=6) if r[5].value]
    assert codes == [c for c in catalog.typed_codes() if c in codes]
    assert sorted(codes) == sorted(catalog.typed_codes())
    assert ws.column_dimensions["F"].hidden
    assert "NĂM 2025" in ws["A2"].value
    provinces = [c.value for c in wb["Danh_muc"]["A"][1:] if c.value]
    assert len(provinces) == 34


def test_example_template_loads_45_values(runner, tmp_path):
    out = tmp_path / "e.xlsx"
    assert runner.invoke(cli, ["template", "--year", "2024", "--example", "--out", str(out)]).exit_code == 0
    db = tmp_path / "wh.duckdb"
    res = runner.invoke(cli, ["load", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "45 giá trị" in res.output
    assert count(db, "select n_values from submissions") == 45 == len(catalog.typed_codes())
    assert count(db, "select count(*) from observations") == 45
    assert count(db, "select count(*) from province_values where year = 2024") == 45 + 3  # + derived totals
