"""`juesuan summary`: the key figures of a report as one flat JSON object."""

from __future__ import annotations

from typing import Any

from lib.figures import economic_total, expense_by_class, ledger_figure, sangong_figure, subject_total
from lib.model import Report
from lib.narrative import stated_figure

SUMMARY_KEYS = (
    "department", "year", "unit", "income_total", "expense_total", "grand_total", "carryover_begin",
    "carryover_end", "fiscal_income", "basic_expense", "project_expense", "gpb_expense",
    "personnel_expense", "public_expense", "sangong_budget", "sangong_final", "expense_by_class",
    "tables_found", "prior_year_total", "gpb_initial_budget",
    "table_set", "table_set_tables", "accounts_kind", "reading_confidence",
)


def _confidence(report: Report) -> dict[str, dict[str, int]]:
    """Per table {held, tested}: kept in the Report by the pipeline, else computed."""
    if report.reading_confidence:
        return report.reading_confidence
    from lib.checks import reading_confidence

    return reading_confidence(report)


def summarize(report: Report) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "department": report.meta.department,
        "year": report.meta.year,
        "unit": report.meta.unit,
        "income_total": ledger_figure(report, "t1", "income_total"),
        "expense_total": ledger_figure(report, "t1", "expense_total"),
        "grand_total": ledger_figure(report, "t1", "grand_total", side="收入"),
        "carryover_begin": ledger_figure(report, "t1", "carryover_begin"),
        "carryover_end": ledger_figure(report, "t1", "carryover_end"),
        "fiscal_income": subject_total(report, "t2", "fiscal"),
        "basic_expense": subject_total(report, "t3", "basic"),
        "project_expense": subject_total(report, "t3", "project"),
        "gpb_expense": subject_total(report, "t5", "total"),
        "personnel_expense": economic_total(report, "人员经费"),
        "public_expense": economic_total(report, "公用经费"),
        "sangong_budget": sangong_figure(report, "budget"),
        "sangong_final": sangong_figure(report, "final"),
        "expense_by_class": expense_by_class(report) if "t3" in report.tables_found else None,
        "tables_found": list(report.tables_found),
        "prior_year_total": stated_figure(report, "prior_year_total"),
        "gpb_initial_budget": stated_figure(report, "gpb_initial_budget"),
        "table_set": len(report.table_set),
        "table_set_tables": list(report.table_set),
        "accounts_kind": report.accounts_kind,
        "reading_confidence": _confidence(report),
    }
    assert tuple(summary) == SUMMARY_KEYS
    return summary
