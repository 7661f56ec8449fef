"""The analyse → preview → confirm flow behind the upload page (etl.submit, etl.review,
etl.synonyms), tested without Streamlit against real warehouses in tmp_path."""

import pytest
from click.testing import CliRunner
from fixtures_factory import EXPECTED
from upload_fixtures import (
    MODEL_VALUE,
    UNMAPPED_LABEL,
    current,
    error_bytes,
    qn_bytes,
    run,
    snapshot,
    wide_with_unknown_column,
    with_unmapped_row,
)

from etl import actions, submit, synonyms
from etl.__main__ import cli
from etl.review import CHANGED, KEPT, NEW, UNCHANGED
from reference import catalog
from warehouse.db import connect


@pytest.fixture
def db(empty_db):
    return empty_db


@pytest.fixture
def keep(tmp_path):
    return tmp_path / "kept"


def prepare(db, name, data, **kw):
    return run(db, submit.prepare, name, data, actor="officer", **kw)


def confirm(db, prepared, keep, **kw):
    return run(db, submit.confirm, prepared, actor="officer", keep_dir=keep, **kw)


# ------------------------------------------------------------------------------------------------
# preview, confirm, cancel
# ------------------------------------------------------------------------------------------------
def test_prepare_writes_nothing_and_confirm_loads(db, keep):
    before = snapshot(db)
    p = prepare(db, "bao_cao.xlsx", qn_bytes(2023))
    assert snapshot(db) == before
    assert (p.analysis.year, p.analysis.unit.code) == (2023, "49")
    assert p.can_confirm and p.duplicate_of is None
    assert {r.status for r in p.rows} == {NEW}
    assert {r.code: r.value for r in p.rows} == EXPECTED
    lang = next(r for r in p.rows if r.code == "classes.language.learners")
    assert lang.indicator == catalog.by_code()["classes.language.learners"].label_vi
    assert (lang.sheet, lang.raw) == ("Bieu 1", "850") and lang.cell.startswith("D")
    out = confirm(db, p, keep)
    assert out.status == "accepted" and out.loaded
    assert current(db, 2023, "49") == EXPECTED
    con = connect(db, read_only=True)
    sub = con.execute("select status, kind, submitted_by, stored_path, file_name from submission_log").fetchall()
    con.close()
    assert sub[0][:3] == ("accepted", "file", "officer") and sub[0][4] == "bao_cao.xlsx"
    assert open(sub[0][3], "rb").read() == p.data


def test_cancel_writes_nothing(db):
    before = snapshot(db)
    p = prepare(db, "bao_cao.xlsx", qn_bytes(2023))
    run(db, submit.cancel, p, actor="officer")
    assert snapshot(db) == before


def test_comparison_with_the_warehouse(db, keep):
    confirm(db, prepare(db, "v1.xlsx", qn_bytes(2023)), keep)
    v2 = dict(EXPECTED, **{"ceremony.events": 20})
    del v2["outreach.banners"]
    p = prepare(db, "v2.xlsx", qn_bytes(2023, v2))
    by_code = {r.code: r for r in p.rows}
    assert (
        by_code["ceremony.events"].status,
        by_code["ceremony.events"].current,
        by_code["ceremony.events"].value,
    ) == (CHANGED, 18, 20)
    assert by_code["outreach.banners"].status == KEPT and by_code["outreach.banners"].value is None
    assert by_code["direction.documents"].status == UNCHANGED
    assert sum(r.status == CHANGED for r in p.rows) == 1
    out = confirm(db, p, keep)
    assert out.loaded
    assert current(db, 2023, "49") == dict(EXPECTED, **{"ceremony.events": 20})  # banners kept from v1


def test_error_file_cannot_be_confirmed(db, keep):
    p = prepare(db, "loi.xlsx", error_bytes())
    assert not p.can_confirm
    assert [e.code for e in p.analysis.errors] == ["value.negative"]
    before = snapshot(db)
    out = confirm(db, p, keep)
    assert out.status == "blocked" and not out.loaded
    assert "loi.xlsx" in out.message
    after = snapshot(db)  # the attempt is logged as rejected (issue 16, defect 8); nothing else written
    assert [(r[2], r[7], r[10]) for r in after.pop("submission_log")] == [("loi.xlsx", "rejected", 0)]
    assert after == {k: v for k, v in before.items() if k != "submission_log"}
    assert out.submission_id == 1
    assert not keep.exists()


def test_same_file_twice_changes_nothing(db, keep):
    data = qn_bytes(2023)
    first = confirm(db, prepare(db, "a.xlsx", data), keep)
    before = snapshot(db)
    again = prepare(db, "a (1).xlsx", data)
    assert again.duplicate_of == first.submission_id and not again.can_confirm
    out = confirm(db, again, keep)
    assert out.status == "duplicate" and out.submission_id == first.submission_id
    assert snapshot(db) == before


def test_stale_preview_is_not_loaded(db, keep):
    p = prepare(db, "u.xlsx", with_unmapped_row())
    run(db, synonyms.map_label, p.analysis.unmapped[0], "events.new_clubs", "someone_else")
    before = snapshot(db)
    out = confirm(db, p, keep)
    assert out.status == "stale" and snapshot(db) == before
    assert any(v.code == "events.new_clubs" for v in out.prepared.analysis.values)


# ------------------------------------------------------------------------------------------------
# overrides, scope, limits
# ------------------------------------------------------------------------------------------------
def test_officer_overrides_year_and_unit(db, keep):
    p = prepare(db, "qn.xlsx", qn_bytes(2023), year=2022, unit="48")
    an = p.analysis
    assert (an.year, an.unit.code) == (2022, "48")
    assert {"year.overridden", "unit.overridden"} <= {w.code for w in an.warnings}
    assert confirm(db, p, keep).loaded
    assert current(db, 2022, "48") == EXPECTED
    assert current(db, 2023, "49") == {}


@pytest.mark.parametrize("allowed", [{"01"}, set(), {"48"}])
def test_scope_refuses_a_province_outside_it(db, keep, allowed):
    p = prepare(db, "qn.xlsx", qn_bytes(2023), allowed_provinces=allowed)
    if allowed == {"48"}:  # Quảng Nam merged into Đà Nẵng (48) in 2025: inside
        assert p.can_confirm
        return
    assert not p.can_confirm
    err = next(e for e in p.analysis.errors if e.code == "scope.outside")
    assert "qn.xlsx" in err.message and "Quảng Nam" in err.message
    before = snapshot(db)
    out = confirm(db, p, keep, allowed_provinces=allowed)
    assert out.status == "blocked" and only_rejected_row_added(db, before, "qn.xlsx")


def test_scope_is_checked_again_at_confirm(db, keep):
    p = prepare(db, "qn.xlsx", qn_bytes(2023))
    before = snapshot(db)
    out = confirm(db, p, keep, allowed_provinces={"01"})
    assert out.status == "blocked" and only_rejected_row_added(db, before, "qn.xlsx")


def only_rejected_row_added(db, before, name) -> bool:
    """A refused attempt writes its 'rejected' row in the log (issue 16, defect 8) and nothing else."""
    after = snapshot(db)
    new = [r for r in after.pop("submission_log") if r not in before["submission_log"]]
    return [(r[2], r[7]) for r in new] == [(name, "rejected")] and after == {
        k: v for k, v in before.items() if k != "submission_log"
    }


def test_upload_limits(db, monkeypatch):
    monkeypatch.setenv("LLW_MAX_UPLOAD_MB", "1")
    assert submit.max_upload_bytes() == 1024 * 1024
    big = prepare(db, "lon.csv", b"a,b\n" + b"1,2\n" * 400_000)
    assert [e.code for e in big.analysis.errors] == ["file.too_large"]
    assert "vượt giới hạn 1 MB" in big.analysis.errors[0].message
    macro = prepare(db, "bao_cao.xlsm", qn_bytes(2023))
    assert [e.code for e in macro.analysis.errors] == ["file.macro"]
    pdf = prepare(db, "bao_cao.pdf", b"%PDF-1.4")
    assert [e.code for e in pdf.analysis.errors] == ["file.type"]
    assert not (big.can_confirm or macro.can_confirm or pdf.can_confirm)
    monkeypatch.setenv("LLW_MAX_UPLOAD_MB", "nonsense")
    assert submit.max_upload_mb() == 20
    assert "xlsm" not in submit.UPLOAD_TYPES and "xlsx" in submit.UPLOAD_TYPES


def test_every_action_tells_the_audit_hook(db, keep):
    seen = []

    def hook(con, action, actor, details):
        seen.append((action, actor, details.get("status")))

    actions.on_action(hook)
    try:
        p = prepare(db, "qn.xlsx", qn_bytes(2023))
        confirm(db, p, keep)
        run(db, submit.cancel, p, actor="officer")
    finally:
        actions.remove(hook)
    assert seen == [("prepare", "officer", None), ("confirm", "officer", "accepted"), ("cancel", "officer", None)]


# ------------------------------------------------------------------------------------------------
# unmapped labels: map once, mapped by itself afterwards (page and CLI)
# ------------------------------------------------------------------------------------------------
def test_mapping_a_label_once_maps_it_for_the_page_and_the_cli(db, keep, tmp_path):
    p = prepare(db, "u2023.xlsx", with_unmapped_row(2023))
    assert [u["label"] for u in p.analysis.unmapped] == [f"MÔ HÌNH HỌC TẬP > {UNMAPPED_LABEL}"]
    assert "label.unmapped" in {w.code for w in p.analysis.warnings}
    run(db, synonyms.map_label, p.analysis.unmapped[0], "events.new_clubs", "officer")
    again = prepare(db, "u2023.xlsx", with_unmapped_row(2023))
    assert again.analysis.unmapped == []
    assert {r.code: r.value for r in again.rows}["events.new_clubs"] == MODEL_VALUE
    assert confirm(db, again, keep).loaded
    # another file with the same label, loaded by the CLI in another process's way: mapped by itself
    f = tmp_path / "u2022.xlsx"
    f.write_bytes(with_unmapped_row(2022, model=11))
    res = CliRunner().invoke(cli, ["load", str(f), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "Không nhận ra chỉ tiêu" not in res.output
    assert current(db, 2022, "49")["events.new_clubs"] == 11


def test_a_label_never_mapped_stays_unmapped_in_the_cli(db, tmp_path):
    f = tmp_path / "u2022.xlsx"
    f.write_bytes(with_unmapped_row(2022))
    res = CliRunner().invoke(cli, ["load", str(f), "--db", str(db)])
    assert res.exit_code == 0 and "Không nhận ra chỉ tiêu" in res.output
    assert "events.new_clubs" not in current(db, 2022, "49")


def test_ignoring_a_label_is_remembered(db, keep):
    p = prepare(db, "u.xlsx", with_unmapped_row())
    run(db, synonyms.map_label, p.analysis.unmapped[0], synonyms.IGNORE, "officer")
    again = prepare(db, "u.xlsx", with_unmapped_row())
    assert again.analysis.unmapped == []
    assert "label.unmapped" not in {w.code for w in again.analysis.warnings}
    assert {r.code: r.value for r in again.rows} == EXPECTED


def test_wide_table_column_mapping(db):
    p = prepare(db, "hn.xlsx", wide_with_unknown_column())
    assert [u["label"] for u in p.analysis.unmapped] == ["Mô hình điển hình / Số mô hình"]
    run(db, synonyms.map_label, p.analysis.unmapped[0], "events.new_clubs", "officer")
    again = prepare(db, "hn.xlsx", wide_with_unknown_column())
    assert again.analysis.unmapped == []
    clubs = {r.unit_name: r.value for r in again.rows if r.code == "events.new_clubs"}
    assert clubs["Hà Nội"] == 9 and len(clubs) == 4  # three districts of 3 and their sum


def test_a_later_choice_replaces_the_earlier(db):
    p = prepare(db, "u.xlsx", with_unmapped_row())
    entry = p.analysis.unmapped[0]
    run(db, synonyms.map_label, entry, "events.new_clubs", "officer")
    run(db, synonyms.map_label, entry, "reading.events", "officer")
    again = prepare(db, "u.xlsx", with_unmapped_row())
    codes = {r.code for r in again.rows}
    assert "reading.events" in codes and "events.new_clubs" not in codes


def test_only_typed_indicators_or_ignore_can_be_chosen(db):
    with pytest.raises(ValueError):
        run(db, synonyms.map_label, "x", "classes.total.classes", "officer")
    with pytest.raises(ValueError):
        run(db, synonyms.map_label, "x", "no.such.code", "officer")
    assert synonyms.choices()[-1][0] == synonyms.IGNORE
    assert len(synonyms.choices()) == len(catalog.typed_codes()) + 1


def test_province_sum_of_sub_units_is_compared_with_what_the_warehouse_shows(db, keep):
    first = prepare(db, "hn_v1.xlsx", wide_with_unknown_column(clubs=3))
    run(db, synonyms.map_label, first.analysis.unmapped[0], "events.new_clubs", "officer")
    assert confirm(db, prepare(db, "hn_v1.xlsx", wide_with_unknown_column(clubs=3)), keep).loaded
    again = prepare(db, "hn_v2.xlsx", wide_with_unknown_column(clubs=4))
    changed = {(r.unit_name, r.current, r.value) for r in again.rows if r.status == CHANGED}
    assert changed == {("Quận Ba Đình", 3, 4), ("Quận Hoàn Kiếm", 3, 4), ("Quận Tây Hồ", 3, 4), ("Hà Nội", 9, 12)}
    summed = [r for r in again.rows if r.derived]
    assert summed and all(r.unit_code == "01" for r in summed)
    assert {r.status for r in again.rows} == {CHANGED, UNCHANGED}  # the province sums are known, not new
