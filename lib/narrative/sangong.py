"""三公 statements: budget, 决算, completion rate and year-on-year per category, and the
counts (出国团组/人次, 公务用车购置数/保有量, 接待批次/团组/人次).

The section is cut into clauses (at ；, 。 and 其中); each clause belongs to the category
it names first, and a category's fields are filled by the first clause stating them.
"""

from __future__ import annotations

import re

from lib.narrative.numbers import AMOUNT, PCT, find_change, parse_amount, parse_pct
from lib.narrative.sentences import NarrativeText

_SECTION = re.compile(r"三公")
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("vehicle_purchase", r"公务用车购置费|购置\(更新\)公务用车|公务用车购置\d"),
    ("vehicle_operation", r"公务用车运行(?:维护)?费|保有量"),
    ("vehicle", r"公务用车购置及运行(?:维护)?费?|公务用车"),
    ("abroad", r"因公出国\(境\)|出国\(境\)"),
    ("reception", r"公务接待|接待"),
    ("total", r"三公"),
)
_MEETINGS = re.compile(r"会议费|培训费")
_BUDGET = re.compile(rf"(年初|全年)?预算(?:数)?(?:为|是)?({AMOUNT})")
_FINAL = re.compile(rf"决算(?:数)?(?:为|是)?({AMOUNT})|费支出({AMOUNT})")
_RATE = re.compile(rf"完成(?:年初|全年)?预算(?:数)?的({PCT})")
_YOY = re.compile(r"上年|较\d{4}|比\d{4}|与\d{4}")
_SPLIT = re.compile(r"[;。]|其中:?")
_COUNTS: tuple[tuple[str, str, str, str], ...] = (  # item, category, pattern, unit
    ("abroad_groups", "abroad", r"团组(?:数)?(\d+)个|(\d+)个团组", "个"),
    ("abroad_persons", "abroad", r"(?:团组(?:数)?\d+个|\d+个团组)[,、]?(?:累计)?(\d+)人|累计(\d+)人", "人次"),
    ("vehicles_purchased", "vehicle_purchase", r"购置(?:\(更新\))?(?:公务用车)?(\d+)辆", "辆"),
    ("vehicles_held", "vehicle_operation", r"保有量(?:为)?(\d+)辆", "辆"),
    ("reception_batches", "reception", r"(\d+)批次", "批次"),
    ("reception_groups", "reception", r"团组(\d+)个", "个"),
    ("reception_persons", "reception", r"(?:批次|团组\d+个)[,、]?(\d+)人", "人次"),
)


def _clauses(text: NarrativeText) -> list[tuple[str, str, int, bool]]:
    """(category, clause, start offset, year-on-year sentence) of every clause of the
    三公 section; a clause naming no category continues the one before it."""
    span = text.section(_SECTION)
    if span is None:
        return []
    clauses = []
    category: str | None = None
    yoy = False
    for sentence in text.sentences(*span):
        # "其中：…持平" continues the year-on-year sentence before it
        yoy = bool(_YOY.search(sentence.text)) or (yoy and sentence.text.startswith("其中"))
        position = 0
        for piece in _SPLIT.split(sentence.text):
            offset = sentence.text.find(piece, position)
            position = offset + len(piece)
            for start, named, part in _by_category(piece):
                category = named or category
                if _MEETINGS.search(part):
                    category = "meetings"  # "“三公”经费及会议费、培训费…" is a larger total: none of ours
                if part and category is not None:
                    clauses.append((category, part, sentence.start + offset + start, yoy))
    return clauses


def _by_category(piece: str) -> list[tuple[int, str | None, str]]:
    """The piece cut before each category it names after another ("…因公出国(境)费支出 0 万元,
    公务用车购置及运行维护费支出 13.46 万元…" is two clauses, not one): (offset, category
    named first in the part or None, part)."""
    mentions = sorted((m.start(), order, m.end(), name) for order, (name, pattern) in enumerate(CATEGORIES)
                      for m in re.finditer(pattern, piece))
    chosen: list[tuple[int, str]] = []
    reach = -1
    for start, _, end, name in mentions:
        if start >= reach:
            chosen.append((start, name))
            reach = end
    cuts = [0] + [start for index, (start, name) in enumerate(chosen) if index and name != chosen[index - 1][1]]
    parts = []
    for index, cut in enumerate(cuts):
        end = cuts[index + 1] if index + 1 < len(cuts) else len(piece)
        named = next((name for start, name in chosen if cut <= start < end), None)
        parts.append((cut, named, piece[cut:end]))
    return parts


def _value(match: re.Match[str] | None) -> float | None:
    if match is None:
        return None
    token = next(group for group in match.groups()[::-1] if group is not None)
    parsed = parse_amount(token)
    return None if parsed is None else parsed.value


def sangong_records(text: NarrativeText) -> list[dict[str, object]]:
    """One record per 三公 category the section states figures for."""
    records: dict[str, dict[str, object]] = {}
    for category, clause, start, yoy in _clauses(text):
        budget = _BUDGET.search(clause)
        rate = _RATE.search(clause)
        change = find_change(clause) if yoy else None
        found = {
            "budget": _value(budget) if budget else None,
            "budget_kind": (budget.group(1) or "") + "预算" if budget else None,
            "final": _value(_FINAL.search(clause)),
            "rate": None if rate is None else parse_pct(rate.group(1)),
            "change": None if change is None else change.amount,
            "change_pct": None if change is None else change.pct,
            "direction": None if change is None else change.direction,
        }
        if all(value is None for value in found.values()) or category == "meetings":
            continue
        if category not in records:
            page, line = text.where(start)
            records[category] = {"category": category, **{k: None for k in found},
                                 "page": page, "line": line, "sentence": clause}
        record = records[category]
        for key, value in found.items():
            if record[key] is None and value is not None:
                record[key] = value
    order = [name for name, _ in CATEGORIES]
    return sorted(records.values(), key=lambda r: ("total", *order).index(str(r["category"])))


def sangong_count_records(text: NarrativeText) -> list[dict[str, object]]:
    """Counts stated in the 三公 section (first statement of each count wins)."""
    records: dict[str, dict[str, object]] = {}
    for category, clause, start, _ in _clauses(text):
        for item, wanted, pattern, unit in _COUNTS:
            if item in records or (wanted != category and not (wanted.startswith("vehicle") and "vehicle" in category)):
                continue
            match = re.search(pattern, clause)
            if match is None:
                continue
            number = next(group for group in match.groups() if group is not None)
            page, line = text.where(start + match.start())
            records[item] = {"item": item, "value": float(number), "unit": unit,
                             "page": page, "line": line, "sentence": clause}
    return list(records.values())
