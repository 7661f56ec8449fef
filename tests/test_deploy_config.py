"""What `deploy/` and `.streamlit/config.toml` promise (issue 17), read the way Streamlit, nginx
and systemd would: no usage statistics, this machine only, the proxy's upload limit above the
app's, the websocket upgraded, and the units' commands accepted by the CLI as written."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from etl.__main__ import cli

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def streamlit_options() -> dict:
    """The options Streamlit itself reads from the project's config (a fresh process in ROOT)."""
    code = (
        "import json, streamlit.config as c; c.get_config_options(force_reparse=True); print(json.dumps({k: "
        "c.get_option(k) for k in ('browser.gatherUsageStats', 'server.address', 'server.port', "
        "'server.maxUploadSize', 'runner.postScriptGC', 'server.enableStaticServing')}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def unit(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, _, value = line.partition("=")
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def test_streamlit_makes_no_outside_call_and_listens_here_only():
    opts = streamlit_options()
    assert opts["browser.gatherUsageStats"] is False
    assert opts["server.address"] == "127.0.0.1" and opts["server.port"] == 8501


def test_no_full_garbage_collection_after_every_page_run():
    """Streamlit's gc.collect(2) after each run cost 100-150 ms of CPU per page run at national
    scale, every session waiting meanwhile (issue 21)."""
    assert streamlit_options()["runner.postScriptGC"] is False


def test_nginx_passes_websockets_and_bigger_uploads_than_the_app():
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    body = int(re.search(r"client_max_body_size\s+(\d+)m;", conf).group(1))
    assert body > streamlit_options()["server.maxUploadSize"]
    assert "proxy_pass http://127.0.0.1:8501;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf and "proxy_http_version 1.1;" in conf
    assert re.search(r"listen 443 ssl;", conf) and "ssl_certificate " in conf


def test_nginx_compresses_what_streamlit_sends_uncompressed():
    """Streamlit leaves its static JavaScript uncompressed for the proxy to compress (issue 21:
    9,4 MB on a first visit); nginx gzips it, and the bundle's own types are on its list."""
    from streamlit.web.server.starlette.starlette_gzip_middleware import _should_bypass_gzip

    assert _should_bypass_gzip("/static/js/index.js")  # if Streamlit starts compressing, this can go
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s*gzip on;", conf, re.M) and "gzip_proxied any;" in conf
    types = re.search(r"gzip_types ([^;]+);", conf).group(1).split()
    assert {"application/javascript", "text/css"} <= set(types)


def test_the_plotly_bundle_is_served_and_browsers_keep_it():
    """ui.plotly_view loads the project's plotly.js from Streamlit's static serving; behind nginx a
    browser keeps it (its name carries the version) without dropping the security headers."""
    from ui.plotly_view import bundle_file

    assert streamlit_options()["server.enableStaticServing"] is True
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    block = re.search(r"location ~ /app/static/plotly/\[\^/\]\+\\\.js\$ \{([^}]*)\}", conf).group(1)
    assert "proxy_pass http://127.0.0.1:8501;" in block and re.search(r"expires 1y;", block)
    assert "add_header" not in block  # one add_header here would drop the server's own
    assert bundle_file().is_relative_to(ROOT / "static" / "plotly")


def test_units_run_what_exists():
    app = unit("llw-dashboard.service")
    env = dict(e.split("=", 1) for e in app["Environment"])
    assert env["STREAMLIT_SERVER_ADDRESS"] == "127.0.0.1" and env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] == "false"
    assert {"LLW_DB", "LLW_DB_WAIT_SECONDS", "LLW_CACHE_DIR"} <= set(env)
    assert app["ExecStart"][0].split()[1:3] == ["-m", "ui.serve"] and (ROOT / "ui" / "serve.py").is_file()
    backup = unit("llw-backup.service")
    args = shlex.split(backup["ExecStart"][0])
    assert args[1:3] == ["-m", "etl"]


@pytest.mark.file_store_only(
    reason="the backup unit runs etl backup, which is for the DuckDB file; a PostgreSQL store is backed up with pg_dump"
)
def test_the_backup_units_command_line_is_one_the_cli_accepts(tmp_path, monkeypatch):
    args = shlex.split(unit("llw-backup.service")["ExecStart"][0])[3:]
    args[1] = str(tmp_path / "backups")  # the destination folder
    monkeypatch.setenv("LLW_DB", str(tmp_path / "none.duckdb"))
    res = CliRunner().invoke(cli, args)
    # options parsed (a usage error would exit 2); it stops only because there is no warehouse
    assert res.exit_code == 1 and "Không có kho dữ liệu" in res.output


def test_the_server_turns_static_serving_on_wherever_it_starts(monkeypatch):
    """./run.sh's server (ui.serve) turns on the static serving the charts' plotly.js comes from,
    whatever directory it starts in (Streamlit reads .streamlit/config.toml from there)."""
    import streamlit.web.cli as streamlit_cli

    from ui import serve

    seen: list[list[str]] = []
    monkeypatch.setattr(serve, "warm", dict)
    monkeypatch.setattr(serve, "settle", lambda: None)  # no gc.freeze of the test process
    monkeypatch.setattr(streamlit_cli, "main", lambda: seen.append(list(sys.argv)) or 0)
    monkeypatch.setattr(sys, "argv", ["ui.serve", "--server.port", "8600"])
    with pytest.raises(SystemExit):
        serve.main()
    [argv] = seen
    assert argv[:2] == ["streamlit", "run"] and argv[-2:] == ["--server.port", "8600"]
    assert argv[argv.index("--server.enableStaticServing") + 1] == "true"
