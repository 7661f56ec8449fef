"""Issue 16, defect 6: "Rút lần nạp" — a unit's only submission for a year can be withdrawn (no
current value left, the row stays in history as 'withdrawn', audited) and brought back by
reverting to it; the CLI does the same. Each action is one transaction."""

import pytest
from click.testing import CliRunner
from test_history import V2, load, statuses
from upload_fixtures import current, qn_bytes, run

from auth import audit, upload_audit
from etl import history
from etl.__main__ import cli
from reference.scopes import as_scope
from warehouse.db import connect


@pytest.fixture
def db(empty_db):
    return empty_db


def province_rows(db, year: int, code: str) -> int:
    con = connect(db, read_only=True)
    try:
        return con.execute(
            "select count(*) from province_values where year = ? and province_code = ?", [year, code]
        ).fetchone()[0]
    finally:
        con.close()


def test_withdraw_the_only_submission_then_undo(db, tmp_path):
    sid = load(db, "qn_sai_nam.xlsx", qn_bytes(2023), tmp_path)
    kept = current(db, 2023, "49")
    assert kept and province_rows(db, 2023, "49") > 0

    res = run(db, history.withdraw, sid, "officer")
    assert res.ok, res.message
    assert current(db, 2023, "49") == {} and province_rows(db, 2023, "49") == 0
    st = statuses(db)
    assert st[sid] == ("withdrawn", "file", None)
    assert st[res.revert_id] == ("accepted", "withdraw", sid)
    assert "không còn số liệu hiện hành" in res.message
    # the values stay in history, and the withdraw row shows them
    assert len(run(db, history.values_of, res.revert_id)) == len(kept)

    undo = run(db, history.revert, sid, "officer")
    assert undo.ok, undo.message
    assert current(db, 2023, "49") == kept
    assert statuses(db)[sid] == ("accepted", "file", None)


def test_withdraw_the_newest_falls_back_to_the_earlier(db, tmp_path):
    first = load(db, "qn_v1.xlsx", qn_bytes(2023), tmp_path)
    v1 = current(db, 2023, "49")
    second = load(db, "qn_v2.xlsx", qn_bytes(2023, V2), tmp_path)
    assert current(db, 2023, "49") != v1
    res = run(db, history.withdraw, second, "officer")
    assert res.ok and current(db, 2023, "49") == v1
    assert statuses(db)[first][0] == "accepted"


def test_withdraw_refusals_write_nothing(db, tmp_path):
    sid = load(db, "qn.xlsx", qn_bytes(2023), tmp_path)
    before = statuses(db)
    out = run(db, history.withdraw, sid, "hcm", allowed_provinces=frozenset({as_scope("79")}))
    assert not out.ok and "ngoài phạm vi" in out.message
    assert run(db, history.withdraw, 999, "officer").ok is False
    assert statuses(db) == before
    assert run(db, history.withdraw, sid, "officer").ok
    again = run(db, history.withdraw, sid, "officer")  # already withdrawn
    assert not again.ok and "không rút được" in again.message


def test_withdraw_is_audited(db, tmp_path):
    upload_audit.install()
    sid = load(db, "qn.xlsx", qn_bytes(2023), tmp_path)
    run(db, history.withdraw, sid, "officer")
    con = connect(db, read_only=True)
    try:
        rows = audit.entries(con, action="submission.withdraw")
    finally:
        con.close()
    assert [(r.actor, r.target) for r in rows] == [("officer", str(sid))]


def test_cli_withdraw_and_undo(db, tmp_path):
    sid = load(db, "qn.xlsx", qn_bytes(2023), tmp_path)
    runner = CliRunner()
    out = runner.invoke(cli, ["history", "withdraw", str(sid), "--db", str(db), "--by", "quantri"])
    assert out.exit_code == 0, out.output
    assert "Đã rút lần nạp" in out.output and current(db, 2023, "49") == {}
    out = runner.invoke(cli, ["history", "withdraw", str(sid), "--db", str(db)])
    assert out.exit_code == 1 and "không rút được" in out.output
    out = runner.invoke(cli, ["history", "list", "--db", str(db)])
    assert out.exit_code == 0 and "đã rút" in out.output and f"đã nhận (rút #{sid})" in out.output
    out = runner.invoke(cli, ["history", "revert", str(sid), "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert current(db, 2023, "49")
