"""Issue 16, defect 7: the preview compares what the dashboard shows before and after, also when
the file and the warehouse report a province at different levels (district rows in the
warehouse, a province-level file arriving, or the other way round)."""

import pytest
from fixtures_factory import EXPECTED, sub_unit_rows, wide_grid, xlsx_bytes
from upload_fixtures import qn_bytes, run

from etl import submit
from etl.review import CHANGED, KEPT, NEW, counts
from warehouse.db import connect

HANOI = "01"


@pytest.fixture
def db(empty_db):
    return empty_db


def districts_file(year: int = 2023) -> bytes:
    """Hà Nội by district, adding up to twice the province-level file's figures."""
    doubled = {k: 2 * v for k, v in EXPECTED.items()}
    return xlsx_bytes(wide_grid(sub_unit_rows(["Ba Đình", "Hoàn Kiếm", "Tây Hồ"], doubled), year=year).grid)


def province_file(year: int = 2023) -> bytes:
    return qn_bytes(year, province_upper="HÀ NỘI")


def shown(db, year: int = 2023) -> dict[str, int]:
    """What the dashboard shows for Hà Nội: view province_values."""
    con = connect(db, read_only=True)
    try:
        return dict(
            con.execute(
                "select indicator_code, value from province_values where year = ? and province_code = ?",
                [year, HANOI],
            ).fetchall()
        )
    finally:
        con.close()


def load(db, name: str, data: bytes):
    p = run(db, submit.prepare, name, data, actor="officer")
    out = run(db, submit.confirm, p, actor="officer")
    assert out.loaded, out.message
    return p


def check_preview_matches_dashboard(db, p) -> None:
    before = shown(db)
    rows = [r for r in p.rows if r.unit_code == HANOI]
    assert rows
    for r in rows:
        assert r.current == before.get(r.code), r  # "Giá trị trong kho" = what the dashboard shows now
    out = run(db, submit.confirm, p, actor="officer")
    assert out.loaded, out.message
    after = shown(db)
    for r in rows:
        assert after.get(r.code) == (r.current if r.status == KEPT else r.value), r


def test_province_file_over_district_values(db):
    load(db, "hn_quan.xlsx", districts_file())
    assert shown(db)
    p = run(db, submit.prepare, "hn_tinh.xlsx", province_file(), actor="officer")
    c = counts([r for r in p.rows if r.unit_code == HANOI])
    assert c[NEW] + c[CHANGED] + c["unchanged"] + c[KEPT] == len([r for r in p.rows if r.unit_code == HANOI])
    assert c[CHANGED] > 0 and c[NEW] < len(p.analysis.values)  # not "45 mới, 0 thay đổi"
    check_preview_matches_dashboard(db, p)


def test_district_file_over_province_values(db):
    load(db, "hn_tinh.xlsx", province_file())
    p = run(db, submit.prepare, "hn_quan.xlsx", districts_file(), actor="officer")
    assert any(r.status == CHANGED for r in p.rows if r.unit_code == HANOI)
    check_preview_matches_dashboard(db, p)
