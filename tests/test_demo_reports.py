"""The demo warehouse carries generated Word reports: their text reaches the narrative tables,
says it is demo data, and their tables repeat the spreadsheets' figures, so no figure changes."""

from __future__ import annotations

from etl.demo import build_demo
from etl.demo_files import read_expected, write_demo_submissions
from etl.demo_reports import DEMO_MARK, iter_demo_reports, write_demo_reports
from etl.load import load_files
from warehouse.db import connect


def province_figures(con) -> dict:
    rows = con.execute("select year, province_code, indicator_code, value from province_values").fetchall()
    return {(y, p, c): v for y, p, c, v in rows}


def test_demo_reports_repeat_the_figures_and_add_text(tmp_path):
    """What build_demo does, in its two steps: the spreadsheets, then the Word reports."""
    folder = tmp_path / "files"
    sheets = write_demo_submissions(folder, years=[2023])
    expected = read_expected(folder)
    reports = write_demo_reports(folder / "bao_cao_word", expected)
    assert 10 <= len(reports) <= 40  # about a third of the 63 provinces
    con = connect(tmp_path / "demo.duckdb")
    try:
        assert all(r.ok for r in load_files(con, sheets, submitted_by="demo"))
        before = province_figures(con)
        assert all(r.ok and not r.analysis.problems for r in load_files(con, reports, submitted_by="demo"))
        after = province_figures(con)
        texts = con.execute(
            "select count(distinct unit_code), count(*) filter (where section_code = 'difficulties'), "
            "bool_and(body like ?) filter (where section_code = 'intro') from current_narratives",
            [f"{DEMO_MARK}%"],
        ).fetchone()
    finally:
        con.close()
    truth = {(r["year"], r["province_code"], r["indicator_code"]): r["value"] for r in expected}
    assert {k: v for k, v in after.items() if k in before} == before  # no figure changes
    assert all(truth[k] == v for k, v in after.items() if k not in before)  # the reports' own, as planned
    assert texts == (len(reports), len(reports), True)


def test_build_demo_loads_the_reports(tmp_path):
    stats = build_demo(tmp_path / "demo.duckdb", out_dir=tmp_path / "files", years=[2025], echo=lambda _m: None)
    reports = list((tmp_path / "files" / "bao_cao_word").glob("*.docx"))
    assert stats["rejected"] == 0 and reports and stats["files"] == 34 + len(reports)


def test_demo_reports_are_deterministic():
    rows = [
        {
            "file": "TinhA_2023.xlsx",
            "year": 2023,
            "province_code": c,
            "indicator_code": "funding.state_budget",
            "value": 5,
        }
        for c in ("01", "02", "04", "06", "08", "10", "11", "12", "14", "15")
    ]
    first = [n for n, _ in iter_demo_reports(rows)]
    assert first == [n for n, _ in iter_demo_reports(rows)] and first
