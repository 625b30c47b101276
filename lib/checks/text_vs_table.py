"""Family "文字与表格": every amount the narrative states that has a table counterpart
(totals, 一般公共预算 execution overall and per subject, 三公, 人员/公用经费, shares'
amounts), and the items' 年初预算 summed against the stated total.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lib.checks.access import ledger_term, subject_terms, subject_total_term
from lib.checks.base import Emitter, Term, r2
from lib.checks.findings import ERROR, Location, fmt
from lib.checks.hierarchy import group_total_term
from lib.checks.text_doubt import (
    doubted,
    first_reason,
    stated_is_another_row,
    table_figure_in_sentence,
    unitless_in_yuan,
)
from lib.checks.textnum import num, sum_verdict, text_loc, text_vs_table
from lib.model import Report
from lib.narrative.execution import unread_statements
from lib.narrative.sentences import NarrativeText
from lib.tables.classes import class_code_for
from lib.values import is_missing

if TYPE_CHECKING:
    import pandas as pd

# narrative totals item → (how to read the table figure, what the reader calls it)
TOTAL_TARGETS = {
    "total": (lambda r: ledger_term(r, "t1", "收入", "grand_total"), "表1 收入支出总计"),
    "income_total": (lambda r: ledger_term(r, "t1", "收入", "income_total"), "表1 本年收入合计"),
    "expense_total": (lambda r: ledger_term(r, "t1", "支出", "expense_total"), "表1 本年支出合计"),
    "fiscal_total": (lambda r: ledger_term(r, "t4", "收入", "grand_total"), "表4 财政拨款收入支出总计"),
    "gpb_expense": (lambda r: subject_total_term(r, "t5", "total"), "表5 一般公共预算财政拨款支出合计"),
}
SANGONG_LABELS = {"total": "三公经费合计", "abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行维护费",
                  "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费"}


def compare_stated(out: Emitter, rule: str, what: str, stated: float | None, loc: Location, table: Term,
                   table_label: str, *, converted: bool = False, sentence: str | None = None,
                   alternatives: dict[str, float] | None = None) -> None:
    """One stated amount against its table figure. With the `sentence` it was read from
    (and the figures of `alternatives`, rows its name could also stand for), a difference
    another reading of the sentence explains is 读取存疑, not 错误."""
    if stated is None or table.status == "missing" or out.skip_absent(rule, (table,)):
        return
    if not table.readable:
        out.not_checked(rule, "表格中对应的单元格无法识读", [loc, table.loc])
        return
    in_yi = converted and _printed_in_yi(sentence, stated)
    verdict = text_vs_table(stated / 10000, table.value / 10000) if in_yi else text_vs_table(stated, table.value)
    if verdict is None:
        return
    unit_note = ("（文字以“亿元”为单位，已换算为万元）" if in_yi else "（文字以“元”为单位，已换算为万元）") if converted else ""
    if verdict == "info":
        message = (f"尾数差异：情况说明写{what} {fmt(stated)} 万元{unit_note}，{table_label}为 {fmt(table.value)} 万元，"
                   "差异在四舍五入范围内。")
    else:
        message = (f"情况说明写{what}为 {fmt(stated)} 万元{unit_note}，但{table_label}是 {fmt(table.value)} 万元，"
                   f"相差 {abs(stated - table.value):,.2f} 万元。")
    finding = out.emit("bx.unit" if converted and verdict != "info" else rule, message, severity=verdict,
                       expected=r2(table.value), actual=stated, locations=[loc, table.loc])
    if verdict == ERROR and (sentence is not None or alternatives):
        reason = first_reason(unitless_in_yuan(sentence, stated, table.value),
                              table_figure_in_sentence(sentence, stated, table.value),
                              stated_is_another_row(stated, alternatives or {}))
        if reason:
            out.findings[-1] = doubted(finding, reason)


def check_totals(report: Report, facts: object, out: Emitter) -> None:
    for row in facts.totals.itertuples():
        target = TOTAL_TARGETS.get(str(row.item))
        if target is None:
            continue
        reader, label = target
        compare_stated(out, "text.amount", f"“{row.label}”", num(row.value), text_loc(row), reader(report), label,
                       converted=bool(row.converted), sentence=str(row.sentence))


def check_execution(report: Report, facts: object, out: Emitter) -> None:
    overall = facts.execution_overall
    items = facts.execution
    for row in overall.itertuples():
        if "一般公共预算" not in str(row.sentence) and _all_funds(report, num(row.final)):
            continue  # "财政拨款支出…决算为 X": every fund's, as 表4 prints it — not 表5's
        compare_stated(out, "text.amount", "一般公共预算财政拨款支出决算", num(row.final), text_loc(row),
                       subject_total_term(report, "t5", "total"), "表5 合计", sentence=str(row.sentence))
    t5 = subject_terms(report, "t5", "total")
    for row in items.itertuples():
        code = None if is_missing(row.subject_code) else str(row.subject_code)
        if code and code in t5:
            compare_stated(out, "text.amount", f"“{row.subject}”（{code}）支出决算", num(row.final), text_loc(row),
                           t5[code], f"表5 科目 {code}", sentence=_own_statement(str(row.sentence)),
                           alternatives=_same_name_rows(report, code))
    _budget_sum(report, overall, items, out)


def _printed_in_yi(sentence: str | None, stated: float) -> bool:
    """Whether the stated figure was printed in 亿元 ("1.23亿元"): its rounding is then that
    of the 亿元 digits, not of 0.01 万元."""
    if not sentence:
        return False
    text = re.sub(r"\s", "", sentence)
    return any(abs(float(m.group(1).replace(",", "")) * 10000 - stated) < 1e-6
               for m in re.finditer(r"(\d[\d,]*(?:\.\d+)?)亿元", text))


def _all_funds(report: Report, stated: float | None) -> bool:
    """Whether a stated 财政拨款 figure is 表4's 本年支出合计 (all funds together)."""
    term = ledger_term(report, "t4", "支出", "expense_total", "total")
    return stated is not None and term.status == "value" and text_vs_table(stated, term.value) is None


def _own_statement(sentence: str) -> str:
    """The part of an item's statement before its reason (a reason may cite other rows)."""
    reason = re.search(r"(?:主要)?原因", sentence)
    return sentence[:reason.start()] if reason else sentence


def _same_name_rows(report: Report, code: str) -> dict[str, float]:
    """表5 rows printed with the same name as `code` (行政运行 under several 款)."""
    rows = report.subjects[(report.subjects["table"] == "t5") & (report.subjects["measure"] == "total")]
    names = dict(zip(rows["subject_code"].astype(str), rows["subject_name"].astype(str)))
    amounts = dict(zip(rows["subject_code"].astype(str), rows["amount"]))
    name = names.get(code)
    return {f"表5 科目 {other}（同名）": float(amounts[other]) for other, label in names.items()
            if other != code and label == name and num(amounts[other]) is not None}


def _budget_sum(report: Report, overall: pd.DataFrame, items: pd.DataFrame, out: Emitter) -> None:
    """Σ items' 年初预算 (or 全年预算) = the stated total, when every item states one."""
    if overall.empty or len(items) < 2:
        return
    listed = len(items)
    items = _without_parents(items)
    head = overall.iloc[0]
    for column, label in (("budget", "年初预算"), ("full_year_budget", "全年预算")):
        total = num(head[column])
        values = [num(v) for v in items[column]]
        if total is None or total == 0 or any(v is None for v in values):
            continue
        parts = [v for v in values if v is not None]
        stated, diff = sum(parts), abs(sum(parts) - total)
        severity = sum_verdict(parts, total)
        if severity is None:
            return  # the first column every item states is the one checked
        prefix = "尾数差异：" if severity == "info" else ""
        first = items.iloc[0]
        finding = out.emit("text.budget_sum", f"{prefix}情况说明列出的 {len(values)} 个项目{label}合计 {fmt(stated)} 万元，"
                 f"而总数写的是 {fmt(total)} 万元，相差 {diff:,.2f} 万元。", severity=severity, expected=r2(total),
                 actual=r2(stated), locations=[Location(int(head["page"]), "text", int(head["line"])),
                                               Location(int(first["page"]), "text", int(first["line"]))])
        unread = unread_statements(NarrativeText(report.narrative), listed) if report.narrative else 0
        if severity == ERROR and unread:
            out.findings[-1] = doubted(finding, f"具体情况中还有 {unread} 处预算陈述没有读成项目，少算的可能正是它们")
        return


def _without_parents(items: pd.DataFrame) -> pd.DataFrame:
    """Items whose own sub-items are listed too (a 款's statement before its 项) would be
    counted twice: keep the listed leaves."""
    codes = [str(c) for c in items["subject_code"] if not is_missing(c)]
    parent = [not is_missing(c) and any(o != str(c) and o.startswith(str(c)) for o in codes) for c in items["subject_code"]]
    levels = [None if is_missing(v) else str(v) for v in items["level"]]
    kuans = [None if is_missing(v) else str(v) for v in items["kuan_name"]]
    names = [str(v) for v in items["subject"]]
    for index, level in enumerate(levels):
        if level == "款" and any(levels[j] == "项" and kuans[j] == names[index] for j in range(index + 1, len(levels))):
            parent[index] = True
    return items[[not p for p in parent]]


def check_sangong(report: Report, facts: object, out: Emitter) -> None:
    if "t9" not in report.tables_found:
        return
    table = report.sangong
    for row in facts.sangong.itertuples():
        category = str(row.category)
        for measure, column, word in (("final", "final", "决算"), ("budget", "budget", "预算")):
            cells = table[(table["measure"] == measure) & (table["category"] == category)]
            if cells.empty or (measure == "budget" and str(row.budget_kind) == "年初预算"):
                continue
            cell = cells.iloc[0]
            term = Term(None if cell["cell"] == "unreadable" else num(cell["amount"]), str(cell["cell"]),
                        Location(int(cell["page"]), "t9", int(cell["line"])))
            others = {f"表9 {SANGONG_LABELS.get(str(c), str(c))}{word}数": float(a)
                      for c, a in zip(table[table["measure"] == measure]["category"], table[table["measure"] == measure]["amount"])
                      if str(c) != category and num(a) is not None}
            compare_stated(out, "text.amount", f"{SANGONG_LABELS.get(category, category)}{word}", num(getattr(row, column)),
                           text_loc(row), term, f"表9 {SANGONG_LABELS.get(category, category)}{word}数",
                           sentence=str(row.sentence), alternatives=others)


BASIC_TARGETS = {"人员经费": "人员经费", "公用经费": "公用经费", "基本支出": "基本支出"}
SHARE_TARGETS = {
    "income": ("t2", {"财政拨款收入": "fiscal", "上级补助收入": "superior_subsidy", "事业收入": "business",
                      "经营收入": "operating", "附属单位上缴收入": "affiliated", "其他收入": "other"}),
    "expense": ("t3", {"基本支出": "basic", "项目支出": "project", "上缴上级支出": "to_superior", "经营支出": "operating",
                       "对附属单位补助支出": "to_affiliated"}),
}


def check_share_amounts(report: Report, facts: object, out: Emitter) -> None:
    """Amounts quoted with a share: income sources, 基本/项目, and 类 amounts (表5 by code)."""
    t5 = subject_terms(report, "t5", "total")
    for row in facts.shares.itertuples():
        scope, item = str(row.scope), str(row.item)
        if scope in SHARE_TARGETS:
            table, measures = SHARE_TARGETS[scope]
            measure = measures.get(item)
            if measure and table in report.tables_found:
                compare_stated(out, "text.amount", f"“{item}”", num(row.amount), text_loc(row),
                               subject_total_term(report, table, measure), f"表{table[1:]} 合计行“{item}”",
                               sentence=str(row.sentence))
        elif scope == "gpb_class":
            code = class_code_for(re.sub(r"[(（]类[)）]?", "", item).rstrip("(（"))
            if code is None:
                code = class_code_for(re.sub(r"[(（]类[)）]?", "", item).rstrip("(（") + "支出")
            if code and code in t5:
                others = {f"表5 类 {other}": term.value for other, term in t5.items()
                          if len(other) == 3 and other != code and term.status == "value"}
                compare_stated(out, "text.amount", f"“{item}”", num(row.amount), text_loc(row), t5[code],
                               f"表5 类 {code}", sentence=str(row.sentence), alternatives=others)


def check_basic(report: Report, facts: object, out: Emitter) -> None:
    """人员经费 / 公用经费 as stated vs 表6 (the known 002 error: 449.17 vs 1,369.67)."""
    basic = facts.basic
    if basic.empty:
        out.not_checked("text.amount", "情况说明中未提取到人员经费/公用经费金额（或尚未支持）")
        return
    for row in basic.itertuples():
        group, item = str(row.group), str(row.item)
        if group not in BASIC_TARGETS or item not in ("total", "合计", group, f"{group}合计", "", "<NA>"):
            continue
        if group == "基本支出":
            target, label = subject_total_term(report, "t5", "basic"), "表5 基本支出合计"
        else:
            target, label = group_total_term(report, group), f"表6 {group}合计"
        compare_stated(out, "text.amount", group, num(row.amount), text_loc(row), target, label,
                       converted=bool(row.converted) if not is_missing(row.converted) else False, sentence=str(row.sentence))


def run(report: Report, facts: object, out: Emitter) -> None:
    check_totals(report, facts, out)
    check_execution(report, facts, out)
    check_sangong(report, facts, out)
    check_basic(report, facts, out)
    check_share_amounts(report, facts, out)
