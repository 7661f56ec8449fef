"""The quick-report deck from the demo warehouse: slide count, chart types, and every chart's
values equal to what province_values holds for those filters (checked with SQL written here,
independently of the builders); the CLI end to end with its exit codes; LibreOffice renders it."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from etl.cli import cli
from exports.deck import build_deck
from exports.quick_report import DeckFilters, quick_report_specs

ROOT = Path(__file__).resolve().parents[1]
CLASS_TYPES = ("knowledge", "life_skills", "digital", "language", "vocational", "literacy",
               "civic", "professional", "other")


def _sum(con, year, indicator, era, codes=None) -> float:
    col = "province_code" if era == 63 else "province_code_2025"
    sql = "select coalesce(sum(value), 0) from province_values where year = ? and indicator_code = ?"
    params = [year, indicator]
    if codes:
        sql += f" and {col} in (select unnest(?))"
        params.append(list(codes))
    return float(con.execute(sql, params).fetchone()[0])


def _by_province(con, year, indicator, era, codes=None) -> dict[str, float]:
    col = "province_code" if era == 63 else "province_code_2025"
    sql = (f"select {col}, sum(value) from province_values where year = ? and indicator_code = ?"
           + (f" and {col} in (select unnest(?))" if codes else "") + " group by 1")
    params = [year, indicator] + ([list(codes)] if codes else [])
    return {c: float(v) for c, v in con.execute(sql, params).fetchall()}


def _expected(con, slug: str, f: DeckFilters) -> dict[tuple[str, str], float]:
    """(series, category) -> value, straight from province_values."""
    era, y, codes = f.layer, f.year, f.codes
    if slug == "tong-quan-hoat-dong":
        labels = {"classes.total.classes": "Lớp học", "events.seminars.count": "Hội thảo, tọa đàm",
                  "events.contests.count": "Cuộc thi", "events.new_clubs": "Câu lạc bộ mới",
                  "reading.new_bookcases": "Thư viện, tủ sách mới"}
        return {(f"Năm {yy}", label): _sum(con, yy, code, era, codes)
                for yy in (y - 1, y) for code, label in labels.items()}
    if slug == "so-lop-hoc-theo-loai":
        return {t: _sum(con, y, f"classes.{t}.classes", era, codes) for t in CLASS_TYPES}
    if slug == "kinh-phi-theo-nguon":
        return {"Ngân sách nhà nước": _sum(con, y, "funding.state_budget", era, codes),
                "Xã hội hóa": _sum(con, y, "funding.socialized", era, codes)}
    if slug == "xu-huong-so-lop-hoc":
        years = [r[0] for r in con.execute("select distinct year from province_values where year <= ?"
                                           + (" and year < 2025" if era == 63 else "")
                                           + " order by 1", [y]).fetchall()]
        return {str(yy): _sum(con, yy, "classes.total.classes", era, codes) for yy in years}
    raise AssertionError(f"unexpected chart {slug}")


FILTERS = [DeckFilters(2024), DeckFilters(2025), DeckFilters(2024, 34),
           DeckFilters(2023, 63, ("01", "79", "48"))]
NATIVE = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "hbar": XL_CHART_TYPE.BAR_CLUSTERED,
          "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE,
          "stacked": XL_CHART_TYPE.COLUMN_STACKED}


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: f.describe())
def test_deck_charts_hold_the_warehouses_values(demo_db_master, f):
    con = duckdb.connect(str(demo_db_master), read_only=True)
    specs = quick_report_specs(con, f)
    assert [s.kind for s in specs] == ["bar", "map", "hbar", "pie", "line"]
    deck = Presentation(io.BytesIO(build_deck(specs, year=f.year, filters_text=f.describe())))
    assert len(deck.slides) == 1 + len(specs)
    for slide, spec in zip(list(deck.slides)[1:], specs, strict=True):
        assert f.describe() in " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        if spec.kind == "map":
            assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in slide.shapes)
            got = dict(zip(spec.data["category"], spec.data["value"].astype(float), strict=True))
            assert got == _by_province(con, f.year, "classes.total.learners", f.layer, f.codes)
            assert len(got) == (len(f.codes) if f.codes else f.layer)
            continue
        chart = next(s for s in slide.shapes if s.has_chart).chart
        assert chart.chart_type == NATIVE[spec.kind]
        cats = list(chart.plots[0].categories)
        expected = _expected(con, spec.slug, f)
        for series in chart.plots[0].series:
            for cat, value in zip(cats, series.values, strict=True):
                if spec.slug == "tong-quan-hoat-dong":
                    want = expected[(series.name, cat)]
                elif spec.slug == "so-lop-hoc-theo-loai":
                    code = next(t for t in CLASS_TYPES if _type_label(t) == cat)
                    want = expected[code]
                else:
                    want = expected[cat]
                assert value == want, (spec.slug, series.name, cat)
        if spec.slug == "so-lop-hoc-theo-loai":
            assert len(cats) == len(CLASS_TYPES)
        if spec.slug == "xu-huong-so-lop-hoc":
            assert cats == list(expected)
    con.close()


def _type_label(t: str) -> str:
    from exports.quick_report import TYPE_LABELS

    return TYPE_LABELS[t]


def test_cli_writes_the_deck(demo_db_master, tmp_path):
    out = tmp_path / "brief.pptx"
    res = CliRunner().invoke(cli, ["deck", "--year", "2024", "--db", str(demo_db_master),
                                   "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "Đã ghi bộ slide 6 slide" in res.output
    deck = Presentation(str(out))
    assert len(deck.slides) == 6
    assert "DỮ LIỆU MẪU" in " ".join(s.text_frame.text for s in deck.slides[0].shapes
                                     if s.has_text_frame)


def test_cli_layer_and_region(demo_db_master, tmp_path):
    out = tmp_path / "brief.pptx"
    res = CliRunner().invoke(cli, ["deck", "--year", "2024", "--layer", "34", "--region",
                                   "Hà Nội, 79", "--db", str(demo_db_master), "--out", str(out)])
    assert res.exit_code == 0, res.output
    notes = Presentation(str(out)).slides[2].notes_slide.notes_text_frame.text
    assert notes.count("\n- ") == 2  # the map's figures: two provinces


@pytest.mark.parametrize("args, message", [
    (["--year", "2031"], "Không có số liệu năm 2031"),
    (["--year", "2025", "--layer", "63"], "Không có số liệu năm 2025"),
    (["--year", "2024", "--region", "Atlantis"], "không có tỉnh 'Atlantis'"),
    (["--year", "2024", "--layer", "99"], "--layer"),
    (["--layer", "63"], "--year"),
])
def test_cli_no_data_or_bad_usage_exits_2_with_a_vietnamese_message(demo_db_master, tmp_path,
                                                                     args, message):
    out = tmp_path / "x.pptx"
    proc = subprocess.run([sys.executable, "-m", "etl", "deck", *args, "--db", str(demo_db_master),
                           "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr
    assert not out.exists()


def test_cli_missing_warehouse_exits_2(tmp_path):
    res = CliRunner().invoke(cli, ["deck", "--year", "2024", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2
    assert "Không tìm thấy kho dữ liệu" in res.output


def test_quick_deck_renders_in_libreoffice(demo_db_master, tmp_path):
    from test_deck_render import pdf_text, render_deck

    con = duckdb.connect(str(demo_db_master), read_only=True)
    f = DeckFilters(2024)
    specs = quick_report_specs(con, f)
    con.close()
    pptx = tmp_path / "bao-cao-nhanh-2024.pptx"
    pptx.write_bytes(build_deck(specs, year=2024, filters_text=f.describe()))
    pdf, pngs = render_deck(pptx, "deck-quick-2024", tmp_path)
    assert len(pngs) == 1 + len(specs)
    text = pdf_text(pdf)
    assert "Tổng quan hoạt động năm 2024" in text and "DỮ LIỆU MẪU" in text
