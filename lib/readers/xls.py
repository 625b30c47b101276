"""Legacy Excel (.xls, BIFF) workbooks → Document, via xlrd: each sheet a page, each
row a positional line, like xlsx. Many departments publish their tables as 决算报表.xls."""

from __future__ import annotations

from typing import Any

from lib.document import Document, Line, Page
from lib.errors import CorruptFile, ReportError, UnsupportedFile
from lib.limits import SheetBudget
from lib.readers import content_hash
from lib.textnorm import has_cjk


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


def read_xls(data: bytes, source_name: str, *, deadline: float | None = None) -> Document:
    """Raise UnsupportedFile for an OLE file that holds no workbook (a .doc), CorruptFile
    for a damaged workbook. Limits as for xlsx (`lib.limits.SheetBudget`: rows, cells,
    characters, the deadline), checked in the row loop and before each sheet is loaded;
    sheets are loaded one at a time and let go once read, and rows are not padded to the
    sheet's widest row (ragged), so memory stays bounded by one sheet's real cells."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True)
    except xlrd.XLRDError as exc:
        if "workbook" in str(exc).lower():
            raise UnsupportedFile("这是旧版 Word 文档（.doc），请先导出为 PDF 或文本后再上传。") from exc
        raise CorruptFile("xls 文件已损坏或无法打开。", detail=repr(exc)) from exc
    except Exception as exc:  # xlrd raises many types for a damaged file
        raise CorruptFile("xls 文件已损坏或无法打开。", detail=repr(exc)) from exc
    budget = SheetBudget(deadline)
    pages: list[Page] = []
    try:
        for index in range(book.nsheets):
            budget.check_time(f"读到第 {index + 1} 张工作表")
            pages.append(_sheet_page(book, index + 1, book.sheet_by_index(index), budget))
            book.unload_sheet(index)
    except (ReportError, MemoryError):
        raise
    except Exception as exc:
        raise CorruptFile("xls 文件已损坏或无法打开。", detail=repr(exc)) from exc
    finally:
        book.release_resources()
    return Document(source_name, "xls", content_hash(data), tuple(pages))


def _sheet_page(book: Any, number: int, sheet: Any, budget: SheetBudget) -> Page:
    lines: list[Line] = []
    name = str(sheet.name).strip()
    if has_cjk(name):  # a sheet named after its table stands in for a title row (line 0)
        lines.append(Line(number, 0, name, (name,), positional=False))
    for row_index in range(sheet.nrows):
        row = sheet.row(row_index)
        budget.take(name, row_index + 1, len(row))
        cells = tuple(_cell_text(book, cell) for cell in row)
        while cells and not cells[-1]:
            cells = cells[:-1]
        if not any(cells):
            continue
        text = " ".join(cell for cell in cells if cell)
        budget.add_text(len(text))
        lines.append(Line(number, row_index + 1, text, cells, positional=True))
    return Page(number, tuple(lines), char_count=sum(len(line.text) for line in lines))
