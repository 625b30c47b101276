"""PDF (text layer) → Document, with characters and ruling lines from pypdfium2.

pdfminer's pure-Python page interpreter is most of pdfplumber's time; pdfium reads the
same page in C. This reader turns pdfium's characters and paths into pdfplumber's own
objects (same keys, same top-down coordinates) on a stand-in page, so pdfplumber's table
finder and text-line builder — and `readers.pdf._page_lines`, the line building shared
with the pdfplumber reader — run unchanged on them. The result is the same Document.

Two points must be computed as pdfminer does, not taken from pdfium's boxes:
- a character's top/bottom: pdfium's loose box uses the font's ascent, pdfminer the
  origin plus the font's descent and the font size, both scaled by the text matrix;
- a path's kind (line / rect / curve) and points: pdfminer's rules on the subpath shape.

Where pdfium cannot serve a page the way pdfminer would (rotated page, rotated, mirrored
or vertical text, a character without a Unicode mapping, text pdfium drops as duplicate,
Type3 glyphs or a font not embedded in the file, whose widths pdfium takes from a
substitute), that page is read by pdfplumber instead and the Document's notes say so.
"""

from __future__ import annotations

import ctypes
import struct
import time
from bisect import bisect_left
from functools import cache
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from lib.document import Document, Page
from lib.errors import CorruptFile, EncryptedFile, NoTextLayer, ParseTimeout, TooLarge, TooManyPages
from lib.limits import check_page_segments
from lib.readers import pdf as plumber_reader
from lib.readers.pdf import DEFAULT_MAX_PAGES, _open, _page_lines, _page_list, finish_document

_TEXT, _PATH, _FORM = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
_LINETO, _BEZIERTO, _MOVETO = raw.FPDF_SEGMENT_LINETO, raw.FPDF_SEGMENT_BEZIERTO, raw.FPDF_SEGMENT_MOVETO
_ENCRYPTED = "PDF 已加密（需要密码），无法读取。请上传未加密的版本。"
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Unserved(Exception):
    """pdfium cannot give this page the way pdfminer reads it (the reason is the message)."""


@cache
def _page_class() -> type:
    """The stand-in page class, built on first use: a file refused before any page is read
    (encrypted, corrupt, too long) does not import pdfplumber."""
    from functools import lru_cache

    from pdfplumber.page import Page as PlumberPage

    class _Page(PlumberPage):
        """A pdfplumber page whose objects come from pdfium instead of pdfminer's layout."""

        def __init__(self, number: int, mediabox: tuple[float, float, float, float], doctop: float,
                     objects: dict[str, list[dict[str, Any]]]) -> None:
            self.pdf = None
            self.root_page = self
            self.page_obj = None
            self.page_number = number
            self.initial_doctop = doctop
            self.rotation = 0
            self.mediabox = self.cropbox = self.bbox = mediabox
            self._objects = objects
            self.get_textmap = lru_cache()(self._get_textmap)

        @property
        def objects(self) -> dict[str, list[dict[str, Any]]]:
            return self._objects

        def find_tables(self, table_settings: Any = None) -> list[Any]:
            """pdfplumber's tables, each extracting its cells from the characters of one row
            at a time (`_RowIndex`); `Table.extract` otherwise tests every character of the
            page for every row."""
            tables = super().find_tables(table_settings)
            if not tables:
                return []
            index = _RowIndex(self.chars)
            return [_Table(table, index) for table in tables]

    return _Page


class _RowIndex:
    """A page's characters ordered by vertical midpoint, to find the ones of a row."""

    def __init__(self, chars: list[dict[str, Any]]) -> None:
        ordered = sorted(((char["top"] + char["bottom"]) / 2, index) for index, char in enumerate(chars))
        self.chars = chars
        self._middles = [middle for middle, _ in ordered]
        self._indices = [index for _, index in ordered]

    def row(self, bbox: tuple[float, float, float, float]) -> list[dict[str, Any]]:
        """The characters whose midpoint lies in the box, in page order — exactly the
        `row_chars` of pdfplumber's `Table.extract` (top ≤ mid < bottom, x0 ≤ mid < x1)."""
        x0, top, x1, bottom = bbox
        found = sorted(self._indices[bisect_left(self._middles, top):bisect_left(self._middles, bottom)])
        chars = self.chars
        return [chars[i] for i in found if x0 <= (chars[i]["x0"] + chars[i]["x1"]) / 2 < x1]


class _Table:
    """A found pdfplumber table (bbox and rows as pdfplumber gives them) whose `extract` is
    pdfplumber's `Table.extract` with each row's characters taken from the row index."""

    def __init__(self, table: Any, index: _RowIndex) -> None:
        self.bbox = table.bbox
        self.rows = table.rows
        self._index = index

    def extract(self) -> list[list[str | None]]:
        from pdfplumber.utils import extract_text

        result: list[list[str | None]] = []
        for row in self.rows:
            row_chars = self._index.row(row.bbox)
            texts: list[str | None] = []
            for cell in row.cells:
                if cell is None:
                    texts.append(None)
                    continue
                x0, top, x1, bottom = cell
                cell_chars = [char for char in row_chars
                              if x0 <= (char["x0"] + char["x1"]) / 2 < x1
                              and top <= (char["top"] + char["bottom"]) / 2 < bottom]
                texts.append(extract_text(cell_chars) if cell_chars else "")
            result.append(texts)
        return result


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention, as pdfminer's mult_matrix)."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk(container: Any, count: int, get: Any, outer: Matrix, out: list[tuple[int, Any, Matrix]]) -> None:
    """Every page object with the matrix taking its space to the page's (forms flattened)."""
    for index in range(count):
        obj = get(container, index)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == _FORM:
            inner = _multiply(_matrix(obj), outer)
            _walk(obj, raw.FPDFFormObj_CountObjects(obj), raw.FPDFFormObj_GetObject, inner, out)
        elif kind in (_TEXT, _PATH):
            out.append((kind, obj, outer))


def _subpaths(obj: Any, matrix: Matrix) -> list[tuple[str, list[tuple[float, float]]]]:
    """(pdfminer shape string, page-space points) per subpath of a path object; a closing
    segment back to the start becomes pdfminer's 'h' (whose point is the start)."""
    a, b, c, d, e, f = _multiply(_matrix(obj), matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    paths: list[tuple[list[str], list[tuple[float, float]]]] = []
    bezier = 0
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        kind = raw.FPDFPathSegment_GetType(segment)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        closes = bool(raw.FPDFPathSegment_GetClose(segment))
        if kind == _MOVETO or not paths:
            paths.append((["m"], [point]))
            bezier = 0
            continue
        shape, points = paths[-1]
        if kind == _BEZIERTO:
            bezier += 1
            if bezier % 3:  # control points are not pdfminer points
                continue
            shape.append("c")
            points.append(point)
        else:
            shape.append("l")
            points.append(point)
        if closes:
            if shape[-1] == "l" and point == points[0]:
                shape[-1] = "h"
            else:
                shape.append("h")
                points.append(points[0])
    return [("".join(shape), points) for shape, points in paths]


def _path_objects(shape: str, points: list[tuple[float, float]], height: float, doctop: float,
                  number: int) -> tuple[str, dict[str, Any]] | None:
    """pdfminer's paint_path classification, as pdfplumber then stores the object."""
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points = points[:-1]
    kind = "curve"
    if shape in ("mlh", "ml"):
        kind, points = "line", points[:2]
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if points[0] == points[4] and square:
            kind = "rect"
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    left, right, low, high = min(xs), max(xs), min(ys), max(ys)
    top = height - high
    obj: dict[str, Any] = {
        "object_type": kind, "page_number": number, "x0": left, "x1": right, "y0": low, "y1": high,
        "width": right - left, "height": high - low, "top": top, "bottom": height - low,
        "doctop": doctop + top,
    }
    if kind != "rect":
        obj["pts"] = [(px, height - py) for px, py in points]
    return kind, obj


def _address(pointer: Any) -> int:
    """A pdfium handle's address (ctypes pointers compare by identity, not by address)."""
    return ctypes.c_void_p.from_buffer(pointer).value or 0


# FPDFText_GetTextObject returning the object's address as an int: called once per
# character, where building a pointer object and reading its address back costs more
# than the call itself.
_text_object_address = ctypes.cast(
    raw.FPDFText_GetTextObject, ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int))


# FPDFTextObj_GetFont returning the font's address: fonts are looked up per text object.
_font_address = ctypes.cast(
    raw.FPDFTextObj_GetFont, ctypes.CFUNCTYPE(ctypes.c_void_p, raw.FPDFTextObj_GetFont.argtypes[0]))


class _Fonts:
    """One page's font metrics, asked of pdfium once per font (and size) rather than once
    per text object: many reports draw every character as its own text object."""

    def __init__(self) -> None:
        self._low: dict[tuple[int, float], float | None] = {}  # (font, size) → descent, None: Unserved
        self._size = ctypes.c_float()
        self._matrix = raw.FS_MATRIX()

    def low(self, obj: Any, address: int, size: float) -> float:
        """The descent in text space (pdfminer's: the font's descent × size / 1000)."""
        key = (address, size)
        if key not in self._low:
            self._low[key] = _font_low(raw.FPDFTextObj_GetFont(obj), size)
        low = self._low[key]
        if low is None:
            # Not embedded (or Type3, which pdfium reports so): pdfium sizes the glyphs from a
            # substitute font, pdfminer from the file's /W widths; the boxes would differ.
            raise Unserved("font not embedded")
        return low

    def text_object(self, obj: Any, outer: Matrix) -> tuple[float, float, float, float, float, float]:
        """(a, b, c, d, font size, descent in text space) of a text object that draws text."""
        address = _font_address(obj)
        if not address:
            raise Unserved("no font")
        size = self._size
        raw.FPDFTextObj_GetFontSize(obj, size)
        low = self.low(obj, address, size.value)
        m = self._matrix
        own = (m.a, m.b, m.c, m.d, m.e, m.f) if raw.FPDFPageObj_GetMatrix(obj, m) else _IDENTITY
        return (*_multiply(own, outer)[:4], size.value, low)


def _font_low(font: Any, size: float) -> float | None:
    """The descent of `font` at `size` as pdfminer takes it, or None when pdfium would size
    the glyphs otherwise (a font not embedded)."""
    standard = _standard_descent(font)
    if standard is not None:
        return standard * size / 1000
    if raw.FPDFFont_GetIsEmbedded(font) != 1:
        return None
    descent = ctypes.c_float()
    raw.FPDFFont_GetDescent(font, size, descent)
    return -abs(descent.value)  # pdfminer turns a positive /Descent negative


def _draws_text(obj: Any, textpage: Any) -> bool:
    return raw.FPDFTextObj_GetText(obj, textpage, None, 0) > 2  # UTF-16 length with terminator


def _standard_descent(font: Any) -> float | None:
    """A standard-14 font's AFM descent (per 1000): pdfminer takes such a font's metrics
    from its AFM table even when the file describes the font; pdfium from the file."""
    from pdfminer.fontmetrics import FONT_METRICS

    length = raw.FPDFFont_GetBaseFontName(font, None, 0)
    if length <= 1:
        return None
    buffer = ctypes.create_string_buffer(length)
    raw.FPDFFont_GetBaseFontName(font, buffer, length)
    metrics = FONT_METRICS.get(buffer.value.decode("latin-1"))
    return None if metrics is None else float(metrics[0]["Descent"])


def _chars(textpage: Any, height: float, doctop: float, number: int, text_objects: dict[int, tuple[Any, Matrix]]) -> list[dict[str, Any]]:
    """pdfplumber char dicts; top/bottom as pdfminer computes them: the origin plus the
    font's descent, and that plus the font size, scaled by the text matrix."""
    handle = textpage.raw
    address_of = ctypes.cast(handle, ctypes.c_void_p).value
    count = raw.FPDFText_CountChars(handle)
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # surrogate pairs: index text per character instead
        text = "".join(chr(raw.FPDFText_GetUnicode(handle, index)) for index in range(count))
    whitespace = " \r\n\t\ufffe\x00"
    is_generated = raw.FPDFText_IsGenerated
    if count > plumber_reader.MAX_PAGE_CHARS:  # the limit of both readers, before any character is built
        generated = sum(1 for index in range(count) if text[index] in whitespace and is_generated(handle, index))
        plumber_reader.check_page_chars(number, count - generated)  # pdfium adds spaces between words
    box = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    fonts = _Fonts()
    known: dict[int, tuple[float, float, float, float, float, float]] = {}
    chars: list[dict[str, Any]] = []
    map_error = raw.FPDFText_HasUnicodeMapError
    origin, loose_box = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetLooseCharBox
    append = chars.append
    for index in range(count):
        character = text[index]
        if character in whitespace and is_generated(handle, index):
            continue
        if map_error(handle, index):
            raise Unserved("unicode")
        address = _text_object_address(address_of, index)
        if not address:
            raise Unserved("no text object")
        info = known.get(address)
        if info is None:
            if address not in text_objects:
                raise Unserved("text outside the page's objects")
            obj, outer = text_objects[address]
            # a character other than U+0000 is in the object's text: only then can it be empty
            if character == "\x00" and not _draws_text(obj, handle):
                raise Unserved("empty text object")
            found = fonts.text_object(obj, outer)
            if found[1] != 0 or found[2] != 0 or found[0] <= 0 or found[3] <= 0:
                raise Unserved("rotated text")
            info = known[address] = found
        a, b, c, d, size, low = info
        origin(handle, index, ox, oy)
        loose_box(handle, index, box)
        bottom_y = oy.value + d * low
        top_y = bottom_y + d * size
        x0, x1 = box.left, box.right
        top = height - top_y
        append({
            "object_type": "char", "page_number": number, "text": character,
            "x0": x0, "x1": x1, "y0": bottom_y, "y1": top_y, "top": top, "bottom": height - bottom_y,
            "doctop": doctop + top, "width": x1 - x0, "height": top_y - bottom_y, "size": top_y - bottom_y,
            "upright": True, "matrix": (a, b, c, d, ox.value, oy.value), "fontname": "",
        })
    for address, (obj, _) in text_objects.items():  # pdfium skips duplicated text; pdfminer keeps it
        if address not in known and _draws_text(obj, handle):
            raise Unserved("dropped text")
    return chars


def _page_objects(page: Any, number: int, doctop: float) -> tuple[tuple[float, float, float, float], dict[str, list]]:
    if page.get_rotation() % 360:
        raise Unserved("rotated page")
    left, bottom, right, top = (_decimal(v) for v in page.get_mediabox())
    height = top - bottom
    # pdfplumber's page box is the mediabox turned top-down; object tops are height − y.
    mediabox = (left, -bottom, right, height - bottom)
    found: list[tuple[int, Any, Matrix]] = []
    _walk(page.raw, raw.FPDFPage_CountObjects(page.raw), raw.FPDFPage_GetObject, _IDENTITY, found)
    check_page_segments(number, sum(raw.FPDFPath_CountSegments(obj) for kind, obj, _ in found if kind == _PATH))
    objects: dict[str, list[dict[str, Any]]] = {"char": [], "line": [], "rect": [], "curve": []}
    text_objects: dict[int, tuple[Any, Matrix]] = {}
    for kind, obj, matrix in found:
        if kind == _TEXT:
            text_objects[_address(obj)] = (obj, matrix)
            continue
        for shape, points in _subpaths(obj, matrix):
            if not shape.startswith("m") or len(points) < 2:
                continue
            classified = _path_objects(shape, points, height - bottom, doctop, number)
            if classified:
                objects[classified[0]].append(classified[1])
    textpage = page.get_textpage()
    try:
        objects["char"] = _chars(textpage, height - bottom, doctop, number, text_objects)
    finally:
        textpage.close()
    return mediabox, objects


def _decimal(value: float) -> float:
    """The shortest decimal that is this float32 (pdfium keeps boxes as float32; pdfminer
    parses the file's decimal, e.g. 595.3, so page sizes and tops agree exactly)."""
    for digits in range(6, 10):
        candidate = float(f"{value:.{digits}g}")
        if struct.unpack("f", struct.pack("f", candidate))[0] == value:
            return candidate
    return value


def _open_pdfium(data: bytes) -> Any:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise EncryptedFile(_ENCRYPTED) from exc
        raise CorruptFile("PDF 文件已损坏或不完整（可能未下载完整），无法打开。", detail=repr(exc)) from exc


def read_pdf(data: bytes, source_name: str, *, max_pages: int | None = None, deadline: float | None = None) -> Document:
    """Same contract as `readers.pdf.read_pdf` (EncryptedFile / CorruptFile / NoTextLayer /
    TooLarge / ParseTimeout, or the Document), reading with pdfium page by page."""
    limit = max_pages or DEFAULT_MAX_PAGES
    pdf = _open_pdfium(data)
    plumber: Any = None
    fallback: list[int] = []
    try:
        count = len(pdf)
        if count > limit:
            raise TooManyPages(f"PDF 共 {count} 页，超过单个文件 {limit} 页的上限。")
        pages: list[Page] = []
        notes: list[str] = []
        doctop = 0.0
        for number in range(1, count + 1):
            if deadline is not None and time.monotonic() > deadline:
                raise ParseTimeout(f"解析超时：读到第 {number - 1} 页时超过了时间上限，文件未加入。")
            page = pdf[number - 1]
            try:
                mediabox, objects = _page_objects(page, number, doctop)
                stand_in = _page_class()(number, mediabox, doctop, objects)
                width, height = float(stand_in.width), float(stand_in.height)
                lines, chars = _page_lines(stand_in, number)
            except Unserved:
                if plumber is None:
                    plumber = _open(data)
                plumber_page = plumber.pages[number - 1]
                width, height = float(plumber_page.width), float(plumber_page.height)
                try:
                    lines, chars = _page_lines(plumber_page, number)
                except (TooLarge, MemoryError):
                    raise
                except Exception as exc:
                    notes.append(f"第 {number} 页无法读取（{type(exc).__name__}），已跳过。")
                    lines, chars = [], 0
                plumber_page.flush_cache()
                fallback.append(number)
            except (TooLarge, MemoryError):  # a page over a limit refuses the file, it is not skipped
                raise
            except Exception as exc:  # one damaged page must not lose the others
                notes.append(f"第 {number} 页无法读取（{type(exc).__name__}），已跳过。")
                lines, chars = [], 0
                width, height = page.get_size()
            finally:
                page.close()
            doctop += height
            pages.append(Page(number, tuple(lines), width, height, chars))
    except (TooLarge, NoTextLayer, ParseTimeout, EncryptedFile, MemoryError):  # a capped process's MemoryError is MemoryLimit upstream
        raise
    except Exception as exc:
        raise CorruptFile("PDF 文件已损坏或不完整（可能未下载完整），无法读取。", detail=repr(exc)) from exc
    finally:
        pdf.close()
        if plumber is not None:
            plumber.close()
    if fallback:
        notes.append(f"第 {_page_list(fallback)} 页含旋转、竖排或特殊字体的文字，已改用兼容方式逐字读取。")
    return finish_document(data, source_name, pages, notes)
