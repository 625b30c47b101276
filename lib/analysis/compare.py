"""Comparisons across reports: DuckDB SQL over the library, tidy frames out.

Reports are matched by department name (normalised: trimmed, full-width brackets made
half-width) and year. Departments of the same kind are grouped by a documented suffix
rule (`KIND_RULES`, longest suffix wins, else 其他). All amounts are 万元 as stored;
shares and rates are percents (0–100), NULL where the denominator is missing or 0.

Every query takes an open DuckDB connection (of the library, or any connection with the
library's tables) and `ids` (None = every report), so the same SQL serves the page,
the tests and the 1,000-report benchmark.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from lib import store

# (suffix of the department name, kind). Longest matching suffix wins; no match = 其他.
KIND_RULES: tuple[tuple[str, str], ...] = (
    ("职工服务中心", "职工服务中心"), ("总工会", "总工会"), ("财政局", "财政局"), ("财政厅", "财政局"),
    ("人力资源和社会保障局", "人社局"), ("人社局", "人社局"), ("信访局", "信访局"), ("社会工作部", "社会工作部"),
    ("教育局", "教育局"), ("民政局", "民政局"), ("卫生健康委员会", "卫健委"), ("卫健委", "卫健委"),
    ("发展和改革委员会", "发改委"), ("发改委", "发改委"), ("公安局", "公安局"), ("司法局", "司法局"),
    ("审计局", "审计局"), ("统计局", "统计局"), ("生态环境局", "生态环境局"), ("住房和城乡建设局", "住建局"),
    ("交通运输局", "交通运输局"), ("农业农村局", "农业农村局"), ("水务局", "水务局"), ("文化和旅游局", "文旅局"),
    ("市场监督管理局", "市场监管局"), ("应急管理局", "应急管理局"), ("退役军人事务局", "退役军人事务局"),
    ("医疗保障局", "医保局"), ("科学技术局", "科技局"), ("商务局", "商务局"), ("城市管理局", "城管局"),
    ("档案馆", "档案馆"), ("妇女联合会", "妇联"), ("残疾人联合会", "残联"), ("科学技术协会", "科协"),
)
OTHER_KIND = "其他"

# figure columns of `reports` carried into the KPI frame (万元)
FIGURES = (
    "income_total", "expense_total", "fiscal_income", "basic_expense", "project_expense", "gpb_expense",
    "personnel_expense", "public_expense", "sangong_budget", "sangong_final",
)
# ratio name -> (numerator, denominator): 100 * numerator / denominator, NULL unless denominator > 0.
# One definition for the SQL (library) and the pandas (scenario) side.
RATIOS: dict[str, tuple[str, str]] = {
    "fiscal_share_pct": ("fiscal_income", "income_total"),
    "basic_share_pct": ("basic_expense", "expense_total"),
    "project_share_pct": ("project_expense", "expense_total"),
    "personnel_share_pct": ("personnel_expense", "economic_total"),
    "public_share_pct": ("public_expense", "economic_total"),
    "sangong_rate_pct": ("sangong_final", "sangong_budget"),
    "execution_rate_pct": ("gpb_expense", "budget_initial"),
    "execution_rate_full_pct": ("gpb_expense", "budget_full_year"),
}
# metric -> (Chinese label, kind: amount 万元 | pct | count); the unit is added where shown (`UNITS`)
METRICS: dict[str, tuple[str, str]] = {
    "income_total": ("收入合计", "amount"), "expense_total": ("支出合计", "amount"),
    "fiscal_income": ("财政拨款收入", "amount"), "fiscal_share_pct": ("财政拨款占收入比重", "pct"),
    "basic_expense": ("基本支出", "amount"), "project_expense": ("项目支出", "amount"),
    "basic_share_pct": ("基本支出占比", "pct"), "project_share_pct": ("项目支出占比", "pct"),
    "personnel_expense": ("人员经费", "amount"), "public_expense": ("公用经费", "amount"),
    "personnel_share_pct": ("人员经费占比", "pct"), "public_share_pct": ("公用经费占比", "pct"),
    "sangong_budget": ("三公经费预算", "amount"), "sangong_final": ("三公经费决算", "amount"),
    "sangong_rate_pct": ("三公经费完成率", "pct"),
    "gpb_expense": ("一般公共预算财政拨款支出", "amount"), "budget_initial": ("年初预算", "amount"),
    "budget_full_year": ("全年预算", "amount"),
    "execution_rate_pct": ("预算完成率（对年初预算）", "pct"), "execution_rate_full_pct": ("预算完成率（对全年预算）", "pct"),
    "warning_count": ("错误和警告数", "count"), "error_count": ("错误数", "count"),
}
UNITS = {"amount": "万元", "pct": "%", "count": "条"}


def metric_header(metric: str) -> str:
    """A metric's label with its unit, as a column or row header: '支出合计（万元）', '基本支出占比（%）'."""
    label, kind = METRICS[metric]
    if label.endswith("）"):
        return f"{label[:-1]}，{UNITS[kind]}）"
    return f"{label}（{UNITS[kind]}）"


YOY_METRICS = tuple(m for m in METRICS if m not in ("budget_full_year", "execution_rate_full_pct"))


def department_key(name: str | None) -> str:
    """The name reports are matched by: trimmed, no spaces, half-width brackets."""
    return (name or "").strip().replace(" ", "").replace("（", "(").replace("）", ")")


_RULES_LONGEST_FIRST = tuple(sorted(KIND_RULES, key=lambda rule: -len(rule[0])))


@lru_cache(maxsize=4096)
def department_kind(name: str | None) -> str:
    """The kind of a department by the suffix rule (`KIND_RULES`, longest suffix first)."""
    key = department_key(name)
    for suffix, kind in _RULES_LONGEST_FIRST:
        if key.endswith(suffix):
            return kind
    return OTHER_KIND


def kinds_of(ids: Sequence[str], kind_of: dict[str, str]) -> list[str]:
    """The kinds of the chosen reports, each once, in the order of the reports."""
    return list(dict.fromkeys(kind_of[i] for i in ids if i in kind_of))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _key_sql(column: str) -> str:
    return f"replace(replace(replace(trim(coalesce({column}, '')), ' ', ''), '（', '('), '）', ')')"


def _kind_sql(key: str) -> str:
    cases = " ".join(f"WHEN ends_with({key}, {_quote(s)}) THEN {_quote(k)}"
                     for s, k in _RULES_LONGEST_FIRST)
    return f"CASE {cases} ELSE {_quote(OTHER_KIND)} END"


def kind_sql(column: str = "department") -> str:
    """SQL for the kind of a department-name column: `department_kind`'s rule, run in DuckDB."""
    return _kind_sql(_key_sql(column))


def _ratio_sql(numerator: str, denominator: str) -> str:
    return f"CASE WHEN {denominator} > 0 THEN 100.0 * {numerator} / {denominator} END"


def _filter(ids: Sequence[str] | None, column: str = "report_id") -> tuple[str, list[Any]]:
    if ids is None:
        return "TRUE", []
    return f"{column} IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]


def _kpi_sql(ids: Sequence[str] | None) -> tuple[str, list[Any]]:
    where, params = _filter(ids)
    figures = ", ".join(f"c.{name}" for name in FIGURES)
    ratios = ", ".join(f"{_ratio_sql(a, b)} AS {name}" for name, (a, b) in RATIOS.items())
    sql = f"""
        WITH chosen AS (SELECT * FROM reports WHERE {where}),
        overall AS (
            SELECT report_id,
                   any_value(budget) AS stated_budget, any_value(full_year_budget) AS budget_full_year
            FROM facts_execution_overall WHERE report_id IN (SELECT report_id FROM chosen)
            GROUP BY report_id),
        base AS (
            SELECT c.report_id, c.department, {_key_sql('c.department')} AS department_key, c.year, c.region, c.unit,
                   {figures},
                   coalesce(c.personnel_expense, 0) + coalesce(c.public_expense, 0) AS economic_total,
                   coalesce(c.gpb_initial_budget, o.stated_budget) AS budget_initial, o.budget_full_year,
                   c.warning_count, c.error_count, c.finding_count
            FROM chosen c LEFT JOIN overall o USING (report_id))
        SELECT report_id, department, department_key, {_kind_sql('department_key')} AS kind,
               * EXCLUDE (report_id, department, department_key), {ratios}
        FROM base ORDER BY kind, department_key, year, report_id"""
    return sql, params


def kpis(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per report: names, kind, figures (万元), ratios (%) and finding counts."""
    sql, params = _kpi_sql(ids)
    return con.execute(sql, params).df()


def class_shares(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None, table: str = "t3") -> pd.DataFrame:
    """Expense by 功能分类 类 per report (表3 本年支出合计, or 表5 with table='t5') and its share of the report's 类 sum."""
    where, params = _filter(ids, "s.report_id")
    sql = f"""
        WITH lines AS (
            SELECT s.report_id, s.subject_code AS code, any_value(s.subject_name) AS name,
                   sum(coalesce(s.amount, 0)) AS amount
            FROM subjects s
            WHERE s."table" = ? AND s.level = '类' AND s.measure IN ('expense_total', 'total') AND {where}
            GROUP BY s.report_id, s.subject_code)
        SELECT l.report_id, r.department, r.year, l.code, l.name, l.amount
        FROM lines l JOIN reports r USING (report_id)
        ORDER BY r.department, r.year, l.report_id, l.code"""
    return with_report_shares(con.execute(sql, [table, *params]).df())


def share_of_report(report_ids: pd.Series, amount: pd.Series) -> np.ndarray:
    """100 * amount / the sum of its report's amounts (NaN unless that sum > 0). Sums run in
    row order, so the same rows give the same bits whatever else is chosen (a DuckDB window
    sum's order varies between runs: shares differed in the last bit)."""
    codes, _ = pd.factorize(report_ids)
    values = amount.to_numpy(dtype="float64", na_value=np.nan)
    total = np.bincount(codes, weights=values)[codes] if len(values) else values
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, 100.0 * values / total, np.nan)


def with_report_shares(lines: pd.DataFrame) -> pd.DataFrame:
    """`lines` with share_pct: each line's share of its report's sum (`share_of_report`)."""
    lines["share_pct"] = share_of_report(lines["report_id"], lines["amount"])
    return lines


def economic_shares(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None, by: str = "class") -> pd.DataFrame:
    """表6 basic expense by 经济分类 类 (by='class') or by 人员经费/公用经费 (by='group'),
    with each part's share of the report's 表6 total."""
    where, params = _filter(ids, "e.report_id")
    keys = ("e.code", "any_value(e.name) AS name", 'any_value(e."group") AS "group"') if by == "class" else ('e."group"',)
    group_by = "e.code" if by == "class" else 'e."group"'
    order = "l.code" if by == "class" else 'l."group"'
    sql = f"""
        WITH lines AS (
            SELECT e.report_id, {", ".join(keys)}, sum(coalesce(e.amount, 0)) AS amount
            FROM economic e WHERE e.level = '类' AND {where}
            GROUP BY e.report_id, {group_by})
        SELECT l.*, r.department, r.year
        FROM lines l JOIN reports r USING (report_id)
        ORDER BY r.department, r.year, l.report_id, {order}"""
    return with_report_shares(con.execute(sql, params).df())


def yoy(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Year-over-year pairs: for each department chosen more than once, each report against
    the previous chosen year, one row per metric (change in 万元, or percentage points for %)."""
    kpi_sql, params = _kpi_sql(ids)
    return con.execute(_yoy_sql(f"({kpi_sql})"), params).df()


def _yoy_sql(kpi_source: str) -> str:
    """The yoy query over `kpi_source`: the KPI SQL in brackets, or a registered KPI frame."""
    metrics = ", ".join(f"CAST({m} AS DOUBLE) AS {m}" for m in YOY_METRICS)
    return f"""
        WITH k AS (SELECT * FROM {kpi_source}),
        pairs AS (
            SELECT report_id, department, department_key, kind, year,
                   lag(report_id) OVER (PARTITION BY department_key ORDER BY year, report_id) AS prev_id,
                   lag(year) OVER (PARTITION BY department_key ORDER BY year, report_id) AS prev_year
            FROM k WHERE year IS NOT NULL),
        long AS (UNPIVOT (SELECT report_id, {metrics} FROM k) ON {", ".join(YOY_METRICS)}
                 INTO NAME metric VALUE value)
        SELECT p.department, p.kind, p.prev_year AS year_from, p.year AS year_to,
               p.prev_id AS report_from, p.report_id AS report_to, cur.metric,
               prev.value AS value_from, cur.value AS value_to, cur.value - prev.value AS change,
               CASE WHEN prev.value <> 0 THEN 100.0 * (cur.value - prev.value) / abs(prev.value) END AS change_pct
        FROM pairs p
        JOIN long cur ON cur.report_id = p.report_id
        JOIN long prev ON prev.report_id = p.prev_id AND prev.metric = cur.metric
        WHERE p.prev_year < p.year
        ORDER BY p.department_key, p.year, cur.metric"""


def kind_summary(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Per department kind: counts, summed totals and the median of the key shares and rates."""
    kpi_sql, params = _kpi_sql(ids)
    return con.execute(_kind_summary_sql(f"({kpi_sql})"), params).df()


def _kind_summary_sql(kpi_source: str) -> str:
    return f"""
        WITH k AS (SELECT * FROM {kpi_source})
        SELECT kind, count(*) AS reports, count(DISTINCT department_key) AS departments,
               min(year) AS year_min, max(year) AS year_max,
               sum(expense_total) AS expense_total, median(expense_total) AS expense_median,
               median(fiscal_share_pct) AS fiscal_share_median, median(basic_share_pct) AS basic_share_median,
               median(personnel_share_pct) AS personnel_share_median,
               median(execution_rate_pct) AS execution_rate_median, sum(warning_count) AS warning_count
        FROM k GROUP BY kind ORDER BY reports DESC, kind"""


def subject_lines(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """表3 and 表5 subject rows (类/款/项) as table, code, level, name, measure (total|basic|project), amount (empty = 0)."""
    where, params = _filter(ids)
    sql = f"""
        SELECT report_id, "table", subject_code AS code, any_value(level) AS level, any_value(subject_name) AS name,
               CASE WHEN measure IN ('expense_total', 'total') THEN 'total' ELSE measure END AS measure,
               sum(coalesce(amount, 0)) AS amount
        FROM subjects
        WHERE "table" IN ('t3', 't5') AND measure IN ('expense_total', 'total', 'basic', 'project') AND {where}
        GROUP BY ALL ORDER BY report_id, "table", code, measure"""
    return _text_and_doubles(con, sql, params)


def economic_lines(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """表6 rows: code, level (类/款), name, group (人员经费/公用经费), amount (empty = 0)."""
    where, params = _filter(ids)
    sql = f"""
        SELECT report_id, code, any_value(level) AS level, any_value(name) AS name, any_value("group") AS "group",
               sum(coalesce(amount, 0)) AS amount
        FROM economic WHERE {where} GROUP BY report_id, code ORDER BY report_id, code"""
    return _text_and_doubles(con, sql, params)


def _text_and_doubles(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pd.DataFrame:
    """A result of VARCHAR and DOUBLE columns only, through Arrow: the same frame as .df()
    (str and float64 columns) in less than half the time (113k subject lines: 110 vs 265 ms).
    Not for INTEGER columns: .df() gives Int32 where there are NULLs, Arrow float64."""
    return con.sql(sql, params=params).to_arrow_table().to_pandas()


def execution_items(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The per-item budget execution stated in 情况说明 (年初预算, 全年预算, 决算, stated rate)."""
    where, params = _filter(ids)
    sql = f"""
        SELECT report_id, seq, subject_code AS code, subject AS name, level, budget, full_year_budget, final,
               rate AS stated_rate
        FROM facts_execution WHERE {where} ORDER BY report_id, seq"""
    return con.execute(sql, params).df()


@dataclass(frozen=True)
class Comparison:
    """Everything the 对比 page shows for one choice of reports."""

    kpis: pd.DataFrame
    class_shares: pd.DataFrame
    economic_shares: pd.DataFrame
    economic_groups: pd.DataFrame
    yoy: pd.DataFrame
    kinds: pd.DataFrame


def compare(ids: Sequence[str] | None, db: str | os.PathLike[str] | None = None) -> Comparison:
    """Run every comparison query over one read-only connection of the library."""
    with store.connect(db, read_only=True) as con:
        return compare_on(con, ids)


def compare_on(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None) -> Comparison:
    """Every comparison query over an open connection. The KPI rows are computed once and
    registered, so yoy and the kind summary read them instead of re-running the KPI SQL."""
    kpi_rows = kpis(con, ids)
    con.register("chosen_kpis", kpi_rows)
    try:
        return Comparison(
            kpis=kpi_rows, class_shares=class_shares(con, ids), economic_shares=economic_shares(con, ids),
            economic_groups=economic_shares(con, ids, by="group"), yoy=con.execute(_yoy_sql("chosen_kpis")).df(),
            kinds=con.execute(_kind_summary_sql("chosen_kpis")).df(),
        )
    finally:
        con.unregister("chosen_kpis")


def ranking(kpi_frame: pd.DataFrame, metric: str, descending: bool = True) -> pd.DataFrame:
    """Reports ranked by one metric (missing values last), with a 1-based `rank` column."""
    ranked = kpi_frame.sort_values(metric, ascending=not descending, na_position="last", kind="stable")
    ranked = ranked.reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked
