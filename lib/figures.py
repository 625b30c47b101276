"""Named figures read from a Report's tables: one accessor for summary, views and checks.

Each `*_term` returns the checks' `Term`: the amount, its cell state ('value', 'empty',
'unreadable', 'missing', 'absent') and where it is printed (page, table, line), so a page showing a
figure cites the very row it was read from. `figure(term)` is the number as summary and
the pages show it: None when the table or row is absent or the cell unreadable, 0.0 when
the table is present but the cell empty ("no amount"). The subject-total and ledger terms
are those the consistency rules compare (lib.checks.access).
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.checks.access import ledger_term as _side_term
from lib.checks.access import measure_labels as measure_labels  # re-exported: views read labels here
from lib.checks.access import subject_records, subject_terms, table_location
from lib.checks.access import subject_total_term as _subject_total_term
from lib.checks.base import MISSING, Term, term_from_row
from lib.model import Report, tidy_records


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
    if term.status == "missing" and not subject_records(report, table):
        return Term(None, "empty", table_location(report, table), "合计")
    return term


def economic_total_term(report: Report, group: str) -> Term:
    """表6 printed 人员经费合计 / 公用经费合计 (group '人员经费' or '公用经费')."""
    if "t6" not in report.tables_found:
        return MISSING
    rows = [row for row in tidy_records(report, "economic_totals") if (row["label"] or "").startswith(group)]
    return term_from_row(rows[0], "t6", str(rows[0]["label"])) if rows else MISSING


def sangong_term(report: Report, measure: str, category: str = "total") -> Term:
    if "t9" not in report.tables_found:
        return MISSING
    rows = [row for row in tidy_records(report, "sangong") if row["measure"] == measure and row["category"] == category]
    return term_from_row(rows[0], "t9", str(rows[0]["category_label"])) if rows else MISSING


@dataclass(frozen=True)
class Item:
    """One printed row of a 功能分类 (表2/3/5/7/8) or 经济分类 (表6) table: its code, name and
    level, the figure of one measure as a Term, and (表6) its group 人员经费/公用经费."""

    code: str
    name: str
    level: str
    term: Term
    group: str = ""


def total_measure(table: str) -> str:
    """The measure of a table's row total: 表3 本年支出合计, 表2 本年收入合计, else 合计 (表5/7/8)."""
    return {"t3": "expense_total", "t2": "income_total"}.get(table, "total")


def subject_items(report: Report, table: str, measure: str) -> list[Item]:
    """Every 类/款/项 row of a table in printed order with one measure's Term (the checks' terms:
    a cell placed ambiguously is unreadable); [] without the table."""
    if table not in report.tables_found:
        return []
    terms = subject_terms(report, table, measure)
    rows: dict[str, tuple[str, str]] = {}
    for row in subject_records(report, table):
        if row["measure"] == measure:
            rows.setdefault(str(row["subject_code"]), (str(row["subject_name"]), str(row["level"])))
    return [Item(code, name, level, terms[code]) for code, (name, level) in rows.items()]


def economic_items(report: Report) -> list[Item]:
    """Every 表6 row (经济分类 类/款) with its Term and group; [] without 表6."""
    if "t6" not in report.tables_found:
        return []
    return [Item(str(row["code"]), str(row["name"]), str(row["level"]),
                 term_from_row(row, "t6", f"{row['code']} {row['name']}"), str(row["group"]))
            for row in tidy_records(report, "economic")]


def economic_total_terms(report: Report) -> dict[str, Term]:
    """表6's printed totals (人员经费合计, 公用经费合计 …) by their printed label."""
    if "t6" not in report.tables_found:
        return {}
    return {str(row["label"]): term_from_row(row, "t6", str(row["label"])) for row in tidy_records(report, "economic_totals")}


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
    if measure is None:
        measure = total_measure(table)
    rows = [row for row in subject_records(report, table) if row["level"] == "类" and row["measure"] == measure]
    result: dict[str, float] = {}
    for row in sorted(rows, key=lambda row: row["subject_code"]):
        if row["cell"] == "unreadable":
            continue
        result[str(row["subject_code"])] = 0.0 if row["amount"] is None else round(row["amount"], 6)
    return result
