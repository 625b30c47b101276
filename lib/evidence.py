"""Showing where a number came from: a PDF page rendered with the cited lines boxed, or
the surrounding source lines of a text export. Bytes in, image/frame out (no UI).

Drawing is a pure function (`draw_boxes`: page image + boxes in pdfplumber's top-down
points → a new image), so what the reader sees is testable pixel by pixel; pdfplumber's
own `draw_rect` only marks its `annotated` copy, which is why the boxes were once lost.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Protocol

import pandas as pd
import pdfplumber
from PIL import Image, ImageDraw


class SourceLine(Protocol):
    """A line with its place (lib.document.Line, or a stored lib.analysed.CitedLine)."""

    page: int
    line_no: int
    text: str

Box = tuple[float, float, float, float]  # pdfplumber x0, top, x1, bottom (points, from the top-left)
HIGHLIGHT_FILL = (255, 200, 0, 70)
HIGHLIGHT_STROKE = (220, 40, 40, 255)
STROKE_WIDTH = 3
MARGIN = 3.0  # points around the cited text


def draw_boxes(image: Image.Image, boxes: Sequence[Box], page_width: float, page_height: float) -> Image.Image:
    """A copy of `image` (the whole page rendered at any resolution) with each box drawn:
    a translucent yellow fill and a red frame a few points outside the text."""
    scale_x, scale_y = image.width / page_width, image.height / page_height
    base = image.convert("RGBA")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for x0, top, x1, bottom in boxes:
        rect = ((x0 - MARGIN) * scale_x, (top - MARGIN) * scale_y, (x1 + MARGIN) * scale_x, (bottom + MARGIN) * scale_y)
        draw.rectangle(rect, fill=HIGHLIGHT_FILL, outline=HIGHLIGHT_STROKE, width=STROKE_WIDTH)
    return Image.alpha_composite(base, overlay).convert("RGB")


def page_image(data: bytes, page: int, resolution: int = 110) -> tuple[Image.Image, float, float]:
    """(image, width, height in points) of 1-based `page` of a PDF."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if not 1 <= page <= len(pdf.pages):
            raise IndexError(f"page {page} outside 1..{len(pdf.pages)}")
        pdf_page = pdf.pages[page - 1]
        image = pdf_page.to_image(resolution=resolution).original.copy()
        return image, float(pdf_page.width), float(pdf_page.height)


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def render_pdf_page(data: bytes, page: int, boxes: Sequence[Box], resolution: int = 110) -> bytes:
    """PNG of 1-based `page` with `boxes` (pdfplumber x0, top, x1, bottom) boxed."""
    image, width, height = page_image(data, page, resolution)
    return png(draw_boxes(image, boxes, width, height))


def crop_around(image: Image.Image, boxes: Sequence[Box], page_width: float, page_height: float,
                context: float = 60.0) -> Image.Image:
    """The full-width band of a (boxed) page image around `boxes`, `context` points above and below."""
    if not boxes:
        return image
    scale_y = image.height / page_height
    top = max(min(b[1] for b in boxes) - context, 0.0) * scale_y
    bottom = min(max(b[3] for b in boxes) + context, page_height) * scale_y
    return image.crop((0, int(top), image.width, int(bottom) + 1))


def source_lines(lines: Sequence[SourceLine], page: int, line: int, context: int = 4) -> pd.DataFrame:
    """The lines around (page, line) of a text export, the cited one marked ▶."""
    same_page = [item for item in lines if item.page == page]
    rows = [
        {"": "▶" if item.line_no == line else "", "行": item.line_no, "内容": item.text}
        for item in same_page if abs(item.line_no - line) <= context
    ]
    return pd.DataFrame(rows, columns=["", "行", "内容"])


def cited_captions(page: int, lines: Sequence[SourceLine], cited: Sequence[int], label: str) -> list[str]:
    """One caption per cited line of a PDF page: '<label> 第3行：<its text>' (label: the page as cited)."""
    return [f"{label} 第{line.line_no}行：{line.text}" for line in lines if line.page == page and line.line_no in cited]
