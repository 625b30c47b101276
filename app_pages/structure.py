"""收支结构: 图1–图4 as the report draws them, the 类→款→项 breakdown and 表6."""

from __future__ import annotations

import streamlit as st

from lib import charts, safetext, ui, views

report_id = ui.pick_report("structure")
report = ui.require_report(report_id)
facts = ui.facts(report_id)
st.title("收支结构")
st.caption(f"{safetext.md(views.report_label(ui.library_row(report_id)))}　金额单位：万元。图中本年数取自表格，上年数取自情况说明。")


def caption(item: str) -> None:
    sentence, page, line = views.stated_sentence(facts, item)
    if facts is None:
        st.caption("报告原文说明：尚未提供（情况说明的事实提取尚不可用）。")
    elif sentence:
        st.caption(f"报告原文（{ui.where(page, line, report_id)}）：{safetext.md(sentence)}")
    else:
        st.caption("报告没有对应的文字说明。")


def change_figure(number: int, title: str, which: str) -> None:
    data = views.totals_change(report, facts, which)
    if data[views.AMOUNT].isna().all():
        st.info(f"图{number} {title}：报告中没有这张图所需的表格。")
        return
    ui.chart(charts.totals_change_chart(data, f"图{number}：{title}"), f"图{number}_{title}", key=f"structure_fig{number}")
    caption(which)
    with st.expander("图中数据"):
        ui.table(data, f"图{number}数据", key=f"structure_fig{number}_data", report_id=report_id)


def structure_figure(number: int, title: str, data, item: str) -> None:
    if data.empty:
        st.info(f"图{number} {title}：表格中没有可用的金额。")
    else:
        ui.chart(charts.structure_pie(data, f"图{number}：{title}"), f"图{number}_{title}", key=f"structure_fig{number}")
    caption(item)
    with st.expander("图中数据"):
        ui.table(data, f"图{number}数据", key=f"structure_fig{number}_data", report_id=report_id)


left, right = st.columns(2)
with left:
    change_figure(1, "收、支决算总计变动情况", "total")
with right:
    change_figure(4, "财政拨款收、支决算总计变动情况", "fiscal_total")
left, right = st.columns(2)
with left:
    structure_figure(2, "收入决算结构", views.income_structure(report), "income_total")
with right:
    structure_figure(3, "支出决算结构", views.expense_structure(report), "expense_total")

st.subheader("支出功能分类（类 → 款 → 项）")
kind = st.radio("图形", ["treemap", "sunburst"], horizontal=True, key="structure_tree_kind",
                format_func={"treemap": "矩形树图", "sunburst": "旭日图"}.get)
hierarchy = views.subject_hierarchy(report, "t3")
if hierarchy.empty:
    st.info("报告没有支出决算表（表3）或表中没有金额。")
else:
    ui.chart(charts.subject_tree(hierarchy, "表3 本年支出合计", kind), "支出功能分类", key="structure_tree")
    with st.expander("科目明细"):
        ui.table(hierarchy, "支出功能分类", key="structure_tree_data", report_id=report_id)

st.subheader("基本支出：人员经费与公用经费（表6）")
totals = views.economic_totals(report)
economic = views.personnel_public(report)
if economic.empty:
    st.info("报告没有一般公共预算财政拨款基本支出决算表（表6）或表中没有金额。")
else:
    cells = st.columns(max(len(totals), 1))
    for cell, row in zip(cells, totals.to_dict("records")):
        cell.metric(f"{row['项目']}（万元）", ui.money(row[views.AMOUNT]), help=f"表6 {ui.where(row['页'], row['行'], report_id)}")
    ui.chart(charts.grouped_bars(views.economic_classes(report), "名称", {views.AMOUNT: "金额"},
                                 "表6 基本支出按经济分类（类）", horizontal=True), "表6_经济分类", key="structure_t6")
    with st.expander("表6 明细"):
        ui.table(economic, "表6_基本支出明细", key="structure_t6_data", report_id=report_id)
