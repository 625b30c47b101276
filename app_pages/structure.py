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


def drawn_as(kind: str, own: str | None = None) -> str:
    """The chart's title: the report's own 图N and caption where it draws this figure too."""
    title, where = views.figure_title(report, kind, own)
    if where:
        st.caption(f"报告自己的{title.split('：')[0]}（{where}）")
    return title


def change_figure(which: str) -> None:
    data = views.totals_change(report, facts, which)
    title = views.figure_title(report, which)[0]
    if data[views.AMOUNT].isna().all():
        st.info(f"{title}：报告中没有这张图所需的表格。")
        return
    ui.chart(charts.totals_change_chart(data, drawn_as(which)), title, key=f"structure_{which}")
    caption(which)
    ui.table_on_demand("图中数据", f"structure_{which}_open", data, f"{title}_数据", f"structure_{which}_data", report_id=report_id)


def structure_figure(kind: str, data, item: str) -> None:
    title = views.figure_title(report, kind)[0]
    if data.empty:
        st.info(f"{title}：表格中没有可用的金额。")
    else:
        ui.chart(charts.structure_pie(data, drawn_as(kind)), title, key=f"structure_{kind}")
    caption(item)
    ui.table_on_demand("图中数据", f"structure_{kind}_open", data, f"{title}_数据", f"structure_{kind}_data", report_id=report_id)


left, right = st.columns(2)
with left:
    change_figure("total")
with right:
    change_figure("fiscal_total")
left, right = st.columns(2)
with left:
    structure_figure("income", views.income_structure(report), "income_total")
with right:
    structure_figure("expense", views.expense_structure(report), "expense_total")

st.subheader("支出功能分类（类 → 款 → 项）")
kind = st.radio("图形", ["treemap", "sunburst"], horizontal=True, key="structure_tree_kind",
                format_func={"treemap": "矩形树图", "sunburst": "旭日图"}.get)
hierarchy = views.subject_hierarchy(report, "t3")
if hierarchy.empty:
    st.info("报告没有支出决算表（表3）或表中没有金额。")
else:
    ui.chart(charts.subject_tree(hierarchy, drawn_as("class", "表3 本年支出合计（类 → 款 → 项，点击展开）"), kind),
             "支出功能分类", key="structure_tree")
    ui.table_on_demand("科目明细", "structure_tree_open", hierarchy, "支出功能分类", "structure_tree_data", report_id=report_id)

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
    ui.table_on_demand("表6 明细", "structure_t6_open", economic, "表6_基本支出明细", "structure_t6_data", report_id=report_id)
