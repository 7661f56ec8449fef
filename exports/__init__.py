"""Exports for briefings, Streamlit-free: a ChartSpec becomes a PNG/SVG image (matplotlib, no
browser), the data behind it as CSV/XLSX, or a slide in a 16:9 PowerPoint deck with a native,
editable chart (maps as images).

    from exports.images import render_image        # spec -> PNG/SVG bytes
    from exports.data import to_csv, to_xlsx        # spec -> bytes (formula injection neutralised)
    from exports.tabular import write_csv, write_xlsx  # any table -> bytes (the one writer)
    from exports.deck import build_deck             # [spec] -> .pptx bytes
    python -m etl deck --year 2024 --out brief.pptx [--lang en]  # the same deck from the command line"""
