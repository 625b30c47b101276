"""Real templates of other provinces and years, as variants of a model.

Each variant is how a class of published 部门决算/单位决算 prints the same figures, as
found in reports of the central departments and of 北京, 上海, 广东, 湖北, 四川, 陕西, 甘肃 …
(2015–2025): other titles for the nine tables, other table sets (Sichuan's 13 tables with
detail tables beside ours; Beijing's 政府采购/国有资产 tables after them; 8 tables before
2020), other row labels (一、财政拨款收入 before the split by budget, 用事业基金弥补收支差额
before 2019, 收入总计/支出总计, class names of the 2015–2018 classification), other
columns (a subset of 表2/表3 columns, 表5 with 人员经费/公用经费 beside 基本支出, 表4 without
a 国有资本经营预算 column, codes split over 类/款/项 cells or joined to the name, no 栏次
row), 表6 as one row per code with 合计/人员经费/公用经费 columns or in three groups, whole
tables in 元. Figures never change meaning here: `truth(model)` of the result is the truth.

`TEMPLATES`: name → function(model) → (model, Layout); `rich_model()` (testbed.rich) is the
model they are meant for (every column filled somewhere).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from testbed.layout import Layout
from testbed.model import EconomicTable, ExtraTable, LedgerTable, ReportModel, SangongTable, SubjectTable
from testbed.rich import FORMER_CLASS_NAMES

Template = Callable[[ReportModel], tuple[ReportModel, Layout]]


def _retitled(model: ReportModel, titles: dict[str, str]) -> ReportModel:
    keep = tuple((k, v) for k, v in model.titles if k not in titles)
    return replace(model, titles=keep + tuple(titles.items()))


def _reorder(model: ReportModel, order: tuple[str, ...]) -> ReportModel:
    tables = dict(model.tables)
    return replace(model, tables=tuple((key, tables[key]) for key in order if key in tables))


def _ledger(model: ReportModel, key: str) -> LedgerTable:
    table = model.table(key)
    assert isinstance(table, LedgerTable)
    return table


def _amount(lines: tuple, label: str) -> float | None:
    return next(amount for name, amount in lines if name == label)


def _set(lines: tuple, label: str, amount: object) -> tuple:
    return tuple((name, amount if name == label else value) for name, value in lines)


# --- figures moved between lines (every total stays) ------------------------------------


def with_fund_used(model: ReportModel, amount: float = 2000.00) -> ReportModel:
    """使用非财政拨款结余 (用事业基金弥补收支差额 before 2019) takes `amount` of 年初结转和结余:
    总计 stays, the line is no longer empty."""
    t1 = _ledger(model, "t1")
    income = _set(t1.income, "使用非财政拨款结余", amount)
    income = _set(income, "年初结转和结余", round((_amount(t1.income, "年初结转和结余") or 0) - amount, 2))
    return model.with_table("t1", replace(t1, income=income))


def with_surplus(model: ReportModel, amount: float = 500.00) -> ReportModel:
    """结余分配 takes `amount` of 年末结转和结余 (总计 stays)."""
    t1 = _ledger(model, "t1")
    end = next(values for name, values in t1.expense if name == "年末结转和结余")[0] or 0.0
    expense = tuple((name, (amount,) if name == "结余分配" else (round(end - amount, 2),) if name == "年末结转和结余" else values)
                    for name, values in t1.expense)
    return model.with_table("t1", replace(t1, expense=expense))


def unsplit_fiscal(model: ReportModel) -> ReportModel:
    """表1 before the split by budget (2015–2017): one '一、财政拨款收入' line."""
    t1 = _ledger(model, "t1")
    fiscal = round(sum(amount or 0.0 for name, amount in t1.income if "财政拨款收入" in name), 2)
    others = [(re.sub(r"^[一二三四五六七八九十]+、", "", name), amount) for name, amount in t1.income
              if "财政拨款收入" not in name and re.match(r"^[一二三四五六七八九十]+、", name)]
    numbered = [(f"{'二三四五六七八九'[i]}、{name}", amount) for i, (name, amount) in enumerate(others)]
    rest = [(name, amount) for name, amount in t1.income if not re.match(r"^[一二三四五六七八九十]+、", name)]
    return model.with_table("t1", replace(t1, income=(("一、财政拨款收入", fiscal), *numbered, *rest)))


def former_class_names(model: ReportModel) -> ReportModel:
    """The 2015–2018 classification's names of 207 and 210, in every table."""
    def rename(name: str) -> str:
        for code, old in FORMER_CLASS_NAMES.items():
            from testbed.rich import CLASS_NAMES

            name = name.replace(CLASS_NAMES[code], old)
        return name

    tables = []
    for key, data in model.tables:
        if isinstance(data, LedgerTable):
            data = LedgerTable(data.income, tuple((rename(name), values) for name, values in data.expense))
        elif isinstance(data, SubjectTable):
            data = SubjectTable(data.total, tuple((code, rename(name) if len(code) == 3 else name, values)
                                                  for code, name, values in data.rows))
        tables.append((key, data))
    return replace(model, tables=tuple(tables))


def in_year(model: ReportModel, year: int) -> ReportModel:
    narrative = tuple(line.replace(str(model.year), str(year)) for line in model.narrative)
    return replace(model, year=year, narrative=narrative)


def in_yuan(model: ReportModel) -> ReportModel:
    """Every table in 元 (the narrative still in 万元, as such reports print it)."""
    def y(value: float | None) -> float | None:
        return None if value is None else round(value * 10000, 2)

    tables = []
    for key, data in model.tables:
        if isinstance(data, LedgerTable):
            data = LedgerTable(tuple((n, y(a)) for n, a in data.income), tuple((n, tuple(map(y, v))) for n, v in data.expense))
        elif isinstance(data, SubjectTable):
            data = SubjectTable(tuple(map(y, data.total)), tuple((c, n, tuple(map(y, v))) for c, n, v in data.rows))
        elif isinstance(data, EconomicTable):
            data = EconomicTable(tuple((c, n, y(a)) for c, n, a in data.items), y(data.personnel), y(data.public))
        elif isinstance(data, SangongTable):
            data = SangongTable(tuple((k, y(b), y(f)) for k, b, f in data.cells))
        tables.append((key, data))
    return replace(model, tables=tuple(tables), unit="元")


# --- tables that are not one of the nine ----------------------------------------------


def _detail_rows(model: ReportModel, key: str) -> tuple[tuple[str, ...], ...]:
    """A detail table's rows: the subjects of `key` with their total split four ways."""
    table = model.table(key)
    assert isinstance(table, SubjectTable)
    rows = []
    for code, name, values in table.rows:
        total = values[0] or 0.0
        rows.append((code, name, f"{total:,.2f}", f"{total * 0.6:,.2f}", f"{total * 0.1:,.2f}", f"{total * 0.3:,.2f}"))
    return tuple(rows)


DETAIL_HEADER = (("科目编码", "科目名称", "合计", "人员经费", "公用经费", "项目支出"),)


def sichuan_extras(model: ReportModel) -> tuple[ExtraTable, ...]:
    """Sichuan's set beside ours (13 tables in all)."""
    project = (("30201", "办公费", "120.00"), ("30227", "委托业务费", "5,410.20"), ("31002", "办公设备购置", "65.00"))
    return (
        ExtraTable("t4", "财政拨款支出决算明细表", DETAIL_HEADER, _detail_rows(model, "t3")),
        ExtraTable("t5", "一般公共预算财政拨款支出决算明细表", DETAIL_HEADER, _detail_rows(model, "t5")),
        ExtraTable("t6", "一般公共预算财政拨款项目支出决算表",
                   (("科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"),),
                   tuple((code, name, amount, "", "", "") for code, name, amount in project) + (("合计", "", "5,595.20", "", "", ""),)),
        ExtraTable("t7", "国有资本经营预算财政拨款收入支出决算表", (("项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"),),
                   (("合计", "", "", "", ""),), "本部门无国有资本经营预算财政拨款收入支出，故本表无数据。"),
        ExtraTable("t9", "政府性基金预算财政拨款“三公”经费支出决算表",
                   (("预算数", "", "", "", "", "", "决算数", "", "", "", "", ""),),
                   (("", "", "", "", "", "", "", "", "", "", "", ""),), "本部门无政府性基金预算财政拨款安排的“三公”经费支出，故本表无数据。"),
    )


def beijing_extras() -> tuple[ExtraTable, ...]:
    """Beijing prints its 政府采购, 政府购买服务 and 国有资产 tables after the nine."""
    return (
        ExtraTable("t9", "政府采购情况表", (("项目", "合计", "货物", "工程", "服务"),),
                   (("政府采购支出总额", "2,310.45", "410.25", "1,200.00", "700.20"), ("其中：授予中小企业合同金额", "1,500.00", "300.00", "800.00", "400.00"))),
        ExtraTable("t9", "政府购买服务决算情况表", (("序号", "项目名称", "服务内容", "决算数"),),
                   (("1", "201 一般公共服务支出", "物业管理服务", "310.00"), ("2", "207 文化旅游体育与传媒支出", "公共文化服务", "1,250.40"))),
        ExtraTable("t9", "国有资产占用情况表", (("项目", "车辆数（辆）", "单价100万元以上设备（台）", "资产总额"),),
                   (("合计", "6", "2", "12,850.32"), ("其中：一般公务用车", "4", "", "96.00"))),
    )


# --- the variants -----------------------------------------------------------------------


def alias_titles_a(model: ReportModel) -> tuple[ReportModel, Layout]:
    """部门收支决算总表 / 部门收入决算表 / 部门支出决算表 / 财政拨款收支决算总表 / … (Zhejiang-,
    Guangdong-style names), '一、' numbering."""
    return _retitled(model, {
        "t1": "部门收支决算总表", "t2": "部门收入决算表", "t3": "部门支出决算表", "t4": "财政拨款收支决算总表",
        "t6": "一般公共预算财政拨款基本支出决算明细表", "t7": "政府性基金预算财政拨款支出决算表",
        "t8": "国有资本经营预算财政拨款收入支出决算表", "t9": "一般公共预算财政拨款“三公”经费支出决算表",
    }), Layout(numbering="prefix")


def alias_titles_b(model: ReportModel) -> tuple[ReportModel, Layout]:
    """部门收入支出决算总表 / 收入决算总表 / 支出决算总表 (Shaanxi) / 表5 titled as the 明细表 of
    its set / 三公 with 会议费、培训费 in the title; 'X年度…（表N）' numbering."""
    return _retitled(model, {
        "t1": "部门收入支出决算总表", "t2": "收入决算总表", "t3": "支出决算总表",
        "t5": "一般公共预算财政拨款支出决算明细表", "t9": "一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表",
    }), Layout()


def sichuan_thirteen(model: ReportModel) -> tuple[ReportModel, Layout]:
    """Sichuan's 13 tables (第五部分 附表 after the 情况说明): detail tables after 表4, 表5 and
    表6, 国有资本经营预算 in two tables, a 政府性基金 三公 table; 三公 last."""
    varied = _retitled(model, {"t6": "一般公共预算财政拨款基本支出决算明细表"})
    return replace(varied, extras=sichuan_extras(model), kind="单位"), Layout(narrative="first", numbering="prefix")


def beijing_extra_tables(model: ReportModel) -> tuple[ReportModel, Layout]:
    """The nine, then 政府采购情况表, 政府购买服务 and 国有资产占用情况表 (Beijing)."""
    return replace(model, extras=beijing_extras()), Layout(numbering="suffix")


def eight_unnumbered_2017(model: ReportModel) -> tuple[ReportModel, Layout]:
    """A 2017 report: 8 tables without numbers (no 国有资本经营预算 table), 三公 as the 7th with
    its 一般公共预算 title, the 2015–2018 class names, one 财政拨款收入 line, 用事业基金弥补收支差额."""
    varied = in_year(former_class_names(unsplit_fiscal(with_fund_used(model))), 2017)
    varied = _retitled(_reorder(varied.with_table("t8", None), ("t1", "t2", "t3", "t4", "t5", "t6", "t9", "t7")),
                       {"t9": "一般公共预算财政拨款“三公”经费支出决算表"})
    return varied, Layout(numbering="none", label_map=(("使用非财政拨款结余", "用事业基金弥补收支差额"),))


def central_2016(model: ReportModel) -> tuple[ReportModel, Layout]:
    """A 2016 central-department report: 公开0N表 codes, 8 tables, 表4 without a 国有资本经营预算
    column, 用事业基金弥补收支差额 and 结余分配 filled."""
    varied = in_year(former_class_names(with_surplus(with_fund_used(model))), 2016)
    varied = _reorder(varied.with_table("t8", None), ("t1", "t2", "t3", "t4", "t5", "t6", "t9", "t7"))
    return varied, Layout(numbering="code", t4_funds=2, label_map=(("使用非财政拨款结余", "用事业基金弥补收支差额"),))


def ledger_labels(model: ReportModel) -> tuple[ReportModel, Layout]:
    """表1 with 表4-style income labels, 收入总计/支出总计, no 行次, labels without numbering."""
    labels = (("一、一般公共预算财政拨款收入", "一般公共预算财政拨款收入"), ("二、政府性基金预算财政拨款收入", "政府性基金预算财政拨款"),
              ("三、国有资本经营预算财政拨款收入", "国有资本经营预算财政拨款"), ("总计", "收入总计"),
              ("使用非财政拨款结余", "使用非财政拨款结余（含专用结余）"))
    varied = model
    for key in ("t1", "t4"):
        table = _ledger(model, key)
        expense = tuple(("支出总计" if name == "总计" else name, values) for name, values in table.expense)
        varied = varied.with_table(key, replace(table, expense=expense))
    return with_surplus(varied), Layout(line_numbers=False, label_map=labels)


def column_subsets(model: ReportModel) -> tuple[ReportModel, Layout]:
    """表2/表3 print only the columns the unit uses (another order for 表3's last two), 表5
    splits 基本支出 into 人员经费 and 公用经费, no 栏次 row."""
    columns = (("t2", ("本年收入合计", "财政拨款收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")),
               ("t3", ("本年支出合计", "基本支出", "项目支出", "经营支出", "对附属单位补助支出", "上缴上级支出")),
               ("t5", ("合计", "基本支出", "人员经费", "公用经费", "项目支出")))
    return model, Layout(columns=columns, column_numbers=False)


def split_codes(model: ReportModel) -> tuple[ReportModel, Layout]:
    """Codes over 类 | 款 | 项 cells ('201 | 03 | 01'), 表6 in the central three groups."""
    return model, Layout(codes="split", economic="triple")


def joined_codes(model: ReportModel) -> tuple[ReportModel, Layout]:
    """Code and name in one cell ('2010301 行政运行'), 表6 one row per code × 合计/人员经费/公用经费."""
    return model, Layout(codes="joined", economic="columns")


def coded_columns(model: ReportModel) -> tuple[ReportModel, Layout]:
    """'科目编码 | 科目名称' columns, 表4 without the 国有资本经营预算 column, thousands
    separators off."""
    return model, Layout(codes="coded", t4_funds=2, thousands=False)


def yuan_tables(model: ReportModel) -> tuple[ReportModel, Layout]:
    """Every table in 元 (单位：元), the narrative in 万元."""
    return in_yuan(model), Layout()


TEMPLATES: dict[str, Template] = {
    "alias_titles_a": alias_titles_a,
    "alias_titles_b": alias_titles_b,
    "sichuan_thirteen": sichuan_thirteen,
    "beijing_extra_tables": beijing_extra_tables,
    "eight_unnumbered_2017": eight_unnumbered_2017,
    "central_2016": central_2016,
    "ledger_labels": ledger_labels,
    "column_subsets": column_subsets,
    "split_codes": split_codes,
    "joined_codes": joined_codes,
    "coded_columns": coded_columns,
    "yuan_tables": yuan_tables,
}
# the table set each template prints (others: the nine)
TEMPLATE_SETS = {"eight_unnumbered_2017": 8, "central_2016": 8}
