"""Consistency checks over a parsed Report: `run_checks(report)` → list of Findings.

Every rule is documented in `lib.checks.rules.RULES`; one module per family runs them.
A family that raises becomes a "not_checked" finding (never a crash, never a silent
pass). `findings_summary` gives the app counts per family × severity and the
not-checked list; `format_findings_text` is the terminal form grouped by severity.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from lib.checks import (
    beyond,
    completeness,
    cross_table,
    hierarchy,
    narrative_checks,
    ocr_reading,
    performance,
    report_identity,
    table_identities,
)
from lib.checks.base import Emitter
from lib.checks.findings import (
    ERROR,
    INFO,
    NOT_CHECKED,
    SEVERITIES,
    SEVERITY_LABELS,
    WARNING,
    Finding,
    Location,
)
from lib.checks.rules import FAMILIES, RULES, rules_table
from lib.model import Report

FAMILY_RUNNERS: tuple[tuple[str, Callable[[Report, Emitter], None]], ...] = (
    ("completeness", completeness.run),
    ("report_identity", report_identity.run),
    ("table_identity", table_identities.run),
    ("hierarchy", hierarchy.run),
    ("cross_table", cross_table.run),
    ("text", narrative_checks.run),
    ("beyond", beyond.run),
    ("performance", performance.run),
    ("ocr", ocr_reading.run),
)
CRASH_RULE = "engine.crash"  # the finding a family that raised becomes (tests assert none)
_ORDER = {severity: index for index, severity in enumerate(SEVERITIES)}


def run_checks(report: Report) -> list[Finding]:
    """All findings, errors first, then by family and place."""
    findings: list[Finding] = []
    for name, runner in FAMILY_RUNNERS:
        out = Emitter()
        try:
            runner(report, out)
        except Exception as exc:  # a broken rule is reported, not hidden
            out.emit(CRASH_RULE, f"未检查：“{name}”一组规则执行出错（{type(exc).__name__}: {exc}），结果不完整。",
                     expected=None, actual=type(exc).__name__)
        findings.extend(out.result())
    return sorted(ocr_reading.guard(report, findings), key=_sort_key)


def crashed(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    """The findings that stand for a rule family that raised (run_checks never raises, so
    tests and ingest ask this to tell a broken rule from a report's problem)."""
    return [f for f in findings if f.rule == CRASH_RULE]


def _sort_key(finding: Finding) -> tuple[int, str, int, int, str]:
    first = finding.location[0] if finding.location else Location()
    return (_ORDER[finding.severity], finding.family, first.page or 0, first.line or 0, finding.rule)


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """One row per finding (location flattened to its first place + a readable list)."""
    rows = []
    for f in findings:
        first = f.location[0] if f.location else Location()
        rows.append({
            "rule": f.rule, "family": f.family, "family_label": FAMILIES.get(f.family, f.family),
            "severity": f.severity, "severity_label": SEVERITY_LABELS[f.severity], "message": f.message,
            "expected": f.expected, "actual": f.actual, "page": first.page, "table": first.table, "line": first.line,
            "where": "；".join(loc.label() for loc in f.location),
        })
    columns = ["rule", "family", "family_label", "severity", "severity_label", "message", "expected", "actual",
               "page", "table", "line", "where"]
    return pd.DataFrame(rows, columns=columns)


def findings_summary(findings: list[Finding]) -> dict[str, object]:
    """For the app: counts per family × severity (DataFrame), totals per severity, the not-checked list."""
    counts = pd.DataFrame(0, index=list(FAMILIES), columns=list(SEVERITIES), dtype="int64")
    for f in findings:
        counts.loc[f.family, f.severity] += 1
    counts = counts[(counts.sum(axis=1) > 0)]
    counts.index = [FAMILIES[family] for family in counts.index]
    counts.columns = [SEVERITY_LABELS[s] for s in counts.columns]
    not_checked = [{"rule": f.rule, "title": RULES[f.rule].title, "reason": f.message} for f in findings if f.severity == NOT_CHECKED]
    return {
        "counts": counts,
        "totals": {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES},
        "not_checked": not_checked,
    }


def format_findings_text(report: Report, findings: list[Finding]) -> str:
    """Readable terminal text: a header, then findings grouped by severity."""
    meta = report.meta
    totals = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    lines = [
        f"一致性检查：{meta.department or '（未识别部门）'}　{meta.year or ''}年度　（{meta.source_name}）",
        "　".join(f"{SEVERITY_LABELS[s]} {totals[s]}" for s in SEVERITIES),
    ]
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines += ["", f"== {SEVERITY_LABELS[severity]}（{len(group)}）=="]
        for f in group:
            where = "；".join(loc.label() for loc in f.location[:4]) or "（全文）"
            more = f" 等{len(f.location)}处" if len(f.location) > 4 else ""
            lines.append(f"- [{FAMILIES.get(f.family, f.family)}·{f.rule}] {where}{more}")
            lines.append(f"  {f.message}")
    if not findings:
        lines.append("没有发现不一致之处。")
    return "\n".join(lines)


__all__ = [
    "ERROR", "WARNING", "INFO", "NOT_CHECKED", "Finding", "Location", "RULES", "rules_table",
    "run_checks", "CRASH_RULE", "crashed", "findings_summary", "findings_frame", "format_findings_text",
]
