"""The questions and the reading on the Tải lên page, in Streamlit's AppTest against a real
warehouse in tmp_path: the card shows the loader's question beside its cell, an answer is
remembered and the file then loads; a column or row role corrected in "Cách đọc bảng" changes the
values; the command line then reads the same file the same way."""

import pytest
from click.testing import CliRunner
from question_fixtures import (
    CENTRE,
    PROVINCE,
    SCHOOLS,
    YEAR,
    clean_bytes,
    competing_bytes,
    row_question_bytes,
    subtotal_bytes,
)
from test_upload_page import buttons, click, page, texts, upload
from upload_fixtures import snapshot

from etl.__main__ import cli
from warehouse.db import connect


@pytest.fixture
def db(empty_db, monkeypatch):
    monkeypatch.setenv("LLW_DB", str(empty_db))
    return empty_db


def current(db, year: int, province: str) -> dict[str, int]:
    """The province's values as the dashboards read them (the sum of its districts)."""
    con = connect(db, read_only=True)
    try:
        rows = con.execute(
            "select indicator_code, value from province_values where year = ? and province_code = ?", [year, province]
        ).fetchall()
    finally:
        con.close()
    return dict(rows)


def radios(at, prefix: str):
    return [r for r in at.radio if r.key and r.key.startswith(prefix)]


def reading_table(at):
    return next(d.value for d in at.dataframe if "Vai trò" in d.value.columns)


def choose_fix(at, where_prefix: str, to_label: str):
    [what] = [s for s in at.selectbox if s.key and s.key.startswith("upload.fix.")]
    what.select(next(o for o in what.options if o.startswith(where_prefix)))
    at.run()
    [to] = [s for s in at.selectbox if s.key and s.key.startswith("upload.fixto.")]
    to.select(to_label)
    at.run()
    return click(at, buttons(at, "upload.fixsave.")[0])


def test_a_question_is_shown_answered_remembered_and_the_file_loads(db, tmp_path):
    at = upload(page(), ("tong_hop.xlsx", row_question_bytes()))
    shown = texts(at)
    assert "Câu hỏi cần trả lời (1)" in shown and "Chờ trả lời" in shown
    # texts() undoes the page's escaping: the file's text is shown literally, never as markdown
    assert f"**Tong hop!A7** — Dòng '{CENTRE}'" in shown
    [confirm] = buttons(at, "upload.confirm.")
    assert confirm.disabled
    [q] = radios(at, "upload.q.")
    assert [o.replace("\\", "") for o in q.options] == [
        "Là một đơn vị trực thuộc: cộng vào tổng",
        "Là dòng cộng nhóm hay dòng tiêu đề: không cộng",
    ]
    [save] = buttons(at, "upload.q.")
    assert save.disabled  # nothing chosen yet
    before = snapshot(db)
    q.set_value(0)
    at.run()
    click(at, buttons(at, "upload.q.")[0])
    assert "Câu hỏi cần trả lời" not in texts(at)
    assert any("Đã ghi nhớ câu trả lời" in s.value for s in at.success)
    assert snapshot(db)["submission_log"] == before["submission_log"]  # remembered, nothing loaded yet
    [confirm] = buttons(at, "upload.confirm.")
    assert not confirm.disabled
    click(at, confirm)
    assert current(db, YEAR, PROVINCE)["classes.language.classes"] == 2 + 3 + 4
    # the command line reads the same file the same way, with nothing to ask
    f = tmp_path / "tong_hop_copy.xlsx"
    f.write_bytes(row_question_bytes())
    res = CliRunner().invoke(cli, ["check", str(f), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "CẦN TRẢ LỜI" not in res.output


def test_the_reading_is_shown_and_a_column_correction_changes_the_values(db, tmp_path):
    at = upload(page(), ("sach.xlsx", clean_bytes()))
    table = reading_table(at)
    col = table[table["Chữ trong tệp"] == "Lễ khai mạc"].iloc[0]
    assert (col["Vị trí"], col["Vai trò"], col["Nạp"]) == ("Tong hop!Cột D", "giá trị", "✓")
    assert set(table[table["Vị trí"].str.contains("Dòng")]["Vai trò"]) == {"đơn vị"}
    choose_fix(at, "Tong hop!Cột D 'Lễ khai mạc'", "Bỏ qua cột này (không nạp)")
    assert any("Đã ghi nhớ" in s.value for s in at.success)
    table = reading_table(at)
    col = table[table["Chữ trong tệp"] == "Lễ khai mạc"].iloc[0]
    assert (col["Vai trò"], col["Nạp"]) == ("ghi chú / bỏ qua", "✗")
    preview = at.dataframe[-1].value
    assert not preview["Chỉ tiêu"].str.startswith("Lễ khai mạc").any()
    click(at, buttons(at, "upload.confirm.")[0])
    got = current(db, YEAR, PROVINCE)
    assert "ceremony.events" not in got and got["classes.language.classes"] == 1 + 2 + 3
    f = tmp_path / "sach_copy.xlsx"
    f.write_bytes(clean_bytes())
    res = CliRunner().invoke(cli, ["check", str(f), "--db", str(db), "--explain"])
    assert res.exit_code == 0, res.output
    assert "✗ Cột D 'Lễ khai mạc': bỏ qua (cán bộ đã chọn)" in res.output


def test_a_row_correction_on_the_page_changes_the_values(db):
    at = upload(page(), ("nhom.xlsx", subtotal_bytes()))
    table = reading_table(at)
    assert table[table["Chữ trong tệp"] == SCHOOLS].iloc[0]["Vai trò"] == "dòng cộng nhóm"
    choose_fix(at, f"Tong hop!Dòng 7 '{SCHOOLS}'", "Là một đơn vị trực thuộc: cộng vào tổng")
    table = reading_table(at)
    assert table[table["Chữ trong tệp"] == SCHOOLS].iloc[0][["Vai trò", "Nạp"]].tolist() == ["đơn vị", "✓"]
    click(at, buttons(at, "upload.confirm.")[0])
    assert current(db, YEAR, PROVINCE)["classes.language.classes"] == 2 + 3 + 4 + 1 + 3


def test_an_officer_of_another_province_cannot_answer(db):
    at = upload(page("can_bo_hanoi", ("01",)), ("tong_hop.xlsx", row_question_bytes()))
    before = snapshot(db)
    radios(at, "upload.q.")[0].set_value(1)
    at.run()
    click(at, buttons(at, "upload.q.")[0])
    assert any("ngoài phạm vi" in e.value and "không được ghi nhận" in e.value for e in at.error)
    assert snapshot(db) == before


def test_several_cards_with_questions_and_readings_side_by_side(db):
    at = upload(
        page(),
        ("hoi.xlsx", row_question_bytes()),
        ("hoi_ban_sao.xlsx", row_question_bytes()),
        ("sach.xlsx", clean_bytes()),
    )
    assert "3 tệp: 1 sẵn sàng nạp, 0 có lỗi, 2 chờ trả lời" in texts(at)
    assert len(radios(at, "upload.q.")) == 2
    # one answer serves every file with that row
    radios(at, "upload.q.")[0].set_value(0)
    at.run()
    click(at, buttons(at, "upload.q.")[0])
    assert "3 tệp: 3 sẵn sàng nạp" in texts(at) and not radios(at, "upload.q.")


def test_two_cells_claiming_one_indicator_the_officer_picks_the_one_to_ignore(db, tmp_path):
    at = upload(page(), ("canh_tranh.xlsx", competing_bytes()))
    [q] = radios(at, "upload.q.")
    options = [o.replace("\\", "") for o in q.options]
    assert len(options) == 2 and all("bỏ qua ô đó" in o for o in options)
    q.set_value(next(i for i, o in enumerate(options) if "Lớp tiếng Anh" in o))
    at.run()
    click(at, buttons(at, "upload.q.")[0])
    assert not radios(at, "upload.q.")
    click(at, buttons(at, "upload.confirm.")[0])
    assert current(db, YEAR, PROVINCE)["classes.language.classes"] == 3
    f = tmp_path / "canh_tranh_2.xlsx"
    f.write_bytes(competing_bytes())
    res = CliRunner().invoke(cli, ["check", str(f), "--db", str(db), "--values"])
    assert res.exit_code == 0 and "CẦN TRẢ LỜI" not in res.output, res.output
