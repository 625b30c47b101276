"""Amounts, percentages and change phrases as the narrative prints them (after NFKC).

Amounts come as "205.23万元", "6,731,634.28元" or bare "8940.08"; 元 and 亿元 are converted
to 万元 and flagged, so a fact can say it was converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.textnorm import NUMBER
from lib.textnorm import parse_amount as parse_number
from lib.units import to_wan

NUM = NUMBER
# an amount: a number with an optional unit, never followed by % or more digits
AMOUNT = rf"(?:{NUM})(?:亿元|万元|元)?(?![\d%.])"
PCT = rf"(?:{NUM})%"
_AMOUNT_PARTS = re.compile(rf"({NUM})(亿元|万元|元)?")

# 增加/减少 amount, and 增长/下降 percent (template leftovers "增加(减少)" tolerated)
_UP = "增加|增长|上升|提高"
_DOWN = "减少|下降|降低"
CHANGE = re.compile(rf"(?:各|均)?({_UP}|{_DOWN})(?:\((?:{_UP}|{_DOWN})\))?(?:了)?({AMOUNT})")
CHANGE_PCT = re.compile(rf"({_UP}|{_DOWN})(?:\((?:{_UP}|{_DOWN})\))?(?:了)?({PCT})")
FLAT = re.compile(r"(?<![如作])持平(?!表述)|无变化|基本一致")  # not the template's "如持平作持平表述"
REASON = re.compile(r"(?:主要)?原因(?:是|为|主要是)?:?(.+)")


@dataclass(frozen=True)
class Amount:
    value: float  # in 万元
    converted: bool  # printed in 元 / 亿元 and converted


def parse_amount(text: str) -> Amount | None:
    """'205.23万元' → 205.23; '6,731,634.28元' → 673.163428 (converted)."""
    match = _AMOUNT_PARTS.search(text)
    if not match:
        return None
    unit = match.group(2)
    number = parse_number(match.group(1))
    if number is None:
        return None
    value = to_wan(number, unit)
    return Amount(round(value, 6), unit in ("元", "亿元"))


def parse_pct(text: str) -> float | None:
    match = re.search(NUM, text)
    return None if match is None else parse_number(match.group(0))


def sign_of(word: str) -> int:
    return -1 if re.fullmatch(_DOWN, word) else 1


@dataclass(frozen=True)
class Change:
    amount: float | None
    pct: float | None
    direction: str | None  # 增加 / 减少 / 持平
    end: int  # where the change phrase ends in the searched text
    converted: bool = False


def find_change(text: str) -> Change | None:
    """The first stated change in `text`: signed amount, signed percent, direction."""
    amount_match = CHANGE.search(text)
    pct_match = CHANGE_PCT.search(text)
    flat = FLAT.search(text)
    if amount_match is None and pct_match is None:
        if flat is None:
            return None
        return Change(0.0, None, "持平", flat.end())
    amount = pct = None
    converted = False
    words: list[str] = []
    end = 0
    if amount_match is not None:
        parsed = parse_amount(amount_match.group(2))
        if parsed is not None:
            amount = sign_of(amount_match.group(1)) * parsed.value
            converted = parsed.converted
        words.append(amount_match.group(1))
        end = amount_match.end()
    if pct_match is not None and (amount_match is None or pct_match.start() - amount_match.end() < 12):
        pct = sign_of(pct_match.group(1)) * (parse_pct(pct_match.group(2)) or 0.0)
        words.append(pct_match.group(1))
        end = max(end, pct_match.end())
    signed = amount if amount is not None else pct
    if signed is not None and signed == 0:
        direction = "持平"
    else:
        direction = "减少" if sign_of(words[0]) < 0 else "增加"
    return Change(amount, pct, direction, end, converted)


# a lead-in that ends a reason and introduces the list printed after it ("…调减。其中：" then 1、…)
_LEAD_IN = re.compile(r"[。;,]?\s*(?:其中|具体(?:情况)?(?:如下)?|主要(?:包括|有))\s*[:：]?\s*$")


def find_reason(text: str) -> str | None:
    """The stated reason, whole: every sentence of it, without a trailing lead-in to a list."""
    match = REASON.search(text)
    if not match:
        return None
    reason = _LEAD_IN.sub("", match.group(1).strip("。;,: ")).strip("。;,:")
    return reason or None
