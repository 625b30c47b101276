"""The one table recogniser: Document → the nine tables as parsed records.

Candidates come from every title line (the table of contents repeats the titles);
each candidate is parsed and the one with the most content wins, so tables are
recognised by title and content, never by position.
"""

from __future__ import annotations

import re
from itertools import combinations
from dataclasses import dataclass, field, replace

from lib.document import Document, Line
from lib.tables.economic import EconomicItem, PrintedTotal, parse_economic
from lib.tables.functional import FIRST_IS_SUM, Measure, SubjectRow, parse_functional
from lib.tables.classes import strip_numbering
from lib.tables.ledger import KNOWN_ITEMS, LedgerItem, parse_ledger
from lib.tables.sangong import SangongCell, parse_sangong
from lib.tables.titles import (
    TABLE_IDS,
    TABLE_NAMES,
    Section,
    clean_title,
    find_sections,
    is_foreign_title,
    title_table_id,
)
from lib.textnorm import squash

FUNCTIONAL = ("t2", "t3", "t5", "t7", "t8")
_HEADER_HINT = re.compile(r"项目|科目|栏次|预算数|决算数|经济分类|合计|本年收入|本年支出")
_NO_DATA = re.compile(
    r"本表无数据|为空表|本表为空|(?:单位|部门|本局|年度|当年|年)(?:本年度|当年)?(?:无|没有)"
    r"(?:政府性基金|国有资本|[^。]{0,6}三公|[^。]{0,10}(?:收入|支出|收支))"
)
_UNIT = re.compile(r"单位[:：]?(万元|元|千元|亿元)")



@dataclass
class ParsedTable:
    table_id: str
    title: Line
    body: tuple[Line, ...]
    unit: str = "万元"
    empty_statement: Line | None = None
    subjects: list[SubjectRow] = field(default_factory=list)
    measures: tuple[Measure, ...] = ()
    ledger: list[LedgerItem] = field(default_factory=list)
    economic: list[EconomicItem] = field(default_factory=list)
    economic_totals: list[PrintedTotal] = field(default_factory=list)
    sangong: list[SangongCell] = field(default_factory=list)

    @property
    def name(self) -> str:
        return TABLE_NAMES[self.table_id]

    @property
    def value_count(self) -> int:
        """How many amounts the table prints (0 for an empty or unfilled table)."""
        count = sum(1 for row in self.subjects for amount, _ in row.cells.values() if amount is not None)
        count += sum(1 for item in self.ledger for _, amount, _ in item.amounts if amount is not None)
        count += sum(1 for item in self.economic if item.amount is not None)
        count += sum(1 for cell in self.sangong if cell.amount is not None)
        return count

    @property
    def row_count(self) -> int:
        return len(self.subjects) + len(self.ledger) + len(self.economic) + (1 if self.value_count and self.sangong else 0)

    @property
    def has_body(self) -> bool:
        return self.row_count > 0 or any(_HEADER_HINT.search(squash(line.text)) for line in self.body)


def parse_section(section: Section) -> ParsedTable:
    table = ParsedTable(section.table_id, section.title, section.body)
    header = " ".join(line.text for line in (section.title, *section.body[:10]))
    unit_match = _UNIT.search(squash(header))
    if unit_match:
        table.unit = unit_match.group(1)
    for line in section.body:
        if _NO_DATA.search(squash(line.text)):
            table.empty_statement = line
            break
    table_id = section.table_id
    if table_id in FUNCTIONAL:
        table.subjects, table.measures = parse_functional(table_id, section.body)
    elif table_id in ("t1", "t4"):
        table.ledger = parse_ledger(table_id, section.body)
    elif table_id == "t6":
        table.economic, table.economic_totals = parse_economic(section.body)
    elif table_id == "t9":
        table.sangong = [
            cell if cell.page else type(cell)(cell.measure, cell.category, cell.amount, cell.status, section.title.page, section.title.line_no)
            for cell in parse_sangong(section.body)
        ]
    return table


def _score(table: ParsedTable) -> tuple[int, int, int]:
    return (table.value_count, table.row_count, int(table.has_body))


def merge_continuations(sections: list[Section]) -> list[Section]:
    """A table continued over pages that reprints its title on each page is one table:
    consecutive sections of the same table join (the reprinted title lines dropped,
    so the 合计 rows on the last page stay with the rows before them)."""
    merged: list[Section] = []
    for section in sections:
        previous = merged[-1] if merged else None
        if previous is not None and section.table_id and (previous.table_id, previous.rank) == (section.table_id, section.rank):
            merged[-1] = Section(previous.table_id, previous.title, previous.body + section.body, previous.rank)
        else:
            merged.append(section)
    return merged


_NUMBER_SUFFIX = re.compile(r"[(（]表\s*(\d{1,2})[)）]|公开\s*(\d{1,2})\s*表")
_NUMBER_PREFIX = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?(?:([一二三四五六七八九十]{1,3})[、.．]|(\d{1,2})[、.．](?!\d))")
_CN_DIGITS = {ch: i for i, ch in enumerate("一二三四五六七八九", start=1)}


def _cn_number(text: str) -> int:
    """'八' → 8, '十二' → 12 (table numbers stay below 20)."""
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    return _CN_DIGITS.get(text, 0)


def _printed_number(lines: list[Line], index: int) -> int | None:
    """The number a title line gives its table: '（表8）', '公开08表' (also on the next
    line), '八、…' / '8、…' (titles and contents entries)."""
    text = squash(lines[index].text)
    for candidate in (text, *(squash(line.text) for line in lines[index + 1 : index + 3])):
        match = _NUMBER_SUFFIX.search(candidate)
        if match:
            return int(match.group(1) or match.group(2))
    match = _NUMBER_PREFIX.match(text)
    if match:
        return _cn_number(match.group(1)) if match.group(1) else int(match.group(2))
    return None


# the tables older sets did without (no separate 政府性基金 / 国有资本经营预算 table)
OPTIONAL_IN_OLDER_SETS = {"t7", "t8"}
# the last report year whose national set could do without them (国有资本经营预算财政拨款支出决算表
# joined the published set for the 2020 reports; several provinces printed 8 tables until then)
LAST_OLDER_SET_YEAR = 2019


def recognise_table_set(document: Document, year: int | None = None) -> tuple[str, ...]:
    """Which tables the report's template has. Older sets print 8 tables (no separate
    国有资本经营预算 table) or 7 (nor 政府性基金), numbered to 8 or 7: the set is the tables
    titled anywhere (contents included) when only those are absent and either the highest
    printed number equals the count of tables titled (ours, or ours and others' such as
    项目支出决算表), or the report is of a year before the nine became the rule. A table
    outside the set is not missing. Otherwise the nine."""
    lines = list(document.iter_lines())
    titled: set[str] = set()
    foreign: set[str] = set()
    numbers: list[int] = []
    for index, line in enumerate(lines):
        table_id = title_table_id(line.text)
        if table_id is None:
            if is_foreign_title(line.text):
                foreign.add(clean_title(line.text))
                number = _printed_number(lines, index)
                if number is not None and number <= 20:
                    numbers.append(number)
            continue
        titled.add(table_id)
        number = _printed_number(lines, index)
        if number is not None and number <= 20:
            numbers.append(number)
    declared = max(numbers, default=None)
    absent = set(TABLE_IDS) - titled
    if not absent or not absent <= OPTIONAL_IN_OLDER_SETS:
        return TABLE_IDS
    counted = declared is not None and declared in (len(titled), len(titled) + len(foreign))
    older = year is not None and year <= LAST_OLDER_SET_YEAR
    if counted or older:
        return tuple(table_id for table_id in TABLE_IDS if table_id in titled)
    return TABLE_IDS


def recognise_tables(document: Document) -> dict[str, ParsedTable]:
    """The best candidate per table id; a table absent from the report is absent here.
    A title of rank 1 (a form that names the table only in some sets) is used only when no
    exact title of that table has a body. Sections of other tables (foreign titles) end
    ours and are not read."""
    best: dict[tuple[str, int], ParsedTable] = {}
    for section in merge_continuations(find_sections(document)):
        if not section.table_id:
            continue
        table = parse_section(section)
        if not table.has_body:
            continue
        key = (table.table_id, section.rank)
        current = best.get(key)
        if current is None or _score(table) > _score(current):
            best[key] = table
    chosen: dict[str, ParsedTable] = {}
    for table_id in TABLE_IDS:
        table = best.get((table_id, 0)) or best.get((table_id, 1))
        if table is not None:
            chosen[table_id] = table
    _name_classes(chosen)
    _place_by_other_tables(chosen)
    return chosen


# 表2 合计 columns ↔ 表1 income lines (the same money by source)
_T2_FROM_T1 = (("income_total", ("income_total",)), ("fiscal", ("fiscal_income", "gpb_income", "gov_fund_income", "soe_capital_income")),
               ("superior_subsidy", ("superior_subsidy_income",)), ("business", ("business_income",)),
               ("operating", ("operating_income",)), ("affiliated", ("affiliated_income",)), ("other", ("other_income",)))


def _place_by_other_tables(tables: dict[str, ParsedTable]) -> None:
    _place_t2_by_t1(tables)
    _place_t4_by_t5_t7(tables)


def _class_amounts(table: ParsedTable | None, measure: str) -> dict[str | None, float] | None:
    """类 code (None: the 合计 row) → amount of one measure; None when the table is absent or
    that column's amounts were placed by us (a flattened row's first amount is its total,
    which is certain in tables whose first column is the sum of the others)."""
    if table is None or not any(key == measure for key, _ in table.measures):
        return None
    certain = table.measures[0][0] == measure and (table.table_id in FIRST_IS_SUM or len(table.measures) == 3)
    rows = [row for row in table.subjects if row.code is None or len(row.code) == 3]
    if any(row.placement != "printed" for row in rows) and not certain:
        return None
    return {row.code: row.cells.get(measure, (None, ""))[0] or 0.0 for row in rows}


def _first_known(*sources: dict[str | None, float] | None) -> dict[str | None, float] | None:
    return next((source for source in sources if source is not None), None)


def _place_t4_by_t5_t7(tables: dict[str, ParsedTable]) -> None:
    """A flattened 表4 expense line ('十一、城乡社区支出 300.00 300.00') says its 合计 and one
    fund, not which. Only funds the report has money in can hold it (one its income side
    prints, or whose table prints amounts), and 表5 (一般公共预算) and 表7 (政府性基金) print
    each 类's amount per fund: the one placement those agree on is taken. Undecided, the
    fund columns are unreadable."""
    t4 = tables.get("t4")
    if t4 is None or all(item.placed for item in t4.ledger):
        return
    known = [_class_amounts(tables.get("t5"), "total"), _class_amounts(tables.get("t7"), "expense_total"),
             _first_known(_class_amounts(tables.get("t8"), "total"), _class_amounts(tables.get("t8"), "expense_total"))]
    used = _funds_used(t4, tables)
    for index, item in enumerate(t4.ledger):
        if item.placed:
            continue
        code = item.item[6:] if item.item.startswith("class:") else None if item.item == "expense_total" else ""
        values = [amount for _, amount, _ in item.amounts if amount is not None]
        fits = []
        for columns in combinations(used, len(values) - 1):
            vector = dict(zip((0, *columns), values))
            if abs(vector[0] - sum(vector.get(c, 0.0) for c in (1, 2, 3))) > 0.015:
                continue
            if code == "" or all(source is None or abs(source.get(code, 0.0) - vector.get(column, 0.0)) <= 0.015
                                 for column, source in zip((1, 2, 3), known)):
                fits.append(vector)
        measures = [measure for measure, _, _ in item.amounts]
        if len(fits) == 1:
            amounts = tuple((m, fits[0].get(i), "value" if i in fits[0] else "empty") for i, m in enumerate(measures))
        else:
            amounts = tuple((m, values[0], "value") if i == 0 else (m, None, "unreadable") for i, m in enumerate(measures))
        t4.ledger[index] = replace(item, amounts=amounts, placed=len(fits) == 1)


_FUND_INCOME = (("gpb_income", "carryover_begin_gpb", "t5"), ("gov_fund_income", "carryover_begin_gov_fund", "t7"),
                ("soe_capital_income", "carryover_begin_soe_capital", "t8"))


def _funds_used(t4: ParsedTable, tables: dict[str, ParsedTable]) -> list[int]:
    """表4 fund columns (1 一般公共预算, 2 政府性基金, 3 国有资本经营) the report has money in:
    an income or carry-over line of that fund with an amount, or its own table with amounts."""
    amounts: dict[str, float] = {}
    for item in t4.ledger:
        if item.side == "收入":
            amounts[item.item] = amounts.get(item.item, 0.0) + sum(abs(a or 0.0) for _, a, _ in item.amounts)
    used = []
    for column, (income, carry, table_id) in enumerate(_FUND_INCOME, start=1):
        table = tables.get(table_id)
        printed = table is not None and table.value_count > 0 and any(
            (amount or 0.0) != 0.0 for row in table.subjects for amount, _ in row.cells.values())
        if column == 1 or amounts.get(income, 0.0) or amounts.get(carry, 0.0) or printed:
            used.append(column)
    return used


def _place_t2_by_t1(tables: dict[str, ParsedTable]) -> None:
    """Flattened 表2 rows lost their empty cells; the 合计 row's sources are the income lines
    表1 prints, which settle where its amounts stand (and so the rows under it)."""
    t1, t2 = tables.get("t1"), tables.get("t2")
    if t1 is None or t2 is None or not any(row.placement != "printed" for row in t2.subjects):
        return
    income: dict[str, float] = {}
    for item in t1.ledger:
        if item.side == "收入" and item.item not in income:
            amount = next((a for measure, a, _ in item.amounts if measure == "amount"), None)
            income[item.item] = amount or 0.0
    if "income_total" not in income:
        return
    keys = [key for key, _ in t2.measures]
    hint = {keys.index(key): round(sum(income.get(i, 0.0) for i in items), 2)
            for key, items in _T2_FROM_T1 if key in keys}
    from lib.tables.placement import place_dense_rows

    place_dense_rows(t2.subjects, t2.measures, first_is_sum=True, hint=hint)


_EXPENSE_CLASS = re.compile(r"支出$|^预备费$")


def _name_classes(tables: dict[str, ParsedTable]) -> None:
    """表1/表4 expense lines by 类 whose name is not in our list (a renamed or new 类) take
    the code the report's own 表2/3/5 print beside that name; a line named like a 类 that
    no table codes stays a 类 of unknown code ('class:?名称'), so it still counts in the
    sums and is compared with no code."""
    names: dict[str, str] = {}
    for table_id in FUNCTIONAL:
        for row in tables[table_id].subjects if table_id in tables else ():
            if row.code and len(row.code) == 3:
                names.setdefault(strip_numbering(row.name), row.code)
    for table_id in ("t1", "t4"):
        table = tables.get(table_id)
        if table is None:
            continue
        for index, item in enumerate(table.ledger):
            if item.side != "支出" or item.item.startswith("class:") or item.item in KNOWN_ITEMS:
                continue
            name = strip_numbering(item.label)
            if name in names:
                table.ledger[index] = replace(item, item=f"class:{names[name]}")
            elif _EXPENSE_CLASS.search(name) and not name.startswith("其中") and len(name) <= 20 and \
                    any(amount is not None for _, amount, _ in item.amounts):
                table.ledger[index] = replace(item, item=f"class:?{name}")
