"""Shared machinery of the rule modules: printed terms with their place, and an
emitter that turns comparisons into Findings (family and default severity come
from the RULES registry, so a module cannot invent an undocumented rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lib.checks.findings import (
    ERROR,
    INFO,
    NOT_CHECKED,
    Finding,
    Location,
    describe_difference,
    judge,
)
from lib.checks.rules import RULES
from lib.rounding import EXACT
from lib.values import number_or_none


@dataclass(frozen=True)
class Term:
    """One printed figure: amount (None when unreadable or absent), cell status and place."""

    amount: float | None
    status: str  # 'value' | 'empty' | 'unreadable' | 'missing' | 'absent' (a required row not read)
    loc: Location
    label: str = ""

    @property
    def value(self) -> float:
        """Empty and missing cells count as 0 ("no amount")."""
        return 0.0 if self.amount is None else float(self.amount)

    @property
    def readable(self) -> bool:
        return self.status != "unreadable"

    @property
    def printed(self) -> bool:
        """A non-zero printed figure (zero and empty cells carry no rounding)."""
        return self.status == "value" and self.amount is not None and abs(self.amount) >= EXACT


MISSING = Term(None, "missing", Location())


def term_from_row(row: Mapping[str, Any], table: str | None, label: str = "") -> Term:
    """A Term from one tidy row: a record (lib.model.tidy_records) or a frame row."""
    amount = number_or_none(row.get("amount"))
    status = str(row.get("cell", "value"))
    page, line = number_or_none(row["page"]), number_or_none(row["line"])
    loc = Location(None if page is None else int(page), table, None if line is None else int(line))
    return Term(None if status == "unreadable" else amount, status, loc, label)


def r2(x: float) -> float:
    return round(x + 0.0, 2)


@dataclass
class Emitter:
    """Collects findings for one report; `not_checked` entries are grouped per rule and table."""

    findings: list[Finding] = field(default_factory=list)
    _skipped: dict[tuple[str, str], list[Location]] = field(default_factory=dict)
    # (family, table) → [identities that held, identities tested]: the reading confidence
    tally: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def _count(self, rule: str, where: Term, verdict: str | None) -> None:
        entry = self.tally.setdefault((RULES[rule].family, where.loc.table or ""), [0, 0])
        entry[0] += verdict in (None, INFO)
        entry[1] += 1

    def emit(self, rule: str, message: str, *, severity: str | None = None, expected: float | str | None = None,
             actual: float | str | None = None, locations: Iterable[Location] = ()) -> Finding:
        spec = RULES[rule]
        finding = Finding(rule, spec.family, severity or spec.severity, message, expected, actual, _dedupe(locations))
        self.findings.append(finding)
        return finding

    def not_checked(self, rule: str, reason: str, locations: Iterable[Location] = ()) -> None:
        """Grouped: several rows skipped for the same reason give one finding."""
        self._skipped.setdefault((rule, reason), []).extend(locations)

    def skip_absent(self, rule: str, terms: Iterable[Term]) -> bool:
        """A required row that was not read: the check is 未检查 (the row is not 0)."""
        absent = list(dict.fromkeys(t for t in terms if t.status == "absent"))
        if absent:
            names = "、".join(dict.fromkeys(t.label for t in absent))
            self.not_checked(rule, f"表中没有读到{names}行（缺行不按 0 计）", [t.loc for t in absent])
        return bool(absent)

    def sum_identity(self, rule: str, subject: str, total: Term, parts: list[Term], *, severity: str = ERROR) -> Finding | None:
        """total = Σ parts, judged against the rounding envelope of the printed terms."""
        if total.status == "missing" or self.skip_absent(rule, (total, *parts)):
            return None
        unreadable = [t for t in (total, *parts) if not t.readable]
        if unreadable:
            self.not_checked(rule, "有单元格无法识读", [t.loc for t in unreadable])
            return None
        if parts and all(t.status == "missing" for t in parts) and total.value != 0:
            self.not_checked(rule, "明细行未能识别（表格文字可能被拆散）", [total.loc])
            return None
        expected = sum(t.value for t in parts)
        printed = sum(1 for t in parts if t.printed)
        verdict = judge(expected, total.value, printed, severity=severity)
        self._count(rule, total, verdict)
        if verdict is None:
            return None
        locs = [total.loc] + [t.loc for t in parts if t.printed][:6]
        return self.emit(rule, describe_difference(subject, expected, total.value, verdict), severity=verdict,
                         expected=r2(expected), actual=r2(total.value), locations=locs)

    def same_value(self, rule: str, subject: str, left: Term, right: Term, *, severity: str = ERROR) -> Finding | None:
        """Two printed figures that must be equal (left is taken as the reference)."""
        if left.status == "missing" or right.status == "missing" or self.skip_absent(rule, (left, right)):
            return None
        if not (left.readable and right.readable):
            self.not_checked(rule, "有单元格无法识读", [t.loc for t in (left, right) if not t.readable])
            return None
        verdict = judge(left.value, right.value, 1, severity=severity)
        self._count(rule, right, verdict)
        if verdict is None:
            return None
        return self.emit(rule, describe_difference(subject, left.value, right.value, verdict), severity=verdict,
                         expected=r2(left.value), actual=r2(right.value), locations=[left.loc, right.loc])

    def at_most(self, rule: str, subject: str, part: Term, whole: Term, *, severity: str = ERROR) -> Finding | None:
        """part ≤ whole (outside rounding)."""
        if part.status == "missing" or whole.status == "missing" or self.skip_absent(rule, (part, whole)):
            return None
        if not (part.readable and whole.readable):
            return None
        if part.value <= whole.value + 1e-9:
            return None
        verdict = judge(whole.value, part.value, 1, severity=severity) or INFO
        message = (f"{subject}：{part.label} {part.value:,.2f} 万元超过了{whole.label} {whole.value:,.2f} 万元，"
                   "前者只是后者的一部分，不应更大。")
        if verdict == INFO:
            message = f"尾数差异：{message}"
        return self.emit(rule, message, severity=verdict, expected=r2(whole.value), actual=r2(part.value),
                         locations=[part.loc, whole.loc])

    def result(self) -> list[Finding]:
        skipped = [
            Finding(rule, RULES[rule].family, NOT_CHECKED, f"未检查：{reason}（{RULES[rule].title}）", None, None,
                    _dedupe(locs)[:10])
            for (rule, reason), locs in self._skipped.items()
        ]
        return self.findings + skipped


def _dedupe(locations: Iterable[Location]) -> tuple[Location, ...]:
    seen: dict[Location, None] = {}
    for loc in locations:
        if loc != Location():
            seen.setdefault(loc, None)
    return tuple(seen)
