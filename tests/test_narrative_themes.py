"""The theme keyword table: data/narrative_themes.csv, with an administrator's changes kept in
the warehouse (`etl themes set | reset | list`, audited) winning over the CSV row of the same code,
and the page's tags, chart and slide reading the table in force."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from etl.__main__ import cli
from figures.narrative import highlights_of, prepare, select
from reference.themes import fold, merged, themes, themes_of
from tests.word_fixtures import word_warehouse
from warehouse.db import connect
from warehouse.filters import Filters
from warehouse.narratives import current_texts, theme_overrides


def test_merged_replaces_adds_and_turns_off():
    table = merged(
        [
            {"code": "funding", "label_vi": "Tiền", "label_en": "Money", "keywords": "tiền bạc"},
            {"code": "weather", "label_vi": "Thời tiết", "label_en": "Weather", "keywords": "mưa lũ|bão"},
            {"code": "timing", "label_vi": "x", "label_en": "x", "keywords": ""},
        ]
    )
    codes = [t.code for t in table]
    assert codes[: len(codes) - 1] == [t.code for t in themes() if t.code != "timing"] and codes[-1] == "weather"
    assert themes_of(fold("Thiếu tiền bạc, mùa MUA LU"), table) == ("funding", "weather")
    assert themes_of(fold("Kinh phí hạn hẹp"), table) == ()


@pytest.fixture
def db(tmp_path) -> Path:
    return word_warehouse(tmp_path)


def run(*args):
    return CliRunner().invoke(cli, ["themes", *args])


def test_an_administrators_change_wins_and_is_audited(db):
    res = run(
        "set",
        "weather",
        "--keywords",
        "vùng cao|mưa lũ",
        "--label-vi",
        "Địa bàn, thời tiết",
        "--db",
        str(db),
        "--by",
        "quantri",
    )
    assert res.exit_code == 0, res.output
    res = run("set", "funding", "--keywords", "", "--db", str(db), "--by", "quantri")  # turned off
    assert res.exit_code == 0, res.output
    listed = run("list", "--db", str(db)).output
    assert "weather: Địa bàn, thời tiết — vùng cao, mưa lũ  [quantri lúc" in listed
    assert "funding:" not in listed and "staff: Nhân lực" in listed

    con = connect(db)
    try:
        table = merged(theme_overrides(con))
        texts = prepare(current_texts(con), table)
        audited = con.execute(
            "select count(*) from audit_log where action = 'mapping.change' and target like 'theme:%'"
        ).fetchone()[0]
        h = highlights_of(con, Filters(year=2023), 2023, 63)
    finally:
        con.close()
    diff = select(texts, sections=["difficulties"], theme="weather")
    assert set(diff["province_name"]) == {"Lào Cai"}  # "vùng cao"
    assert select(texts, theme="funding").empty
    assert audited == 2
    assert "Địa bàn, thời tiết" in set(h.spec.data["category"]) and "Kinh phí" not in set(h.spec.data["category"])

    res = run("reset", "funding", "--db", str(db), "--by", "quantri")
    assert res.exit_code == 0 and "trở lại" in res.output
    assert "funding: Kinh phí" in run("list", "--db", str(db)).output


def test_a_bad_change_is_refused_in_vietnamese(db):
    res = run("set", "Kinh Phí", "--keywords", "x", "--db", str(db))
    assert res.exit_code == 1 and "Mã chủ đề" in res.output
    res = run("set", "moi", "--keywords", "x", "--db", str(db))
    assert res.exit_code == 1 and "cần tên tiếng Việt" in res.output
