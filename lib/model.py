"""The Report: metadata + the nine tables as tidy DataFrames (schemas in `lib.schemas`).

`build_report` turns recognised tables into records, converting amounts to 万元 when a
table says 元, and decides whether the document is a 部门决算 at all. The Report holds
each table as records and builds its DataFrame on first use (`Tidy`): the rules read the
records (`tidy_records`), so `juesuan summary` never imports pandas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lib import schemas
from lib.captions import figure_captions
from lib.document import Document, Line
from lib.errors import NotFinalAccounts
from lib.metadata import department_name, region_of, report_year
from lib.pagenumbers import document_numbers
from lib.tables import ParsedTable, recognise_table_set, recognise_tables
from lib.tables.performance import evaluation_records, find_self_evaluations
from lib.tables.sangong import CATEGORIES
from lib.tables.titles import TABLE_IDS, TABLE_NAMES, is_narrative_start, title_table_id
from lib.textnorm import squash
from lib.units import UNIT_FACTORS

if TYPE_CHECKING:
    import pandas as pd

_KIND = re.compile(r"(?:部门|单位)决算")
_PLACEHOLDER_TEXT = re.compile(r"X{2,}|×{2,}")
_BUDGET_WORDS = re.compile(r"部门预算|预算公开|收支预算总表|收入预算表|支出预算表|财政拨款收支预算")


@dataclass(frozen=True)
class ReportMeta:
    report_id: str
    source_name: str
    source_kind: str
    department: str | None
    year: int | None
    unit: str
    region: str | None
    page_count: int


@dataclass(frozen=True)
class OcrAmount:
    """One amount read by OCR and what the report's identities say about it
    (lib.verification): 'verified' (an identity through it holds), 'doubt' (one digit
    changed makes every identity hold: `proposal`, never applied), 'unreadable'
    (contradicted, unproven), 'unchecked' (no identity reaches it)."""

    frame: str
    row: int
    table: str
    page: int
    line: int
    label: str
    text: str  # as recognised
    amount: float
    status: str
    proposal: float | None = None
    evidence: str = ""
    crop: tuple[float, float, float, float] | None = None  # cell box on the page, points


class Tidy:
    """A Report field holding one tidy table: set it to records (a tuple of dicts, as
    `build_report` does) or to a DataFrame (the library, tests, the doubt trials). Reading
    the attribute gives the DataFrame, built from the records on first use; `records()`
    gives the records (read back from the frame when the field was set to one). Both
    forms hold the same values (`schemas.records`)."""

    def __init__(self, schema: schemas.Schema, *, empty_default: bool = False) -> None:
        self.schema = schema
        self.empty_default = empty_default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.rows_slot, self.frame_slot = f"_{name}_records", f"_{name}_frame"

    def __get__(self, report: Any, owner: type | None = None) -> Any:
        if report is None:  # the dataclass asks the class for the field's default
            if self.empty_default:
                return ()
            raise AttributeError(self.name)
        held = report.__dict__
        if held.get(self.frame_slot) is None:
            held[self.frame_slot] = schemas.frame(held[self.rows_slot], self.schema)
        return held[self.frame_slot]

    def __set__(self, report: Any, value: Any) -> None:
        if isinstance(value, (tuple, list)):
            report.__dict__[self.rows_slot] = schemas.records(value, self.schema)
            report.__dict__[self.frame_slot] = None
        else:
            report.__dict__[self.rows_slot] = None
            report.__dict__[self.frame_slot] = value

    def records(self, report: Any) -> tuple[schemas.Record, ...]:
        held = report.__dict__
        if held.get(self.rows_slot) is None:
            held[self.rows_slot] = schemas.records(held[self.frame_slot].to_dict("records"), self.schema)
        return held[self.rows_slot]


@dataclass
class Report:
    meta: ReportMeta
    tables_found: tuple[str, ...]
    table_locations: dict[str, tuple[int, int]]
    table_units: dict[str, str]
    empty_statements: dict[str, tuple[int, int, str]]
    subjects: pd.DataFrame = Tidy(schemas.SUBJECTS)  # type: ignore[assignment]
    subject_totals: pd.DataFrame = Tidy(schemas.SUBJECT_TOTALS)  # type: ignore[assignment]
    ledger: pd.DataFrame = Tidy(schemas.LEDGER)  # type: ignore[assignment]
    economic: pd.DataFrame = Tidy(schemas.ECONOMIC)  # type: ignore[assignment]
    economic_totals: pd.DataFrame = Tidy(schemas.ECONOMIC_TOTALS)  # type: ignore[assignment]
    sangong: pd.DataFrame = Tidy(schemas.SANGONG)  # type: ignore[assignment]
    narrative: tuple[Line, ...]
    all_lines: tuple[Line, ...] = ()
    is_template: bool = False
    notes: tuple[str, ...] = field(default=())
    # per table: within-table identities that hold / that could be tested (lib.checks.reading_confidence)
    reading_confidence: dict[str, dict[str, int]] = field(default_factory=dict)
    # the tables of the report's template (9, or an older set of 8/7): a table outside it is not missing
    table_set: tuple[str, ...] = TABLE_IDS
    accounts_kind: str = "部门决算"  # or 单位决算 (one unit's final accounts, the same tables)
    # PDF page → the page number printed on it (lib.pagenumbers), for citing 报告第N页
    page_numbers: dict[int, int] = field(default_factory=dict)
    # the report's own figure captions by the chart they name (lib.captions): kind → (图N, title, page, line)
    figure_captions: dict[str, tuple[int, str, int, int]] = field(default_factory=dict)
    # 绩效自评表 (schemas.PERF_*): one row per table, per funds figure, per indicator
    perf_tables: pd.DataFrame = Tidy(schemas.PERF_TABLES, empty_default=True)  # type: ignore[assignment]
    perf_funds: pd.DataFrame = Tidy(schemas.PERF_FUNDS, empty_default=True)  # type: ignore[assignment]
    perf_indicators: pd.DataFrame = Tidy(schemas.PERF_INDICATORS, empty_default=True)  # type: ignore[assignment]
    # pages read by OCR (all of a scan, the image pages of a partly scanned PDF), and the
    # verdict of the identities on every amount read there (lib.verification)
    ocr_pages: tuple[int, ...] = ()
    ocr_readings: tuple[OcrAmount, ...] = ()

    @property
    def tables_missing(self) -> tuple[str, ...]:
        return tuple(t for t in self.table_set if t not in self.tables_found)

    @property
    def report_id(self) -> str:
        return self.meta.report_id


def tidy_records(report: Report, name: str) -> tuple[schemas.Record, ...]:
    """One tidy table of the report ('subjects', 'ledger', …) as records, without
    building its DataFrame: what the rules read (lib.checks.access)."""
    tidy = vars(Report)[name]
    assert isinstance(tidy, Tidy), name
    return tidy.records(report)


def _measure_labels(table: ParsedTable) -> dict[str, str]:
    return dict(table.measures)


def _subject_records(table: ParsedTable, factor: float) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    rows: list[dict[str, object]] = []
    totals: list[dict[str, object]] = []
    labels = _measure_labels(table)
    total_rows = [row for row in table.subjects if row.code is None]
    with_values = [row for row in total_rows if any(a is not None for a, _ in row.cells.values())]
    total_row = (with_values or total_rows or [None])[0]
    for row in table.subjects:
        if row.code is None and row is not total_row:
            continue
        for measure, (amount, status) in row.cells.items():
            value = None if amount is None else round(amount * factor, 6)
            record: dict[str, object] = {
                "table": table.table_id, "measure": measure, "measure_label": labels.get(measure, measure),
                "amount": value, "cell": status, "page": row.page, "line": row.line,
            }
            if row.code is None:
                totals.append(record)
            else:
                record.update(subject_code=row.code, level=row.level, subject_name=row.name, placement=row.placement)
                rows.append(record)
    return rows, totals


def _ledger_records(table: ParsedTable, factor: float) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for item in table.ledger:
        code = item.item.split(":", 1)[1] if item.item.startswith("class:") else ""
        class_code = code if item.side == "支出" and code.isdigit() else None
        for measure, amount, status in item.amounts:
            records.append({
                "table": table.table_id, "side": item.side, "line_number": item.line_number, "label": item.label,
                "item": item.item, "class_code": class_code, "measure": measure,
                "amount": None if amount is None else round(amount * factor, 6), "cell": status,
                "page": item.page, "line": item.line,
            })
    return records


_PART = re.compile(r"^第[一二三四五六七八九十]+部分")


def _prose(line: Line) -> bool:
    """A line of running text: not a table row (a one-cell spreadsheet row counts)."""
    return not line.positional or sum(1 for cell in line.cells if cell.strip()) == 1


def _heading_text(lines: list[Line], index: int) -> str:
    """A heading printed over short lines ('第三部分' / 'X年度部门决' / '算情况说明')."""
    parts = [squash(lines[index].text)]
    for line in lines[index + 1 : index + 3]:
        text = squash(line.text)
        if len(text) > 30 or not _prose(line):
            break
        parts.append(text)
    return "".join(parts)


def _span_size(lines: list[Line], index: int) -> tuple[int, int]:
    """(characters of prose, end index) from a heading to the next part or table title."""
    size = 0
    for end in range(index + 1, len(lines)):
        text = squash(lines[end].text)
        if end > index + 2 and (_PART.match(text) or title_table_id(lines[end].text)):
            return size, end
        if _prose(lines[end]):
            size += len(text)
    return size, len(lines)


def _narrative_lines(lines: list[Line], tables: dict[str, ParsedTable]) -> tuple[Line, ...]:
    """The 情况说明, found by its heading wherever it sits: after the tables, before
    them (第二部分 情况说明, 第三部分 决算表) or after 名词解释. Of the headings that name
    a 说明 (the contents page lists them too), the one heading the most text wins; after
    the tables it runs to the end, before them to the next part or table."""
    in_tables = {(line.page, line.line_no) for t in tables.values() for line in (t.title, *t.body) if not _prose(line)}
    best: tuple[int, int, int] | None = None  # (size, start, end)
    for index, line in enumerate(lines):
        if not _prose(line) or (line.page, line.line_no) in in_tables or not is_narrative_start(line):
            continue
        if "说明" not in _heading_text(lines, index):
            continue
        size, end = _span_size(lines, index)
        if best is None or size > best[0]:
            best = (size, index, end)
    last_table = max(((t.title.page, t.title.line_no) for t in tables.values()), default=(0, 0))
    if best is not None and best[0] > 0:
        _, start, end = best
        if (lines[start].page, lines[start].line_no) > last_table:
            return tuple(lines[start:])
        return tuple(lines[start:end])
    ends = [max(((ln.page, ln.line_no) for ln in (t.title, *t.body)), default=(0, 0)) for t in tables.values()]
    last = max(ends, default=(0, 0))
    start = next((i for i, line in enumerate(lines) if (line.page, line.line_no) > last), len(lines))
    return tuple(lines[start:])


def accounts_kind(lines: list[Line]) -> str:
    """'单位决算' when the report first calls itself so (the cover and contents come
    first; the 情况说明 may quote 部门决算 rules), else '部门决算'."""
    for line in lines[:400]:
        match = _KIND.search(squash(line.text))
        if match:
            return match.group(0)
    return "部门决算"


def build_report(document: Document) -> Report:
    """Recognise the tables and build the Report; raise NotFinalAccounts when the
    document holds none of the nine tables."""
    tables = recognise_tables(document)
    lines = list(document.iter_lines())
    if not tables:
        text = "".join(squash(line.text) for line in lines[:400])
        if _BUDGET_WORDS.search(text) and "决算" not in text:
            raise NotFinalAccounts("这是部门预算（预算公开）文件，不是部门决算报告。本工具只读取部门决算。")
        raise NotFinalAccounts("未找到部门决算的九张表（收入支出决算总表等），这似乎不是部门决算报告。")
    notes = list(document.notes)
    subject_rows: list[dict[str, object]] = []
    subject_totals: list[dict[str, object]] = []
    ledger_rows: list[dict[str, object]] = []
    economic_rows: list[dict[str, object]] = []
    economic_total_rows: list[dict[str, object]] = []
    sangong_rows: list[dict[str, object]] = []
    units: dict[str, str] = {}
    for table_id, table in tables.items():
        factor = UNIT_FACTORS.get(table.unit, 1.0)
        units[table_id] = table.unit
        if factor != 1.0:
            notes.append(f"{TABLE_NAMES[table_id]}以“{table.unit}”为单位，已换算为万元。")
        rows, totals = _subject_records(table, factor)
        subject_rows += rows
        subject_totals += totals
        ledger_rows += _ledger_records(table, factor)
        for item in table.economic:
            economic_rows.append({
                "code": item.code, "level": item.level, "name": item.name, "group": item.group,
                "amount": None if item.amount is None else item.amount * factor, "cell": item.status,
                "page": item.page, "line": item.line,
            })
        for total in table.economic_totals:
            economic_total_rows.append({
                "label": total.label, "amount": None if total.amount is None else total.amount * factor,
                "cell": total.status, "page": total.page, "line": total.line,
            })
        labels = dict(CATEGORIES)
        for cell in table.sangong:
            sangong_rows.append({
                "measure": cell.measure, "category": cell.category, "category_label": labels[cell.category],
                "amount": None if cell.amount is None else cell.amount * factor,
                "cell": "value" if cell.status == "inferred" else cell.status, "page": cell.page, "line": cell.line,
            })
        inferred = [row for row in table.subjects if row.placement != "printed"]
        if inferred:
            ambiguous = [row for row in inferred if row.placement == "ambiguous"]
            notes.append(
                f"{TABLE_NAMES[table_id]}的文本丢失了空单元格，{len(inferred)} 行的金额按勾稽关系归栏"
                + (f"，其中 {len(ambiguous)} 行无法唯一确定" if ambiguous else "")
                + "。"
            )
    department = department_name(document, [line for t in tables.values() for line in (t.title, *t.body)])
    full_text = "".join(squash(line.text) for line in lines)
    value_total = sum(table.value_count for table in tables.values())
    is_template = value_total == 0 and (bool(_PLACEHOLDER_TEXT.search(full_text)) or len(tables) >= 5)
    if department and _PLACEHOLDER_TEXT.search(department):
        is_template = is_template or value_total == 0
    meta = ReportMeta(
        report_id=document.content_hash,
        source_name=document.source_name,
        source_kind=document.kind,
        department=department,
        year=report_year(document),
        unit="万元",
        region=region_of(department),
        page_count=document.page_count,
    )
    perf_tables, perf_funds, perf_indicators = evaluation_records(find_self_evaluations(document), UNIT_FACTORS)
    narrative = _narrative_lines(lines, tables)
    return Report(
        meta=meta,
        tables_found=tuple(tables),
        table_locations={t: (tables[t].title.page, tables[t].title.line_no) for t in tables},
        table_units=units,
        empty_statements={
            t: (tables[t].empty_statement.page, tables[t].empty_statement.line_no, tables[t].empty_statement.text)
            for t in tables if tables[t].empty_statement is not None
        },
        subjects=subject_rows,
        subject_totals=subject_totals,
        ledger=ledger_rows,
        economic=economic_rows,
        economic_totals=economic_total_rows,
        sangong=sangong_rows,
        narrative=narrative,
        all_lines=tuple(lines),
        is_template=is_template,
        notes=tuple(notes),
        table_set=recognise_table_set(document, meta.year),
        accounts_kind=accounts_kind(lines),
        page_numbers=document_numbers(document),
        figure_captions=figure_captions(narrative),
        perf_tables=perf_tables,
        perf_funds=perf_funds,
        perf_indicators=perf_indicators,
    )

