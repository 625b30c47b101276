"""Named figures read from a Report's tables: one accessor for summary, views and checks.

Each `*_term` returns the checks' `Term`: the amount, its cell state ('value', 'empty',
'unreadable', 'missing', 'absent') and where it is printed (page, table, line), so a page showing a
figure cites the very row it was read from. `figure(term)` is the number as summary and
the pages show it: None when the table or row is absent or the cell unreadable, 0.0 when
the table is present but the cell empty ("no amount"). The subject-total and ledger terms
are those the consistency rules compare (lib.checks.access).
"""

from __future__ import annotations

from lib.checks.access import ledger_term as _side_term
from lib.checks.access import subject_total_term as _subject_total_term
from lib.checks.access import table_location
from lib.checks.base import MISSING, Term, term_from_row
from lib.model import Report
from lib.values import number_or_none


def figure(term: Term) -> float | None:
    """The shown number of a term: None when missing, absent (a required row not read) or
    unreadable; 0.0 when printed empty."""
    if term.status in ("missing", "absent", "unreadable"):
        return None
    return 0.0 if term.amount is None else round(float(term.amount), 6)


def ledger_term(report: Report, table: str, item: str, *, side: str | None = None, measure: str | None = None) -> Term:
    """A 表1/表4 item ('income_total', 'grand_total', 'class:201' …) on `side` (either side
    when None: income items first), in `measure` ('amount' for 表1 and 表4 收入)."""
    if table not in report.tables_found:
        return MISSING
    for which in (side,) if side else ("收入", "支出"):
        term = _side_term(report, table, which, item, measure or "amount")
        if term.status != "missing":
            return term
    return MISSING


def subject_total_term(report: Report, table: str, measure: str) -> Term:
    """The 合计 row of 表2/3/5/7/8 for one measure; an empty table (no rows at all) is 'empty'."""
    if table not in report.tables_found:
        return MISSING
    term = _subject_total_term(report, table, measure)
    if term.status == "missing" and report.subjects[report.subjects["table"] == table].empty:
        return Term(None, "empty", table_location(report, table), "合计")
    return term


def economic_total_term(report: Report, group: str) -> Term:
    """表6 printed 人员经费合计 / 公用经费合计 (group '人员经费' or '公用经费')."""
    if "t6" not in report.tables_found:
        return MISSING
    data = report.economic_totals
    rows = data[data["label"].str.startswith(group)]
    return MISSING if rows.empty else term_from_row(rows.iloc[0], "t6", str(rows.iloc[0]["label"]))


def sangong_term(report: Report, measure: str, category: str = "total") -> Term:
    if "t9" not in report.tables_found:
        return MISSING
    data = report.sangong
    rows = data[(data["measure"] == measure) & (data["category"] == category)]
    return MISSING if rows.empty else term_from_row(rows.iloc[0], "t9", str(rows.iloc[0]["category_label"]))


def ledger_figure(report: Report, table: str, item: str, *, side: str | None = None, measure: str | None = None) -> float | None:
    return figure(ledger_term(report, table, item, side=side, measure=measure))


def subject_total(report: Report, table: str, measure: str) -> float | None:
    return figure(subject_total_term(report, table, measure))


def economic_total(report: Report, group: str) -> float | None:
    return figure(economic_total_term(report, group))


def sangong_figure(report: Report, measure: str, category: str = "total") -> float | None:
    return figure(sangong_term(report, measure, category))


def expense_by_class(report: Report, table: str = "t3", measure: str | None = None) -> dict[str, float]:
    """类 code → amount (表3 本年支出合计 by default), in code order; unreadable cells left out."""
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
