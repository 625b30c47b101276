"""Chinese words for the keys the analysis uses internally, so nothing internal reaches a
reader: 三公 categories, 绩效 items and scopes, check families, table ids.

`message` also cleans findings stored by an earlier version of the checks, which put a
category key into a sentence ("abroad完成预算"): a library keeps its findings across
upgrades until the report is read again.
"""

from __future__ import annotations

import re

from lib.checks.rules import FAMILIES
from lib.values import number_or_none

SANGONG = {
    "total": "三公经费", "abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费",
}
PERFORMANCE_SCOPES = {"summary": "项目自评汇总", "overall": "部门整体", "project": "项目", "split": "支出构成"}
PERFORMANCE_ITEMS = {
    "projects": "项目个数", "funds": "涉及资金", "average_score": "平均得分", "score": "自评得分",
    "initial_budget": "年初预算数", "full_year_budget": "全年预算数", "final": "执行数（实际支出）",
    "rate": "预算执行率", "expense_total": "部门决算支出", "basic": "基本支出", "project": "项目支出",
    "personnel": "人员经费", "public": "公用经费", "wages": "工资福利支出", "goods_services": "商品和服务支出",
    "household": "对个人和家庭的补助",
}
OTHER = "其他"
AMOUNT = "金额（万元）"  # the amount column of every display frame and chart
_KEY_IN_TEXT = re.compile(r"(?<![A-Za-z_])(" + "|".join(sorted(SANGONG, key=len, reverse=True)) + r")(?=[^\x00-\x7f]|$)")
_TABLE = re.compile(r"t(\d)")


def family(key: object) -> str:
    return FAMILIES.get(str(key), OTHER)


def table(key: object) -> str:
    """'t4' → '表4', 'text' → '情况说明'; '' for anything else."""
    text = str(key or "")
    if _TABLE.fullmatch(text):
        return f"表{text[1:]}"
    if text == "perf":
        return "绩效自评表"
    return "情况说明" if text in ("text", "narrative") else ""


def performance_item(key: object) -> str:
    return PERFORMANCE_ITEMS.get(str(key), OTHER)


def performance_scope(key: object) -> str:
    return PERFORMANCE_SCOPES.get(str(key), OTHER)


def message(text: object) -> str:
    """A finding's message with any stray 三公 category key replaced by its Chinese name."""
    return _KEY_IN_TEXT.sub(lambda m: SANGONG[m.group(1)], str(text or ""))


def money(value: object) -> str:
    """万元 as text: thousands separators, two decimals (zero is 0.00), '—' when missing."""
    number = number_or_none(value)
    return "—" if number is None else f"{number:,.2f}"


def percent(value: object) -> str:
    """A rate or share as text: '96.35%', '—' when missing."""
    number = number_or_none(value)
    return "—" if number is None else f"{number:,.2f}%"


# display columns that hold whole numbers (a place, a year, a rank, a count), not amounts
WHOLE_COLUMNS = frozenset({"页", "行", "年度", "序号", "排名", "从", "到", "最早年度", "最晚年度", "报告数", "部门数"})


def column_format(header: object) -> str:
    """The printf format of a numeric display column, from its header: whole numbers for
    places, years and counts ('（条）'); a % sign for rates (a header with %); else 万元 and
    other amounts to 0.01 with thousands separators, so zero always reads 0.00."""
    name = str(header)
    if name in WHOLE_COLUMNS or name.endswith(("（条）", "（个）", "（张）")):
        return "%d"
    if "%" in name:
        return "%,.2f%%"
    return "%,.2f"
