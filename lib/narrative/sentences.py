"""The narrative as one normalised text with an origin for every character.

Narrative sentences break over lines and pages, and PDF text puts printed page numbers
and stray spaces between their words. Regexes are run over one joined, NFKC-normalised,
space-free text; every match can still point back to its (page, line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lib.document import Line
from lib.textnorm import nfkc

# a top-level heading: 一、… / 第三部分 …; a sub-heading: (一)…; a numbered item: 1. / 2、 / (3)
_TOP = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]部分)")
_SUB = re.compile(r"^\([一二三四五六七八九十]{1,3}\)")
_ITEM = re.compile(r"^(?:\d{1,2}[.、](?!\d)|\(\d{1,2}\)(?!\d))")
# a printed page number: "19", "- 19 -", "—19—", "第19页", "第19页 共48页", "19/48"
_PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*)?(\d{1,3})(?:\s*[-—–])?$|^第\s*(\d{1,3})\s*页(?:\s*共\s*\d+\s*页)?$|^(\d{1,3})\s*/\s*\d{1,3}$")
_SPACE = re.compile(r"\s")
_SENTENCE_END = "。!?"


@dataclass(frozen=True)
class Block:
    """A heading, a numbered item or a run of text: the unit sections and items are cut in."""

    kind: str  # 'top' | 'sub' | 'item' | 'text'
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    page: int
    line: int


class NarrativeText:
    """Joined narrative: `text`, and `origin[i]` = (page, line) of character i."""

    def __init__(self, lines: tuple[Line, ...] | list[Line]) -> None:
        chars: list[str] = []
        origin: list[tuple[int, int]] = []
        starts: list[tuple[int, str]] = []
        bounds = _page_bounds(lines)
        numbers = _numbered_run(lines)
        counted = numbers | _running_heads(lines, bounds, numbers)
        kept = [line for index, line in enumerate(lines) if index not in counted and not _is_page_number(line, bounds)]
        previous_kind = "text"
        previous: Line | None = None
        widths = _page_widths(kept)
        for line in kept:
            text = _collapse(nfkc(line.text))
            if not text:
                continue
            kind = _line_kind(text)
            # a new block starts at every marker line and after every heading line
            if kind != "text" or previous_kind in ("top", "sub"):
                starts.append((len(chars), kind))
            elif chars and chars[-1].isascii() and chars[-1].isalnum() and text[0].isascii() and text[0].isalnum() \
                    and not (chars[-1].isdigit() and text[0].isdigit() and _wrapped(previous, widths)):
                # two words (or numbers) on two lines stay apart; a number the line width
                # broke in two ("支出决算为1" / "20.00万元") is one number again
                chars.append(" ")
                origin.append((line.page, line.line_no))
            previous_kind = kind
            previous = line
            chars.extend(text)
            origin.extend([(line.page, line.line_no)] * len(text))
        self.text = "".join(chars)
        self.origin = origin
        self.blocks = _blocks(starts, len(self.text))

    def where(self, index: int) -> tuple[int, int]:
        if not self.origin:
            return (0, 0)
        return self.origin[min(max(index, 0), len(self.origin) - 1)]

    def sentences(self, start: int = 0, end: int | None = None) -> Iterator[Sentence]:
        """Sentences (ended by 。!? or a block boundary) within [start, end)."""
        end = len(self.text) if end is None else end
        for block in self.blocks:
            if block.end <= start or block.start >= end:
                continue
            lo, hi = max(block.start, start), min(block.end, end)
            begin = lo
            for index in range(lo, hi):
                if self.text[index] in _SENTENCE_END:
                    yield self._sentence(begin, index + 1)
                    begin = index + 1
            if begin < hi:
                yield self._sentence(begin, hi)

    def _sentence(self, start: int, end: int) -> Sentence:
        page, line = self.where(start)
        return Sentence(self.text[start:end], start, page, line)

    def section(self, heading: re.Pattern[str], level: str = "top") -> tuple[int, int] | None:
        """(start, end) of the first section whose heading matches, up to the next heading
        of the same or a higher level."""
        levels = ("top",) if level == "top" else ("top", "sub")
        for index, block in enumerate(self.blocks):
            if block.kind != level or not heading.search(self.text[block.start:block.end]):
                continue
            end = len(self.text)
            part = self.text[block.start:block.end].startswith("第")  # 第X部分 runs to the next part
            for later in self.blocks[index + 1:]:
                if later.kind in levels and (not part or self.text[later.start:later.end].startswith("第")):
                    end = later.start
                    break
            return block.start, end
        return None

    def item_blocks(self, start: int, end: int) -> list[Block]:
        """Numbered item blocks inside [start, end), each extended over the text blocks
        that follow it (an item's sentences may wrap into plain text blocks)."""
        items: list[Block] = []
        for block in self.blocks:
            if block.start < start or block.start >= end:
                continue
            if block.kind == "item":
                items.append(block)
            elif block.kind == "text" and items and items[-1].end == block.start:
                items[-1] = Block("item", items[-1].start, block.end)
            elif block.kind in ("top", "sub") and block.start > start:
                break
        return items


def _collapse(text: str) -> str:
    """Drop whitespace, keeping one space only between two ASCII letters/digits."""
    parts = _SPACE.split(text.strip())
    out = ""
    for part in parts:
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def _line_kind(text: str) -> str:
    if _TOP.match(text):
        return "top"
    if _SUB.match(text):
        return "sub"
    if _ITEM.match(text):
        return "item"
    return "text"


def _page_bounds(lines: tuple[Line, ...] | list[Line]) -> dict[int, tuple[int, int]]:
    bounds: dict[int, tuple[int, int]] = {}
    for line in lines:
        low, high = bounds.get(line.page, (line.line_no, line.line_no))
        bounds[line.page] = (min(low, line.line_no), max(high, line.line_no))
    return bounds


def _is_page_number(line: Line, bounds: dict[int, tuple[int, int]]) -> bool:
    """A printed page number: a bare 1-3 digit line that is the first or last on its page."""
    return bool(_PAGE_NUMBER.match(line.text.strip())) and line.line_no in bounds.get(line.page, ())


def _page_widths(lines: list[Line]) -> dict[int, float]:
    """Each page's text width: the right edge of its widest line (PDF), else the most
    characters on a line (text)."""
    widths: dict[int, float] = {}
    for line in lines:
        widths[line.page] = max(widths.get(line.page, 0.0), _extent(line))
    return widths


def _extent(line: Line) -> float:
    return line.bbox[2] if line.bbox is not None else float(len(_SPACE.sub("", line.text)))


def _wrapped(line: Line | None, widths: dict[int, float]) -> bool:
    """Whether a line ran to the full text width (so its last word was cut by wrapping)."""
    if line is None:
        return False
    width = widths.get(line.page, 0.0)
    if line.bbox is not None:
        return width - _extent(line) <= 20.0  # within about two characters of the right margin
    return width >= 15 and _extent(line) >= 0.85 * width


def _running_heads(lines: tuple[Line, ...] | list[Line], bounds: dict[int, tuple[int, int]],
                   numbers: set[int]) -> set[int]:
    """A running header or footer: the same line first (or last) on three or more pages,
    or beside a printed page number three or more times in a text export ("XX局2024年度
    部门决算"), which a page break puts inside a sentence."""
    edges: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if line.line_no in bounds.get(line.page, ()) or index - 1 in numbers or index + 1 in numbers:
            edges.setdefault(_SPACE.sub("", line.text), []).append(index)
    if numbers:  # a text export: every page is one; count the occurrences instead
        return {i for text, found in edges.items() if text and len(found) >= 3 and not _PAGE_NUMBER.match(text)
                for i in found}
    pages = {text: {lines[i].page for i in found} for text, found in edges.items()}
    return {i for text, found in edges.items() if text and len(pages[text]) >= 3 for i in found}


def _numbered_run(lines: tuple[Line, ...] | list[Line]) -> set[int]:
    """Bare-number lines that count pages: three or more in a row going up by one (19, 20,
    21 …). A text export of a PDF keeps the printed page numbers between the lines of a
    sentence that runs over a page ("…机关事" / "20" / "业单位…"), where they are not the
    first or last line of a page."""
    numbered = [(index, int(next(g for g in match.groups() if g))) for index, line in enumerate(lines)
                if (match := _PAGE_NUMBER.match(line.text.strip()))]
    found: set[int] = set()
    run: list[int] = []
    for position, (index, value) in enumerate(numbered):
        # page numbers stand a page apart; amounts printed on their own lines stand close
        if run and value == numbered[position - 1][1] + 1 and index - run[-1] >= 3:
            run.append(index)
        else:
            run = [index]
        if len(run) >= 3:
            found.update(run)
    return found


def _blocks(starts: list[tuple[int, str]], length: int) -> tuple[Block, ...]:
    if not starts or starts[0][0] != 0:
        starts = [(0, "text"), *starts]
    blocks = []
    for index, (start, kind) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else length
        if end > start:
            blocks.append(Block(kind, start, end))
    return tuple(blocks)
