"""Display frames for the 对比与情景 page: tidy analysis frames in, Chinese-headed tables out
(pure pandas; the figures are lib.charts', the rules lib.analysis'; the page only draws)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lib.analysis import compare, whatif
from lib.readable import money, percent

KPI_COLUMNS = (
    "expense_total", "fiscal_share_pct", "basic_expense", "project_expense", "basic_share_pct",
    "personnel_expense", "public_expense", "personnel_share_pct", "sangong_final", "execution_rate_pct",
    "execution_rate_full_pct", "warning_count",
)
# amounts and rates only: a column of the 并排 table has one number format (counts are in the ranking)
SIDE_BY_SIDE = (
    "income_total", "expense_total", "fiscal_income", "fiscal_share_pct", "basic_expense", "project_expense",
    "basic_share_pct", "project_share_pct", "personnel_expense", "public_expense", "personnel_share_pct",
    "public_share_pct", "sangong_budget", "sangong_final", "gpb_expense", "budget_initial", "budget_full_year",
    "execution_rate_pct", "execution_rate_full_pct",
)
CHANGE_UNITS = {"amount": "万元", "pct": "百分点", "count": "条"}


def in_order(frame: pd.DataFrame, ids: Sequence[str] | None) -> pd.DataFrame:
    """Rows of `frame` in the order the user chose the reports (`ids`); others after, as they were."""
    if not ids:
        return frame
    rank = {rid: n for n, rid in enumerate(ids)}
    keys = frame["report_id"].map(lambda rid: rank.get(rid, len(rank)))
    return frame.iloc[keys.argsort(kind="stable")].reset_index(drop=True)


def side_by_side(kpis: pd.DataFrame, labels: dict[str, str], metrics: Sequence[str] = SIDE_BY_SIDE,
                 order: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per metric (its unit in the label), one column per report in the order chosen
    (`order`: report ids)."""
    wide = in_order(kpis, order).set_index("report_id")[list(metrics)].T.astype("float64")
    wide.columns = [labels.get(c, c) for c in wide.columns]
    wide.insert(0, "指标", [compare.metric_header(m) for m in metrics])
    return wide.reset_index(drop=True)


def kpi_table(kpis: pd.DataFrame, labels: dict[str, str], columns: Sequence[str] = KPI_COLUMNS) -> pd.DataFrame:
    """One row per report with Chinese headers and units (sortable ranking table)."""
    out = pd.DataFrame({"报告": kpis["report_id"].map(labels), "类别": kpis["kind"], "地区": kpis["region"]})
    if "rank" in kpis:
        out.insert(0, "排名", kpis["rank"].to_numpy())
    for column in columns:
        values = kpis[column]
        out[compare.metric_header(column)] = values.astype("Int64") if compare.METRICS[column][1] == "count" else values.to_numpy()
    return out.reset_index(drop=True)


def metric_text(metric: str, value: object) -> str:
    """One metric's value as text with its unit: '1,234.56 万元', '96.35%', '3 条'."""
    kind = compare.METRICS[metric][1]
    if kind == "pct":
        return percent(value)
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return "—"
    return f"{int(value):,} 条" if kind == "count" else f"{money(value)} 万元"  # type: ignore[call-overload]


def ranking_top(ranked: pd.DataFrame, metric: str, descending: bool, labels: dict[str, str]) -> tuple[str, str, str] | None:
    """('人员经费占比最高', report label, '96.35%') of a ranking's first report; None when empty."""
    if ranked.empty:
        return None
    top = ranked.iloc[0]
    return (f"{compare.METRICS[metric][0]}{'最高' if descending else '最低'}", labels.get(top["report_id"], top["report_id"]),
            metric_text(metric, top[metric]))


def share_matrix(shares: pd.DataFrame, labels: dict[str, str], value: str = "share_pct", part: str = "name",
                 order: Sequence[str] | None = None) -> pd.DataFrame:
    """Reports (in the order chosen) × parts (e.g. 功能分类 类) of a share frame: share_pct (headers
    '…（%）') or amount ('…（万元）')."""
    shares = in_order(shares, order)
    wide = shares.assign(报告=shares["report_id"].map(labels)).pivot_table(
        index="报告", columns=part, values=value, aggfunc="sum", sort=False)
    wide.columns = [f"{name}（{'%' if value == 'share_pct' else '万元'}）" for name in wide.columns]
    return wide.reset_index()


def yoy_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year rows; the metrics have different units, so each row says its own (单位)."""
    kinds = changes["metric"].map(lambda m: compare.METRICS[m][1])
    return pd.DataFrame({
        "部门": changes["department"], "从": changes["year_from"], "到": changes["year_to"],
        "指标": changes["metric"].map(lambda m: compare.METRICS[m][0]), "单位": kinds.map(compare.UNITS),
        "上年": changes["value_from"], "本年": changes["value_to"], "变化": changes["change"],
        "变化单位": kinds.map(CHANGE_UNITS), "增长率（%）": changes["change_pct"].where(kinds == "amount"),
    })


def kind_table(kinds: pd.DataFrame) -> pd.DataFrame:
    out = kinds.rename(columns={
        "kind": "类别", "reports": "报告数", "departments": "部门数", "year_min": "最早年度", "year_max": "最晚年度",
        "expense_total": "支出合计（万元）", "expense_median": "支出中位数（万元）",
        "fiscal_share_median": "财政拨款占收入比重中位数（%）", "basic_share_median": "基本支出占比中位数（%）",
        "personnel_share_median": "人员经费占比中位数（%）", "execution_rate_median": "预算完成率中位数（%）",
        "warning_count": "错误和警告数（条）",
    })
    return out.astype({"错误和警告数（条）": "Int64"}) if "错误和警告数（条）" in out else out


def scenario_kpi_table(changes: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    kinds = changes["metric"].map(lambda m: compare.METRICS[m][1])
    return pd.DataFrame({"报告": changes["report_id"].map(labels), "指标": changes["label"], "单位": kinds.map(compare.UNITS),
                         "报告所列数": changes["baseline"], "情景": changes["scenario"], "变化": changes["change"],
                         "变化单位": kinds.map(CHANGE_UNITS)})


# ---------------------------------------------------------------- 情景模拟


def adjustable_lines(baseline: whatif.Baseline, report_id: str, target: str) -> dict[str, str]:
    """code → how the line is offered for adjustment ('201 一般公共服务支出（类，1,234.56 万元）');
    for the budget: '' (the overall 年初预算) and each stated item's 年初预算."""
    if target == "subject":
        lines = baseline.subjects[(baseline.subjects["report_id"] == report_id) & (baseline.subjects["table"] == "t3")
                                  & (baseline.subjects["measure"] == "total")]
    elif target == "economic":
        lines = baseline.economic[(baseline.economic["report_id"] == report_id) & (baseline.economic["amount"] != 0)]
    else:
        items = baseline.execution[baseline.execution["report_id"] == report_id]
        return {"": "年初预算总额"} | {row.code: f"{row.code} {row.name}（年初预算 {money(row.budget)} 万元）"
                                   for row in items.itertuples()}
    return {row.code: f"{row.code} {row.name}（{row.level}，{money(row.amount)} 万元）" for row in lines.itertuples()}


def scenario_inputs(applied: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"报告": applied["report_id"].map(labels), "调整": applied["adjustment"],
                         "原值（万元）": applied["old"], "新值（万元）": applied["new"], "说明": applied["note"]})


def scenario_headlines(before: pd.DataFrame, after: pd.DataFrame, ids: Sequence[str],
                       labels: dict[str, str]) -> list[tuple[str, str]]:
    """(report label, sentence) per adjusted report: 支出合计, 基本支出 (and 人员经费 beside it),
    基本支出占比 and (when stated) 预算完成率, report → scenario."""
    was, now = before.set_index("report_id"), after.set_index("report_id")
    lines = []
    for rid in ids:
        if rid not in was.index or rid not in now.index:
            continue
        old, new = was.loc[rid], now.loc[rid]
        rate = "" if pd.isna(new["execution_rate_pct"]) else \
            f"；预算完成率 {percent(old['execution_rate_pct'])} → {percent(new['execution_rate_pct'])}"
        lines.append((labels.get(rid, rid), f"支出合计 {money(old['expense_total'])} → {money(new['expense_total'])} 万元；"
                     f"基本支出 {money(old['basic_expense'])} → {money(new['basic_expense'])} 万元"
                     f"（人员经费 {money(new['personnel_expense'])} 万元）；"
                     f"基本支出占比 {percent(old['basic_share_pct'])} → {percent(new['basic_share_pct'])}{rate}"))
    return lines


def scenario_execution(execution: pd.DataFrame, ids: Sequence[str], labels: dict[str, str]) -> pd.DataFrame:
    touched = execution[execution["report_id"].isin(list(ids))]
    return pd.DataFrame({"报告": touched["report_id"].map(labels), "科目": touched["code"] + " " + touched["name"],
                         "年初预算（万元）": touched["budget"], "决算（情景，万元）": touched["final"],
                         "完成率（情景，%）": touched["rate_pct"], "报告所述完成率（%）": touched["stated_rate"]})


def scenario_identities(check: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The identities of the adjusted reports as a reader checks them: 报告中 / 情景中 成立 or not."""
    verdict = {True: "成立", False: "不成立"}
    return pd.DataFrame({
        "报告": check["report_id"].map(labels), "勾稽关系": check["label"],
        "报告中": check["baseline_holds"].map(verdict), "情景中": check["scenario_holds"].map(verdict),
        "情景左边（万元）": check["scenario_left"], "情景右边（万元）": check["scenario_right"],
    })


def report_and_scenario(before: pd.DataFrame, after: pd.DataFrame, labels: dict[str, str],
                        ids: Sequence[str]) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """Two share frames as one for one chart: the scenario's rows under '<id>#' labelled
    '… · 情景', each report's scenario bar right under its own (the order of `ids`)."""
    both = pd.concat([before, after.assign(report_id=after["report_id"] + "#")], ignore_index=True)
    order = [key for rid in ids for key in (rid, f"{rid}#")]
    return both, labels | {f"{rid}#": f"{text} · 情景" for rid, text in labels.items()}, order
