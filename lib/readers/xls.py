"""Legacy Excel (.xls, BIFF) workbooks → Document, via xlrd: each sheet a page, each
row a positional line, like xlsx. Many departments publish their tables as 决算报表.xls."""

from __future__ import annotations

from typing import Any

from lib.document import Document, Line, Page
from lib.errors import CorruptFile, UnsupportedFile
from lib.readers import content_hash
from lib.textnorm import has_cjk

MAX_ROWS_PER_SHEET = 100_000


def _number_format(book: Any, cell: Any) -> str:
    try:
        xf = book.xf_list[cell.xf_index]
        return str(book.format_map[xf.format_key].format_str)
    except (AttributeError, IndexError, KeyError, TypeError):
        return "General"


def _cell_text(book: Any, cell: Any) -> str:
    """Numbers as printed: a whole number stays whole (a code, 行次 or 栏次) unless the
    cell is formatted with decimals, as amounts are; other numbers to 0.01."""
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        value = float(cell.value)
        if value.is_integer() and ".0" not in _number_format(book, cell):
            return str(int(value))
        return f"{value:.2f}"
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return str(bool(cell.value))
    return str(cell.value).strip()


def read_xls(data: bytes, source_name: str) -> Document:
    """Raise UnsupportedFile for an OLE file that holds no workbook (a .doc), CorruptFile
    for a damaged workbook."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        if "workbook" in str(exc).lower():
            raise UnsupportedFile("这是旧版 Word 文档（.doc），请先导出为 PDF 或文本后再上传。") from exc
        raise CorruptFile("xls 文件已损坏或无法打开。", detail=repr(exc)) from exc
    except Exception as exc:  # xlrd raises many types for a damaged file
        raise CorruptFile("xls 文件已损坏或无法打开。", detail=repr(exc)) from exc
    try:
        pages = [_sheet_page(book, number, book.sheet_by_index(number - 1)) for number in range(1, book.nsheets + 1)]
    except Exception as exc:
        raise CorruptFile("xls 文件已损坏或无法打开。", detail=repr(exc)) from exc
    finally:
        book.release_resources()
    return Document(source_name, "xls", content_hash(data), tuple(pages))


def _sheet_page(book: Any, number: int, sheet: Any) -> Page:
    lines: list[Line] = []
    name = str(sheet.name).strip()
    if has_cjk(name):  # a sheet named after its table stands in for a title row (line 0)
        lines.append(Line(number, 0, name, (name,), positional=False))
    for row_index in range(min(sheet.nrows, MAX_ROWS_PER_SHEET)):
        cells = tuple(_cell_text(book, cell) for cell in sheet.row(row_index))
        while cells and not cells[-1]:
            cells = cells[:-1]
        if not any(cells):
            continue
        text = " ".join(cell for cell in cells if cell)
        lines.append(Line(number, row_index + 1, text, cells, positional=True))
    return Page(number, tuple(lines), char_count=sum(len(line.text) for line in lines))
