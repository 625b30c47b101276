"""Report text shown as text: a report is untrusted input, so its words must never be
read as Markdown, LaTeX or HTML by the page that shows them."""

from __future__ import annotations

import html
import re
from typing import Any

# Inline syntax (emphasis, links, code, LaTeX, HTML, Streamlit's :color[…]: directives);
# block syntax only matters at the start, since newlines are folded.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~$|:])")
_BLOCK_START = re.compile(r"^(\s*)([#>]|[-+](?=\s))")
_ORDERED_START = re.compile(r"^(\s*\d+)\.(?=\s)")


def md(value: Any) -> str:
    """Escape text for st.markdown/st.caption/st.subheader (Markdown, LaTeX `$`, HTML)."""
    if value is None:
        return ""
    text = str(value).replace("\r", " ").replace("\n", " ")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _BLOCK_START.sub(r"\1\\\2", text)
    return _ORDERED_START.sub(r"\1\\.", text)


def plotly(value: Any) -> str:
    """Escape a label for Plotly, whose text understands a subset of HTML (<a>, <b>, <br>)."""
    return html.escape("" if value is None else str(value), quote=False)
