"""Streamlit's file uploader in the reader's language.

Streamlit draws its own words inside the drop zone ("Upload" on the button, "50MB per file" under
it) in English, with no option to translate them, and the size it prints is the server's ceiling,
not the loader's own limit (etl.submit.max_upload_mb). A small style sheet hides those two texts and
shows ours in their place (CSS generated content). Only texts of the translation table and a number
reach it, each written as an escaped CSS string, so nothing typed by a person is ever put into the
page as HTML: this is the one place that injects markup (tests/test_hardening.py names it)."""

from __future__ import annotations

import streamlit as st

from reference.i18n import t

_BUTTON = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]'
_LIMIT = '[data-testid="stFileUploaderDropzoneInstructions"] > div'


def css_string(text: str) -> str:
    """`text` as a double-quoted CSS string: quotes, backslashes, line breaks and angle brackets
    escaped as CSS code points, so the text can neither end the string nor the style element."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def style_sheet(button: str, limit: str) -> str:
    """The rules that put `button` and `limit` in place of Streamlit's English words."""
    return (
        "<style>"
        f"{_BUTTON} > *, {_LIMIT} > * {{display: none;}}"
        f"{_BUTTON}::after {{content: {css_string(button)};}}"
        f"{_LIMIT}::after {{content: {css_string(limit)}; font-size: 0.875rem; opacity: 0.7;}}"
        "</style>"
    )


def file_uploader(label: str, *, mb: int, key: str, multiple: bool = True):
    """st.file_uploader, its drop zone worded in the reader's language with the loader's limit."""
    st.html(style_sheet(t("upload.dropzone_button"), t("upload.dropzone_limit", mb=mb)))
    return st.file_uploader(label, accept_multiple_files=multiple, key=key)
