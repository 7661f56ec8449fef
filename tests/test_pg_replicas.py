"""The scale-out test (issue 19): three app replicas (`python -m ui.serve`, as ./run.sh starts them)
and two CLI loaders on one PostgreSQL store, with the upload service of two replicas confirming
the same file at the same moment. Every province's file lands exactly once, nothing is lost, the
audit chain stays whole, and every replica shows the new figures on its next run (its caches key
on the store's data version, which every write bumps).

The replicas are driven over Streamlit's own websocket protocol (tests/ws_sessions.py). The two
uploads run the upload page's service (etl.submit: prepare, then confirm, with the audit hook the
page installs) in two processes, not through the page's file picker."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
from e2e_support import streamlit_server
from fixtures_factory import EXPECTED, vertical_grid, xlsx_bytes
from ws_sessions import viewer

from auth import audit
from reference import admin_units as au
from warehouse.db import connect

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent

_UPLOAD = """
import sys
from pathlib import Path
from auth import upload_audit
from etl.submit import confirm, prepare
from warehouse.db import connect
upload_audit.install()
f = Path(sys.argv[1])
con = connect()
prepared = prepare(con, f.name, f.read_bytes(), actor=sys.argv[2])
print(confirm(con, prepared, actor=sys.argv[2]).status)
"""


def _files(folder: Path) -> list[Path]:
    folder.mkdir()
    out = []
    for i, p in enumerate(au.provinces(34)):
        f = folder / f"2025_{p.code}.xlsx"
        values = dict(EXPECTED, **{"direction.documents": 100 + i})
        f.write_bytes(xlsx_bytes(vertical_grid(values, year=2025, province_upper=p.name.upper())))
        out.append(f)
    return out


def _reported(url: str) -> str:
    """The status page's 'reported' figure ('12/34') as one new session of that replica sees it."""
    with viewer(url) as v:
        run = v.open("status")
    assert run.exceptions == []
    shown = [value for value in run.metrics.values() if "/" in value]
    assert shown, run.metrics
    return shown[0]


def test_three_replicas_and_two_loaders_share_one_store(pg_url, tmp_path):
    from etl.load import load_file

    files = _files(tmp_path / "all")
    first, uploaded, rest = files[0], files[-1], files[1:-1]
    con = connect()
    assert load_file(con, first).status == "accepted"  # the year exists before the replicas start
    con.close()

    halves = [tmp_path / "loader1", tmp_path / "loader2"]
    for h in halves:
        h.mkdir()
    for i, f in enumerate(rest):
        (halves[i % 2] / f.name).write_bytes(f.read_bytes())
    (halves[1] / rest[0].name).write_bytes(rest[0].read_bytes())  # one file in both loaders' folders

    env = {"LLW_SHARED_DIR": str(tmp_path / "shared")}
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), LLW_DB=pg_url, **env)
    with ExitStack() as stack:
        replicas = [stack.enter_context(streamlit_server(pg_url, env=env, timeout=240, serve=True)) for _ in range(3)]
        assert [_reported(u) for u in replicas] == ["1/34"] * 3

        run = {"cwd": ROOT, "env": full_env, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
        procs = [subprocess.Popen([sys.executable, "-m", "etl", "load", str(h), "--quiet"], **run) for h in halves]
        procs += [subprocess.Popen([sys.executable, "-c", _UPLOAD, str(uploaded), f"canbo{i}"], **run) for i in (1, 2)]
        outs = [p.communicate(timeout=900) for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0, 0], outs
        assert sorted(o[0].strip() for o in outs[2:]) == ["accepted", "duplicate"]  # the same upload lands once

        assert [_reported(u) for u in replicas] == ["34/34"] * 3  # each replica's next run

    con = connect(read_only=True)
    accepted = con.execute(
        "select file_name, count(*) from submission_log where status = 'accepted' group by file_name"
    ).fetchall()
    assert sorted(accepted) == sorted((f.name, 1) for f in files)
    values = dict(
        con.execute(
            "select province_code, value from province_values where year = 2025 "
            "and indicator_code = 'direction.documents'"
        ).fetchall()
    )
    assert values == {p.code: 100 + i for i, p in enumerate(au.provinces(34))}
    assert con.execute("select count(*) from observations").fetchone()[0] == len(files) * len(EXPECTED)
    twice = "select year, unit_code, indicator_code from current_values group by all having count(*) > 1"
    assert con.execute(twice).fetchall() == []  # PostgreSQL's key too, but said here
    assert audit.verify_chain(con) == []
    con.close()
