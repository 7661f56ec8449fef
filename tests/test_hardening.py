"""Hostile input, one test (or more) per item of issue 7's hardening list: oversized file, zip
bombs (.xlsx, .ods, forged sizes), macro workbooks (.xlsm, vbaProject.bin, .ods Basic, .xls VBA),
XML entity bombs and external entities, a formula label (=HYPERLINK), <script> in a unit name,
SQL fragments in filters, and secrets kept out of git. Each hostile file goes through the real
loader: it is rejected with its code and nothing is written."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from fixtures_factory import (
    EXPECTED,
    csv_bytes,
    sub_unit_rows,
    vertical_grid,
    wide_grid,
    xls_bytes,
    xlsx_bytes,
    zip_bomb_bytes,
)
from python_calamine import CalamineWorkbook

from auth import audit
from auth.sanitize import escape_markdown, neutralise_formula, safe_frame
from etl.extract import analyse
from etl.load import load_analysis
from ui.uploader import css_string, style_sheet
from warehouse.db import connect

ROOT = Path(__file__).resolve().parent.parent
GOOD = xlsx_bytes(vertical_grid(year=2023, province_upper="QUẢNG NAM"))


def rejected_and_nothing_written(db: Path, file_name: str, data: bytes, code: str) -> None:
    an = analyse(file_name, data)
    assert [p.code for p in an.errors] == [code], an.problems
    assert an.errors[0].message and an.errors[0].hint  # a Vietnamese message that says what to do
    con = connect(db)
    try:
        before = con.execute("select count(*) from observations").fetchone()[0]
        res = load_analysis(con, an)
        assert res.status == "rejected"
        assert con.execute("select count(*) from observations").fetchone()[0] == before
        assert con.execute(
            "select status, n_values from submission_log where id = ?", [res.submission_id]
        ).fetchone() == ("rejected", 0)
    finally:
        con.close()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip container with some members replaced or added."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def ods_bytes() -> bytes:
    """A minimal OpenDocument spreadsheet with the report's vertical table."""
    rows = vertical_grid(year=2023, province_upper="QUẢNG NAM").rows

    def cell(v):
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, (int, float)):
            return (
                f'<table:table-cell office:value-type="float" office:value="{v}">'
                f"<text:p>{v}</text:p></table:table-cell>"
            )
        text = str(v).replace("&", "&amp;").replace("<", "&lt;")
        return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'

    body = "".join(f"<table:table-row>{''.join(cell(v) for v in r)}</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Bieu 1">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return out.getvalue()


def test_the_clean_files_load(empty_db):
    """The hostile variants below differ from these only in the hostile part."""
    for name, data in (("2023_QuangNam.xlsx", GOOD), ("2023_QuangNam.ods", ods_bytes())):
        an = analyse(name, data)
        assert an.ok and an.unit.name == "Quảng Nam" and len(an.values) == len(EXPECTED), an.problems


# ------------------------------------------------------------------------------------------------
# size, type, zip bombs
# ------------------------------------------------------------------------------------------------
def test_oversized_file(empty_db):
    padding = b"x" * (20 * 1024 * 1024 + 1 - len(b"a,b\n"))
    rejected_and_nothing_written(empty_db, "2023_QuangNam.csv", b"a,b\n" + padding, "file.too_large")


def test_size_limit_is_configurable():
    assert [p.code for p in analyse("2023_QuangNam.xlsx", GOOD, max_bytes=len(GOOD) - 1).errors] == ["file.too_large"]
    assert analyse("2023_QuangNam.xlsx", GOOD, max_bytes=len(GOOD)).ok


@pytest.mark.parametrize("name", ["bao_cao.exe", "bao_cao.html", "bao_cao.svg", "bao_cao"])
def test_other_types(empty_db, name):
    rejected_and_nothing_written(empty_db, name, b"<html><script>alert(1)</script></html>", "file.type")


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_zip_bomb(empty_db, suffix):
    rejected_and_nothing_written(empty_db, f"2023_QuangNam{suffix}", zip_bomb_bytes(16 * 1024 * 1024), "file.zip_bomb")


def test_zip_bomb_with_forged_sizes(empty_db):
    """A member whose header claims a tiny size while it inflates to 64 MB passes a sum-of-sizes
    check; its compressed size larger than its claimed size gives it away."""
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + b" " * (64 * 1024 * 1024)
        + b"</sheetData></worksheet>"
    )
    data = bytearray(rezip(GOOD, add={"xl/worksheets/sheet9.xml": sheet}))
    name = b"xl/worksheets/sheet9.xml"
    for sig, size_at, name_at, len_at in ((b"PK\x03\x04", 22, 30, 26), (b"PK\x01\x02", 24, 46, 28)):
        pos = data.find(sig)
        while pos >= 0:
            n = int.from_bytes(data[pos + len_at : pos + len_at + 2], "little")
            if data[pos + name_at : pos + name_at + n] == name:
                data[pos + size_at : pos + size_at + 4] = (1000).to_bytes(4, "little")
            pos = data.find(sig, pos + 4)
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet9.xml").file_size == 1000
    rejected_and_nothing_written(empty_db, "2023_QuangNam.xlsx", bytes(data), "file.zip_bomb")


# ------------------------------------------------------------------------------------------------
# macros
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, data",
    [
        ("2023_QuangNam.xlsm", GOOD),
        ("2023_QuangNam.xlsx", rezip(GOOD, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 508})),
        ("2023_QuangNam.ods", rezip(ods_bytes(), add={"Basic/Standard/Module1.xml": b"<script:module/>"})),
        # an .xls whose OLE directory names a VBA project storage
        ("2023_QuangNam.xls", xls_bytes(vertical_grid(year=2023)) + "_VBA_PROJECT_CUR".encode("utf-16-le")),
    ],
)
def test_macro_workbooks(empty_db, name, data):
    rejected_and_nothing_written(empty_db, name, data, "file.macro")


# ------------------------------------------------------------------------------------------------
# XML entities
# ------------------------------------------------------------------------------------------------
LAUGHS = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))


def _with_doctype(xml: bytes, root: str, subset: str, marker: bytes, entity: str) -> bytes:
    text = xml.decode("utf-8")
    text = re.sub(r"^<\?xml[^>]*\?>", "", text).lstrip()
    return (
        (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {root} [{subset}]>\n' + text)
        .encode()
        .replace(marker, entity.encode())
    )


def xlsx_entity_bomb() -> bytes:
    z = zipfile.ZipFile(io.BytesIO(GOOD))
    sheet = next(n for n in z.namelist() if n.startswith("xl/worksheets/"))
    return rezip(GOOD, replace={sheet: _with_doctype(z.read(sheet), "worksheet", LAUGHS, b"Ghi ch", "&lol9;Ghi ch")})


def test_xlsx_entity_bomb(empty_db):
    rejected_and_nothing_written(empty_db, "2023_QuangNam.xlsx", xlsx_entity_bomb(), "file.xml_entities")


def test_ods_entity_bomb(empty_db):
    data = ods_bytes()
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
    bomb = rezip(
        data, replace={"content.xml": _with_doctype(content, "office:document-content", LAUGHS, b"STT", "&lol9;")}
    )
    rejected_and_nothing_written(empty_db, "2023_QuangNam.ods", bomb, "file.xml_entities")


def test_external_entity(empty_db):
    z = zipfile.ZipFile(io.BytesIO(GOOD))
    xxe = rezip(
        GOOD,
        replace={
            "xl/workbook.xml": _with_doctype(
                z.read("xl/workbook.xml"),
                "workbook",
                '<!ENTITY xxe SYSTEM "file:///etc/passwd">',
                b"<sheets>",
                "&xxe;<sheets>",
            )
        },
    )
    rejected_and_nothing_written(empty_db, "2023_QuangNam.xlsx", xxe, "file.xml_entities")


def test_a_plain_external_doctype_is_no_threat():
    """Old OpenDocument manifests carry a bare external DOCTYPE: nothing to expand, still read."""
    data = ods_bytes()
    manifest = zipfile.ZipFile(io.BytesIO(data)).read("META-INF/manifest.xml").decode()
    manifest = manifest.replace(
        "?>", '?><!DOCTYPE manifest:manifest PUBLIC "-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">', 1
    )
    assert analyse("2023_QuangNam.ods", rezip(data, replace={"META-INF/manifest.xml": manifest.encode()})).ok


def test_neither_reader_expands_entities():
    """Behind the refusal: calamine rejects custom entities outright, and openpyxl (which the
    product uses only to write) parses through defusedxml / a non-resolving lxml parser."""
    bomb = xlsx_entity_bomb()
    with pytest.raises(Exception, match="entity"):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(bomb))
        wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
    assert openpyxl.xml.DEFUSEDXML is True
    with pytest.raises(Exception):  # noqa: B017 (openpyxl wraps the parser's error in its own)
        openpyxl.load_workbook(io.BytesIO(bomb))
    readers = [p for p in (ROOT / "etl").rglob("*.py") if "load_workbook" in p.read_text(encoding="utf-8")]
    assert readers == []  # every user file is read by calamine, behind check_upload


# ------------------------------------------------------------------------------------------------
# formula injection: a unit "name" that a spreadsheet would run
# ------------------------------------------------------------------------------------------------
HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    "value, expected",
    [
        (HOSTILE, "'" + HOSTILE),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),
        ("Hà Nội", "Hà Nội"),
        (-5, -5),
        (1.5, 1.5),
        (None, None),
        ("", ""),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_formula_label_from_a_submission_is_neutralised_in_exports(empty_db, tmp_path):
    wt = wide_grid(sub_unit_rows(["Quận Ba Đình", HOSTILE]), year=2023)
    con = connect(empty_db)
    try:  # as text (CSV): an .xlsx written by openpyxl would hold it as a formula with no value
        res = load_analysis(con, analyse("2023_HaNoi.csv", csv_bytes(wt.grid)))
        assert res.status == "accepted"
        names = con.execute(
            "select unit_name, value from unit_values where indicator_code = "
            "'classes.language.classes' order by unit_name"
        ).df()
    finally:
        con.close()
    assert HOSTILE in set(names["unit_name"])  # stored as the text it was
    safe = safe_frame(names)
    rows = list(csv.reader(io.StringIO(safe.to_csv(index=False))))
    assert ["'" + HOSTILE] == [r[0] for r in rows if "HYPERLINK" in r[0]]
    raw_xlsx, safe_xlsx = tmp_path / "raw.xlsx", tmp_path / "safe.xlsx"
    names.to_excel(raw_xlsx, index=False)
    safe.to_excel(safe_xlsx, index=False)
    kinds = {
        p.name: {
            c.data_type
            for row in openpyxl.load_workbook(p).active.iter_rows()
            for c in row
            if isinstance(c.value, str) and "HYPERLINK" in c.value
        }
        for p in (raw_xlsx, safe_xlsx)
    }
    assert kinds == {"raw.xlsx": {"f"}, "safe.xlsx": {"s"}}  # written raw it would be a live formula


def test_audit_export_is_neutralised(empty_db):
    con = connect(empty_db)
    try:
        audit.record(con, "hcm", "submission.upload", HOSTILE, {"file": HOSTILE})
        frame = safe_frame(audit.frame(audit.entries(con)))
    finally:
        con.close()
    row = next(csv.DictReader(io.StringIO(frame.to_csv(index=False))))
    assert row["target"] == "'" + HOSTILE and not row["details"].startswith("=")


# ------------------------------------------------------------------------------------------------
# <script> in a unit name
# ------------------------------------------------------------------------------------------------
SCRIPT = "<script>alert(1)</script>"


def test_script_unit_name_is_stored_as_text_and_never_rendered_as_html(empty_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    wt = wide_grid(sub_unit_rows(["Quận Ba Đình", SCRIPT]), year=2023)
    con = connect(empty_db)
    try:
        res = load_analysis(con, analyse("2023_HaNoi.xlsx", xlsx_bytes(wt.grid)))
        assert res.status == "accepted"
        assert con.execute("select count(*) from units where unit_name = ?", [SCRIPT]).fetchone()[0] == 1
    finally:
        con.close()
    monkeypatch.setenv("LLW_DB", str(empty_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    # no element of the page carries raw HTML: markdown is escaped by Streamlit unless a page opts
    # in with unsafe_allow_html, which the next test forbids
    assert not any(SCRIPT in m.value for m in at.markdown)


def test_no_page_opts_into_raw_html():
    code = [
        ROOT / "app.py",
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "ui").glob("*.py"),
        *(ROOT / "figures").glob("*.py"),
    ]
    risky = re.compile(r"unsafe_allow_html\s*=\s*True|st\.html\(|components\.v1\.html|components\.html\(")
    # the one exception: the uploader's style sheet, built from translation texts written as
    # escaped CSS strings (test below)
    assert [p.name for p in code if risky.search(p.read_text(encoding="utf-8"))] == ["uploader.py"]


@pytest.mark.parametrize("text", ['a"}</style><script>x()</script>', 'a\\"b', "dòng 1\ndòng 2", "Tối đa 20 MB"])
def test_uploader_style_sheet_keeps_texts_inside_css_strings(text):
    quoted = css_string(text)
    assert not any(c in quoted[1:-1] for c in '"<>\n') and quoted[0] == quoted[-1] == '"'
    sheet = style_sheet(text, text)
    assert sheet.count("<") == 2 and sheet.endswith("</style>") and sheet.count(quoted) == 2


@pytest.mark.parametrize(
    "text, shown",
    [
        (SCRIPT, r"&lt;script&gt;alert\(1\)&lt;/script&gt;"),
        ("[bấm vào](http://x)", r"\[bấm vào\]\(http\://x\)"),  # ':' too: no autolink
        ("![img](http://x/a.png)", r"\!\[img\]\(http\://x/a\.png\)"),
        ("Nguyễn Văn A", "Nguyễn Văn A"),
    ],
)
def test_escape_markdown(text, shown):
    assert escape_markdown(text) == shown


# ------------------------------------------------------------------------------------------------
# SQL fragments in filter values
# ------------------------------------------------------------------------------------------------
FRAGMENTS = ["' OR 1=1 --", "x'; DROP TABLE audit_log; --", "%", "_", "\\", "hcm' UNION SELECT * FROM users --"]


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_sql_fragment_in_audit_filters(empty_db, fragment):
    con = connect(empty_db)
    try:
        audit.record(con, "hcm", "auth.sign_in", "hcm", {})
        for kw in ({"actor": fragment}, {"action": fragment}, {"target": fragment}):
            assert audit.entries(con, **kw) == []
        assert len(audit.entries(con)) == 1 and audit.verify_chain(con) == []
        assert con.execute("select count(*) from users").fetchone()[0] == 0
    finally:
        con.close()


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_sql_fragment_as_a_user_name(empty_db, fragment):
    from auth import signin, store

    con = connect(empty_db)
    try:
        assert store.get_account(con, fragment) is None
        assert not signin.sign_in(con, fragment, fragment).ok
        assert audit.entries(con, action="auth.sign_in_failed")[0].target == fragment.strip().lower()
        assert {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()} >= {
            "audit_log",
            "users",
        }
    finally:
        con.close()


SQL_CALL = re.compile(r"(?:execute|executemany|query|sql)\(\s*(?:\"[^\"]*\"\s*)?f(\"\"\"|\"|')(.*?)\1", re.S)
SAFE_SPLICE = re.compile(
    r"^(marks|_?[A-Z][A-Z_]*|','\.join\('\?' \* len\(\w+\)\)|\",\"\.join\(\"\?\" \* len\(\w+\)\))$"
)


def unsafe_sql_splices(text: str) -> list[str]:
    """Expressions spliced into f-string SQL that are neither '?' lists nor module constants."""
    out = []
    for m in SQL_CALL.finditer(text):
        spliced = re.findall(r"(?<!\{)\{([^{}]+)\}(?!\})", m.group(2))
        out += [x for x in spliced if not SAFE_SPLICE.match(x.strip())]
    return out


def test_no_sql_built_from_values_in_our_layers():
    """f-strings inside execute()/query() calls may only splice in lists of '?' placeholders
    (`marks`, `','.join('?' * n)`) or module constants (`_COLUMNS`): never a value."""
    offenders = []
    for folder in ("auth", "warehouse", "etl", "ui", "pages", "figures", "exports"):
        for p in (ROOT / folder).rglob("*.py"):
            if bad := unsafe_sql_splices(p.read_text(encoding="utf-8")):
                offenders.append(f"{p.relative_to(ROOT)}: {bad}")
    assert offenders == []


def test_sql_splice_check_catches_a_value():
    """The check above is not vacuous: a value spliced into SQL is found, placeholders are not."""
    assert unsafe_sql_splices("con.execute(f\"select * from users where username = '{name}'\")") == ["name"]
    assert unsafe_sql_splices('con.execute("select 1 where x in "\n  f"({marks})", xs)') == []


def test_data_table_downloads_neutralise_formulas():
    """The data-table page's CSV/XLSX (figures.tables) go through the same rule as chart exports."""
    import io

    import openpyxl
    import pandas as pd

    from exports.tabular import write_csv as to_csv_bytes
    from exports.tabular import write_xlsx as to_xlsx_bytes

    df = pd.DataFrame({"Đơn vị": ['=HYPERLINK("http://x","y")', "Hà Nội"], "Số lớp": [-5, 12]})
    assert "'=HYPERLINK" in to_csv_bytes(df).decode("utf-8-sig")
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df))).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in cells)
    assert -5 in [c.value for c in cells]  # numbers stay numbers
