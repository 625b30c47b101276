"""A small, internally consistent 部门决算 that the tests render in every input format.

Figures are invented (示例区示例局, 2023) so a fresh clone without ../shared/corpus still
exercises every reader and every table. Each renderer writes one layout seen in the
corpus: tab-separated text, flattened text (empty cells lost), xlsx, and a ruled PDF.
"""

from __future__ import annotations

import io
from pathlib import Path

DEPARTMENT = "示例区示例局"
YEAR = 2023

# 表3/表5: code, name, total, basic, project
EXPENSE_ROWS = [
    ("201", "一般公共服务支出", 100.00, 80.00, 20.00),
    ("20101", "人大事务", 100.00, 80.00, 20.00),
    ("2010101", "行政运行", 80.00, 80.00, None),
    ("2010102", "一般行政管理事务", 20.00, None, 20.00),
    ("208", "社会保障和就业支出", 30.00, 30.00, None),
    ("20805", "行政事业单位养老支出", 30.00, 30.00, None),
    ("2080505", "机关事业单位基本养老保险缴费支出", 30.00, 30.00, None),
    ("221", "住房保障支出", 10.50, 10.50, None),
    ("22102", "住房改革支出", 10.50, 10.50, None),
    ("2210201", "住房公积金", 10.50, 10.50, None),
]
TOTAL, BASIC, PROJECT = 140.50, 120.50, 20.00
CARRY_BEGIN, CARRY_END = 5.00, 5.00
GRAND_TOTAL = 145.50
# 表6: code, name, amount
ECONOMIC_ROWS = [
    ("301", "工资福利支出", 100.00), ("30101", "基本工资", 60.00), ("30102", "津贴补贴", 40.00),
    ("303", "对个人和家庭的补助", 10.00), ("30302", "退休费", 10.00),
    ("302", "商品和服务支出", 10.50), ("30201", "办公费", 8.50), ("30217", "公务接待费", 2.00),
    ("310", "资本性支出", None),
]
PERSONNEL, PUBLIC = 110.00, 10.50
# 表9 预算数 1–6, 决算数 7–12
SANGONG = [3.00, None, None, None, None, 3.00, 2.00, None, None, None, None, 2.00]

EXPECTED_SUMMARY = {
    "department": DEPARTMENT, "year": YEAR, "unit": "万元",
    "income_total": TOTAL, "expense_total": TOTAL, "grand_total": GRAND_TOTAL,
    "carryover_begin": CARRY_BEGIN, "carryover_end": CARRY_END, "fiscal_income": TOTAL,
    "basic_expense": BASIC, "project_expense": PROJECT, "gpb_expense": TOTAL,
    "personnel_expense": PERSONNEL, "public_expense": PUBLIC,
    "sangong_budget": 3.00, "sangong_final": 2.00,
    "expense_by_class": {"201": 100.00, "208": 30.00, "221": 10.50},
    "tables_found": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"],
    "table_set": 9, "table_set_tables": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"], "accounts_kind": "部门决算",
}

NARRATIVE = [
    f"第三部分 {DEPARTMENT}{YEAR}年度部门决算情况说明",
    "一、收入支出决算总体情况说明",
    f"{YEAR}年度收、支总计均为{GRAND_TOTAL:.2f}万元。与上年相比，收、支总计各增加15.50万元，增长11.92%。",
]


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def table_rows() -> list[tuple[str, list[list[str]]]]:
    """(title, rows of cells) for the nine tables, header rows included."""
    t1 = [
        ["收入", "", "", "支出", "", ""],
        ["项目", "行次", "决算数", "项目", "行次", "决算数"],
        ["一、一般公共预算财政拨款收入", "1", _fmt(TOTAL), "一、一般公共服务支出", "32", _fmt(100.0)],
        ["二、政府性基金预算财政拨款收入", "2", "", "八、社会保障和就业支出", "39", _fmt(30.0)],
        ["", "3", "", "十九、住房保障支出", "50", _fmt(10.5)],
        ["本年收入合计", "27", _fmt(TOTAL), "本年支出合计", "58", _fmt(TOTAL)],
        ["年初结转和结余", "29", _fmt(CARRY_BEGIN), "年末结转和结余", "60", _fmt(CARRY_END)],
        ["总计", "31", _fmt(GRAND_TOTAL), "总计", "62", _fmt(GRAND_TOTAL)],
    ]
    t2 = [["项目", "", "", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
          ["类", "款", "项", "1", "2", "3", "4", "5", "6", "7"],
          ["", "", "合计", _fmt(TOTAL), _fmt(TOTAL), "", "", "", "", ""]]
    t2 += [[code, "", name, _fmt(total), _fmt(total), "", "", "", "", ""] for code, name, total, _, _ in EXPENSE_ROWS]
    t3 = [["项目", "", "", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
          ["类", "款", "项", "1", "2", "3", "4", "5", "6"],
          ["", "", "合计", _fmt(TOTAL), _fmt(BASIC), _fmt(PROJECT), "", "", ""]]
    t3 += [[code, "", name, _fmt(total), _fmt(basic), _fmt(project), "", "", ""] for code, name, total, basic, project in EXPENSE_ROWS]
    t4 = [
        ["收入", "", "", "支出", "", "", "", "", ""],
        ["项目", "行次", "决算数", "项目", "行次", "小计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
        ["一、一般公共预算财政拨款", "1", _fmt(TOTAL), "一、一般公共服务支出", "33", _fmt(100.0), _fmt(100.0), "", ""],
        ["", "2", "", "八、社会保障和就业支出", "40", _fmt(30.0), _fmt(30.0), "", ""],
        ["", "3", "", "十九、住房保障支出", "51", _fmt(10.5), _fmt(10.5), "", ""],
        ["本年收入合计", "27", _fmt(TOTAL), "本年支出合计", "59", _fmt(TOTAL), _fmt(TOTAL), "", ""],
        ["年初财政拨款结转和结余", "28", _fmt(CARRY_BEGIN), "年末财政拨款结转和结余", "60", _fmt(CARRY_END), _fmt(CARRY_END), "", ""],
        ["总计", "32", _fmt(GRAND_TOTAL), "总计", "64", _fmt(GRAND_TOTAL), _fmt(GRAND_TOTAL), "", ""],
    ]
    t5 = [["项目", "", "", "合计", "基本支出", "项目支出"], ["类", "款", "项", "1", "2", "3"],
          ["", "", "合计", _fmt(TOTAL), _fmt(BASIC), _fmt(PROJECT)]]
    t5 += [[code, "", name, _fmt(total), _fmt(basic), _fmt(project)] for code, name, total, basic, project in EXPENSE_ROWS]
    personnel = [row for row in ECONOMIC_ROWS if row[0][:3] in ("301", "303")]
    public = [row for row in ECONOMIC_ROWS if row[0][:3] not in ("301", "303")]
    t6 = [["人员经费", "", "", "公用经费", "", ""], ["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"]]
    for index in range(max(len(personnel), len(public))):
        left = list(personnel[index]) if index < len(personnel) else ["", "", None]
        right = list(public[index]) if index < len(public) else ["", "", None]
        t6.append([left[0], left[1], _fmt(left[2]), right[0], right[1], _fmt(right[2])])
    t6.append(["人员经费合计", "", _fmt(PERSONNEL), "公用经费合计", "", _fmt(PUBLIC)])
    fund_header = [["项目", "", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
                   ["类", "款", "项", "1", "2", "3", "4", "5", "6"], ["", "", "合计", "", "", "", "", "", ""]]
    t9 = [["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
          [str(n) for n in range(1, 13)], [_fmt(v) for v in SANGONG]]
    return [
        ("收入支出决算总表", t1), ("收入决算表", t2), ("支出决算表", t3), ("财政拨款收入支出决算总表", t4),
        ("一般公共预算财政拨款支出决算表", t5), ("一般公共预算财政拨款基本支出决算明细表", t6),
        ("政府性基金预算财政拨款收入支出决算表", fund_header), ("国有资本经营预算财政拨款支出决算表", fund_header[:2] + [["", "", "合计", "", "", ""]]),
        ("财政拨款“三公”经费支出决算表", t9),
    ]


NO_DATA = {
    "政府性基金预算财政拨款收入支出决算表": "本单位无政府性基金预算财政拨款收入支出，故本表无数据。",
    "国有资本经营预算财政拨款支出决算表": "本单位无国有资本经营预算财政拨款支出，故本表无数据。",
}


def _text_lines(dense: bool) -> list[str]:
    lines = [f"{YEAR}年度{DEPARTMENT}部门决算", "", f"第二部分 {DEPARTMENT}{YEAR}年度部门决算表"]
    for number, (title, rows) in enumerate(table_rows(), start=1):
        lines += [f"{YEAR}年度{title}（表{number}）", f"部门：{DEPARTMENT}", "单位：万元"]
        for row in rows:
            lines.append(" ".join(cell for cell in row if cell) if dense else "\t".join(row))
        if title in NO_DATA:
            lines.append(NO_DATA[title])
        lines.append("")
    return lines + NARRATIVE


def tab_text() -> str:
    """Hubei-style export: tab-separated cells, empty cells kept."""
    return "\n".join(_text_lines(dense=False)) + "\n"


def flattened_text() -> str:
    """Flattened PDF text: single spaces, empty cells gone (like seed 001)."""
    return "\n".join(_text_lines(dense=True)) + "\n"


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for number, (title, rows) in enumerate(table_rows(), start=1):
        sheet = workbook.create_sheet(f"表{number}")
        sheet.append([f"{YEAR}年度{title}（表{number}）"])
        sheet.append([f"部门：{DEPARTMENT}", "", "", "单位：万元"])
        for row in rows:
            sheet.append([float(c.replace(",", "")) if _is_amount(c) else c for c in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
        if title in NO_DATA:
            sheet.append([NO_DATA[title]])
    sheet = workbook.create_sheet("情况说明")
    for text in NARRATIVE:
        sheet.append([text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _is_amount(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return False
    return "." in cell


def pdf_bytes() -> bytes:
    """A ruled PDF with a CJK text layer (reportlab's built-in STSong-Light CID font)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=10, leading=14)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4))
    story: list[object] = [Paragraph(f"{DEPARTMENT}{YEAR}年度部门决算", style), PageBreak()]
    for title, rows in table_rows():
        story.append(Paragraph(title, style))
        story.append(Paragraph("单位：万元", style))
        table = Table(rows)
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 7),
                                   ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story.append(table)
        if title in NO_DATA:
            story.append(Paragraph("注：" + NO_DATA[title], style))
        story.append(PageBreak())
    story += [Paragraph(text, style) for text in NARRATIVE]
    document.build(story)
    return buffer.getvalue()


def scanned_pdf_bytes() -> bytes:
    """An image-only PDF: what a scanner produces (no text layer)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 300), outline="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PDF")
    return buffer.getvalue()


def encrypted_pdf_bytes() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BUDGET_TEXT = "\n".join([
    f"{DEPARTMENT}{YEAR}年部门预算", "一、收支预算总表", "项目\t预算数", "一般公共预算拨款收入\t140.50",
    "二、收入预算表", "三、支出预算表",
])
UNRELATED_TEXT = "会议纪要\n今天讨论了办公室搬迁的安排。\n参会人员：张三、李四。\n"


def write_all(directory: Path) -> dict[str, Path]:
    """Write every fixture to `directory` and return name → path."""
    files = {
        "report_tabs.txt": tab_text().encode("utf-8"),
        "report_flat.txt": flattened_text().encode("utf-8"),
        "report_gbk.txt": tab_text().encode("gb18030"),
        "report.xlsx": xlsx_bytes(),
        "report.pdf": pdf_bytes(),
        "scanned.pdf": scanned_pdf_bytes(),
        "budget.txt": BUDGET_TEXT.encode("utf-8"),
        "unrelated.txt": UNRELATED_TEXT.encode("utf-8"),
        "random.bin": bytes(range(256)) * 20,
    }
    paths = {}
    for name, data in files.items():
        path = directory / name
        path.write_bytes(data)
        paths[name] = path
    return paths
