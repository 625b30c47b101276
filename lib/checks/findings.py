"""Findings as data: where a check looked, what it expected, what the report prints.

A Finding is frozen and flat enough to become JSON (`to_dict`) or a short test tuple
(`as_tuple`). Severity is one of error / warning / reading_doubt / info / not_checked:
"not checked" is its own severity so a rule that could not run is never mistaken for a
pass, and "reading_doubt" (读取存疑) is a difference our reading of the tables could
explain — kept apart from the report's own errors and warnings.
Rounding: each printed figure carries ±0.005, so a difference inside
0.005 × (printed terms) + 0.005 (the result) is `info` ("尾数差异"), never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lib.rounding import EXACT, ROUNDING_PER_TERM, rounding_envelope  # noqa: F401 - re-exported
from lib.tables.titles import TABLE_NAMES

ERROR = "error"
WARNING = "warning"
INFO = "info"
NOT_CHECKED = "not_checked"
READING_DOUBT = "reading_doubt"  # our reading (placement, continuation, OCR) may explain it: never an error of the report
SEVERITIES = (ERROR, WARNING, READING_DOUBT, INFO, NOT_CHECKED)
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", READING_DOUBT: "读取存疑", INFO: "提示", NOT_CHECKED: "未检查"}
# the report's own findings, counted apart from what our reading may have caused
REPORT_SEVERITIES = (ERROR, WARNING)



@dataclass(frozen=True)
class Location:
    """A place in the report: page, table id ('t1'…'t9', 'text' for 情况说明, None) and line."""

    page: int | None = None
    table: str | None = None
    line: int | None = None

    def label(self) -> str:
        parts = []
        if self.table in TABLE_NAMES:
            parts.append(f"表{self.table[1:]}")
        elif self.table == "text":
            parts.append("情况说明")
        elif self.table == "perf":
            parts.append("绩效自评表")
        if self.page:
            parts.append(f"第{self.page}页")
        if self.line:
            parts.append(f"第{self.line}行")
        return " ".join(parts) or "（全文）"

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "table": self.table, "line": self.line}


@dataclass(frozen=True)
class Finding:
    rule: str
    family: str
    severity: str
    message: str
    expected: float | str | None = None
    actual: float | str | None = None
    location: tuple[Location, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "family": self.family, "severity": self.severity, "message": self.message,
            "expected": self.expected, "actual": self.actual,
            "location": [loc.to_dict() for loc in self.location],
        }

    def as_tuple(self) -> tuple[str, tuple[int | None, int | None], float | str | None, float | str | None]:
        """(rule, (page, line) of the first place, expected, actual) — how tests pin findings."""
        first = self.location[0] if self.location else Location()
        return (self.rule, (first.page, first.line), self.expected, self.actual)


def judge(expected: float, actual: float, printed_terms: int, *, severity: str = ERROR) -> str | None:
    """None when equal, INFO inside the rounding envelope, `severity` outside it."""
    diff = round(abs(expected - actual), 6)
    if diff < EXACT:
        return None
    if diff <= rounding_envelope(printed_terms) + 1e-9:
        return INFO
    return severity


def fmt(amount: float | None) -> str:
    """12341.98 → '12,341.98' (as the reports print 万元)."""
    if amount is None:
        return "—"
    return f"{amount:,.2f}"


def describe_difference(subject: str, expected: float, actual: float, severity: str) -> str:
    """The standard sentence for 'should be X, prints Y'."""
    diff = abs(expected - actual)
    if severity == INFO:
        return f"尾数差异：{subject}按其他数字算得 {fmt(expected)}，表中为 {fmt(actual)}，相差 {diff:.2f} 万元，在四舍五入误差范围内。"
    return f"{subject}应为 {fmt(expected)} 万元，报告中为 {fmt(actual)} 万元，相差 {diff:,.2f} 万元。"
