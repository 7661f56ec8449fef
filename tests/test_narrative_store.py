"""A Word report's text in the warehouse: stored per submission and section, in the load's
transaction; the current text of a unit and year is the newest accepted report with text, so a
later report replaces it, a spreadsheet leaves it, and revert / withdraw move it back."""

from __future__ import annotations

import pytest

from etl.history import revert, withdraw
from etl.load import load_file, load_files
from tests.fixtures_factory import vertical_grid, xlsx_bytes
from tests.word_fixtures import MAU_BC, report_docx
from warehouse.db import connect


def vertical(**kw):
    return vertical_grid(title_rows=0, money_unit="triệu đồng", as_text=True, **kw)


def with_difficulty(text: str) -> list:
    return [(h, [text] if h.startswith("2. Khó khăn") else p) for h, p in MAU_BC]


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    yield c
    c.close()


def current(con, section: str = "difficulties") -> list[tuple]:
    return con.execute(
        "select unit_code, year, body, file_name from current_narratives where section_code = ? order by unit_code",
        [section],
    ).fetchall()


def write(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_a_loaded_report_keeps_its_sections(con, tmp_path):
    res = load_file(con, write(tmp_path, "bc_quang_nam.docx", report_docx([vertical()])))
    assert res.status == "accepted"
    rows = con.execute(
        "select ord, section_code, unit_code, unit_level, theme is not null from narrative_sections order by ord"
    ).fetchall()
    assert [r[1] for r in rows] == [
        "intro",
        "direction",
        "ceremony",
        "activities",
        "funding",
        "results",
        "difficulties",
        "recommendations",
    ]
    assert {(r[2], r[3], r[4]) for r in rows} == {("49", "province", True)}
    assert current(con) == [("49", 2023, dict(MAU_BC)["2. Khó khăn, tồn tại"][0], "bc_quang_nam.docx")]


def test_later_report_replaces_spreadsheet_leaves_revert_and_withdraw_move_back(con, tmp_path):
    first = load_file(
        con, write(tmp_path, "bc1.docx", report_docx([vertical()], sections=with_difficulty("Thiếu kinh phí.")))
    )
    second = load_file(
        con, write(tmp_path, "bc2.docx", report_docx([vertical()], sections=with_difficulty("Thiếu giáo viên.")))
    )
    assert (first.status, second.status) == ("accepted", "accepted")
    assert [r[2] for r in current(con)] == ["Thiếu giáo viên."]
    assert con.execute("select count(distinct submission_id) from narrative_sections").fetchone()[0] == 2  # history

    sheet = vertical_grid(title_rows=8, values=None)
    sheet.rows[0][0] = "UBND TỈNH QUẢNG NAM"
    third = load_file(con, write(tmp_path, "bieu_2023.xlsx", xlsx_bytes(sheet)))
    assert third.status == "accepted"
    assert [r[2] for r in current(con)] == ["Thiếu giáo viên."]  # a spreadsheet has no text to replace it with

    assert revert(con, first.submission_id, "quantri").ok
    assert [r[2] for r in current(con)] == ["Thiếu kinh phí."]
    assert withdraw(con, first.submission_id, "quantri").ok
    assert current(con) == []


def test_a_rejected_report_stores_no_text(con, tmp_path):
    res = load_file(con, write(tmp_path, "bc.docx", report_docx([vertical(overrides={"ceremony.events": "-5"})])))
    assert res.status == "rejected"
    assert con.execute("select count(*) from narrative_sections").fetchone()[0] == 0


def test_a_folder_of_reports_stores_each_units_text(con, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("Đại Lộc", "Duy Xuyên", "Thăng Bình"):
        data = report_docx(
            [vertical()],
            issuer=("UBND TỈNH QUẢNG NAM", f"UBND HUYỆN {name.upper()}"),
            sections=with_difficulty(f"Khó khăn của huyện {name}."),
        )
        write(folder, f"bc_{name}.docx", data)
    results = list(load_files(con, sorted(folder.iterdir()), workers=1))
    assert [r.status for r in results] == ["accepted"] * 3
    got = con.execute(
        "select unit_name, unit_level, body from current_narratives where section_code = 'difficulties' order by 1"
    ).fetchall()
    assert got == [
        ("Huyện Duy Xuyên", "district", "Khó khăn của huyện Duy Xuyên."),
        ("Huyện Thăng Bình", "district", "Khó khăn của huyện Thăng Bình."),
        ("Huyện Đại Lộc", "district", "Khó khăn của huyện Đại Lộc."),
    ]
