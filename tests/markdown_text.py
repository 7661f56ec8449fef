"""What a person reads in an element that renders Markdown: user-supplied text reaches the page
escaped (ui.text), so tests that look for it compare against the unescaped text."""

from __future__ import annotations

import html
import re


def literal(source: str) -> str:
    """Markdown escapes removed, HTML entities decoded: 'qn\\_2023\\.xlsx' -> 'qn_2023.xlsx'."""
    return html.unescape(re.sub(r"\\(.)", r"\1", source))
