"""Download buttons under a chart: PNG, SVG (the image), CSV, XLSX (the data behind it), with
Vietnamese file names that say what and when (so-lop-hoc-theo-loai-2024.png).

The files are made only when a button is clicked (deferred callables), so a page with many
charts does not render every image on every rerun; clicking does not rerun the page."""

from __future__ import annotations

import hashlib

import streamlit as st

from figures.spec import ChartSpec, file_name
from reference.i18n import t

MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _maker(spec: ChartSpec, fmt: str):
    def make() -> bytes:
        if fmt in ("png", "svg"):
            from exports.images import render_image

            return render_image(spec, fmt)
        from exports.data import to_csv, to_xlsx

        return to_csv(spec) if fmt == "csv" else to_xlsx(spec)

    return make


def _key(spec: ChartSpec) -> str:
    what = f"{spec.slug}|{spec.title}|{spec.year}|{spec.kind}|{spec.filters}"
    return hashlib.sha1(what.encode("utf-8")).hexdigest()[:10]


def render_export_buttons(spec: ChartSpec, *, key: str | None = None) -> None:
    """Four download buttons in a row (call right under the chart)."""
    key = key or _key(spec)
    cols = st.columns(len(MIME), gap="small")
    for col, (fmt, mime) in zip(cols, MIME.items(), strict=True):
        col.download_button(
            t(f"export.button.{fmt}"),
            data=_maker(spec, fmt),
            file_name=file_name(spec, fmt),
            mime=mime,
            key=f"export-{fmt}-{key}",
            on_click="ignore",
            icon=":material/download:",
            help=f"{t('export.button.label')}: {file_name(spec, fmt)}",
            width="stretch",
        )
