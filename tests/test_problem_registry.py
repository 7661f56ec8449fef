"""Every problem code the code base uses has its severity and a template in every language in
data/i18n/problems.csv, and every call gives the parameters its code's templates name. The source
is read (ast), so a new `an.add(...)` without a registry row fails here, not in front of a user."""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

import pytest

from reference.i18n import LANGUAGES
from reference.problems import Option, Problem, Text, registry, render, render_template

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("reference", "warehouse", "etl", "auth", "figures", "exports", "ui", "pages")
POSITION = {"sheet", "cell", "options"}  # keywords of Analysis.add that are not parameters


def _sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _constants(tree: ast.Module) -> dict[str, list[str]]:
    """Module-level NAME = "code" (like auth.submissions.CODE) and NAME = {key: "code", ...}."""
    out = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        v = node.value
        if isinstance(v, ast.Constant) and isinstance(v.value, str):
            codes = [v.value]
        elif isinstance(v, ast.Dict) and all(isinstance(x, ast.Constant) for x in v.values):
            codes = [x.value for x in v.values]
        else:
            continue
        out.update({t.id: codes for t in node.targets if isinstance(t, ast.Name)})
    return out


def _codes(node: ast.expr | None, constants: dict[str, list[str]]) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in constants:
        return constants[node.value.id]  # one of a mapping's codes
    if isinstance(node, ast.IfExp):
        return _codes(node.body, constants) + _codes(node.orelse, constants)
    return []


def _local_dicts(tree: ast.Module) -> dict[int, dict[str, ast.expr]]:
    """For each call (by id), the dict literals assigned to plain names in its function."""
    out: dict[int, dict[str, ast.expr]] = {}
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        dicts = {
            t.id: node.value
            for node in ast.walk(fn)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict | ast.IfExp)
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        out.update({id(c): dicts for c in ast.walk(fn) if isinstance(c, ast.Call)})
    return out


def _params(call: ast.Call, dict_arg: ast.expr | None, dicts: dict[str, ast.expr]) -> set[str] | None:
    """The parameter names a call gives, or None when they cannot be read."""
    names = {k.arg for k in call.keywords if k.arg is not None} - POSITION
    for k in call.keywords:
        if k.arg is not None:
            continue
        keys = _dict_keys(k.value, dicts)
        if keys is None:
            return None  # ** of something built elsewhere
        names |= keys - POSITION
    if dict_arg is not None:
        keys = _dict_keys(dict_arg, dicts)
        if keys is None:
            return None
        names |= keys
    return names


def _dict_keys(node: ast.expr, dicts: dict[str, ast.expr]) -> set[str] | None:
    """The keys of a dict literal, of a name assigned one, or of either branch of `a if c else b`
    (a position given one way or another: sheet and cell)."""
    if isinstance(node, ast.Name):
        node = dicts.get(node.id)
    if isinstance(node, ast.IfExp):
        a, b = _dict_keys(node.body, dicts), _dict_keys(node.orelse, dicts)
        return None if a is None or b is None else a & b
    if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) for k in node.keys):
        return {k.value for k in node.keys}
    return None


def _calls() -> list[tuple[str, str, set[str] | None]]:
    """(where, code, parameter names) for every problem or text made in the code base."""
    out = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        local_dicts = _local_dicts(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            receiver = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else ""
            args = node.args
            if name == "add" and receiver in ("an", "self", "analysis") and args:
                code_arg, dict_arg = args[0], None
            elif name in ("Problem", "Text") and args:
                code_arg, dict_arg = args[0], args[1] if len(args) > 1 else None
            elif name == "WordError" and args:  # a Word report's refusal, raised as _refuse in etl/read.py
                code_arg, dict_arg = args[0], None
            elif name == "_refuse" and len(args) > 1:
                code_arg, dict_arg = args[1], None
            elif name == "_problem" and args and path.name == "population.py":
                code_arg, dict_arg = args[0], None
            else:
                continue
            if isinstance(code_arg, ast.Name) and code_arg.id == "code":
                continue  # a helper handing its own `code` argument on (Analysis.add, _refuse, _problem, WordError)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            codes = _codes(code_arg, constants)
            assert codes, f"{where}: the code of a problem must be written out (a string) so it can be checked"
            out += [(where, c, _params(node, dict_arg, local_dicts.get(id(node), {}))) for c in codes]
    return out


CALLS = _calls()


def _placeholders(template: str) -> set[str]:
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field}


def test_the_scan_finds_the_loaders_problems():
    codes = {c for _, c, _ in CALLS}
    assert {"value.negative", "file.macro", "ask.row_role", "population.year", "scope.outside"} <= codes
    assert len(codes) >= 60


def test_every_code_used_has_a_template_in_every_language():
    missing = sorted({f"{w}: {c}" for w, c, _ in CALLS if c not in registry()})
    assert not missing, "mã vấn đề chưa có trong data/i18n/problems.csv:\n" + "\n".join(missing)
    for code, entry in registry().items():
        for lang in LANGUAGES:
            assert entry.templates[lang].strip(), f"{code}: chưa có câu tiếng {lang}"
            if entry.hints["vi"]:
                assert entry.hints[lang].strip(), f"{code}: chưa có gợi ý tiếng {lang}"


def test_every_registry_code_is_used():
    used = {c for _, c, _ in CALLS}
    assert not sorted(set(registry()) - used), "mã trong problems.csv không còn nơi nào dùng"


def test_every_language_names_the_same_placeholders():
    for code, entry in registry().items():
        names = {lang: _placeholders(entry.templates[lang] + entry.hints[lang]) for lang in LANGUAGES}
        assert len({frozenset(n) for n in names.values()}) == 1, (code, names)


def test_the_parameters_of_every_call_are_read():
    unread = sorted(w for w, _, given in CALLS if given is None)
    assert not unread, unread  # parameters built elsewhere (another function) cannot be checked here


def test_every_call_gives_every_placeholder_of_its_code():
    for where, code, given in CALLS:
        if given is None or code not in registry():
            continue
        entry = registry()[code]
        wanted = set().union(*(_placeholders(entry.templates[x] + entry.hints[x]) for x in LANGUAGES))
        assert wanted <= given, f"{where}: {code} cần tham số {sorted(wanted - given)}"


@pytest.mark.parametrize("code", sorted(registry()))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_renders(code, lang):
    entry = registry()[code]
    params = {n: 1234567 for n in _placeholders(entry.templates[lang] + entry.hints[lang])}
    text = render_template(entry.templates[lang], params, lang) + render_template(entry.hints[lang], params, lang)
    assert "{" not in text and "}" not in text
    if any(":n" in f for f in (entry.templates[lang],)):
        assert "1.234.567" in text  # numbers through the one number formatter


def test_a_problem_is_rendered_in_the_readers_language_with_numbers_formatted():
    p = Problem(
        "rule.year_jump",
        {
            "unit": "Hà Nội",
            "indicator": "classes.total.classes",
            "value": 12500,
            "change": Text("rule.year_jump.up", {"ratio": 12.5, "before": 1000}),
        },
        "f.xlsx",
        "Tong hop",
        "D14",
    )
    assert p.severity == "warning" and not p.is_error
    assert p.message.startswith("Hà Nội: '") and "12.500" in p.message and "gấp 12,5 lần năm trước (1.000)" in p.message
    en = p.render("en")
    assert en.startswith("Warning [Tong hop!D14]: Hà Nội: '") and "is 12.500, 12,5 times" in en
    assert "Kiểm tra" not in en and "Check the unit" in en
    assert p.render().startswith("Cảnh báo [Tong hop!D14]: Hà Nội")


def test_a_stored_problem_reads_the_same_after_the_warehouse_round_trip():
    p = Problem(
        "ask.total_mismatch",
        {"detail": Text("total.detail_rows", {"indicator": "classes.total.classes", "stated": 1500, "sum": 1499})},
        "f.xlsx",
        "Tong hop",
        "D9",
        (Option("total:abc:Tong hop!D9", "rows", Text("answer.rows_are_right")),),
    )
    stored = json.loads(json.dumps(p.as_dict(), ensure_ascii=False))
    for lang in LANGUAGES:
        assert render(stored, lang) == p.render(lang)
    assert "1.500" in p.message and "--answer 'total:abc:Tong hop!D9=rows'" in p.render("en")
    assert "use the sum of the rows" in p.render("en") and "dùng tổng các dòng" in p.render()


def test_an_upload_outcome_quotes_its_problems_in_the_readers_language():
    p = Problem("value.negative", {"label": "Số lớp", "raw": "-5"}, "f.xlsx", "Tong hop", "E9")
    text = Text("outcome.errors", {"file": "f.xlsx", "n": 1, "details": [p.as_dict()]})
    assert str(text).startswith("Tệp 'f.xlsx' có 1 lỗi") and "LỖI [Tong hop!E9]: Giá trị của 'Số lớp'" in str(text)
    en = text.render("en")
    assert en.startswith("File 'f.xlsx' has 1 error(s)") and "ERROR [Tong hop!E9]: The value of 'Số lớp'" in en
