"""The pages keep no warehouse connection across reruns: the CLI in another process can load
while the upload page is open, and a page that meets a busy warehouse says so instead of failing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from auth_support import signed_in_page
from streamlit.testing.v1 import AppTest
from upload_fixtures import current, qn_bytes

import ui.upload_db

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "upload.py")


@pytest.fixture
def db(empty_db, monkeypatch):
    monkeypatch.setenv("LLW_DB", str(empty_db))
    return empty_db


def cli_load(db: Path, f: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", "load", str(f), "--db", str(db)],
        cwd=ROOT,
        # the suite on PostgreSQL maps the path in the CLI too
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
        | {k: v for k, v in os.environ.items() if k == "LLW_TEST_PG_SERVER"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_in_another_process_loads_while_the_page_is_open(db, tmp_path):
    at = signed_in_page(AppTest.from_file(PAGE, default_timeout=60), db)
    at.run()
    at.file_uploader[0].set_value([("qn.xlsx", qn_bytes(2023), "application/octet-stream")])
    at.run()
    assert not at.exception
    f = tmp_path / "hn_2022.xlsx"
    f.write_bytes(qn_bytes(2022, province_upper="HÀ NỘI"))
    res = cli_load(db, f)
    assert res.returncode == 0, res.stdout + res.stderr
    assert current(db, 2022, "01")
    at.button(key=[b.key for b in at.button if b.key and b.key.startswith("upload.confirm.")][0]).click()
    at.run()
    assert current(db, 2023, "49")


@pytest.mark.file_store_only(reason="another process holding the DuckDB file's lock")
def test_busy_warehouse_is_reported(db, monkeypatch):
    monkeypatch.setattr(ui.upload_db, "RETRY_SECONDS", 0.5)
    at = signed_in_page(AppTest.from_file(PAGE, default_timeout=60), db)
    at.run()
    at.file_uploader[0].set_value([("qn.xlsx", qn_bytes(2023), "application/octet-stream")])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        at.run()
        assert not at.exception
        assert any("đang bận" in e.value for e in at.error)
    finally:
        holder.kill()
        holder.wait()
    at.run()
    assert not any("đang bận" in e.value for e in at.error)
    assert [b for b in at.button if b.key and b.key.startswith("upload.confirm.")]
