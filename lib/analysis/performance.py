"""绩效自评 for readers: one row per self-evaluation (budget, executed, rate, self-score,
flags) and its indicators, from the Report's perf frames and the findings on them.

Flags are the journalist's questions: little of the budget spent (执行率 < 80 %), full
marks although a target was missed, a rate the table's own figures contradict.
Column names are the Chinese labels shown on the page; amounts in 万元.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lib.analysis.rates import LOW_RATE, completion_rate
from lib.checks.findings import ERROR, Finding
from lib.locations import cite, printed_pages
from lib.model import Report

LIBRARY_SHOWN = 200  # self-evaluations of the library listed (lowest 执行率 first)
KIND_LABELS = {"overall": "部门整体", "project": "项目"}
SOURCE_LABELS = {"table": "自评表", "summary": "自评结果"}
PROJECT_COLUMNS = ["类型", "项目", "来源", "全年预算数（万元）", "全年执行数（万元）", "执行率（%）", "表中执行率",
                   "自评得分", "标记", "页", "行", "seq"]
INDICATOR_COLUMNS = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因", "标记", "页", "行"]


def _places(report: Report) -> dict[tuple[int, int], int]:
    """(page, line) of every funds row, indicator row and 总分 → the self-evaluation's seq."""
    places: dict[tuple[int, int], int] = {}
    for frame in (report.perf_funds, report.perf_indicators):
        for seq, page, line in zip(frame["seq"], frame["page"], frame["line"]):
            places[(int(page), int(line))] = int(seq)
    for _, row in report.perf_tables.iterrows():
        if not pd.isna(row["total_page"]):
            places[(int(row["total_page"]), int(row["total_line"]))] = int(row["seq"])
    return places


def findings_by_table(report: Report, findings: Iterable[Finding]) -> dict[int, list[Finding]]:
    """The 绩效 findings grouped by the self-evaluation their first table place belongs to."""
    places = _places(report)
    grouped: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.family != "performance":
            continue
        seq = next((places[(loc.page, loc.line)] for loc in finding.location
                    if loc.table == "perf" and (loc.page, loc.line) in places), None)
        if seq is not None:
            grouped.setdefault(seq, []).append(finding)
    return grouped


def _measure(funds: pd.DataFrame, measures: tuple[str, ...], column: str = "value") -> object:
    rows = funds[(funds["row_index"] == 0) & funds["measure"].isin(measures) & (funds["cell"] == "value")]
    if rows.empty:
        return None
    order = {m: i for i, m in enumerate(measures)}
    return rows.iloc[rows["measure"].map(order).argsort()].iloc[0][column]


def _flags(rate: float | None, found: list[Finding]) -> list[str]:
    flags = []
    if rate is not None and rate < LOW_RATE:
        flags.append("执行率低于80%")
    if rate is not None and rate > 100.005:
        flags.append("超预算执行")
    rules = {(f.rule, f.severity) for f in found}
    if any(rule == "perf.full_score_missed" for rule, _ in rules):
        flags.append("未达目标却满分")
    if ("perf.rate", ERROR) in rules:
        flags.append("执行率与金额不符")
    if ("perf.total", ERROR) in rules or ("perf.indicator_score", ERROR) in rules:
        flags.append("得分计算有误")
    if ("perf.text", ERROR) in rules:
        flags.append("与情况说明不符")
    return flags


def project_table(report: Report, findings: Iterable[Finding] = ()) -> pd.DataFrame:
    """One row per self-evaluation: 全年预算数 (预算数), 全年执行数, 执行率 computed from them,
    the rate as printed, the self-score, flags and the page of its title."""
    grouped = findings_by_table(report, findings)
    rows = []
    for _, table in report.perf_tables.iterrows():
        seq = int(table["seq"])
        funds = report.perf_funds[report.perf_funds["seq"] == seq]
        budget = _measure(funds, ("full_year_budget", "budget", "initial_budget"))
        executed = _measure(funds, ("executed",))
        rate = completion_rate(executed, budget)
        printed = _measure(funds, ("rate",), "printed")
        total = None if pd.isna(table["total_score"]) else float(table["total_score"])
        rows.append({
            "类型": KIND_LABELS.get(str(table["kind"]), str(table["kind"])), "项目": str(table["name"]),
            "来源": SOURCE_LABELS.get(str(table["source"]), str(table["source"])),
            "全年预算数（万元）": None if budget is None else float(budget),
            "全年执行数（万元）": None if executed is None else float(executed),
            "执行率（%）": rate, "表中执行率": printed or "—",
            "自评得分": total, "标记": "、".join(_flags(rate, grouped.get(seq, []))), "页": int(table["page"]),
            "行": int(table["line"]), "seq": seq,
        })
    return pd.DataFrame(rows, columns=PROJECT_COLUMNS)


def indicator_table(report: Report, seq: int, findings: Iterable[Finding] = ()) -> pd.DataFrame:
    """The indicators of one self-evaluation; 标记: 扣分 (得分 < 分值) or 未达目标却满分."""
    missed = {(loc.page, loc.line) for f in findings if f.rule == "perf.full_score_missed" for loc in f.location}
    items = report.perf_indicators[report.perf_indicators["seq"] == seq]
    rows = []
    for _, item in items.iterrows():
        weight = None if pd.isna(item["weight"]) else float(item["weight"])
        score = None if pd.isna(item["score"]) else float(item["score"])
        flag = ""
        if (int(item["page"]), int(item["line"])) in missed:
            flag = "未达目标却满分"
        elif item["cell"] == "unreadable":
            flag = "得分无法识读"
        elif weight is not None and score is not None and score < weight:
            flag = "扣分"
        rows.append({"一级指标": item["level1"], "二级指标": item["level2"], "三级指标": item["indicator"],
                     "年度指标值": item["target"], "实际完成值": item["actual"], "分值": weight, "得分": score,
                     "偏差原因": item["reason"], "标记": flag, "页": int(item["page"]),
                     "行": int(item["line"])})
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS)


def library_projects(projects: pd.DataFrame) -> pd.DataFrame:
    """The library's self-evaluations as shown (`lib.library.performance_projects` rows: each
    with its report's department, year, kind of file and printed page numbers, and its first
    funds row's budget and executed amount): the cross-report view."""
    columns = ["部门", "年度", "类型", "项目", "全年预算数（万元）", "全年执行数（万元）", "执行率（%）", "自评得分", "位置"]
    rows = []
    for table in projects.to_dict("records"):
        budget = None if pd.isna(table["budget"]) else float(table["budget"])
        executed = None if pd.isna(table["executed"]) else float(table["executed"])
        known = not pd.isna(table["source_kind"])  # the report's row (a table without one shows no department)
        rows.append({
            "部门": table["department"] if known else None,
            "年度": None if pd.isna(table["year"]) else int(table["year"]),
            "类型": KIND_LABELS.get(str(table["kind"]), str(table["kind"])), "项目": table["name"],
            "全年预算数（万元）": budget, "全年执行数（万元）": executed,
            "执行率（%）": completion_rate(executed, budget),
            "自评得分": None if pd.isna(table["total_score"]) else float(table["total_score"]),
            "位置": cite(table["page"], table["line"], str(table["source_kind"]) if known else None,
                       printed_pages(table)) or "—",
        })
    return pd.DataFrame(rows, columns=columns)


def project_counts(projects: pd.DataFrame) -> tuple[int, int, int]:
    """(self-evaluations, 执行率 below 80 %, flagged) of a `project_table`."""
    return len(projects), int(projects["执行率（%）"].lt(LOW_RATE).sum()), int((projects["标记"] != "").sum())


def project_choices(projects: pd.DataFrame, kind: str | None, printed: dict[int, int]) -> dict[int, str]:
    """seq → how a self-evaluation is offered for its indicators: '项目名（项目，报告第28页）'."""
    return {int(seq): f"{name}（{kind_label}，{cite(page, line, kind, printed)}）"
            for seq, name, kind_label, page, line in zip(projects["seq"], projects["项目"], projects["类型"],
                                                         projects["页"], projects["行"])}
