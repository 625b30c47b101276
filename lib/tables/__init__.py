"""The one table recogniser: Document → the nine tables as parsed records.

Candidates come from every title line (the table of contents repeats the titles);
each candidate is parsed and the one with the most content wins, so tables are
recognised by title and content, never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lib.document import Document, Line
from lib.tables.economic import EconomicItem, PrintedTotal, parse_economic
from lib.tables.functional import Measure, SubjectRow, parse_functional
from lib.tables.ledger import LedgerItem, parse_ledger
from lib.tables.sangong import SangongCell, parse_sangong
from lib.tables.titles import TABLE_IDS, TABLE_NAMES, Section, find_sections, title_table_id
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
        if previous is not None and previous.table_id == section.table_id:
            merged[-1] = Section(previous.table_id, previous.title, previous.body + section.body)
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


def recognise_table_set(document: Document) -> tuple[str, ...]:
    """Which tables the report's template has. Older sets print 8 tables (no separate
    国有资本经营预算 table) or 7 (nor 政府性基金), numbered to 8 or 7: when the highest
    printed number equals the count of distinct tables titled anywhere (contents
    included) and only those tables are absent, that is the set, and a table outside it
    is not missing. Otherwise the nine."""
    lines = list(document.iter_lines())
    titled: set[str] = set()
    numbers: list[int] = []
    for index, line in enumerate(lines):
        table_id = title_table_id(line.text)
        if table_id is None:
            continue
        titled.add(table_id)
        number = _printed_number(lines, index)
        if number is not None and number <= 12:
            numbers.append(number)
    declared = max(numbers, default=None)
    absent = set(TABLE_IDS) - titled
    if declared is not None and declared == len(titled) and absent and absent <= OPTIONAL_IN_OLDER_SETS:
        return tuple(table_id for table_id in TABLE_IDS if table_id in titled)
    return TABLE_IDS


def recognise_tables(document: Document) -> dict[str, ParsedTable]:
    """The best candidate per table id; a table absent from the report is absent here."""
    best: dict[str, ParsedTable] = {}
    for section in merge_continuations(find_sections(document)):
        table = parse_section(section)
        if not table.has_body:
            continue
        current = best.get(table.table_id)
        if current is None or _score(table) > _score(current):
            best[table.table_id] = table
    return {table_id: best[table_id] for table_id in TABLE_IDS if table_id in best}
