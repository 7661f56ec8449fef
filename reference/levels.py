"""Levels of reporting units, and the one rule for summing a province's sub-units: their values
are summed at one level only — districts, else communes, else units outside the catalogue
('other') — so a district and its communes are never counted twice. The view province_values
(generated in warehouse/write/views.py) and the loader's year-on-year check both take it from here."""

from __future__ import annotations

from collections.abc import Container

SUB_UNIT_LEVELS = ("district", "commune", "other")  # summed in this order of preference


def summed_level(present: Container[str]) -> str | None:
    """The level whose sum stands among the levels `present`: the first sub-unit level, else the
    province's own figure ('province'), else None."""
    for level in (*SUB_UNIT_LEVELS, "province"):
        if level in present:
            return level
    return None
