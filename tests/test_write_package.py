"""Every statement that changes the warehouse lives in warehouse/write/ (issue 18): a test reads the
string literals of every other module (docstrings aside) and fails on one that starts a writing
statement — INSERT, UPDATE … SET, DELETE FROM, CREATE/DROP/ALTER, BEGIN/COMMIT/ROLLBACK,
CHECKPOINT, IMPORT DATABASE, ATTACH, COPY … FROM. Migrations (SQL files), tests and benchmarks are
outside its reach by design."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "tests", "benchmarks", ".git", "node_modules"}
WRITE_PACKAGE = ROOT / "warehouse" / "write"

_STATEMENT = re.compile(
    r"(?:^|;)\s*(?:--[^\n]*\n\s*)*("
    r"insert\s+(?:or\s+\w+\s+)?into\b"
    r"|update\s+[\w.\"]+\s+set\b"
    r"|delete\s+from\b"
    r"|(?:create|drop)\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?(?:table|view|index|sequence|macro|schema|type)\b"
    r"|alter\s+table\b"
    r"|truncate\b"
    r"|(?:begin|start)\s+transaction\b"
    r"|(?:begin|commit|rollback|abort|end|checkpoint)\s*(?:;|$)"
    r"|import\s+database\b"
    r"|attach\s"
    r"|copy\s+[\w.\"]+\s+from\b"
    r")",
    re.IGNORECASE,
)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def writing_statements(path: Path) -> list[str]:
    """'file:line: statement' for each string literal of `path` that starts a writing statement
    (an f-string is read with its placeholders as '{}')."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _docstrings(tree)  # and the pieces of an f-string, read with their whole
    skip |= {id(v) for j in ast.walk(tree) if isinstance(j, ast.JoinedStr) for v in j.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
        else:
            continue
        if m := _STATEMENT.search(text):
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            found.append(f"{where}:{node.lineno}: {m.group(1)!r}")
    return found


def modules_outside_the_write_package(root: Path = ROOT) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*.py")
        if not SKIP.intersection(p.relative_to(root).parts) and not p.is_relative_to(root / "warehouse" / "write")
    )


def test_no_module_outside_the_write_package_changes_the_warehouse():
    found = [hit for p in modules_outside_the_write_package() for hit in writing_statements(p)]
    assert found == [], "Câu lệnh ghi vào kho nằm ngoài warehouse/write/:\n" + "\n".join(found)


def test_the_write_package_holds_the_writes():
    """The scan reads what it should: the package's own modules are full of writing statements."""
    found = [hit for p in sorted(WRITE_PACKAGE.glob("*.py")) for hit in writing_statements(p)]
    assert len(found) >= 20


@pytest.mark.parametrize(
    "source",
    [
        'con.execute("insert into users values (?)", [1])',
        'con.execute("INSERT OR REPLACE INTO auth_settings VALUES (?, ?)")',
        "con.execute(f\"update submission_log set status = 'x' where id in ({marks})\")",
        'con.execute("DELETE FROM current_values c USING o WHERE c.year = o.year")',
        'SQL = """BEGIN TRANSACTION;\nINSERT INTO t SELECT 1"""',
        'con.execute("select 1; drop table users")',
        'con.execute("create or replace view v as select 1")',
        'con.execute("commit")',
        'con.execute("CHECKPOINT")',
        'con.execute("import database " + folder)',
        'con.execute("-- a note\\ndelete from population where year = ?")',
    ],
)
def test_the_scan_finds_a_writing_statement(tmp_path, source):
    p = tmp_path / "module.py"
    p.write_text(f'"""A module."""\n\n{source}\n', encoding="utf-8")
    assert len(writing_statements(p)) == 1


@pytest.mark.parametrize(
    "source",
    [
        'con.execute("select id from submission_log where status = ?", ["accepted"])',
        '@users.command("create")\ndef create():\n    pass',
        'MESSAGE = "Không xóa gì; bấm Cập nhật để tải lại (update set of rows)."',
        'con.execute("export database " + folder)',
        'def f():\n    """Write in one transaction; COMMIT rides along."""',
    ],
)
def test_the_scan_lets_reads_and_words_pass(tmp_path, source):
    p = tmp_path / "module.py"
    p.write_text(f'"""A module: it may insert into a docstring the words delete from and commit."""\n\n{source}\n')
    assert writing_statements(p) == []
