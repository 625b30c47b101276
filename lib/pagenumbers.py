"""Printed page numbers of a PDF, read from each page's own lines, so findings cite the
page a reader sees on the paper ("报告第15页") as well as the PDF page.

Reader-independent: works on `lib.document` pages (any PDF reader's output). A page's
number is a line of the top or bottom margin that is only a number ("15", "- 15 -",
"第15页", "第 15 页 共 50 页"). A table row or a stray amount can look like that too, so
a number counts only when enough pages agree on the same offset (PDF page − printed
page), which printed numbering always shares; a page whose own lines show no agreeing
number gets none (it is cited by its PDF page alone).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from lib.document import Document, Line, Page

_NUMBER = re.compile(r"^[\s\-—–－·•]*(?:第\s*)?(\d{1,4})(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[\s\-—–－·•]*$")
MARGIN = 0.12  # share of the page height counted as top or bottom margin
MIN_AGREEING = 3


def _margin_numbers(lines: Sequence[Line], height: float | None) -> list[int]:
    """Numbers printed alone on a line in the page's top or bottom margin (first/last line
    when the page height is unknown)."""
    placed = [line for line in lines if line.top is not None]
    if height and placed:
        candidates = [line for line in placed if line.top < height * MARGIN or line.top > height * (1 - MARGIN)]
    else:
        ordered = sorted(placed, key=lambda line: line.top) if placed else list(lines)
        candidates = ordered[:1] + ordered[-1:]
    found = []
    for line in candidates:
        match = _NUMBER.match(line.text)
        if match:
            found.append(int(match.group(1)))
    return found


def printed_numbers(pages: Iterable[Page]) -> dict[int, int]:
    """PDF page (1-based) → the page number printed on it, for the pages that print one."""
    per_page = {page.number: _margin_numbers(page.lines, page.height) for page in pages}
    votes = Counter(number_page - n for number_page, numbers in per_page.items() for n in set(numbers))
    if not votes:
        return {}
    offset, count = votes.most_common(1)[0]
    if count < min(MIN_AGREEING, max(len(per_page) - 1, 2)):
        return {}
    return {page: page - offset for page, numbers in per_page.items() if (page - offset) in numbers}


def document_numbers(document: Document) -> dict[int, int]:
    """`printed_numbers` of a Document (empty for text exports and spreadsheets)."""
    return printed_numbers(document.pages) if document.kind == "pdf" else {}


def from_lines(lines: Iterable[Line]) -> dict[int, int]:
    """`printed_numbers` from a flat list of lines (a Report's all_lines): pages rebuilt
    without their heights, so the first and last line of each page are the margins."""
    grouped: dict[int, list[Line]] = {}
    for line in lines:
        grouped.setdefault(line.page, []).append(line)
    return printed_numbers(Page(number, tuple(items)) for number, items in sorted(grouped.items()))
