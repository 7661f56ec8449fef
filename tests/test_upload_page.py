"""The Tải lên page in Streamlit's AppTest: files go through the real st.file_uploader
(AppTest 1.67 can set its value), the real ETL and a real warehouse in tmp_path."""

from pathlib import Path

import pytest
from auth_support import signed_in_page
from click.testing import CliRunner
from fixtures_factory import EXPECTED
from markdown_text import literal
from streamlit.testing.v1 import AppTest
from upload_fixtures import current, error_bytes, qn_bytes, snapshot, with_unmapped_row

from etl.__main__ import cli
from warehouse.db import connect, db_path

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "upload.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def db(empty_db, monkeypatch):
    monkeypatch.setenv("LLW_DB", str(empty_db))
    return empty_db


def page(user: str = "quocgia", scopes: tuple[str, ...] | None = None) -> AppTest:
    """The page as `user` sees it (a national data officer, or an officer of `scopes`)."""
    at = signed_in_page(AppTest.from_file(PAGE, default_timeout=60), db_path(), user, scopes)
    at.run()
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader[0].set_value([(name, data, XLSX) for name, data in files])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def buttons(at: AppTest, prefix: str):
    return [b for b in at.button if b.key and b.key.startswith(prefix)]


def click(at: AppTest, button) -> AppTest:
    button.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return "\n".join(
        literal(str(e.value))
        for kind in ("markdown", "caption", "success", "info", "warning", "error")
        for e in getattr(at, kind)
    )


def test_good_file_loads_after_confirm_and_not_before(db):
    at = upload(page(), ("qn_2023.xlsx", qn_bytes(2023)))
    before = snapshot(db)
    assert "Quảng Nam" in texts(at) and "2023" in texts(at) and "Bieu 1" in texts(at)
    preview = at.dataframe[-1].value
    assert len(preview) == len(EXPECTED)
    row = preview[preview["Chỉ tiêu"].str.startswith("Lớp ngoại ngữ")].iloc[0]
    assert row["Chữ gốc"] in ("25", "850") and row["Ô"].startswith("Bieu 1!D") and row["So sánh"] == "mới"
    assert snapshot(db) == before and current(db, 2023, "49") == {}  # analysed, nothing written
    at.run()  # a rerun neither
    assert snapshot(db) == before
    [confirm] = buttons(at, "upload.confirm.")
    assert not confirm.disabled
    click(at, confirm)
    assert current(db, 2023, "49") == EXPECTED
    assert any("Đã nạp 'qn_2023.xlsx'" in literal(s.value) for s in at.success)
    assert not buttons(at, "upload.confirm.")  # nothing left to confirm for this file


def test_error_file_cannot_be_confirmed(db):
    at = upload(page(), ("loi.xlsx", error_bytes()))
    before = snapshot(db)
    [confirm] = buttons(at, "upload.confirm.")
    assert confirm.disabled
    with pytest.raises(Exception, match="disabled"):
        confirm.click()
    problems = at.dataframe[0].value
    err = problems[problems["Mức"] == "Lỗi"].iloc[0]
    assert err["Vị trí"].startswith("Bieu 1!D") and "âm" in err["Nội dung"]
    assert any("không thể nạp" in e.value for e in at.error)
    at.run()
    assert snapshot(db) == before


def test_cancel_writes_nothing(db):
    at = upload(page(), ("qn.xlsx", qn_bytes(2023)))
    before = snapshot(db)
    click(at, buttons(at, "upload.cancel.")[0])
    assert snapshot(db) == before
    assert any("Đã hủy" in i.value for i in at.info)
    assert not buttons(at, "upload.confirm.")


def test_unmapped_label_mapped_once_is_mapped_by_itself_next_time(db, tmp_path):
    at = upload(page(), ("u2023.xlsx", with_unmapped_row(2023)))
    assert "Nhãn chưa nhận ra (1)" in texts(at)
    [choice] = [s for s in at.selectbox if s.key and s.key.startswith("upload.map.")]
    assert "Mô hình học tập điển hình" in choice.label and "Bieu 1!D" in literal(choice.label)
    choice.set_value("events.new_clubs")
    at.run()
    click(at, buttons(at, "upload.mapsave.")[0])
    assert "Nhãn chưa nhận ra" not in texts(at)
    assert any("Đã ghi nhớ" in s.value for s in at.success)
    click(at, buttons(at, "upload.confirm.")[0])
    assert current(db, 2023, "49")["events.new_clubs"] == 7
    # the next file with that label, in a new session: nothing to ask
    at2 = upload(page(), ("u2022.xlsx", with_unmapped_row(2022, model=9)))
    assert "Nhãn chưa nhận ra" not in texts(at2)
    preview = at2.dataframe[-1].value
    assert "9" in set(preview[preview["Chỉ tiêu"].str.startswith("Câu lạc bộ")]["Giá trị trong tệp"])
    # and the command line maps it as well
    f = tmp_path / "u2021.xlsx"
    f.write_bytes(with_unmapped_row(2021, model=5))
    res = CliRunner().invoke(cli, ["load", str(f), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert current(db, 2021, "49")["events.new_clubs"] == 5


def test_ignored_label_is_not_asked_again(db):
    at = upload(page(), ("u.xlsx", with_unmapped_row(2023)))
    [choice] = [s for s in at.selectbox if s.key and s.key.startswith("upload.map.")]
    choice.set_value("ignore")
    at.run()
    click(at, buttons(at, "upload.mapsave.")[0])
    assert "Nhãn chưa nhận ra" not in texts(at)
    at2 = upload(page(), ("u2022.xlsx", with_unmapped_row(2022)))
    assert "Nhãn chưa nhận ra" not in texts(at2)
    assert len(at2.dataframe[-1].value) == len(EXPECTED)


def test_same_file_twice_changes_nothing(db):
    data = qn_bytes(2023)
    at = upload(page(), ("qn.xlsx", data))
    click(at, buttons(at, "upload.confirm.")[0])
    before = snapshot(db)
    at2 = upload(page(), ("qn (copy).xlsx", data))
    assert any("đã được nạp (lần nạp #1)" in i.value for i in at2.info)
    assert buttons(at2, "upload.confirm.")[0].disabled
    assert snapshot(db) == before


def test_several_files_at_once_with_confirm_all(db):
    same = qn_bytes(2022)
    at = upload(
        page(), ("a.xlsx", qn_bytes(2023)), ("b.xlsx", same), ("b2.xlsx", same), ("loi.xlsx", error_bytes(2021))
    )
    assert "4 tệp: 3 sẵn sàng nạp, 1 có lỗi" in texts(at)
    click(at, at.button(key="upload.confirm_all"))
    assert current(db, 2023, "49") == EXPECTED and current(db, 2022, "49") == EXPECTED
    assert current(db, 2021, "49") == {}
    log = snapshot(db)["submission_log"]  # b2 is b: recognised, not loaded again; loi.xlsx refused
    assert sorted((r[2], r[7]) for r in log) == [
        ("a.xlsx", "accepted"),
        ("b.xlsx", "accepted"),
        ("loi.xlsx", "rejected"),
    ]
    assert any("không thay đổi gì" in i.value for i in at.info)


def test_officer_corrects_year_and_unit(db):
    at = upload(page(), ("qn.xlsx", qn_bytes(2023)))
    key = buttons(at, "upload.confirm.")[0].key.removeprefix("upload.confirm.")
    at.selectbox(key=f"upload.year.{key}").set_value(2022)
    at.run()
    at.selectbox(key=f"upload.unit.{key}").set_value("48")
    at.run()
    assert "Đà Nẵng" in texts(at) and "người nạp chọn" in texts(at)
    click(at, buttons(at, "upload.confirm.")[0])
    assert current(db, 2022, "48") == EXPECTED and current(db, 2023, "49") == {}


def test_file_outside_the_officers_provinces_is_refused(db):
    at = upload(page("can_bo_hanoi", ("01",)), ("qn.xlsx", qn_bytes(2023)))
    before = snapshot(db)
    assert buttons(at, "upload.confirm.")[0].disabled
    problems = at.dataframe[0].value
    assert problems["Nội dung"].str.contains("'qn.xlsx'.*Quảng Nam.*Hà Nội").any()
    assert snapshot(db) == before


def test_macro_and_foreign_types_get_clear_messages(db):
    at = upload(page(), ("bao_cao.xlsm", qn_bytes(2023)), ("anh.png", b"\x89PNG...."))
    msgs = "\n".join(at.dataframe[i].value["Nội dung"].str.cat(sep="\n") for i in range(len(at.dataframe)))
    assert "macro" in msgs and "'.png' không được hỗ trợ" in msgs
    assert all(b.disabled for b in buttons(at, "upload.confirm."))


def test_actor_is_the_signed_in_user(db):
    at = upload(page("nguyen.van.a"), ("qn.xlsx", qn_bytes(2023)))
    click(at, buttons(at, "upload.confirm.")[0])

    con = connect(db, read_only=True)
    try:
        assert con.execute("select submitted_by from submission_log").fetchone()[0] == "nguyen.van.a"
    finally:
        con.close()


def test_every_refused_upload_gets_one_rejected_row(db):
    """Issue 16, defect 8: a web upload that cannot be loaded is logged in `submissions` as
    'rejected' with its reasons, like the CLI's — once per uploaded file, however often the page
    reruns or the officer changes the year — and the page says so."""
    import json

    at = upload(page("can_bo_hanoi", ("01",)), ("loi.xlsx", error_bytes()), ("qn.xlsx", qn_bytes(2023)))
    at.run()
    key = buttons(at, "upload.confirm.")[0].key.removeprefix("upload.confirm.")
    at.selectbox(key=f"upload.year.{key}").set_value(2022)
    at.run()
    con = connect(db, read_only=True)
    try:
        rows = con.execute(
            "select file_name, status, submitted_by, n_values, messages, unit_code from submissions order by 1"
        ).fetchall()
        values = con.execute("select count(*) from observations").fetchone()[0]
    finally:
        con.close()
    assert [r[:4] for r in rows] == [
        ("loi.xlsx", "rejected", "can_bo_hanoi", 0),
        ("qn.xlsx", "rejected", "can_bo_hanoi", 0),
    ]
    assert "value.negative" in {m["code"] for m in json.loads(rows[0][4])}
    assert "scope.outside" in {m["code"] for m in json.loads(rows[1][4])}
    assert values == 0 and current(db, 2023, "49") == {}
    assert "đã được ghi vào Lịch sử nạp" in texts(at)
