"""Legacy Excel (.xls, BIFF) workbooks → Document, via xlrd: each sheet a page, each
row a positional line, like xlsx. Many departments publish their tables as 决算报表.xls."""

from __future__ import annotations

import io
import struct
from typing import Any

from lib.document import Document, Line, Page
from lib.errors import CorruptFile, ReportError, UnsupportedFile
from lib.limits import CHECK_EVERY, SheetBudget
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
        # xlrd writes its warnings about damaged files to stdout, where `juesuan summary`
        # prints its JSON: they go nowhere
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True,
                                  logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "workbook" in str(exc).lower():
            raise UnsupportedFile("这是旧版 Word 文档（.doc），请先导出为 PDF 或文本后再上传。") from exc
        raise CorruptFile("xls 文件已损坏或无法打开。", detail=repr(exc)) from exc
    except Exception as exc:  # xlrd raises many types for a damaged file
        raise CorruptFile("xls 文件已损坏或无法打开。", detail=repr(exc)) from exc
    budget = SheetBudget(deadline)
    pages: list[Page] = []
    try:
        budget.sheets(book.nsheets)
        for index in range(book.nsheets):
            budget.check_time(f"读到第 {index + 1} 张工作表")
            budget.declare(str(book.sheet_names()[index]).strip(), _stored_cells(book, index, budget))
            pages.append(_sheet_page(book, index + 1, book.sheet_by_index(index), budget))
            book.unload_sheet(index)
    except (ReportError, MemoryError):
        raise
    except Exception as exc:
        raise CorruptFile("xls 文件已损坏或无法打开。", detail=repr(exc)) from exc
    finally:
        book.release_resources()
    return Document(source_name, "xls", content_hash(data), tuple(pages))


# BIFF2–8 records holding one cell; MULRK/MULBLANK hold a run of them
_ONE_CELL = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0201, 0x0203, 0x0204, 0x0205, 0x0206, 0x027E, 0x0406, 0x00FD, 0x00D6}
_MULRK, _MULBLANK, _EOF = 0x00BD, 0x00BE, 0x000A


def _stored_cells(book: Any, index: int, budget: SheetBudget) -> int:
    """Cells a sheet stores, counted from its record headers without loading it (xlrd
    gives no count before it has built the whole sheet); 0 when the layout is not the
    one xlrd 2 keeps (its `mem` and sheet offsets), the row loop then still counts."""
    mem, offsets = getattr(book, "mem", None), getattr(book, "_sh_abs_posn", None)
    if not isinstance(mem, bytes | bytearray | memoryview) or not offsets or index >= len(offsets):
        return 0
    position, cells, records = offsets[index], 0, 0
    end = len(mem) - 4
    while position <= end:
        code, length = struct.unpack_from("<HH", mem, position)
        position += 4 + length
        if code == _EOF:
            break
        if code == _MULBLANK:
            cells += max(length - 6, 0) // 2
        elif code == _MULRK:
            cells += max(length - 6, 0) // 6
        elif code in _ONE_CELL:
            cells += 1
        records += 1
        if records % (CHECK_EVERY * 50) == 0:
            budget.check_time(f"清点第 {index + 1} 张工作表的单元格")
    return cells


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
