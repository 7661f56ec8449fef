"""Output hardening for text that came from a submitted file or a form: spreadsheet formula
injection (a cell that starts with = + - @ or a control character is run by Excel and
LibreOffice) and markdown/HTML built from such text (Streamlit renders markdown; raw HTML only
with unsafe_allow_html, which this product never uses)."""

from __future__ import annotations

import html
import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")


def neutralise_formula(value):
    """A text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP); numbers
    and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells and column names cannot run as formulas (CSV/XLSX exports)."""
    out = df.copy()
    out.columns = [neutralise_formula(str(c)) if isinstance(c, str) else c for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_formula)
    return out


def escape_markdown(text) -> str:
    """Submitted text inside st.markdown/st.write: shown literally, never as a link, image or tag."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))
