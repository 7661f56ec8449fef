"""The project's plotly.js bundle (static/plotly/, scripts/plotly_bundle/build.sh) and how the app
serves it: one committed file, of the plotly.js version plotly.py validates figures against, with
every trace type the figures draw, served by Streamlit's static file serving."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import plotly.offline
import streamlit as st
from chart_support import ENTRY, bundled_trace_types

from ui import plotly_view

ROOT = Path(__file__).resolve().parent.parent


def test_one_bundle_of_plotly_pys_version_with_its_licence():
    path = plotly_view.bundle_file()
    version = plotly.offline.get_plotlyjs_version()
    assert path.name == f"plotly-{version}-llw.min.js"
    head = path.read_text(encoding="utf-8")[:300]
    assert head.startswith(f"/*! plotly.js v{version} (MIT")
    assert 1_000_000 < path.stat().st_size < 2_000_000, "core + five trace types, not the whole library"
    assert (path.parent / "LICENSE.plotly.js.txt").read_text().startswith("MIT License")


def test_the_entry_registers_the_trace_types_the_figures_use():
    used = set()
    for path in (ROOT / "figures").glob("*.py"):
        names = re.findall(r"\bgo\.(\w+)\(", path.read_text())
        used |= {name.lower() for name in names if name not in ("Figure", "Layout")}
    assert used and used <= bundled_trace_types(), used - bundled_trace_types()
    assert "locales/vi" in ENTRY.read_text()


def test_the_bundle_carries_each_registered_trace_type():
    text = plotly_view.bundle_file().read_text(encoding="utf-8")
    for name in bundled_trace_types():
        assert f'name:"{name}",basePlotModule' in text, name  # a trace module as esbuild minifies it


def test_streamlit_serves_the_static_folder_and_the_address_follows_the_base_path(monkeypatch):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert plotly_view.STATIC_DIR == ROOT / "static"  # Streamlit serves <main script's folder>/static
    name = plotly_view.bundle_file().name
    options = {"server.baseUrlPath": ""}
    monkeypatch.setattr(st, "get_option", lambda key: options[key])
    version = plotly_view.content_version(plotly_view.bundle_file())
    assert plotly_view.bundle_url() == f"/app/static/plotly/{name}?v={version}"
    options["server.baseUrlPath"] = "/tuan-le/"
    assert plotly_view.bundle_url() == f"/tuan-le/app/static/plotly/{name}?v={version}"


def test_a_rebuilt_bundle_is_a_new_address(tmp_path):
    """Browsers keep the bundle a year (deploy/nginx.conf): a trace type added to entry.js keeps
    the plotly.js version in the name, so the address must change with the content."""
    one, two = tmp_path / "a.js", tmp_path / "b.js"
    one.write_text("var Plotly = 1;")
    two.write_text("var Plotly = 2;")
    assert plotly_view.content_version(one) != plotly_view.content_version(two)
    assert plotly_view.content_version(one) == plotly_view.content_version(one)


def test_the_mode_bar_speaks_the_readers_language():
    from reference.i18n import use_language

    with use_language("vi"):
        config = plotly_view.plotly_config({"displaylogo": False})
    assert config["locale"] == "vi" and config["displaylogo"] is False
    words = config["locales"]["vi"]["dictionary"]
    assert words["Download plot as a PNG"] == "Tải biểu đồ (ảnh PNG)" and len(words) == len(plotly_view._MODEBAR_TEXTS)
    with use_language("en"):
        assert plotly_view.plotly_config({}) == {"locale": "en"}
