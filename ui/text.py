"""The one way text that came from a person or a file reaches the screen: file names, unit and
sheet names, labels, display names, and messages that quote any of them. Streamlit renders
Markdown (and its own directives such as :red[...] and :material/icon:) in st.markdown,
captions, titles, alerts, progress texts and widget labels, so such text is escaped first
(auth.sanitize.escape_markdown: every Markdown sign and HTML character shown literally).

    plain("[x](https://a.b)")                  -> shown as the text, not as a link
    tr("upload.cancelled", name=file)          -> t() with every text value escaped

Dataframe cells, selectbox options and download file names are shown as text by Streamlit
and must NOT go through here (they would show the backslashes)."""

from __future__ import annotations

from auth.sanitize import escape_markdown
from reference.i18n import t


def plain(text) -> str:
    """Submitted text for an element that renders Markdown: shown exactly as written."""
    return escape_markdown(text)


def tr(key: str, **values) -> str:
    """A translated text whose placeholders are filled with escaped values (text only: numbers
    are ours and keep their look)."""
    return t(key, **{k: plain(v) if isinstance(v, str) else v for k, v in values.items()})
