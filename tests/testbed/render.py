"""Renderers: a model + layout → the bytes of a text export, a ruled PDF, .xls or .xlsx."""

from __future__ import annotations

import io
import re

from testbed.layout import Block, Layout, document_blocks
from testbed.model import ReportModel

DEFAULT_LAYOUT = Layout()
_AMOUNT = re.compile(r"^-?[\d,]+\.\d+$|^0$")


def _flat(row: tuple[str, ...]) -> str:
    return " ".join(cell for cell in row if cell)


def _join_label_lines(lines: list[str]) -> list[str]:
    """A flattened line with no amount is glued to the next line (label to label)."""
    out: list[str] = []
    carry = ""
    for line in lines:
        if carry:
            line = carry + line
            carry = ""
        tokens = line.split()
        if tokens and not any(_AMOUNT.match(token) or token.isdigit() for token in tokens):
            carry = line
            continue
        out.append(line)
    if carry:
        out.append(carry)
    return out


def text_lines(pages: list[list[Block]], *, flat: bool, layout: Layout) -> list[list[str]]:
    result: list[list[str]] = []
    for page in pages:
        lines: list[str] = []
        for block in page:
            if block.text is not None:
                lines.append(block.text)
                continue
            body = [_flat(row) if flat else "\t".join(row) for row in block.rows]
            if flat and layout.join_empty_labels and block.table in ("t1", "t4"):
                body = body[: block.header] + _join_label_lines(body[block.header :])
            lines += [line for line in body if line.strip()]
        result.append(lines)
    return result


def to_text(model: ReportModel, layout: Layout = DEFAULT_LAYOUT, *, flat: bool = False, encoding: str = "utf-8") -> bytes:
    """A text export: tab-separated cells (empty cells kept) or flattened (single spaces,
    empty cells lost, like text pulled from a PDF); pages separated by form feeds."""
    pages = text_lines(document_blocks(model, layout), flat=flat, layout=layout)
    return ("\f".join("\n".join(lines) + "\n" for lines in pages)).encode(encoding)


def to_pdf(model: ReportModel, layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """A ruled PDF with a CJK text layer (reportlab's STSong-Light CID font), one block
    list per page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=10, leading=14)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), topMargin=30, bottomMargin=30)
    story: list[object] = []
    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 6.5),
                       ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("TOPPADDING", (0, 0), (-1, -1), 1),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    for number, page in enumerate(document_blocks(model, layout)):
        if number:
            story.append(PageBreak())
        for block in page:
            if block.text is not None:
                story.append(Paragraph(block.text, style))
            elif block.rows:
                table = Table([list(row) for row in block.rows], repeatRows=0)
                table.setStyle(grid)
                story.append(table)
    document.build(story)
    return buffer.getvalue()


def _sheets(model: ReportModel, layout: Layout) -> list[tuple[str, list[list[str]]]]:
    """Document order: each table on one sheet (its pages one after another, titles
    above), the text between tables (cover, contents, 情况说明) on sheets of its own."""
    sheets: list[tuple[str | None, list[list[str]]]] = []
    for page in document_blocks(model, layout):
        table = next((block.table for block in page if block.table is not None), None)
        if table is None or not sheets or sheets[-1][0] != table:
            if not sheets or table is not None or sheets[-1][0] is not None:
                sheets.append((table, []))
        rows = sheets[-1][1]
        for block in page:
            rows.extend([[block.text]] if block.text is not None else [list(row) for row in block.rows])
    named: list[tuple[str, list[list[str]]]] = []
    for table, rows in sheets:
        number = sum(1 for name, _ in named if name.startswith("表")) + 1
        named.append((f"表{number}" if table else f"说明{len(named) + 1}", rows))
    return named


def _number(text: str) -> float | None:
    if _AMOUNT.match(text) and "." in text:
        return float(text.replace(",", ""))
    return None


def to_xlsx(model: ReportModel, layout: Layout = DEFAULT_LAYOUT) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in _sheets(model, layout):
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([_number(cell) if _number(cell) is not None else cell for cell in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_xls(model: ReportModel, layout: Layout = DEFAULT_LAYOUT) -> bytes:
    """Legacy Excel (BIFF8) as many departments publish 决算报表.xls; written with xlwt
    (test-only), numbers as numbers with a two-decimal format, codes as text."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    amount_style = xlwt.easyxf(num_format_str="#,##0.00")
    for name, rows in _sheets(model, layout):
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                value = _number(cell)
                if value is not None:
                    sheet.write(r, c, value, amount_style)
                elif cell:
                    sheet.write(r, c, cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
