"""绩效 statements: projects and funds evaluated, scores, per-project 全年预算/执行数/完成率
and the unit's overall (整体) budget execution, amounts in 元 converted to 万元.

Limitation: the annex self-evaluation tables are not read here (only sentences)."""

from __future__ import annotations

import re

from lib.narrative.numbers import AMOUNT, NUM, PCT, parse_amount, parse_pct
from lib.narrative.sentences import NarrativeText

_SECTION = re.compile(r"绩效")
# (scope, item, pattern, unit): one group each; '%' and '分' values are not amounts
_PATTERNS: tuple[tuple[str, str, str, str], ...] = (
    ("summary", "projects", r"(?:共涉及项目|自评的\d{4}年度项目)(\d+)个", "个"),
    ("summary", "funds", rf"(?:共涉及项目\d+个,(?:共涉及)?资金|共涉及资金|自评的\d{{4}}年度项目\d+个,涉及预算金额)({AMOUNT})", "万元"),
    ("summary", "average_score", rf"平均得分({NUM})分", "分"),
    ("overall", "score", rf"整体绩效自评得分(?:为)?({NUM})|^自评得分({NUM})", "分"),
    ("overall", "initial_budget", rf"年初预算数({AMOUNT})", "万元"),
    ("overall", "full_year_budget", rf"(?:单位|整体支出)?全年预算数(?:为)?({AMOUNT})(?!.*执行数)", "万元"),
    ("overall", "final", rf"实际支出({AMOUNT})", "万元"),
    ("overall", "rate", rf"预算执行率(?:为)?({PCT})", "%"),
)
_PROJECT = re.compile(rf"^(?:\d+[.、])?(.+?)(?:项目)?(?:绩效自评)?综述.*?全年预算数为({AMOUNT}),执行数为({AMOUNT}),完成预算的({PCT})")
_PROJECT_SCORE = re.compile(rf"项目自评得分为({NUM})分")


def _value(token: str, unit: str) -> tuple[float | None, bool]:
    if unit == "万元":
        amount = parse_amount(token)
        return (None, False) if amount is None else (amount.value, amount.converted)
    return parse_pct(token), False


def performance_records(text: NarrativeText) -> list[dict[str, object]]:
    span = text.section(_SECTION)
    if span is None:
        return []
    records: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()

    def add(scope: str, name: str | None, item: str, token: str, unit: str, start: int, sentence: str) -> None:
        value, converted = _value(token, unit)
        if value is None:
            return
        page, line = text.where(start)
        records.append({"scope": scope, "name": name, "item": item, "value": value,
                        "unit": "万元" if unit == "万元" else unit, "converted": converted,
                        "page": page, "line": line, "sentence": sentence})

    for block in text.blocks:
        if block.start < span[0] or block.start >= span[1]:
            continue
        body = text.text[block.start:block.end]
        project = _PROJECT.search(body)
        if project:
            name = project.group(1)
            for item, group, unit in (("full_year_budget", 2, "万元"), ("final", 3, "万元"), ("rate", 4, "%")):
                add("project", name, item, project.group(group), unit, block.start, body[:300])
            score = _PROJECT_SCORE.search(body)
            if score:
                add("project", name, "score", score.group(1), "分", block.start, body[:300])
            continue
        for sentence in text.sentences(block.start, block.end):
            for scope, item, pattern, unit in _PATTERNS:
                match = re.search(pattern, sentence.text)
                if match is None or (scope, item) in seen:
                    continue
                seen.add((scope, item))
                token = next(group for group in match.groups() if group is not None)
                add(scope, None, item, token, unit, sentence.start + match.start(), sentence.text)
    return records
