"""The quick-report deck from the demo warehouse: slide count, chart types, and every chart's
values equal to what province_values holds for those filters (checked with SQL written here,
independently of the builders); the CLI end to end with its exit codes; LibreOffice renders it."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from etl.__main__ import cli
from exports.deck import build_deck
from figures.report import context, quick_report_specs
from warehouse.db import connect
from warehouse.filters import Filters, province_scope
from warehouse.snapshot import load_snapshot

ROOT = Path(__file__).resolve().parents[1]


def _sum(con, year: int, indicator: str, f: Filters) -> float | None:
    """The filters' total of one indicator in one year, straight from province_values."""
    today34 = f.mode == "today34"
    era = 34 if today34 or year >= 2025 else 63
    codes = province_scope(f)[era]
    col = "province_code_2025" if today34 else "province_code"
    sql = "select sum(value) from province_values where year = ? and indicator_code = ?"
    params: list = [year, indicator]
    if codes is not None:
        sql += f" and {col} in (select unnest(?))"
        params.append(list(codes))
    v = con.execute(sql, params).fetchone()[0]
    return None if v is None else float(v)


def _n_provinces(con, year: int, f: Filters) -> float:
    codes = province_scope(f)[34 if year >= 2025 else 63]
    sql = "select count(distinct province_code) from province_values where year = ?"
    params: list = [year]
    if codes is not None:
        sql += " and province_code in (select unnest(?))"
        params.append(list(codes))
    return float(con.execute(sql, params).fetchone()[0])


def _by_province(con, year: int, indicator: str, f: Filters) -> dict[str, float]:
    today34 = f.mode == "today34"
    col = "province_code_2025" if today34 else "province_code"
    codes = province_scope(f)[34 if today34 or year >= 2025 else 63]
    sql = f"select {col}, sum(value) from province_values where year = ? and indicator_code = ?"
    params: list = [year, indicator]
    if codes is not None:
        sql += f" and {col} in (select unnest(?))"
        params.append(list(codes))
    return {c: float(v) for c, v in con.execute(sql + " group by 1", params).fetchall()}


def _expected(con, spec, f: Filters, series: str, category: str) -> float | None:
    """What the warehouse says a point of the chart must be. The builders' own rows tell which
    indicator a category stands for (indicator_code); the numbers come from SQL here."""
    rows = spec.data[spec.data["category"].astype(str) == category]
    if rows["series"].nunique() > 1:  # one series: the deck names it after the value
        rows = rows[rows["series"].astype(str) == series]
    row = rows.iloc[0]
    if spec.slug == "tong-quan":  # change against the previous year
        pair_mode = "today34" if f.year >= 2025 else f.mode  # 2025 vs 2024: on today's 34
        g = f.with_(mode=pair_mode)
        code = row["indicator_code"]
        if code == "provinces.reported":  # counted on each year's own map
            if f.year >= 2025 > f.year - 1:
                return None  # 34 against 63 provinces: no change to show
            now, before = (_n_provinces(con, y, f.with_(mode="reported")) for y in (f.year, f.year - 1))
        else:
            now, before = _sum(con, f.year, code, g), _sum(con, f.year - 1, code, g)
        return now / before - 1
    if spec.slug == "so-lop-theo-loai":
        return _sum(con, f.year, row["indicator_code"], f)
    if spec.slug == "kinh-phi-theo-nguon":
        return _sum(con, int(category), row["indicator_code"], f)
    if spec.slug.startswith("xu-huong-"):
        return _sum(con, int(category), f.indicator, f)
    raise AssertionError(f"unexpected chart {spec.slug}")


FILTERS = [
    Filters(year=2024),
    Filters(year=2025),
    Filters(year=2024, mode="today34"),
    Filters(year=2023, region="taynguyen"),
    Filters(year=2023, provinces=("01", "79", "48")),
]
NATIVE = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "hbar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
}


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: "-".join(map(str, f.to_query_params().values())))
def test_deck_charts_hold_the_warehouses_values(demo_db_master, f):
    con = connect(demo_db_master, read_only=True)
    specs = quick_report_specs(load_snapshot(con), f)
    assert [s.kind for s in specs] == ["hbar", "map", "hbar", "stacked", "line"]
    scope = context(load_snapshot(con), f).filters_text()
    deck = Presentation(io.BytesIO(build_deck(specs, year=f.year, filters_text=scope)))
    assert len(deck.slides) == 1 + len(specs)
    checked = 0
    for slide, spec in zip(list(deck.slides)[1:], specs, strict=True):
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert (spec.filters or scope) in text
        if spec.kind == "map":
            assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in slide.shapes)
            got = dict(zip(spec.data["category"], spec.data["value"].astype(float), strict=True))
            assert got == _by_province(con, f.year, f.indicator, f)
            continue
        chart = next(s for s in slide.shapes if s.has_chart).chart
        assert chart.chart_type == NATIVE[spec.kind]
        cats = list(chart.plots[0].categories)
        assert len(cats) == spec.data["category"].nunique()
        for series in chart.plots[0].series:
            for cat, value in zip(cats, series.values, strict=True):
                want = _expected(con, spec, f, series.name, cat)
                if want is None:
                    assert value is None, (spec.slug, series.name, cat)
                else:
                    assert value == pytest.approx(want, rel=1e-12), (spec.slug, series.name, cat)
                checked += 1
    assert checked >= 7 + 9 + 2 * 5 + 5
    con.close()


def test_cli_writes_the_deck(demo_db_master, tmp_path):
    out = tmp_path / "brief.pptx"
    res = CliRunner().invoke(cli, ["deck", "--year", "2024", "--db", str(demo_db_master), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "Đã ghi bộ slide 6 slide" in res.output
    deck = Presentation(str(out))
    assert len(deck.slides) == 6
    assert "DỮ LIỆU MẪU" in " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)


def test_cli_layer_and_region(demo_db_master, tmp_path):
    out = tmp_path / "brief.pptx"
    res = CliRunner().invoke(
        cli,
        [
            "deck",
            "--year",
            "2024",
            "--layer",
            "34",
            "--region",
            "Hà Nội, 79",
            "--db",
            str(demo_db_master),
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    notes = Presentation(str(out)).slides[2].notes_slide.notes_text_frame.text
    assert notes.count("\n- ") == 2  # the map's figures: two provinces


@pytest.mark.parametrize(
    "args, message",
    [
        (["--year", "2031"], "Không có số liệu năm 2031"),
        (["--year", "2025", "--layer", "63"], "Không có số liệu năm 2025"),
        (["--year", "2024", "--region", "Atlantis"], "'Atlantis' không phải vùng"),
        (["--year", "2024", "--layer", "99"], "--layer"),
        (["--layer", "63"], "--year"),
    ],
)
def test_cli_no_data_or_bad_usage_exits_2_with_a_vietnamese_message(demo_db_master, tmp_path, args, message):
    out = tmp_path / "x.pptx"
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "deck", *args, "--db", str(demo_db_master), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr
    assert not out.exists()


def test_cli_missing_warehouse_exits_2(tmp_path):
    res = CliRunner().invoke(cli, ["deck", "--year", "2024", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2
    assert "Không tìm thấy kho dữ liệu" in res.output


def test_quick_deck_renders_in_libreoffice(demo_db_master, tmp_path):
    from test_deck_render import pdf_text, render_deck

    con = connect(demo_db_master, read_only=True)
    f = Filters(year=2024)
    specs = quick_report_specs(load_snapshot(con), f)
    scope = context(load_snapshot(con), f).filters_text()
    con.close()
    pptx = tmp_path / "bao-cao-nhanh-2024.pptx"
    pptx.write_bytes(build_deck(specs, year=2024, filters_text=scope))
    pdf, pngs = render_deck(pptx, "deck-quick-2024", tmp_path)
    assert len(pngs) == 1 + len(specs)
    text = pdf_text(pdf)
    assert "Các chỉ số chính năm 2024" in text and "DỮ LIỆU MẪU" in text
    assert "4,9%" in text  # the change in classes, written as a Vietnamese label
