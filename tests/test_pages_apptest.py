"""Every dashboard page runs under AppTest on the demo warehouse and on an empty one, and the
figures it shows equal province_values."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from figures.numberfmt import fmt_int, fmt_money
from warehouse.db import connect

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = [
    "pages/overview.py",
    "pages/map.py",
    "pages/classes.py",
    "pages/funding.py",
    "pages/trend.py",
    "pages/status.py",
    "pages/table.py",
    "pages/narratives.py",
]


def run_page(db: Path, page: str, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("LLW_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def q(db: Path, sql: str, params=()):
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo_warehouse(demo_db_master, monkeypatch, page):
    at = run_page(demo_db_master, page, monkeypatch)
    assert any("DỮ LIỆU MẪU" in w.value for w in at.warning), "demo banner"
    assert at.title, "page title"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_an_empty_warehouse(empty_db, monkeypatch, page):
    at = run_page(empty_db, page, monkeypatch)
    assert any(".venv/bin/python -m etl load" in i.value for i in at.info)


def test_missing_warehouse_says_how_to_start(tmp_path, monkeypatch):
    at = run_page(tmp_path / "none.duckdb", "pages/overview.py", monkeypatch)
    assert any(".venv/bin/python -m etl init" in i.value for i in at.info)


@pytest.mark.parametrize("year", [2024, 2025])
def test_overview_figures_equal_province_values(demo_db_master, monkeypatch, year):
    at = run_page(demo_db_master, "pages/overview.py", monkeypatch, year=str(year))
    metrics = {m.label: m.value for m in at.metric}
    for label, code in (("Lớp học", "classes.total.classes"), ("Lượt người tham gia", "participants.total")):
        [(v,)] = q(
            demo_db_master, "select sum(value) from province_values where year = ? and indicator_code = ?", [year, code]
        )
        assert metrics[label] == fmt_int(v)
    [(sb,)] = q(
        demo_db_master,
        "select sum(value) from province_values where year = ? and indicator_code = 'funding.state_budget'",
        [year],
    )
    assert metrics["Kinh phí ngân sách nhà nước"] == fmt_money(sb)
    [(n,)] = q(demo_db_master, "select count(distinct province_code) from province_values where year = ?", [year])
    assert metrics["Tỉnh, thành phố đã báo cáo"] == str(n)
    [(classes,)] = q(
        demo_db_master,
        "select sum(value) from province_values where year = ? and indicator_code = 'classes.total.classes'",
        [year],
    )
    assert any(f"Năm {year} cả nước tổ chức {fmt_int(classes)} lớp học" in m.value for m in at.markdown)


def test_map_province_figures_equal_province_values(demo_db_master, monkeypatch):
    at = run_page(demo_db_master, "pages/map.py", monkeypatch, year="2023")
    at.selectbox(key="map_province").set_value("79").run()
    assert not at.exception
    table = next(
        d.value for d in at.dataframe if "Chỉ tiêu" in d.value.columns and "Tỉnh, thành phố" not in d.value.columns
    )
    rows = dict(
        q(
            demo_db_master,
            "select i.label_vi, v.value from province_values v join indicators i "
            "on i.code = v.indicator_code where year = 2023 and province_code = '79' "
            "and i.kind <> 'money'",
        )
    )
    got = dict(zip(table["Chỉ tiêu"], table["Giá trị"], strict=True))
    assert len(rows) > 30
    for label, value in rows.items():
        assert got[label] == fmt_int(value), label


def test_filters_come_from_the_url_and_change_the_figures(demo_db_master, monkeypatch):
    national = run_page(demo_db_master, "pages/overview.py", monkeypatch, year="2022")
    region = run_page(demo_db_master, "pages/overview.py", monkeypatch, year="2022", region="taynguyen")
    [(v,)] = q(
        demo_db_master,
        "select sum(value) from province_values where year = 2022 and "
        "indicator_code = 'classes.total.classes' and province_code in ('62','64','66','67','68')",
    )
    assert {m.label: m.value for m in region.metric}["Lớp học"] == fmt_int(v)
    assert {m.label: m.value for m in national.metric}["Lớp học"] != fmt_int(v)
    assert region.selectbox(key="_w_year").value == 2022
    region.selectbox(key="_w_year").set_value(2021).run()  # a changed filter is written back to the URL
    assert not region.exception
    params = {k: (v[0] if isinstance(v, list) else v) for k, v in region.query_params.items()}
    assert params == {"year": "2021", "region": "taynguyen"}
    [(v21,)] = q(
        demo_db_master,
        "select sum(value) from province_values where year = 2021 and "
        "indicator_code = 'classes.total.classes' and province_code in ('62','64','66','67','68')",
    )
    assert {m.label: m.value for m in region.metric}["Lớp học"] == fmt_int(v21)


def test_english_switch(demo_db_master, monkeypatch):
    at = run_page(demo_db_master, "pages/overview.py", monkeypatch, year="2024", lang="en")
    assert at.title[0].value == "Overview 2024"
    [(v,)] = q(
        demo_db_master,
        "select sum(value) from province_values where year = 2024 and indicator_code = 'classes.total.classes'",
    )
    assert {m.label: m.value for m in at.metric}["Classes"] == fmt_int(v).replace(".", ",")


def test_status_page_counts_reports_against_the_deadline(demo_db, monkeypatch):
    from warehouse.db import connect
    from warehouse.deadlines import set_deadline

    con = connect(demo_db)
    first = con.execute("select min(submitted_at) from submissions where year = 2023").fetchone()[0]
    set_deadline(con, 2023, first.date())  # provinces whose first file came on that day are on time
    on_time = con.execute(
        "select count(distinct unit_code) from submissions where year = 2023 and "
        "status = 'accepted' and cast(submitted_at as date) <= ?",
        [first.date()],
    ).fetchone()[0]
    con.close()
    at = run_page(demo_db, "pages/status.py", monkeypatch, year="2023")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Đã báo cáo"] == "63/63"
    assert metrics["Đúng hạn"] == str(on_time)
    assert int(metrics["Trễ hạn"]) == 63 - on_time


def test_data_table_filters_and_downloads(demo_db_master, monkeypatch):
    at = run_page(demo_db_master, "pages/table.py", monkeypatch, year="2021")
    [(n,)] = q(
        demo_db_master,
        "select count(*) from province_values v join indicators i on i.code = v.indicator_code where year = 2021",
    )
    assert len(at.dataframe[0].value) == n
    at.selectbox(key="table_group").set_value("funding").run()
    [(m,)] = q(
        demo_db_master, "select count(*) from province_values where year = 2021 and indicator_code like 'funding.%'"
    )
    assert len(at.dataframe[0].value) == m


def test_no_stale_figure_after_a_load(demo_db, monkeypatch, tmp_path):
    """The same session, a file loaded by another process between two clicks: the next run shows
    the new national figure (the cache is keyed on the warehouse's data version)."""
    import subprocess
    import sys

    from fixtures_factory import EXPECTED, vertical_grid, xlsx_bytes

    at = run_page(demo_db, "pages/overview.py", monkeypatch, year="2023")
    before = {m.label: m.value for m in at.metric}["Lớp học"]
    [(old_qn,)] = q(
        demo_db,
        "select value from province_values where year = 2023 and province_code = '49' "
        "and indicator_code = 'classes.total.classes'",
    )
    f = tmp_path / "qn_2023_moi.xlsx"
    f.write_bytes(xlsx_bytes(vertical_grid(year=2023)))
    root = Path(APP).parent
    res = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(f), "--db", str(demo_db), "--into-demo"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    at.run()
    after = {m.label: m.value for m in at.metric}["Lớp học"]
    new_qn = sum(
        v
        for k, v in EXPECTED.items()
        if k.startswith("classes.") and k.endswith(".classes") and not k.startswith("classes.online")
    )
    [(national,)] = q(
        demo_db, "select sum(value) from province_values where year = 2023 and indicator_code = 'classes.total.classes'"
    )
    assert new_qn != old_qn and after == fmt_int(national) != before
