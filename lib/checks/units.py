"""Family "其他核对": amounts of a plausible size. A table read (or printed) in 元 while
its heading says 万元 makes every amount 10,000 times too large; the tables then still
agree with one another, so only the narrative's own figures — and tables that must agree
with a table printed in the right unit — show it.
"""

from __future__ import annotations

from lib.checks.access import ledger_term, subject_total_term
from lib.checks.base import Emitter, Term, r2
from lib.checks.findings import Location, fmt
from lib.checks.hierarchy import group_total_term
from lib.checks.textnum import num, text_loc
from lib.model import Report

SCALE = 10_000.0
TOLERANCE = 0.01  # relative: a ratio within 1 % of 10,000 (small stated figures are rounded)


def _ratio_is(ratio: float, target: float) -> bool:
    return abs(ratio / target - 1) <= TOLERANCE


def _stated_pairs(report: Report) -> list[tuple[str, float, Location, Term, str]]:
    """(what, stated 万元, where stated, table term, table label) for the narrative's key amounts."""
    if not report.narrative:
        return []
    from lib.checks.text_vs_table import TOTAL_TARGETS
    from lib.narrative import extract_facts

    facts = extract_facts(report)
    pairs = []
    for row in facts.totals.itertuples():
        target = TOTAL_TARGETS.get(str(row.item))
        if target is not None:
            pairs.append((f"“{row.label}”", num(row.value), text_loc(row), target[0](report), target[1]))
    for row in facts.execution_overall.itertuples():
        pairs.append(("一般公共预算财政拨款支出决算", num(row.final), text_loc(row),
                      subject_total_term(report, "t5", "total"), "表5 合计"))
    for row in facts.basic.itertuples():
        if str(row.group) in ("人员经费", "公用经费") and str(row.item) in ("total", "合计", str(row.group), ""):
            pairs.append((str(row.group), num(row.amount), text_loc(row), group_total_term(report, str(row.group)),
                          f"表6 {row.group}合计"))
    return [(what, stated, loc, term, label) for what, stated, loc, term, label in pairs
            if stated is not None and stated > 0.005 and term.status == "value" and term.value > 0.005]


def _table_pairs(report: Report) -> list[tuple[Term, str, Term, str]]:
    """Figures two tables print for the same money."""
    return [
        (ledger_term(report, "t1", "收入", "income_total"), "表1 本年收入合计",
         subject_total_term(report, "t2", "income_total"), "表2 合计"),
        (ledger_term(report, "t1", "支出", "expense_total"), "表1 本年支出合计",
         subject_total_term(report, "t3", "expense_total"), "表3 合计"),
        (subject_total_term(report, "t5", "basic"), "表5 基本支出合计",
         group_total_term(report, "人员经费"), "表6 人员经费合计"),
    ]


def run(report: Report, out: Emitter) -> None:
    if report.is_template:
        return
    pairs = _stated_pairs(report)
    scaled = [p for p in pairs if _ratio_is(p[3].value / p[1], SCALE)]
    agreeing = [p for p in pairs if _ratio_is(p[3].value / p[1], 1.0)]
    if scaled and len(scaled) > len(agreeing):
        what, stated, loc, term, label = scaled[0]
        out.emit("bx.unit_scale",
                 f"金额的数量级可疑：{label}为 {fmt(term.value)} 万元，约是情况说明所写{what} {fmt(stated)} 万元的 1 万倍"
                 f"（情况说明的 {len(pairs)} 个关键金额中有 {len(scaled)} 个如此）。表格的单位可能实为“元”而表头写了“万元”"
                 "（也可能是本程序没有读到表头的单位）；在核实单位之前，表格与文字的核对结果都不可信。",
                 expected=r2(stated), actual=r2(term.value), locations=[term.loc, loc])
        return
    for left, left_label, right, right_label in _table_pairs(report):
        if left.status != "value" or right.status != "value" or min(left.value, right.value) <= 0.005:
            continue
        ratio = left.value / right.value
        if _ratio_is(ratio, SCALE) or _ratio_is(ratio, 1 / SCALE):
            big, big_label, small, small_label = (left, left_label, right, right_label) if ratio > 1 else \
                (right, right_label, left, left_label)
            out.emit("bx.unit_scale",
                     f"金额的数量级可疑：{big_label}为 {fmt(big.value)} 万元，约是{small_label} {fmt(small.value)} 万元的 1 万倍，"
                     "两者本应相同。其中一张表的单位可能实为“元”而表头写了“万元”（也可能是本程序没有读到表头的单位）。",
                     expected=r2(small.value), actual=r2(big.value), locations=[big.loc, small.loc])
            return
