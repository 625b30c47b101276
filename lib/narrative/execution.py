"""Budget execution (一般公共预算财政拨款支出决算具体情况): the overall 年初预算/全年预算/
决算/完成率 and one record per listed subject, matched to its 表5 code when the names allow."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lib.narrative.numbers import AMOUNT, PCT, find_reason, parse_amount, parse_pct
from lib.narrative.sentences import NarrativeText

if TYPE_CHECKING:
    import pandas as pd

_SECTION = re.compile(r"财政拨款支出决算具体情况")
# without that sub-heading: the 一般公共预算 (else 财政拨款) 支出 section, never the whole narrative
_SECTION_TOP = (re.compile(r"一般公共预算财政拨款支出决算(?!结构)"), re.compile(r"财政拨款支出决算(?!结构)"))
# a heading inside the section that opens another topic ends it (政府性基金 items are not 表5's)
_OTHER_TOPIC = re.compile(r"政府性基金|国有资本|三公|绩效|基本支出|机关运行|政府采购|国有资产|名词解释")
_BUDGET = re.compile(rf"年初预算(?:数)?(?:为|是)?({AMOUNT})")
# 调整预算 is the budget as adjusted during the year: the 全年预算
_FULL_YEAR = re.compile(rf"(?:全年|调整后?|年度调整)预算(?:数)?(?:为|是)?({AMOUNT})")
_FINAL = re.compile(rf"(?:支出)?决算(?:数)?(?:为|是)({AMOUNT})|支出决算(?:数)?({AMOUNT})|决算数({AMOUNT})")
# the 决算 printed right after the subject's name, before any budget ("…行政运行（项）支出 412.40
# 万元，年初预算为…", "“行政运行（项）”412.40万元，…"): an amount with its unit, nothing between
_FINAL_FIRST = re.compile(rf"[\s“”\"'‘’「」:]*(?:支出|决算|支出决算)?数?(?:为|是)?\s*(\d[\d,]*(?:\.\d+)?\s*(?:亿元|万元|元))(?![\d%])")
_RATE = re.compile(rf"(?:完成|为|占)(年初|全年|调整后?)?预算(?:数)?的?({PCT})|预算(?:完成率|执行率)(?:为)?({PCT})")
# "决算数与预算数持平" is a direction; "决算数与年初预算数的差异（存在差异的主要原因）…" is none
_DIRECTION = re.compile(r"决算数?(?:(大于|小于|等于)|与(?:全年|年初|调整后?)?预算数?(?:基本)?(持平|一致|相等))")
_REASON_START = re.compile(r"(?:主要)?原因")
# a subject name may hold a short parenthesis of its own: 政府办公厅(室)及相关机构事务, 因公出国(境)
_LEVELLED = re.compile(r"((?:[^()。,:;]|\((?!类|款|项)[^()。,:;]{1,4}\))+?)\((类|款|项)\)")
_NUMBERING = re.compile(r"^(?:\d{1,2}[.、]|\(\d{1,2}\))")
_NAME_EDGE = re.compile(r"^[\s“”\"'‘’「」]*(?:\d{1,2}[.、]|\(\d{1,2}\)|其中:?)?[\s“”\"'‘’「」]*|[\s“”\"'‘’「」]+$")
_LEVEL_OF = {3: "类", 5: "款", 7: "项"}
_MARKER_BEFORE = re.compile(r"(?<!\d)(?:\d{1,2}[.、]|\(\d{1,2}\))[\s“”\"'‘’「」]*$")


def _amount(pattern: re.Pattern[str], text: str) -> float | None:
    """The amount the pattern labels; None when the statement labels two different ones
    ("年初预算为100万元。年初预算为120万元": which one is meant is not ours to pick)."""
    values = []
    for match in pattern.finditer(text):
        token = next(group for group in match.groups() if group is not None)
        parsed = parse_amount(token)
        if parsed is not None:
            values.append(parsed.value)
    if not values or any(abs(v - values[0]) > 1e-9 for v in values[1:]):
        return None
    return values[0]


def _measures(text: str) -> dict[str, object]:
    """年初/全年预算, 决算, 完成率 and direction of one statement. Amounts are looked for only
    before its reason ("主要原因是年中追加预算 70 万元" states no budget of the subject)."""
    reason_at = _REASON_START.search(text)
    head = text[:reason_at.start()] if reason_at else text
    rate = _RATE.search(head)
    direction = _DIRECTION.search(text)
    word = None
    reason = None
    if direction:
        word = direction.group(1) or ("持平" if direction.group(2) == "持平" else "等于")
        reason = find_reason(text[direction.end():])
    basis = None
    if rate is not None:
        basis = "全年预算" if (rate.group(1) or "").startswith(("全年", "调整")) else f"{rate.group(1) or ''}预算"
    rate_text = None if rate is None else next(g for g in (rate.group(2), rate.group(3)) if g is not None)
    return {
        "budget": _amount(_BUDGET, head), "full_year_budget": _amount(_FULL_YEAR, head),
        "final": _amount(_FINAL, head),
        "rate": None if rate_text is None else parse_pct(rate_text),
        "rate_basis": basis,
        "direction": word, "reason": reason,
    }


def _span(text: NarrativeText) -> tuple[int, int] | None:
    """The 具体情况 sub-section, else the 一般公共预算 支出 section, cut where a heading
    opens another topic (None: no section states the execution)."""
    span = text.section(_SECTION, level="sub")
    for pattern in _SECTION_TOP:
        if span is not None:
            break
        span = text.section(pattern, level="top")
    if span is None:
        return None
    start, end = span
    for block in text.blocks:
        if start < block.start < end and block.kind in ("top", "sub") \
                and _OTHER_TOPIC.search(text.text[block.start:block.end][:40]):
            return start, block.start
    return span


def _chains(text: str, start: int, end: int) -> list[tuple[int, list[tuple[str, str]]]]:
    """Runs of levelled subject names (X(类)Y(款)Z(项)) in text[start:end]: (where the run
    starts, [(name, level), …])."""
    chains: list[tuple[int, list[tuple[str, str]]]] = []
    last_end = -10
    for match in _LEVELLED.finditer(text, start, end):
        # a name holds no figures: what stands before the last one belongs to the text before
        name = _NAME_EDGE.sub("", re.split(r"[0-9%.、]+", match.group(1))[-1])
        if chains and match.start() - last_end <= 1 and len(chains[-1][1]) < 3:
            chains[-1][1].append((name, match.group(2)))
        else:
            offset = match.group(1).find(name) if name else 0
            at = match.start() + max(offset, 0)
            # the statement starts at its number ("1、", "（1）"), which belongs to no text before it
            marker = _MARKER_BEFORE.search(text, max(start, at - 8), at)
            chains.append((marker.start() if marker else at, [(name, match.group(2))]))
        last_end = match.end()
    return chains


def _statements(text: NarrativeText, start: int, end: int) -> list[tuple[int, int, list[tuple[str, str]] | None]]:
    """Where each subject's statement runs: from one subject named by levels to the next
    (items grouped under one number, or not numbered at all, are still one subject each);
    without levelled names, the numbered items."""
    chains = [c for c in _chains(text.text, start, end) if any(level in ("项", "款") for _, level in c[1])]
    if chains:
        cuts = [position for position, _ in chains] + [end]
        return [(cuts[i], cuts[i + 1], chains[i][1]) for i in range(len(chains))]
    statements: list[tuple[int, int, list[tuple[str, str]] | None]] = []
    for block in text.item_blocks(start, end):
        measure = re.search(r"预算|决算", text.text[block.start:block.end])
        stop = block.start + measure.start() if measure else block.end
        named = [chain for position, chain in _chains(text.text, block.start, stop)]
        statements.append((block.start, block.end, named[0] if named else None))
    return statements


def overall_execution(text: NarrativeText) -> list[dict[str, object]]:
    """The overall statement: the first sentence of the section with a budget and 决算,
    before the first subject's statement."""
    span = _span(text)
    if span is None:
        return []
    start, end = span
    statements = _statements(text, start, end)
    stop = statements[0][0] if statements else end
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


def _subject(chain: list[tuple[str, str]] | None, head: str) -> tuple[str, str | None, str | None, str | None]:
    """(subject, level, class_name, kuan_name): the statement's levelled names, else its
    opening words."""
    if chain:
        named = {level: name for name, level in chain}
        for level in ("项", "款", "类"):
            if level in named:
                return named[level], level, named.get("类"), named.get("款")
    bare = re.split(r"年初预算|全年预算|调整预算|支出决算|[。,:]", _NUMBERING.sub("", head))[0]
    return _NAME_EDGE.sub("", bare), None, None, None


def _norm(name: str | None) -> str:
    return re.sub(r"[\s()（）“”\"]|支出$", "", name or "")


def _match_code(subjects: pd.DataFrame, name: str, level: str | None,
                class_name: str | None, kuan_name: str | None) -> tuple[str | None, str | None]:
    """The 表5 (else 表3) code of a named subject; None when absent or ambiguous. A 款 or 类
    name the text states must be the one the table prints above the code."""
    for table in ("t5", "t3"):
        rows = subjects[subjects["table"] == table][["subject_code", "subject_name"]].drop_duplicates()
        if rows.empty:
            continue
        names = {str(code): _norm(str(label)) for code, label in zip(rows["subject_code"], rows["subject_name"])}
        codes = [code for code, label in names.items() if label == _norm(name)]
        if level is not None:
            codes = [code for code in codes if _LEVEL_OF.get(len(code)) == level] or codes
        for parent, stated in ((5, kuan_name), (3, class_name)):
            if stated:
                codes = [code for code in codes if len(code) <= parent or names.get(code[:parent]) in (None, _norm(stated))]
        if len(codes) == 1:
            return codes[0], _LEVEL_OF.get(len(codes[0]))
        if codes:
            return None, level
    return None, level


_CODE = re.compile(r"\(?(?<!\d)(\d{3}(?:\s?\d{2}){0,2})(?!\d)\)?")


def _printed_code(subjects: pd.DataFrame, body: str) -> str | None:
    """A subject code the statement prints before its figures ("行政运行（2010101）") that
    表5 (else 表3) has: the surest way to the row."""
    measure = re.search(r"预算|决算", body)
    head = body[:measure.start()] if measure else body
    known = set(subjects.loc[subjects["table"].isin(["t5", "t3"]), "subject_code"].astype(str))
    for match in _CODE.finditer(head):
        code = match.group(1).replace(" ", "")
        if len(code) in (3, 5, 7) and code in known and not re.match(r"年", head[match.end():match.end() + 1]):
            return code
    return None


def _final_after_name(body: str) -> float | None:
    """The 决算 a statement prints right after its levelled name and before any budget
    ("行政运行（项）支出412.40万元，年初预算为…"); None when something else stands there."""
    measure = re.search(r"预算|决算(?!数?(?:为|是)?\s*\d)", body)
    names = list(_LEVELLED.finditer(body, 0, measure.start() if measure else len(body)))
    if not names:
        return None
    match = _FINAL_FIRST.match(body, names[-1].end())
    parsed = parse_amount(match.group(1)) if match else None
    return None if parsed is None else parsed.value


def execution_records(text: NarrativeText, subjects: pd.DataFrame) -> list[dict[str, object]]:
    """One record per subject statement that states a budget and a 决算."""
    span = _span(text)
    if span is None:
        return []
    records: list[dict[str, object]] = []
    for start, end, chain in _statements(text, *span):
        body = text.text[start:end]
        measures = _measures(body)
        if measures["final"] is None and chain:
            measures["final"] = _final_after_name(body)
        if measures["final"] is None or (measures["budget"] is None and measures["full_year_budget"] is None):
            continue
        subject, level, class_name, kuan_name = _subject(chain, body)
        code = _printed_code(subjects, body)
        if code is not None:
            subject, level = _CODE.sub("", subject).strip("()"), _LEVEL_OF.get(len(code))
        else:
            code, level = _match_code(subjects, subject, level, class_name, kuan_name)
        page, line = text.where(start)
        records.append({
            "seq": len(records) + 1, "subject": subject, "level": level, "class_name": class_name,
            "kuan_name": kuan_name, "subject_code": code, **measures,
            "page": page, "line": line, "sentence": body,
        })
    return records


_ANY_BUDGET = re.compile(rf"预算(?:数)?(?:为|是)?({AMOUNT})")


def unread_statements(text: NarrativeText, read: int) -> int:
    """How many subject statements of the section print a budget beyond the `read` items
    we took from it (a statement broken in a way we could not read: "年|19|初预算")."""
    span = _span(text)
    if span is None:
        return 0
    printed = 0
    for start, end, _ in _statements(text, *span):
        body = text.text[start:end]
        reason = _REASON_START.search(body)
        if _ANY_BUDGET.search(body[:reason.start()] if reason else body):
            printed += 1
    return max(printed - read, 0)
