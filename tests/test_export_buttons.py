"""ui/export_buttons.py under AppTest: four download buttons with Vietnamese labels and file
names, made only on click, and the files they make."""

import io

from PIL import Image
from streamlit.testing.v1 import AppTest

from ui.export_buttons import MIME, _maker


def _app():
    from export_samples import bar, map_

    from ui.export_buttons import render_export_buttons

    render_export_buttons(bar())
    render_export_buttons(map_())


def test_buttons_have_vietnamese_labels_and_file_names():
    at = AppTest.from_function(_app, default_timeout=60).run()
    assert not at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 8  # two charts, four formats each, no key clash
    labels = [b.proto.label for b in buttons[:4]]
    assert labels == ["Ảnh PNG", "Ảnh SVG", "Dữ liệu CSV", "Dữ liệu Excel"]
    helps = [b.proto.help for b in buttons]
    for ext in MIME:
        assert f"Tải xuống: so-lop-hoc-theo-loai-2024.{ext}" in helps
        assert f"Tải xuống: ban-do-luot-nguoi-tham-gia-2024.{ext}" in helps
    assert all(b.proto.deferred_file_id for b in buttons), "files are made on click only"
    assert all(b.proto.ignore_rerun for b in buttons), "a download does not rerun the page"


def test_each_button_makes_its_file():
    from export_samples import map_

    spec = map_()
    png = _maker(spec, "png")()
    assert Image.open(io.BytesIO(png)).format == "PNG"
    assert _maker(spec, "svg")().lstrip().startswith(b"<?xml")
    assert _maker(spec, "csv")().startswith(b"\xef\xbb\xbfM\xc3\xa3 t\xe1\xbb\x89nh")  # BOM + "Mã tỉnh"
    assert _maker(spec, "xlsx")()[:2] == b"PK"
