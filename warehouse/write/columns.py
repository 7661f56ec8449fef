"""Columns for DuckDB's replacement scan: a batch is handed over as NumPy arrays held in a local
variable of the function that runs the statement, which names it like a table."""

from __future__ import annotations

import numpy as np


def column(items: list, dtype=object) -> np.ndarray:
    """Strings (and anything untyped) as an object array, numbers typed. NumPy rather than Arrow,
    whose first use imports pandas (half a second to two seconds per process)."""
    if dtype is not object:
        return np.array(items, dtype=dtype)
    a = np.empty(len(items), dtype=object)
    a[:] = items
    return a
