"""Issue 18, one locale context: with English chosen, every page (run through app.py under AppTest,
signed in as an admin so every page opens) and the briefing deck show no Vietnamese text of the
product's own. Data stay as written (province and unit names, file names, labels and raw text
read from files, people's names): those values are read from the warehouse and taken out of each
text before it is searched for Vietnamese letters."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from auth_support import FAST_HASH, PASSWORD, T0
from click.testing import CliRunner
from pptx import Presentation
from streamlit.testing.v1 import AppTest
from test_vietnamese_screen import PAGES, shown_texts

from auth import accounts
from auth import session as sess
from reference.admin_units import provinces
from warehouse.db import connect, copy_store

APP = str(Path(__file__).resolve().parent.parent / "app.py")
# Letters only Vietnamese uses among the two languages (đ and the vowels with marks).
VIETNAMESE = re.compile(r"[đĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)
DATA_COLUMNS = {  # table -> its columns that hold what people or files wrote
    "provinces": ("name", "full_name"),
    "units": ("unit_name",),
    "submissions": ("unit_name", "file_name", "submitted_by"),
    "observations": ("raw_text", "label"),
    "label_synonyms": ("label_text", "file_name"),
    "users": ("display_name",),
    "population": ("source",),
    "reporting_deadlines": ("note",),
    "narrative_sections": ("heading", "body", "unit_name"),  # what the units wrote in their reports
}


def data_values(db: Path) -> list[str]:
    """Every text the warehouse holds as data, longest first (so 'Thành phố Hà Nội' goes before
    'Hà Nội'). Problem messages stored with submissions are still finished Vietnamese sentences
    (their rendering per language is the problems-text part of issue 18), so they count as data
    here until that lands."""
    con = connect(db, read_only=True)
    try:
        out = {p.name for era in (63, 34) for p in provinces(era)}
        for table, columns in DATA_COLUMNS.items():
            for column in columns:
                out |= {v for (v,) in con.execute(f"select distinct {column} from {table}").fetchall() if v}
        for (messages,) in con.execute("select distinct messages from submissions").fetchall():
            for m in json.loads(messages or "[]"):
                out |= {m.get(k) for k in ("message", "hint") if m.get(k)}
    finally:
        con.close()
    return sorted({v.strip() for v in out if v and v.strip()}, key=len, reverse=True)


def vietnamese_left(texts: list[str], data: list[str]) -> list[str]:
    found = set()
    for text in texts:
        rest = text.replace("\\", "")  # markdown escapes (ui.text.plain) are not part of what was written
        if "…" in rest:  # a passage cut out of a report's text (figures.narrative.snippet)
            rest = " ".join(part for part in rest.split("…") if not _inside(part.strip(), data))
        for value in data:
            if value in rest:
                rest = rest.replace(value, " ")
        if VIETNAMESE.search(rest):
            found.add(text[:160])
    return sorted(found)


def _inside(part: str, data: list[str]) -> bool:
    return bool(part) and any(part in value for value in data)


@pytest.fixture(scope="module")
def admin_db(demo_db_master, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("en") / "w.duckdb"
    copy_store(demo_db_master, db)
    con = connect(db)
    try:
        for key, value in FAST_HASH.items():
            accounts.change_setting(con, "test", key, value, now=T0)
        accounts.create_user(con, "test", "quantri", "Quản Trị Viên", "admin", password=PASSWORD, now=T0)
    finally:
        con.close()
    return db


@pytest.fixture(scope="module")
def data(admin_db) -> list[str]:
    return data_values(admin_db)


@pytest.fixture
def db(admin_db, tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "w.duckdb"
    copy_store(admin_db, copy)
    monkeypatch.setenv("LLW_DB", str(copy))
    return copy


def english_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    now = dt.datetime.now()
    at.session_state["auth.session"] = sess.Session("quantri", "password", now, now, "t0")
    at.query_params["lang"] = "en"
    at.switch_page(page)
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_english_shows_no_vietnamese_of_its_own(db, data, page):
    at = english_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = shown_texts(at, page, lambda: english_page(page))  # every tab of the page chosen in turn
    assert texts, "the page showed nothing"
    assert vietnamese_left(texts, data) == []


def test_the_deck_in_english_has_no_vietnamese_of_its_own(db, data, tmp_path):
    from exports.cli import deck

    out = tmp_path / "deck.pptx"
    res = CliRunner().invoke(deck, ["--year", "2025", "--db", str(db), "--out", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    prs = Presentation(io.BytesIO(out.read_bytes()))
    texts = []
    for slide in prs.slides:
        texts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        for s in slide.shapes:
            if s.has_chart:
                chart = s.chart
                texts += [chart.chart_title.text_frame.text] if chart.has_title else []
                texts += [str(c) for p in chart.plots for c in p.categories]
                texts += [series.name for p in chart.plots for series in p.series]
        texts.append(slide.notes_slide.notes_text_frame.text)
    assert len(prs.slides) > 1
    assert vietnamese_left(texts, data) == []


def test_the_check_finds_vietnamese():
    """The test above can fail: a product text in Vietnamese is found, a data value is not."""
    assert vietnamese_left(["Tổng quan năm 2024"], []) == ["Tổng quan năm 2024"]
    assert vietnamese_left(["Classes in Hà Nội"], ["Hà Nội"]) == []


def test_the_switch_turns_the_whole_run_to_english(db):
    """The sidebar switch takes effect for the whole next run (navigation, page, sidebar) and goes
    into the address."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["year"] = "2024"
    at.switch_page("pages/overview.py")
    at.run()
    assert at.title[0].value == "Tổng quan năm 2024"
    at.toggle(key="_w_lang").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Overview 2024"
    assert at.query_params["lang"] in ("en", ["en"])


def test_chart_data_files_in_english_have_no_vietnamese_of_their_own(db, data):
    import openpyxl

    from exports.data import to_csv, to_xlsx
    from figures.report import quick_report_specs
    from reference.i18n import use_language
    from warehouse.filters import Filters
    from warehouse.snapshot import read_snapshot

    texts = []
    with use_language("en"):
        for spec in quick_report_specs(read_snapshot(db), Filters(year=2024)):
            texts.append(to_csv(spec).decode("utf-8-sig"))
            wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(spec)))
            texts += wb.sheetnames
            texts += [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert len(texts) > 10
    assert vietnamese_left(texts, data) == []
