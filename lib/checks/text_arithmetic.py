"""Family "文字中的计算": percentages, completion rates and year-on-year changes
recomputed from the numbers the narrative itself states; direction words checked
against the numbers; rates stated against a zero base flagged.
"""

from __future__ import annotations

import re

from lib.checks.base import Emitter, Term
from lib.checks.findings import ERROR, INFO, READING_DOUBT, Finding, fmt
from lib.checks.text_doubt import doubted
from lib.checks.textnum import num, pct, percent_note, percent_verdict, text_loc
from lib.model import Report
from lib.values import is_missing

UP, DOWN, SAME = ("增加", "增长", "上升", "大于", "超过"), ("减少", "下降", "降低", "小于", "低于"), ("持平", "等于", "一致")


def _sign_word(word: object) -> int | None:
    text = "" if word is None or is_missing(word) else str(word)
    if any(w in text for w in UP):
        return 1
    if any(w in text for w in DOWN):
        return -1
    if any(w in text for w in SAME):
        return 0
    return None


def _sign(value: float) -> int:
    return 0 if abs(value) < 0.005 else (1 if value > 0 else -1)


def check_yoy(row: object, what: str, current: float | None, out: Emitter) -> None:
    """change = current − prior; change_pct = change ÷ prior (not ÷ current); direction; zero base."""
    change, change_pct, prior = num(row.change), num(row.change_pct), num(getattr(row, "prior_value", None))
    loc = text_loc(row)
    if prior is None and current is not None and change is not None:
        prior = round(current - change, 2)
    direction = _sign_word(getattr(row, "direction", None))
    if change is not None and direction is not None and direction != _sign(change):
        out.emit("text.direction", f"{what}：文字说“{row.direction}”，但所述变化额为 {fmt(change)} 万元。",  # type: ignore[attr-defined]
                 expected={1: "增加", -1: "减少", 0: "持平"}[_sign(change)], actual=str(row.direction), locations=[loc])  # type: ignore[attr-defined]
    if change_pct is None or change is None or prior is None:
        return
    if prior == 0:
        if change != 0:
            out.emit("text.zero_base", f"{what}：上年数为 0，增长率没有意义，但文字写了“增长 {pct(change_pct)}”。",
                     expected="不适用（上年为 0）", actual=change_pct, locations=[loc])
        return
    verdict = percent_verdict(abs(change), abs(prior), abs(change_pct))
    if verdict is None:
        return
    computed = change / prior * 100
    message = (f"{what}：增减 {fmt(change)} 万元相对上年 {fmt(prior)} 万元应为 {computed:.2f}%，文字写的是 {pct(change_pct)}。")
    if current and percent_verdict(abs(change), abs(current), abs(change_pct)) in (None, "info"):
        message += f"该百分比等于 {fmt(change)} ÷ 本年数 {fmt(current)}，除错了年份（应除以上年数）。"
    if verdict == "info":
        message = "尾数差异：" + message + percent_note(abs(change), abs(prior), abs(change_pct))
    finding = out.emit("text.yoy", message, severity=verdict, expected=round(computed, 2), actual=change_pct, locations=[loc])
    other = _other_change(str(getattr(row, "sentence", "") or ""), change, prior, change_pct)
    if verdict == ERROR and other is not None:
        out.findings[-1] = doubted(finding, f"这句话还写了另一个增减额 {fmt(other)} 万元，这个百分比由它算出正好相符，"
                                            "本工具可能把百分比对错了增减额")


def _other_change(sentence: str, change: float, prior: float, change_pct: float) -> float | None:
    """Another change amount the sentence states (the other side's, a sub-item's) that the
    stated percentage fits."""
    from lib.narrative.numbers import CHANGE, parse_amount

    for match in CHANGE.finditer(re.sub(r"\s", "", sentence)):
        parsed = parse_amount(match.group(2))
        if parsed is None or abs(parsed.value - abs(change)) < 0.005 or not parsed.value:
            continue
        if percent_verdict(parsed.value, abs(prior), abs(change_pct)) in (None, INFO):
            return parsed.value
    return None


def check_rate(row: object, what: str, final: float | None, base: float | None, base_label: str, rate: float | None,
               out: Emitter, *, alternative: tuple[str, float | None] | None = None) -> Finding | None:
    """A completion rate (决算 ÷ 预算) or a share, recomputed from the stated amounts."""
    if rate is None or final is None or base is None:
        return None
    loc = text_loc(row)
    if base == 0:
        message = f"{what}：{base_label}为 0，完成率无从计算，但文字写了 {pct(rate)}。"
        if alternative and alternative[1] and percent_verdict(final, alternative[1], rate) in (None, "info"):
            message += f"这个比例实际是决算 {fmt(final)} ÷ {alternative[0]} {fmt(alternative[1])}。"
        return out.emit("text.zero_base", message, expected="不适用（基数为 0）", actual=rate, locations=[loc])
    verdict = percent_verdict(final, base, rate)
    if verdict is None:
        return None
    computed = final / base * 100
    prefix = "尾数差异：" if verdict == "info" else ""
    tail = percent_note(final, base, rate) if verdict == "info" else ""
    return out.emit("text.percent", f"{prefix}{what}：{fmt(final)} ÷ {base_label} {fmt(base)} = {computed:.2f}%，文字写的是 {pct(rate)}。{tail}",
                    severity=verdict, expected=round(computed, 2), actual=rate, locations=[loc])


def check_direction_vs_budget(row: object, what: str, final: float | None, base: float | None, out: Emitter) -> None:
    direction = _sign_word(getattr(row, "direction", None))
    if direction is None or final is None or base is None or base == 0:
        return
    actual = _sign(final - base)
    if direction != actual:
        out.emit("text.direction", f"{what}：决算 {fmt(final)} 万元与预算 {fmt(base)} 万元相比，文字却说“{row.direction}”。",  # type: ignore[attr-defined]
                 expected={1: "大于", -1: "小于", 0: "等于"}[actual], actual=str(row.direction), locations=[text_loc(row)])  # type: ignore[attr-defined]


def _base(row: object) -> tuple[float | None, str, tuple[str, float | None]]:
    """The budget a completion rate is of: the one the text names; when it names neither
    ("完成预算的 R%") and states both, the one the rate fits (年初 first)."""
    budget, full = num(row.budget), num(getattr(row, "full_year_budget", None))
    basis = getattr(row, "rate_basis", None)
    basis = "" if basis is None or is_missing(basis) else str(basis)
    if basis == "全年预算" or budget is None:
        return full, "全年预算", ("年初预算", budget)
    rate, final = num(getattr(row, "rate", None)), num(getattr(row, "final", None))
    if basis != "年初预算" and full and rate is not None and final is not None and budget \
            and percent_verdict(final, budget, rate) not in (None, INFO) and percent_verdict(final, full, rate) in (None, INFO):
        return full, "全年预算", ("年初预算", budget)
    return budget, "年初预算", ("全年预算", full)


SANGONG_NAMES = {"total": "三公经费", "abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行维护费",
                 "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费"}


def run(report: Report, facts: object, out: Emitter) -> None:
    for row in facts.totals.itertuples():
        check_yoy(row, f"“{row.label}”的同比变化", num(row.value), out)
    for row in facts.execution_overall.itertuples():
        base, label, alt = _base(row)
        check_rate(row, "一般公共预算财政拨款支出完成率", num(row.final), base, label, num(row.rate), out, alternative=alt)
        check_direction_vs_budget(row, "一般公共预算财政拨款支出", num(row.final), base, out)
    for row in facts.execution.itertuples():
        base, label, alt = _base(row)
        what = f"“{row.subject}”的完成率"
        check_rate(row, what, num(row.final), base, label, num(row.rate), out, alternative=alt)
        check_direction_vs_budget(row, f"“{row.subject}”", num(row.final), base, out)
    for row in facts.sangong.itertuples():
        name = SANGONG_NAMES.get(str(row.category), "三公经费中的一项")
        check_rate(row, f"{name}完成预算", num(row.final), num(row.budget), "预算", num(row.rate), out)
        check_yoy(row, f"{name}的同比变化", num(row.final), out)
    check_shares(report, facts, out)


# words naming a share's base ("占本年收入的", "占收入总计的") → the table figure they mean
_BASE_WORDS = re.compile(r"占([\u4e00-\u9fff“”]*?)的?(\d+(?:\.\d+)?)%")


def _stated_base(sentence: str, share: float) -> str | None:
    """The words between 占 and the stated percentage (None when the sentence prints none)."""
    text = re.sub(r"\s", "", str(sentence))
    for match in _BASE_WORDS.finditer(text):
        if abs(float(match.group(2)) - share) < 1e-9:
            return match.group(1)
    return None


def _base_terms(report: Report) -> dict[str, tuple[Term, str]]:
    from lib.checks.access import ledger_term, subject_total_term

    return {"income": (ledger_term(report, "t1", "收入", "income_total"), "本年收入合计"),
            "expense": (ledger_term(report, "t1", "支出", "expense_total"), "本年支出合计"),
            "grand": (ledger_term(report, "t1", "收入", "grand_total"), "收支总计"),
            "gpb": (subject_total_term(report, "t5", "total"), "一般公共预算财政拨款支出合计")}


def _base_of(scope: str, words: str | None) -> str | None:
    """Which base the words name; the scope's own when they name none; None when unknown."""
    default = {"income": "income", "expense": "expense", "gpb_class": "gpb"}[scope]
    words = (words or "").replace("“", "").replace("”", "")
    if words in ("", "比", "比重"):
        return default
    if "总计" in words or words.startswith("总") or "总额" in words:
        return "grand"
    if "一般公共预算" in words or "财政拨款支出" in words:
        return "gpb"
    if "收入" in words:
        return "income"
    if "支出" in words:
        return "expense"
    return None


def check_shares(report: Report, facts: object, out: Emitter) -> None:
    """占…% recomputed from the stated amount and the table total it is a share of (the base
    the sentence names: 本年收入, 收入总计, 一般公共预算财政拨款支出 …). A base we cannot
    place, or a difference another base explains when the sentence names none, is not the
    report's error."""
    bases = _base_terms(report)
    for row in facts.shares.itertuples():
        scope = str(row.scope)
        if scope not in ("income", "expense", "gpb_class"):
            continue
        amount, share = num(row.amount), num(row.share_pct)
        if amount is None or share is None:
            continue
        words = _stated_base(str(row.sentence), share)
        named = _base_of(scope, words)
        usable = {key: term for key, (term, _) in bases.items() if term.status != "missing" and term.value}
        if named is None:
            fits = [key for key, term in usable.items() if percent_verdict(amount, term.value, share) in (None, INFO)]
            if not fits:
                out.emit("text.percent", f"读取存疑（比重的基数“{words}”无法对应到表格中的合计）：“{row.item}”{fmt(amount)} 万元"
                         f"占{words}的 {pct(share)}，与表中各个合计都算不出这个比例。", severity=READING_DOUBT,
                         expected=None, actual=share, locations=[text_loc(row)])
            continue
        whole = usable.get(named)
        if whole is None:
            continue
        found = check_rate(row, f"“{row.item}”所占比重", amount, whole.value, bases[named][1], share, out)
        if found is not None and found.severity == ERROR and words in ("", None):
            others = [(key, term) for key, term in usable.items() if key != named
                      and percent_verdict(amount, term.value, share) in (None, INFO)]
            if others:
                key, term = others[0]
                out.findings[-1] = doubted(found, f"文字没有说明比重的基数，按{bases[key][1]} {fmt(term.value)} 万元计算恰好相符")
