"""xlsx workbooks → Document: each sheet a page, each row a positional line."""

from __future__ import annotations

import io
from typing import Any

from lib.document import Document, Line, Page
from lib.errors import CorruptFile
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


def read_xlsx(data: bytes, source_name: str) -> Document:
    """Each sheet a page. A damaged workbook raises CorruptFile, also when the damage only
    shows while reading rows (read-only mode loads sheets lazily)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            pages = [_sheet_page(number, sheet) for number, sheet in enumerate(workbook.worksheets, start=1)]
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl and zipfile raise many types for a damaged workbook
        raise CorruptFile("xlsx 文件已损坏或无法打开。", detail=repr(exc)) from exc
    return Document(source_name, "xlsx", content_hash(data), tuple(pages))


def _sheet_page(number: int, sheet: Any) -> Page:
    lines: list[Line] = []
    # line 0 is the sheet name: a sheet named after its table stands in for a title row, which
    # the recogniser decides (a reader knows nothing of tables)
    name = str(sheet.title).strip()
    if name:
        lines.append(Line(number, 0, name, (name,), positional=False))
    for row_no, row in enumerate(sheet.iter_rows(), start=1):
        cells = tuple(_cell_text(cell.value, getattr(cell, "number_format", "General") or "General") for cell in row)
        while cells and not cells[-1]:
            cells = cells[:-1]
        if not any(cells):
            continue
        text = " ".join(cell for cell in cells if cell)
        lines.append(Line(number, row_no, text, cells, positional=True))
    return Page(number, tuple(lines), char_count=sum(len(line.text) for line in lines))
