"""The briefing slide "Khó khăn và kiến nghị nổi bật": units per theme in what the year's reports
say of difficulties and recommendations, three quotes with their sources, in the deck built by
`etl deck` (and offered on the deck page)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from etl.__main__ import cli
from figures.narrative import highlights, prepare
from tests.word_fixtures import word_warehouse
from warehouse.db import connect
from warehouse.narratives import current_texts


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return word_warehouse(tmp_path_factory.mktemp("deck"))


@pytest.fixture(scope="module")
def texts(db):
    con = connect(db, read_only=True)
    try:
        return prepare(current_texts(con))
    finally:
        con.close()


def test_highlights_of_a_year(texts):
    h = highlights(texts, 2023)
    assert h.spec.title == "Khó khăn và kiến nghị nổi bật" and h.spec.kind == "hbar"
    counts = dict(zip(h.spec.data["category"], h.spec.data["value"], strict=True))
    assert counts["Kinh phí"] == 2  # both 2023 reports raise it (difficulties and proposals)
    assert len(h.quotes) == 3 and {q.year for q in h.quotes} == {2023}
    assert all(
        q.file_name.endswith(".docx") and q.section in ("Khó khăn, tồn tại", "Kiến nghị, đề xuất") for q in h.quotes
    )
    assert h.spec.sentence.startswith("Các chủ đề được nhiều đơn vị nêu nhất: Kinh phí")


def test_highlights_follow_the_province_filter_and_the_2025_map(texts):
    lao_cai_63 = highlights(texts, 2023, provinces=["10"])
    assert {q.unit for q in lao_cai_63.quotes} == {"Lào Cai"}
    # today's Lào Cai (code 15 on the 34-province map) holds the old Lào Cai (10) and Yên Bái
    lao_cai_34 = highlights(texts, 2023, provinces=["15"], provinces_era=34)
    assert {q.unit for q in lao_cai_34.quotes} == {"Lào Cai"}
    assert highlights(texts, 2022) is None


def slide_texts(path: Path) -> list[str]:
    prs = Presentation(io.BytesIO(path.read_bytes()))
    return [" ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame) for slide in prs.slides]


def test_etl_deck_adds_the_slide_when_asked(db, tmp_path):
    out = tmp_path / "deck.pptx"
    res = CliRunner().invoke(cli, ["deck", "--year", "2023", "--db", str(db), "--out", str(out), "--highlights"])
    assert res.exit_code == 0, res.output
    last = slide_texts(out)[-1]
    assert "Khó khăn và kiến nghị nổi bật" in last
    assert "Người dân vùng cao chưa quen học trực tuyến" in last and "bc_lao_cai_2023.docx" in last
    prs = Presentation(str(out))
    assert any(sh.has_chart for sh in prs.slides[-1].shapes)  # a native, editable chart

    plain = tmp_path / "plain.pptx"
    res = CliRunner().invoke(cli, ["deck", "--year", "2023", "--db", str(db), "--out", str(plain)])
    assert res.exit_code == 0, res.output
    assert len(slide_texts(plain)) == len(slide_texts(out)) - 1
    assert all("Khó khăn và kiến nghị nổi bật" not in s for s in slide_texts(plain))


def test_deck_page_offers_the_slide(db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LLW_DB", str(db))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "pages" / "deck.py"), default_timeout=90)
    at.query_params["year"] = "2023"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    listed = at.markdown[0].value
    assert "Khó khăn" not in listed  # offered, not forced on an existing briefing
    n = int(listed.split(" ")[0])
    at.checkbox(key="deck_highlights").check().run()
    assert not at.exception
    listed = at.markdown[0].value
    assert listed.startswith(f"{n + 1} slide:") and listed.endswith("Khó khăn và kiến nghị nổi bật")
