"""Plotly figures: a tidy display frame (from `lib.views`) in, a Figure out.

Every figure shows the exact 万元 value on hover (two decimals, as printed) and uses
a CJK-capable font stack; the page draws it and Plotly's camera button saves a PNG.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib import safetext
from lib.analysis.rates import HIGH_RATE, LOW_RATE, is_flagged_rate

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
COLORS = ["#1f5fa8", "#e07b39", "#3a9a5b", "#b8413f", "#7b5ea7", "#8c6d31", "#4aa3b5", "#999999"]
MONEY = "%{y:,.2f} 万元"


def png_config(filename: str) -> dict[str, object]:
    """st.plotly_chart config: PNG download under a meaningful name."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0.0, "font": {"size": 17}}, font={"family": FONT, "size": 13}, height=height,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10}, colorway=COLORS,
                      legend={"orientation": "h", "y": -0.12}, separators=".,")
    return fig


def totals_change_chart(data: pd.DataFrame, title: str) -> go.Figure:
    """图1/图4: grouped bars, x = 项目 (收入总计/支出总计), one bar per 年度."""
    fig = go.Figure()
    for year, rows in data.groupby("年度", sort=False):
        fig.add_bar(x=rows["项目"], y=rows["金额"], name=str(year),
                    text=[("—" if pd.isna(v) else f"{v:,.2f}") for v in rows["金额"]], textposition="outside",
                    hovertemplate=f"{year} %{{x}}：{MONEY}<extra></extra>")
    fig.update_layout(barmode="group", yaxis_title="万元")
    return _layout(fig, title)


def structure_pie(data: pd.DataFrame, title: str, names: str = "项目", values: str = "金额") -> go.Figure:
    """图2/图3: shares of a whole, with exact amounts and percentages on hover."""
    fig = go.Figure(go.Pie(labels=data[names].map(safetext.plotly), values=data[values], hole=0.35, sort=False,
                           texttemplate="%{label}<br>%{percent:.2%}",
                           hovertemplate="%{label}：%{value:,.2f} 万元（%{percent:.2%}）<extra></extra>"))
    return _layout(fig, title)


def subject_tree(data: pd.DataFrame, title: str, kind: str = "treemap") -> go.Figure:
    """类 → 款 → 项 as a treemap or sunburst. Each node carries its printed amount less
    what its children print (branchvalues='remainder'), so a node is drawn at the amount
    the table prints even where the children do not add up to it; hover shows it too."""
    children: dict[str, float] = {}
    for parent, amount in zip(data["上级"], data["金额"]):
        children[parent] = children.get(parent, 0.0) + float(amount)
    own = [max(float(amount) - children.get(code, 0.0), 0.0) for code, amount in zip(data["编码"], data["金额"])]
    labels = [f"{code} {name}" for code, name in zip(data["编码"], data["科目"])]
    trace_type = go.Sunburst if kind == "sunburst" else go.Treemap
    fig = go.Figure(trace_type(
        ids=data["编码"], parents=data["上级"], labels=[safetext.plotly(label) for label in labels], values=own, branchvalues="remainder",
        customdata=data[["金额", "页", "行"]].astype(object).where(data[["金额", "页", "行"]].notna(), None).values,
        hovertemplate="%{label}<br>%{customdata[0]:,.2f} 万元（第%{customdata[1]}页 第%{customdata[2]}行）<extra></extra>",
    ))
    return _layout(fig, title, height=520)


def grouped_bars(data: pd.DataFrame, x: str, series: dict[str, str], title: str, *, horizontal: bool = False) -> go.Figure:
    """Bars of several amount columns (series: column → legend name) per category x."""
    fig = go.Figure()
    for column, name in series.items():
        values = data[column]
        if horizontal:
            fig.add_bar(y=data[x].map(safetext.plotly), x=values, name=name, orientation="h",
                        hovertemplate=f"%{{y}} {name}：%{{x:,.2f}} 万元<extra></extra>")
        else:
            fig.add_bar(x=data[x].map(safetext.plotly), y=values, name=name, hovertemplate=f"%{{x}} {name}：{MONEY}<extra></extra>")
    fig.update_layout(barmode="group")
    if horizontal:
        fig.update_layout(xaxis_title="万元", yaxis={"autorange": "reversed"})
    else:
        fig.update_layout(yaxis_title="万元")
    return _layout(fig, title, height=max(380, 40 * len(data) + 120) if horizontal else 400)


def rate_bars(data: pd.DataFrame, label: str, rate: str, title: str) -> go.Figure:
    """Completion rates with the 80 % and 120 % marks."""
    colors = ["#b8413f" if is_flagged_rate(v) else "#1f5fa8" for v in data[rate]]
    fig = go.Figure(go.Bar(y=data[label].map(safetext.plotly), x=data[rate], orientation="h", marker_color=colors,
                           hovertemplate="%{y}：%{x:.2f}%<extra></extra>"))
    for mark in (LOW_RATE, 100, HIGH_RATE):
        fig.add_vline(x=mark, line_dash="dot" if mark != 100 else "solid", line_color="#888")
    fig.update_layout(xaxis_title="完成率 %", yaxis={"autorange": "reversed"})
    return _layout(fig, title, height=max(300, 32 * len(data) + 120))
