"""The write package's own contracts (issue 18): one transaction helper, and each rule written
once — newest accepted value wins (load and revert/withdraw agree), the sub-unit level order, and
derived totals declared in the catalog with the view generated from the declaration."""

from __future__ import annotations

import duckdb
import pytest
from fixtures_factory import EXPECTED, vertical_grid, xlsx_bytes

from etl.load import load_file
from reference import catalog
from reference.levels import SUB_UNIT_LEVELS, summed_level
from warehouse.db import connect
from warehouse.write import TransactionAlreadyOpen, transaction
from warehouse.write.values import recompute_current
from warehouse.write.views import create_views, province_values_sql


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    yield c
    c.close()


def _put(tmp_path, name: str, data: bytes):
    p = tmp_path / "in" / name
    p.parent.mkdir(exist_ok=True)
    p.write_bytes(data)
    return p


def _deadlines(con) -> list[int]:
    return [r[0] for r in con.execute("select year from reporting_deadlines order by year").fetchall()]


def _add_deadline(con, year: int) -> None:
    from warehouse.deadlines import parse_date, set_deadline

    set_deadline(con, year, parse_date(f"31/10/{year}"))


def test_transaction_commits_a_block_that_ends_and_rolls_back_one_that_raises(con):
    with transaction(con):
        _add_deadline(con, 2023)
    for error in (RuntimeError("disk full"), KeyboardInterrupt()):
        with pytest.raises(type(error)):
            with transaction(con):
                _add_deadline(con, 2024)
                raise error
    assert _deadlines(con) == [2023]
    with transaction(con):  # the connection is usable afterwards
        _add_deadline(con, 2025)
    assert _deadlines(con) == [2023, 2025]


def test_a_transaction_the_caller_left_open_is_refused_and_not_rolled_back(con):
    con.execute("BEGIN TRANSACTION")
    _add_deadline(con, 2023)
    with pytest.raises(TransactionAlreadyOpen):
        with transaction(con):
            _add_deadline(con, 2024)
    assert isinstance(TransactionAlreadyOpen("x"), duckdb.TransactionException)
    # still the caller's to end (had the helper rolled it back, this would raise "no transaction")
    con.execute("ROLLBACK")
    with pytest.raises(duckdb.TransactionException):
        con.execute("ROLLBACK")


def test_revert_and_load_pick_the_same_current_values(con, tmp_path):
    """Newest accepted value wins, whether the current values come from loading files or are picked
    again from the observations (as revert and withdraw do)."""
    load_file(con, _put(tmp_path, "a.xlsx", xlsx_bytes(vertical_grid(year=2023))))
    newer = {**EXPECTED, "direction.documents": 99, "ceremony.events": 7}
    load_file(con, _put(tmp_path, "b.xlsx", xlsx_bytes(vertical_grid(newer, year=2023))))
    rows = "select * from current_values order by all"
    loaded = con.execute(rows).fetchall()
    assert {r[2]: r[3] for r in loaded}["direction.documents"] == 99
    with transaction(con):
        recompute_current(con, 2023, sorted({r[1] for r in loaded}))
    assert con.execute(rows).fetchall() == loaded


def test_sub_units_are_summed_at_one_level_in_the_declared_order():
    assert SUB_UNIT_LEVELS == ("district", "commune", "other")
    assert summed_level({"commune", "district", "province"}) == "district"
    assert summed_level({"other", "commune"}) == "commune"
    assert summed_level({"province", "other"}) == "other"
    assert summed_level({"province"}) == "province"
    assert summed_level(set()) is None
    sql = province_values_sql()
    assert "WHEN 'district' THEN 1 WHEN 'commune' THEN 2 WHEN 'other' THEN 3" in sql


def test_derived_totals_are_declared_in_the_catalog():
    sums = catalog.sums()
    assert sums["funding.total"] == ("funding.state_budget", "funding.socialized")
    assert sums["classes.total.classes"] == tuple(catalog.class_codes("classes"))
    assert sums["classes.total.learners"] == tuple(catalog.class_codes("learners"))
    typed = set(catalog.typed_codes())
    for code, parts in sums.items():
        assert catalog.by_code()[code].derived and set(parts) <= typed, code


def test_a_total_declared_in_the_catalog_is_computed_by_the_view(con, tmp_path, monkeypatch):
    load_file(con, _put(tmp_path, "a.xlsx", xlsx_bytes(vertical_grid(year=2023))))
    declared = {**catalog.sums(), "direction.total": ("direction.documents", "direction.inspections")}
    monkeypatch.setattr(catalog, "sums", lambda: declared)
    create_views(con)
    got = dict(con.execute("select indicator_code, value from province_values where year = 2023").fetchall())
    assert got["direction.total"] == EXPECTED["direction.documents"] + EXPECTED["direction.inspections"]
    assert got["funding.total"] == EXPECTED["funding.state_budget"] + EXPECTED["funding.socialized"]
