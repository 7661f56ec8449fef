"""Later tune variations of the layout category (issue 14): registered in `catalogue.py`."""

from __future__ import annotations

from variations.catalogue import ALL_FORMATS, WIDE, Variation, _set

LAYOUT: tuple[Variation, ...] = (
    Variation(
        "turned_table",
        "layout",
        "tune",
        _set(turned=True),
        shapes=WIDE,
        formats=ALL_FORMATS,
        # hidden columns would become hidden rows, which Excel's readers show; one turn per table
        slots=("hidden", "turn"),
        doc="units across the top and indicators down the side, the total a column at the right",
    ),
)
