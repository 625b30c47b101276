"""A 汇总-sized report: hundreds of 项 rows, amounts in the hundreds of thousands of 万元.

Deterministic (seeded) and consistent across tables: every 项 is funded by the general
budget, so 表2 = 表3 = 表5 row by row, 表1/表4 list the 类 totals, 表6 splits the basic
expense into 人员经费 and 公用经费. Amounts are summed in cents, so every identity holds.
"""

from __future__ import annotations

import random

from testbed.layout import number_word
from testbed.model import EconomicTable, LedgerTable, ReportModel, SangongTable, SubjectTable

CLASSES = [
    ("201", "一般公共服务支出", "一、"), ("204", "公共安全支出", "四、"), ("205", "教育支出", "五、"),
    ("206", "科学技术支出", "六、"), ("207", "文化旅游体育与传媒支出", "七、"), ("208", "社会保障和就业支出", "八、"),
    ("210", "卫生健康支出", "九、"), ("211", "节能环保支出", "十、"), ("212", "城乡社区支出", "十一、"),
    ("213", "农林水支出", "十二、"), ("214", "交通运输支出", "十三、"), ("221", "住房保障支出", "十九、"),
]


def _yuan(cents: int) -> float:
    return round(cents / 100, 2)


def huizong_model(classes: int = 10, kuan: int = 5, xiang: int = 4, seed: int = 7,
                  department: str = "示例市教育系统", year: int = 2023) -> ReportModel:
    """classes × kuan × xiang 项 rows (default 200, with 款 and 类 rows 260 per table)."""
    rnd = random.Random(seed)
    rows: list[tuple[str, str, tuple[float | None, ...]]] = []
    class_totals: list[tuple[str, str, str, int]] = []
    grand = [0, 0]
    for code, name, numeral in CLASSES[:classes]:
        class_rows: list[tuple[str, str, tuple[float | None, ...]]] = []
        class_sum = [0, 0]
        for k in range(1, kuan + 1):
            kuan_code = f"{code}{k:02d}"
            kuan_rows = []
            kuan_sum = [0, 0]
            for j in range(1, xiang + 1):
                basic = rnd.randrange(50_000_00, 900_000_00) if rnd.random() < 0.8 else 0
                project = rnd.randrange(10_000_00, 600_000_00) if rnd.random() < 0.7 or not basic else 0
                kuan_sum[0] += basic
                kuan_sum[1] += project
                kuan_rows.append((f"{kuan_code}{j:02d}", f"{name[:2]}第{number_word(k)}款第{number_word(j)}项",
                                  (_yuan(basic + project), _yuan(basic) if basic else None, _yuan(project) if project else None)))
            class_sum = [class_sum[0] + kuan_sum[0], class_sum[1] + kuan_sum[1]]
            class_rows.append((kuan_code, f"{name[:2]}第{number_word(k)}款",
                               (_yuan(sum(kuan_sum)), _yuan(kuan_sum[0]) or None, _yuan(kuan_sum[1]) or None)))
            class_rows += kuan_rows
        rows.append((code, name, (_yuan(sum(class_sum)), _yuan(class_sum[0]) or None, _yuan(class_sum[1]) or None)))
        rows += class_rows
        class_totals.append((code, name, numeral, sum(class_sum)))
        grand = [grand[0] + class_sum[0], grand[1] + class_sum[1]]
    total, basic, project = sum(grand), grand[0], grand[1]
    t5 = SubjectTable((_yuan(total), _yuan(basic), _yuan(project)), tuple(rows))
    t3 = SubjectTable((_yuan(total), _yuan(basic), _yuan(project), None, None, None),
                      tuple((c, n, (*v, None, None, None)) for c, n, v in rows))
    t2 = SubjectTable((_yuan(total), _yuan(total), None, None, None, None, None),
                      tuple((c, n, (v[0], v[0], None, None, None, None, None)) for c, n, v in rows))
    t1 = LedgerTable(
        income=(("一、一般公共预算财政拨款收入", _yuan(total)), ("二、政府性基金预算财政拨款收入", None),
                ("三、国有资本经营预算财政拨款收入", None), ("本年收入合计", _yuan(total)),
                ("年初结转和结余", None), ("总计", _yuan(total))),
        expense=tuple((numeral + name, (_yuan(cents),)) for _, name, numeral, cents in class_totals)
        + (("本年支出合计", (_yuan(total),)), ("年末结转和结余", (None,)), ("总计", (_yuan(total),))),
    )
    t4 = LedgerTable(
        income=(("一、一般公共预算财政拨款", _yuan(total)), ("二、政府性基金预算财政拨款", None),
                ("三、国有资本经营预算财政拨款", None), ("本年收入合计", _yuan(total)),
                ("年初财政拨款结转和结余", None), ("总计", _yuan(total))),
        expense=tuple((numeral + name, (_yuan(c), _yuan(c), None, None)) for _, name, numeral, c in class_totals)
        + (("本年支出合计", (_yuan(total), _yuan(total), None, None)), ("年末财政拨款结转和结余", (None, None, None, None)),
           ("总计", (_yuan(total), _yuan(total), None, None))),
    )
    # 表6: basic expense = 人员经费 (301, 303) + 公用经费 (302, 310)
    personnel = basic * 7 // 10
    public = basic - personnel
    wages = personnel * 9 // 10
    items = []
    for code, name, cents, parts in (
        ("301", "工资福利支出", wages, (("30101", "基本工资"), ("30102", "津贴补贴"), ("30108", "机关事业单位基本养老保险缴费"))),
        ("303", "对个人和家庭的补助", personnel - wages, (("30302", "退休费"), ("30305", "生活补助"))),
        ("302", "商品和服务支出", public * 8 // 10, (("30201", "办公费"), ("30211", "差旅费"), ("30217", "公务接待费"))),
        ("310", "资本性支出", public - public * 8 // 10, (("31002", "办公设备购置"),)),
    ):
        items.append((code, name, _yuan(cents)))
        left = cents
        for index, (part_code, part_name) in enumerate(parts):
            share = left if index == len(parts) - 1 else cents // len(parts)
            left -= share
            items.append((part_code, part_name, _yuan(share)))
    t6 = EconomicTable(tuple(items), _yuan(personnel), _yuan(public))
    reception = [c for c in items if c[0] == "30217"][0][2]
    t9 = SangongTable((("total", 950.00, reception + 400.0), ("abroad", 300.00, 150.00), ("vehicle", 500.00, 250.0),
                       ("vehicle_purchase", 200.00, 100.00), ("vehicle_operation", 300.00, 150.00),
                       ("reception", 150.00, reception)))
    empty6 = SubjectTable((None,) * 6, ())
    narrative = (
        f"第三部分 {department}{year}年度部门决算情况说明",
        "一、收入支出决算总体情况说明",
        f"{year}年度收、支总计均为{_yuan(total):.2f}万元。",
    )
    return ReportModel(
        department=department, year=year,
        tables=(("t1", t1), ("t2", t2), ("t3", t3), ("t4", t4), ("t5", t5), ("t6", t6), ("t7", empty6),
                ("t8", SubjectTable((None,) * 3, ())), ("t9", t9)),
        narrative=narrative,
        no_data=(("t7", "本部门无政府性基金预算财政拨款收入支出，故本表无数据。"), ("t8", "本部门无国有资本经营预算财政拨款支出，故本表无数据。")),
    )
