"""Display frames and figures for the 对比与情景 page: tidy analysis frames in, Chinese-headed
tables and plotly figures out (pure pandas/plotly; the page only draws them)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from lib.analysis import compare
from lib.charts import COLORS, FONT

KPI_COLUMNS = (
    "expense_total", "fiscal_share_pct", "basic_expense", "project_expense", "basic_share_pct",
    "personnel_expense", "public_expense", "personnel_share_pct", "sangong_final", "execution_rate_pct",
    "execution_rate_full_pct", "warning_count",
)
SIDE_BY_SIDE = (
    "income_total", "expense_total", "fiscal_income", "fiscal_share_pct", "basic_expense", "project_expense",
    "basic_share_pct", "project_share_pct", "personnel_expense", "public_expense", "personnel_share_pct",
    "public_share_pct", "sangong_budget", "sangong_final", "gpb_expense", "budget_initial", "budget_full_year",
    "execution_rate_pct", "execution_rate_full_pct", "warning_count", "error_count",
)


def label_of(department: object, year: object) -> str:
    year_text = "" if year is None or pd.isna(year) else f" {int(year)}"  # type: ignore[call-overload]
    return f"{department or '（未识别）'}{year_text}"


def report_labels(kpis: pd.DataFrame, files: dict[str, str] | None = None) -> dict[str, str]:
    """report_id -> '部门 年度', made unique: a repeated label gets the report's file name
    (`files`: report_id -> file name), or a number (第2份) when the names repeat too."""
    labels = {rid: label_of(department, year)
              for rid, department, year in zip(kpis["report_id"], kpis["department"], kpis["year"])}
    counts = pd.Series(list(labels.values())).value_counts()
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for rid, text in labels.items():
        if counts[text] > 1:
            extra = (files or {}).get(rid) or ""
            key = f"{text}（{extra}）" if extra else text
            seen[key] = seen.get(key, 0) + 1
            text = key if seen[key] == 1 and extra else f"{text}（{extra + '，' if extra else ''}第{seen[key]}份）"
        out[rid] = text
    return out


def side_by_side(kpis: pd.DataFrame, labels: dict[str, str], metrics: Sequence[str] = SIDE_BY_SIDE) -> pd.DataFrame:
    """One row per metric, one column per report (the 并排 KPI table)."""
    wide = kpis.set_index("report_id")[list(metrics)].T
    wide.columns = [labels.get(c, c) for c in wide.columns]
    wide.insert(0, "指标", [compare.METRICS[m][0] for m in metrics])
    return wide.reset_index(drop=True)


def kpi_table(kpis: pd.DataFrame, labels: dict[str, str], columns: Sequence[str] = KPI_COLUMNS) -> pd.DataFrame:
    """One row per report with Chinese headers (sortable ranking table)."""
    out = pd.DataFrame({"报告": kpis["report_id"].map(labels), "类别": kpis["kind"], "地区": kpis["region"]})
    if "rank" in kpis:
        out.insert(0, "排名", kpis["rank"].to_numpy())
    for column in columns:
        out[compare.METRICS[column][0]] = kpis[column].to_numpy()
    return out.reset_index(drop=True)


def share_matrix(shares: pd.DataFrame, labels: dict[str, str], value: str = "share_pct", part: str = "name") -> pd.DataFrame:
    """Reports × parts (e.g. 功能分类 类) of a share frame: share_pct or amount."""
    wide = shares.assign(报告=shares["report_id"].map(labels)).pivot_table(
        index="报告", columns=part, values=value, aggfunc="sum", sort=False)
    wide.columns.name = None
    return wide.reset_index()


def yoy_table(changes: pd.DataFrame) -> pd.DataFrame:
    kinds = changes["metric"].map(lambda m: compare.METRICS[m][1])
    return pd.DataFrame({
        "部门": changes["department"], "从": changes["year_from"], "到": changes["year_to"],
        "指标": changes["metric"].map(lambda m: compare.METRICS[m][0]),
        "上年": changes["value_from"], "本年": changes["value_to"], "变化": changes["change"],
        "变化单位": kinds.map({"amount": "万元", "pct": "百分点", "count": "个"}),
        "增长率%": changes["change_pct"].where(kinds == "amount"),
    })


def kind_table(kinds: pd.DataFrame) -> pd.DataFrame:
    return kinds.rename(columns={
        "kind": "类别", "reports": "报告数", "departments": "部门数", "year_min": "最早年度", "year_max": "最晚年度",
        "expense_total": "支出合计", "expense_median": "支出中位数", "fiscal_share_median": "财政拨款占比中位数%",
        "basic_share_median": "基本支出占比中位数%", "personnel_share_median": "人员经费占比中位数%",
        "execution_rate_median": "预算完成率中位数%", "warning_count": "错误和警告数",
    })


def scenario_kpi_table(changes: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"报告": changes["report_id"].map(labels), "指标": changes["label"], "基线": changes["baseline"],
                         "情景": changes["scenario"], "变化": changes["change"]})


def stacked_shares(shares: pd.DataFrame, labels: dict[str, str], title: str, *, value: str = "share_pct",
                   part: str = "name") -> go.Figure:
    """Horizontal stacked bars: one bar per report, one segment per part (share % or 万元)."""
    data = shares.assign(报告=[labels.get(r, r) for r in shares["report_id"]])
    order = list(dict.fromkeys(data["报告"]))
    unit = "%" if value == "share_pct" else " 万元"
    # one pivot (report × part, parts sorted), not a groupby + reindex per part
    # a part one report lacks is 0 there, not NaN: plotly.js stacks a NaN segment by
    # dropping it from the offsets, so the bar stopped short and the next segment overlapped
    wide = data[data[part].notna()].pivot_table(index="报告", columns=part, values=value, aggfunc="sum",
                                                 fill_value=0.0).reindex(order).fillna(0.0)
    bars = [go.Bar(y=order, x=wide[name].to_numpy(), name=str(name), orientation="h",
                   marker_color=COLORS[i % len(COLORS)], hovertemplate=f"%{{y}} {name}：%{{x:,.2f}}{unit}<extra></extra>")
            for i, name in enumerate(wide.columns)]
    # one Figure(data, layout) call: plotly validates once, not per add_bar/update_layout (about 40 % faster)
    return go.Figure(data=bars, layout={
        "barmode": "stack", "title": {"text": title, "x": 0.0, "font": {"size": 17}},
        "font": {"family": FONT, "size": 13}, "height": max(260, 60 + 34 * len(order)),
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "legend": {"orientation": "h", "y": -0.15},
        "yaxis": {"autorange": "reversed"}, "xaxis": {"ticksuffix": "%" if value == "share_pct" else ""}})
