"""Budget execution (一般公共预算财政拨款支出决算具体情况): the overall 年初预算/全年预算/
决算/完成率 and one record per listed subject, matched to its 表5 code when the names allow."""

from __future__ import annotations

import re

import pandas as pd

from lib.narrative.numbers import AMOUNT, PCT, find_reason, parse_amount, parse_pct
from lib.narrative.sentences import NarrativeText

_SECTION = re.compile(r"财政拨款支出决算具体情况")
_BUDGET = re.compile(rf"年初预算(?:数)?(?:为|是)?({AMOUNT})")
_FULL_YEAR = re.compile(rf"全年预算(?:数)?(?:为|是)?({AMOUNT})")
_FINAL = re.compile(rf"(?:支出)?决算(?:数)?(?:为|是)({AMOUNT})|支出决算(?:数)?({AMOUNT})")
_RATE = re.compile(rf"完成(年初|全年)?预算(?:数)?的({PCT})")
_DIRECTION = re.compile(r"决算数?(大于|小于|等于|与)(?:全年|年初)?预算数?(?:基本)?(持平|一致|相等)?")
_LEVELLED = re.compile(r"([^()。,:;]+?)\((类|款|项)\)")
_NUMBERING = re.compile(r"^(?:\d{1,2}[.、]|\(\d{1,2}\))")
_LEVEL_OF = {3: "类", 5: "款", 7: "项"}


def _amount(pattern: re.Pattern[str], text: str) -> float | None:
    match = pattern.search(text)
    if not match:
        return None
    token = next(group for group in match.groups() if group is not None)
    parsed = parse_amount(token)
    return None if parsed is None else parsed.value


def _measures(text: str) -> dict[str, object]:
    rate = _RATE.search(text)
    direction = _DIRECTION.search(text)
    word = None
    reason = None
    if direction:
        word = direction.group(1)
        if word == "与":
            word = "持平" if direction.group(2) in ("持平", None) else "等于"
        reason = find_reason(text[direction.end():])
    return {
        "budget": _amount(_BUDGET, text), "full_year_budget": _amount(_FULL_YEAR, text),
        "final": _amount(_FINAL, text),
        "rate": None if rate is None else parse_pct(rate.group(2)),
        "rate_basis": None if rate is None else f"{rate.group(1) or ''}预算",
        "direction": word, "reason": reason,
    }


def _span(text: NarrativeText) -> tuple[int, int]:
    span = text.section(_SECTION, level="sub")
    return span if span is not None else (0, len(text.text))


def overall_execution(text: NarrativeText) -> list[dict[str, object]]:
    """The overall statement: the first sentence of the section with 年初预算 and 决算."""
    start, end = _span(text)
    items = text.item_blocks(start, end)
    stop = items[0].start if items else end
    for sentence in text.sentences(start, stop):
        if _BUDGET.search(sentence.text) or _FULL_YEAR.search(sentence.text):
            following = text.text[sentence.start:stop]
            record = _measures(sentence.text)
            if record["direction"] is None:
                extra = _measures(following)
                record["direction"], record["reason"] = extra["direction"], extra["reason"]
            if record["budget"] is None and record["final"] is None:
                continue
            record.update(page=sentence.page, line=sentence.line, sentence=sentence.text)
            return [record]
    return []


def _subject(head: str) -> tuple[str, str | None, str | None, str | None]:
    """(subject, level, class_name, kuan_name) from an item's opening words."""
    named = {level: name.strip() for name, level in _LEVELLED.findall(head)}
    for level in ("项", "款", "类"):
        if level in named:
            return named[level], level, named.get("类"), named.get("款")
    bare = re.split(r"年初预算|全年预算|支出决算|[。,:]", head)[0]
    return bare, None, None, None


def _norm(name: str | None) -> str:
    return re.sub(r"[\s()（）]|支出$", "", name or "")


def _match_code(subjects: pd.DataFrame, name: str, level: str | None,
                class_name: str | None, kuan_name: str | None) -> tuple[str | None, str | None]:
    """The 表5 (else 表3) code of a named subject; None when absent or ambiguous."""
    for table in ("t5", "t3"):
        rows = subjects[subjects["table"] == table][["subject_code", "subject_name"]].drop_duplicates()
        if rows.empty:
            continue
        names = {str(code): _norm(str(label)) for code, label in zip(rows["subject_code"], rows["subject_name"])}
        codes = [code for code, label in names.items() if label == _norm(name)]
        if level is not None:
            codes = [code for code in codes if _LEVEL_OF.get(len(code)) == level] or codes
        if len(codes) > 1 and kuan_name:
            codes = [code for code in codes if names.get(code[:5]) == _norm(kuan_name)] or codes
        if len(codes) > 1 and class_name:
            codes = [code for code in codes if names.get(code[:3]) == _norm(class_name)] or codes
        if len(codes) == 1:
            return codes[0], _LEVEL_OF.get(len(codes[0]))
    return None, level


def execution_records(text: NarrativeText, subjects: pd.DataFrame) -> list[dict[str, object]]:
    """One record per numbered item that states a budget or a 决算 for a subject."""
    start, end = _span(text)
    records: list[dict[str, object]] = []
    for block in text.item_blocks(start, end):
        body = _NUMBERING.sub("", text.text[block.start:block.end])
        measures = _measures(body)
        if measures["final"] is None or (measures["budget"] is None and measures["full_year_budget"] is None):
            continue
        subject, level, class_name, kuan_name = _subject(body)
        code, level = _match_code(subjects, subject, level, class_name, kuan_name)
        page, line = text.where(block.start)
        records.append({
            "seq": len(records) + 1, "subject": subject, "level": level, "class_name": class_name,
            "kuan_name": kuan_name, "subject_code": code, **measures,
            "page": page, "line": line, "sentence": text.text[block.start:block.end],
        })
    return records
