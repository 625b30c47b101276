"""xlsx workbooks → Document: each sheet a page, each row a positional line."""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Any

from lib.document import Document, Line, Page
from lib.errors import CorruptFile, InflatedTooLarge, ReportError
from lib.limits import MAX_INFLATED, MAX_WHOLE_PART, SheetBudget, limit_text, size_text
from lib.readers import content_hash


def _cell_text(value: object, number_format: str = "General") -> str:
    """Numbers as printed: decimals kept to 0.01; a whole number stays whole (a code,
    行次 or 栏次) unless the cell is formatted with decimals, as amounts are."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and ".0" not in number_format:
            return str(int(value))
        return f"{value:.2f}"
    return str(value).strip()


def check_inflated(data: bytes) -> None:
    """Refuse a workbook whose parts decompress beyond MAX_INFLATED, before any is read:
    zipfile never yields more than a member's declared size, so the declared sizes bound
    what openpyxl can be made to inflate. The parts openpyxl builds whole in memory (shared
    strings, styles, the workbook — all but the streamed sheets and media) are held to
    MAX_WHOLE_PART each: a 195 KB workbook of a million cell styles peaked at 819 MiB."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception as exc:
        raise CorruptFile("xlsx 文件已损坏或无法打开。", detail=repr(exc)) from exc
    inflated = sum(info.file_size for info in members)
    if inflated > MAX_INFLATED:
        raise InflatedTooLarge(f"xlsx 文件解压后有 {size_text(inflated)}，超过 {limit_text(MAX_INFLATED)}的上限"
                               "（可能是压缩炸弹或极大的工作簿），文件未加入。")
    for info in members:
        whole = not info.filename.startswith(("xl/worksheets/", "xl/media/"))
        if whole and info.file_size > MAX_WHOLE_PART:
            raise InflatedTooLarge(f"xlsx 文件的 {info.filename[-60:]} 解压后有 {size_text(info.file_size)}，超过"
                                   f"除工作表以外每个部件 {limit_text(MAX_WHOLE_PART)}的上限（可能是样式或共享字符串炸弹），"
                                   "文件未加入。")


def read_xlsx(data: bytes, source_name: str, *, deadline: float | None = None) -> Document:
    """Each sheet a page. A damaged workbook raises CorruptFile, also when the damage only
    shows while reading rows (read-only mode loads sheets lazily). Limits: decompressed
    size, rows, cells, characters and the deadline, all checked while reading."""
    import openpyxl

    check_inflated(data)
    budget = SheetBudget(deadline)
    try:
        with warnings.catch_warnings():  # openpyxl's English warnings about odd files would reach the CLI's stderr
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            budget.sheets(len(workbook.sheetnames))
            pages = [_sheet_page(number, sheet, budget) for number, sheet in enumerate(workbook.worksheets, start=1)]
        finally:
            workbook.close()
    except (ReportError, MemoryError):
        raise
    except Exception as exc:  # openpyxl and zipfile raise many types for a damaged workbook
        raise CorruptFile("xlsx 文件已损坏或无法打开。", detail=repr(exc)) from exc
    return Document(source_name, "xlsx", content_hash(data), tuple(pages))


def _sheet_page(number: int, sheet: Any, budget: SheetBudget) -> Page:
    lines: list[Line] = []
    # line 0 is the sheet name: a sheet named after its table stands in for a title row, which
    # the recogniser decides (a reader knows nothing of tables)
    name = str(sheet.title).strip()
    if name:
        lines.append(Line(number, 0, name, (name,), positional=False))
    for row_no, row in enumerate(sheet.iter_rows(), start=1):
        budget.take(str(sheet.title), row_no, len(row))
        cells = tuple(_cell_text(cell.value, getattr(cell, "number_format", "General") or "General") for cell in row)
        while cells and not cells[-1]:
            cells = cells[:-1]
        if not any(cells):
            continue
        text = " ".join(cell for cell in cells if cell)
        budget.add_text(len(text))
        lines.append(Line(number, row_no, text, cells, positional=True))
    return Page(number, tuple(lines), char_count=sum(len(line.text) for line in lines))
