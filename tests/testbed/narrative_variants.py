"""情况说明 in the wordings real reports use, with the facts each wording states.

A report's narrative restates its tables in sentences whose wording differs by province,
year and template: 收、支总计 "均为" or "各是 A、B", 年初/全年/调整预算, 完成预算 "的 R%"
or "R%", percentages to two decimals, one decimal or whole numbers (some truncated), the
change with or without its percentage, amounts in 元, items numbered "1." / "1、" / "（1）"
or grouped per 类 with quoted subjects, reasons that carry numbers of their own, lines
wrapped anywhere and printed page numbers between them. `narrate(model, wording)` writes
a model's 情况说明 in one `Wording` from the model's own tables (so a clean model gives a
clean narrative) and returns the lines with the `Fact`s a reader should take from them.

    model = with_narrative(rich_model(), WORDINGS["sichuan_each"])   # a ReportModel
    data = to_text(model)                                              # any renderer
    facts = narrative_truth(rich_model(), WORDINGS["sichuan_each"])   # [Fact, …]

`score(facts_read, truth)` sorts every true fact into right / not read / wrong (a wrong
value is the one outcome the reader must never give). `inject(wording, kind)` returns a
wording whose narrative carries one real reporting error, for the checks to find.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

from testbed.model import (
    SANGONG_CATEGORIES,
    EconomicTable,
    LedgerTable,
    ReportModel,
    SangongTable,
    SubjectTable,
)

CN = "一二三四五六七八九十"


# --------------------------------------------------------------------------- a richer model

# 表3/表5 rows: code, name, total, basic, project (two 行政运行 under different 款, a 款 named
# like its 类, an 其他…支出 项, a 项 whose name is also a 款 elsewhere)
RICH_ROWS: tuple[tuple[str, str, float, float | None, float | None], ...] = (
    ("201", "一般公共服务支出", 1436.87, 1003.22, 433.65),
    ("20101", "人大事务", 512.40, 412.40, 100.00),
    ("2010101", "行政运行", 412.40, 412.40, None),
    ("2010104", "人大会议", 100.00, None, 100.00),
    ("20103", "政府办公厅（室）及相关机构事务", 924.47, 590.82, 333.65),
    ("2010301", "行政运行", 590.82, 590.82, None),
    ("2010302", "一般行政管理事务", 213.65, None, 213.65),
    ("2010399", "其他政府办公厅（室）及相关机构事务支出", 120.00, None, 120.00),
    ("208", "社会保障和就业支出", 268.91, 262.91, 6.00),
    ("20805", "行政事业单位养老支出", 262.91, 262.91, None),
    ("2080501", "行政单位离退休", 58.36, 58.36, None),
    ("2080505", "机关事业单位基本养老保险缴费支出", 136.30, 136.30, None),
    ("2080506", "机关事业单位职业年金缴费支出", 68.25, 68.25, None),
    ("20899", "其他社会保障和就业支出", 6.00, None, 6.00),
    ("2089999", "其他社会保障和就业支出", 6.00, None, 6.00),
    ("210", "卫生健康支出", 71.08, 71.08, None),
    ("21011", "行政事业单位医疗", 71.08, 71.08, None),
    ("2101101", "行政单位医疗", 71.08, 71.08, None),
    ("221", "住房保障支出", 128.64, 128.64, None),
    ("22102", "住房改革支出", 128.64, 128.64, None),
    ("2210201", "住房公积金", 90.12, 90.12, None),
    ("2210203", "购房补贴", 38.52, 38.52, None),
)
RICH_ECONOMIC: tuple[tuple[str, str, float | None], ...] = (
    ("301", "工资福利支出", 1150.33), ("30101", "基本工资", 402.11), ("30102", "津贴补贴", 388.64),
    ("30108", "机关事业单位基本养老保险缴费", 136.30), ("30113", "住房公积金", 90.12), ("30199", "其他工资福利支出", 133.16),
    ("303", "对个人和家庭的补助", 96.88), ("30302", "退休费", 58.36), ("30399", "其他对个人和家庭的补助", 38.52),
    ("302", "商品和服务支出", 218.64), ("30201", "办公费", 61.20), ("30211", "差旅费", 12.86),
    ("30217", "公务接待费", 1.37), ("30231", "公务用车运行维护费", 13.46), ("30299", "其他商品和服务支出", 129.75),
)
RICH_SANGONG = {"total": (22.40, 14.83), "abroad": (5.00, 0.00), "vehicle": (13.00, 13.46),
                "vehicle_purchase": (0.00, 0.00), "vehicle_operation": (13.00, 13.46), "reception": (4.40, 1.37)}
RICH_CARRY = 36.50  # 年初 = 年末结转和结余


def build_model(department: str, year: int, rows: tuple[tuple[str, str, float, float | None, float | None], ...],
                economic: tuple[tuple[str, str, float | None], ...], sangong: dict[str, tuple[float, float]],
                carry: float) -> ReportModel:
    """A nine-table model whose tables agree: 表1/表4 by 类, 表2 = 表3 = 表5 (all 一般公共预算)."""
    classes = [(code, name, total) for code, name, total, _, _ in rows if len(code) == 3]
    total = round(sum(t for _, _, t in classes), 2)
    basic = round(sum(b or 0.0 for code, _, _, b, _ in rows if len(code) == 3), 2)
    project = round(total - basic, 2)
    begin = carry
    grand = round(total + begin, 2)
    numerals = {"201": "一、", "208": "八、", "210": "九、", "221": "十九、"}
    t1 = LedgerTable(
        income=(("一、一般公共预算财政拨款收入", total), ("二、政府性基金预算财政拨款收入", None),
                ("三、国有资本经营预算财政拨款收入", None), ("四、上级补助收入", None), ("五、事业收入", None),
                ("本年收入合计", total), ("使用非财政拨款结余", None), ("年初结转和结余", begin), ("总计", grand)),
        expense=tuple((numerals.get(code, "") + name, (amount,)) for code, name, amount in classes)
        + (("本年支出合计", (total,)), ("结余分配", (None,)), ("年末结转和结余", (round(grand - total, 2),)),
           ("总计", (grand,))),
    )
    t4 = LedgerTable(
        income=(("一、一般公共预算财政拨款", total), ("二、政府性基金预算财政拨款", None),
                ("三、国有资本经营预算财政拨款", None), ("本年收入合计", total),
                ("年初财政拨款结转和结余", begin), ("一般公共预算财政拨款", begin), ("总计", grand)),
        expense=tuple((numerals.get(code, "") + name, (amount, amount, None, None)) for code, name, amount in classes)
        + (("本年支出合计", (total, total, None, None)),
           ("年末财政拨款结转和结余", (round(grand - total, 2), round(grand - total, 2), None, None)),
           ("总计", (grand, grand, None, None))),
    )
    t2 = SubjectTable((total, total, None, None, None, None, None),
                      tuple((c, n, (t, t, None, None, None, None, None)) for c, n, t, _, _ in rows))
    t3 = SubjectTable((total, basic, project, None, None, None),
                      tuple((c, n, (t, b, p, None, None, None)) for c, n, t, b, p in rows))
    t5 = SubjectTable((total, basic, project), tuple((c, n, (t, b, p)) for c, n, t, b, p in rows))
    personnel = round(sum(a or 0.0 for code, _, a in economic if code in ("301", "303")), 2)
    public = round(sum(a or 0.0 for code, _, a in economic if len(code) == 3 and code not in ("301", "303")), 2)
    assert abs(personnel + public - basic) < 0.005, (personnel, public, basic)
    t6 = EconomicTable(economic, personnel, public)
    t9 = SangongTable(tuple((key, *sangong[key]) for key, _ in SANGONG_CATEGORIES))
    return ReportModel(
        department=department, year=year,
        tables=(("t1", t1), ("t2", t2), ("t3", t3), ("t4", t4), ("t5", t5), ("t6", t6),
                ("t7", SubjectTable((None,) * 6, ())), ("t8", SubjectTable((None,) * 3, ())), ("t9", t9)),
        no_data=(("t7", "本部门本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"),
                 ("t8", "本部门本年度没有国有资本经营预算财政拨款支出，故本表无数据。")),
        overview=("第一部分 部门概况", "一、部门职责", "负责本区示例事务。"),
    )


def rich_model() -> ReportModel:
    """A clean report with 14 项 over four 类 (no corpus needed)."""
    return build_model("示例市示例区财政局", 2024, RICH_ROWS, RICH_ECONOMIC, RICH_SANGONG, RICH_CARRY)


# --------------------------------------------------------------------------- wordings

@dataclass(frozen=True)
class Wording:
    """One choice per way real 情况说明 differ (defaults: the central template)."""

    name: str = "central"
    headings: str = "central"  # central | hubei_old (一、2023年度收入支出决算总体及增减变动情况 …)
    total: str = "plain"  # plain 收、支总计X | jun 收、支总计均为X | sides 收入总计X，支出总计X | each 各是X、Y |
    #                       prior 比上年X | prior_first 上年X，本年Y | juesuan 收入、支出决算总计X
    compare: str = "与{prior_year}年度相比，"  # or 与上年相比， / 较上年 / 比上年 / 同比
    change: str = "amount_pct"  # amount_pct | amount | pct
    pct_digits: int = 2  # percentages printed with 2 / 1 / 0 decimals
    truncate: bool = False  # … cut, not rounded
    leftovers: bool = False  # the template's "增加（减少）… 增长（下降）…" left in
    gpb_vs_budget: bool = False  # 一般公共预算财政拨款支出 "比年初预算减少 …" (not the year before)
    yuan: bool = False  # the totals in 元
    thousands: bool = False  # 1,234.56
    spaces: bool = False  # "2024 年度 … 1234.56 万元" (PDF text)
    income_change: bool = False  # "其中：财政拨款收入 A 万元，比上年增加 C" (the source's change, not the total's)
    share_points: bool = False  # "占本年支出合计的P%，比重比上年上升2.10个百分点" (points, no amount)
    income_shares: str = "zhan"  # zhan 占P% | zhan_benian 占本年收入P% | zhanbi 占比P% | of_grand 占收入总计的P% | none
    structure: str = "inline"  # inline (类) list | numbered 1. X支出A万元，占P% | quoted “X”A万元 | none
    budget: str = "initial"  # initial 年初预算 | full_year 全年预算 | adjusted 调整预算 | both 年初 + 全年
    rate: str = "de"  # de 完成年初预算的R% | bare 完成年初预算R% | unnamed 完成预算的R% | none
    items: str = "dot"  # dot 1. | dunhao 1、 | paren （1） | grouped (numbered per 类, quoted subjects) | none
    subject: str = "levels"  # levels X（类）Y（款）Z（项） | short X（类）… without 支出 | item Z（项）
    final_first: bool = False  # 支出决算为F万元，年初预算为B万元
    difference: bool = False  # "决算数与年初预算数存在差异的主要原因是…" (says no direction) instead of 大于/小于/持平
    signed_changes: bool = False  # "增加-3.94万元，增长-20.99%": a spreadsheet's signed figure under the template's word
    measures: str = "labelled"  # labelled X（项）。年初预算为B… | after_name X（项）支出F，年初预算为B… |
    #                             bare_labels X（项）：年初预算数B，决算数F…
    kuan_statements: bool = False  # each 款's own statement before its 项 (the 款 is not one more item)
    codes_in_text: bool = False  # "行政运行（2010101）"
    execution_summary: bool = False  # rates and 决算 without the budget figures (no execution to read)
    item_yuan: bool = False  # some items' budgets in 元
    zero_budget: bool = False  # one item with 年初预算 0 (no rate)
    reasons_with_numbers: bool = True  # "主要原因是年中追加预算 70 万元"
    basic: str = "standard"  # standard | none
    sangong: str = "central"  # central | shanghai | commas | none
    sangong_meetings: bool = False  # a sentence on "“三公”经费及会议费、培训费" (a larger total) first
    operations: bool = True  # 机关运行经费, 政府采购, 国有资产
    central_detail: bool = False  # the central template's detail: 三公 per category with its share and counts,
    #                               基本支出 in one sentence, 机关运行经费（含所属单位）, 中小企业 shares of 政府采购,
    #                               vehicles by kind
    running_vs_budget: bool = False  # 机关运行经费 compared with its budget, not with the year before
    wrap: int = 0  # wrap paragraphs at N characters (0: one line per paragraph)
    page_numbers: bool = False  # printed page numbers between wrapped lines (text export of a PDF)
    page_number_style: str = "plain"  # plain 19 | dash - 19 - | of 第19页 共48页
    running_header: str = ""  # a header line printed on every page, after the page number
    number_unit_split: bool = False  # wrap may also fall between a number and its unit
    numbers_own_line: bool = False  # every amount on a line of its own (printed on a lower baseline)
    charts: bool = False  # charts' captions, labels and figures between the paragraphs
    performance: bool = False  # 预算绩效管理情况: a project's budget and spending, then the unit's
    inject: str = ""  # one real reporting error written into the narrative (INJECTIONS)


@dataclass(frozen=True)
class Fact:
    """One figure the narrative states: `frame`/`key` say where `lib.narrative` keeps it."""

    frame: str
    key: tuple[tuple[str, Any], ...]
    column: str
    value: float | str


# --------------------------------------------------------------------------- helpers

def _r2(value: float) -> float:
    return round(value + 0.0, 2)


def _pct(value: float, wording: Wording) -> float:
    digits = wording.pct_digits
    if wording.truncate:
        scale = 10**digits
        return math.trunc(value * scale + 1e-9) / scale
    return round(value + 1e-12, digits)


def _pct_text(value: float, wording: Wording) -> str:
    return f"{_pct(value, wording):.{wording.pct_digits}f}%"


def _money(value: float, wording: Wording, *, yuan: bool = False) -> str:
    """An amount as printed: '1234.56万元' (or with thousands separators, or in 元)."""
    if yuan:
        amount = value * 10000
        text = f"{amount:,.2f}" if wording.thousands else f"{amount:.2f}"
        return text + ("元" if not wording.spaces else " 元")
    text = f"{value:,.2f}" if wording.thousands else f"{value:.2f}"
    return text + ("万元" if not wording.spaces else " 万元")


def _up(delta: float) -> tuple[str, str]:
    return ("增加", "增长") if delta > 0 else ("减少", "下降")


def _change_words(delta: float, pct: float, wording: Wording) -> str:
    """'减少3.94万元，下降20.99%' (or, signed, '增加-3.94万元，增长-20.99%'); `pct` unsigned."""
    if wording.signed_changes:
        sign = "-" if delta < 0 else ""
        return f"增加{sign}{_money(abs(delta), wording)}，增长{sign}{_pct_text(pct, wording)}"
    up, grow = _up(delta)
    return f"{up}{_money(abs(delta), wording)}，{grow}{_pct_text(pct, wording)}"


def _prior_of(value: float, growth: float) -> float:
    return _r2(value / (1 + growth))


def _yoy(value: float, growth: float) -> tuple[float, float, float, str, str]:
    """(prior, change, change % of the prior, 增加/减少, 增长/下降) for a figure grown by `growth`."""
    prior = _prior_of(value, growth)
    delta = _r2(value - prior)
    return prior, delta, delta / prior * 100, *_up(delta)


@dataclass
class _Writer:
    wording: Wording
    lines: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def para(self, text: str) -> None:
        self.lines.append(text)

    def fact(self, frame: str, key: dict[str, Any], column: str, value: float | str | None) -> None:
        if value is not None:
            self.facts.append(Fact(frame, tuple(key.items()), column, value))


def _subject_rows(model: ReportModel) -> list[tuple[str, str, tuple[float | None, ...]]]:
    t5 = model.table("t5")
    return list(t5.rows) if isinstance(t5, SubjectTable) else []


def _names(model: ReportModel) -> dict[str, str]:
    return {code: name for code, name, _ in _subject_rows(model)}


def _leaf_items(model: ReportModel) -> list[tuple[str, str, float]]:
    """The 项 rows of 表5 (else its 款 rows) with their 决算 — the subjects a narrative lists."""
    rows = [(c, n, v[0]) for c, n, v in _subject_rows(model) if v and v[0] is not None]
    items = [r for r in rows if len(r[0]) == 7]
    return items or [r for r in rows if len(r[0]) == 5]


BUDGET_FACTORS = (1.0, 1.08, 0.93, 1.25, 0.815, 1.0, 0.97, 1.12, 0.6, 1.0, 1.31, 0.88, 1.05, 0.99)
GROWTH = {"total": 0.1187, "fiscal_total": 0.1187, "gpb_expense": 0.0934, "income_total": 0.0934,
          "expense_total": 0.0934}
REASON = "主要原因是年中追加预算{n}万元，用于2024年度重点工作。"
PLAIN_REASON = "主要原因是年中调整了预算。"


def _reason(wording: Wording, number: float) -> str:
    return REASON.format(n=f"{number:g}") if wording.reasons_with_numbers else PLAIN_REASON


# --------------------------------------------------------------------------- the sections

def _heading(wording: Wording, central: str, old: str) -> str:
    return central if wording.headings == "central" else old


def _totals(w: _Writer, model: ReportModel) -> None:
    wording = w.wording
    t1, t4, t5 = model.table("t1"), model.table("t4"), model.table("t5")
    year, dept = model.year, model.department
    compare = wording.compare.format(prior_year=year - 1)
    y = f"{year} 年度" if wording.spaces else f"{year}年度"

    def change_text(value: float, item: str, subject: str) -> tuple[str, float, float, float]:
        prior, delta, pct, up, grow = _yoy(value, GROWTH[item])
        if wording.leftovers:  # the template's words left in: the sign is not said
            up, grow = ("增加（减少）", "增长（下降）")
        parts = {"amount_pct": f"{subject}{up}{_money(abs(delta), wording, yuan=wording.yuan)}，{grow}{_pct_text(abs(pct), wording)}",
                 "amount": f"{subject}{up}{_money(abs(delta), wording, yuan=wording.yuan)}",
                 "pct": f"{subject}{grow}{_pct_text(abs(pct), wording)}"}
        return parts[wording.change], prior, delta, pct

    def facts(item: str, value: float, prior: float, delta: float, pct: float) -> None:
        key = {"item": item}
        w.fact("totals", key, "value", _r2(value))
        if wording.leftovers:
            return
        if wording.change in ("amount_pct", "amount"):
            w.fact("totals", key, "change", delta)
            w.fact("totals", key, "prior_value", prior)
        if wording.change in ("amount_pct", "pct"):
            w.fact("totals", key, "change_pct", _pct(pct, wording) * (1 if delta > 0 else -1))

    if isinstance(t1, LedgerTable):
        grand = dict(t1.income).get("总计")
        w.para(_heading(wording, "一、收入支出决算总体情况说明", f"一、{year}年度收入支出决算总体及增减变动情况"))
        if grand is not None:
            money = _money(grand, wording, yuan=wording.yuan)
            if wording.total == "each":
                # Sichuan: both sides in one sentence ("各是 A、B"), both changes ("各增加 C、D")
                prior, delta, pct, up, grow = _yoy(grand, GROWTH["total"])
                number = money.replace("万元", "").replace("元", "").strip()
                change = _money(abs(delta), wording, yuan=wording.yuan)
                bare = change.replace("万元", "").replace("元", "").strip()
                w.para(f"{y}收、支总计各是{number}、{money}。{compare}收、支总计各{up}{bare}、{change}，"
                       f"各{grow}{_pct_text(abs(pct), wording)}、{_pct_text(abs(pct), wording)}。{_reason(wording, 12)}")
                w.fact("totals", {"item": "total"}, "value", grand)
                facts("total", grand, prior, delta, pct)
            elif wording.total == "prior_first":
                # the prior year's figure first, this year's after it, then the change
                prior, delta, pct, up, grow = _yoy(grand, GROWTH["total"])
                w.para(f"{year - 1}年度收、支总计{_money(prior, wording, yuan=wording.yuan)}，{y}收、支总计{money}，"
                       f"{up}{_money(abs(delta), wording, yuan=wording.yuan)}，{grow}{_pct_text(abs(pct), wording)}。"
                       f"{_reason(wording, 9)}")
                facts("total", grand, prior, delta, pct)
            elif wording.total == "guangxi":
                # 总收入 with 本年收入 inside it; the change is 本年收入's
                income = dict(t1.income).get("本年收入合计") or 0.0
                prior, delta, pct, up, grow = _yoy(income, GROWTH["income_total"])
                w.para(f"{y}总收入{money}，其中本年收入{_money(income, wording)}，较{year - 1}年度决算数{up}"
                       f"{_money(abs(delta), wording)}，{grow}{_pct_text(abs(pct), wording)}。{_reason(wording, 2)}")
            elif wording.total == "sides":
                sentence, prior, delta, pct = change_text(grand, "total", "收入")
                expense_change = sentence.replace("收入", "支出", 1)
                w.para(f"{y}收入总计{money}，支出总计{money}。{compare}{sentence}，{expense_change}。{_reason(wording, 8)}")
                facts("total", grand, prior, delta, pct)
            elif wording.total == "prior":
                prior, delta, pct, up, grow = _yoy(grand, GROWTH["total"])
                w.para(f"{dept}{y}收入支出总计{money}，比上年决算数{_money(prior, wording, yuan=wording.yuan)}"
                       f"{up}{_money(abs(delta), wording, yuan=wording.yuan)}，{grow}{_pct_text(abs(pct), wording)}。"
                       f"{_reason(wording, 3)}")
                facts("total", grand, prior, delta, pct)
            else:
                word = {"jun": "收、支总计均为", "juesuan": "收入、支出决算总计"}.get(wording.total, "收、支总计")
                subject = {"jun": "收、支总计各", "juesuan": "收入、支出决算总计各"}.get(wording.total, "收、支总计")
                sentence, prior, delta, pct = change_text(grand, "total", subject)
                w.para(f"{dept}{y}{word}{money}。{compare}{sentence}。{_reason(wording, 5)}")
                facts("total", grand, prior, delta, pct)
    t2, t3 = model.table("t2"), model.table("t3")
    if isinstance(t1, LedgerTable) and isinstance(t2, SubjectTable):
        income = dict(t1.income).get("本年收入合计")
        w.para(_heading(wording, "二、收入决算情况说明", "（一）收入决算情况"))
        if income is not None and wording.income_shares != "none":
            labels = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
            parts = []
            for label, amount in zip(labels, t2.total[1:]):
                if not amount:
                    continue
                share = {"zhan": "占", "zhan_benian": "占本年收入", "zhanbi": "占比", "of_grand": "占收入总计的"}[wording.income_shares]
                base = dict(t1.income).get("总计") if wording.income_shares == "of_grand" else income
                parts.append(f"{label}{_money(amount, wording)}，{share}{_pct_text(amount / base * 100, wording)}")
                w.fact("shares", {"scope": "income", "item": label}, "amount", amount)
                w.fact("shares", {"scope": "income", "item": label}, "share_pct", _pct(amount / base * 100, wording))
            if wording.income_change:
                # the change that follows belongs to the first source, not to the total
                parts[0] = parts[0] + f"，比上年增加{_money(12.5, wording)}，增长0.66%"
            w.para(f"本年收入合计{_money(income, wording)}，其中：" + "；".join(parts) + "。")
            w.fact("totals", {"item": "income_total"}, "value", income)
    if isinstance(t1, LedgerTable) and isinstance(t3, SubjectTable):
        expense = dict((label, amounts[0]) for label, amounts in t1.expense).get("本年支出合计")
        w.para(_heading(wording, "三、支出决算情况说明", "（二）支出决算情况"))
        if expense is not None and wording.income_shares != "none":
            parts = []
            for label, amount in zip(("基本支出", "项目支出"), t3.total[1:3]):
                if amount:
                    parts.append(f"{label}{_money(amount, wording)}，占{_pct_text(amount / expense * 100, wording)}")
                    w.fact("shares", {"scope": "expense", "item": label}, "amount", amount)
                    w.fact("shares", {"scope": "expense", "item": label}, "share_pct", _pct(amount / expense * 100, wording))
            w.para(f"本年支出合计{_money(expense, wording)}，其中：" + "；".join(parts) + "。")
            w.fact("totals", {"item": "expense_total"}, "value", expense)
    if isinstance(t4, LedgerTable):
        grand = dict(t4.income).get("总计")
        w.para(_heading(wording, "四、财政拨款收入支出决算总体情况说明", f"二、{year}年度财政拨款支出决算情况"))
        if grand is not None:
            sentence, prior, delta, pct = change_text(grand, "fiscal_total", "财政拨款收入支出总计")
            w.para(f"{dept}{y}财政拨款收入支出总计{_money(grand, wording, yuan=wording.yuan)}。{compare}{sentence}。"
                   f"{_reason(wording, 6)}")
            facts("fiscal_total", grand, prior, delta, pct)
    if isinstance(t5, SubjectTable) and t5.total[0] is not None:
        total = t5.total[0]
        expense = dict((label, amounts[0]) for label, amounts in t1.expense).get("本年支出合计") if isinstance(t1, LedgerTable) else None
        if wording.headings == "central":
            w.para("五、一般公共预算财政拨款支出决算情况说明")
            w.para("（一）一般公共预算财政拨款支出决算总体情况")
        else:
            w.para("（一）一般公共预算财政拨款支出决算总体情况")
        share = f"，占本年支出合计的{_pct_text(total / expense * 100, wording)}" if expense else ""
        if wording.share_points:
            share += "，与上年相比，比重上升2.10个百分点"
        sentence, prior, delta, pct = change_text(total, "gpb_expense", "一般公共预算财政拨款支出")
        if wording.gpb_vs_budget:
            # compared with the budget, not with the year before: no 同比 to read
            budget = _r2(total * 1.05)
            w.para(f"{y}一般公共预算财政拨款支出{_money(total, wording, yuan=wording.yuan)}{share}，比年初预算"
                   f"减少{_money(_r2(budget - total), wording)}，下降{_pct_text((budget - total) / budget * 100, wording)}。")
            w.fact("totals", {"item": "gpb_expense"}, "value", total)
        else:
            w.para(f"{y}一般公共预算财政拨款支出{_money(total, wording, yuan=wording.yuan)}{share}。{compare}{sentence}。"
                   f"{_reason(wording, 4)}")
            facts("gpb_expense", total, prior, delta, pct)


def _structure(w: _Writer, model: ReportModel) -> None:
    wording = w.wording
    t5 = model.table("t5")
    if not isinstance(t5, SubjectTable) or t5.total[0] is None or wording.structure == "none":
        return
    total = t5.total[0]
    w.para("（二）一般公共预算财政拨款支出决算结构情况")
    classes = [(c, n, v[0]) for c, n, v in t5.rows if len(c) == 3 and v[0]]
    parts = []
    for number, (code, name, amount) in enumerate(classes, start=1):
        share = _pct_text(amount / total * 100, wording)
        if wording.structure == "numbered":
            parts.append(f"{number}.{name}{_money(amount, wording)}，占{share}。主要用于保障机构运转。")
        elif wording.structure == "quoted":
            parts.append(f"{number}.“{name}”{_money(amount, wording)}，占{share}；")
        else:
            parts.append(f"{name}（类）{_money(amount, wording)}，占{share}")
        w.fact("shares", {"scope": "gpb_class", "item": name}, "amount", amount)
        w.fact("shares", {"scope": "gpb_class", "item": name}, "share_pct", _pct(amount / total * 100, wording))
    head = f"一般公共预算财政拨款支出{_money(total, wording)}，主要用于以下方面："
    if wording.structure == "inline":
        w.para(head + "；".join(parts) + "。")
    else:
        w.para(head)
        for part in parts:
            w.para(part)


def _subject_name(code: str, names: dict[str, str], wording: Wording) -> str:
    item = names[code]
    if wording.subject == "item" or len(code) < 5:
        return f"{item}（{'项' if len(code) == 7 else '款'}）"
    klass, kuan = names.get(code[:3], ""), names.get(code[:5], "")
    if wording.subject == "short":
        klass = re.sub(r"支出$", "", klass)
    if len(code) == 5:
        return f"{klass}（类）{item}（款）"
    return f"{klass}（类）{kuan}（款）{item}（项）"


def _execution(w: _Writer, model: ReportModel) -> None:
    wording = w.wording
    t5 = model.table("t5")
    if not isinstance(t5, SubjectTable) or t5.total[0] is None:
        return
    names = _names(model)
    items = _leaf_items(model)
    total = t5.total[0]
    budgets = []
    for index, (code, _, final) in enumerate(items):
        factor = 0.0 if wording.zero_budget and index == 1 else BUDGET_FACTORS[index % len(BUDGET_FACTORS)]
        budgets.append(_r2(final * factor))
    overall = _r2(sum(budgets))
    word = {"initial": "年初预算", "full_year": "全年预算", "adjusted": "调整预算", "both": "年初预算"}[wording.budget]
    column = "full_year_budget" if wording.budget in ("full_year", "adjusted") else "budget"
    if wording.execution_summary:
        # Gansu 2017: "…总计 X 万元，与上年相比减少…；完成年初预算 R%，决算数大于预算数 D 万元", and items
        # with their 决算 and rate but no budget figure: nothing to read as execution
        w.para("（三）一般公共预算财政拨款支出决算具体情况")
        overall = _r2(sum(budgets))
        w.para(f"{model.year}年度，本单位一般公共预算财政拨款支出总计{_money(total, wording)}，完成年初预算"
               f"{_pct_text(total / overall * 100, wording)}，决算数{'大于' if total > overall else '小于'}预算数"
               f"{_money(abs(_r2(total - overall)), wording)}，主要原因：年中追加。其中：")
        for index, ((code, _, final), budget) in enumerate(zip(items, budgets)):
            w.para(f"{index + 1}. {names[code]}{_money(final, wording)}，主要用于日常工作，完成年初预算"
                   f"{_pct_text(final / budget * 100, wording) if budget else '0%'}。")
        return
    w.para("（三）一般公共预算财政拨款支出决算具体情况")
    rate_word = "全年预算" if wording.budget in ("full_year", "adjusted", "both") else "年初预算"
    if wording.rate == "unnamed":
        rate_word = "预算"  # "完成预算的 R%": which budget is not said
    rate_column_base = overall

    def rate_text(final: float, base: float) -> str:
        if wording.rate == "none" or base == 0:
            return ""
        de = "" if wording.rate == "bare" else "的"
        return f"，完成{rate_word}{de}{_pct_text(final / base * 100, wording)}"

    def direction(final: float, base: float) -> str:
        if wording.difference:
            if abs(final - base) < 0.005:
                return ""
            return f"决算数与{rate_word}数存在差异的{_reason(wording, 70)}差异金额为{_money(abs(_r2(final - base)), wording)}。"
        if abs(final - base) < 0.005:
            return "决算数与预算数持平。"
        word_ = "大于" if final > base else "小于"
        return f"决算数{word_}预算数的{_reason(wording, 70)}"

    full_overall = _r2(overall * 1.04) if wording.budget == "both" else overall
    if wording.budget == "both":
        rate_column_base = full_overall
        w.para(f"一般公共预算财政拨款支出年初预算为{_money(overall, wording)}，全年预算为{_money(full_overall, wording)}，"
               f"支出决算为{_money(total, wording)}{rate_text(total, full_overall)}。{direction(total, full_overall)}其中：")
        w.fact("execution_overall", {}, "budget", overall)
        w.fact("execution_overall", {}, "full_year_budget", full_overall)
    else:
        w.para(f"一般公共预算财政拨款支出{word}为{_money(overall, wording)}，支出决算为{_money(total, wording)}"
               f"{rate_text(total, overall)}。{direction(total, overall)}其中：")
        w.fact("execution_overall", {}, column, overall)
    w.fact("execution_overall", {}, "final", total)
    if wording.rate != "none" and rate_column_base:
        w.fact("execution_overall", {}, "rate", _pct(total / rate_column_base * 100, wording))

    group_class = None
    number = 0
    kuan_done: set[str] = set()
    for index, ((code, _, final), budget) in enumerate(zip(items, budgets)):
        if wording.kuan_statements and len(code) == 7 and code[:5] not in kuan_done:
            kuan_done.add(code[:5])
            members = [(b, f) for (c, _, f), b in zip(items, budgets) if c[:5] == code[:5]]
            kuan_budget = _r2(sum(b for b, _ in members))
            kuan_final = _r2(sum(f for _, f in members))
            w.para(f"{_subject_name(code[:5], names, wording)}。{word}为{_money(kuan_budget, wording)}，"
                   f"支出决算为{_money(kuan_final, wording)}{rate_text(kuan_final, kuan_budget)}。其中：")
            w.fact("execution", {"subject_code": code[:5]}, "subject_code", code[:5])
            w.fact("execution", {"subject_code": code[:5]}, column, kuan_budget)
            w.fact("execution", {"subject_code": code[:5]}, "final", kuan_final)
            if wording.rate != "none" and kuan_budget:
                w.fact("execution", {"subject_code": code[:5]}, "rate", _pct(kuan_final / kuan_budget * 100, wording))
        full = _r2(budget * 1.04) if wording.budget == "both" else budget
        base = full if wording.budget == "both" else budget
        subject = _subject_name(code, names, wording)
        yuan = wording.item_yuan and index % 3 == 2
        money_budget = _money(budget, wording, yuan=yuan) if budget else ("0" if index % 2 else "0万元")
        budget_part = f"{word}为{money_budget}"
        if wording.budget == "both":
            budget_part += f"，全年预算为{_money(full, wording)}"
        final_part = f"支出决算为{_money(final, wording)}"
        measures = f"{final_part}，{budget_part}" if wording.final_first else f"{budget_part}，{final_part}"
        body = f"{measures}{rate_text(final, base)}。{direction(final, base)}"
        if wording.items == "grouped":
            # numbered once per 类, each subject quoted with its amount first (Shanghai 2025)
            if code[:3] != group_class:
                group_class = code[:3]
                number += 1
                prefix = f"{number}."
            else:
                prefix = ""
            w.para(f"{prefix}“{subject}”{_money(final, wording)}，主要用于日常工作。{body}")
        else:
            marker = {"dot": f"{index + 1}.", "dunhao": f"{index + 1}、", "paren": f"（{index + 1}）", "none": ""}[wording.items]
            if wording.codes_in_text:
                subject = f"{names[code]}（{code}）"
            if wording.measures == "after_name":  # the 决算 right after the name, then the budget
                w.para(f"{marker}{subject}支出{_money(final, wording)}，{budget_part}{rate_text(final, base)}。"
                       f"{direction(final, base)}")
            elif wording.measures == "bare_labels":  # "年初预算数 B，决算数 F": no 为
                w.para(f"{marker}{subject}：{word}数{money_budget}，决算数{_money(final, wording)}"
                       f"{rate_text(final, base)}。{direction(final, base)}")
            else:
                w.para(f"{marker}{subject}。{body}")
        key = {"subject_code": code}
        w.fact("execution", key, "subject_code", code)
        w.fact("execution", key, column, budget)
        if wording.budget == "both":
            w.fact("execution", key, "full_year_budget", full)
        w.fact("execution", key, "final", final)
        if wording.rate != "none" and base:
            w.fact("execution", key, "rate", _pct(final / base * 100, wording))


def _basic(w: _Writer, model: ReportModel) -> None:
    wording = w.wording
    t5, t6 = model.table("t5"), model.table("t6")
    if wording.basic == "none" or not isinstance(t5, SubjectTable) or not isinstance(t6, EconomicTable):
        return
    w.para(_heading(wording, "六、一般公共预算财政拨款基本支出决算情况说明", "（四）一般公共预算财政拨款基本支出决算情况"))
    basic = t5.total[1]
    lead = f"{model.department}{model.year}年度一般公共预算财政拨款基本支出{_money(basic or 0.0, wording)}，其中："
    personnel = f"人员经费{_money(t6.personnel or 0.0, wording)}，主要包括：基本工资、津贴补贴、奖金、住房公积金、退休费"
    public = f"公用经费{_money(t6.public or 0.0, wording)}，主要包括：办公费、差旅费、公务接待费、其他商品和服务支出。"
    if wording.central_detail:  # one sentence, the two groups apart by a semicolon
        w.para(f"{lead}{personnel}；{public}")
    else:
        w.para(lead)
        w.para(personnel + "。")
        w.para(public)
    w.fact("basic", {"group": "基本支出"}, "amount", basic)
    w.fact("basic", {"group": "人员经费"}, "amount", t6.personnel)
    w.fact("basic", {"group": "公用经费"}, "amount", t6.public)


SANGONG_WORDS = {"abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行维护费", "vehicle_purchase": "公务用车购置费",
                 "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费"}


def _sangong(w: _Writer, model: ReportModel) -> None:
    wording = w.wording
    t9 = model.table("t9")
    if wording.sangong == "none" or not isinstance(t9, SangongTable):
        return
    budget, final = t9.get("total")
    w.para(_heading(wording, "七、财政拨款“三公”经费支出决算情况说明", "三、“三公”经费支出决算情况"))
    if budget is None or final is None:
        return
    rate = f"，完成预算的{_pct_text(final / budget * 100, wording)}" if budget else ""
    parts = []
    for key in ("abroad", "vehicle", "reception"):
        b, f = t9.get(key)
        if f is None:
            continue
        part = f"{SANGONG_WORDS[key]}支出决算为{_money(f, wording)}"
        if b:
            part += f"，完成预算的{_pct_text(f / b * 100, wording)}"
            w.fact("sangong", {"category": key}, "rate", _pct(f / b * 100, wording))
        parts.append(part)
        w.fact("sangong", {"category": key}, "final", f)
    prior = _prior_of(final, -0.21) if final else 0.0
    delta = _r2(final - prior)
    if wording.sangong_meetings:
        meeting, training = 1.20, 2.35
        w.para(f"{model.year}年度“三公”经费及会议费、培训费支出决算为{_money(_r2(final + meeting + training), wording)}，"
               f"其中：会议费支出{_money(meeting, wording)}，培训费支出{_money(training, wording)}。")
    if wording.sangong == "commas":
        # one sentence, the categories apart by commas only, each "…费支出 A 万元", and a
        # count between them (湛江 style)
        listed = "，".join(f"{SANGONG_WORDS[key]}支出{_money(t9.get(key)[1] or 0.0, wording)}"
                           for key in ("abroad", "vehicle", "reception"))
        w.para(f"{model.year}年度“三公”经费支出决算{_money(final, wording)}，比预算数减少{_money(_r2(budget - final), wording)}，"
               f"其中：公务用车保有量2辆，{listed}。")
        w.facts = [f for f in w.facts if not (f.frame == "sangong" and f.column == "rate")]
    elif wording.sangong == "shanghai":
        w.para(f"“三公”经费财政拨款支出年初预算为{_money(budget, wording)}，支出决算为{_money(final, wording)}{rate}，"
               "其中：" + "；".join(parts) + "。")
        w.fact("sangong", {"category": "total"}, "budget", budget)
    else:
        w.para(f"{model.year}年度财政拨款“三公”经费支出全年预算数为{_money(budget, wording)}，支出决算为"
               f"{_money(final, wording)}{rate}。其中：" + "；".join(parts) + "。")
        w.fact("sangong", {"category": "total"}, "budget", budget)
    w.fact("sangong", {"category": "total"}, "final", final)
    if budget and wording.sangong != "commas":
        w.fact("sangong", {"category": "total"}, "rate", _pct(final / budget * 100, wording))
    if wording.central_detail:
        # each category's share of the 三公 total, then one paragraph per category with its counts
        _, vehicle = t9.get("vehicle")
        _, reception = t9.get("reception")
        _, abroad = t9.get("abroad")
        shares = "；".join(f"{SANGONG_WORDS[key]}支出决算{_money(t9.get(key)[1] or 0.0, wording)}，"
                          f"占{_pct_text((t9.get(key)[1] or 0.0) / final * 100, wording) if final else '0.00%'}"
                          for key in ("abroad", "vehicle", "reception"))
        w.para(f"{model.year}年度财政拨款“三公”经费支出决算中，{shares}。具体情况如下：")
        w.para(f"（1）因公出国（境）费支出{_money(abroad or 0.0, wording)}，全年共安排因公出国（境）团组0个，累计0人次。")
        w.para(f"（2）公务用车购置及运行维护费支出{_money(vehicle or 0.0, wording)}。其中：公务用车购置费{_money(0.0, wording)}，"
               f"更新购置公务用车0辆；公务用车运行维护费{_money(vehicle or 0.0, wording)}，主要用于公务用车燃料费、维修费、"
               f"过路过桥费、保险费等支出。截至{model.year}年12月31日，使用财政拨款开支的公务用车保有量为2辆。")
        w.para(f"（3）公务接待费支出{_money(reception or 0.0, wording)}。其中：国内公务接待支出{_money(reception or 0.0, wording)}，"
               f"接待3批次、25人次，主要用于接待上级检查指导工作；外事接待支出{_money(0.0, wording)}，接待0批次、0人次。")
    else:
        w.para(f"其中：全年因公出国（境）团组0个、累计0人次；公务用车保有量为2辆；"
               f"国内公务接待3批次、25人次。")
    for item, value in (("abroad_groups", 0.0), ("abroad_persons", 0.0), ("vehicles_held", 2.0),
                        ("reception_batches", 3.0), ("reception_persons", 25.0)):
        w.fact("sangong_counts", {"item": item}, "value", value)
    if final and prior:
        w.para(f"{model.year}年度“三公”经费财政拨款支出决算数比{model.year - 1}年度"
               f"{_change_words(delta, abs(delta) / prior * 100, wording)}。主要原因是严格执行中央八项规定精神。")
        w.fact("sangong", {"category": "total"}, "change", delta)
        w.fact("sangong", {"category": "total"}, "change_pct", _pct(abs(delta) / prior * 100, wording) * (1 if delta > 0 else -1))


def _performance(w: _Writer, model: ReportModel) -> None:
    """预算绩效管理情况: a project's own budget and spending, then the unit's overall."""
    t5 = model.table("t5")
    if not w.wording.performance or not isinstance(t5, SubjectTable) or t5.total[0] is None:
        return
    wording = w.wording
    total = t5.total[0]
    w.para("十一、预算绩效管理情况")
    w.para(f"本部门对信息化运维项目开展绩效自评，项目年初预算{_money(30.0, wording)}，实际支出{_money(28.5, wording)}，"
           f"预算执行率95.00%，自评得分92分。")
    w.para(f"部门整体支出绩效自评：单位全年预算数为{_money(_r2(total * 1.02), wording)}，实际支出{_money(total, wording)}，"
           f"预算执行率{_pct_text(total / _r2(total * 1.02) * 100, wording)}，自评得分95.5分。")
    w.fact("performance", {"scope": "overall", "item": "final"}, "value", total)
    w.fact("performance", {"scope": "overall", "item": "full_year_budget"}, "value", _r2(total * 1.02))


def _operations(w: _Writer, model: ReportModel) -> None:
    wording = w.wording
    if not wording.operations:
        return
    t6 = model.table("t6")
    public = t6.public if isinstance(t6, EconomicTable) and t6.public else 0.0
    running = _r2(public * 0.62) or 6.20
    prior = _r2(running * 1.1)
    delta = _r2(running - prior)
    if wording.headings == "central":
        w.para("十、其他重要事项的情况说明")
        w.para("（一）机关运行经费支出情况")
    else:
        w.para("第三部分 其他重要事项情况说明")
        w.para("一、关于机关运行经费支出说明")
    if public and wording.running_vs_budget:
        # the change against the budget, not the year before: no 同比 to read
        w.para(f"{model.department}{model.year}年度机关运行经费支出{_money(running, wording)}，比年初预算数"
               f"{_money(_r2(running * 1.2), wording)}减少{_money(_r2(running * 0.2), wording)}。主要原因是厉行节约。")
        w.fact("operations", {"topic": "机关运行经费", "item": "amount"}, "value", running)
        w.fact("operations", {"topic": "机关运行经费", "item": "budget"}, "value", _r2(running * 1.2))
    elif public:  # (a unit without 公用经费 reports none)
        who = f"{model.year}年度本部门（含所属单位）" if wording.central_detail else f"{model.department}{model.year}年度"
        w.para(f"{who}机关运行经费支出{_money(running, wording)}，比{model.year - 1}年度"
               f"{_change_words(delta, abs(delta) / prior * 100, wording)}。主要原因是厉行节约。")
        w.fact("operations", {"topic": "机关运行经费", "item": "amount"}, "value", running)
        w.fact("operations", {"topic": "机关运行经费", "item": "change"}, "value", delta)
    goods, works, services = 31.25, 0.0, 88.9
    procurement = _r2(goods + works + services)
    w.para("（二）政府采购支出情况" if wording.headings == "central" else "二、关于政府采购支出说明")
    w.para(f"{model.department}{model.year}年度政府采购支出总额{_money(procurement, wording)}，其中：政府采购货物支出"
           f"{_money(goods, wording)}、政府采购工程支出{_money(works, wording)}、政府采购服务支出{_money(services, wording)}。"
           + (f"授予中小企业合同金额{_money(100.0, wording)}，占政府采购支出总额的{_pct_text(100.0 / procurement * 100, wording)}，"
              f"其中：授予小微企业合同金额{_money(80.0, wording)}，占授予中小企业合同金额的80.00%。"
              if wording.central_detail else ""))
    w.fact("operations", {"topic": "政府采购", "item": "total"}, "value", procurement)
    if wording.central_detail:
        w.fact("operations", {"topic": "政府采购", "item": "sme"}, "value", 100.0)
        w.fact("operations", {"topic": "政府采购", "item": "small_micro"}, "value", 80.0)
    w.para("（三）国有资产占有使用情况" if wording.headings == "central" else "三、关于国有资产占用情况说明")
    kinds = ("副部（省）级及以上领导用车0辆，主要领导干部用车0辆，机要通信用车0辆，应急保障用车0辆，执法执勤用车1辆，"
             "特种专业技术用车0辆，离退休干部服务用车0辆，其他用车2辆，其他用车主要是用于业务保障的车辆"
             if wording.central_detail else "执法执勤用车1辆、其他用车2辆")
    w.para(f"截至{model.year}年12月31日，本部门共有车辆3辆，其中：{kinds}。单价100万元（含）以上设备（不含车辆）0台（套）。")
    w.fact("operations", {"topic": "国有资产", "item": "vehicles"}, "value", 3.0)


def _with_charts(paragraphs: list[str]) -> list[str]:
    """A chart after each section's first statement, as a PDF's text layer gives it: the
    caption and the chart's own labels and figures, each on a line ("图1：…", "2023年",
    "1735.94", "100.00%")."""
    out: list[str] = []
    figure = 0
    for index, paragraph in enumerate(paragraphs):
        out.append(paragraph)
        heading = index and re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", paragraphs[index - 1])
        numbers = re.findall(r"\d[\d,]*\.\d+(?=万元)", paragraph)
        if heading and numbers:
            figure += 1
            out += [f"图{figure}：{paragraphs[index - 1][2:12]}", "2023年", "2024年", *numbers[:3], "单位：万元", "100.00%"]
    return out


# --------------------------------------------------------------------------- injected errors

# kind → (the paragraph it goes in, the word the changed figure follows, change, the rule that finds it)
INJECTIONS: dict[str, tuple[str, str, float, str]] = {
    "total_value": (r"收、?支总计|收入支出总计|收入总计", r"总计(?:均为|各是)?", 100.0, "text.amount"),
    "yoy_pct": (r"收、?支总计|收入支出总计|收入总计", r"增长|下降", 3.0, "text.yoy"),
    "share_pct": (r"^本年收入合计", r"占[^0-9]{0,6}", 4.0, "text.percent"),
    "budget_sum": (r"^一般公共预算财政拨款支出(?:年初|全年|调整)预算", r"预算为", 50.0, "text.budget_sum"),
    "item_final": (r"^(?:2[.、]|（2）|“)?.{0,40}人大会议", r"支出决算为|决算数|（项）支出", 10.0, "text.amount"),
    "item_rate": (r"^(?:2[.、]|（2）|“)?.{0,40}人大会议", r"预算的?", 5.0, "text.percent"),
    "sangong_final": (r"“三公”经费.*支出(?:全年|年初)?预算", r"支出决算为", 1.0, "text.amount"),
    "personnel": (r"(?:^|：)人员经费\d", r"人员经费", 100.0, "text.amount"),
}


def _injected(paragraphs: list[str], kind: str) -> list[str]:
    """The paragraphs with one figure changed: the first number after `word` in the first
    paragraph matching `where` (every copy of that figure in the paragraph, so a statement
    that prints it twice stays of one mind)."""
    where, word, delta, _ = INJECTIONS[kind]
    out = list(paragraphs)
    for index, paragraph in enumerate(out):
        if not re.search(where, paragraph):
            continue
        match = re.search(rf"(?:{word})\s*(\d[\d,]*\.?\d*)", paragraph)
        if match is None:
            continue
        printed = match.group(1)
        value = float(printed.replace(",", "")) + delta
        decimals = len(printed.split(".")[1]) if "." in printed else 0
        new = f"{value:,.{decimals}f}" if "," in printed else f"{value:.{decimals}f}"
        out[index] = paragraph.replace(printed, new)
        return out
    raise ValueError(f"nowhere to inject {kind}")


# --------------------------------------------------------------------------- layout of lines

_TOKEN = re.compile(r"[\d][\d,.]*(?:%|万元|元)?|.", re.S)
_UNIT_SPLIT = re.compile(r"[\d][\d,.]*|.", re.S)


def _wrap(text: str, width: int, split_units: bool) -> list[str]:
    """Break a paragraph every `width` characters, never inside a number (and not between a
    number and its unit unless `split_units`)."""
    tokens = (_UNIT_SPLIT if split_units else _TOKEN).findall(text)
    lines, current = [], ""
    for token in tokens:
        if current and len(current) + len(token) > width:
            lines.append(current)
            current = ""
        current += token
    if current:
        lines.append(current)
    return lines


_OWN_LINE = re.compile(r"(\d[\d,.]*(?:%|万元|元)?)")


def _laid_out(paragraphs: list[str], wording: Wording, first_page: int = 14) -> list[str]:
    if wording.numbers_own_line:
        return [part for paragraph in paragraphs for part in _OWN_LINE.split(paragraph) if part]
    if not wording.wrap:
        return paragraphs
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += _wrap(paragraph, wording.wrap, wording.number_unit_split)
    if not wording.page_numbers:
        return lines
    out: list[str] = []
    page = first_page
    for index, line in enumerate(lines, start=1):
        out.append(line)
        if index % 23 == 0:
            out.append({"plain": str(page), "dash": f"- {page} -", "of": f"第{page}页 共48页"}[wording.page_number_style])
            if wording.running_header:
                out.append(wording.running_header)
            page += 1
    return out


# --------------------------------------------------------------------------- public API

def narrate(model: ReportModel, wording: Wording) -> tuple[list[str], list[Fact]]:
    """The model's 情况说明 in this wording (heading first) and the facts it states."""
    w = _Writer(wording)
    title = f"第三部分 {model.department}{model.year}年度部门决算情况说明"
    _totals(w, model)
    _structure(w, model)
    _execution(w, model)
    _basic(w, model)
    _sangong(w, model)
    _performance(w, model)
    _operations(w, model)
    paragraphs = w.lines
    if wording.charts:
        paragraphs = _with_charts(paragraphs)
    if wording.inject:
        paragraphs = _injected(paragraphs, wording.inject)
    return [title, *_laid_out(paragraphs, wording)], w.facts


def with_narrative(model: ReportModel, wording: Wording) -> ReportModel:
    lines, facts = narrate(model, wording)
    stated = {"prior_year_total": next((f.value for f in facts if f.frame == "totals" and f.key == (("item", "total"),)
                                        and f.column == "prior_value"), None),
              "gpb_initial_budget": next((f.value for f in facts if f.frame == "execution_overall" and f.column == "budget"),
                                         None)}
    return replace(model, narrative=tuple(lines), stated=tuple(stated.items()))


def narrative_truth(model: ReportModel, wording: Wording) -> list[Fact]:
    return narrate(model, wording)[1]


WORDINGS: dict[str, Wording] = {w.name: w for w in (
    Wording(),
    Wording(name="jun_shanghai", total="jun", compare="与上年相比，", sangong="shanghai", items="grouped",
            thousands=True, spaces=True),
    Wording(name="sides", total="sides", compare="与{prior_year}年相比，"),
    Wording(name="sichuan_each", total="each", compare="与{prior_year}年相比，"),
    Wording(name="prior_stated", total="prior"),
    Wording(name="amount_only", change="amount", compare="较上年"),
    Wording(name="pct_only", change="pct", compare="同比"),
    Wording(name="one_decimal", pct_digits=1),
    Wording(name="whole_percent", pct_digits=0),
    Wording(name="truncated", truncate=True),
    Wording(name="yuan_totals", yuan=True, thousands=True),
    Wording(name="full_year_budget", budget="full_year"),
    Wording(name="adjusted_budget", budget="adjusted"),
    Wording(name="both_budgets", budget="both"),
    Wording(name="rate_without_de", rate="bare", items="dunhao"),
    Wording(name="no_rate", rate="none", items="paren"),
    Wording(name="grouped_items", items="grouped", subject="short"),
    Wording(name="unnumbered_items", items="none"),
    Wording(name="item_names_only", subject="item"),
    Wording(name="final_first", final_first=True),
    Wording(name="items_in_yuan", item_yuan=True),
    Wording(name="zero_budget_item", zero_budget=True),
    Wording(name="structure_numbered", structure="numbered", income_shares="zhan_benian"),
    Wording(name="structure_quoted", structure="quoted", income_shares="zhanbi"),
    Wording(name="hubei_old_headings", headings="hubei_old"),
    Wording(name="wrapped", wrap=28),
    Wording(name="wrapped_units_split", wrap=27, number_unit_split=True, spaces=True),
    Wording(name="wrapped_page_numbers", wrap=28, page_numbers=True),
    Wording(name="prior_year_first", total="prior_first"),
    Wording(name="share_of_grand_total", income_shares="of_grand"),
    Wording(name="numbers_on_lower_baseline", numbers_own_line=True, spaces=True),
    Wording(name="income_source_change", income_change=True),
    Wording(name="guangxi_total_income", total="guangxi"),
    Wording(name="sangong_with_meetings", sangong_meetings=True),
    Wording(name="kuan_then_items", kuan_statements=True),
    Wording(name="codes_in_text", codes_in_text=True, subject="item"),
    Wording(name="sangong_commas", sangong="commas"),
    Wording(name="running_cost_vs_budget", running_vs_budget=True),
    Wording(name="template_leftovers", leftovers=True),
    Wording(name="gpb_against_budget", gpb_vs_budget=True),
    Wording(name="execution_without_budgets", execution_summary=True),
    Wording(name="chart_labels", charts=True),
    Wording(name="chart_labels_wrapped", charts=True, wrap=28, page_numbers=True),
    Wording(name="performance_projects", performance=True),
    Wording(name="both_budgets_rate_unnamed", budget="both", rate="unnamed"),
    Wording(name="page_numbers_dashed_with_header", wrap=28, page_numbers=True, page_number_style="dash",
            running_header="示例市示例区财政局2024年度部门决算"),
    Wording(name="page_numbers_of_total", wrap=26, page_numbers=True, page_number_style="of"),
    Wording(name="juesuan_total", total="juesuan"),
    Wording(name="share_in_points", share_points=True),
    Wording(name="difference_without_direction", difference=True),
    Wording(name="signed_changes", signed_changes=True),
    Wording(name="share_in_points_separate", share_points=True, change="amount", compare="比上年"),
    Wording(name="final_after_name", measures="after_name"),
    Wording(name="bare_labels", measures="bare_labels", items="paren"),
    Wording(name="central_detail", central_detail=True),
    Wording(name="central_detail_wrapped", central_detail=True, measures="after_name", wrap=30, page_numbers=True,
            page_number_style="dash"),
    Wording(name="everything_shanghai", total="jun", compare="与{prior_year}年度相比，", items="grouped", sangong="shanghai",
            thousands=True, spaces=True, wrap=30, page_numbers=True, pct_digits=2),
)}


# --------------------------------------------------------------------------- scoring

@dataclass
class Score:
    right: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def not_read(self) -> int:
        return len(self.missed)

    def add(self, other: Score) -> None:
        self.right += other.right
        self.missed += other.missed
        self.wrong += other.wrong


def _norm(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if value is not None and str(value) in ("<NA>", "nan", "None"):
            return None
    except Exception:  # noqa: BLE001
        pass
    if isinstance(value, int | float):
        return round(float(value), 4)
    return str(value)


def _execution_rows(frame: Any) -> list[dict[str, Any]]:
    return [{k: _norm(v) for k, v in row.items()} for row in frame.astype(object).to_dict(orient="records")]


def score(facts: Any, truth: list[Fact], names: dict[str, str] | None = None) -> Score:
    """Each true fact read right, not read, or wrong (the value differs); an execution row
    or 三公 category read that the narrative does not state counts as wrong."""
    result = Score()
    by_frame: dict[str, list[Fact]] = {}
    for fact in truth:
        by_frame.setdefault(fact.frame, []).append(fact)
    for frame_name, wanted in by_frame.items():
        frame = getattr(facts, frame_name)
        if frame_name == "execution":
            _score_execution(frame, wanted, result, names or {})
            continue
        rows = _execution_rows(frame)
        for fact in wanted:
            matches = [r for r in rows if all(_norm(r.get(k)) == _norm(v) for k, v in fact.key)]
            if frame_name == "basic":
                matches = [r for r in matches if r.get("item") is None]
            got = _norm(matches[0].get(fact.column)) if matches else None
            if got is None:
                result.missed.append(f"{frame_name}{dict(fact.key)}.{fact.column}")
            elif got == _norm(fact.value):
                result.right += 1
            else:
                result.wrong.append(f"{frame_name}{dict(fact.key)}.{fact.column}: read {got}, true {fact.value}")
    return result


def _score_execution(frame: Any, wanted: list[Fact], result: Score, names: dict[str, str]) -> None:
    truth: dict[str, dict[str, Any]] = {}
    for fact in wanted:
        truth.setdefault(dict(fact.key)["subject_code"], {})[fact.column] = fact.value
    rows = _execution_rows(frame)
    unmatched = dict(truth)
    for row in rows:
        code = row.get("subject_code")
        if code is not None and code in unmatched:
            true = unmatched.pop(code)
        elif code is None:
            # no code read: the first true item with this name and this 决算
            candidates = [c for c, t in unmatched.items() if names.get(c, "").replace(" ", "") == str(row.get("subject"))
                          and _norm(t.get("final")) == row.get("final")]
            if not candidates:
                result.wrong.append(f"execution row {row.get('subject')!r} matches no stated item")
                continue
            true = unmatched.pop(candidates[0])
        else:
            result.wrong.append(f"execution row {row.get('subject')!r} read as {code}, not a stated item")
            continue
        for column, value in true.items():
            got = row.get(column)
            if got is None:
                result.missed.append(f"execution {true.get('subject_code')}.{column}")
            elif got == _norm(value):
                result.right += 1
            else:
                result.wrong.append(f"execution {true.get('subject_code')}.{column}: read {got}, true {value}")
    for true in unmatched.values():
        result.missed += [f"execution {true.get('subject_code')}.{column}" for column in true]
