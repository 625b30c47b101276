"""Consistency checks over a parsed Report: `run_checks(report)` → list of Findings.

Every rule is documented in `lib.checks.rules.RULES`; one module per family runs them.
A family that raises becomes a "not_checked" finding (never a crash, never a silent
pass). `findings_summary` gives the app counts per family × severity and the
not-checked list; `format_findings_text` is the terminal form grouped by severity.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from lib.checks.base import Emitter
from lib.checks.findings import (
    ERROR,
    INFO,
    NOT_CHECKED,
    READING_DOUBT,
    REPORT_SEVERITIES,
    SEVERITIES,
    SEVERITY_LABELS,
    WARNING,
    Finding,
    Location,
)
from lib.checks.rules import FAMILIES, RULES, rules_table
from lib.model import Report

if TYPE_CHECKING:
    import pandas as pd



def _family(module: str) -> Callable[[Report, Emitter], None]:
    """The `run` of lib.checks.<module>, imported when the family first runs: every parse
    runs two families for the reading confidence and need not load the other eight."""

    def run(report: Report, out: Emitter) -> None:
        import_module(f"lib.checks.{module}").run(report, out)

    run.__qualname__ = run.__name__ = f"{module}.run"
    return run


FAMILY_RUNNERS: tuple[tuple[str, Callable[[Report, Emitter], None]], ...] = (
    ("completeness", _family("completeness")),
    ("report_identity", _family("report_identity")),
    ("table_identity", _family("table_identities")),
    ("hierarchy", _family("hierarchy")),
    ("cross_table", _family("cross_table")),
    ("text", _family("narrative_checks")),
    ("beyond", _family("beyond")),
    ("units", _family("units")),
    ("performance", _family("performance")),
    ("ocr", _family("ocr_reading")),
)
CRASH_RULE = "engine.crash"  # the finding a family that raised becomes (tests assert none)
_ORDER = {severity: index for index, severity in enumerate(SEVERITIES)}


def _run(report: Report, families: tuple[str, ...] | None = None) -> tuple[list[Finding], dict[tuple[str, str], list[int]]]:
    findings: list[Finding] = []
    tally: dict[tuple[str, str], list[int]] = {}
    for name, runner in FAMILY_RUNNERS:
        if families is not None and name not in families:
            continue
        out = Emitter()
        try:
            runner(report, out)
        except Exception as exc:  # a broken rule is reported, not hidden
            out.emit(CRASH_RULE, f"未检查：“{name}”一组规则执行出错（{type(exc).__name__}: {exc}），结果不完整。",
                     expected=None, actual=type(exc).__name__)
        findings.extend(out.result())
        for key, (held, tested) in out.tally.items():
            entry = tally.setdefault(key, [0, 0])
            entry[0] += held
            entry[1] += tested
    return findings, tally


def run_checks(report: Report) -> list[Finding]:
    """All findings, errors first, then by family and place. An error our reading could
    explain is turned into 读取存疑 (lib.checks.doubt) before it is reported."""
    from lib.checks import doubt, ocr_reading

    findings, tally = _run(report)
    findings = doubt.review(report, findings, tally, lambda trial: _run(trial, doubt.TABLE_FAMILIES)[0])
    return sorted(ocr_reading.guard(report, findings), key=_sort_key)


def reading_confidence(report: Report) -> dict[str, dict[str, int]]:
    """Per table: within-table identities (表内勾稽, 科目层级) that hold / that could be
    tested — how far our reading of that table can be trusted."""
    _, tally = _run(report, ("table_identity", "hierarchy"))
    result: dict[str, dict[str, int]] = {table: {"held": 0, "tested": 0} for table in report.tables_found}
    for (_, table), (held, tested) in sorted(tally.items()):
        if table.startswith("t"):
            entry = result.setdefault(table, {"held": 0, "tested": 0})
            entry["held"] += held
            entry["tested"] += tested
    return dict(sorted(result.items()))


def crashed(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    """The findings that stand for a rule family that raised (run_checks never raises, so
    tests and ingest ask this to tell a broken rule from a report's problem)."""
    return [f for f in findings if f.rule == CRASH_RULE]


def _sort_key(finding: Finding) -> tuple[int, str, int, int, str]:
    first = finding.location[0] if finding.location else Location()
    return (_ORDER[finding.severity], finding.family, first.page or 0, first.line or 0, finding.rule)


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """One row per finding (location flattened to its first place + a readable list)."""
    import pandas as pd

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
    import pandas as pd

    counts = pd.DataFrame(0, index=list(FAMILIES), columns=list(SEVERITIES), dtype="int64")
    for f in findings:
        counts.loc[f.family, f.severity] += 1
    counts = counts[(counts.sum(axis=1) > 0)]
    counts.index = [FAMILIES[family] for family in counts.index]
    counts.columns = [SEVERITY_LABELS[s] for s in counts.columns]
    not_checked = [{"rule": f.rule, "title": RULES[f.rule].title, "reason": f.message} for f in findings if f.severity == NOT_CHECKED]
    doubts = [{"rule": f.rule, "title": RULES[f.rule].title, "reason": f.message} for f in findings if f.severity == READING_DOUBT]
    return {
        "counts": counts,
        "totals": {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES},
        "report_totals": {s: sum(1 for f in findings if f.severity == s) for s in REPORT_SEVERITIES},
        "not_checked": not_checked,
        "reading_doubts": doubts,
    }


def confidence_line(confidence: dict[str, dict[str, int]]) -> str:
    """'读取可信度（表内勾稽成立/可检验）：表1 6/6、表2 20/20、表7 无可检验项'."""
    parts = [f"表{t[1:]} {c['held']}/{c['tested']}" if c["tested"] else f"表{t[1:]} 无可检验项"
             for t, c in confidence.items()]
    return "读取可信度（表内勾稽成立/可检验）：" + ("、".join(parts) or "无")


def format_findings_text(report: Report, findings: list[Finding]) -> str:
    """Readable terminal text: a header, then findings grouped by severity."""
    meta = report.meta
    totals = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    lines = [
        f"一致性检查：{meta.department or '（未识别部门）'}　{meta.year or ''}年度　（{meta.source_name}）",
        "　".join(f"{SEVERITY_LABELS[s]} {totals[s]}" for s in SEVERITIES if s != READING_DOUBT),
        f"另有{SEVERITY_LABELS[READING_DOUBT]} {totals[READING_DOUBT]}（本工具的读取可能解释的差异，不算报告的错误或警告）",
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
    "ERROR", "WARNING", "INFO", "NOT_CHECKED", "READING_DOUBT", "reading_confidence", "Finding", "Location", "RULES",
    "rules_table", "run_checks", "CRASH_RULE", "crashed", "findings_summary", "findings_frame", "format_findings_text",
]
