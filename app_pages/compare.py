"""对比与情景: several reports side by side (DuckDB queries over the library) and what-if
scenarios on copies of their figures (session only, never written to the library)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import charts, safetext, ui
from lib.analysis import compare, display, whatif

if not ui.library_size():
    st.title("对比与情景")
    st.info("报告库是空的：请先在“报告库”页上传决算报告。")
    st.stop()
if "compare_ids" not in st.session_state:
    chosen = ui.active_ids()
    st.session_state["compare_ids"] = chosen if len(chosen) > 1 else ui.first_ids(6)
st.session_state["compare_ids"] = ui.in_library(st.session_state["compare_ids"])  # a removed report
if "compare_kinds" not in st.session_state:
    st.session_state["compare_kinds"] = ui.kinds_of(st.session_state["compare_ids"])
if "whatif_adjustments" not in st.session_state:
    st.session_state["whatif_adjustments"] = []


def _choose_kinds() -> None:
    kinds = st.session_state["compare_kinds"]
    ids, total = ui.kind_ids(kinds)
    st.session_state["compare_ids"] = ids
    st.session_state["compare_kind_note"] = (f"这些类别共有 {total:,} 份报告，一次最多对比 {ui.MAX_COMPARED} 份："
                                             "已选其中按年度从新到旧排在前面的。" if total > len(ids) else None)


def _chosen_reports() -> None:
    """The kinds offered follow the reports chosen (until the user picks kinds)."""
    st.session_state["compare_kinds"] = ui.kinds_of(st.session_state["compare_ids"])


@st.fragment
def _ranking(kpis: pd.DataFrame, labels: dict[str, str]) -> None:
    """排名: its own fragment, so choosing a metric or order reruns only this section."""
    st.subheader("排名")
    metric_left, order_right = st.columns([3, 1])
    metric = metric_left.selectbox("排序指标", list(display.KPI_COLUMNS), format_func=lambda m: compare.METRICS[m][0],
                                   index=display.KPI_COLUMNS.index("personnel_share_pct"), key="compare_rank_metric")
    descending = order_right.toggle("从高到低", value=True, key="compare_rank_desc")
    ranked = compare.ranking(kpis, metric, descending)
    if (top := display.ranking_top(ranked, metric, descending, labels)) is not None:
        st.markdown(f"**{top[0]}：{safetext.md(top[1])}**（{top[2]}）")
    ui.table(display.kpi_table(ranked, labels), "对比_排名", key="compare_rank_table")


@st.fragment
def _what_if(ids: list[str], baseline: whatif.Baseline, labels: dict[str, str], value: str) -> None:
    """情景模拟: its own fragment, so choosing, adding and resetting adjustments rerun only this tab."""
    st.header(whatif.SCENARIO_HEADER)
    st.caption("调整只在本次浏览中生效，用于推演；报告库中的数字不会改变。调整作用于上面所选报告的副本。")
    target_report = st.selectbox("调整的报告", ids, format_func=lambda i: labels.get(i, i), key="whatif_report")
    target = st.radio("调整对象", list(whatif.TARGETS), format_func=whatif.TARGETS.get, horizontal=True, key="whatif_target")
    options = display.adjustable_lines(baseline, target_report, target)
    code = st.selectbox("科目", list(options), format_func=options.get, key="whatif_code") if options else None
    mode = st.radio("方式", whatif.modes_for(target), format_func=whatif.MODES.get, horizontal=True, key="whatif_mode")
    amount = st.number_input("调整幅度（% 或 万元，负数为削减）", value=-20.0, step=1.0, key="whatif_value",
                             disabled=mode == "full_year")
    add_col, reset_col, _ = st.columns([1, 1, 4])
    if add_col.button("添加调整", key="whatif_add", disabled=code is None and target != "budget"):
        try:
            adjustment = whatif.Adjustment(target_report, target, code or None, mode, float(amount))
            st.session_state["whatif_adjustments"].append(adjustment)
        except ValueError as exc:
            st.error(f"无法添加调整：{exc}")
    if reset_col.button("重置情景", key="whatif_reset"):
        st.session_state["whatif_adjustments"] = []
    scenario = whatif.Scenario.of(st.session_state["whatif_adjustments"], ids)
    if not scenario.adjustments:
        st.info("尚未添加调整：选择报告、科目和幅度后点“添加调整”。例如把一个类削减 20%。")
        return
    before, outcome = ui.scenario(tuple(ids), scenario.adjustments)
    st.subheader("情景如何调整")
    st.markdown("\n".join(f"- {safetext.md(line)}" for line in whatif.explain(scenario)))
    ui.dataframe(display.scenario_inputs(outcome.applied, labels), key="whatif_inputs")
    for label, line in display.scenario_headlines(before.kpis, outcome.kpis, scenario.report_ids(), labels):
        st.markdown(f"**情景：{safetext.md(label)}**　{safetext.md(line)}")
    st.subheader("情景结果：关键指标（情景）")
    ui.table(display.side_by_side(outcome.kpis, labels, order=ids), "情景_关键指标", key="whatif_kpis")
    st.markdown("**情景与报告数字的差异**")
    ui.dataframe(display.scenario_kpi_table(whatif.kpi_changes(before.kpis, outcome.kpis, changed_only=True), labels),
                 key="whatif_changes")
    st.markdown("**情景中的勾稽关系**（报告中成立的关系，情景中也应成立）")
    ui.dataframe(display.scenario_identities(whatif.identity_check(before, outcome, scenario.report_ids()), labels),
                 key="whatif_identities")
    shares, both_labels, order = display.report_and_scenario(before.class_shares, outcome.class_shares, labels,
                                                             scenario.report_ids())
    ui.chart(charts.stacked_shares(shares, both_labels, "功能分类（类）：报告 vs 情景", value=value, order=order),
             "情景_功能分类", key="whatif_class_chart")
    st.markdown("**预算执行（情景）**")
    ui.dataframe(display.scenario_execution(outcome.execution, scenario.report_ids(), labels), key="whatif_execution")
    st.download_button("导出情景（输入与结果）CSV", lambda: whatif.export_csv(scenario, baseline, outcome), "情景模拟_未写入报告库.csv",
                       "text/csv", key="whatif_csv", on_click="ignore")


@st.fragment
def _kind_picker() -> None:
    """Its own fragment: choosing kinds reruns only these two widgets (nothing else shown
    depends on them); the button chooses the kinds' reports, and then the whole page reruns."""
    st.multiselect("按部门类别选择", ui.kinds(), key="compare_kinds",
                   help=f"按部门名称后缀归类（{('、'.join(s for s, _ in compare.KIND_RULES[:6]))}……），其余为“其他”。"
                        "默认为所选报告的类别。")
    if st.button("选中这些类别的全部报告", key="compare_pick_kind", on_click=_choose_kinds):
        st.rerun()


st.title("对比与情景")
st.caption("选择报告库中的任意几份报告：不同部门、不同地区，或同一部门的多个年度。金额单位：万元；占比、完成率为百分数。")
left, right = st.columns([3, 1])
with right:
    _kind_picker()
if st.session_state.get("compare_kind_note"):
    st.info(st.session_state.pop("compare_kind_note"))
search = None
if ui.library_size() > ui.PAGE_ROWS:  # a large library: the options are the chosen reports and what the user looks for
    search = left.text_input("查找报告（部门、地区、文件名或年度）", key="compare_search").strip() or None
# the reports one can pick: the first of the library (all of a small one) or those found, and those chosen
options = list(dict.fromkeys([*ui.search_ids(search), *st.session_state["compare_ids"]]))
names = ui.labels(options)  # told apart by file name (and time added) where department and year repeat
ids = left.multiselect("对比的报告", options, format_func=lambda i: names.get(i, i), key="compare_ids",
                       on_change=_chosen_reports, max_selections=ui.MAX_COMPARED)
if not ids:
    st.info("请至少选择一份报告。")
    st.stop()

result, baseline = ui.comparison(tuple(ids))
labels = names
view = st.radio("显示方式", ["占比（%）", "金额（万元）"], horizontal=True, key="compare_view")
value = "share_pct" if view.startswith("占比") else "amount"
tab_compare, tab_whatif = st.tabs(["对比", "情景模拟（未写入报告库）"])

with tab_compare:
    st.subheader("关键指标并排")
    ui.table(display.side_by_side(result.kpis, labels, order=ids), "对比_关键指标", key="compare_kpis")
    st.subheader("支出结构")
    ui.chart(charts.stacked_shares(result.class_shares, labels, "按功能分类（类）", value=value, order=ids), "对比_功能分类",
             key="compare_class_chart")
    ui.table_on_demand("图中数据", "compare_class_open", display.share_matrix(result.class_shares, labels, value, order=ids),
                       "对比_功能分类", "compare_class_table")
    ui.chart(charts.stacked_shares(result.economic_shares, labels, "基本支出按经济分类（类）", value=value, order=ids),
             "对比_经济分类", key="compare_economic_chart")
    ui.table_on_demand("人员经费与公用经费（表）", "compare_group_open",
                       display.share_matrix(result.economic_groups, labels, value, part="group", order=ids),
                       "对比_人员公用", "compare_group_table")
    _ranking(result.kpis, labels)
    st.subheader("同比变化")
    if result.yoy.empty:
        st.caption("所选报告中没有同一部门的两个年度（按部门名称和年度匹配）。")
    else:
        ui.table(display.yoy_table(result.yoy), "对比_同比", key="compare_yoy")
    st.subheader("按部门类别汇总")
    ui.table(display.kind_table(result.kinds), "对比_类别", key="compare_kinds")

with tab_whatif:
    _what_if(ids, baseline, labels, value)
