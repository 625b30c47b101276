"""绩效: the report's 绩效自评表 — budget, executed, 执行率, self-score and flags per
project, its indicators, the 绩效 findings with their pages, and every report's projects."""

from __future__ import annotations

import streamlit as st

from lib import locations, safetext, ui, views
from lib.analysis import performance

report_id = ui.pick_report("performance")
report = ui.require_report(report_id)
findings = ui.findings(report_id) or ()
kind, printed = ui.source_kind(report_id), locations.printed_pages(report)
st.title("绩效自评")
st.caption(f"{safetext.md(views.report_label(ui.library_row(report_id)))}　金额单位：万元。数字取自报告所附部门整体支出"
           "和项目支出绩效自评表（及“绩效自评结果”文字）；执行率 = 全年执行数 ÷ 全年预算数，按表中金额重算。")

projects = performance.project_table(report, findings)
if projects.empty:
    st.info("本报告没有可读取的绩效自评表。")
else:
    tables, low, flagged = performance.project_counts(projects)
    cells = st.columns(3)
    cells[0].metric("自评表", f"{tables} 张")
    cells[1].metric("执行率低于80%", f"{low} 个")
    cells[2].metric("需留意", f"{flagged} 个")
    only = st.toggle("只看需留意的项目", key="performance_only_flagged")
    shown = projects[projects["标记"] != ""] if only else projects
    ui.table(shown.drop(columns=["seq"]), "绩效自评", key="performance_projects", report_id=report_id)

    names = performance.project_choices(projects, kind, printed)
    seq = st.selectbox("查看指标", list(names), format_func=lambda s: names[s], key="performance_pick")
    indicators = performance.indicator_table(report, seq, findings)
    if indicators.empty:
        st.caption("该项自评没有逐项指标（或文字导出中指标表被拆散，未能读取）。")
    else:
        ui.table(indicators, "绩效指标", key="performance_indicators", report_id=report_id)

    related = performance.findings_by_table(report, findings).get(seq, [])
    st.subheader("核对结果")
    if not related:
        st.caption("该项自评表的金额、执行率和得分与其自身算术一致（或差异在四舍五入范围内）。")
    for finding in related:
        text = f"{safetext.md(finding.message)}（{views.finding_place(finding, kind, printed)}）"
        {"error": st.error, "warning": st.warning}.get(finding.severity, st.caption)(text)

st.subheader("报告库中的绩效自评")
projects, counts = ui.performance_projects(performance.LIBRARY_SHOWN)
library = performance.library_projects(projects)
if library.empty:
    st.info("报告库中没有包含绩效自评表的报告。")
else:
    st.caption(f"共 {counts['departments']} 个部门的 {counts['tables']} 张自评表；执行率低于80%的 {counts['low']} 个。"
               + (f"下表列出执行率最低的 {len(library)} 张。" if counts["tables"] > len(library) else ""))
    ui.table(library.sort_values("执行率（%）", na_position="last"), "绩效自评_报告库", key="performance_library")
