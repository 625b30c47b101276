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
# an amount: a number with an optional unit, never followed by % or more digits, nor a
# share's change in points ("比重上升2.10个百分点" is no amount)
AMOUNT = rf"(?:{NUM})(?:亿元|万元|元)?(?![\d%.])(?!个?百分点)"
PCT = rf"(?:{NUM})%"
_AMOUNT_PARTS = re.compile(rf"({NUM})(亿元|万元|元)?")

# 增加/减少 amount, and 增长/下降 percent (template leftovers "增加(减少)" tolerated)
_UP = "增加|增长|上升|提高"
_DOWN = "减少|下降|降低"
CHANGE = re.compile(rf"(?:各|均)?({_UP}|{_DOWN})(?:\((?:{_UP}|{_DOWN})\))?(?:了)?({AMOUNT})")
CHANGE_PCT = re.compile(rf"({_UP}|{_DOWN})(?:\((?:{_UP}|{_DOWN})\))?(?:了)?({PCT})")
FLAT = re.compile(r"(?<![如作])持平(?!表述)|无变化|基本一致")  # not the template's "如持平作持平表述"
REASON = re.compile(r"(?:主要)?原因(?:是|为|主要是)?:?(.+)")
# "各增加 C、D 万元", "各是 A、B 万元": a second figure right after the first (two sides stated at once)
_PAIRED = re.compile(rf"^[、,和及]({NUM})(亿元|万元|元|%)?")


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
    direction: str | None  # 增加 / 减少 / 持平 (None: a template's "增加(减少)" says neither)
    end: int  # where the change phrase ends in the searched text
    converted: bool = False


def paired(text: str, end: int, first: float, *, percent: bool = False) -> bool | None:
    """Whether the figure ending at `end` is the first of a pair ("各增加 C、D"): None when
    it is not, True when both are the same (one reading), False when they differ (the
    sentence states two sides; which one a label means is not ours to guess)."""
    match = _PAIRED.match(text[end:])
    if match is None or match.group(2) is None or (match.group(2) == "%") != percent:
        return None  # a bare number after a comma is no pair ("…万元,2024年度…")
    second = parse_number(match.group(1))
    if second is None:
        return None
    if not percent:
        unit = match.group(2) or re.search(r"(亿元|万元|元)?$", text[:end]).group(1)  # type: ignore[union-attr]
        second = to_wan(second, unit)
    return abs(abs(second) - abs(first)) < 1e-6


_LEFTOVER = re.compile(rf"(?:各|均)?(?:{_UP}|{_DOWN})\((?:{_UP}|{_DOWN})\)")


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
    unsure = False  # a template's "增加(减少)" left in: the word says nothing of the sign
    if amount_match is not None:
        parsed = parse_amount(amount_match.group(2))
        if parsed is not None and paired(text, amount_match.end(), parsed.value) is not False:
            if _LEFTOVER.match(amount_match.group(0)) and parsed.value > 0:
                unsure = True  # "增加(减少)12.5万元": which of the two is not said
            elif _LEFTOVER.match(amount_match.group(0)):
                amount = parsed.value  # 0, or a printed sign ("增加(减少)-12.5万元")
            elif parsed.value < 0 and sign_of(amount_match.group(1)) < 0:
                unsure = True  # "减少-12.5万元": a decrease, or the template's word over a printed sign?
            else:
                # "增加-12.5万元" (a spreadsheet's formula under the template's word): the sign is printed
                amount = sign_of(amount_match.group(1)) * parsed.value
            converted = parsed.converted
        words.append(amount_match.group(1))
        end = amount_match.end()
    gap = "" if amount_match is None or pct_match is None else _PAIRED.sub("", text[amount_match.end():pct_match.start()], 1)
    if pct_match is not None and (amount_match is None or (len(gap) < 12 and not re.search(r"\d", gap))):
        value = parse_pct(pct_match.group(2)) or 0.0
        if paired(text, pct_match.end(), value, percent=True) is not False:
            if value < 0 and sign_of(pct_match.group(1)) < 0 and not _LEFTOVER.match(pct_match.group(0)):
                unsure = True  # "下降-3.2%": as above
            elif not _LEFTOVER.match(pct_match.group(0)) or value <= 0:
                pct = (sign_of(pct_match.group(1)) if not _LEFTOVER.match(pct_match.group(0)) else 1) * value
            elif amount is not None and amount != 0 and not unsure:
                pct = (1 if amount > 0 else -1) * value  # "增加 C 万元，增长(下降) P%": the amount's word decides
            else:
                unsure = True
        words.append(pct_match.group(1))
        end = max(end, pct_match.end())
    signed = amount if amount is not None else pct
    if signed is not None and signed == 0:
        direction = "持平"
    elif unsure and (amount_match is None or not _LEFTOVER.match(amount_match.group(0))) \
            and (pct_match is None or not _LEFTOVER.match(pct_match.group(0))):
        direction = None  # "减少-12.5万元": which way is not said
    elif unsure or (amount_match is not None and _LEFTOVER.match(amount_match.group(0))):
        direction = None if signed is None or signed > 0 and unsure else ("减少" if signed < 0 else "增加")
    elif signed is not None and signed < 0 < sign_of(words[0]):
        direction = "减少"  # "增加-12.5万元": the printed sign says it
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
