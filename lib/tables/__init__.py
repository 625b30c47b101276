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
from lib.tables.titles import TABLE_IDS, TABLE_NAMES, Section, find_sections
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


def recognise_tables(document: Document) -> dict[str, ParsedTable]:
    """The best candidate per table id; a table absent from the report is absent here."""
    best: dict[str, ParsedTable] = {}
    for section in find_sections(document):
        table = parse_section(section)
        if not table.has_body:
            continue
        current = best.get(table.table_id)
        if current is None or _score(table) > _score(current):
            best[table.table_id] = table
    return {table_id: best[table_id] for table_id in TABLE_IDS if table_id in best}
