"""Families "文字与表格" and "文字中的计算": facts stated in 情况说明 against the
tables and against their own arithmetic. Depends on lib.narrative.extract_facts;
while the facts cannot be extracted every rule here reports "not checked".
"""

from __future__ import annotations

from lib.checks.base import Emitter
from lib.model import Report

NARRATIVE_RULES = ("text.amount", "text.budget_sum", "text.percent", "text.yoy", "text.direction", "text.zero_base")


def load_facts(report: Report, out: Emitter) -> object | None:
    """The narrative facts bundle, or None (and a not-checked finding) when unavailable."""
    try:
        from lib.narrative import extract_facts  # type: ignore[attr-defined]
    except ImportError:
        out.not_checked("text.facts", "情况说明事实尚未提取（lib.narrative 不可用）")
        return None
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
