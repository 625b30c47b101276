"""A report that uses every column the templates have: the model the real-template
variants (`testbed.templates`) are printed from.

The clean report (`clean_model`) is funded by the general budget alone, so a reader that
put an amount in the wrong income column, or read a 政府性基金 line as 一般公共预算, would
still be right there. Here: 一般公共预算 and 政府性基金 拨款, 事业收入, 经营收入, 附属单位上缴收入, 其他收入,
carry-over that changes during the year, 经营支出, a filled 表7, 三公 with every category,
and 类 codes whose names changed between years (文化体育与传媒 207 …). Every identity
the templates print holds (amounts are summed in cents).
"""

from __future__ import annotations

from dataclasses import dataclass

from testbed.model import EconomicTable, LedgerTable, ReportModel, SangongTable, SubjectTable

DEPARTMENT = "示例市示例区文化旅游局"
YEAR = 2023

CLASS_NAMES = {
    "201": "一般公共服务支出", "207": "文化旅游体育与传媒支出", "208": "社会保障和就业支出",
    "210": "卫生健康支出", "212": "城乡社区支出", "221": "住房保障支出",
}
# the names of the same 类 in the 2015–2018 classification
FORMER_CLASS_NAMES = {"207": "文化体育与传媒支出", "210": "医疗卫生与计划生育支出"}
# how the 表1/表4 expense side numbers each 类 (its place in the classification)
NUMERALS = {"201": "一、", "207": "七、", "208": "八、", "210": "九、", "212": "十一、", "221": "十九、"}
KUAN_NAMES = {
    "20103": "政府办公厅（室）及相关机构事务", "20701": "文化和旅游", "20805": "行政事业单位养老支出",
    "21011": "行政事业单位医疗", "21208": "国有土地使用权出让收入安排的支出", "22102": "住房改革支出",
}


@dataclass(frozen=True)
class Item:
    """One 项: what it spent from each source (cents) and what it took in beyond that."""

    code: str
    name: str
    gpb_basic: int = 0
    gpb_project: int = 0
    fund_project: int = 0
    business_basic: int = 0
    other_basic: int = 0
    affiliated_basic: int = 0  # paid from 附属单位上缴收入
    operating: int = 0
    gpb_income_extra: int = 0  # 一般公共预算 received beyond what it spent (kept as carry-over)
    fund_income_extra: int = 0


ITEMS = (
    Item("2010301", "行政运行", gpb_basic=38_215_47, business_basic=3_010_00),
    Item("2010302", "一般行政管理事务", gpb_project=6_540_20, gpb_income_extra=250_00),
    Item("2010350", "事业运行", gpb_basic=9_830_15, other_basic=1_200_00, affiliated_basic=800_00, operating=2_500_00),
    Item("2070101", "行政运行", gpb_basic=12_406_80),
    Item("2070199", "其他文化和旅游支出", gpb_project=8_800_00, business_basic=540_60),
    Item("2080505", "机关事业单位基本养老保险缴费支出", gpb_basic=4_680_00),
    Item("2101101", "行政单位医疗", gpb_basic=2_015_30),
    Item("2120801", "征地和拆迁补偿支出", fund_project=30_000_00, fund_income_extra=2_000_00),
    Item("2210201", "住房公积金", gpb_basic=3_530_00),
)
GPB_CARRY_BEGIN, FUND_CARRY_BEGIN, OTHER_CARRY_BEGIN = 1_250_00, 500_00, 3_080_15
# 表6: the basic expense of the general budget by economic class (amounts in cents, filled below)
ECONOMIC_SHARES = (
    ("301", "工资福利支出", (("30101", "基本工资", 40), ("30102", "津贴补贴", 25), ("30108", "机关事业单位基本养老保险缴费", 15),
                         ("30113", "住房公积金", 20))),
    ("303", "对个人和家庭的补助", (("30302", "退休费", 100),)),
    ("302", "商品和服务支出", (("30201", "办公费", 30), ("30211", "差旅费", 20), ("30217", "公务接待费", 5),
                          ("30231", "公务用车运行维护费", 15), ("30299", "其他商品和服务支出", 30))),
    ("310", "资本性支出", (("31002", "办公设备购置", 100),)),
)
GROUP_SHARE = {"301": 70, "303": 8, "302": 19, "310": 3}


def _y(cents: int) -> float | None:
    return None if cents == 0 else round(cents / 100, 2)


def _z(cents: int) -> float:
    return round(cents / 100, 2)


def _sum(items: list[Item], field: str) -> int:
    return sum(getattr(item, field) for item in items)


def _rollup(select) -> list[tuple[str, str, tuple[int, ...]]]:
    """(code, name, values) for every 类, 款 and 项 in code order, values summed from the 项."""
    rows: list[tuple[str, str, tuple[int, ...]]] = []
    for klass in sorted({item.code[:3] for item in ITEMS}):
        members = [item for item in ITEMS if item.code.startswith(klass)]
        if not any(any(select(item)) for item in members):
            continue
        rows.append((klass, CLASS_NAMES[klass], tuple(map(sum, zip(*(select(i) for i in members))))))
        for kuan in sorted({item.code[:5] for item in members}):
            kids = [item for item in members if item.code.startswith(kuan) and any(select(item))]
            if not kids:
                continue
            rows.append((kuan, KUAN_NAMES[kuan], tuple(map(sum, zip(*(select(i) for i in kids))))))
            rows += [(item.code, item.name, select(item)) for item in kids]
    return rows


def _subject(rows: list[tuple[str, str, tuple[int, ...]]], width: int) -> SubjectTable:
    total = tuple(map(sum, zip(*(values for code, _, values in rows if len(code) == 3)))) or (0,) * width
    return SubjectTable(tuple(_y(v) for v in total), tuple((c, n, tuple(_y(v) for v in values)) for c, n, values in rows))


def _expense(item: Item) -> tuple[int, ...]:
    basic = item.gpb_basic + item.business_basic + item.other_basic + item.affiliated_basic
    project = item.gpb_project + item.fund_project
    return (basic + project + item.operating, basic, project, 0, item.operating, 0)


def _income(item: Item) -> tuple[int, ...]:
    fiscal = item.gpb_basic + item.gpb_project + item.gpb_income_extra + item.fund_project + item.fund_income_extra
    business, other, operating, affiliated = item.business_basic, item.other_basic, item.operating, item.affiliated_basic
    return (fiscal + business + other + operating + affiliated, fiscal, 0, business, operating, affiliated, other)


def _gpb(item: Item) -> tuple[int, ...]:
    return (item.gpb_basic + item.gpb_project, item.gpb_basic, item.gpb_project)


def _fund(item: Item) -> tuple[int, ...]:
    begin = FUND_CARRY_BEGIN if item.fund_project else 0
    income = item.fund_project + item.fund_income_extra
    return (begin, income, item.fund_project, 0, item.fund_project, begin + income - item.fund_project)


def rich_model(department: str = DEPARTMENT, year: int = YEAR) -> ReportModel:
    t2_rows, t3_rows = _rollup(_income), _rollup(_expense)
    t5_rows, t7_rows = _rollup(_gpb), _rollup(_fund)
    items = list(ITEMS)
    gpb_in = _sum(items, "gpb_basic") + _sum(items, "gpb_project") + _sum(items, "gpb_income_extra")
    fund_in = _sum(items, "fund_project") + _sum(items, "fund_income_extra")
    business, other, operating = _sum(items, "business_basic"), _sum(items, "other_basic"), _sum(items, "operating")
    affiliated = _sum(items, "affiliated_basic")
    income = gpb_in + fund_in + business + other + operating + affiliated
    expense = sum(_expense(item)[0] for item in items)
    carry_begin = GPB_CARRY_BEGIN + FUND_CARRY_BEGIN + OTHER_CARRY_BEGIN
    grand = income + carry_begin
    carry_end = grand - expense
    classes = [(code, values) for code, _, values in t3_rows if len(code) == 3]
    gpb_by_class = {code: values[0] for code, _, values in t5_rows if len(code) == 3}
    fund_by_class = {code: values[2] for code, _, values in t7_rows if len(code) == 3}
    t1 = LedgerTable(
        income=(("一、一般公共预算财政拨款收入", _y(gpb_in)), ("二、政府性基金预算财政拨款收入", _y(fund_in)),
                ("三、国有资本经营预算财政拨款收入", None), ("四、上级补助收入", None), ("五、事业收入", _y(business)),
                ("六、经营收入", _y(operating)), ("七、附属单位上缴收入", _y(affiliated)), ("八、其他收入", _y(other)),
                ("本年收入合计", _y(income)), ("使用非财政拨款结余", None), ("年初结转和结余", _y(carry_begin)),
                ("总计", _y(grand))),
        expense=tuple((NUMERALS[code] + CLASS_NAMES[code], (_y(values[0]),)) for code, values in classes)
        + (("本年支出合计", (_y(expense),)), ("结余分配", (None,)), ("年末结转和结余", (_y(carry_end),)),
           ("总计", (_y(grand),))),
    )
    gpb_out, fund_out = sum(gpb_by_class.values()), sum(fund_by_class.values())
    fiscal_begin = GPB_CARRY_BEGIN + FUND_CARRY_BEGIN
    fiscal_grand = gpb_in + fund_in + fiscal_begin
    gpb_end, fund_end = gpb_in + GPB_CARRY_BEGIN - gpb_out, fund_in + FUND_CARRY_BEGIN - fund_out
    t4 = LedgerTable(
        income=(("一、一般公共预算财政拨款", _y(gpb_in)), ("二、政府性基金预算财政拨款", _y(fund_in)),
                ("三、国有资本经营预算财政拨款", None), ("本年收入合计", _y(gpb_in + fund_in)),
                ("年初财政拨款结转和结余", _y(fiscal_begin)), ("一般公共预算财政拨款", _y(GPB_CARRY_BEGIN)),
                ("政府性基金预算财政拨款", _y(FUND_CARRY_BEGIN)), ("国有资本经营预算财政拨款", None),
                ("总计", _y(fiscal_grand))),
        expense=tuple((NUMERALS[code] + CLASS_NAMES[code],
                       (_y(gpb_by_class.get(code, 0) + fund_by_class.get(code, 0)), _y(gpb_by_class.get(code, 0)),
                        _y(fund_by_class.get(code, 0)), None))
                      for code, _ in classes if gpb_by_class.get(code, 0) + fund_by_class.get(code, 0))
        + (("本年支出合计", (_y(gpb_out + fund_out), _y(gpb_out), _y(fund_out), None)),
           ("年末财政拨款结转和结余", (_y(gpb_end + fund_end), _y(gpb_end), _y(fund_end), None)),
           ("总计", (_y(fiscal_grand), _y(gpb_in + GPB_CARRY_BEGIN), _y(fund_in + FUND_CARRY_BEGIN), None))),
    )
    basic_total = sum(item.gpb_basic for item in items)
    economic: list[tuple[str, str, float | None]] = []
    group_cents: dict[str, int] = {}
    left = basic_total
    for position, (code, name, parts) in enumerate(ECONOMIC_SHARES):
        cents = left if position == len(ECONOMIC_SHARES) - 1 else basic_total * GROUP_SHARE[code] // 100
        left -= cents
        group_cents[code] = cents
        economic.append((code, name, _y(cents)))
        rest = cents
        for index, (part_code, part_name, share) in enumerate(parts):
            part = rest if index == len(parts) - 1 else cents * share // 100
            rest -= part
            economic.append((part_code, part_name, _y(part)))
    personnel = group_cents["301"] + group_cents["303"]
    t6 = EconomicTable(tuple(economic), _z(personnel), _z(basic_total - personnel))
    vehicle_operation = next(amount for code, _, amount in economic if code == "30231")
    reception = next(amount for code, _, amount in economic if code == "30217")
    t9 = SangongTable((
        ("total", 95.00, round(12.30 + 60.00 + vehicle_operation + reception, 2)), ("abroad", 15.00, 12.30),
        ("vehicle", 65.00, round(60.00 + vehicle_operation, 2)), ("vehicle_purchase", 40.00, 60.00),
        ("vehicle_operation", 25.00, vehicle_operation), ("reception", 15.00, reception),
    ))
    prior = grand - 120_000  # 1,200.00 万元 less than this year
    narrative = (
        f"第三部分 {department}{year}年度部门决算情况说明",
        "一、收入支出决算总体情况说明",
        f"{year}年度收、支总计均为{_z(grand):,.2f}万元。与上年相比，收、支总计各增加1,200.00万元，"
        f"增长{120_000 / prior * 100:.2f}%。",
    )
    return ReportModel(
        department=department, year=year,
        tables=(("t1", t1), ("t2", _subject(t2_rows, 7)), ("t3", _subject(t3_rows, 6)), ("t4", t4),
                ("t5", _subject(t5_rows, 3)), ("t6", t6), ("t7", _subject(t7_rows, 6)),
                ("t8", SubjectTable((None,) * 3, ())), ("t9", t9)),
        narrative=narrative,
        no_data=(("t8", "本部门无国有资本经营预算财政拨款支出，故本表无数据。"),),
        stated=(("prior_year_total", _z(prior)), ("gpb_initial_budget", None)),
        overview=("第一部分 部门概况", "一、部门职责", "负责本区文化和旅游事务。"),
    )
