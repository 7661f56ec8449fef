"""`plot(figure_json, ...)`: draw a plotly figure with the project's own plotly.js bundle.

Streamlit's plotly element loads the whole plotly.js library (4,8 MB: every trace type, WebGL,
maplibre) into each new browser session, and compiling it was most of a chart page's first visit
and reload (issue 21). The figures use five trace types, so the dashboard ships a bundle of just
those (static/plotly/, 1,4 MB, built by scripts/plotly_bundle/build.sh from the npm registry and
committed), served by Streamlit's static file serving (.streamlit/config.toml) and drawn by a
small component of the page itself (ui/plotly_view.js, st.components.v2: no iframe, so every
chart of a page shares one copy of the library).

The figure goes to the browser as the JSON the server built and validated once (ui.charts): no
per-run parse, copy or validation. The mode bar speaks Vietnamese (plotly's own locale mechanism,
texts in data/i18n/dashboard.csv)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from reference.i18n import language, t

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
_JS = Path(__file__).with_name("plotly_view.js").read_text(encoding="utf-8")
COMPONENT = "llw_plotly"
_component = st.components.v2.component(COMPONENT, js=_JS, isolate_styles=False)

# plotly's English mode-bar texts -> our key (data/i18n/dashboard.csv); plotly looks a text up
# in config.locales[locale].dictionary and shows the English when it is missing.
_MODEBAR_TEXTS = {
    "Download plot as a PNG": "dash.plotly.download_png",
    "Download plot": "dash.plotly.download",
    "Zoom": "dash.plotly.zoom",
    "Pan": "dash.plotly.pan",
    "Zoom in": "dash.plotly.zoom_in",
    "Zoom out": "dash.plotly.zoom_out",
    "Autoscale": "dash.plotly.autoscale",
    "Reset axes": "dash.plotly.reset_axes",
    "Reset view": "dash.plotly.reset_view",
    "Reset": "dash.plotly.reset",
    "Toggle Spike Lines": "dash.plotly.spikelines",
    "Show closest data on hover": "dash.plotly.hover_closest",
    "Compare data on hover": "dash.plotly.hover_compare",
    "Toggle show closest data on hover": "dash.plotly.hover_toggle",
    "Double-click on legend to isolate one trace": "dash.plotly.legend_isolate",
    "Double-click to zoom back out": "dash.plotly.zoom_back",
    "Preparing image - this may take a few seconds": "dash.plotly.preparing_image",
    "Image download succeeded": "dash.plotly.image_done",
    "Sorry, there was a problem downloading your image!": "dash.plotly.image_failed",
}


# The look Streamlit's plotly element laid over every figure (its light theme, read off the page
# drawn by st.plotly_chart): charts look as they did, and the placeholder colours of the template
# Streamlit sets as plotly's default on import ("#000001"...) never reach the browser.
_TEXT, _FADED, _GRID, _FONT = "#2F2D2B", "#808495", "#e6eaf1", '"Source Sans", sans-serif'
_SEQUENTIAL = [
    "#e4f5ff",
    "#c7ebff",
    "#a6dcff",
    "#83c9ff",
    "#60b4ff",
    "#3d9df3",
    "#1c83e1",
    "#0068c9",
    "#0054a3",
    "#004280",
]
_DIVERGING = [
    "#7d353b",
    "#bd4043",
    "#ff4b4b",
    "#ff8c8c",
    "#ffc7c7",
    "#a6dcff",
    "#60b4ff",
    "#1c83e1",
    "#0054a3",
    "#004280",
]


def _scale(colours: list[str]) -> list[list]:
    return [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]


def _axis(**extra) -> dict:
    return dict(
        zerolinecolor=_GRID,
        gridcolor=_GRID,
        tickcolor=_GRID,
        tickfont=dict(color=_FADED, size=12),
        title=dict(font=dict(color=_FADED, size=14)),
        minor=dict(gridcolor=_GRID),
        automargin=True,
        **extra,
    )


DASHBOARD_TEMPLATE = dict(
    layout=dict(
        colorway=[
            "#0068c9",
            "#83c9ff",
            "#ff2b2b",
            "#ffabab",
            "#29b09d",
            "#7defa1",
            "#ff8700",
            "#ffd16a",
            "#6d3fc0",
            "#d5dae5",
        ],
        colorscale=dict(
            sequential=_scale(_SEQUENTIAL), sequentialminus=_scale(_SEQUENTIAL), diverging=_scale(_DIVERGING)
        ),
        coloraxis=dict(
            colorscale=_scale(_SEQUENTIAL),
            colorbar=dict(
                thickness=16,
                xpad=24,
                ticklabelposition="outside",
                outlinecolor="rgba(0,0,0,0)",
                outlinewidth=8,
                len=0.75,
                y=0.5745,
                title=dict(font=dict(color=_FADED, size=14)),
                tickfont=dict(color=_FADED, size=12),
            ),
        ),
        font=dict(color=_FADED, family=_FONT, size=12),
        title=dict(font=dict(family=_FONT, size=16, color=_TEXT, weight=600), pad=dict(l=4)),
        legend=dict(
            font=dict(size=12, color="#262730"),
            title=dict(font=dict(size=12, color=_FADED), side="top"),
            valign="top",
            bordercolor="rgba(0,0,0,0)",
            borderwidth=0,
        ),
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        xaxis=_axis(title_standoff=20, showgrid=False, zeroline=False),
        yaxis=_axis(title_standoff=24, ticklabelposition="outside"),
        margin=dict(pad=8),
        hoverlabel=dict(bgcolor="#FFFFFF", bordercolor="#DCD8D4", font=dict(color=_FADED, family=_FONT, size=12)),
    )
)


def dashboard_look(figure: go.Figure) -> go.Figure:
    """The figure with the dashboard's template in place of the default one (its own layout
    settings still win). Assigned, not updated: an update would merge into Streamlit's template."""
    figure.layout.template = DASHBOARD_TEMPLATE
    return figure


def bundle_file() -> Path:
    """The one committed bundle (its name carries the plotly.js version)."""
    [path] = sorted((STATIC_DIR / "plotly").glob("plotly-*-llw.min.js"))
    return path


def content_version(path: Path) -> str:
    """A short hash of the file: part of its address, so a rebuilt bundle (a trace type added to
    entry.js, same plotly.js version) is a new address that no browser has kept (nginx lets
    browsers keep it a year)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


# looked for once: a missing bundle stops the app at start, not a chart
_BUNDLE = bundle_file()
_VERSION = content_version(_BUNDLE)


def bundle_url() -> str:
    # Streamlit serves ./static at <base>/app/static/ (server.enableStaticServing); a base path
    # behind a proxy (server.baseUrlPath) comes first.
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    relative = _BUNDLE.relative_to(STATIC_DIR).as_posix()
    return "/" + "/".join(p for p in (base, "app/static", relative) if p) + f"?v={_VERSION}"


def plotly_config(base: dict) -> dict:
    """plotly's config for the reader's language: Vietnamese dates and mode-bar texts."""
    config = dict(base)
    lang = language()
    config["locale"] = lang
    if lang == "vi":
        config["locales"] = {"vi": {"dictionary": {en: t(key) for en, key in _MODEBAR_TEXTS.items()}}}
    return config


def plot(figure_json: str, *, key: str, config: dict, selectable: bool = False) -> list[dict]:
    """Draw the figure; with `selectable`, a click on a point reruns the script and this returns
    the clicked points ({"location", "label", "x", "y", ...}) in that run, else []."""
    data = {
        "figure": figure_json,
        "config": config,
        "bundle": bundle_url(),
        "select": selectable,
        "failed": t("dash.plotly.failed"),
    }
    callbacks = {"on_selection_change": _ignore} if selectable else {}
    result = _component(key=key, data=data, width="stretch", height="content", **callbacks)
    selection = result.get("selection") if selectable else None
    return list(selection.get("points", [])) if isinstance(selection, dict) else []


def _ignore() -> None:
    """A click reruns the page; what it chose is read from the result (plot)."""
