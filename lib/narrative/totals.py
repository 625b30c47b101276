"""Totals and year-on-year statements: 收支总计, 收入合计, 支出合计, 财政拨款收支总计,
一般公共预算财政拨款支出 — this year's value, the stated change and reason, and the prior
year (printed, or derived from the change)."""

from __future__ import annotations

import re

from lib.narrative.numbers import AMOUNT, Change, find_change, find_reason, paired, parse_amount
from lib.narrative.sentences import NarrativeText, Sentence

# item → (label shown, label regex, heading of the section it is stated in)
TOTAL_ITEMS: dict[str, tuple[str, str, str]] = {
    # 收、支总计 / 收支总计 / 收入支出总计 / 收入、支出决算总计 / 收支决算总计, or 收入总计
    "total": ("收支总计", r"(?<!财政拨款)(?:收入?、?支出?(?:决算)?总计|收入总计)", r"收入支出决算总体情况"),
    "income_total": ("收入合计", r"收入合计", r"收入决算情况"),
    "expense_total": ("支出合计", r"支出合计", r"支出决算情况"),
    "fiscal_total": ("财政拨款收支总计", r"财政拨款(?:收入?、?支出?(?:决算)?总计|收支总决算|收入总计)",
                     r"财政拨款收入支出决算总体情况"),
    "gpb_expense": ("一般公共预算财政拨款支出", r"(?<!基金预算)(?<!经营预算)(?<!经费)(?<!基本)"
                    r"(?:一般公共预算)?财政拨款支出", r"一般公共预算财政拨款支出决算情况"),
}
_PRIOR = re.compile(rf"(?:与|比)(?:\d{{4}}年度?|上年度?)(?:决算数?)?({AMOUNT})(?:相比)?")
_COMPARED = re.compile(r"相比|较上年|比上年|比\d{4}年|同比")


def _statement(text: NarrativeText, label: str, span: tuple[int, int]) -> tuple[list[Sentence], re.Match[str]] | None:
    pattern = re.compile(rf"(?:{label})(?:决算数?|总计|合计)?(?:均为|均是|分别为|分别是|各为|各是|为|是|共)?({AMOUNT})")
    sentences = list(text.sentences(*span))
    candidates = []
    for index, sentence in enumerate(sentences):
        match = next((m for m in pattern.finditer(sentence.text) if not _prior_clause(sentence.text, m.start())), None)
        if match is None:
            continue
        first = parse_amount(match.group(1))
        if first is None or paired(sentence.text, match.end(), first.value) is False:
            continue  # "收、支总计各是 A、B": two different figures under one label
        group = [sentence]
        rest = sentence.text[match.end():]
        if find_change(rest) is None and index + 1 < len(sentences):
            following = sentences[index + 1]
            if _COMPARED.search(following.text) and find_change(following.text) is not None:
                group.append(following)
        candidates.append((group, match))
    if not candidates:
        return None
    # prefer the statement that carries a year-on-year change
    for group, match in candidates:
        if find_change(group[0].text[match.end():]) or len(group) > 1:
            return group, match
    return candidates[0]


_YEAR = re.compile(r"(\d{4})年")
_PRIOR_WORD = re.compile(r"上年|上一年|去年|上年度")


def _prior_clause(sentence: str, at: int) -> bool:
    """Whether the label at `at` states the prior year's figure: its clause names 上年 or a
    year earlier than another year the sentence names ("2023年度收、支总计A，2024年度…")."""
    clause = re.split(r"[,;，；]", sentence[:at])[-1]
    if _PRIOR_WORD.search(clause) and not re.search(r"(?:与|比|较)(?:上年|上一年|去年)", clause):
        return True
    years = [int(y) for y in _YEAR.findall(sentence)]
    stated = [int(y) for y in _YEAR.findall(clause)]
    return bool(stated) and stated[-1] < max(years)


def _reason(group: list[Sentence], offset: int, sentences_after: list[Sentence]) -> str | None:
    text = group[-1].text[offset:] if len(group) == 1 else group[-1].text
    reason = find_reason(text)
    if reason is None and sentences_after and re.match(r"(?:主要)?原因", sentences_after[0].text):
        reason = find_reason(sentences_after[0].text)
    return reason


def total_records(text: NarrativeText) -> list[dict[str, object]]:
    """One record per total item the narrative states (absent items give no record)."""
    records: list[dict[str, object]] = []
    for item, (label_text, label, heading) in TOTAL_ITEMS.items():
        span = text.section(re.compile(heading)) or (0, len(text.text))
        found = _statement(text, label, span) or _statement(text, label, (0, len(text.text)))
        if found is None:
            continue
        group, match = found
        value = parse_amount(match.group(1))
        if value is None:
            continue
        after_label = group[0].text[match.end():] if len(group) == 1 else group[-1].text
        change = _own_change(after_label)
        prior_match = _PRIOR.search(" ".join(s.text for s in group))
        prior = parse_amount(prior_match.group(1)) if prior_match else None
        prior_value = prior.value if prior else None
        prior_stated = prior is not None
        if prior_value is None and change is not None and change.amount is not None:
            prior_value = round(value.value - change.amount, 2)
        last = group[-1]
        offset = match.end() + (change.end if change and len(group) == 1 else 0)
        later = [s for s in text.sentences(last.start + len(last.text), min(len(text.text), last.start + len(last.text) + 400))]
        records.append({
            "item": item, "label": label_text, "value": value.value, "converted": value.converted,
            "prior_value": prior_value, "prior_stated": prior_stated,
            "change": None if change is None else change.amount,
            "change_pct": None if change is None else change.pct,
            "direction": None if change is None else change.direction,
            "reason": _reason(group, offset, later[:1]),
            "page": group[0].page, "line": group[0].line, "sentence": "".join(s.text for s in group),
        })
    return records


_AMOUNT_TOKEN = re.compile(AMOUNT)
_CHANGE_WORD = re.compile(r"(?:各|均)?(?:增加|增长|上升|提高|减少|下降|降低|持平|无变化|基本一致)")


def _own_change(rest: str) -> Change | None:
    """The change stated for the figure just read: none when another figure (an item
    "其中：财政拨款收入 A 万元，比上年增加 C") comes between the figure and the change word."""
    change = find_change(rest)
    if change is None:
        return None
    word = _CHANGE_WORD.search(rest)
    before = rest[:word.start()] if word else rest
    priors = [m.span(1) for m in _PRIOR.finditer(before)]
    for amount in _AMOUNT_TOKEN.finditer(before):
        if re.fullmatch(r"\d{4}", amount.group(0)) and before[amount.end():amount.end() + 1] == "年":
            continue  # a year
        if not any(lo <= amount.start() < hi for lo, hi in priors):
            return None
    if "其中" in before or re.search(r"(?:年初|全年|调整后?)预算|预算数", before):
        return None  # a sub-item's change, or one against the budget ("比年初预算增加"), not the year's
    return change


_EXPENSE_TOTAL = re.compile(rf"支出总计(?:决算数?)?(?:均为|为|是|共)?({AMOUNT})")
_EXPENSE_CHANGE = re.compile(r"(?<!收入)(?<!收、)支出(?:总计)?(?=增加|减少|增长|下降|持平)")


def stated_expense_prior(sentence: str) -> float | None:
    """The prior year's 支出总计 when a 收支总计 sentence states the 支出 side apart
    ("收入总计A万元，支出总计B万元。与上年相比，收入增加C…，支出增加D…": B − D, which
    differs from A − C when the two sides moved differently). None when it does not."""
    stated = _EXPENSE_TOTAL.search(sentence)
    compared = _COMPARED.search(sentence)
    if stated is None or compared is None:
        return None
    value = parse_amount(stated.group(1))
    for side in _EXPENSE_CHANGE.finditer(sentence, compared.end()):
        change = find_change(sentence[side.end():side.end() + 40])
        if value is not None and change is not None and change.amount is not None:
            return round(value.value - change.amount, 2)
    return None
