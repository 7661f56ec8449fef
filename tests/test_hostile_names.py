"""Issue 16, defect 2: text that came from a person or a file (file names, sheet names, labels,
unit and display names) reaches the screen escaped (ui.text), never as Markdown: no colour
directive, bold, link or outside image. Every page of the app is run in AppTest, signed in as an
admin whose display name is hostile, over a warehouse holding submissions with hostile file
names; the upload page gets a hostile file with a hostile sheet name and row label. Every text
an element renders as Markdown (bodies, captions, titles, alerts, progress texts, widget and
expander labels, tooltips) is checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from auth_support import FAST_HASH, PASSWORD, T0
from fixtures_factory import EXPECTED, VERTICAL_LAYOUT, vertical_grid, xlsx_bytes
from markdown_text import literal
from streamlit.testing.v1 import AppTest

from auth import accounts
from auth import session as sess
from etl import submit
from ui.text import plain
from warehouse.db import connect, copy_store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# a file name holds no "/": the image address is written without one (browsers accept it)
FILE = ":red[**CẢNH BÁO**: tệp lỗi] [Bấm vào đây](https:evil.example) ![x](https:evil.example?x.png).xlsx"
DISPLAY = ":blue-background[Quản trị] **Đậm** [trang](https://evil.example) ![y](https://evil.example/y.png)"
LABEL = "**Nhãn lạ** [liên kết](https://evil.example) :green[xanh] :material/warning:"
SHEET = "__Đậm__ ~~gạch~~ (1) #2"  # Excel forbids []:*?/\ in sheet names
HOSTILE = (FILE, DISPLAY, LABEL, SHEET)
MARKDOWN_BODIES = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "error",
    "warning",
    "info",
    "success",
    "toast",
}

PAGES = [
    "pages/overview.py",
    "pages/map.py",
    "pages/classes.py",
    "pages/funding.py",
    "pages/trend.py",
    "pages/status.py",
    "pages/table.py",
    "pages/deck.py",
    "pages/upload.py",
    "pages/history.py",
    "pages/template.py",
    "pages/admin_users.py",
    "pages/admin_audit.py",
    "pages/login.py",
]


def hostile_report(year: int) -> bytes:
    vals = dict(EXPECTED, X=7)
    layout = VERTICAL_LAYOUT[:-2] + [("section", "VII", "MÔ HÌNH"), ("item", "1", LABEL, "mô hình", "X")]
    grid = vertical_grid(vals, year=year, layout=layout)
    grid.name = SHEET
    return xlsx_bytes(grid)


@pytest.fixture(scope="module")
def hostile_db(demo_db_master, tmp_path_factory) -> Path:
    """The demo warehouse (every chart has data) plus an admin and a submission, hostile."""
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "w.duckdb"
    copy_store(demo_db_master, db)
    con = connect(db)
    try:
        for key, value in FAST_HASH.items():
            accounts.change_setting(con, "test", key, value, now=T0)
        accounts.create_user(con, "test", "quantri", DISPLAY, "admin", password=PASSWORD, now=T0)
        p = submit.prepare(con, FILE.replace(".xlsx", " 2023.xlsx"), hostile_report(2023), actor="quantri")
        assert submit.confirm(con, p, actor="quantri", keep_dir=folder / "kept").loaded
    finally:
        con.close()
    return db


@pytest.fixture
def db(hostile_db, tmp_path, monkeypatch):
    copy = tmp_path / "w.duckdb"
    copy_store(hostile_db, copy)
    monkeypatch.setenv("LLW_DB", str(copy))
    return copy


def hostile_submission(db: Path, year: int) -> int:
    con = connect(db)
    try:
        name = FILE.replace(".xlsx", f" {year}.xlsx")
        return con.execute("select submission_id from submissions where file_name = ?", [name]).fetchone()[0]
    finally:
        con.close()


def markdown_sources(at: AppTest) -> list[str]:
    """Every string that some element of the run renders as Markdown."""
    out = []
    for node in at._tree:
        kind = getattr(node, "type", "")
        if kind in MARKDOWN_BODIES:
            out.append(str(node.value))
        if kind == "progress":
            out.append(node.text)
        if isinstance(getattr(node, "label", None), str):
            out.append(node.label)
        proto_help = getattr(getattr(node, "proto", None), "help", None)
        if isinstance(proto_help, str) and proto_help:
            out.append(proto_help)
    return out


def leaks(sources: list[str]) -> list[str]:
    """Sources that show a hostile text without its escaped form, i.e. as Markdown."""
    bad = []
    for s in sources:
        for h in HOSTILE:
            for part in (h, h.removesuffix(".xlsx")):
                if part in literal(s) and plain(part) not in s:
                    bad.append(s)
    return bad


def seen(sources: list[str], text: str) -> bool:
    return any(text in literal(s) for s in sources)


def run_as_admin(page: str, through_app: bool = True) -> AppTest:
    """The page in the app (navigation, sidebar) or, to act on its widgets over several runs, alone."""
    at = AppTest.from_file(APP if through_app else str(ROOT / page), default_timeout=120)
    now = dt.datetime.now()
    at.session_state["auth.session"] = sess.Session("quantri", "password", now, now, "t0")
    if through_app:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_names_as_text(db, page):
    at = run_as_admin(page)
    sources = markdown_sources(at)
    assert seen(sources, DISPLAY), "the signed-in name is shown in the sidebar"
    assert not leaks(sources), leaks(sources)
    if page == "pages/history.py":  # the caption of a chosen submission quotes its file name
        at.selectbox(key="history.pick").set_value(hostile_submission(db, 2023)).run()
        sources = markdown_sources(at)
        assert seen(sources, FILE.replace(".xlsx", " 2023.xlsx")) and not leaks(sources), leaks(sources)


def test_upload_card_shows_hostile_file_sheet_and_label_as_text(db):
    at = run_as_admin("pages/upload.py", through_app=False)
    at.file_uploader[0].set_value([(FILE, hostile_report(2024), XLSX)])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    sources = markdown_sources(at)
    assert seen(sources, FILE) and seen(sources, SHEET) and seen(sources, LABEL)
    assert not leaks(sources), leaks(sources)
    # the success message after confirming quotes the file name
    [confirm] = [b for b in at.button if b.key and b.key.startswith("upload.confirm.")]
    confirm.click()
    at.run()
    sources = markdown_sources(at)
    assert any("Đã nạp" in literal(s) and FILE in literal(s) for s in sources)
    assert not leaks(sources), leaks(sources)


def test_revert_confirmation_shows_the_file_name_as_text(db):
    at = run_as_admin("pages/history.py", through_app=False)
    sid = hostile_submission(db, 2023)
    at.selectbox(key="history.pick").set_value(sid).run()
    at.button(key=f"history.revert.{sid}").click()
    at.run()
    sources = markdown_sources(at)
    assert any("Quay lại lần nạp" in literal(s) for s in sources)
    assert not leaks(sources), leaks(sources)


def test_pages_escape_through_the_one_helper():
    """ui.text is the one way in: no page or ui module escapes on its own."""
    others = [
        p.relative_to(ROOT).as_posix()
        for folder in ("pages", "ui")
        for p in sorted((ROOT / folder).glob("*.py"))
        if p.name != "text.py" and "escape_markdown" in p.read_text(encoding="utf-8")
    ]
    assert others == []
