"""Declared contracts of the narrative-fact frames (column → dtype), enforced where built.

Amounts are 万元 (`converted` says the text printed 元/亿元); percents as printed; every
row carries `page`, `line` (of the sentence's first character) and the `sentence`.
"""

from __future__ import annotations

from lib.schemas import Schema, frame

_WHERE: Schema = {"page": "int64", "line": "int64", "sentence": "string"}

TOTALS: Schema = {  # 收支总计 / 收入合计 / 支出合计 / 财政拨款收支总计 / 一般公共预算财政拨款支出
    "item": "string", "label": "string", "value": "float64", "converted": "boolean",
    "prior_value": "float64", "prior_stated": "boolean", "change": "float64", "change_pct": "float64",
    "direction": "string", "reason": "string", **_WHERE,
}
SHARES: Schema = {  # 占…%: scope income / expense / gpb_class
    "scope": "string", "item": "string", "amount": "float64", "converted": "boolean",
    "share_pct": "float64", **_WHERE,
}
EXECUTION_OVERALL: Schema = {  # 一般公共预算财政拨款支出 年初预算 / 全年预算 / 决算 / 完成率
    "budget": "float64", "full_year_budget": "float64", "final": "float64", "rate": "float64",
    "rate_basis": "string", "direction": "string", "reason": "string", **_WHERE,
}
EXECUTION: Schema = {  # one row per item of 一般公共预算财政拨款支出决算具体情况
    "seq": "int64", "subject": "string", "level": "string", "class_name": "string", "kuan_name": "string",
    "subject_code": "string", "budget": "float64", "full_year_budget": "float64", "final": "float64",
    "rate": "float64", "rate_basis": "string", "direction": "string", "reason": "string", **_WHERE,
}
BASIC: Schema = {  # 基本支出 = 人员经费 + 公用经费, and their listed items (amount when printed)
    "group": "string", "item": "string", "amount": "float64", "converted": "boolean",
    "change": "float64", "change_pct": "float64", **_WHERE,
}
SANGONG: Schema = {  # category: total / abroad / vehicle / vehicle_purchase / vehicle_operation / reception
    "category": "string", "budget": "float64", "budget_kind": "string", "final": "float64", "rate": "float64",
    "change": "float64", "change_pct": "float64", "direction": "string", **_WHERE,
}
COUNTS: Schema = {  # 三公 counts: abroad_groups, abroad_persons, vehicles_purchased, vehicles_held, …
    "item": "string", "value": "float64", "unit": "string", **_WHERE,
}
OPERATIONS: Schema = {  # topic 机关运行经费 / 政府采购 / 国有资产 — long form
    "topic": "string", "item": "string", "value": "float64", "unit": "string", "converted": "boolean", **_WHERE,
}
PERFORMANCE: Schema = {  # 绩效: scope summary / overall / project — long form
    "scope": "string", "name": "string", "item": "string", "value": "float64", "unit": "string",
    "converted": "boolean", **_WHERE,
}

# NarrativeFacts field → its schema (the store keeps one typed table per frame)
FRAMES: dict[str, Schema] = {
    "totals": TOTALS, "shares": SHARES, "execution_overall": EXECUTION_OVERALL, "execution": EXECUTION,
    "basic": BASIC, "sangong": SANGONG, "sangong_counts": COUNTS, "operations": OPERATIONS, "performance": PERFORMANCE,
}

__all__ = ["FRAMES", "TOTALS", "SHARES", "EXECUTION_OVERALL", "EXECUTION", "BASIC", "SANGONG", "COUNTS",
           "OPERATIONS", "PERFORMANCE", "frame"]
