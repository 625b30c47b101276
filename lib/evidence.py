"""Showing where a number came from: a PDF page rendered with the line highlighted, or
the surrounding source lines of a text export. Bytes in, image/frame out (no UI)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Protocol

import pandas as pd
import pdfplumber


class SourceLine(Protocol):
    """A line with its place (lib.document.Line, or a stored lib.analysed.CitedLine)."""

    page: int
    line_no: int
    text: str

HIGHLIGHT_FILL = (255, 200, 0, 70)
HIGHLIGHT_STROKE = (220, 40, 40)


def render_pdf_page(data: bytes, page: int, boxes: list[tuple[float, float, float, float]],
                    resolution: int = 110) -> bytes:
    """PNG of 1-based `page` with `boxes` (pdfplumber x0, top, x1, bottom) highlighted."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if not 1 <= page <= len(pdf.pages):
            raise IndexError(f"page {page} outside 1..{len(pdf.pages)}")
        pdf_page = pdf.pages[page - 1]
        image = pdf_page.to_image(resolution=resolution)
        for x0, top, x1, bottom in boxes:
            image.draw_rect((x0 - 3, top - 3, x1 + 3, bottom + 3), fill=HIGHLIGHT_FILL, stroke=HIGHLIGHT_STROKE,
                            stroke_width=2)
        out = io.BytesIO()
        image.original.save(out, format="PNG")
        return out.getvalue()


def source_lines(lines: Sequence[SourceLine], page: int, line: int, context: int = 4) -> pd.DataFrame:
    """The lines around (page, line) of a text export, the cited one marked ▶."""
    same_page = [item for item in lines if item.page == page]
    rows = [
        {"": "▶" if item.line_no == line else "", "行": item.line_no, "内容": item.text}
        for item in same_page if abs(item.line_no - line) <= context
    ]
    return pd.DataFrame(rows, columns=["", "行", "内容"])
