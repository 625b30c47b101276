"""Shares (占…%), the 基本支出 split, 机关运行经费, 政府采购 and 国有资产 as stated.

Each finder reads one section (found by its heading) and returns plain records; the
patterns are anchored on the words that name a figure, so a number never stands alone.
"""

from __future__ import annotations

import re

from lib.narrative.numbers import AMOUNT, PCT, find_change, parse_amount, parse_pct
from lib.narrative.sentences import NarrativeText, Sentence

_CJK_RUN = r"([\u4e00-\u9fff()“”]+)"
_SHARE = re.compile(rf"{_CJK_RUN}({AMOUNT}),?(?:占[\u4e00-\u9fff]*?的?|占比)({PCT})")
_LABEL_PREFIX = re.compile(r"^.*(?:划分为|用于|方面|其中|分别为)|^(?:为|是)")
_SHARE_SECTIONS = (("income", r"收入决算情况", "top"),
                   ("expense", r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))支出决算情况", "top"),
                   ("gpb_class", r"支出决算结构情况", "sub"))


def _section(text: NarrativeText, heading: str, level: str = "top") -> tuple[int, int] | None:
    pattern = re.compile(heading)
    return text.section(pattern, level) or (text.section(pattern, "sub") if level == "top" else None)


def _where(sentence: Sentence, text: NarrativeText, index: int) -> dict[str, object]:
    page, line = text.where(sentence.start + index)
    return {"page": page, "line": line, "sentence": sentence.text}


def share_records(text: NarrativeText) -> list[dict[str, object]]:
    """Income by source, 基本/项目 支出 and each 类 with the share the text states."""
    records: list[dict[str, object]] = []
    for scope, heading, level in _SHARE_SECTIONS:
        span = _section(text, heading, level)
        if span is None:
            continue
        for sentence in text.sentences(*span):
            for match in _SHARE.finditer(sentence.text):
                item = re.sub(r"\((?:类|款|项)\)?", "", _LABEL_PREFIX.sub("", match.group(1).replace("“", "").replace("”", ""))).strip("()")
                amount = parse_amount(match.group(2))
                if not item or amount is None:
                    continue
                records.append({"scope": scope, "item": item, "amount": amount.value, "converted": amount.converted,
                                "share_pct": parse_pct(match.group(3)), **_where(sentence, text, match.start())})
    return records


_GROUP = re.compile(rf"(基本支出|人员经费|公用经费)(?:支出)?(?:为)?({AMOUNT})")
_LISTED = re.compile(r"主要包括:?([^。;]+)")
_LISTED_ITEM = re.compile(rf"^([\u4e00-\u9fff()]+?)({AMOUNT})?$")


def basic_records(text: NarrativeText) -> list[dict[str, object]]:
    """基本支出 and its 人员经费 / 公用经费 (with any stated change), then their listed items."""
    span = _section(text, r"基本支出决算情况")
    if span is None:
        return []
    records: list[dict[str, object]] = []
    seen: set[str] = set()
    for sentence in text.sentences(*span):
        for clause_start, clause in _clauses(sentence.text):
            match = _GROUP.search(clause)
            if match is None or match.group(1) in seen:
                continue
            group = match.group(1)
            seen.add(group)
            amount = parse_amount(match.group(2))
            change = find_change(clause[match.end():])
            where = _where(sentence, text, clause_start + match.start())
            records.append({"group": group, "item": None, "amount": amount.value if amount else None,
                            "converted": amount.converted if amount else None,
                            "change": change.amount if change else None, "change_pct": change.pct if change else None,
                            **where})
            listed = _LISTED.search(clause)
            for part in re.split(r"[、,]", listed.group(1)) if listed else []:
                item = _LISTED_ITEM.match(part.strip())
                if item is None:
                    continue
                value = parse_amount(item.group(2)) if item.group(2) else None
                records.append({"group": group, "item": item.group(1), "amount": value.value if value else None,
                                "converted": value.converted if value else None, "change": None,
                                "change_pct": None, **where})
    return records


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """Split a sentence before each 人员经费/公用经费 so each group keeps its own list."""
    cuts = [0] + [m.start() for m in re.finditer(r"(?:其中:?)?(?:人员经费|公用经费)", sentence) if m.start() > 0]
    cuts.append(len(sentence))
    return [(cuts[i], sentence[cuts[i]:cuts[i + 1]]) for i in range(len(cuts) - 1) if cuts[i + 1] > cuts[i]]


# topic → (heading, [(item, pattern with one amount/count group, unit)])
_OPERATIONS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "机关运行经费": (r"机关运行经费", [
        ("amount", rf"机关运行经费(?:支出)?(?:为)?({AMOUNT})", "万元"),
        ("budget", rf"年初预算数?({AMOUNT})", "万元"),
        ("prior", rf"比上年决算数({AMOUNT})", "万元"),
    ]),
    "政府采购": (r"政府采购", [
        ("total", rf"政府采购(?:支出总额|金额)(?:\(以合同签订为准\))?(?:为)?({AMOUNT})", "万元"),
        ("goods", rf"货物(?:采购金额|支出)({AMOUNT})", "万元"),
        ("works", rf"工程(?:采购金额|支出)({AMOUNT})", "万元"),
        ("services", rf"服务(?:采购金额|支出)({AMOUNT})", "万元"),
        ("sme", rf"授予中小企业合同金额({AMOUNT})", "万元"),
        ("small_micro", rf"授予小微企业合同金额({AMOUNT})", "万元"),
        ("sme_reserved", rf"面向中小企业预留政府采购项目预算金额({AMOUNT})", "万元"),
        ("small_micro_reserved", rf"面向小微企业预留政府采购项目预算金额({AMOUNT})", "万元"),
    ]),
    "国有资产": (r"国有资产", [
        ("vehicles", r"共有车辆(\d+)辆", "辆"),
        ("equipment_over_1m", r"单价100万元(?:\(含\))?以上(?:的)?设备(?:\(不含车辆\))?(\d+)台", "台(套)"),
    ]),
}
_VEHICLE_TYPE = re.compile(r"([\u4e00-\u9fff()]+?用车)(\d+)辆")


def operation_records(text: NarrativeText) -> list[dict[str, object]]:
    """机关运行经费 (amount, change), 政府采购 (total, 货物/工程/服务, 中小/小微) and 国有资产
    (vehicles in all and by type, equipment ≥ 100 万元), first statement of each item."""
    records: list[dict[str, object]] = []
    for topic, (heading, patterns) in _OPERATIONS.items():
        span = _section(text, heading)
        if span is None:
            continue
        seen: set[str] = set()
        for sentence in text.sentences(*span):
            for item, pattern, unit in patterns:
                match = re.search(pattern, sentence.text)
                if item in seen or match is None:
                    continue
                seen.add(item)
                amount = parse_amount(match.group(1))
                if amount is None:
                    continue
                records.append({"topic": topic, "item": item, "value": amount.value, "unit": "万元" if unit == "万元" else unit,
                                "converted": amount.converted, **_where(sentence, text, match.start())})
                if topic == "机关运行经费" and item == "amount":
                    # a change against the year before, not against the budget ("与年初预算数持平；
                    # 比上年决算数 73.17 万元减少 9.78 万元")
                    change = next((find_change(part) for part in re.split(r"[;。]", sentence.text[match.end():])
                                   if re.search(r"上年|\d{4}年|同比", part) and "预算" not in part), None)
                    for key, value in (("change", change and change.amount), ("change_pct", change and change.pct)):
                        if value is not None:
                            records.append({"topic": topic, "item": key, "value": value,
                                            "unit": "万元" if key == "change" else "%", "converted": False,
                                            **_where(sentence, text, match.start())})
            if topic == "国有资产":
                for match in _VEHICLE_TYPE.finditer(sentence.text):
                    name = re.sub(r"^(?:其中|其他用车主要是.*)?[,、]?", "", match.group(1))
                    records.append({"topic": topic, "item": f"vehicles:{name}", "value": float(match.group(2)),
                                    "unit": "辆", "converted": False, **_where(sentence, text, match.start())})
    return records
