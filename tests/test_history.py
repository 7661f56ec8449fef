"""Submission history and revert (etl.history): listing, values of a submission, the kept
original, and going back to an earlier submission in one transaction."""

import datetime as dt
import hashlib
import json

import pytest
from fixtures_factory import EXPECTED
from upload_fixtures import current, error_bytes, qn_bytes, run, snapshot

from etl import history, submit
from warehouse.db import connect

V1 = {k: v for k, v in EXPECTED.items() if k != "outreach.banners"}
V2 = dict(EXPECTED, **{"ceremony.events": 20, "funding.state_budget": 175_000_000})
V3 = dict(EXPECTED, **{"ceremony.events": 25})


@pytest.fixture
def db(empty_db):
    return empty_db


def load(db, name, data, tmp_path, **kw) -> int:
    def _do(con):
        p = submit.prepare(con, name, data, actor="officer", **kw)
        return submit.confirm(con, p, actor="officer", keep_dir=tmp_path / "kept")

    out = run(db, _do)
    assert out.loaded, out.message
    return out.submission_id


def statuses(db) -> dict[int, tuple[str, str, int | None]]:
    con = connect(db, read_only=True)
    try:
        return {
            i: (s, k, r)
            for i, s, k, r in con.execute(
                "select id, status, kind, reverts_to from submission_log order by id"
            ).fetchall()
        }
    finally:
        con.close()


@pytest.fixture
def three(db, tmp_path):
    """Quảng Nam 2023 sent three times (v1, v2, v3), and Quảng Nam 2022 once."""
    ids = [load(db, f"qn_v{i}.xlsx", qn_bytes(2023, v), tmp_path) for i, v in enumerate((V1, V2, V3), 1)]
    other = load(db, "qn_2022.xlsx", qn_bytes(2022), tmp_path)
    return ids, other


def test_revert_restores_earlier_values(db, three):
    (a, b, c), other = three
    assert current(db, 2023, "49") == V3
    before_2022 = current(db, 2022, "49")
    res = run(db, history.revert, a, "lead", now=dt.datetime(2024, 1, 2, 3, 4))
    assert res.ok, res.message
    assert current(db, 2023, "49") == V1  # banners came only with v2 and v3: no longer current
    assert res.reverted == [b, c] and res.units == ["49"]
    assert res.changed == 2  # ceremony.events back to v1's, banners gone
    st = statuses(db)
    assert st[a][0] == "accepted" and st[b][0] == st[c][0] == "reverted"
    assert st[res.revert_id] == ("accepted", "revert", a)
    assert current(db, 2022, "49") == before_2022
    con = connect(db, read_only=True)
    try:
        # the reverted submissions stay in history with their values
        assert con.execute("select count(*) from observations where submission_id = ?", [c]).fetchone()[0] == len(V3)
        row = con.execute(
            "select submitted_by, submitted_at, messages, file_name from submissions where submission_id = ?",
            [res.revert_id],
        ).fetchone()
        pv = dict(
            con.execute(
                "select indicator_code, value from province_values where year = 2023 and province_code = '49'"
            ).fetchall()
        )
    finally:
        con.close()
    assert row[:2] == ("lead", dt.datetime(2024, 1, 2, 3, 4)) and row[3] == "qn_v1.xlsx"
    assert json.loads(row[2])[0]["code"] == "revert.applied"
    assert pv["ceremony.events"] == V1["ceremony.events"] and "outreach.banners" not in pv
    assert pv["funding.total"] == EXPECTED["funding.state_budget"] + EXPECTED["funding.socialized"]


def test_revert_to_the_middle_then_undo(db, three):
    (a, b, c), _ = three
    res = run(db, history.revert, b, "lead")
    assert res.ok and res.reverted == [c]
    assert current(db, 2023, "49") == V2
    undo = run(db, history.revert, c, "lead")  # c was reverted: going back to it is an undo
    assert undo.ok and undo.reverted == [res.revert_id]
    assert current(db, 2023, "49") == V3
    st = statuses(db)
    assert st[a][0] == st[b][0] == st[c][0] == "accepted"


def test_refusals_write_nothing(db, three, tmp_path):
    (a, b, c), _ = three
    bad_id = run(
        db,
        lambda con: (
            submit.load_analysis(
                con, submit.analyse_upload(con, "loi.xlsx", error_bytes()), submitted_by="cli"
            ).submission_id
        ),
    )
    before = snapshot(db)
    for sid, words in ((c, "đã là số liệu hiện hành"), (bad_id, "không được nhận"), (999, "Không có lần nạp")):
        res = run(db, history.revert, sid, "lead")
        assert not res.ok and words in res.message
    res = run(db, history.revert, a, "lead", allowed_provinces={"01"})
    assert not res.ok and "Quảng Nam" in res.message and "qn_v1.xlsx" in res.message
    assert snapshot(db) == before


def test_revert_leaves_other_units_alone(db, three, tmp_path):
    (a, b, c), _ = three
    hn = load(db, "hn.xlsx", qn_bytes(2023, province_upper="HÀ NỘI"), tmp_path)
    assert hn
    hn_before = current(db, 2023, "01")
    assert run(db, history.revert, a, "lead").ok
    assert current(db, 2023, "01") == hn_before


def test_listing_values_and_original(db, three, tmp_path):
    (a, b, c), other = three
    con = connect(db, read_only=True)
    try:
        all_ = history.submissions(con)
        assert list(all_["id"]) == [other, c, b, a]
        assert list(history.submissions(con, year=2022)["id"]) == [other]
        assert history.submissions(con, unit_code="01").empty
        assert history.submissions(con, units=set()).empty
        years, units = history.filter_options(con)
        assert years == [2023, 2022] and units == [("49", "Quảng Nam")]
        vals = history.values_of(con, b)
        assert len(vals) == len(V2)
        row = vals.set_index("indicator_code").loc["ceremony.events"]
        assert row["value"] == 20 and row["indicator"].startswith("Lễ khai mạc") and row["cell"].startswith("D")
        assert not row["is_current"]  # v3 replaced it
        assert vals.set_index("indicator_code").loc["direction.documents", "is_current"] == False  # noqa: E712
        name, data = history.original_file(con, a)
        assert name == "qn_v1.xlsx"
        assert hashlib.sha256(data).hexdigest() == history.submission(con, a)["file_hash"]
        assert history.original_file(con, 999) is None
    finally:
        con.close()


def test_values_of_a_revert_row_are_those_it_reapplied(db, three):
    (a, b, c), _ = three
    res = run(db, history.revert, a, "lead")
    con = connect(db, read_only=True)
    try:
        vals = history.values_of(con, res.revert_id)
    finally:
        con.close()
    assert dict(zip(vals["indicator_code"], vals["value"])) == V1
    assert vals["is_current"].all()


def test_revert_of_a_sub_unit_file_restores_the_province_sum(db, tmp_path):
    from fixtures_factory import sub_unit_rows, wide_grid, xlsx_bytes

    def hn(total_classes_of_first: int) -> bytes:
        rows = sub_unit_rows(["Ba Đình", "Hoàn Kiếm", "Tây Hồ"])
        rows[0][1]["classes.language.classes"] = total_classes_of_first
        return xlsx_bytes(wide_grid(rows, year=2023).grid)

    def province_language_classes():
        con = connect(db, read_only=True)
        try:
            return con.execute(
                "select value from province_values where year = 2023 and province_code = '01' "
                "and indicator_code = 'classes.language.classes'"
            ).fetchone()[0]
        finally:
            con.close()

    a = load(db, "hn_v1.xlsx", hn(10), tmp_path)
    v1 = province_language_classes()
    load(db, "hn_v2.xlsx", hn(50), tmp_path)
    assert province_language_classes() == v1 + 40
    assert run(db, history.revert, a, "lead").ok
    assert province_language_classes() == v1
