"""Demo and real warehouses kept apart (issue 17): `etl init` makes an empty real warehouse, the
README's "Bắt đầu với số liệu thật" steps run as written, real writes into the demo warehouse are
refused unless asked for, and `check` takes no year-on-year base from demo figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures_factory import EXPECTED, vertical_grid, xlsx_bytes

from auth import audit
from etl.__main__ import cli
from warehouse.db import connect
from warehouse.mode import mark_demo

PASSWORD = "Mat-khau-dung-1\n"


@pytest.fixture
def run(monkeypatch, tmp_path):
    """The CLI with LLW_DB pointing at a warehouse in tmp_path (as the README's steps use the
    default file) and the demo file somewhere that must stay untouched."""
    db = tmp_path / "data" / "warehouse.duckdb"
    monkeypatch.setenv("LLW_DB", str(db))
    monkeypatch.setenv("LLW_DEMO_DB", str(tmp_path / "data" / "demo.duckdb"))
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, [str(a) for a in args], input=input)

    invoke.db = db
    return invoke


def one(db: Path, sql: str, params=()):
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def report(tmp_path: Path, year: int = 2023, scale: int = 1) -> Path:
    f = tmp_path / f"{year}_QuangNam.xlsx"
    f.write_bytes(xlsx_bytes(vertical_grid({k: v * scale for k, v in EXPECTED.items()}, year=year)))
    return f


def test_start_for_real_as_the_readme_says(run, tmp_path):
    res = run("init")
    assert res.exit_code == 0, res.output
    assert "Đã tạo kho dữ liệu THẬT" in res.output and "users create-admin" in res.output
    assert one(run.db, "select count(*) from indicators")[0][0] > 40
    assert one(run.db, "select count(*) from provinces where era = 63")[0][0] == 63
    assert one(run.db, "select count(*) from current_values")[0][0] == 0

    res = run("users", "create-admin", "quantri", "--name", "Nguyễn Văn A", "--password-stdin", input=PASSWORD)
    assert res.exit_code == 0, res.output
    assert "Ghi vào kho dữ liệu THẬT" in res.output
    res = run(
        "users", "add", "canbo", "--role", "data_officer", "--province", "49@63", "--password-stdin", input=PASSWORD
    )
    assert res.exit_code == 0, res.output
    res = run("load", report(tmp_path), "--by", "canbo")
    assert res.exit_code == 0, res.output
    assert "ĐÃ NẠP" in res.output and "Ghi vào kho dữ liệu THẬT" in res.output

    # no demo figure anywhere: no mark, one submission (ours), every value from it, no demo file
    assert one(run.db, "select * from warehouse_info where key = 'demo'") == []
    subs = one(run.db, "select id, submitted_by, status from submission_log")
    assert [(s[1], s[2]) for s in subs] == [("canbo", "accepted")]
    assert one(run.db, "select distinct submission_id from current_values") == [(subs[0][0],)]
    assert one(run.db, "select distinct year, province_code from province_values") == [(2023, "49")]
    got = dict(one(run.db, "select indicator_code, value from province_values"))
    assert {k: got[k] for k in EXPECTED} == EXPECTED
    assert [r[0] for r in one(run.db, "select username from users order by 1")] == ["canbo", "quantri"]
    assert not (tmp_path / "data" / "demo.duckdb").exists()
    assert not (tmp_path / "data" / "demo_submissions").exists()
    con = connect(run.db, read_only=True)
    try:
        assert audit.verify_chain(con) == []
    finally:
        con.close()


def test_init_again_keeps_what_is_there(run, tmp_path):
    assert run("init").exit_code == 0
    assert run("load", report(tmp_path)).exit_code == 0
    res = run("init")
    assert res.exit_code == 0 and "Không xóa gì" in res.output and "1 lần nạp" in res.output
    assert one(run.db, "select count(*) from submission_log")[0][0] == 1


@pytest.fixture
def demo_wh(tmp_path) -> Path:
    """A warehouse carrying the demo mark (what `etl demo` writes), without building the demo."""
    db = tmp_path / "demo.duckdb"
    con = connect(db)
    mark_demo(con)
    con.close()
    return db


@pytest.mark.parametrize(
    "args",
    [
        ["load", "{file}"],
        ["users", "create-admin", "quantri", "--password-stdin"],
        ["users", "add", "canbo", "--role", "viewer", "--password-stdin"],
        ["deadline", "--year", "2023", "--date", "31/10/2023"],
    ],
)
def test_real_writes_into_the_demo_are_refused_unless_asked(run, demo_wh, tmp_path, args):
    args = [a.format(file=report(tmp_path)) for a in args] + ["--db", str(demo_wh)]
    before = one(demo_wh, "select (select count(*) from submission_log), (select count(*) from users)")
    res = run(*args, input=PASSWORD)
    assert res.exit_code == 2, res.output
    assert "kho dữ liệu MẪU (demo)" in res.output and "--into-demo" in res.output and "etl init" in res.output
    assert one(demo_wh, "select (select count(*) from submission_log), (select count(*) from users)") == before
    assert one(demo_wh, "select count(*) from reporting_deadlines")[0][0] == 0
    res = run(*args, "--into-demo", input=PASSWORD)
    assert res.exit_code == 0, res.output
    assert "Ghi vào kho dữ liệu MẪU (demo)" in res.output


def test_init_refuses_the_demo_file_and_demo_refuses_a_real_one(run, demo_wh, tmp_path):
    res = run("init", "--db", demo_wh)
    assert res.exit_code == 2 and "MẪU" in res.output
    assert run("init").exit_code == 0
    from etl.demo import build_demo

    with pytest.raises(SystemExit, match="kho dữ liệu thật"):
        build_demo(run.db, out_dir=tmp_path / "files", years=[2023], echo=lambda _m: None)
    assert not (tmp_path / "files").exists()


@pytest.mark.parametrize("demo", [False, True])
def test_check_takes_no_year_on_year_base_from_demo_figures(run, tmp_path, demo):
    assert run("load", report(tmp_path, 2022)).exit_code == 0
    if demo:
        con = connect(run.db)
        mark_demo(con)
        con.close()
    res = run("check", report(tmp_path, 2023, scale=100))
    assert ("lần năm trước" in res.output) is (not demo), res.output


def test_the_demo_banner_says_how_to_start_for_real(run, demo_wh, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    f = report(tmp_path)
    assert run("load", f, "--db", demo_wh, "--into-demo").exit_code == 0
    monkeypatch.setenv("LLW_DB", str(demo_wh))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    banner = " ".join(w.value for w in at.warning)
    assert "DỮ LIỆU MẪU" in banner
    assert ".venv/bin/python -m etl init" in banner and "Bắt đầu với số liệu thật" in banner
