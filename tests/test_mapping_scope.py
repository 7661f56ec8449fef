"""Issue 16, defect 3: mapping a label is a scoped action. An officer of one province cannot
remember a mapping on another province's file (it would apply to every user); a mapping records
who made it, when and on which file; admins list and remove mappings (page and CLI); all audited."""

import datetime as dt
from pathlib import Path

import pytest
from auth_support import FAST_HASH, PASSWORD, T0, signed_in_page
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest
from upload_fixtures import run, with_unmapped_row

from auth import accounts, audit, upload_audit
from etl import submit, synonyms
from etl.__main__ import cli
from reference.scopes import as_scope
from warehouse.db import connect, db_path

QUANG_NAM = frozenset({as_scope("48")})  # Đà Nẵng today: covers Quảng Nam (49) before 2025
HCM = frozenset({as_scope("79")})
T1 = dt.datetime(2026, 11, 2, 10, 30)


@pytest.fixture
def db(empty_db):
    upload_audit.install()
    return empty_db


def preview(db, scope):
    return run(db, submit.prepare, "quang_nam.xlsx", with_unmapped_row(2023), actor="hcm", allowed_provinces=scope)


def rows(db, sql, params=()):
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_officer_cannot_map_a_label_on_another_provinces_file(db):
    p = preview(db, HCM)
    assert not p.analysis.ok and p.analysis.unmapped  # refused upload, label still offered before
    with pytest.raises(synonyms.MappingRefused) as exc:
        run(
            db,
            synonyms.map_label,
            p.analysis.unmapped[0],
            "events.new_clubs",
            "hcm",
            analysis=p.analysis,
            allowed_provinces=HCM,
        )
    assert "ngoài phạm vi" in str(exc.value) and "Quảng Nam" in str(exc.value)
    assert rows(db, "select count(*) from label_synonyms") == [(0,)]
    denied = rows(db, "select actor, target from audit_log where action = 'auth.denied'")
    assert denied == [("hcm", "map_label")]
    # and without a file of known province and year there is nothing to check scope against
    with pytest.raises(synonyms.MappingRefused):
        run(db, synonyms.map_label, "Nhãn lạ", "events.new_clubs", "hcm", allowed_provinces=HCM)


def test_mapping_in_scope_records_who_when_and_where(db):
    p = preview(db, QUANG_NAM)
    assert p.analysis.ok
    keys = run(
        db,
        synonyms.map_label,
        p.analysis.unmapped[0],
        "events.new_clubs",
        "can_bo_qn",
        analysis=p.analysis,
        allowed_provinces=QUANG_NAM,
        now=T1,
    )
    [m] = [m for m in run(db, synonyms.saved) if m["label_key"] == keys[0]]
    assert (m["created_by"], m["created_at"], m["file_name"], m["province_code"], m["year"]) == (
        "can_bo_qn",
        T1,
        "quang_nam.xlsx",
        "49",
        2023,
    )
    assert run(db, synonyms.saved, created_by="someone") == []
    assert preview(db, QUANG_NAM).analysis.unmapped == []


def test_admin_removes_a_mapping_from_the_cli(db, tmp_path):
    p = preview(db, None)
    keys = run(db, synonyms.map_label, p.analysis.unmapped[0], "events.new_clubs", "can_bo_qn", analysis=p.analysis)
    runner = CliRunner()
    out = runner.invoke(cli, ["synonyms", "list", "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert keys[0] in out.output and "can_bo_qn" in out.output and "quang_nam.xlsx" in out.output
    out = runner.invoke(cli, ["synonyms", "remove", *keys, "--db", str(db), "--by", "quantri"])
    assert out.exit_code == 0, out.output
    assert rows(db, "select count(*) from label_synonyms") == [(0,)]
    assert preview(db, None).analysis.unmapped  # asked again
    out = runner.invoke(cli, ["synonyms", "remove", "khong-co", "--db", str(db)])
    assert out.exit_code == 1 and "Không có ánh xạ" in out.output
    con = connect(db, read_only=True)
    try:
        changes = audit.entries(con, action="mapping.change")
    finally:
        con.close()
    assert [e.actor for e in changes][:1] == ["quantri"] and changes[0].details["to"] is None


PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "admin_mappings.py")


def test_admin_page_lists_and_removes(db, monkeypatch):
    monkeypatch.setenv("LLW_DB", str(db))
    p = preview(db, None)
    keys = run(db, synonyms.map_label, p.analysis.unmapped[0], "events.new_clubs", "can_bo_qn", analysis=p.analysis)
    con = connect(db)
    try:
        for k, v in FAST_HASH.items():
            accounts.change_setting(con, "test", k, v, now=T0)
        accounts.create_user(con, "test", "quantri", "Quản trị", "admin", password=PASSWORD, now=T0)
    finally:
        con.close()
    at = signed_in_page(AppTest.from_file(PAGE, default_timeout=60), db_path(), "quantri")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert list(table["Người chọn"]) == ["can_bo_qn"] * len(keys) and set(table["Tệp"]) == {"quang_nam.xlsx"}
    at.multiselect(key="mappings.remove").set_value([keys[0]])
    at.run()
    at.button(key="mappings.remove_yes").click()
    at.run()
    assert not at.exception
    assert rows(db, "select label_key from label_synonyms") == [(k,) for k in keys[1:]]
    assert any("Đã xóa" in s.value for s in at.success)


def test_officer_is_refused_on_the_admin_page(db, monkeypatch):
    monkeypatch.setenv("LLW_DB", str(db))
    at = signed_in_page(AppTest.from_file(PAGE, default_timeout=60), db_path(), "hcm", ("79",))
    at.run()
    assert not at.dataframe and any("không có quyền" in e.value for e in at.error)
