"""Issue 16, defect 4: the public Tình hình báo cáo page names no account (the unit instead), shows
statuses in words and no "None", and every table it offers for download goes through the
formula-neutralising rule; Streamlit's own grid download is switched off in the config."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from auth_support import FAST_HASH, PASSWORD, T0
from streamlit.testing.v1 import AppTest
from upload_fixtures import qn_bytes

from auth import accounts
from auth import session as sess
from etl import submit
from exports.tabular import write_csv as to_csv_bytes
from figures.status import recent_table
from warehouse.db import connect, copy_store
from warehouse.queries import recent_submissions

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
OFFICER = "can.bo.quang.nam"
FORMULA_FILE = "=HYPERLINK(evil) 2023.xlsx"


@pytest.fixture(scope="module")
def status_db(demo_db_master, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("status")
    db = folder / "w.duckdb"
    copy_store(demo_db_master, db)
    con = connect(db)
    try:
        for key, value in FAST_HASH.items():
            accounts.change_setting(con, "test", key, value, now=T0)
        accounts.create_user(con, "test", "nguoi.xem", "Người xem", "viewer", password=PASSWORD, now=T0)
        p = submit.prepare(con, FORMULA_FILE, qn_bytes(2023, {"ceremony.events": 3}), actor=OFFICER)
        assert submit.confirm(con, p, actor=OFFICER, keep_dir=folder / "kept").loaded
    finally:
        con.close()
    return db


@pytest.fixture
def db(status_db, tmp_path, monkeypatch):
    copy = tmp_path / "w.duckdb"
    copy_store(status_db, copy)
    monkeypatch.setenv("LLW_DB", str(copy))
    return copy


def status_page(signed_in: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["year"] = "2023"
    if signed_in:
        now = dt.datetime.now()
        at.session_state["auth.session"] = sess.Session(signed_in, "password", now, now, "t0")
    at.switch_page("pages/status.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def cells(at: AppTest) -> list[str]:
    out = []
    for frame in at.dataframe:
        df = frame.value
        out += [str(c) for c in df.columns]
        out += [str(v) for v in df.to_numpy().ravel()]
    return out


def recent_frame(at: AppTest) -> pd.DataFrame:
    return next(f.value for f in at.dataframe if "Tệp" in f.value.columns)


def test_anonymous_visitors_see_units_not_accounts(db):
    at = status_page()
    assert OFFICER not in cells(at)
    recent = recent_frame(at)
    assert "Người nạp" not in recent.columns
    mine = recent[recent["Tệp"] == FORMULA_FILE].iloc[0]
    assert mine["Đơn vị"] == "Quảng Nam" and mine["Trạng thái"] == "đã nhận" and mine["Năm"] == "2023"


def test_signed_in_people_see_who_loaded(db):
    recent = recent_frame(status_page("nguoi.xem"))
    assert OFFICER in set(recent["Người nạp"])


def test_no_english_status_or_none_cells(db):
    shown = cells(status_page())
    assert not {"None", "nan", "NaT", "<NA>", "accepted", "rejected", "reverted"} & set(shown)


def test_every_table_has_a_neutralising_download(db):
    at = status_page()
    keys = {b.key for b in at.get("download_button")}
    assert {"status.download.provinces", "status.download.by_year", "status.download.recent"} <= keys
    con = connect(db)
    try:
        recent = recent_table(recent_submissions(con, 50, 2023), "vi")
    finally:
        con.close()
    text = to_csv_bytes(recent).decode("utf-8-sig")
    assert "'" + FORMULA_FILE in text and "\n" + FORMULA_FILE not in text and "," + FORMULA_FILE not in text


def test_built_in_grid_download_and_deploy_button_are_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
    assert config["client"]["toolbarMode"] == "viewer"


def test_map_and_trend_tables_have_the_projects_download(db):
    """With the grid download off, the tables shown outside a chart keep a download, neutralised."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["year"] = "2023"
    at.switch_page("pages/map.py")
    at.run()
    at.selectbox(key="map_province").set_value("49").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "map.download.province" in {b.key for b in at.get("download_button")}
    at.switch_page("pages/trend.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "trend.download.change" in {b.key for b in at.get("download_button")}
