"""PDF (text layer) → Document, via pdfplumber.

Ruled tables come from `find_tables()` (one line per table row, cells kept in place);
everything else from `extract_text_lines()` with a generous y tolerance, because some
reports print numbers on a lower baseline than the words around them.
"""

from __future__ import annotations

import io
import logging
import time
import zlib
from dataclasses import replace
from typing import Any

from lib.document import Document, Line, Page
from lib.errors import CorruptFile, EncryptedFile, NoTextLayer, ParseTimeout, TextTooLong, TooLarge, TooManyPages
from lib.limits import MAX_PAGE_CHARS, MAX_PAGES, check_page_segments
from lib.readers import content_hash

# Numbers in the 财政局 narrative sit ~5pt below their words; 6 joins them.
NARRATIVE_Y_TOLERANCE = 6
# pdfplumber's default gap (pt) between two characters that starts a new word
X_TOLERANCE = 3
# Pages with fewer ruling edges than this cannot hold a ruled table: skip find_tables.
MIN_EDGES_FOR_TABLE = 8
DEFAULT_MAX_PAGES = MAX_PAGES

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _decompress_corrupted(data: bytes) -> bytes:
    """Linear-time stand-in for pdfminer's `decompress_corrupted`, which feeds a damaged
    flate stream one byte at a time into a growing bytes object (quadratic: a truncated
    1 MB font stream takes minutes; pdfminer.six issue #1163). Same result: as much as
    decodes, an error only when the damage is before the last 3 bytes (the checksum)."""
    decoder = zlib.decompressobj()
    out: list[bytes] = []
    position, chunk = 0, 4096
    while position < len(data):
        piece = data[position : position + chunk]
        saved = decoder.copy()
        try:
            out.append(decoder.decompress(piece))
            position += len(piece)
            continue
        except zlib.error:
            decoder = saved
        for offset in range(len(piece)):  # replay the failing chunk byte by byte
            try:
                out.append(decoder.decompress(piece[offset : offset + 1]))
            except zlib.error:
                if position + offset < len(data) - 3:
                    raise
                return b"".join(out)
        position += len(piece)
    return b"".join(out)


def _install_pdfminer_fixes() -> None:
    from pdfminer import pdftypes

    pdftypes.decompress_corrupted = _decompress_corrupted


def _open(data: bytes) -> Any:
    _install_pdfminer_fixes()
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # forces the page tree to be read
        return pdf
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedFile("PDF 已加密（需要密码），无法读取。请上传未加密的版本。") from exc
    except Exception as exc:  # pdfminer raises many types for a damaged file
        causes = " ".join(f"{type(arg).__name__} {arg}" for arg in (exc, *exc.args)).lower()
        if "password" in causes or "encrypt" in causes:
            raise EncryptedFile("PDF 已加密（需要密码），无法读取。请上传未加密的版本。") from exc
        raise CorruptFile("PDF 文件已损坏或不完整（可能未下载完整），无法打开。", detail=repr(exc)) from exc


def _inside(top: float, bottom: float, x0: float, x1: float, box: tuple[float, float, float, float]) -> bool:
    middle = (top + bottom) / 2
    return box[1] - 1 <= middle <= box[3] + 1 and x1 > box[0] and x0 < box[2]


def _page_lines(page: Any, number: int) -> tuple[list[Line], int]:
    # before anything is built from them, a page without text too; counted as pdfium counts path
    # segments (its reader checks first): a line 2, a box 5 (a move, three lines, the closing one)
    check_page_segments(number, 2 * len(page.lines) + 5 * len(page.rects) + sum(len(c["pts"]) for c in page.curves))
    chars = len(page.chars)
    if chars == 0:
        return [], 0
    check_page_chars(number, chars)  # before the table finder and line grouping, the costly part
    tables = []
    if len(page.lines) + len(page.rects) >= MIN_EDGES_FOR_TABLE:
        tables = page.find_tables()
    items: list[tuple[float, Line]] = []
    boxes = [table.bbox for table in tables]
    for table in tables:
        texts = table.extract()
        for row, cells in zip(table.rows, texts):
            cells = tuple((cell or "").replace("\n", "") for cell in cells)
            if not any(cells):
                continue
            text = " ".join(cell for cell in cells if cell)
            items.append((row.bbox[1], Line(number, 0, text, cells, True, row.bbox[1], tuple(row.bbox))))
    for text_line in page.extract_text_lines(y_tolerance=NARRATIVE_Y_TOLERANCE, return_chars=True):
        box = (text_line["x0"], text_line["top"], text_line["x1"], text_line["bottom"])
        if any(_inside(box[1], box[3], box[0], box[2], table_box) for table_box in boxes):
            continue
        text = text_line["text"].strip()
        if text:
            tokens = tuple(text.split())
            items.append((box[1], Line(number, 0, text, tokens, False, box[1], box,
                                       _token_extents(text_line.get("chars") or (), len(tokens)))))
    items.sort(key=lambda item: item[0])
    numbered = [replace(line, line_no=index) for index, (_, line) in enumerate(items, start=1)]
    return numbered, chars


def check_page_chars(number: int, count: int) -> None:
    """Refuse a page over the per-page character limit (lib.limits; both PDF readers)."""
    if count > MAX_PAGE_CHARS:
        raise TextTooLong(f"PDF 第 {number} 页有 {count:,} 个字符，超过每页 {MAX_PAGE_CHARS:,} 个字符的上限"
                          "（正常页面约数千字），文件未加入。")


def _token_extents(chars: Any, count: int) -> tuple[tuple[float, float], ...] | None:
    """(x0, x1) of each whitespace token of a text line, rebuilt from its characters as
    pdfplumber splits words (a space, or a gap wider than X_TOLERANCE); None when that
    does not give the line's token count."""
    extents: list[tuple[float, float]] = []
    current: list[float] | None = None
    last_x1 = None
    for char in sorted(chars, key=lambda c: c["x0"]):
        if not char["text"].strip():
            if current:
                extents.append((current[0], current[1]))
            current, last_x1 = None, None
            continue
        if current is not None and last_x1 is not None and char["x0"] - last_x1 > X_TOLERANCE:
            extents.append((current[0], current[1]))
            current = None
        current = [char["x0"], char["x1"]] if current is None else [current[0], max(current[1], char["x1"])]
        last_x1 = char["x1"]
    if current:
        extents.append((current[0], current[1]))
    return tuple(extents) if len(extents) == count else None


def read_pdf(data: bytes, source_name: str, *, max_pages: int | None = None, deadline: float | None = None) -> Document:
    """Raise EncryptedFile / CorruptFile / NoTextLayer / TooLarge / ParseTimeout, or return
    the Document. `deadline` is a time.monotonic() value checked between pages."""
    limit = max_pages or DEFAULT_MAX_PAGES
    pdf = _open(data)
    try:
        if len(pdf.pages) > limit:
            raise TooManyPages(f"PDF 共 {len(pdf.pages)} 页，超过单个文件 {limit} 页的上限。")
        pages: list[Page] = []
        notes: list[str] = []
        for number, page in enumerate(pdf.pages, start=1):
            if deadline is not None and time.monotonic() > deadline:
                raise ParseTimeout(f"解析超时：读到第 {number - 1} 页时超过了时间上限，文件未加入。")
            try:
                lines, chars = _page_lines(page, number)
            except (TooLarge, MemoryError):  # a page over a limit refuses the file, it is not skipped
                raise
            except Exception as exc:  # one damaged page must not lose the others
                notes.append(f"第 {number} 页无法读取（{type(exc).__name__}），已跳过。")
                lines, chars = [], 0
            pages.append(Page(number, tuple(lines), float(page.width), float(page.height), chars))
            page.flush_cache()
    except (TooLarge, NoTextLayer, ParseTimeout, MemoryError):
        raise
    except Exception as exc:
        raise CorruptFile("PDF 文件已损坏或不完整（可能未下载完整），无法读取。", detail=repr(exc)) from exc
    finally:
        pdf.close()
    return finish_document(data, source_name, pages, notes)


def finish_document(data: bytes, source_name: str, pages: list[Page], notes: list[str]) -> Document:
    """The Document of the pages read, or NoTextLayer; shared by both PDF readers so their
    refusals and notes agree."""
    document = Document(source_name, "pdf", content_hash(data), tuple(pages), tuple(notes))
    if document.char_count == 0:
        raise NoTextLayer(
            f"PDF 共 {len(pages)} 页，但没有文字层（可能是扫描件或图片）。"
            "请上传带文字层的 PDF，或先做 OCR 识别。"
        )
    blank = [p.number for p in pages if p.char_count == 0]
    if blank and len(blank) > len(pages) / 2:
        notes.append(f"有 {len(blank)} 页没有文字层（可能是扫描页）：{_page_list(blank)}。")
        document = Document(source_name, "pdf", document.content_hash, tuple(pages), tuple(notes))
    return document


def _page_list(numbers: list[int]) -> str:
    shown = "、".join(str(n) for n in numbers[:10])
    return shown + ("…" if len(numbers) > 10 else "")
