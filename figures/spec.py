"""What a chart is, independent of how it is drawn.

A page draws a ChartSpec with plotly, the export writes it as PNG/SVG and its data as CSV/XLSX,
and the briefing deck turns it into a native PowerPoint chart (maps become images). Builders
that read the warehouse return ChartSpecs, so the page, the export and the deck always show
the same numbers.

`data` is tidy: one row per (category, series) with a numeric `value`. For maps, `category` is
the province code in force for `era` and `series` is unused ("")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from reference.i18n import t
from reference.vntext import strip_diacritics

ChartKind = Literal["bar", "hbar", "line", "stacked", "pie", "map"]


@dataclass(frozen=True)
class ChartSpec:
    slug: str  # file-name stem without the year, e.g. "so-lop-hoc-theo-loai"
    title: str  # Vietnamese title shown above the chart
    kind: ChartKind
    data: pd.DataFrame  # columns: category, series, value (+ optional extra columns)
    category_label: str  # axis / legend title for `category`
    value_label: str  # e.g. "Số lớp", "Kinh phí (tỷ đồng)"
    year: int | None = None  # the year shown (None for multi-year trends)
    money: bool = False  # values are đồng (shown in triệu / tỷ đồng)
    percent: bool = False  # values are fractions (0.125 shown as 12,5%)
    sentence: str = ""  # the key sentence a leader can read aloud
    filters: str = ""  # the filters in force, in words, for the source line
    era: int | None = None  # maps: 63 or 34
    notes: tuple[str, ...] = field(default_factory=tuple)  # extra lines for speaker notes
    demo: bool = False  # built from demo data


def has_values(spec: ChartSpec) -> bool:
    """Whether the spec has anything to draw (a value that is not missing): reports that carry only
    part of the form leave some charts empty, and plotly and the deck refuse an empty figure."""
    return not spec.data.empty and bool(spec.data["value"].notna().any())


def source_line(spec: ChartSpec) -> str:
    """'Nguồn: ...; bộ lọc: ...' with the demo mark when it applies, in the reader's language."""
    parts = [t("chart.source")]
    if spec.filters:
        parts.append(t("export.deck.filters_inline", filters=spec.filters))
    line = "; ".join(parts)
    return f"{line} ({t('export.deck.demo_tag')})" if spec.demo else line


def slugify(text: str) -> str:
    """'Số lớp học theo loại' -> 'so-lop-hoc-theo-loai' (ASCII, for file names)."""
    ascii_text = strip_diacritics(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def file_name(spec: ChartSpec, ext: str) -> str:
    """Vietnamese file name that says what and when: so-lop-hoc-theo-loai-2024.png."""
    stem = spec.slug or slugify(spec.title)
    if spec.year is not None:
        stem = f"{stem}-{spec.year}"
    return f"{stem}.{ext.lstrip('.')}"
