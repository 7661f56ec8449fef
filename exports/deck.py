"""The briefing deck: ChartSpecs in, a 16:9 .pptx out.

A title slide (title, year, date, data source, filters, the demo mark when it applies), then one
slide per chart: its title, the key sentence, the chart, and a source line with the filters.
Speaker notes carry the figures in Vietnamese format. Bar, line, stacked and pie charts are
native PowerPoint charts (their data opens and edits in PowerPoint); maps are PNG images drawn
by figures.render (no browser).

Numbers: a number format in a chart follows the viewer's locale ('#,##0' shows 1,234,567 on an
English Windows). Ours write the dots as literals, chosen by value range, so 1.234.567 shows
the same everywhere (PowerPoint and LibreOffice alike); money stays in đồng in the chart data
(the warehouse's figures, editable as such) and shows in triệu đồng through the format's
thousands scaling. Fonts: Arial for every run and in the theme (latin, East Asian and complex
script), which PowerPoint on Windows has and LibreOffice replaces by the metric-compatible
Liberation Sans; both carry every Vietnamese letter."""

from __future__ import annotations

import datetime as dt
import io
import math
import tempfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from exports.display import ValueDisplay, value_display, wide
from exports.images import PALETTE, SINGLE
from figures.narrative import Highlights
from figures.spec import ChartSpec, has_values
from reference.i18n import language, t

FONT = "Arial"
LANG = "vi-VN"
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
DARK = RGBColor(0x08, 0x30, 0x6B)
TEXT = RGBColor(0x25, 0x25, 0x25)
GREY = RGBColor(0x59, 0x59, 0x59)
RED = RGBColor(0xC0, 0x1F, 0x1F)

# Literal dots: 1.234.567 in every locale. Sections by value range (Excel allows two conditions).
COUNT_FORMAT = r"[>=1000000]#\.###\.###;[>=1000]#\.###;0"
# Money in đồng shown in triệu đồng: each trailing ',' divides by 1.000.
MILLION_FORMAT = r"[>=1000000000000]#\.###\.###,,;[>=1000000000]#\.###,,;0,,"
PERCENT_FORMAT = "0%"

NATIVE = {
    "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "hbar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "pie": XL_CHART_TYPE.PIE,
}


def vn_date(date: dt.date) -> str:
    return t("export.deck.date", day=date.day, month=date.month, year=date.year)


def build_deck(
    specs: Sequence[ChartSpec],
    *,
    title: str | None = None,
    year: int | None = None,
    filters_text: str = "",
    demo: bool = False,
    date: dt.date | None = None,
    highlights: Highlights | None = None,
) -> bytes:
    """A 16:9 .pptx (bytes): title slide + one slide per spec (+ the slide "Khó khăn và kiến nghị
    nổi bật" when `highlights` is given). `demo` marks every slide (it is also on when any spec
    is demo data)."""
    demo = demo or any(s.demo for s in specs)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    _widen_layouts(prs)
    _theme_fonts(prs)
    _title_slide(prs, title or t("export.deck.title"), year, filters_text, demo, date or dt.date.today())
    for spec in filter(has_values, specs):  # a chart with nothing to draw gets no slide
        _chart_slide(prs, spec, filters_text, demo)
    if highlights is not None:
        _highlights_slide(prs, highlights, filters_text, demo or highlights.spec.demo)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Presentation-wide settings


def _widen_layouts(prs) -> None:
    """The default template is 4:3: stretch master and layout placeholders to 16:9 so a slide
    that staff add later in PowerPoint fits the page."""
    factor = SLIDE_W / Inches(10)
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.placeholders:
            if shape.left is not None and shape.width is not None:
                shape.left, shape.width = Emu(int(shape.left * factor)), Emu(int(shape.width * factor))


def _theme_fonts(prs) -> None:
    """Theme major/minor fonts: Arial for latin, East Asian and complex scripts, so text that
    staff type later is Arial too."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for tag in ("a:majorFont", "a:minorFont"):
        for font in root.iter(qn(tag)):
            for script in ("a:latin", "a:ea", "a:cs"):
                el = font.find(qn(script))
                if el is not None:
                    el.set("typeface", FONT)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _font_xml(rpr) -> None:
    """latin/ea/cs typefaces and the reader's language (spell checking) on a run or default run
    properties."""
    rpr.set("lang", LANG if language() != "en" else "en-US")
    for script in ("a:latin", "a:ea", "a:cs"):
        el = rpr.find(qn(script))
        if el is None:
            el = etree.SubElement(rpr, qn(script))
        el.set("typeface", FONT)
    # Schema order: fills and effects before the fonts, hyperlinks after.
    for child in list(rpr):
        if child.tag in (qn("a:hlinkClick"), qn("a:hlinkMouseOver"), qn("a:rtl"), qn("a:extLst")):
            rpr.remove(child)
            rpr.append(child)


def _run(
    paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False, color: RGBColor = TEXT
) -> None:
    run = paragraph.add_run()
    run.text = text
    f = run.font
    f.size, f.bold, f.italic = Pt(size), bold, italic
    f.color.rgb = color
    _font_xml(run._r.get_or_add_rPr())


def _text_box(
    slide,
    left,
    top,
    width,
    height,
    lines,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    color: RGBColor = TEXT,
    align=PP_ALIGN.LEFT,
    anchor=MSO_ANCHOR.TOP,
    shape=None,
):
    box = shape or slide.shapes.add_textbox(left, top, width, height)
    if shape is not None:
        box.left, box.top, box.width, box.height = left, top, width, height
    tf = box.text_frame
    tf.clear()
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    for i, line in enumerate([lines] if isinstance(lines, str) else lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        _run(p, line, size, bold=bold, italic=italic, color=color)
    return box


def _demo_tag(slide) -> None:
    w, h = Inches(2.3), Inches(0.42)
    tag = slide.shapes.add_textbox(SLIDE_W - MARGIN - w, Inches(0.12), w, h)
    tag.line.color.rgb = RED
    tag.line.width = Pt(1.5)
    _text_box(
        slide,
        tag.left,
        tag.top,
        w,
        h,
        t("export.deck.demo_tag"),
        size=14,
        bold=True,
        color=RED,
        align=PP_ALIGN.CENTER,
        anchor=MSO_ANCHOR.MIDDLE,
        shape=tag,
    )


# ---------------------------------------------------------------------------------------------
# Slides


def _title_slide(prs, title: str, year: int | None, filters_text: str, demo: bool, date: dt.date) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    width = SLIDE_W - 2 * MARGIN
    _text_box(
        slide,
        MARGIN,
        Inches(1.5),
        width,
        Inches(1.7),
        title,
        size=38,
        bold=True,
        color=DARK,
        align=PP_ALIGN.CENTER,
        anchor=MSO_ANCHOR.BOTTOM,
        shape=slide.shapes.title,
    )
    lines = []
    if year is not None:
        lines.append(t("export.deck.year", year=year))
    lines.append(vn_date(date))
    _text_box(
        slide,
        MARGIN,
        Inches(3.4),
        width,
        Inches(1.1),
        lines,
        size=22,
        color=TEXT,
        align=PP_ALIGN.CENTER,
        shape=slide.placeholders[1],
    )
    info = [t("export.deck.source")]
    if filters_text:
        info.append(t("export.deck.filters", filters=filters_text))
    _text_box(slide, MARGIN, Inches(4.8), width, Inches(0.9), info, size=14, color=GREY, align=PP_ALIGN.CENTER)
    if demo:
        box = slide.shapes.add_textbox(Inches(2.5), Inches(5.95), SLIDE_W - Inches(5), Inches(0.6))
        box.line.color.rgb = RED
        box.line.width = Pt(2)
        _text_box(
            slide,
            box.left,
            box.top,
            box.width,
            box.height,
            t("export.deck.demo"),
            size=16,
            bold=True,
            color=RED,
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.MIDDLE,
            shape=box,
        )


def slide_source(spec: ChartSpec, filters_text: str, demo: bool) -> str:
    """'Nguồn: ...; bộ lọc: ...' for a chart slide: the chart's own filters, else the deck's."""
    line = t("chart.source")
    filters = spec.filters or filters_text
    if filters:
        line += "; " + t("export.deck.filters_inline", filters=filters)
    if demo:
        line += f" ({t('export.deck.demo_tag')})"
    return line


def _chart_slide(prs, spec: ChartSpec, filters_text: str, demo: bool) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only
    width = SLIDE_W - 2 * MARGIN
    _text_box(
        slide,
        MARGIN,
        Inches(0.3),
        width - (Inches(2.5) if demo else 0),
        Inches(0.85),
        spec.title,
        size=26,
        bold=True,
        color=DARK,
        anchor=MSO_ANCHOR.MIDDLE,
        shape=slide.shapes.title,
    )
    top = Inches(1.2)
    if spec.sentence:
        two_lines = len(spec.sentence) > 105  # about one line of 16 pt across the slide
        _text_box(slide, MARGIN, top, width, Inches(0.85 if two_lines else 0.6), spec.sentence, size=16, color=TEXT)
        top = Inches(2.1 if two_lines else 1.85)
    bottom = SLIDE_H - Inches(0.65)
    if spec.kind == "map":
        _map(slide, spec, MARGIN, top, width, bottom - top)
    else:
        _native_chart(slide, spec, MARGIN, top, width, bottom - top)
    _text_box(
        slide,
        MARGIN,
        SLIDE_H - Inches(0.6),
        width,
        Inches(0.45),
        slide_source(spec, filters_text, demo or spec.demo),
        size=11,
        italic=True,
        color=GREY,
    )
    if demo or spec.demo:
        _demo_tag(slide)
    slide.notes_slide.notes_text_frame.text = speaker_notes(spec, filters_text, demo)
    for p in slide.notes_slide.notes_text_frame.paragraphs:
        for r in p.runs:
            _font_xml(r._r.get_or_add_rPr())


def _highlights_slide(prs, h: Highlights, filters_text: str, demo: bool) -> None:
    """Units per theme (a native chart, left) and three quotes with their sources (right)."""
    _chart_slide(prs, h.spec, filters_text, demo)
    slide = prs.slides[-1]
    chart = next(sh for sh in slide.shapes if sh.has_chart)
    half = (SLIDE_W - 2 * MARGIN) // 2
    chart.width = half - Inches(0.2)
    top, bottom = chart.top, SLIDE_H - Inches(0.7)
    each = (bottom - top) // max(1, len(h.quotes))
    for i, q in enumerate(h.quotes):
        text = q.text if len(q.text) <= 260 else q.text[:257].rsplit(" ", 1)[0] + "…"
        source = t("narr.slide.source", unit=q.unit, province=q.province, section=q.section, file=q.file_name)
        box = _text_box(
            slide, MARGIN + half, top + i * each, half, each - Inches(0.1), f"“{text}”", size=13, color=TEXT
        )
        p = box.text_frame.add_paragraph()
        _run(p, source, 10, italic=True, color=GREY)
    notes = slide.notes_slide.notes_text_frame
    for q in h.quotes:
        p = notes.add_paragraph()
        _run(p, f"{q.unit} ({q.province}), {q.section}, {q.file_name}: {q.text}", 12)


def deck_display(spec: ChartSpec) -> ValueDisplay:
    """Money shows in triệu đồng in the deck (see MILLION_FORMAT)."""
    return value_display(spec, divisor=1e6)


def number_format(spec: ChartSpec) -> str:
    if spec.percent:
        return PERCENT_FORMAT
    if spec.money and deck_display(spec).divisor == 1e6:
        return MILLION_FORMAT
    return COUNT_FORMAT


def chart_data(spec: ChartSpec) -> CategoryChartData:
    """Categories and series in the builder's order; raw values (đồng, counts, fractions)."""
    table = wide(spec)
    fmt = number_format(spec)
    cd = CategoryChartData(number_format=fmt)
    cd.categories = [str(c) for c in table.index]
    for name in table.columns:
        cd.add_series(str(name), [None if _missing(v) else float(v) for v in table[name]], number_format=fmt)
    return cd


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _native_chart(slide, spec: ChartSpec, left, top, width, height) -> None:
    table = wide(spec)
    n_cats, n_series = len(table.index), len(table.columns)
    fmt = number_format(spec)
    disp = deck_display(spec)
    kind = spec.kind
    chart = slide.shapes.add_chart(NATIVE[kind], left, top, width, height, chart_data(spec)).chart
    chart.has_title = False  # the slide's title says it
    chart.font.size = Pt(12 if n_cats <= 15 else 8)
    chart.font.name = FONT
    _font_xml(chart.font._rPr)  # chart-wide default run properties
    plot = chart.plots[0]
    colors = [SINGLE] if n_series == 1 and kind != "pie" else PALETTE
    if kind == "pie":
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(PALETTE[i % len(PALETTE)][1:])
    else:
        for i, series in enumerate(plot.series):
            fmt_obj = series.format
            color = RGBColor.from_string(colors[i % len(colors)][1:])
            if kind == "line":
                fmt_obj.line.color.rgb = color
                fmt_obj.line.width = Pt(2.5)
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.rgb = color
                series.smooth = False
            else:
                fmt_obj.fill.solid()
                fmt_obj.fill.fore_color.rgb = color
        if kind in ("bar", "hbar", "stacked"):
            plot.gap_width = 60 if n_cats > 15 else 80
        if kind == "stacked":
            plot.overlap = 100

    # Data labels: values on bars and lines (not when crowded), shares on pies.
    show_labels = (
        kind == "pie" or (n_cats * n_series <= 40 and kind != "stacked") or (kind == "stacked" and n_cats <= 10)
    )
    if show_labels:
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.font.size = Pt(11 if n_cats <= 15 else 8)
        dl.font.name = FONT
        _font_xml(dl.font._rPr)
        if kind == "pie":
            dl.show_percentage, dl.show_value, dl.show_category_name = True, False, False
            dl.number_format, dl.number_format_is_linked = PERCENT_FORMAT, False
            dl.position = XL_LABEL_POSITION.OUTSIDE_END
        elif spec.percent:
            # A percent format with decimals follows the viewer's locale (4.9% in English):
            # write the labels (4,9%) ourselves; they do not follow edits of the data.
            _percent_labels(plot, table, dl.font.size)
        else:
            dl.show_value = True
            dl.number_format, dl.number_format_is_linked = fmt, False
            if kind in ("bar", "hbar"):
                dl.position = XL_LABEL_POSITION.OUTSIDE_END
            elif kind == "line":
                dl.position = XL_LABEL_POSITION.ABOVE
            else:
                dl.position = XL_LABEL_POSITION.CENTER
                dl.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                dl.font.bold = True

    if kind == "pie":
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(13)
        return
    chart.has_legend = n_series > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    va = chart.value_axis
    va.tick_labels.number_format = fmt
    va.tick_labels.number_format_is_linked = False
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = RGBColor(0xD9, 0xD9, 0xD9)
    va.format.line.fill.background()
    va.has_title = True
    va.axis_title.text_frame.text = disp.axis_label
    _style_title(va.axis_title.text_frame)
    ca = chart.category_axis
    ca.format.line.color.rgb = RGBColor(0xBD, 0xBD, 0xBD)
    ca.has_title = bool(spec.category_label) and kind != "hbar"
    if ca.has_title:
        ca.axis_title.text_frame.text = spec.category_label
        _style_title(ca.axis_title.text_frame)
    if kind == "hbar":
        ca.reverse_order = True  # first category on top, as on the page
        # ...and the value axis crosses at the last category, i.e. stays at the bottom. This
        # is the value axis's own c:crosses, which python-pptx only exposes from the other side.
        va_el = va._element
        va_el._remove_crossesAt()
        va_el._remove_crosses()
        va_el._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)
    ca.tick_labels.font.size = Pt(12 if n_cats <= 15 else 8)


def _percent_labels(plot, table, size) -> None:
    from figures.locale import fmt_percent

    for series, name in zip(plot.series, table.columns, strict=True):
        for point, value in zip(series.points, table[name], strict=True):
            if _missing(value):
                continue
            tf = point.data_label.text_frame
            tf.text = ""
            _run(tf.paragraphs[0], fmt_percent(value), size.pt if size else 11, color=TEXT)
            point.data_label.position = XL_LABEL_POSITION.OUTSIDE_END


def _style_title(tf) -> None:
    for p in tf.paragraphs:
        for r in p.runs:
            r.font.size = Pt(12)
            r.font.bold = False
            r.font.color.rgb = GREY
            _font_xml(r._r.get_or_add_rPr())


def _map(slide, spec: ChartSpec, left, top, width, height) -> None:
    """Map image on the left (height-bound), the highest and lowest provinces on the right."""
    from figures.maps import province_values
    from figures.render import render_png

    df = spec.data.rename(columns={"category": "province_code"})[["province_code", "value"]]
    disp = value_display(spec)
    with tempfile.TemporaryDirectory() as tmp:
        path = render_png(
            df,
            era=spec.era or 63,
            path=Path(tmp) / "map.png",
            title=None,
            money=spec.money,
            unit_label=None if spec.money else disp.axis_label,
            dpi=220,
            width_in=4.6,
        )
        pic = slide.shapes.add_picture(str(path), left, top, height=height)
    pic.left = left + Inches(0.6)
    vals = province_values(df, "value", spec.era or 63).dropna(subset=["value"])
    vals = vals.sort_values("value", ascending=False)
    x = pic.left + pic.width + Inches(0.6)
    lines = [t("export.deck.map_top") + ":"]
    lines += [
        f"{i}. {r.name}: {disp.label_with_unit(r.value)}" for i, r in enumerate(vals.head(5).itertuples(), start=1)
    ]
    lines += ["", t("export.deck.map_bottom") + ":"]
    lines += [f"{r.name}: {disp.label_with_unit(r.value)}" for r in vals.tail(3).iloc[::-1].itertuples()]
    n_missing = len(province_values(None, era=spec.era or 63)) - len(vals)
    if n_missing:
        lines += ["", t("export.deck.map_missing", n=n_missing)]
    _text_box(slide, x, top + Inches(0.4), SLIDE_W - MARGIN - x, height - Inches(0.4), lines, size=16, color=TEXT)


def speaker_notes(spec: ChartSpec, filters_text: str = "", demo: bool = False) -> str:
    """Title, key sentence, every figure of the chart in Vietnamese format, notes, source."""
    disp = value_display(spec)
    lines = [spec.title]
    if spec.sentence:
        lines.append(spec.sentence)
    lines.append("")
    lines.append(t("export.deck.notes_figures"))
    if spec.kind == "map":
        from figures.maps import province_values

        df = spec.data.rename(columns={"category": "province_code"})[["province_code", "value"]]
        vals = province_values(df, "value", spec.era or 63).dropna(subset=["value"])
        for r in vals.sort_values("value", ascending=False).itertuples():
            lines.append(f"- {r.name}: {disp.label_with_unit(r.value)}")
    else:
        table = wide(spec)
        single = len(table.columns) == 1
        for cat, row in table.iterrows():
            if single:
                lines.append(f"- {cat}: {disp.label_with_unit(row.iloc[0])}")
            else:
                parts = [f"{name} {disp.label_with_unit(v)}" for name, v in row.items() if not _missing(v)]
                if spec.kind == "stacked" and not spec.percent:
                    parts.append(f"{t('export.deck.total').lower()} {disp.label_with_unit(row.sum(min_count=1))}")
                lines.append(f"- {cat}: " + "; ".join(parts))
        if spec.kind == "pie" and not spec.percent:
            total = float(table.to_numpy(dtype=float, na_value=0.0).sum())
            lines.append(f"{t('export.deck.total')}: {disp.label_with_unit(total)}")
    if "sentence" in spec.data:
        lines += [""] + [x for x in dict.fromkeys(spec.data["sentence"].dropna()) if x]
    for note in spec.notes:
        lines.append(note)
    lines.append("")
    lines.append(slide_source(spec, filters_text, demo or spec.demo))
    return "\n".join(lines)
