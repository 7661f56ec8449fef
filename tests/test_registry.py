"""Issue 18, structure of ui/: every file in pages/ is registered once, in ui/registry.py, with a
title in the text table; app.py and ui.auth register none of their own; ui.auth and ui.layout no
longer import each other."""

from __future__ import annotations

import ast
from pathlib import Path

from reference.i18n import table
from ui.registry import LOGIN, PAGES, PAGES_DIR

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_file_is_registered_once_with_a_title():
    names = [e.name for e in (*PAGES, LOGIN)]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(p.stem for p in PAGES_DIR.glob("*.py"))
    assert all(e.title in table() for e in (*PAGES, LOGIN))
    assert [e.name for e in PAGES if e.default] == ["overview"]


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


def test_pages_are_made_in_one_place():
    for path in (ROOT / "app.py", ROOT / "ui" / "auth.py"):
        assert "st.Page(PAGES" not in path.read_text(encoding="utf-8")
    assert "pages/" not in (ROOT / "app.py").read_text(encoding="utf-8").split('"""', 2)[2]


def test_ui_auth_and_ui_layout_do_not_import_each_other():
    assert not {"ui.layout", "ui.layout.ensure_app_entry"} & _imports(ROOT / "ui" / "auth.py")
