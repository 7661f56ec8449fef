"""The Lịch sử nạp page in AppTest: the log, a submission's values, the original file, and revert
with its confirmation step, against a real warehouse in tmp_path."""

from pathlib import Path

import pytest
from auth_support import signed_in_page
from fixtures_factory import EXPECTED
from markdown_text import literal
from streamlit.testing.v1 import AppTest
from upload_fixtures import current, qn_bytes, snapshot

from etl import submit
from warehouse.db import connect, db_path

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "history.py")
V1 = {k: v for k, v in EXPECTED.items() if k != "outreach.banners"}
V2 = dict(EXPECTED, **{"ceremony.events": 20})


@pytest.fixture
def db(empty_db, monkeypatch, tmp_path):
    monkeypatch.setenv("LLW_DB", str(empty_db))
    con = connect(empty_db)
    try:
        for name, data in (
            ("qn_v1.xlsx", qn_bytes(2023, V1)),
            ("qn_v2.xlsx", qn_bytes(2023, V2)),
            ("hn.xlsx", qn_bytes(2022, province_upper="HÀ NỘI")),
        ):
            out = submit.confirm(
                con, submit.prepare(con, name, data, actor="officer"), actor="officer", keep_dir=tmp_path / "kept"
            )
            assert out.loaded
    finally:
        con.close()
    return empty_db


def page(user: str = "quocgia", scopes: tuple[str, ...] | None = None) -> AppTest:
    """The page as `user` sees it (a national data officer, or an officer of `scopes`)."""
    at = signed_in_page(AppTest.from_file(PAGE, default_timeout=60), db_path(), user, scopes)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_log_filters_and_values(db):
    at = page()
    log = at.dataframe[0].value
    assert list(log["Lần nạp"]) == ["#3", "#2", "#1"]
    assert set(log["Trạng thái"]) == {"đã nhận"} and set(log["Người nạp"]) == {"officer"}
    assert log["Mã băm SHA-256"].str.len().eq(17).all()
    at.selectbox(key="history.unit").set_value("49")
    rerun(at)
    assert list(at.dataframe[0].value["Lần nạp"]) == ["#2", "#1"]
    at.selectbox(key="history.pick").set_value(1)
    rerun(at)
    values = at.dataframe[1].value
    assert len(values) == len(V1)
    events = values[values["Chỉ tiêu"].str.startswith("Lễ khai mạc")].iloc[0]
    assert events["Giá trị trong tệp"] == "18" and events["Đang hiện hành"] == ""  # v2 replaced it
    assert at.get("download_button")[0].label == "Tải tệp gốc"


def test_revert_restores_earlier_values_after_confirmation(db):
    assert current(db, 2023, "49") == V2
    at = page("truong.phong")
    at.selectbox(key="history.pick").set_value(1)
    rerun(at)
    before = snapshot(db)
    at.button(key="history.revert.1").click()
    rerun(at)
    assert any("Quay lại lần nạp #1" in w.value for w in at.warning)
    assert snapshot(db) == before  # asked, not done
    at.button(key="history.revert_no").click()
    rerun(at)
    assert snapshot(db) == before
    at.button(key="history.revert.1").click()
    rerun(at)
    at.button(key="history.revert_yes").click()
    rerun(at)
    assert current(db, 2023, "49") == V1
    assert current(db, 2022, "01") == EXPECTED
    assert any("Quay lại lần nạp #1" in literal(s.value) for s in at.success)
    log = at.dataframe[0].value.set_index("Lần nạp")
    assert log.loc["#2", "Trạng thái"] == "đã hoàn tác"
    assert log.loc["#4", "Trạng thái"] == "đã nhận (quay lại #1)" and log.loc["#4", "Người nạp"] == "truong.phong"
    con = connect(db, read_only=True)
    try:
        assert con.execute("select count(*) from observations where submission_id = 2").fetchone()[0] == len(V2)
    finally:
        con.close()


def test_scope_limits_the_log_and_the_revert(db):
    at = page("can_bo_hanoi", ("01",))
    assert list(at.dataframe[0].value["Lần nạp"]) == ["#3"]
    assert not any(b.key == "history.revert.1" for b in at.button)


def test_empty_warehouse_says_so(empty_db, monkeypatch):
    monkeypatch.setenv("LLW_DB", str(empty_db))
    at = page()
    assert any("Chưa có lần nạp nào" in i.value for i in at.info)


def test_withdraw_the_only_submission_and_undo_it(db):
    """Issue 16, defect 6: Hà Nội 2022 has one submission (#3); "Rút lần nạp" after a
    confirmation leaves no current value, the log says 'đã rút', and undo brings it back."""
    assert current(db, 2022, "01") == EXPECTED
    at = page()
    at.selectbox(key="history.pick").set_value(3)
    rerun(at)
    before = snapshot(db)
    at.button(key="history.withdraw.3").click()
    rerun(at)
    assert any("Rút lần nạp #3" in literal(w.value) for w in at.warning) and snapshot(db) == before
    at.button(key="history.withdraw_yes").click()
    rerun(at)
    assert current(db, 2022, "01") == {}
    assert any("Đã rút lần nạp #3" in literal(s.value) for s in at.success)
    log = at.dataframe[0].value.set_index("Lần nạp")
    assert log.loc["#3", "Trạng thái"] == "đã rút" and log.loc["#4", "Trạng thái"] == "đã nhận (rút #3)"
    at.selectbox(key="history.pick").set_value(3)
    rerun(at)
    undo = at.button(key="history.revert.3")
    assert undo.label == "Hoàn tác việc rút (nạp lại lần này)"
    undo.click()
    rerun(at)
    at.button(key="history.revert_yes").click()
    rerun(at)
    assert current(db, 2022, "01") == EXPECTED
