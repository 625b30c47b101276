"""The intermediate form every reader produces and the table recogniser consumes.

A document is pages of lines in reading order. A line carries its text, its cells
(tab-separated fields, PDF table cells, or whitespace tokens) and where it came from,
so every number downstream can point back to a page and line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

SourceKind = Literal["pdf", "text", "xlsx", "xls", "image"]


@dataclass(frozen=True)
class Line:
    """One line of the source.

    `positional` says whether `cells` keeps empty cells in place (tab-separated text,
    PDF table cells, spreadsheet rows) or is just the whitespace tokens of flattened
    text, where empty cells have vanished and amounts must be placed by arithmetic.
    `top` is pdfplumber's distance from the top of the page (None for text).
    `cell_x` (PDF text lines only, else None): the (x0, x1) extent of each of `cells`, so
    amounts of a table printed without ruling lines can be placed under their header
    column (lib.tables.columns) although their empty cells left no trace.
    """

    page: int
    line_no: int
    text: str
    cells: tuple[str, ...]
    positional: bool
    top: float | None = None
    bbox: tuple[float, float, float, float] | None = None
    cell_x: tuple[tuple[float, float], ...] | None = None
    # OCR only: each cell's box (points) and the engine's lowest confidence in it, so a
    # doubtful amount can be shown as its crop of the page image
    cell_boxes: tuple[tuple[float, float, float, float] | None, ...] | None = None
    cell_scores: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Page:
    number: int
    lines: tuple[Line, ...]
    width: float | None = None
    height: float | None = None
    # characters on the page's text layer (0 for a scanned page)
    char_count: int = 0


@dataclass(frozen=True)
class Document:
    source_name: str
    kind: SourceKind
    content_hash: str
    pages: tuple[Page, ...]
    notes: tuple[str, ...] = field(default=())
    # pages whose text was recognised by OCR from the page image (lib.readers.ocr): all
    # pages of a scan, or the image-only pages of a partly scanned PDF
    ocr_pages: tuple[int, ...] = ()

    @property
    def ocr(self) -> bool:
        return bool(self.ocr_pages)

    def iter_lines(self) -> Iterator[Line]:
        for page in self.pages:
            yield from page.lines

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def char_count(self) -> int:
        return sum(p.char_count for p in self.pages)
