"""Word reports (.docx, .doc): their tables go through the spreadsheet table reader (same values,
same messages, positions as "Bảng 2, dòng 5, cột 4"), the letterhead and date line give unit and
year, hostile files are refused as spreadsheets are, and the text splits into the outline's
sections. Every report is built here with python-docx."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document

from etl.__main__ import cli
from etl.crosscheck import text_figures
from etl.extract import analyse
from etl.read import ReadError, read_bytes
from etl.word import word_cell
from tests.fixtures_factory import EXPECTED, vertical_grid, wide_grid
from tests.word_fixtures import MAU_BC, REWORDED, THEME, report_docx


def vertical(**kw):
    return vertical_grid(title_rows=0, money_unit="triệu đồng", as_text=True, **kw)


def values(an) -> dict[str, int]:
    return {v.code: v.value for v in an.values if not v.derived}


def test_mau_bc_report_loads_its_table_like_a_spreadsheet():
    an = analyse("bao_cao_quang_nam.docx", report_docx([vertical()]))
    assert an.ok, [p.render() for p in an.problems]
    assert (an.year, an.unit.code, str(an.unit_source)) == (2023, "49", "tiêu đề biểu")
    assert an.sheets == ["Bảng 2"]  # the letterhead is table 1
    assert values(an) == EXPECTED
    assert all(v.sheet == "Bảng 2" and v.cell.startswith("dòng ") for v in an.values)


def test_sections_of_the_mau_bc_outline():
    an = analyse("bao_cao.docx", report_docx([vertical()]))
    got = [(s.code, s.heading) for s in an.narrative]
    assert got == [
        ("intro", ""),
        ("direction", "1. Công tác chỉ đạo, kế hoạch, kiểm tra"),
        ("ceremony", "2. Lễ phát động"),
        ("activities", "3. Nội dung các hoạt động"),
        ("funding", "4. Kinh phí"),
        ("results", "1. Kết quả, bài học kinh nghiệm"),
        ("difficulties", "2. Khó khăn, tồn tại"),
        ("recommendations", "3. Kiến nghị, đề xuất"),
    ]
    assert [s.order for s in an.narrative] == list(range(1, 9))
    assert {s.theme for s in an.narrative} == {THEME}
    by_code = {s.code: s.text for s in an.narrative}
    assert by_code["difficulties"] == dict(MAU_BC)["2. Khó khăn, tồn tại"][0]
    assert "150 triệu đồng" in by_code["funding"] and "82,5 triệu đồng" in by_code["funding"]
    assert "Nơi nhận" not in "".join(by_code.values())


def test_reworded_headings_and_the_table_before_the_text():
    data = report_docx([vertical()], sections=REWORDED, table_after=None, letterhead_table=False)
    an = analyse("bao_cao.docx", data)
    assert an.ok and values(an) == EXPECTED and an.sheets == ["Bảng 1"]
    assert [s.code for s in an.narrative] == [
        "intro",
        "deployment",
        "funding",
        "results",
        "difficulties",
        "recommendations",
    ]
    assert {s.code: s.heading for s in an.narrative}["difficulties"] == "2. Tồn tại, hạn chế"


def test_two_tables_and_merged_header_cells():
    """A wide table with its group headers merged across columns (gridSpan) and down (vMerge),
    after the vertical one: both are read, values by district."""
    whole = {**EXPECTED, "funding.socialized": 80_000_000}  # whole millions: no decimal comma in play
    wide = wide_grid(
        [("Huyện Đại Lộc", whole), ("Huyện Duy Xuyên", whole)],
        issuer_line="UBND TỈNH QUẢNG NAM",
        title_rows=[],
        as_text=True,
    )
    assert wide.grid.merges  # the fixture has merged cells to carry into Word
    data = report_docx(
        [wide.grid],
        sections=[*MAU_BC, ("Đơn vị tính kinh phí: triệu đồng", [])],
        table_after="Đơn vị tính kinh phí: triệu đồng",
    )
    an = analyse("bao_cao.docx", data)
    assert an.ok, [p.render() for p in an.problems]
    by_unit = {}
    for v in an.values:
        if not v.derived:
            by_unit.setdefault(v.unit.name, {})[v.code] = v.value
    assert set(by_unit) == {"Huyện Đại Lộc", "Huyện Duy Xuyên"}
    assert by_unit["Huyện Đại Lộc"]["funding.state_budget"] == EXPECTED["funding.state_budget"]
    sheet = read_bytes("bao_cao.docx", data).sheets[1]
    n = sheet.caption_rows  # "4. Bảng tổng hợp số liệu", "(Có bảng kèm theo)", "Đơn vị tính ..."
    assert sorted(sheet.merged) == sorted(((r0 + n, c0), (r1 + n, c1)) for r0, c0, r1, c1 in wide.grid.merges)
    r0, c0, _, _ = wide.grid.merges[2]
    assert sheet.cell(r0 + n, c0) == wide.grid.rows[r0][c0] and sheet.cell(r0 + n, c0 + 1) is None


def test_commune_report_gives_the_commune_from_its_letterhead():
    data = report_docx([vertical()], issuer=("UBND XÃ ĐẠI HIỆP",), date_line="Đại Hiệp, ngày 15 tháng 10 năm 2023")
    an = analyse("bao_cao_xa.docx", data, unit="49")
    assert an.ok and an.year == 2023
    assert {(v.unit.level, v.unit.name) for v in an.values if not v.derived} == {("commune", "Xã Đại Hiệp")}


def test_year_from_the_date_line_alone():
    data = report_docx([vertical()], title=("BÁO CÁO", "Kết quả tổ chức Tuần lễ hưởng ứng học tập suốt đời"))
    an = analyse("bc.docx", data)
    assert an.year == 2023 and an.ok


def test_a_bad_cell_is_named_by_table_row_and_column():
    g = vertical(overrides={"ceremony.events": "-5"})
    an = analyse("bao_cao.docx", report_docx([g]))
    bad = [p for p in an.errors if p.code == "value.negative"]
    assert bad, [p.render() for p in an.problems]
    r, c = g.find("-5")  # the grid is the table itself: its row r is the table's row r + 1
    assert bad[0].where == f"Bảng 2, dòng {r + 1}, cột {c + 1}"
    assert f"[Bảng 2, dòng {r + 1}, cột {c + 1}]" in bad[0].render()


@pytest.mark.parametrize(
    ("a1", "before", "said"),
    [
        ("D14", 0, "dòng 14, cột 4"),
        ("AA3", 0, "dòng 3, cột 27"),
        ("B2:C5", 0, "dòng 2–5, cột 2–3"),
        ("D14", 2, "dòng 12, cột 4"),
        ("A1", 2, "tiêu đề trên bảng"),
        ("", 0, ""),
    ],
)
def test_word_cell(a1, before, said):
    assert word_cell(a1, before) == said


def test_docm_is_refused_like_xlsm():
    with pytest.raises(ReadError) as exc:
        read_bytes("bao_cao.docm", report_docx([vertical()]))
    assert exc.value.problem.code == "file.word_macro" and ".docm" in exc.value.problem.message


def test_docx_with_a_vba_project_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(report_docx([vertical()]))) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("word/vbaProject.bin", b"\0" * 64)
    with pytest.raises(ReadError) as exc:
        read_bytes("bao_cao.docx", buf.getvalue())
    assert exc.value.problem.code == "file.macro"


def test_docx_zip_bomb_is_refused():
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(report_docx([vertical()]))) as src,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item))
        dst.writestr("word/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(ReadError) as exc:
        read_bytes("bao_cao.docx", buf.getvalue())
    assert exc.value.problem.code == "file.zip_bomb"


def test_embedded_pictures_are_ignored(tmp_path):
    from PIL import Image

    png = tmp_path / "logo.png"
    Image.new("RGB", (4, 4), "red").save(png)
    doc = Document(io.BytesIO(report_docx([vertical()])))
    doc.add_picture(str(png))
    buf = io.BytesIO()
    doc.save(buf)
    an = analyse("bao_cao.docx", buf.getvalue())
    assert an.ok and values(an) == EXPECTED


def test_renamed_non_word_file_is_refused_in_vietnamese():
    an = analyse("bao_cao.docx", b"PK\x03\x04 not a zip at all")
    assert [p.code for p in an.errors] == ["file.corrupt"]
    an = analyse("bao_cao.doc", b"plain text, not Word 97")
    assert [p.code for p in an.errors] == ["file.word_corrupt"]


def test_doc_without_libreoffice_says_what_to_do(monkeypatch):
    import etl.word

    monkeypatch.setattr(etl.word.shutil, "which", lambda name: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    an = analyse("bao_cao.doc", ole)
    assert [p.code for p in an.errors] == ["file.doc_needs_libreoffice"]
    assert "LibreOffice" in an.errors[0].message and ".docx" in an.errors[0].hint


def _soffice_converts_to_doc(src, out_dir) -> bool:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return False
    cmd = [
        exe,
        f"-env:UserInstallation={(out_dir / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        "doc:MS Word 97",
        "--outdir",
        str(out_dir),
        str(src),
    ]
    subprocess.run(cmd, capture_output=True, timeout=180, check=False)
    return (out_dir / (src.stem + ".doc")).exists()


def test_doc_converted_by_libreoffice_loads_the_same(tmp_path):
    src = tmp_path / "bao_cao.docx"
    src.write_bytes(report_docx([vertical()]))
    if not _soffice_converts_to_doc(src, tmp_path):
        pytest.skip("cần LibreOffice Writer (soffice) để tạo tệp .doc: scripts/install_system_deps.sh cài nó")
    an = analyse("bao_cao.doc", (tmp_path / "bao_cao.doc").read_bytes())
    assert an.ok, [p.render() for p in an.problems]
    assert (an.year, an.unit.code) == (2023, "49") and values(an) == EXPECTED
    assert "difficulties" in [s.code for s in an.narrative]


def test_cli_check_and_load_take_docx(tmp_path):
    f = tmp_path / "BAO_CAO_QUANG_NAM_2023.docx"
    f.write_bytes(report_docx([vertical()]))
    db = tmp_path / "w.duckdb"
    res = CliRunner().invoke(cli, ["check", str(f)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, ["load", str(tmp_path), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "BAO_CAO_QUANG_NAM_2023.docx" in res.output


def with_funding(*lines: str) -> list:
    return [(h, list(lines) if h == "4. Kinh phí" else p) for h, p in MAU_BC]


def test_text_and_table_agree_no_warning():
    an = analyse("bao_cao.docx", report_docx([vertical()]))  # 150 and 82,5 triệu in both
    assert [p.code for p in an.problems] == []


def test_text_figure_that_differs_from_the_table_is_a_warning_at_the_table_cell():
    g = vertical()
    lines = ("a) Ngân sách nhà nước: 205 triệu đồng;", "Toàn huyện mở tổng số 99 lớp.")
    an = analyse("bao_cao.docx", report_docx([g], sections=with_funding(*lines)))
    assert an.ok  # a warning: the table's figure is loaded
    got = {p.message: p.where for p in an.warnings if p.code == "text.figure_differs"}
    row = int(g.cells["funding.state_budget"][1:])  # the grid is the table: its A1 row is the table's row
    assert got.pop("Văn bản ghi 205 triệu đồng (ngân sách nhà nước), bảng ghi 150 triệu đồng.") == (
        f"Bảng 2, dòng {row}, cột 4"
    )
    typed = [v for k, v in EXPECTED.items() if k.endswith(".classes") and not k.startswith("classes.online.")]
    assert list(got) == [f"Văn bản ghi 99 lớp (tổng số lớp), bảng ghi {sum(typed)} lớp."]
    assert values(an)["funding.state_budget"] == EXPECTED["funding.state_budget"]


def test_text_figures_read_vietnamese_amounts():
    got = text_figures(
        [
            "Kinh phí từ ngân sách nhà nước 1,5 tỷ đồng; vận động doanh nghiệp 82,5 triệu đồng.",
            "Tổng kinh phí: 12.500.000 đồng. Mở lớp tin học cho người dân (không nêu số lớp).",
        ]
    )
    assert {k: v for k, (v, _) in got.items()} == {
        "funding.state_budget": 1_500_000_000,
        "funding.socialized": 82_500_000,
        "funding.total": 12_500_000,
    }
    assert got["funding.state_budget"][1] == "1,5 tỷ đồng"


def test_text_inside_content_controls_and_tab_stops_read_as_written():
    """Offices' templates wrap parts of a report in content controls (w:sdt); a paragraph's tab
    stops (w:tabs/w:tab) are settings, not text."""
    from docx.oxml import OxmlElement
    from docx.shared import Inches

    doc = Document(io.BytesIO(report_docx([vertical()])))
    body = doc.element.body
    target = next(p for p in doc.paragraphs if p.text.startswith("Kinh phí dành cho"))
    target.paragraph_format.tab_stops.add_tab_stop(Inches(1))
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    body.insert(body.index(target._p), sdt)
    content.append(target._p)
    buf = io.BytesIO()
    doc.save(buf)
    an = analyse("bao_cao.docx", buf.getvalue())
    assert {s.code: s.text for s in an.narrative}["difficulties"] == dict(MAU_BC)["2. Khó khăn, tồn tại"][0]


def test_report_typed_in_tcvn3_reads_as_unicode():
    """Old reports typed with .VnTime fonts: letterhead, date line, text and table in TCVN3."""
    from tests.fixtures_factory import to_tcvn3

    sections = [(to_tcvn3(h), [to_tcvn3(x) for x in p]) for h, p in MAU_BC]
    data = report_docx(
        [vertical().map_text(to_tcvn3)],
        issuer=tuple(to_tcvn3(x) for x in ("UBND TỈNH QUẢNG NAM", "SỞ GIÁO DỤC VÀ ĐÀO TẠO")),
        date_line=to_tcvn3("Quảng Nam, ngày 20 tháng 10 năm 2023"),
        title=tuple(to_tcvn3(x) for x in ("BÁO CÁO", "Kết quả tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2023")),
        intro=to_tcvn3(
            "Thực hiện kế hoạch của Bộ Giáo dục và Đào tạo, đơn vị báo cáo kết quả tổ chức Tuần lễ như sau:"
        ),
        sections=sections,
        table_after=to_tcvn3("4. Bảng tổng hợp số liệu"),
    )
    an = analyse("bao_cao.docx", data)
    assert an.ok, [p.render() for p in an.problems]
    assert (an.year, an.unit.code, an.encoding) == (2023, "49", "TCVN3")
    assert values(an) == EXPECTED
    by_code = {s.code: s.text for s in an.narrative}
    assert by_code["difficulties"] == dict(MAU_BC)["2. Khó khăn, tồn tại"][0]


def test_bold_unnumbered_headings_open_sections_plain_lines_do_not():
    sections = [
        ("Kết quả đạt được", ["Nhiều mô hình học tập mới."]),
        ("Khó khăn, vướng mắc", ["Thiếu giáo viên."]),
        ("Đề xuất, kiến nghị", ["Bố trí kinh phí thường xuyên."]),
    ]
    an = analyse("bao_cao.docx", report_docx([vertical()], sections=sections, table_after=None))
    assert [(s.code, s.text) for s in an.narrative][1:] == [
        ("results", "Nhiều mô hình học tập mới."),
        ("difficulties", "Thiếu giáo viên."),
        ("recommendations", "Bố trí kinh phí thường xuyên."),
    ]
    doc = Document(io.BytesIO(report_docx([vertical()], sections=sections, table_after=None)))
    for p in doc.paragraphs:
        for r in p.runs:
            r.bold = False  # the same words as plain lines: text of the opening, no sections
    buf = io.BytesIO()
    doc.save(buf)
    an = analyse("bao_cao.docx", buf.getvalue())
    assert [s.code for s in an.narrative] == ["intro"] and "Khó khăn, vướng mắc" in an.narrative[0].text


def test_a_forged_cell_span_is_refused_before_it_is_built():
    """gridSpan is a number in the XML: a cell claiming millions of columns must not become a row."""
    doc = Document(io.BytesIO(report_docx([vertical()])))
    tc = doc.tables[1].rows[0].cells[0]._tc
    tc.get_or_add_tcPr().grid_span = 5_000_000
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(ReadError) as exc:
        read_bytes("bao_cao.docx", buf.getvalue())
    assert exc.value.problem.code == "file.word_table_too_many_cells" and "Bảng 2" in exc.value.problem.message


def test_how_a_word_table_was_read_uses_its_own_rows_and_columns():
    """`check --explain` and the upload page's reading: positions as the messages give them, and a
    value cell that loads is shown as loading."""
    from etl.explain import explain_lines, readings

    g = vertical(overrides={"ceremony.events": "-5"})
    an = analyse("bao_cao.docx", report_docx([g]))
    cells = [r for r in readings(an) if r.role == "indicator"]
    bad_r, bad_c = g.find("-5")
    assert {r.where for r in cells if not r.taken} == {f"dòng {bad_r + 1}, cột {bad_c + 1}"}
    assert len([r for r in cells if r.taken]) == len(an.stored_values())
    assert "tiêu đề cột ở dòng 1" in explain_lines(an)[0] and "Cột 4" in {r.where for r in readings(an)}
