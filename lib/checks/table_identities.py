"""Family "表内勾稽": the formulas printed under 表1/表4 and the column identities of
表2/3/5/7/8/9. Each is a sum judged against the rounding envelope of its printed terms.
"""

from __future__ import annotations

from lib.checks.access import (
    T1_INCOME_ITEMS,
    T4_FUNDS,
    T4_INCOME_ITEMS,
    class_terms,
    ledger_term,
    measures_of,
    place,
    subject_codes,
    subject_terms,
    subject_total_term,
    table_has_amounts,
)
from lib.checks.base import MISSING, Emitter, Term, term_from_row
from lib.model import Report, tidy_records

# (table, rule, result measure, part measures, sign of each part)
ROW_IDENTITIES: tuple[tuple[str, str, str, tuple[str, ...], tuple[int, ...]], ...] = (
    ("t2", "t2.row_sum", "income_total", ("fiscal", "superior_subsidy", "business", "operating", "affiliated", "other"), ()),
    ("t3", "t3.row_sum", "expense_total", ("basic", "project", "to_superior", "operating", "to_affiliated"), ()),
    ("t5", "t5.row_sum", "total", ("basic", "project"), ()),
    ("t7", "t7.row_balance", "carry_end", ("carry_begin", "income", "expense_total"), (1, 1, -1)),
    ("t7", "t7.row_sum", "expense_total", ("basic", "project"), ()),
    ("t8", "t8.row_sum", "total", ("basic", "project"), ()),
)
SANGONG_IDENTITIES = (("total", ("abroad", "vehicle", "reception")), ("vehicle", ("vehicle_purchase", "vehicle_operation")))
_SANGONG_LABELS = {"budget": "预算数", "final": "决算数"}


def check_t1(report: Report, out: Emitter) -> None:
    if "t1" not in report.tables_found:
        return
    income = ledger_term(report, "t1", "收入", "income_total")
    parts = [ledger_term(report, "t1", "收入", item) for item in T1_INCOME_ITEMS]
    out.sum_identity("t1.income_sum", "表1“本年收入合计”（各项收入之和）", income, parts)
    expense = ledger_term(report, "t1", "支出", "expense_total")
    out.sum_identity("t1.expense_sum", "表1“本年支出合计”（各类支出之和）", expense, list(class_terms(report, "t1", "amount").values()))
    grand_in = ledger_term(report, "t1", "收入", "grand_total")
    grand_out = ledger_term(report, "t1", "支出", "grand_total")
    out.sum_identity("t1.grand_total", "表1 收入方“总计”", grand_in, [
        income, ledger_term(report, "t1", "收入", "non_fiscal_balance_used"), ledger_term(report, "t1", "收入", "carryover_begin")])
    out.sum_identity("t1.grand_total", "表1 支出方“总计”", grand_out, [
        expense, ledger_term(report, "t1", "支出", "surplus_distribution"), ledger_term(report, "t1", "支出", "carryover_end")])
    out.same_value("t1.balance", "表1 支出方“总计”（应与收入方总计相等）", grand_in, grand_out)


def check_t4(report: Report, out: Emitter) -> None:
    if "t4" not in report.tables_found:
        return
    carry_begin = ledger_term(report, "t4", "收入", "carryover_begin")
    boundary = place(carry_begin)
    income = ledger_term(report, "t4", "收入", "income_total")
    parts = [ledger_term(report, "t4", "收入", item, before=boundary) for item in T4_INCOME_ITEMS]
    out.sum_identity("t4.income_sum", "表4“本年收入合计”（三种财政拨款之和）", income, parts)
    if boundary is not None:
        breakdown = [ledger_term(report, "t4", "收入", item, after=boundary) for item in T4_INCOME_ITEMS]
        if any(t.status == "value" for t in breakdown):
            out.sum_identity("t4.carryover_sum", "表4“年初财政拨款结转和结余”（三种财政拨款之和）", carry_begin, breakdown)
    for measure, label in (("total", "合计"), *zip(T4_FUNDS, ("一般公共预算", "政府性基金", "国有资本经营"))):
        expense = ledger_term(report, "t4", "支出", "expense_total", measure)
        out.sum_identity("t4.expense_sum", f"表4“本年支出合计”{label}栏（各类之和）", expense,
                         list(class_terms(report, "t4", measure).values()))
    for item, label in _t4_expense_rows(report):
        total = ledger_term(report, "t4", "支出", item, "total")
        funds = [ledger_term(report, "t4", "支出", item, m) for m in T4_FUNDS]
        out.sum_identity("t4.row_sum", f"表4“{label}”的合计栏（三种财政拨款之和）", total, funds)
    grand_in = ledger_term(report, "t4", "收入", "grand_total")
    grand_out = ledger_term(report, "t4", "支出", "grand_total", "total")
    out.sum_identity("t4.grand_total", "表4 收入方“总计”", grand_in, [income, carry_begin])
    out.sum_identity("t4.grand_total", "表4 支出方“总计”", grand_out, [
        ledger_term(report, "t4", "支出", "expense_total", "total"), ledger_term(report, "t4", "支出", "carryover_end", "total")])
    out.same_value("t4.balance", "表4 支出方“总计”（应与收入方总计相等）", grand_in, grand_out)


def _t4_expense_rows(report: Report) -> list[tuple[str, str]]:
    rows = [(row["item"], row["label"]) for row in tidy_records(report, "ledger")
            if row["table"] == "t4" and row["side"] == "支出" and row["measure"] == "total"]
    keep = [(item, label) for item, label in rows
            if (item or "").startswith("class:") or item in ("expense_total", "carryover_end", "grand_total")]
    return list(dict.fromkeys(keep))


def check_subject_rows(report: Report, out: Emitter) -> None:
    """Column identities on every row (合计 row included) of 表2/3/5/7/8."""
    for table, rule, result, parts, signs in ROW_IDENTITIES:
        if not table_has_amounts(report, table) or result not in measures_of(report, table):
            continue
        signs = signs or (1,) * len(parts)
        by_measure = {m: subject_terms(report, table, m) for m in (result, *parts)}
        codes = subject_codes(report, table)
        rows: list[tuple[str, Term, list[Term]]] = [("合计", subject_total_term(report, table, result),
                                                      [_signed(subject_total_term(report, table, p), s) for p, s in zip(parts, signs)])]
        for code in codes:
            total = by_measure[result].get(code, MISSING)
            terms = [_signed(by_measure[p].get(code, MISSING), s) for p, s in zip(parts, signs)]
            rows.append((total.label or code, total, terms))
        for label, total, terms in rows:
            out.sum_identity(rule, f"{_table_label(table)}“{label}”行{_RESULT_LABELS[rule]}", total, terms)


_RESULT_LABELS = {
    "t2.row_sum": "的本年收入合计（第2–7栏之和）", "t3.row_sum": "的本年支出合计（第2–6栏之和）",
    "t5.row_sum": "的合计（基本支出 + 项目支出）", "t7.row_balance": "的年末结转和结余（年初 + 收入 − 支出）",
    "t7.row_sum": "的本年支出（基本 + 项目）", "t8.row_sum": "的合计（基本 + 项目）",
}


def _table_label(table: str) -> str:
    return f"表{table[1:]}"


def _signed(term: Term, sign: int) -> Term:
    if sign > 0 or term.amount is None:
        return term
    return Term(-term.amount, term.status, term.loc, term.label)


def check_t9(report: Report, out: Emitter) -> None:
    if "t9" not in report.tables_found or not table_has_amounts(report, "t9"):
        return
    for measure in ("budget", "final"):
        cells = {row["category"]: term_from_row(row, "t9", str(row["category_label"]))
                 for row in tidy_records(report, "sangong") if row["measure"] == measure}
        for result, parts in SANGONG_IDENTITIES:
            if result not in cells:
                continue
            out.sum_identity("t9.sum", f"表9 {_SANGONG_LABELS[measure]}“{cells[result].label}”", cells[result],
                             [cells.get(p, MISSING) for p in parts])


def run(report: Report, out: Emitter) -> None:
    if report.is_template:
        return
    check_t1(report, out)
    check_t4(report, out)
    check_subject_rows(report, out)
    check_t9(report, out)
