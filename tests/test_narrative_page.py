"""The page "Địa phương viết gì" and what feeds it: searching without diacritics, filters,
theme tags from the keyword table, units per theme by year, quote cards naming unit, file and
section, the XLSX of the filtered texts; the page under AppTest on a warehouse of Word reports."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from etl.load import load_files
from figures.narrative import prepare, quotes, select, snippet, texts_table, theme_counts, theme_spec
from reference.themes import fold, themes_of
from tests.fixtures_factory import vertical_grid, xlsx_bytes
from tests.word_fixtures import word_warehouse
from warehouse.db import connect
from warehouse.narratives import current_texts

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return word_warehouse(tmp_path_factory.mktemp("narr"))


@pytest.fixture(scope="module")
def texts(db) -> pd.DataFrame:
    con = connect(db, read_only=True)
    try:
        return prepare(current_texts(con))
    finally:
        con.close()


def test_search_without_diacritics_finds_text_with_them(texts):
    got = select(texts, query="cong dong con han hep")
    assert set(got["file_name"]) == {"bc_quang_nam_2023.docx"}
    assert set(select(texts, query="TRUC TUYEN")["province_name"]) == {"Lào Cai"}
    assert select(texts, query="không có chữ này").empty


def test_filters_year_region_province_section(texts):
    diff = select(texts, sections=["difficulties"])
    assert len(diff) == 3 and set(diff["section_code"]) == {"difficulties"}
    assert set(select(diff, years=[2024])["file_name"]) == {"bc_quang_nam_2024.docx"}
    assert set(select(diff, provinces=["10"])["province_name"]) == {"Lào Cai"}  # 63-era code of Lào Cai
    assert set(select(diff, region="tdmnpb")["province_name"]) == {"Lào Cai"}  # northern midlands and mountains
    assert select(diff, region="dbscl").empty


def test_themes_from_the_keyword_table():
    assert themes_of(fold("Thiếu giáo viên kiêm nhiệm, trang thiết bị xuống cấp.")) == ("staff", "facilities")
    assert themes_of(fold("KINH PHI CON HAN HEP")) == ("funding",)
    assert themes_of(fold("Nhân dân phấn khởi.")) == ()


def test_units_per_theme_by_year(texts):
    diff = select(texts, sections=["difficulties"])
    counts = {(r.year, r.theme): r.units for r in theme_counts(diff).itertuples()}
    assert counts[(2023, "funding")] == 2  # Quảng Nam and Lào Cai, each once
    assert counts[(2024, "staff")] == 1 and (2024, "funding") not in counts
    spec = theme_spec(diff)
    assert spec.kind == "bar" and set(spec.data["series"]) == {"2023", "2024"}
    assert spec.data.loc[(spec.data["category"] == "Kinh phí") & (spec.data["series"] == "2023"), "value"].item() == 2


def test_quote_cards_name_unit_file_and_section(texts):
    cards = quotes(select(texts, query="truc tuyen", sections=["difficulties"]), "truc tuyen")
    assert len(cards) == 1
    c = cards[0]
    assert (c.unit, c.year, c.file_name, c.section) == ("Lào Cai", 2023, "bc_lao_cai_2023.docx", "Khó khăn, tồn tại")
    assert "trực tuyến" in c.text


def test_snippet_cuts_around_the_match():
    body = "Mở đầu dài. " * 60 + "Đặc biệt kinh phí còn hạn hẹp. " + "Kết thúc. " * 60
    s = snippet(body, "kinh phi", width=120)
    assert "kinh phí" in s and s.startswith("…") and s.endswith("…") and len(s) <= 122


def test_xlsx_of_the_filtered_texts(texts):
    table = texts_table(select(texts, sections=["difficulties"]))
    from exports.tabular import write_xlsx

    ws = load_workbook(io.BytesIO(write_xlsx(table, sheet="Noi dung"))).active
    rows = list(ws.values)
    assert rows[0][:4] == ("Năm", "Tỉnh/thành phố", "Đơn vị", "Mục") and len(rows) == 4


def run_page(db: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("LLW_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["year"] = "2023"
    at.switch_page("pages/narratives.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_finds_a_quote_by_search(db, monkeypatch):
    at = run_page(db, monkeypatch)
    assert at.title[0].value == "Địa phương viết gì"
    at.text_input(key="narr_query").input("vung cao").run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "Người dân vùng cao chưa quen học trực tuyến" in shown
    assert "Kinh phí cho trung tâm học tập cộng đồng còn hạn hẹp" not in shown
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # Markdown escapes
    assert "Lào Cai" in captions and "bc_lao_cai_2023.docx" in captions and "Khó khăn, tồn tại" in captions


def test_page_without_word_reports_says_how_to_add_them(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    try:
        (tmp_path / "bieu.xlsx").write_bytes(xlsx_bytes(vertical_grid(title_rows=8)))
        assert next(load_files(con, [tmp_path / "bieu.xlsx"], workers=1)).status == "accepted"
    finally:
        con.close()
    at = run_page(path, monkeypatch)
    assert any("Chưa có báo cáo Word" in i.value for i in at.info)
