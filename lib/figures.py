"""Named figures read from a Report's tables (what `summary` and the pages show).

Each accessor returns None when the table is absent or the cell unreadable, and 0.0
when the table is present but the cell empty ("no amount").
"""

from __future__ import annotations

import pandas as pd

from lib.model import Report
from lib.values import number_or_none


def _value(rows: pd.DataFrame) -> float | None:
    if rows.empty:
        return None
    row = rows.iloc[0]
    if row["cell"] == "unreadable":
        return None
    amount = number_or_none(row["amount"])
    return 0.0 if amount is None else round(amount, 6)


def ledger_figure(report: Report, table: str, item: str, *, side: str | None = None, measure: str | None = None) -> float | None:
    """A 表1/表4 item ('income_total', 'grand_total', 'class:201' …); 0.0 if printed empty."""
    if table not in report.tables_found:
        return None
    data = report.ledger
    rows = data[(data["table"] == table) & (data["item"] == item)]
    if side:
        rows = rows[rows["side"] == side]
    if measure:
        rows = rows[rows["measure"] == measure]
    if rows.empty:
        return None
    return _value(rows)


def subject_total(report: Report, table: str, measure: str) -> float | None:
    """The 合计 row of 表2/3/5/7/8 for one measure; 0.0 for an empty table."""
    if table not in report.tables_found:
        return None
    data = report.subject_totals
    rows = data[(data["table"] == table) & (data["measure"] == measure)]
    if rows.empty:
        subjects = report.subjects
        if subjects[(subjects["table"] == table)].empty:
            return 0.0
        return None
    return _value(rows)


def economic_total(report: Report, group: str) -> float | None:
    """表6 printed 人员经费合计 / 公用经费合计 (group '人员经费' or '公用经费')."""
    if "t6" not in report.tables_found:
        return None
    data = report.economic_totals
    return _value(data[data["label"].str.startswith(group)])


def sangong_figure(report: Report, measure: str, category: str = "total") -> float | None:
    if "t9" not in report.tables_found:
        return None
    data = report.sangong
    rows = data[(data["measure"] == measure) & (data["category"] == category)]
    if rows.empty:
        return None
    return _value(rows)


def expense_by_class(report: Report, table: str = "t3", measure: str | None = None) -> dict[str, float]:
    """类 code → amount (表3 本年支出合计 by default), in code order."""
    data = report.subjects
    if measure is None:
        measure = {"t3": "expense_total", "t2": "income_total"}.get(table, "total")
    rows = data[(data["table"] == table) & (data["level"] == "类") & (data["measure"] == measure)]
    result: dict[str, float] = {}
    for _, row in rows.sort_values("subject_code").iterrows():
        if row["cell"] == "unreadable":
            continue
        amount = number_or_none(row["amount"])
        result[str(row["subject_code"])] = 0.0 if amount is None else round(amount, 6)
    return result
