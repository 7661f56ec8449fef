"""Chart images without a browser: PNG at print resolution and SVG for every kind, Vietnamese
glyphs present in the fonts, Vietnamese numbers on axes and labels, the demo watermark."""

import io
import warnings
import xml.etree.ElementTree as ET

import pytest
from export_samples import bar, every_kind, stacked
from matplotlib import rc_context
from PIL import Image

from exports.images import DEMO_MARK, RC, chart_figure, render_image

KINDS = [s.kind for s in every_kind()]


@pytest.mark.parametrize("index", range(len(KINDS)), ids=KINDS)
def test_png_is_print_resolution_and_every_glyph_is_in_the_font(index):
    spec = every_kind(demo=True)[index]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_image(spec, "png")
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert not missing, missing
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    assert round(img.info["dpi"][0]) >= 200
    assert img.width >= 1200


@pytest.mark.parametrize("index", range(len(KINDS)), ids=KINDS)
def test_svg_is_valid_and_text_is_drawn_as_outlines(index):
    spec = every_kind()[index]
    svg = render_image(spec, "svg")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    # fonttype 'path': glyphs are outlines, so no viewer needs a Vietnamese font
    assert b"<text" not in svg
    if spec.kind != "map":
        assert svg == render_image(spec, "svg"), "same chart, same bytes (cacheable)"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="định dạng"):
        render_image(bar(), "gif")


def _texts(fig) -> list[str]:
    fig.draw_without_rendering()  # runs the tick formatters
    out = [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text"))]
    return [t for t in out if t]


def test_axis_and_labels_use_vietnamese_numbers_and_title_and_source():
    with rc_context(RC):
        texts = _texts(chart_figure(bar()))
    assert "1.234.567" in texts  # the bar label
    assert any(t in texts for t in ("1.000.000", "1.200.000", "1.250.000"))  # a tick
    assert "Số lớp học theo loại năm 2024" in texts
    assert any(t.startswith("Nguồn:") and "63 tỉnh" in t for t in texts)
    assert DEMO_MARK not in texts


def test_money_reads_in_ty_dong_with_decimal_commas():
    with rc_context(RC):
        texts = _texts(chart_figure(stacked()))
    assert "Kinh phí (tỷ đồng)" in texts
    assert "5,15" in texts  # 2,1 + 3,05 tỷ on top of the 2024 stack
    assert "3,75" in texts


def test_demo_data_carries_the_watermark():
    with rc_context(RC):
        texts = _texts(chart_figure(bar(demo=True)))
    assert DEMO_MARK in texts
    assert any("(DỮ LIỆU MẪU)" in t for t in texts)
