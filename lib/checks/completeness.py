"""Family "完整性": every one of the nine tables is published, an empty 表7/8/9 says
why ("无…故本表无数据"), and the document is not an unfilled template.
"""

from __future__ import annotations

import re

from lib.checks.access import REQUIRED_ROWS, ledger_term, subject_total_term, table_has_amounts, table_location
from lib.checks.base import Emitter
from lib.checks.findings import Location
from lib.document import Line
from lib.model import Report
from lib.tables.titles import TABLE_IDS, TABLE_NAMES
from lib.textnorm import squash

# broader than the recogniser's: "本单位本年度无政府性基金预算财政拨款收入支出。" counts too
_STATEMENT = re.compile(r"(?:无|没有|未发生).{0,40}(?:收入|支出|收支|经费)|本表无数据|本表为空|为空表")
_SECTION_LINES = 60


def section_lines(report: Report, table: str) -> list[Line]:
    """Lines from the table's title to the next table's title (at most _SECTION_LINES)."""
    start = report.table_locations[table]
    later = sorted(place for place in report.table_locations.values() if place > start)
    end = later[0] if later else None
    lines = []
    for line in report.all_lines:
        place = (line.page, line.line_no)
        if place <= start:
            continue
        if end is not None and place >= end:
            break
        lines.append(line)
        if len(lines) >= _SECTION_LINES:
            break
    return lines


def empty_statement(report: Report, table: str) -> Location | None:
    if table in report.empty_statements:
        page, line, _ = report.empty_statements[table]
        return Location(page, table, line)
    for line in section_lines(report, table):
        text = squash(line.text)
        if _STATEMENT.search(text) and not text.startswith("注:本表反映"):
            return Location(line.page, table, line.line_no)
    return None


def run(report: Report, out: Emitter) -> None:
    if report.is_template:
        out.emit("comp.template", f"这是未填写的部门决算模板：识别出 {len(report.tables_found)} 张表，但没有任何金额，"
                 "只有“XX/XXX”之类的占位符。", expected="已填写的决算数字", actual="占位符",
                 locations=[table_location(report, t) for t in report.tables_found[:1]])
        return
    for table in report.tables_missing:
        out.emit("comp.missing_table", f"报告缺少{TABLE_NAMES[table]}（表{table[1:]}）。如本部门没有相关收支，也应公开空表并说明。",
                 expected=TABLE_NAMES[table], actual=None, locations=[Location(None, table, None)])
    missing_rows(report, out)
    for table in ("t7", "t8", "t9"):
        if table not in report.tables_found or table_has_amounts(report, table):
            continue
        if empty_statement(report, table) is None:
            out.emit("comp.empty_statement", f"表{table[1:]}（{TABLE_NAMES[table]}）是空表，但表下没有说明原因"
                     "（应写明“本部门无…，故本表无数据”）。", expected="无…故本表无数据", actual=None,
                     locations=[table_location(report, table)])


_TOTAL_MEASURES = {"t2": "income_total", "t3": "expense_total", "t5": "total", "t7": "expense_total", "t8": "total"}


def missing_rows(report: Report, out: Emitter) -> None:
    """A total row the table must print but that was not read: said once, as 读取存疑
    (the report may lack it, or we lost it); the checks needing it say 未检查."""
    absent = [ledger_term(report, table, side, item, "total" if table == "t4" and side == "支出" else "amount")
              for table, rows in REQUIRED_ROWS.items() for side, item, _ in rows]
    absent += [subject_total_term(report, table, measure) for table, measure in _TOTAL_MEASURES.items()]
    for term in dict.fromkeys(t for t in absent if t.status == "absent"):
        out.emit("comp.missing_row", f"{term.label.replace('“', '没有读到“', 1)}行：可能是报告漏印，也可能是本工具没有读出这一行；"
                 "依赖它的核对未进行，也不按 0 计。", expected=term.label, actual=None, locations=[term.loc])


__all__ = ["run", "empty_statement", "section_lines", "TABLE_IDS"]
