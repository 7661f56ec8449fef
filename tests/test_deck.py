"""The briefing deck from hand-made ChartSpecs, opened again with python-pptx: 16:9, a title
slide, one slide per chart with a native chart (maps as pictures) holding exactly the spec's
values, Vietnamese number formats, Arial everywhere, speaker notes with the figures."""

import datetime as dt
import io

import pytest
from export_samples import bar, every_kind, hbar, map_, pie, stacked
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from exports.deck import COUNT_FORMAT, MILLION_FORMAT, build_deck, speaker_notes, vn_date
from exports.display import wide

DATE = dt.date(2025, 11, 27)
EXPECTED_TYPE = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "hbar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "pie": XL_CHART_TYPE.PIE,
}


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


@pytest.fixture(scope="module")
def deck_specs():
    return every_kind(demo=False)


@pytest.fixture(scope="module")
def deck(deck_specs):
    return _open(
        build_deck(
            deck_specs,
            title="Báo cáo nhanh năm 2024",
            year=2024,
            filters_text="63 tỉnh, cả nước",
            demo=False,
            date=DATE,
        )
    )


def test_deck_is_16_9_with_a_title_slide_and_one_slide_per_chart(deck, deck_specs):
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(deck.slides) == 1 + len(deck_specs)
    first = _slide_text(deck.slides[0])
    assert "Báo cáo nhanh năm 2024" in first
    assert "Năm 2024" in first
    assert "Ngày 27 tháng 11 năm 2025" in first
    assert "Nguồn số liệu" in first
    assert "Bộ lọc: 63 tỉnh, cả nước" in first
    assert "DỮ LIỆU MẪU" not in first


def test_each_slide_has_title_sentence_chart_and_source(deck, deck_specs):
    for slide, spec in zip(list(deck.slides)[1:], deck_specs, strict=True):
        assert slide.shapes.title.text_frame.text == spec.title
        text = _slide_text(slide)
        if spec.sentence:
            assert spec.sentence in text
        assert "Nguồn: Kho dữ liệu Tuần lễ hưởng ứng học tập suốt đời; bộ lọc: " in text
        charts = [s for s in slide.shapes if s.has_chart]
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if spec.kind == "map":
            assert not charts and len(pictures) == 1
        else:
            assert len(charts) == 1 and not pictures
            assert charts[0].chart.chart_type == EXPECTED_TYPE[spec.kind]


def test_native_charts_hold_exactly_the_specs_values(deck, deck_specs):
    for slide, spec in zip(list(deck.slides)[1:], deck_specs, strict=True):
        if spec.kind == "map":
            continue
        chart = next(s for s in slide.shapes if s.has_chart).chart
        table = wide(spec)
        plot = chart.plots[0]
        assert list(plot.categories) == [str(c) for c in table.index]
        assert [s.name for s in plot.series] == [str(c) for c in table.columns]
        for series, col in zip(plot.series, table.columns, strict=True):
            assert list(series.values) == [float(v) for v in table[col]]


def test_number_formats_write_vietnamese_dots_whatever_the_viewers_locale(deck, deck_specs):
    by_kind = {spec.kind: slide for slide, spec in zip(list(deck.slides)[1:], deck_specs, strict=True)}
    bar_chart = next(s for s in by_kind["bar"].shapes if s.has_chart).chart
    assert bar_chart.value_axis.tick_labels.number_format == COUNT_FORMAT
    assert bar_chart.plots[0].data_labels.number_format == COUNT_FORMAT
    money_chart = next(s for s in by_kind["stacked"].shapes if s.has_chart).chart
    assert money_chart.value_axis.tick_labels.number_format == MILLION_FORMAT
    assert money_chart.value_axis.axis_title.text_frame.text == "Kinh phí (triệu đồng)"
    # the formats themselves: literal dots, never the locale's grouping comma
    assert "," not in COUNT_FORMAT and r"\." in COUNT_FORMAT
    assert MILLION_FORMAT.endswith(",,")


def test_hbar_lists_the_first_category_on_top():
    deck = _open(build_deck([hbar()], year=2024, date=DATE))
    chart = next(s for s in deck.slides[1].shapes if s.has_chart).chart
    assert chart.category_axis.reverse_order is True
    assert chart.value_axis._element.crosses.val == XL_AXIS_CROSSES.MAXIMUM  # axis at the bottom


def test_every_text_run_is_arial_in_latin_east_asian_and_complex_script(deck):
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for slide in deck.slides:
        parts = [slide.part] + [s.chart.part for s in slide.shapes if s.has_chart]
        for part in parts:
            root = etree.fromstring(part.blob)
            runs = root.findall(".//a:r/a:rPr", ns) + root.findall(".//a:defRPr", ns)
            assert runs
            for rpr in root.findall(".//a:r/a:rPr", ns):
                for script in ("latin", "ea", "cs"):
                    el = rpr.find(f"a:{script}", ns)
                    assert el is not None and el.get("typeface") == "Arial", (part.partname, script)
                assert rpr.get("lang") == "vi-VN"
    theme = etree.fromstring(deck.slide_master.part.part_related_by(RT.THEME).blob)
    faces = {
        el.get("typeface")
        for tag in ("majorFont", "minorFont")
        for el in theme.iter(f"{{{ns['a']}}}{tag}")
        for el in el
        if el.tag.split("}")[1] in ("latin", "ea", "cs")
    }
    assert faces == {"Arial"}


def test_speaker_notes_carry_the_figures_in_vietnamese_format(deck, deck_specs):
    notes = {
        spec.kind: slide.notes_slide.notes_text_frame.text
        for slide, spec in zip(list(deck.slides)[1:], deck_specs, strict=True)
    }
    assert "- Ngoại ngữ: 1.234.567" in notes["bar"]
    assert "Năm 2024 cả nước mở 1.271.043 lớp" in notes["bar"]
    assert "- 2024: Ngân sách nhà nước 2,1 tỷ đồng; Xã hội hóa 3,05 tỷ đồng" in notes["stacked"]
    assert "Tổng: 1.000" in notes["pie"]
    assert notes["map"].count("\n- ") == 60  # every province with a figure (63 - 3 missing)
    assert "Nguồn:" in notes["line"]


def test_demo_data_is_marked_on_every_slide():
    specs = [bar(demo=True), map_(demo=True)]
    deck = _open(build_deck(specs, year=2024, date=DATE))
    assert "DỮ LIỆU MẪU — số liệu sinh tự động" in _slide_text(deck.slides[0])
    for slide in list(deck.slides)[1:]:
        assert "DỮ LIỆU MẪU" in _slide_text(slide)
        assert "(DỮ LIỆU MẪU)" in slide.notes_slide.notes_text_frame.text


def test_map_slide_lists_highest_and_lowest_and_missing():
    deck = _open(build_deck([map_(era=34, missing=2)], year=2025, date=DATE))
    text = _slide_text(deck.slides[1])
    assert "Cao nhất:" in text and "Thấp nhất:" in text
    assert "Chưa có số liệu: 2 tỉnh" in text


def test_chart_filters_win_over_the_decks_in_the_source_line():
    deck = _open(build_deck([bar(), pie()], year=2024, filters_text="Vùng Tây Nguyên", date=DATE))
    assert "bộ lọc: 63 tỉnh, cả nước" in _slide_text(deck.slides[1])
    assert "Vùng Tây Nguyên" not in _slide_text(deck.slides[1])
    assert "bộ lọc: Vùng Tây Nguyên" in _slide_text(deck.slides[2])  # pie() has no filters


def test_vn_date():
    assert vn_date(dt.date(2024, 1, 5)) == "Ngày 5 tháng 1 năm 2024"


def test_notes_of_a_stack_give_each_categorys_total_in_the_money_unit():
    notes = speaker_notes(stacked())
    assert "- 2024: Ngân sách nhà nước 2,1 tỷ đồng; Xã hội hóa 3,05 tỷ đồng; tổng 5,15 tỷ đồng" in notes
