"""Family "表间一致": the same money in two tables — by totals and by subject code.

表1 ↔ 表2/表3 (totals, sources, 类), 表1 ↔ 表4, 表4 ↔ 表5/表7, 表3 ↔ 表5 per code
and measure, names per code across 表2/3/5, and 表6 三公-related items ≤ 表9.
"""

from __future__ import annotations

import re

from lib.checks.access import (
    class_terms,
    ledger_term,
    subject_rows,
    subject_terms,
    subject_total_term,
    table_has_amounts,
    table_location,
)
from lib.checks.base import MISSING, Emitter, Term, term_from_row
from lib.checks.findings import judge
from lib.model import Report

T1_T2_SOURCES = (
    ("superior_subsidy_income", "superior_subsidy", "上级补助收入"),
    ("business_income", "business", "事业收入"),
    ("operating_income", "operating", "经营收入"),
    ("affiliated_income", "affiliated", "附属单位上缴收入"),
    ("other_income", "other", "其他收入"),
)
T6_SANGONG = (("30212", "abroad"), ("30217", "reception"), ("30231", "vehicle_operation"), ("31013", "vehicle_purchase"))
T3_T5_MEASURES = (("expense_total", "total", "支出合计"), ("basic", "basic", "基本支出"), ("project", "project", "项目支出"))


def _both(report: Report, *tables: str) -> bool:
    return all(t in report.tables_found for t in tables)


def _relabel(term: Term, label: str) -> Term:
    return Term(term.amount, term.status, term.loc, label)


def check_t1_t2(report: Report, out: Emitter) -> None:
    if not _both(report, "t1", "t2"):
        return
    out.same_value("x.t1_t2", "表2 合计行“本年收入合计”（应等于表1 本年收入合计）",
                   ledger_term(report, "t1", "收入", "income_total"), subject_total_term(report, "t2", "income_total"))
    fiscal = [ledger_term(report, "t1", "收入", i) for i in ("fiscal_income", "gpb_income", "gov_fund_income", "soe_capital_income")]
    out.sum_identity("x.t1_t2", "表2“财政拨款收入”（= 表1 三种财政拨款收入之和）",
                     subject_total_term(report, "t2", "fiscal"), fiscal)
    for t1_item, t2_measure, label in T1_T2_SOURCES:
        left, right = ledger_term(report, "t1", "收入", t1_item), subject_total_term(report, "t2", t2_measure)
        if left.status != "missing" and right.status != "missing":
            out.same_value("x.t1_t2", f"表2“{label}”（应等于表1 {label}）", left, right)


def check_t1_t3(report: Report, out: Emitter) -> None:
    if not _both(report, "t1", "t3"):
        return
    out.same_value("x.t1_t3", "表3 合计行“本年支出合计”（应等于表1 本年支出合计）",
                   ledger_term(report, "t1", "支出", "expense_total"), subject_total_term(report, "t3", "expense_total"))
    _classes_match(out, "x.t1_t3", "表1", class_terms(report, "t1", "amount"), "表3", subject_terms(report, "t3", "expense_total"),
                   table_location(report, "t3"))


def check_t4_t5_t7(report: Report, out: Emitter) -> None:
    if _both(report, "t4", "t5"):
        out.same_value("x.t4_t5", "表5 合计（应等于表4 一般公共预算财政拨款本年支出）",
                       ledger_term(report, "t4", "支出", "expense_total", "gpb"), subject_total_term(report, "t5", "total"))
        _classes_match(out, "x.t4_t5", "表4", class_terms(report, "t4", "gpb"), "表5", subject_terms(report, "t5", "total"),
                       table_location(report, "t5"))
    if _both(report, "t4", "t7"):
        left = ledger_term(report, "t4", "支出", "expense_total", "gov_fund")
        right = subject_total_term(report, "t7", "expense_total")
        if not table_has_amounts(report, "t7"):
            right = Term(0.0, "empty", table_location(report, "t7"), "表7（空表）")
        out.same_value("x.t4_t7", "表7 本年支出（应等于表4 政府性基金预算财政拨款支出）", left, right)


def _classes_match(out: Emitter, rule: str, left_name: str, left: dict[str, Term], right_name: str,
                   right: dict[str, Term], right_table: object) -> None:
    """Every 类 with an amount on either side must carry the same amount on the other."""
    unnamed = [term for code, term in left.items() if not code.isdigit()]
    if unnamed:  # a 类 line whose name no classification we know gives a code
        out.not_checked(rule, "这一类的名称对应不到科目编码，无法与另一张表按类核对", [t.loc for t in unnamed])
    for code in sorted({c for c in left if c.isdigit()} | {c for c in right if len(c) == 3}):
        a, b = left.get(code, MISSING), right.get(code, MISSING)
        if a.value == 0 and b.value == 0:
            continue
        name = (a.label or b.label or code)
        if a.status == "missing":
            a = Term(0.0, "empty", b.loc, f"{left_name}（无此类）")
        if b.status == "missing":
            b = Term(0.0, "empty", right_table, f"{right_name}（无此类）")  # type: ignore[arg-type]
        out.same_value(rule, f"{right_name}中类 {code}“{_plain(name)}”（应等于{left_name}同一类）", a, b)


def check_t1_t4(report: Report, out: Emitter) -> None:
    if not _both(report, "t1", "t4"):
        return
    carry = ledger_term(report, "t4", "收入", "carryover_begin")
    boundary = None if carry.loc.page is None or carry.status == "absent" else (carry.loc.page, carry.loc.line or 0)
    for item, label in (("gpb_income", "一般公共预算财政拨款收入"), ("gov_fund_income", "政府性基金预算财政拨款收入"),
                        ("soe_capital_income", "国有资本经营预算财政拨款收入")):
        left = ledger_term(report, "t1", "收入", item)
        right = ledger_term(report, "t4", "收入", item, before=boundary)
        if left.status != "missing" and right.status != "missing":
            out.same_value("x.t1_t4", f"表4“{label}”（应等于表1 同一行）", left, right)
    for item, side, label in (("carryover_begin", "收入", "年初结转和结余"), ("carryover_end", "支出", "年末结转和结余")):
        measure = "total" if side == "支出" else "amount"
        part = _relabel(ledger_term(report, "t4", side, item, measure), f"表4 财政拨款{label}")
        whole = _relabel(ledger_term(report, "t1", side, item), f"表1 全部{label}")
        out.at_most("x.t1_t4", f"{label}", part, whole)


def check_codes(report: Report, out: Emitter) -> None:
    """表3 ↔ 表5 per code and measure; names per code across 表2/3/5; 表5 codes present in 表3."""
    if _both(report, "t3", "t5"):
        t3_total, t5_total = subject_total_term(report, "t3", "expense_total"), subject_total_term(report, "t5", "total")
        equal_totals = t3_total.readable and t5_total.readable and judge(t3_total.value, t5_total.value, 1) in (None, "info")
        t3_rows = subject_rows(report, "t3")
        t3_codes = set(t3_rows["subject_code"].astype(str))
        for m3, m5, label in T3_T5_MEASURES:
            left, right = subject_terms(report, "t3", m3), subject_terms(report, "t5", m5)
            for code, term5 in right.items():
                if code not in left:
                    continue
                term3 = _relabel(left[code], f"表3 {code} {label}")
                term5 = _relabel(term5, f"表5 {code} {label}")
                if equal_totals:
                    out.same_value("x.code_amounts", f"表5 科目 {code} 的{label}（两表合计相同，应等于表3）", term3, term5)
                else:
                    out.at_most("x.code_amounts", f"科目 {code} 的{label}", term5, term3)
        _presence(report, out, t3_codes)
    _names(report, out)


def _presence(report: Report, out: Emitter, t3_codes: set[str]) -> None:
    rows = subject_rows(report, "t5")
    missing = rows[~rows["subject_code"].astype(str).isin(t3_codes)].drop_duplicates("subject_code")
    if missing.empty or not t3_codes:
        return
    empty = all((rows[rows["subject_code"] == c]["amount"].fillna(0) == 0).all() for c in missing["subject_code"])
    codes = "、".join(f"{r['subject_code']} {r['subject_name']}" for _, r in missing.iterrows())
    tail = "，这些行没有金额，像是模板里多余的行" if empty else ""
    out.emit("x.code_presence", f"表5 有表3 中没有的科目：{codes}{tail}。", expected="表3 中有对应科目",
             actual=",".join(missing["subject_code"].astype(str)), locations=[term_from_row(r, "t5").loc for _, r in missing.iterrows()])


def _plain(name: str) -> str:
    return re.sub(r"^\d+\s*", "", name)


def _norm(name: str) -> str:
    return re.sub(r"[\s()（）、“”\"]", "", name)


def _names(report: Report, out: Emitter) -> None:
    seen: dict[str, tuple[str, str, object]] = {}
    for table in ("t2", "t3", "t5"):
        rows = subject_rows(report, table).drop_duplicates("subject_code")
        for _, row in rows.iterrows():
            code, name = str(row["subject_code"]), str(row["subject_name"])
            loc = term_from_row(row, table).loc
            if code not in seen:
                seen[code] = (table, name, loc)
                continue
            first_table, first_name, first_loc = seen[code]
            if _norm(first_name) and _norm(name) and _norm(first_name) != _norm(name):
                out.emit("x.code_names", f"科目 {code} 在表{first_table[1:]}中叫“{first_name}”，在表{table[1:]}中叫“{name}”。",
                         expected=first_name, actual=name, locations=[first_loc, loc])  # type: ignore[list-item]


def check_t6_t9(report: Report, out: Emitter) -> None:
    if "t6" not in report.tables_found:
        return
    economic = report.economic
    items = {str(r["code"]): term_from_row(r, "t6", f"表6 {r['code']} {r['name']}") for _, r in economic.iterrows()}
    relevant = [(code, cat) for code, cat in T6_SANGONG if code in items and items[code].value > 0]
    if not relevant:
        return
    if "t9" not in report.tables_found:
        out.not_checked("x.t6_sangong", "缺少表9，无法核对表6 中的三公相关支出", [items[c].loc for c, _ in relevant])
        return
    finals = {str(r["category"]): term_from_row(r, "t9", f"表9 {r['category_label']}决算数")
              for _, r in report.sangong[report.sangong["measure"] == "final"].iterrows()}
    for code, category in relevant:
        out.at_most("x.t6_sangong", "三公经费", items[code], finals.get(category, Term(0.0, "empty", table_location(report, "t9"), "表9")))


def run(report: Report, out: Emitter) -> None:
    if report.is_template:
        return
    check_t1_t2(report, out)
    check_t1_t3(report, out)
    check_t4_t5_t7(report, out)
    check_t1_t4(report, out)
    check_codes(report, out)
    check_t6_t9(report, out)
