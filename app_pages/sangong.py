"""三公经费: budget vs final per category for the report, and across the library."""

from __future__ import annotations

import streamlit as st

from lib import charts, safetext, ui, views

report_id = ui.pick_report("sangong")
report = ui.require_report(report_id)
facts = ui.facts(report_id)
st.title("三公经费")
st.caption(f"{safetext.md(views.report_label(ui.library_row(report_id)))}　金额单位：万元。数字取自财政拨款“三公”经费支出决算表（表9）。")

table = views.sangong_table(report, facts)
if table.empty:
    st.info("报告没有三公经费表（表9）。")
else:
    if views.all_zero(table, ["预算数（万元）", "决算数（万元）"]):
        st.info("本报告三公经费预算数和决算数均为 0（或表9为空表）。")
    ui.chart(charts.grouped_bars(table, "类别", views.SANGONG_SERIES, "三公经费：预算与决算"),
             "三公经费_预算与决算", key="sangong_report_chart")
    ui.table(table, "三公经费", key="sangong_report_table")

st.subheader("报告库中各报告的三公经费")
ranking, ranked = ui.sangong_ranking(views.SANGONG_RANKED)
comparison = views.sangong_library(ranking, ui.labels(ranking["report_id"]))
if comparison.empty:
    st.info("报告库中没有包含三公经费表的报告。")
else:
    if ranked > len(comparison):
        st.caption(f"报告库中共 {ranked:,} 份报告有三公经费表，下面列出决算数最高的 {len(comparison)} 份。")
    title = "三公经费决算排名" + (f"（前 {views.SANGONG_CHARTED} 名）" if len(comparison) > views.SANGONG_CHARTED else "")
    ui.chart(charts.grouped_bars(comparison.head(views.SANGONG_CHARTED), "报告", views.SANGONG_SERIES, title,
                                 horizontal=True),
             "三公经费_报告库", key="sangong_library_chart")
    if comparison["上年决算（万元）"].isna().all():
        st.caption("同比：报告库中没有同一部门相邻两年的报告。")
    ui.table(comparison, "三公经费_报告库", key="sangong_library_table")
