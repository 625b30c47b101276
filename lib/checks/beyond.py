"""Family "其他核对": checks the peer tools do not make — 机关运行经费 vs 公用经费 and its
change, 政府采购 parts vs total, 三公 counts disclosed when there is 三公 spending,
and (in text_vs_table) amounts stated in 元 that do not match the tables.
"""

from __future__ import annotations

from lib.checks.base import MISSING, Emitter, Term, r2, term_from_row
from lib.checks.findings import fmt
from lib.checks.hierarchy import group_total_term
from lib.checks.textnum import half_unit, num, sum_verdict, text_loc
from lib.model import Report
from lib.narrative import extract_facts
from lib.rounding import ROUNDING_PER_TERM

PROCUREMENT_PARTS = ("goods", "works", "services")


def _topic(facts: object, topic: str) -> dict[str, object]:
    rows = facts.operations
    return {str(r.item): r for r in rows[rows["topic"] == topic].itertuples()}


def check_running_cost(report: Report, facts: object, out: Emitter) -> None:
    items = _topic(facts, "机关运行经费")
    row = items.get("amount")
    if row is None:
        return
    amount = num(row.value)
    public = group_total_term(report, "公用经费")
    if amount is not None and public.status != "missing" and public.readable and amount > public.value + half_unit(amount) + ROUNDING_PER_TERM:
        out.emit("bx.running_cost", f"机关运行经费 {fmt(amount)} 万元超过表6 公用经费合计 {fmt(public.value)} 万元；"
                 "机关运行经费按公用经费口径统计，通常不会更大，请核对。", expected=r2(public.value), actual=amount,
                 locations=[text_loc(row), public.loc])
    change, prior = items.get("change"), items.get("prior")
    if amount is not None and change is not None and prior is not None:
        delta, before = num(change.value), num(prior.value)
        if delta is not None and before is not None and abs(amount - before - delta) > half_unit(delta) + 0.01:
            out.emit("text.yoy", f"机关运行经费：本年 {fmt(amount)} − 上年 {fmt(before)} = {fmt(amount - before)} 万元，"
                     f"文字写的变化是 {fmt(delta)} 万元。", expected=r2(amount - before), actual=delta,
                     locations=[text_loc(change)])


def check_procurement(facts: object, out: Emitter) -> None:
    items = _topic(facts, "政府采购")
    total_row = items.get("total")
    parts = [items[p] for p in PROCUREMENT_PARTS if p in items]
    if total_row is None or not parts:
        return
    total = num(total_row.value)
    values = [num(p.value) or 0.0 for p in parts]
    if total is None:
        return
    stated = sum(values)
    severity = sum_verdict(values, total)
    if severity is None:
        return
    prefix = "尾数差异：" if severity == "info" else ""
    out.emit("bx.procurement", f"{prefix}政府采购支出总额写的是 {fmt(total)} 万元，而货物、工程、服务三部分合计 {fmt(stated)} 万元。",
             severity=severity, expected=r2(stated), actual=total, locations=[text_loc(total_row)])


def check_sangong_counts(report: Report, facts: object, out: Emitter) -> None:
    if "t9" not in report.tables_found:
        return
    data = report.sangong
    finals = {str(r["category"]): num(r["amount"]) or 0.0 for _, r in data[data["measure"] == "final"].iterrows()}
    counts = facts.sangong_counts
    stated = set(str(i) for i in counts["item"]) if not counts.empty else set()
    needs = (("abroad", ("abroad_groups", "abroad_persons"), "因公出国（境）团组和人次"),
             ("vehicle_purchase", ("vehicles_purchased",), "购置公务用车数量"),
             ("vehicle_operation", ("vehicles_held",), "公务用车保有量"),
             ("reception", ("reception_batches", "reception_groups", "reception_persons"), "公务接待批次和人次"))
    for category, items, label in needs:
        if finals.get(category, 0.0) > 0 and not stated.intersection(items):
            cells = data[(data["measure"] == "final") & (data["category"] == category)].iloc[0]
            from lib.checks.findings import Location

            out.emit("bx.sangong_counts", f"表9 有{label.split('和')[0][:6]}相关支出 {fmt(finals[category])} 万元，"
                     f"但情况说明没有披露{label}。", expected=label, actual=None,
                     locations=[Location(int(cells["page"]), "t9", int(cells["line"]))])


def run(report: Report, out: Emitter) -> None:
    if report.is_template or not report.narrative:
        return
    facts = extract_facts(report)
    check_running_cost(report, facts, out)
    check_procurement(facts, out)
    check_sangong_counts(report, facts, out)
    check_performance(report, facts, out)


# 绩效 split item → (what the text calls it, the table figure it restates)
SPLIT_TARGETS: dict[str, tuple[str, str]] = {
    "expense_total": ("绩效部分的支出合计", "t3:expense_total"),
    "basic": ("绩效部分的基本支出", "t3:basic"),
    "project": ("绩效部分的项目支出", "t3:project"),
    "personnel": ("绩效部分的人员经费", "t6:人员经费"),
    "public": ("绩效部分的公用经费", "t6:公用经费"),
    "wages": ("绩效部分的工资福利支出", "t6:301"),
    "goods_services": ("绩效部分的商品和服务支出", "t6:302"),
    "household": ("绩效部分的对个人和家庭的补助", "t6:303"),
}


T3_LABELS = {"expense_total": "本年支出合计", "basic": "基本支出", "project": "项目支出"}


def _split_target(report: Report, target: str) -> tuple[Term, str]:
    from lib.checks.access import subject_total_term

    table, key = target.split(":")
    if table == "t3":
        return subject_total_term(report, "t3", key), f"表3 合计行{T3_LABELS[key]}"
    if key in ("人员经费", "公用经费"):
        return group_total_term(report, key), f"表6 {key}合计"
    rows = report.economic[report.economic["code"] == key]
    if rows.empty:
        return MISSING, ""
    return term_from_row(rows.iloc[0], "t6", key), f"表6 {key} {rows.iloc[0]['name']}"


def check_performance(report: Report, facts: object, out: Emitter) -> None:
    """绩效 overall 决算 vs 表5, and every split amount the 绩效 text states (often in 元,
    where a 元/万元 slip or a mislabelled total shows) vs its table figure."""
    from lib.checks.access import subject_total_term
    from lib.checks.text_vs_table import compare_stated

    perf = facts.performance  # type: ignore[attr-defined]
    for row in perf[(perf["scope"] == "overall") & (perf["item"] == "final")].itertuples():
        value = num(row.value)
        if value is not None:
            compare_stated(out, "text.amount", "绩效自评的支出决算", round(value, 2), text_loc(row),
                           subject_total_term(report, "t5", "total"), "表5 合计", converted=bool(row.converted))
    for row in perf[perf["scope"] == "split"].itertuples():
        what, target = SPLIT_TARGETS[str(row.item)]
        value = num(row.value)
        table, label = _split_target(report, target)
        if value is not None and table.status != "missing":
            compare_stated(out, "text.amount", what, round(value, 2), text_loc(row), table, label,
                           converted=bool(row.converted))
