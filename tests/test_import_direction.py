"""The import graph points down the data flow and has no cycle (issue 18).

Layers, lowest first: reference → warehouse → etl / auth → figures → exports → ui → pages. A
module may import its own layer or any layer below it, never one above. Every import counts,
also one written inside a function: a late import hides a dependency from the reader, it does not
remove it. Between modules there is no cycle (a ↔ b, or longer), whatever the layers.

Exempt, as entry points that exist to know every layer: app.py (the Streamlit app: navigation
over the pages) and etl/__main__.py (assembles the command line from the packages' commands)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"reference": 0, "warehouse": 1, "etl": 2, "auth": 2, "figures": 3, "exports": 4, "ui": 5, "pages": 6}
ENTRY_POINTS = {"app", "etl.__main__"}

# Known exceptions ("importer -> imported"; a cycle as its sorted modules): none are left, and a
# new one is a defect to fix, not to list here.
KNOWN_UPWARD: set[str] = set()
KNOWN_CYCLES: set[tuple[str, ...]] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    paths = [ROOT / "app.py"] + [p for pkg in LAYERS for p in sorted((ROOT / pkg).rglob("*.py"))]
    return {_module_name(p): p for p in paths}


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module an import names (a package's __init__, or a module), or None."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str, path: Path) -> set[str]:
    out = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports the module pkg.mod when there is one
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        out |= {m for n in names if (m := _resolve(n)) and m != module}
    return out


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}


def _layer(module: str) -> int:
    return LAYERS[module.split(".")[0]]


def upward_imports() -> set[str]:
    return {
        f"{m} -> {d}"
        for m, deps in GRAPH.items()
        if m not in ENTRY_POINTS
        for d in deps
        if d not in ENTRY_POINTS and _layer(d) > _layer(m)
    }


def cycles() -> set[tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan), entry points left out."""
    graph = {m: {d for d in deps if d not in ENTRY_POINTS} for m, deps in GRAPH.items() if m not in ENTRY_POINTS}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: set[tuple[str, ...]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.add(tuple(sorted(component)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_graph_is_read():
    assert "etl.extract" in GRAPH["etl.load"] and "reference.problems" in GRAPH["etl.extract"]
    assert "app" in MODULES and "pages.upload" in MODULES


def test_no_module_imports_a_layer_above_its_own():
    found = upward_imports()
    assert not sorted(found - KNOWN_UPWARD), "import ngược chiều luồng dữ liệu"
    assert not sorted(KNOWN_UPWARD - found), "đã sửa: bỏ khỏi KNOWN_UPWARD"


def test_no_cycle_between_modules():
    found = cycles()
    assert not sorted(found - KNOWN_CYCLES), "vòng import giữa các mô-đun"
    assert not sorted(KNOWN_CYCLES - found), "đã sửa: bỏ khỏi KNOWN_CYCLES"


def test_tests_invoke_the_assembled_command_line():
    """etl.cli holds the loader's own commands only; `users`, `deck`, `history`, `synonyms` join
    in etl/__main__.py. A test that imported etl.cli's group would pass or fail depending on
    whether another test had assembled it first."""
    here = Path(__file__).resolve().parent
    stale = [
        f"{p.name}:{n}"
        for p in sorted(here.rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() == "from etl.cli import cli"
    ]
    assert not stale, "dùng `from etl.__main__ import cli`: " + ", ".join(stale)
