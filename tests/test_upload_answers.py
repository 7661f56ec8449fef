"""Answers and role corrections behind the upload page (etl.submit.answer, etl.explain), without
Streamlit, against real warehouses in tmp_path: what an officer may answer for a file, that the
answer is refused outside their provinces, and that once remembered every analysis — the page's
and `python -m etl check` — reads the file that way."""

import pytest
from click.testing import CliRunner
from question_fixtures import CENTRE, PROVINCE, SCHOOLS, YEAR, clean_bytes, row_question_bytes, subtotal_bytes
from upload_fixtures import run, snapshot

from etl import submit
from etl.__main__ import cli
from etl.explain import readings
from reference.i18n import use_language
from warehouse.db import connect


@pytest.fixture
def db(empty_db):
    return empty_db


def prepare(db, data, name="tong_hop.xlsx", **kw):
    return run(db, submit.prepare, name, data, actor="officer", **kw)


def answer(db, p, key, value, **kw):
    return run(db, submit.answer, p, key, value, actor="officer", **kw)


def values(p) -> dict[str, int]:
    return {v.code: v.value for v in p.analysis.province_values()}


def reading(p, text):
    return next(r for r in readings(p.analysis) if r.text == text)


def remembered(db) -> dict[str, str]:
    con = connect(db, read_only=True)
    try:
        return dict(con.execute("select label_key, indicator_code from label_synonyms").fetchall())
    finally:
        con.close()


def check(db, tmp_path, data, *flags) -> str:
    f = tmp_path / "tong_hop.xlsx"
    f.write_bytes(data)
    res = CliRunner().invoke(cli, ["check", str(f), "--db", str(db), *flags])
    return res


def test_answering_the_question_reads_the_row_and_the_cli_reads_it_alike(db, tmp_path):
    p = prepare(db, row_question_bytes())
    (q,) = p.analysis.questions
    assert q.code == "ask.row_role" and not p.can_confirm
    key = next(k for k, v, _ in q.options if v == "unit")
    assert answer(db, p, key, "unit") is None
    assert remembered(db) == {key: "unit"}
    again = prepare(db, row_question_bytes())
    assert again.analysis.questions == [] and again.can_confirm
    assert values(again)["classes.language.classes"] == 2 + 3 + 4
    assert reading(again, CENTRE).role == "unit"
    res = check(db, tmp_path, row_question_bytes(), "--explain")
    assert res.exit_code == 0, res.output
    assert "CẦN TRẢ LỜI" not in res.output and "cán bộ đã chọn: đơn vị trực thuộc" in res.output


def test_a_column_set_aside_by_the_officer_loads_nothing_here_or_in_the_cli(db, tmp_path):
    p = prepare(db, clean_bytes())
    col = reading(p, "Lễ khai mạc")
    assert (col.role, col.taken, col.choices) == ("value", True, ("ignore",))
    assert values(p)["ceremony.events"] == 3
    assert answer(db, p, col.key, "ignore") is None
    again = prepare(db, clean_bytes())
    assert "ceremony.events" not in values(again)
    assert values(again)["classes.language.classes"] == 1 + 2 + 3
    col = reading(again, "Lễ khai mạc")
    assert (col.role, col.taken, col.choices) == ("note", False, ("value",))
    res = check(db, tmp_path, clean_bytes(), "--explain")
    assert res.exit_code == 0, res.output
    assert "✗ Cột D 'Lễ khai mạc': bỏ qua (cán bộ đã chọn)" in res.output


def test_a_column_the_officer_set_aside_can_be_taken_again(db):
    p = prepare(db, clean_bytes())
    assert answer(db, p, reading(p, "Lễ khai mạc").key, "ignore") is None
    again = prepare(db, clean_bytes())
    assert answer(db, again, reading(again, "Lễ khai mạc").key, "value") is None
    assert values(prepare(db, clean_bytes()))["ceremony.events"] == 3


def test_a_row_correction_wins_over_the_sum_that_made_it_a_subtotal(db, tmp_path):
    p = prepare(db, subtotal_bytes())
    row = reading(p, SCHOOLS)
    assert (row.role, row.choices) == ("subtotal", ("unit",))
    assert values(p)["classes.language.classes"] == 2 + 3 + 1 + 3
    assert answer(db, p, row.key, "unit") is None
    again = prepare(db, subtotal_bytes())
    assert reading(again, SCHOOLS).role == "unit" and again.can_confirm
    assert values(again)["classes.language.classes"] == 2 + 3 + 4 + 1 + 3
    res = check(db, tmp_path, subtotal_bytes(), "--explain")
    assert res.exit_code == 0, res.output
    assert f"✓ Dòng 7 '{SCHOOLS}': cán bộ đã chọn: đơn vị trực thuộc" in res.output


def test_an_answer_outside_the_officers_provinces_is_refused_and_writes_nothing(db):
    hanoi = ("01",)
    p = prepare(db, row_question_bytes(), allowed_provinces=hanoi)
    (q,) = p.analysis.questions
    key, value, _ = q.options[0]
    before = snapshot(db)
    why = answer(db, p, key, value, allowed_provinces=hanoi)
    assert "Lào Cai" in why and "ngoài phạm vi" in why and "không được ghi nhận" in why
    assert snapshot(db) == before
    # the province's own officer may answer
    assert answer(db, p, key, value, allowed_provinces=(PROVINCE,)) is None
    assert remembered(db) == {key: value}


def test_only_what_the_file_offers_can_be_answered(db):
    p = prepare(db, clean_bytes())
    before = snapshot(db)
    assert "không phải một câu trả lời" in answer(db, p, "row:huyen khong co", "subtotal")
    col = reading(p, "Lễ khai mạc")
    assert "không phải một câu trả lời" in answer(db, p, col.key, "value")  # it is a value already
    assert snapshot(db) == before


def test_readings_offer_no_correction_for_totals_or_another_years_column(db):
    from fixtures_factory import Grid, xlsx_bytes

    g = Grid(name="Tong hop")
    for row in (
        ["UBND TỈNH LÀO CAI"],
        [f"BẢNG TỔNG HỢP SỐ LIỆU NĂM {YEAR}"],
        [],
        ["STT", "Nội dung", "ĐVT", "Năm 2023", "Năm 2024"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 10, 12],
        ["2", "Lớp ngoại ngữ", "lớp", 8, 7],
        ["3", "Lớp giáo dục kỹ năng sống", "lớp", 30, 41],
    ):
        g.add(*row)
    p = prepare(db, xlsx_bytes(g))
    assert p.can_confirm
    assert reading(p, "Năm 2023").choices == () and reading(p, "Năm 2024").choices == ("ignore",)


def test_the_reading_table_greys_what_does_not_load(db):
    from ui.upload_tables import grey_not_taken, readings_frame

    p = prepare(db, subtotal_bytes())
    df = readings_frame(readings(p.analysis))
    assert list(df.columns) == ["Vị trí", "Chữ trong tệp", "Vai trò", "Lý do", "Nạp"]
    row = df[df["Chữ trong tệp"] == SCHOOLS].iloc[0]
    assert (row["Vị trí"], row["Vai trò"], row["Nạp"]) == ("Tong hop!Dòng 7", "dòng cộng nhóm", "✗")
    styles = grey_not_taken(df)._compute().ctx  # (row, column) -> [(property, value)]
    grey = {r for (r, _), props in styles.items() if ("color", "#9a9a9a") in props}
    assert grey == set(df.index[df["Nạp"] == "✗"]) and int(row.name) in grey
    with use_language("en"):
        assert readings_frame(readings(p.analysis)).columns[2] == "Role"


def test_a_correction_that_would_leave_nothing_to_load_is_refused(db):
    from fixtures_factory import Grid, xlsx_bytes

    g = Grid(name="Bieu 1")
    for row in (
        ["UBND TỈNH LÀO CAI"],
        [f"BẢNG TỔNG HỢP SỐ LIỆU NĂM {YEAR}"],
        [],
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", 12],
        ["2", "Lớp ngoại ngữ", "lớp", 7],
        ["3", "Lớp giáo dục kỹ năng sống", "lớp", 41],
    ):
        g.add(*row)
    p = prepare(db, xlsx_bytes(g))
    only = reading(p, "Số lượng")
    assert only.choices == ("ignore",)
    before = snapshot(db)
    assert "không còn giá trị nào để nạp" in answer(db, p, only.key, "ignore")
    assert snapshot(db) == before


def test_confirming_after_the_answer_was_withdrawn_says_a_question_waits(db, tmp_path):
    from etl import synonyms

    p = prepare(db, row_question_bytes())
    (q,) = p.analysis.questions
    key, value, _ = q.options[0]
    assert answer(db, p, key, value) is None
    ready = prepare(db, row_question_bytes())
    assert ready.can_confirm
    assert run(db, synonyms.forget, key, "admin")  # someone withdraws the answer meanwhile
    out = run(db, submit.confirm, ready, actor="officer", keep_dir=tmp_path / "kept")
    assert out.status == "blocked" and "1 câu hỏi chưa trả lời" in out.message and "lỗi" not in out.message
    assert snapshot(db)["current_values"] == []
