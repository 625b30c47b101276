"""预算执行: stated budget execution per item, flags, the overall rate, 三公 and 绩效."""

from __future__ import annotations

import streamlit as st

from lib import charts, readable, safetext, ui, views

report_id = ui.pick_report("execution")
report = ui.require_report(report_id)
facts = ui.facts(report_id)
st.title("预算执行")
st.caption(f"{safetext.md(views.report_label(ui.library_row(report_id)))}　金额单位：万元。数字取自情况说明中“一般公共预算财政拨款支出决算"
           "具体情况”等段落；完成率 = 决算 ÷ 预算（报告写明时用报告的数）。")
if facts is None:
    st.info("预算执行情况：尚未提供（情况说明的事实提取尚不可用，或原件不在本机）。")
    st.stop()

overall = views.execution_overall(facts)
st.subheader("总体执行情况")
if overall is None:
    st.info("报告没有说明一般公共预算财政拨款支出的总体预算执行情况。")
else:
    cells = st.columns(4)
    for cell, label in zip(cells, ("年初预算", "全年预算", "决算")):
        cell.metric(f"{label}（万元）", ui.money(overall[label]))
    rate = overall["完成率%"]
    cells[3].metric("完成率", readable.percent(rate),
                    help=views.execution_flag(overall["年初预算"], rate) or None)
    if overall["sentence"]:
        st.caption(f"报告原文（{ui.where(overall['页'], overall['行'], report_id)}）：{safetext.md(overall['sentence'])}")
    if overall["原因"]:
        st.caption(f"所述原因：{safetext.md(overall['原因'])}")

st.subheader("各项目执行情况")
items = views.execution_items(facts)
if items.empty:
    st.info("报告没有逐项说明预算执行情况。")
else:
    flagged = items[items["标记"] != ""]
    st.caption(f"共 {len(items)} 项，其中 {len(flagged)} 项需留意（完成率高于 120%、低于 80%，或年初预算为 0）。")
    only = st.toggle("只看需留意的项目", key="execution_only_flagged")
    shown = flagged if only else items
    with_rate = shown.dropna(subset=["完成率（%）"])
    if not with_rate.empty:
        ui.chart(charts.rate_bars(with_rate, "科目", "完成率（%）", "各项目完成率（虚线：80% 与 120%）"), "预算完成率",
                 key="execution_rates")
    ui.table(shown, "预算执行明细", key="execution_items", report_id=report_id)
    reasons = views.execution_reasons(shown)
    if reasons:
        with st.expander(f"报告所述原因（全文，{len(reasons)} 项）", expanded=bool(only)):
            st.markdown("\n".join(f"- **{safetext.md(item)}**：{safetext.md(reason)}" for item, reason in reasons))

st.subheader("三公经费执行")
sangong = views.sangong_table(report, facts)
if sangong.empty:
    st.info("报告没有三公经费表（表9）。")
else:
    ui.table(sangong, "三公经费执行", key="execution_sangong")

st.subheader("绩效")
performance = views.performance(facts)
if performance.empty:
    st.info("报告没有可提取的绩效评价数字。")
else:
    ui.table(performance, "绩效", key="execution_performance", report_id=report_id)
