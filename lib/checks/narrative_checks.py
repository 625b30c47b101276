"""Families "文字与表格" and "文字中的计算": facts stated in 情况说明 against the
tables and against their own arithmetic. Depends on lib.narrative.extract_facts;
when the facts cannot be extracted every rule here reports "not checked".
"""

from __future__ import annotations

from lib.checks import text_arithmetic, text_vs_table
from lib.checks.base import Emitter
from lib.model import Report
from lib.narrative import NarrativeFacts, extract_facts


def load_facts(report: Report, out: Emitter) -> NarrativeFacts | None:
    """The narrative facts bundle, or None (and a not-checked finding) without a narrative."""
    if not report.narrative:
        out.not_checked("text.facts", "报告没有情况说明部分")
        return None
    return extract_facts(report)


def run(report: Report, out: Emitter) -> None:
    if report.is_template:
        return
    facts = load_facts(report, out)
    if facts is None:
        return
    if all(getattr(facts, name).empty for name in ("totals", "execution_overall", "execution")):
        out.not_checked("text.facts", "情况说明中没有提取到收支总额和预算执行情况")
    text_vs_table.run(report, facts, out)
    text_arithmetic.run(report, facts, out)
