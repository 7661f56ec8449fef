"""Issue 16: no English left in a Vietnamese screen. Every page runs in AppTest (as an admin, so
every page opens, and anonymously) and every text it shows (Markdown, labels, options,
placeholders, table headers and cells, metrics) is searched for English words from a list; the
same for the command line's help of every command and its usage errors. The navigation shows
every entry (no "View N more")."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
import streamlit
from auth_support import FAST_HASH, PASSWORD, T0
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from auth import accounts
from auth import session as sess
from etl.__main__ import cli
from ui.registry import LOGIN
from ui.registry import PAGES as REGISTERED
from warehouse.db import connect, copy_store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# English a person met on these screens (issue 16), and words of the same kind
PAGE_WORDS = re.compile(
    r"\b(None|nan|NaT|accepted|rejected|reverted|Choose|Cannot|detect|View \d+ more|Deploy|File must"
    r"|Download|Page not found|Error|Usage|Missing|Invalid)\b"
)
CLI_WORDS = re.compile(
    r"\b(Usage|Options|Commands|Show this message|Error|Missing|argument|option|No such|Invalid|Try|required"
    r"|default|TEXT|INTEGER|FLOAT|FILE|PATH|DIRECTORY|COMMAND|ARGS|OPTIONS|is not|Aborted|Got unexpected"
    r"|Did you mean|does not exist)\b"
)
# every registered page (ui/registry.py, the one place pages are listed) and the sign-in page
PAGES = [f"pages/{e.name}.py" for e in REGISTERED] + [f"pages/{LOGIN.name}.py"]
PUBLIC = [p for p in PAGES if not p.startswith(("pages/upload", "pages/history", "pages/admin_"))]


@pytest.fixture(scope="module")
def admin_db(demo_db_master, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("vi") / "w.duckdb"
    copy_store(demo_db_master, db)
    con = connect(db)
    try:
        for key, value in FAST_HASH.items():
            accounts.change_setting(con, "test", key, value, now=T0)
        accounts.create_user(con, "test", "quantri", "Quản trị", "admin", password=PASSWORD, now=T0)
    finally:
        con.close()
    return db


@pytest.fixture
def db(admin_db, tmp_path, monkeypatch):
    copy = tmp_path / "w.duckdb"
    copy_store(admin_db, copy)
    monkeypatch.setenv("LLW_DB", str(copy))
    return copy


def prepared(page: str, signed_in: bool) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if signed_in:
        now = dt.datetime.now()
        at.session_state["auth.session"] = sess.Session("quantri", "password", now, now, "t0")
    at.switch_page(page)
    return at


def run(page: str, signed_in: bool) -> AppTest:
    at = prepared(page, signed_in)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


_TAB_KEYS = re.compile(r"show_tabs\(\s*\"([\w.]+)\"")


def shown_texts(at: AppTest, page: str | None = None, make=None) -> list[str]:
    """Everything the run puts in front of a person, as text. With `page` and `make` (a fresh,
    prepared AppTest not yet run), every chart's table is opened (ui.charts builds it only when
    its expander is opened) and every tab of the page is chosen in turn (ui.charts.show_tabs
    builds only the chosen tab's content), each in a new session, and read too."""
    out = _texts(at)
    if make is None:
        return out
    out += _texts(with_chart_tables(at, make, {}))
    keys = _TAB_KEYS.findall((ROOT / page).read_text(encoding="utf-8")) if page else []
    for key in keys:
        for label in [tab.label for tab in at.tabs]:
            other = fresh_run(make, {key: label})
            out += _texts(other) + _texts(with_chart_tables(other, make, {key: label}))
    return out


def fresh_run(make, state: dict) -> AppTest:
    at = make()
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def with_chart_tables(at: AppTest, make, state: dict) -> AppTest:
    """A new session like `at` (its `state`) with every chart's "figures behind the chart" opened.
    (A new session, not `at` run again: in English mode AppTest would send a radio's value back
    formatted in Vietnamese.)"""
    opened = {e.proto.id.split("-", 2)[2]: True for e in at.expander if e.proto.id.endswith(".data")}
    return fresh_run(make, {**state, **opened}) if opened else at


def _texts(at: AppTest) -> list[str]:
    out = []
    for node in at._tree:
        kind = getattr(node, "type", "")
        for attr in ("label", "placeholder"):
            v = getattr(node, attr, None)
            if isinstance(v, str):
                out.append(v)
        proto = getattr(node, "proto", None)
        for field in ("body", "text", "help", "placeholder", "label", "value"):
            v = getattr(proto, field, None) if proto is not None else None
            if isinstance(v, str) and v:
                out.append(v)
        if kind in ("selectbox", "multiselect", "radio"):
            out += [str(o) for o in node.options]
        if kind == "multiselect":
            assert node.proto.placeholder, f"multiselect '{node.label}' would show Streamlit's 'Choose options'"
        if kind in ("dataframe", "table"):
            df = node.value
            out += [str(c) for c in df.columns] + [str(v) for v in df.to_numpy().ravel()]
    return out


def english(texts: list[str], words: re.Pattern) -> list[str]:
    return sorted({m.group(0) + " ← " + s[:120] for s in texts for m in [words.search(s)] if m})


@pytest.mark.parametrize("page", PAGES)
def test_admin_pages_are_vietnamese(db, page):
    texts = shown_texts(run(page, signed_in=True), page, lambda: prepared(page, signed_in=True))
    assert english(texts, PAGE_WORDS) == []


@pytest.mark.parametrize("page", PUBLIC)
def test_public_pages_are_vietnamese(db, page):
    texts = shown_texts(run(page, signed_in=False), page, lambda: prepared(page, signed_in=False))
    assert english(texts, PAGE_WORDS) == []


def test_upload_page_refusal_of_an_unreadable_workbook_is_vietnamese(db):
    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=120)
    now = dt.datetime.now()
    at.session_state["auth.session"] = sess.Session("quantri", "password", now, now, "t0")
    at.run()
    at.file_uploader[0].set_value([("2023_QuangNam.xlsx", b"this is not a workbook" * 20, XLSX)])
    at.run()
    texts = shown_texts(at)
    assert any("Không đọc được tệp" in s for s in texts)
    assert english(texts, PAGE_WORDS) == []


def test_navigation_shows_every_entry(db, monkeypatch):
    """st.navigation is asked to show all pages, so an admin's accounts, audit and sign-out
    entries are never behind "View N more"."""
    seen = {}
    real = streamlit.navigation

    def spy(pages, **kw):
        seen.update(kw)
        return real(pages, **kw)

    monkeypatch.setattr(streamlit, "navigation", spy)
    run("pages/overview.py", signed_in=True)
    assert seen.get("expanded") is True


def test_upload_ceiling_sits_above_the_loaders_limit():
    """A file between the two limits reaches the loader and its Vietnamese message, instead of
    Streamlit's English "File must be 20.0MB or smaller" chip."""
    import tomllib

    from etl.submit import DEFAULT_MAX_UPLOAD_MB

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] > DEFAULT_MAX_UPLOAD_MB


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    yield path
    for name, sub in group.commands.items():
        if isinstance(sub, click.Group):
            yield from _commands(sub, (*path, name))
        else:
            yield (*path, name)


@pytest.mark.parametrize("path", list(_commands(cli)), ids=lambda p: " ".join(p) or "etl")
def test_cli_help_is_vietnamese(path):
    res = CliRunner().invoke(cli, [*path, "--help"], prog_name="python -m etl")
    assert res.exit_code == 0, res.output
    assert "Cách dùng:" in res.output
    assert english([res.output], CLI_WORDS) == []


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["load"],
        ["lod"],
        ["load", "x.xlsx", "--bogus"],
        ["load", "x.xlsx", "--year", "abc"],
        ["load", "--year"],
        ["deadline", "--year", "2024"],
        ["users", "role", "someone", "boss"],
        ["users", "role"],
        ["population", "khong-co.csv"],
        ["deck", "--year", "2024", "--layer", "99"],
        ["template", "--year", "2024", "extra"],
    ],
    ids=" ".join,
)
def test_cli_usage_errors_are_vietnamese(args):
    res = subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert res.returncode != 0
    out = res.stdout + res.stderr
    assert "Traceback" not in out, out
    assert english([out], CLI_WORDS) == [], out
