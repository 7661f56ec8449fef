"""A ChartSpec as a PNG (print resolution) or SVG, drawn with matplotlib: no browser on the
server. Maps go through figures.render (same layers, colours and archipelago labels as the
page); bars, lines, stacks and pies are drawn here with Vietnamese numbers on axes and labels,
the title, the source line with the filters, and a DỮ LIỆU MẪU watermark on demo data.

    png = render_image(spec, "png")   # bytes, 200 dpi
    svg = render_image(spec, "svg")   # text as outlines: looks the same on every machine"""

from __future__ import annotations

import io
import math
import tempfile
import textwrap
from pathlib import Path

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from exports.display import ValueDisplay, value_display, wide
from figures.locale import fmt_percent
from figures.spec import ChartSpec, source_line
from reference.i18n import t

FONTS = ["DejaVu Sans", "Liberation Sans"]  # both carry every Vietnamese letter
DPI = 200
FORMATS = ("png", "svg")
# Colour-blind-safe qualitative palette (Okabe–Ito, without yellow, which fades on projectors).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#7f7f7f", "#8c564b", "#000000", "#bcbd22"]
SINGLE = "#2171b5"  # the map's blue, for single-series charts
DEMO_MARK = "DỮ LIỆU MẪU"  # in Vietnamese; the image says export.deck.demo_tag in the reader's language
GREY = "#595959"

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#bdbdbd",
    "axes.titlesize": 12,
    "svg.fonttype": "path",
    "svg.hashsalt": "llw",
    "axes.unicode_minus": False,
}


def render_image(spec: ChartSpec, fmt: str = "png", *, dpi: int = DPI) -> bytes:
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"định dạng ảnh không hỗ trợ: {fmt!r} (chỉ {', '.join(FORMATS)})")
    if spec.kind == "map":
        return _render_map(spec, fmt, dpi)
    with rc_context(RC):
        fig = chart_figure(spec)
        buf = io.BytesIO()
        meta = {"Date": None} if fmt == "svg" else {}
        fig.savefig(buf, format=fmt, dpi=dpi, facecolor="white", bbox_inches="tight", pad_inches=0.2, metadata=meta)
    return buf.getvalue()


def _render_map(spec: ChartSpec, fmt: str, dpi: int) -> bytes:
    from figures.render import render_png

    df = spec.data.rename(columns={"category": "province_code"})[["province_code", "value"]]
    disp = value_display(spec)
    with tempfile.TemporaryDirectory() as tmp:
        path = render_png(
            df,
            era=spec.era or 63,
            path=Path(tmp) / f"map.{fmt}",
            title=_wrap(spec.title, 60),
            money=spec.money,
            unit_label=None if spec.money else disp.axis_label,
            dpi=dpi,
            source_note=source_line(spec),
        )
        return path.read_bytes()


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) if text else text


def chart_figure(spec: ChartSpec) -> Figure:
    """The matplotlib Figure of a non-map chart (call inside rc_context(RC))."""
    table = wide(spec)
    n = len(table.index)
    tall = spec.kind == "hbar" and n > 12
    size = (10, max(5.6, 0.27 * n + 1.6)) if tall else (10, 5.6)
    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    disp = value_display(spec)
    {"bar": _bars, "hbar": _bars, "stacked": _bars, "line": _lines, "pie": _pie}[spec.kind](ax, spec, table, disp)
    fig.suptitle(_wrap(spec.title, 90), x=0.01, ha="left", fontsize=14, fontweight="bold")
    fig.supxlabel(_wrap(source_line(spec), 150), x=0.99, ha="right", fontsize=8, color=GREY)
    if spec.demo:
        ax.text(
            0.5,
            0.5,
            t("export.deck.demo_tag"),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=54,
            color="#d62728",
            alpha=0.12,
            rotation=20,
            fontweight="bold",
            zorder=10,
        )  # above the bars: a tall bar must not hide the mark
    return fig


def _colors(table) -> list[str]:
    return [SINGLE] if len(table.columns) == 1 else [PALETTE[i % len(PALETTE)] for i in range(len(table.columns))]


def _value_axis(axis, disp: ValueDisplay, integer: bool) -> None:
    axis.set_major_locator(MaxNLocator(nbins=6, integer=integer and disp.divisor == 1 and not disp.percent))

    def fmt(v, _pos):
        ticks = axis.get_majorticklocs()
        step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1
        return disp.tick(v, step)

    axis.set_major_formatter(FuncFormatter(fmt))


def _integer_values(spec: ChartSpec) -> bool:
    v = spec.data["value"].dropna()
    return bool(len(v)) and bool((v.astype(float) % 1 == 0).all())


def _bars(ax, spec: ChartSpec, table, disp: ValueDisplay) -> None:
    horizontal = spec.kind == "hbar"
    stacked = spec.kind == "stacked"
    cats = [str(c) for c in table.index]
    pos = list(range(len(cats)))
    ncol = len(table.columns)
    width = 0.75 if stacked or ncol == 1 else 0.8 / ncol
    bottom = [0.0] * len(cats)
    many = len(cats) > 12
    for i, (name, color) in enumerate(zip(table.columns, _colors(table), strict=True)):
        raw = table[name].tolist()
        vals = [0.0 if v != v else disp.scaled(v) for v in raw]  # NaN -> no bar
        if stacked:
            p = pos
        else:
            p = [x - 0.4 + width * (i + 0.5) for x in pos] if ncol > 1 else pos
        draw = ax.barh if horizontal else ax.bar
        kw = {"left" if horizontal else "bottom": bottom} if stacked else {}
        bars = draw(p, vals, width, color=color, label=str(name), zorder=2, **kw)
        if not stacked:
            ax.bar_label(
                bars,
                labels=[disp.label(v) if v == v else "" for v in raw],
                padding=2,
                fontsize=7 if many or ncol > 2 else 8.5,
                color="#252525",
            )
        else:
            bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    if stacked:
        totals = table.sum(axis=1, min_count=1)
        for x, total, top in zip(pos, totals, bottom, strict=True):
            if total == total:
                ax.annotate(
                    disp.label(total),
                    (x, top),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=8.5,
                    fontweight="bold",
                )
    if horizontal:
        ax.set_yticks(pos, cats)
        ax.invert_yaxis()  # first category on top, as on the page
        ax.set_ylim(len(cats) - 0.5, -0.5)
        ax.set_xlabel(disp.axis_label)
        ax.set_ylabel(spec.category_label)
        _value_axis(ax.xaxis, disp, _integer_values(spec))
        ax.grid(axis="x", color="#e0e0e0", zorder=0)
        ax.margins(x=0.12)
    else:
        ax.set_xticks(pos, cats)
        if max((len(c) for c in cats), default=0) * len(cats) > 90:
            ax.tick_params(axis="x", labelrotation=30)
            for label in ax.get_xticklabels():
                label.set_ha("right")
        ax.set_ylabel(disp.axis_label)
        ax.set_xlabel(spec.category_label)
        _value_axis(ax.yaxis, disp, _integer_values(spec))
        ax.grid(axis="y", color="#e0e0e0", zorder=0)
        ax.margins(y=0.12)
    if ncol > 1:
        ax.legend(frameon=False, fontsize=8.5, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _lines(ax, spec: ChartSpec, table, disp: ValueDisplay) -> None:
    cats = [str(c) for c in table.index]
    pos = list(range(len(cats)))
    few = len(cats) <= 12
    for name, color in zip(table.columns, _colors(table), strict=True):
        raw = table[name].tolist()
        vals = [float("nan") if v != v else disp.scaled(v) for v in raw]
        ax.plot(pos, vals, marker="o", color=color, label=str(name), linewidth=2, zorder=2)
        if few and len(table.columns) <= 3:
            for x, v, r in zip(pos, vals, raw, strict=True):
                if v == v:
                    ax.annotate(
                        disp.label(r),
                        (x, v),
                        xytext=(0, 6),
                        textcoords="offset points",
                        ha="center",
                        fontsize=8,
                        color=color,
                    )
    ax.set_xticks(pos, cats)
    ax.set_xlabel(spec.category_label)
    ax.set_ylabel(disp.axis_label)
    _value_axis(ax.yaxis, disp, _integer_values(spec))
    ax.set_ylim(bottom=0)
    ax.margins(y=0.15)
    ax.grid(axis="y", color="#e0e0e0", zorder=0)
    if len(table.columns) > 1:
        ax.legend(frameon=False, fontsize=8.5, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _pie(ax, spec: ChartSpec, table, disp: ValueDisplay) -> None:
    values = table.iloc[:, 0].fillna(0).astype(float)
    keep = values > 0
    values = values[keep]
    cats = [str(c) for c in values.index]
    total = float(values.sum())
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(cats))]
    wedges, _ = ax.pie(
        values.tolist(),
        colors=colors,
        startangle=90,
        counterclock=False,
        wedgeprops={"linewidth": 1, "edgecolor": "white"},
    )
    for w, v in zip(wedges, values, strict=True):
        share = v / total if total else 0
        if share < 0.03:
            continue
        angle = math.radians((w.theta1 + w.theta2) / 2)
        ax.text(
            0.68 * math.cos(angle),
            0.68 * math.sin(angle),
            fmt_percent(share),
            ha="center",
            va="center",
            fontsize=9,
            color="white",
            fontweight="bold",
        )
    labels = [f"{c}: {disp.label_with_unit(v)}" for c, v in zip(cats, values, strict=True)]
    ax.legend(
        wedges,
        labels,
        frameon=False,
        fontsize=8.5,
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
        title=spec.category_label,
    )
    ax.set_aspect("equal")
