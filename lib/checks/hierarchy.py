"""Family "科目层级": 类 = Σ款 = Σ项 in 表2/3/5/7/8, 合计 = Σ类, and the 表6 economic
classification (类 = Σ款, group totals, 人员 + 公用 = 表5 基本支出).
"""

from __future__ import annotations

from lib.checks.access import (
    measures_of,
    subject_codes,
    subject_records,
    subject_terms,
    subject_total_term,
    table_has_amounts,
    table_location,
)
from lib.checks.base import MISSING, Emitter, Term, term_from_row
from lib.model import Report, tidy_records

FUNCTIONAL_TABLES = ("t2", "t3", "t5", "t7", "t8")
_GROUPS = ("人员经费", "公用经费")


def _children(codes: list[str], parent: str, length: int) -> list[str]:
    return [c for c in codes if len(c) == length and c.startswith(parent)]


def check_functional(report: Report, table: str, out: Emitter) -> None:
    if not subject_records(report, table) or not table_has_amounts(report, table):
        return
    codes = subject_codes(report, table)
    classes = [c for c in codes if len(c) == 3]
    kuans = [c for c in codes if len(c) == 5]
    labels = {str(row["measure"]): str(row["measure_label"]) for row in reversed(subject_records(report, table))}
    for measure in measures_of(report, table):
        terms = subject_terms(report, table, measure)
        label = labels.get(measure, measure)
        for parent, length, rule, word in ((c, 5, "hier.class_sum", "类") for c in classes):
            kids = _children(codes, parent, length)
            if kids:
                out.sum_identity(rule, f"表{table[1:]}“{terms[parent].label}”（{word}）的{label}（其下各款之和）",
                                 terms[parent], [terms.get(k, MISSING) for k in kids])
        for kuan in kuans:
            kids = _children(codes, kuan, 7)
            if kids and kuan in terms:
                out.sum_identity("hier.kuan_sum", f"表{table[1:]}“{terms[kuan].label}”（款）的{label}（其下各项之和）",
                                 terms[kuan], [terms.get(k, MISSING) for k in kids])
        total = subject_total_term(report, table, measure)
        if classes:
            out.sum_identity("hier.total_sum", f"表{table[1:]}合计行的{label}（各类之和）", total,
                             [terms.get(c, MISSING) for c in classes])
    _orphans(report, table, codes, out)


def _orphans(report: Report, table: str, codes: list[str], out: Emitter) -> None:
    present = set(codes)
    first = {}
    for row in subject_records(report, table):
        first.setdefault(str(row["subject_code"]), row)
    for code in codes:
        parent = code[:3] if len(code) == 5 else code[:5] if len(code) == 7 else None
        if parent and parent not in present:
            row = first[code]
            loc = term_from_row(row, table).loc
            out.emit("hier.orphan", f"表{table[1:]}的科目 {code} {row['subject_name']} 找不到上级科目 {parent} 的行，"
                     "逐级汇总无法核对。", expected=parent, actual=None, locations=[loc])


def check_economic(report: Report, out: Emitter) -> None:
    if "t6" not in report.tables_found:
        return
    terms: dict[str, Term] = {}
    groups: dict[str, str] = {}
    for row in tidy_records(report, "economic"):
        code = str(row["code"])
        terms.setdefault(code, term_from_row(row, "t6", f"{code} {row['name']}"))
        groups.setdefault(code, str(row["group"]))
    classes = [c for c in terms if len(c) == 3]
    for parent in classes:
        kids = [c for c in terms if len(c) == 5 and c.startswith(parent)]
        if kids:
            out.sum_identity("t6.class_sum", f"表6“{terms[parent].label}”（其下各款之和）", terms[parent],
                             [terms[k] for k in kids])
    for group in _GROUPS:
        total = group_total_term(report, group)
        members = [c for c in classes if groups[c] == group] or [c for c in terms if len(c) == 5 and groups[c] == group]
        if total.status != "missing" and members:
            out.sum_identity("t6.group_total", f"表6“{group}合计”（各类之和）", total, [terms[c] for c in members])


def group_total_term(report: Report, group: str) -> Term:
    rows = [row for row in tidy_records(report, "economic_totals") if (row["label"] or "").startswith(group)]
    if not rows:
        return MISSING
    return term_from_row(rows[0], "t6", f"{group}合计")


def check_basic_match(report: Report, out: Emitter) -> None:
    if "t6" not in report.tables_found or "t5" not in report.tables_found:
        return
    personnel, public = group_total_term(report, "人员经费"), group_total_term(report, "公用经费")
    basic = subject_total_term(report, "t5", "basic")
    if personnel.status == "missing" and public.status == "missing":
        out.not_checked("t6.basic_match", "表6 没有印出人员经费合计和公用经费合计", [table_location(report, "t6")])
        return
    if basic.status == "missing":
        out.not_checked("t6.basic_match", "表5 没有合计行的基本支出", [table_location(report, "t5")])
        return
    basic = Term(basic.amount, basic.status, basic.loc, "表5 基本支出")
    out.sum_identity("t6.basic_match", "表5 基本支出合计（= 表6 人员经费合计 + 公用经费合计）", basic, [personnel, public])


def run(report: Report, out: Emitter) -> None:
    if report.is_template:
        return
    for table in FUNCTIONAL_TABLES:
        if table in report.tables_found:
            check_functional(report, table, out)
    check_economic(report, out)
    check_basic_match(report, out)
