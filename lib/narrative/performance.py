"""绩效 statements: projects and funds evaluated, scores, per-project 全年预算/执行数/完成率
the unit's overall (整体) budget execution, and the spending split the section states
(基本/项目, 人员/公用, economic classes), amounts in 元 converted to 万元.

Limitation: the annex self-evaluation tables are not read here (only sentences)."""

from __future__ import annotations

import re
from typing import Any

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
# Spending split as the 绩效 text states it (often in 元); every statement is kept, since
# a section may state the same item twice with different amounts. Only amounts with a
# unit, in sentences about the final accounts: a budget sentence (预算 without 决算) or a
# clause about a change (增加/减少…) restates other figures.
_UNIT_AMOUNT = rf"(?:{NUM})(?:亿元|万元|元)(?![\d%.])"
_SPLIT: tuple[tuple[str, str], ...] = (
    ("expense_total", rf"部门决算支出({_UNIT_AMOUNT})"),
    ("basic", rf"基本支出({_UNIT_AMOUNT})"),
    ("project", rf"项目支出({_UNIT_AMOUNT})"),
    ("personnel", rf"人员经费(?:支出)?({_UNIT_AMOUNT})"),
    ("public", rf"公用经费(?:支出)?({_UNIT_AMOUNT})"),
    ("wages", rf"工资福利支出({_UNIT_AMOUNT})"),
    ("goods_services", rf"商品和服务支出({_UNIT_AMOUNT})"),
    ("household", rf"对个人和家庭(?:的)?补助(?:支出)?({_UNIT_AMOUNT})"),
)
_CHANGE_WORDS = re.compile(r"增加|减少|增长|下降|降低|比上年|较上年")
_CLAUSE_BREAK = re.compile(r"[,;，；。]")


def _is_budget_text(text: str) -> bool:
    return "预算" in text and "决算" not in text


def _split_statements(sentence: str) -> list[tuple[str, re.Match[str]]]:
    found = []
    for item, pattern in _SPLIT:
        for match in re.finditer(pattern, sentence):
            clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, match.start())), default=0)
            if not _CHANGE_WORDS.search(sentence, clause_start, match.start()):
                found.append((item, match))
    return found


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

    budget_heading = False  # under a heading or numbered item about the budget

    def add_splits(sentences: list[Any]) -> None:
        """Skip budget statements: a sentence about 预算 (not 决算), its continuation
        ('…预算84.37万元。其中：基本支出…'), and everything under a budget heading."""
        previous_budget = False
        for sentence in sentences:
            budget = _is_budget_text(sentence.text) or (previous_budget and sentence.text.startswith(("其中", "主要")))
            if not (budget_heading or budget):
                for item, match in _split_statements(sentence.text):
                    add("split", None, item, match.group(1), "万元", sentence.start + match.start(), sentence.text)
            previous_budget = budget

    for block in text.blocks:
        if block.start < span[0]:
            continue
        body = text.text[block.start:block.end]
        if block.kind != "text":
            budget_heading = _is_budget_text(body[:40])
        sentences = list(text.sentences(block.start, block.end))
        if block.start >= span[1]:  # annexes (整体支出绩效自评报告) restate the split too
            add_splits(sentences)
            continue
        project = _PROJECT.search(body)
        if project:
            name = project.group(1)
            for item, group, unit in (("full_year_budget", 2, "万元"), ("final", 3, "万元"), ("rate", 4, "%")):
                add("project", name, item, project.group(group), unit, block.start, body[:300])
            score = _PROJECT_SCORE.search(body)
            if score:
                add("project", name, "score", score.group(1), "分", block.start, body[:300])
            continue
        add_splits(sentences)
        for sentence in sentences:
            # a project's own 预算/实际支出 ("XX项目年初预算30万元，实际支出28.5万元") is no
            # statement of the unit's overall execution
            project_only = "项目" in sentence.text and not re.search(r"整体|单位全年|部门全年", sentence.text)
            for scope, item, pattern, unit in _PATTERNS:
                match = re.search(pattern, sentence.text)
                if match is None or (scope, item) in seen or (scope == "overall" and project_only):
                    continue
                seen.add((scope, item))
                token = next(group for group in match.groups() if group is not None)
                add(scope, None, item, token, unit, sentence.start + match.start(), sentence.text)
    return records
