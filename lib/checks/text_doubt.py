"""Doubt our reading of a narrative sentence before blaming the report for it.

A narrative 错误 compares a number we took out of a sentence with a table or with other
numbers of the text. Sentences are read by patterns, and real 情况说明 are worded in
ways we have not seen, so before such an 错误 stands each check asks whether another
reading of the same sentence would explain the difference:

- the table's figure is printed in the same sentence, not as a budget — we may have taken
  the wrong one of its numbers (a prior year's, another side's, a sub-item's);
- the stated figure is exactly the table figure of another subject or 三公 category the
  sentence's name could stand for — we may have matched the name to the wrong row;
- the section states more budgets than we read items — a statement we did not read
  explains a sum that falls short;
- a stated share fits another base the report may mean (本年收入 / 收入总计 …).

If so the finding is 读取存疑 with the reason, never 错误. A difference no other reading
explains stays the report's 错误 (the pinned corpus errors are of that kind).
"""

from __future__ import annotations

import re

from lib.checks.findings import Finding
from lib.checks.textnum import text_vs_table
from lib.narrative.numbers import AMOUNT, parse_amount
from lib.textnorm import nfkc

_AMOUNT = re.compile(AMOUNT)
# an amount printed right after one of these words is a budget (or a prior year's), not the
# 决算; right after a subject's name it is that subject's 决算 as the statement heads it (a
# statement that heads with one 决算 and states another contradicts itself: the report's)
_BUDGET_BEFORE = re.compile(r"(?:年初|全年|调整后?)?预算(?:数)?(?:为|是)?$|上年(?:决算)?数?(?:为)?$|[”\"]$|\((?:类|款|项)\)$")


def doubted(finding: Finding, reason: str) -> Finding:
    from lib.checks.doubt import doubted as mark

    return mark(finding, reason)


def printed_amounts(sentence: str) -> list[tuple[int, float, str]]:
    """(position, 万元, what precedes it) of every amount the sentence prints (years and
    percentages left out)."""
    text = re.sub(r"\s", "", nfkc(sentence or ""))
    found = []
    for match in _AMOUNT.finditer(text):
        token = match.group(0)
        if re.fullmatch(r"\d{4}", token) and text[match.end():match.end() + 1] == "年":
            continue
        parsed = parse_amount(token)
        if parsed is not None:
            found.append((match.start(), parsed.value, text[max(0, match.start() - 8):match.start()]))
    return found


# the named parts a total's sentence lists ("本年收入合计 A，其中：财政拨款收入 B"): a part's
# figure equal to the table's total does not make the stated total a misreading
_PART = re.compile(r"(?:财政拨款收入|上级补助收入|事业收入|经营收入|附属单位上缴收入|其他收入|基本支出|项目支出|人员经费"
                   r"|公用经费|上缴上级支出|经营支出|对附属单位补助支出)(?:为|是|共)?$")


def table_figure_in_sentence(sentence: str | None, stated: float, table: float) -> str | None:
    """The table's figure printed elsewhere in the sentence (not as a budget, nor as a part
    the sentence names)."""
    if not sentence:
        return None
    printed = printed_amounts(sentence)
    own = next((before for _, value, before in printed if abs(value - stated) < 0.0005), "")
    for _, value, before in printed:
        if abs(value - stated) < 0.0005 or _BUDGET_BEFORE.search(before):
            continue
        part = _PART.search(before)
        if part and part.group(0) not in own:
            continue
        if text_vs_table(value, table) is None and abs(table) >= 0.005:
            return (f"这句话里另印有 {value:,.2f} 万元，与表格一致，本工具可能取错了句中的数")
    return None


def unitless_in_yuan(sentence: str | None, stated: float, table: float) -> str | None:
    """The stated number printed without a unit is the table's figure in 元 (×10,000): the
    text's unit is 元 and we took it for 万元."""
    if not sentence or not table or abs(stated / 10000 - table) > 0.006 + abs(table) * 1e-6:
        return None
    text = re.sub(r"\s", "", nfkc(sentence))
    for match in re.finditer(r"\d[\d,]*(?:\.\d+)?", text):
        number = parse_amount(match.group(0))
        if number is not None and abs(number.value - stated) < 0.0005 and not re.match(r"亿元|万元|元", text[match.end():]):
            return "文字中的这个数没有写单位，按“元”换算后与表格一致"
    return None


def stated_is_another_row(stated: float, alternatives: dict[str, float]) -> str | None:
    """The stated figure is exactly another row's table figure (the name may mean that row)."""
    for label, value in alternatives.items():
        if abs(stated) >= 0.005 and text_vs_table(stated, value) is None:
            return f"文字中的 {stated:,.2f} 万元正是{label}的数，本工具可能把这句话对到了别的行"
    return None


def first_reason(*reasons: str | None) -> str | None:
    return next((reason for reason in reasons if reason), None)
