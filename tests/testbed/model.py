"""The report model every variant is rendered from: the nine tables as figures.

A `ReportModel` holds what a 部门决算 says (department, year, each table's rows and
amounts, the 情况说明 lines), not how it is printed; `lib`-independent `truth()` reads
the key figures back from the model, so every rendered variant has its true figures.
Models come from the generated clean report (`clean_model`, no corpus needed) or from a
corpus report's parsed frames (`model_from_report`, built at test time, never stored).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

Amount = float | None
PAGE_BREAK = "\f"  # a narrative entry: the original's page ended here

# 表2/3/5/7/8 column labels (the order the standard template prints them)
MEASURE_LABELS: dict[str, tuple[str, ...]] = {
    "t2": ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
    "t3": ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
    "t5": ("合计", "基本支出", "项目支出"),
    "t7": ("年初结转和结余", "本年收入", "本年支出小计", "基本支出", "项目支出", "年末结转和结余"),
    "t8": ("合计", "基本支出", "项目支出"),
}
MEASURE_KEYS: dict[str, tuple[str, ...]] = {
    "t2": ("income_total", "fiscal", "superior_subsidy", "business", "operating", "affiliated", "other"),
    "t3": ("expense_total", "basic", "project", "to_superior", "operating", "to_affiliated"),
    "t5": ("total", "basic", "project"),
    "t7": ("carry_begin", "income", "expense_total", "basic", "project", "carry_end"),
    "t8": ("total", "basic", "project"),
}
# 表9 categories in the standard column order; meeting/training only in the 会议费、培训费 variant
SANGONG_CATEGORIES = (
    ("total", "合计"), ("abroad", "因公出国（境）费"), ("vehicle", "公务用车购置及运行维护费"),
    ("vehicle_purchase", "公务用车购置费"), ("vehicle_operation", "公务用车运行维护费"), ("reception", "公务接待费"),
)
EXTRA_SANGONG = (("meeting", "会议费"), ("training", "培训费"))

STANDARD_TITLES = {
    "t1": "收入支出决算总表",
    "t2": "收入决算表",
    "t3": "支出决算表",
    "t4": "财政拨款收入支出决算总表",
    "t5": "一般公共预算财政拨款支出决算表",
    "t6": "一般公共预算财政拨款基本支出决算表",
    "t7": "政府性基金预算财政拨款收入支出决算表",
    "t8": "国有资本经营预算财政拨款支出决算表",
    "t9": "财政拨款“三公”经费支出决算表",
}


@dataclass(frozen=True)
class LedgerTable:
    """表1/表4: income (label, amount) and expense (label, amounts) lines, totals included.
    表4 expense amounts are (小计, 一般公共预算, 政府性基金, 国有资本经营)."""

    income: tuple[tuple[str, Amount], ...]
    expense: tuple[tuple[str, tuple[Amount, ...]], ...]


@dataclass(frozen=True)
class SubjectTable:
    """表2/3/5/7/8: the 合计 row and (code, name, values) rows in MEASURE_LABELS order."""

    total: tuple[Amount, ...]
    rows: tuple[tuple[str, str, tuple[Amount, ...]], ...]


@dataclass(frozen=True)
class EconomicTable:
    """表6: (code, name, amount) in printed order, split by 人员经费 (301/303) / 公用经费."""

    items: tuple[tuple[str, str, Amount], ...]
    personnel: Amount
    public: Amount


@dataclass(frozen=True)
class SangongTable:
    """表9: category key → (预算数, 决算数); `extra` adds 会议费/培训费."""

    cells: tuple[tuple[str, Amount, Amount], ...]

    def get(self, category: str) -> tuple[Amount, Amount]:
        for key, budget, final in self.cells:
            if key == category:
                return budget, final
        return None, None


@dataclass(frozen=True)
class ExtraTable:
    """A table that is not one of the nine (Sichuan's 项目支出决算表, Beijing's 政府采购情况表 …),
    printed after table `after` with its own title and cells: the reader must leave it alone."""

    after: str
    title: str
    header: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    note: str | None = None


TableData = LedgerTable | SubjectTable | EconomicTable | SangongTable


@dataclass(frozen=True)
class ReportModel:
    """What one report says. `tables` in printed order (key t1…t9 by content); `titles`
    overrides a table's printed title; `no_data` holds the "本表无数据" sentence of
    empty tables; `narrative` the 情况说明 lines (heading first); `stated` the figures
    the narrative states (`prior_year_total`, `gpb_initial_budget`) when known."""

    department: str
    year: int
    tables: tuple[tuple[str, TableData], ...]
    narrative: tuple[str, ...] = ()
    titles: tuple[tuple[str, str], ...] = ()
    no_data: tuple[tuple[str, str], ...] = ()
    unit: str = "万元"
    kind: str = "部门"  # 部门 or 单位 (决算)
    stated: tuple[tuple[str, Amount], ...] = ()
    glossary: tuple[str, ...] = ("第四部分 名词解释", "一、财政拨款收入：指本年度从本级财政部门取得的财政拨款。")
    overview: tuple[str, ...] = ()
    extras: tuple[ExtraTable, ...] = ()

    def table(self, key: str) -> TableData | None:
        return dict(self.tables).get(key)

    def title(self, key: str) -> str:
        return dict(self.titles).get(key, STANDARD_TITLES[key])

    def with_table(self, key: str, data: TableData | None) -> ReportModel:
        """A copy with table `key` replaced (or dropped when `data` is None)."""
        tables = tuple((k, data if k == key else v) for k, v in self.tables if not (k == key and data is None))
        if data is not None and key not in dict(self.tables):
            tables += ((key, data),)
        return replace(self, tables=tables)


def _label(text: str) -> str:
    return re.sub(r"^[(（]?[一二三四五六七八九十]+[)）、.]", "", text.replace(" ", ""))


def _zero(amount: Amount) -> float:
    return 0.0 if amount is None else round(float(amount), 6)


def truth(model: ReportModel) -> dict[str, Any]:
    """The `summary` figures this model states (None when the table or row is absent)."""
    result: dict[str, Any] = {"department": model.department, "year": model.year, "unit": "万元"}
    factor = {"万元": 1.0, "元": 1e-4}[model.unit]

    def scaled(amount: Amount) -> Amount:
        return None if amount is None else round(amount * factor, 6)

    t1 = model.table("t1")
    income = {_label(label): amount for label, amount in t1.income} if isinstance(t1, LedgerTable) else {}
    expense = {_label(label): amounts[0] for label, amounts in t1.expense} if isinstance(t1, LedgerTable) else {}

    def ledger(side: dict[str, Amount], label: str) -> Amount:
        if t1 is None or label not in side:
            return None
        return _zero(scaled(side[label]))

    result["income_total"] = ledger(income, "本年收入合计")
    result["expense_total"] = ledger(expense, "本年支出合计")
    result["grand_total"] = ledger(income, "总计")
    result["carryover_begin"] = ledger(income, "年初结转和结余")
    result["carryover_end"] = ledger(expense, "年末结转和结余")

    def subject(key: str, column: int) -> Amount:
        table = model.table(key)
        return None if not isinstance(table, SubjectTable) else _zero(scaled(table.total[column]))

    result["fiscal_income"] = subject("t2", 1)
    result["basic_expense"] = subject("t3", 1)
    result["project_expense"] = subject("t3", 2)
    result["gpb_expense"] = subject("t5", 0)
    t6 = model.table("t6")
    result["personnel_expense"] = _zero(scaled(t6.personnel)) if isinstance(t6, EconomicTable) else None
    result["public_expense"] = _zero(scaled(t6.public)) if isinstance(t6, EconomicTable) else None
    t9 = model.table("t9")
    budget, final = t9.get("total") if isinstance(t9, SangongTable) else (None, None)
    result["sangong_budget"] = _zero(scaled(budget)) if t9 is not None else None
    result["sangong_final"] = _zero(scaled(final)) if t9 is not None else None
    t3 = model.table("t3")
    result["expense_by_class"] = (
        {code: _zero(scaled(values[0])) for code, _, values in sorted(t3.rows) if len(code) == 3}
        if isinstance(t3, SubjectTable) else None
    )
    result["tables_found"] = sorted(key for key, _ in model.tables)
    stated = dict(model.stated)
    result["prior_year_total"] = stated.get("prior_year_total")
    result["gpb_initial_budget"] = stated.get("gpb_initial_budget")
    result["table_set"] = len(model.tables)
    result["table_set_tables"] = [key for key in STANDARD_TITLES if key in dict(model.tables)]
    result["accounts_kind"] = f"{model.kind}决算"
    return result


# --- models -------------------------------------------------------------------------


def clean_model() -> ReportModel:
    """The generated clean report (tests/synthetic.py's figures) as a model."""
    import synthetic as s

    rows = tuple((code, name, (total, basic, project)) for code, name, total, basic, project in s.EXPENSE_ROWS)
    classes = [(code, name, total) for code, name, total, _, _ in s.EXPENSE_ROWS if len(code) == 3]
    numerals = {"201": "一、", "208": "八、", "221": "十九、"}
    t1 = LedgerTable(
        income=(("一、一般公共预算财政拨款收入", s.TOTAL), ("二、政府性基金预算财政拨款收入", None),
                ("三、国有资本经营预算财政拨款收入", None), ("四、上级补助收入", None), ("五、事业收入", None),
                ("本年收入合计", s.TOTAL), ("使用非财政拨款结余", None), ("年初结转和结余", s.CARRY_BEGIN),
                ("总计", s.GRAND_TOTAL)),
        expense=tuple((numerals[code] + name, (total,)) for code, name, total in classes)
        + (("本年支出合计", (s.TOTAL,)), ("结余分配", (None,)), ("年末结转和结余", (s.CARRY_END,)),
           ("总计", (s.GRAND_TOTAL,))),
    )
    t4 = LedgerTable(
        income=(("一、一般公共预算财政拨款", s.TOTAL), ("二、政府性基金预算财政拨款", None),
                ("三、国有资本经营预算财政拨款", None), ("本年收入合计", s.TOTAL),
                ("年初财政拨款结转和结余", s.CARRY_BEGIN), ("一般公共预算财政拨款", s.CARRY_BEGIN),
                ("总计", s.GRAND_TOTAL)),
        expense=tuple((numerals[code] + name, (total, total, None, None)) for code, name, total in classes)
        + (("本年支出合计", (s.TOTAL, s.TOTAL, None, None)),
           ("年末财政拨款结转和结余", (s.CARRY_END, s.CARRY_END, None, None)),
           ("总计", (s.GRAND_TOTAL, s.GRAND_TOTAL, None, None))),
    )
    t2 = SubjectTable((s.TOTAL, s.TOTAL, None, None, None, None, None),
                      tuple((c, n, (v[0], v[0], None, None, None, None, None)) for c, n, v in rows))
    t3 = SubjectTable((s.TOTAL, s.BASIC, s.PROJECT, None, None, None),
                      tuple((c, n, (*v, None, None, None)) for c, n, v in rows))
    t5 = SubjectTable((s.TOTAL, s.BASIC, s.PROJECT), rows)
    t6 = EconomicTable(tuple(s.ECONOMIC_ROWS), s.PERSONNEL, s.PUBLIC)
    t7 = SubjectTable((None,) * 6, ())
    t8 = SubjectTable((None,) * 3, ())
    v = s.SANGONG
    t9 = SangongTable(tuple((key, v[i], v[i + 6]) for i, (key, _) in enumerate(SANGONG_CATEGORIES)))
    prior = round(s.GRAND_TOTAL - 15.50, 2)
    return ReportModel(
        department=s.DEPARTMENT, year=s.YEAR,
        tables=(("t1", t1), ("t2", t2), ("t3", t3), ("t4", t4), ("t5", t5), ("t6", t6), ("t7", t7), ("t8", t8), ("t9", t9)),
        narrative=tuple(s.NARRATIVE) + (
            "二、一般公共预算财政拨款支出决算情况说明",
            f"{s.YEAR}年度一般公共预算财政拨款支出年初预算为130.00万元，支出决算为{s.TOTAL:.2f}万元，完成年初预算的108.08%。",
        ),
        no_data=(("t7", s.NO_DATA["政府性基金预算财政拨款收入支出决算表"]), ("t8", s.NO_DATA["国有资本经营预算财政拨款支出决算表"])),
        stated=(("prior_year_total", prior), ("gpb_initial_budget", 130.00)),
        overview=("第一部分 部门概况", "一、部门职责", "负责本区示例事务。"),
    )


_LEDGER_KEEP = re.compile(r"^(?:[一二三四五六七八九十]+、|本年收入合计|本年支出合计|年初|年末|总计|结余分配|使用非财政拨款结余)")


def _nan(value: object) -> Amount:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), 2)  # type: ignore[arg-type]


def model_from_report(report: Any, stated: dict[str, Amount] | None = None) -> ReportModel:
    """A model of a parsed corpus Report (its frames, its narrative lines' text).

    Only figures the parse holds are carried over; `stated` gives the narrative
    figures (from the parse of the original, e.g. `summarize(report)`)."""
    tables: list[tuple[str, TableData]] = []
    for key in report.tables_found:
        if key in ("t1", "t4"):
            frame = report.ledger[report.ledger["table"] == key]
            income: list[tuple[str, Amount]] = []
            expense: list[tuple[str, tuple[Amount, ...]]] = []
            for (side, label, _, _), group in frame.groupby(["side", "label", "page", "line"], sort=False):
                amounts = tuple(_nan(a) for a in group["amount"])
                if all(a is None for a in amounts) and not _LEDGER_KEEP.match(label.replace(" ", "")):
                    continue  # a header word the parse kept as an item ('公开', a fund column's name)
                if side == "收入":
                    income.append((label, amounts[0]))
                else:
                    expense.append((label, amounts))
            tables.append((key, LedgerTable(tuple(income), tuple(expense))))
        elif key in MEASURE_KEYS:
            keys = MEASURE_KEYS[key]
            totals = report.subject_totals[report.subject_totals["table"] == key]
            subjects = report.subjects[report.subjects["table"] == key]
            present = set(totals["measure"]) | set(subjects["measure"])
            if key in ("t8",) and "carry_begin" in present:
                return_keys = MEASURE_KEYS["t7"]
            else:
                return_keys = keys
            by_measure = dict(zip(totals["measure"], totals["amount"]))
            total = tuple(_nan(by_measure.get(m)) for m in return_keys)
            rows = []
            for (code, name), group in subjects.groupby(["subject_code", "subject_name"], sort=False):
                values = dict(zip(group["measure"], group["amount"]))
                rows.append((str(code), str(name), tuple(_nan(values.get(m)) for m in return_keys)))
            if key == "t8" and return_keys != keys:
                continue  # a 表8 with carry-over columns: not modelled
            tables.append((key, SubjectTable(total, tuple(rows))))
        elif key == "t6":
            items = tuple((str(r.code), str(r.name), _nan(r.amount)) for r in report.economic.itertuples())
            totals = {str(r.label)[:4]: _nan(r.amount) for r in report.economic_totals.itertuples()}
            tables.append((key, EconomicTable(items, totals.get("人员经费"), totals.get("公用经费"))))
        elif key == "t9":
            frame = report.sangong
            cells = []
            for category, _ in SANGONG_CATEGORIES:
                rows = frame[frame["category"] == category].set_index("measure")["amount"]
                cells.append((category, _nan(rows.get("budget")), _nan(rows.get("final"))))
            tables.append((key, SangongTable(tuple(cells))))
    no_data = tuple((t, text) for t, (_, _, text) in report.empty_statements.items())
    return ReportModel(
        department=report.meta.department, year=report.meta.year, tables=tuple(tables),
        narrative=_narrative_with_pages(report.narrative),
        no_data=no_data, stated=tuple((stated or {}).items()),
    )


def _narrative_with_pages(lines: Any) -> tuple[str, ...]:
    """The narrative's text lines with PAGE_BREAK where the original's pages end (a page
    number printed at a page's foot stays the last line of its page)."""
    result: list[str] = []
    page = None
    for line in lines:
        if line.positional:
            continue
        if page is not None and line.page != page:
            result.append(PAGE_BREAK)
        page = line.page
        result.append(line.text)
    return tuple(result)


@dataclass(frozen=True)
class CellEdit:
    """Replace one rendered cell: the row whose first non-empty label/code cell equals
    `row` (or contains it, with `contains`) in table `table`, column `column`."""

    table: str
    row: str
    column: int
    text: str
    contains: bool = False
