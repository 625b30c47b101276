"""Facts stated in the narrative (情况说明), each with its page, line and sentence.

`extract_facts(report)` returns a frozen bundle of tidy DataFrames (schemas in
`lib.narrative.schema`), built from `fact_records`; `stated_figure` answers the few named
figures `summary` needs from the same records, without pandas;
`facts_as_json` is what `juesuan facts` prints. A fact the report does not state has no
row (or None), never 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from importlib import import_module
from typing import TYPE_CHECKING, Any

from lib.model import Report
from lib.narrative import schema
from lib.narrative.sentences import NarrativeText
from lib.values import none_if_missing, number_or_none

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class NarrativeFacts:
    totals: pd.DataFrame  # schema.TOTALS
    shares: pd.DataFrame  # schema.SHARES
    execution_overall: pd.DataFrame  # schema.EXECUTION_OVERALL (0 or 1 row)
    execution: pd.DataFrame  # schema.EXECUTION
    basic: pd.DataFrame  # schema.BASIC
    sangong: pd.DataFrame  # schema.SANGONG
    sangong_counts: pd.DataFrame  # schema.COUNTS
    operations: pd.DataFrame  # schema.OPERATIONS
    performance: pd.DataFrame  # schema.PERFORMANCE


Records = Callable[[NarrativeText, Report], list[dict[str, object]]]


def _reader(module: str, function: str) -> Records:
    """lib.narrative.<module>.<function>(text), the module imported when first asked:
    `summary` asks two kinds of fact and need not load the readers of the others."""
    if function == "execution_records":  # subjects named in the text are matched to the tables' codes
        return lambda text, report: import_module(f"lib.narrative.{module}").execution_records(text, report.subjects)
    return lambda text, _: getattr(import_module(f"lib.narrative.{module}"), function)(text)


# kind of fact → (its records from the narrative text, the frame's schema)
_KINDS: dict[str, tuple[Records, schema.Schema]] = {
    "totals": (_reader("totals", "total_records"), schema.TOTALS),
    "shares": (_reader("operations", "share_records"), schema.SHARES),
    "execution_overall": (_reader("execution", "overall_execution"), schema.EXECUTION_OVERALL),
    "execution": (_reader("execution", "execution_records"), schema.EXECUTION),
    "basic": (_reader("operations", "basic_records"), schema.BASIC),
    "sangong": (_reader("sangong", "sangong_records"), schema.SANGONG),
    "sangong_counts": (_reader("sangong", "sangong_count_records"), schema.COUNTS),
    "operations": (_reader("operations", "operation_records"), schema.OPERATIONS),
    "performance": (_reader("performance", "performance_records"), schema.PERFORMANCE),
}
_RECORDS: dict[tuple[str, int], dict[str, Any]] = {}
_CACHE: dict[tuple[str, int], NarrativeFacts] = {}


def _key(report: Report) -> tuple[str, int]:
    """Cache key: the report id and (a Report rebuilt from the library has no narrative
    lines) the count of its narrative lines."""
    return (report.meta.report_id, len(report.narrative))


def fact_records(report: Report, kind: str) -> list[dict[str, object]]:
    """The records of one kind of fact ('totals', 'execution_overall' …), read once per
    report; the frames of `extract_facts` are built from these very records."""
    key = _key(report)
    if key not in _RECORDS:
        if len(_RECORDS) > 64:
            _RECORDS.clear()
        _RECORDS[key] = {}
    entry = _RECORDS[key]
    if kind not in entry:
        if "" not in entry:
            entry[""] = NarrativeText(report.narrative)
        entry[kind] = _KINDS[kind][0](entry[""], report)
    return entry[kind]


def extract_facts(report: Report) -> NarrativeFacts:
    """All narrative facts of a report as frames (cached like `fact_records`)."""
    key = _key(report)
    if key not in _CACHE:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = NarrativeFacts(**{kind: schema.frame(fact_records(report, kind), kind_schema)
                                        for kind, (_, kind_schema) in _KINDS.items()})
    return _CACHE[key]


# name → (kind of fact, column, filter) of the figures `summary` and the checks ask for
_FIGURES: dict[str, tuple[str, str, dict[str, object]]] = {
    "total": ("totals", "value", {"item": "total"}),
    "prior_year_total": ("totals", "prior_value", {"item": "total"}),
    "total_change": ("totals", "change", {"item": "total"}),
    "total_growth_pct": ("totals", "change_pct", {"item": "total"}),
    "gpb_initial_budget": ("execution_overall", "budget", {}),
    "gpb_full_year_budget": ("execution_overall", "full_year_budget", {}),
    "gpb_final": ("execution_overall", "final", {}),
    "gpb_rate": ("execution_overall", "rate", {}),
}


def stated_figure(report: Report, name: str) -> float | None:
    """A named figure as the narrative states it (None when it does not)."""
    if name not in _FIGURES:
        raise KeyError(f"unknown stated figure {name!r}; known: {sorted(_FIGURES)}")
    kind, column, where = _FIGURES[name]
    for row in fact_records(report, kind):
        if all(row.get(key) == value for key, value in where.items()):
            value = number_or_none(row.get(column))
            return None if value is None else round(value, 2)
    return None


def _records(data: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for record in data.astype(object).to_dict(orient="records"):
        rows.append({k: none_if_missing(v) for k, v in record.items()})
    return rows


def facts_as_json(report: Report) -> dict[str, Any]:
    """Every fact, grouped by kind, JSON-serialisable."""
    facts = extract_facts(report)
    result: dict[str, Any] = {"report_id": report.meta.report_id, "department": report.meta.department,
                              "year": report.meta.year, "unit": "万元"}
    for field in fields(facts):
        result[field.name] = _records(getattr(facts, field.name))
    # the 绩效自评表 as read (tables, not sentences), so `facts` shows what the 绩效 checks compare
    result["self_evaluation"] = {name: _records(getattr(report, f"perf_{name}")) for name in ("tables", "funds", "indicators")}
    return result


__all__ = ["NarrativeFacts", "extract_facts", "stated_figure", "facts_as_json"]
