"""Read printed figures out of a Report as Terms (amount + status + place).

Kept apart from the rules so every rule reads the tables the same way: a row that
is not printed is 'missing' (0 in sums, never compared on its own).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lib.checks.base import MISSING, Term, term_from_row
from lib.checks.findings import Location
from lib.model import Report, tidy_records
from lib.schemas import Record

if TYPE_CHECKING:
    import pandas as pd

T1_INCOME_ITEMS = (
    "fiscal_income", "gpb_income", "gov_fund_income", "soe_capital_income", "superior_subsidy_income",
    "business_income", "operating_income", "affiliated_income", "other_income",
)
T4_INCOME_ITEMS = ("gpb_income", "gov_fund_income", "soe_capital_income")
T4_FUNDS = ("gpb", "gov_fund", "soe_capital")


INCOME_KEYS = frozenset((*T1_INCOME_ITEMS, "income_total", "non_fiscal_balance_used", "carryover_begin"))
# Rows every 表1/表4 prints: when one is not read it is missing ("absent"), never 0.
REQUIRED_ROWS: dict[str, tuple[tuple[str, str, str], ...]] = {
    table: (("收入", "income_total", "本年收入合计"), ("支出", "expense_total", "本年支出合计"),
            ("收入", "carryover_begin", "年初结转和结余"), ("支出", "carryover_end", "年末结转和结余"),
            ("收入", "grand_total", "收入方总计"), ("支出", "grand_total", "支出方总计"))
    for table in ("t1", "t4")
}
_REQUIRED = {(table, side, item): label for table, rows in REQUIRED_ROWS.items() for side, item, label in rows}


_MEMO: dict[int, tuple[weakref.ref[Report], dict[tuple[Any, ...], Any]]] = {}


def _memo(report: Report, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """Per-report memo: the rules ask for the same slices hundreds of times, and each
    pandas filter costs far more than the arithmetic behind it."""
    key_id = id(report)
    entry = _MEMO.get(key_id)
    if entry is None or entry[0]() is not report:
        entry = (weakref.ref(report, lambda _: _MEMO.pop(key_id, None)), {})
        _MEMO[key_id] = entry
    cache = entry[1]
    if key not in cache:
        cache[key] = build()
    return cache[key]


def ledger_rows(report: Report, table: str, side: str) -> list[Record]:
    return _memo(report, ("ledger_rows", table, side), lambda: _ledger_rows(report, table, side))


def _income_like(row: Record) -> bool:
    line_number = row["line_number"]
    return row["item"] in INCOME_KEYS and (999 if line_number is None else line_number) <= 32


def _ledger_rows(report: Report, table: str, side: str) -> list[Record]:
    """Rows of one side in printed order. An income item the recogniser put on the 支出 side
    (flattened text with "一、 一般…" numbering) still counts as income when its 行次 is an
    income line."""
    rows = [row for row in tidy_records(report, "ledger") if row["table"] == table]
    if side == "收入":
        wanted = [row for row in rows if row["side"] == side or _income_like(row)]
    else:
        wanted = [row for row in rows if row["side"] == side and not _income_like(row)]
    return sorted(wanted, key=lambda row: (row["page"], row["line"]))


def table_has_amounts(report: Report, table: str) -> bool:
    """Whether the table prints any non-zero amount (an empty 表7/8/9 has nothing to add up)."""
    return _memo(report, ("has_amounts", table), lambda: _table_has_amounts(report, table))


def _printed(rows: list[Record] | tuple[Record, ...]) -> bool:
    """A non-zero amount, or a cell we could not read (something is printed there: an
    unreadable cell never makes a table 'empty')."""
    return any(abs(row["amount"] or 0) > 0 or row["cell"] == "unreadable" for row in rows)


def _of_table(report: Report, name: str, table: str) -> list[Record]:
    return [row for row in tidy_records(report, name) if row["table"] == table]


def _table_has_amounts(report: Report, table: str) -> bool:
    if table == "t9":
        return _printed(tidy_records(report, "sangong"))
    if table in ("t1", "t4"):
        return _printed(_of_table(report, "ledger", table))
    return _printed(subject_records(report, table)) or _printed(_of_table(report, "subject_totals", table))


def ledger_term(report: Report, table: str, side: str, item: str, measure: str = "amount",
                *, after: tuple[int, int] | None = None, before: tuple[int, int] | None = None) -> Term:
    """The first printed row with this item (optionally after/before a (page, line)).
    A row every such table prints (REQUIRED_ROWS) that was not read is 'absent'."""
    for place, term in _ledger_index(report, table, side).get((item, measure), ()):
        if after is not None and place <= after:
            continue
        if before is not None and place >= before:
            continue
        return term
    label = _REQUIRED.get((table, side, item))
    if label and after is None and before is None and table in report.tables_found and table_has_amounts(report, table):
        return absent(report, table, f"表{table[1:]}“{label}”")
    return MISSING


def absent(report: Report, table: str, label: str) -> Term:
    """A row the table must print but that was not read: checks needing it say 未检查."""
    return Term(None, "absent", table_location(report, table), label)


def _ledger_index(report: Report, table: str, side: str) -> dict[tuple[str, str], list[tuple[tuple[int, int], Term]]]:
    def build() -> dict[tuple[str, str], list[tuple[tuple[int, int], Term]]]:
        index: dict[tuple[str, str], list[tuple[tuple[int, int], Term]]] = {}
        for row in ledger_rows(report, table, side):
            key = (str(row["item"]), str(row["measure"]))
            index.setdefault(key, []).append(((int(row["page"]), int(row["line"])), term_from_row(row, table, str(row["label"]))))
        return index

    return _memo(report, ("ledger_index", table, side), build)


def place(term: Term) -> tuple[int, int] | None:
    if term.loc.page is None or term.loc.line is None or term.status == "absent":
        return None
    return (term.loc.page, term.loc.line)


def class_terms(report: Report, table: str, measure: str) -> dict[str, Term]:
    """表1/表4 expense rows of each 类 ('201' → Term)."""
    result: dict[str, Term] = {}
    for row in ledger_rows(report, table, "支出"):
        if (row["item"] or "").startswith("class:") and row["measure"] == measure:
            code = str(row["item"]).split(":", 1)[1]
            result.setdefault(code, term_from_row(row, table, str(row["label"])))
    return result


def subject_records(report: Report, table: str) -> list[Record]:
    """The 类/款/项 rows of one table (every measure), in printed order."""
    return _memo(report, ("subject_records", table), lambda: _of_table(report, "subjects", table))


def subject_rows(report: Report, table: str) -> pd.DataFrame:
    """subject_records as a frame, for the rules that slice frames."""
    return _memo(report, ("subject_rows", table), lambda: report.subjects[report.subjects["table"] == table])


def subject_codes(report: Report, table: str) -> list[str]:
    """The table's subject codes, each once, in printed order."""
    return list(dict.fromkeys(str(row["subject_code"]) for row in subject_records(report, table)))


def subject_terms(report: Report, table: str, measure: str) -> dict[str, Term]:
    """Code → Term of one measure of 表2/3/5/7/8 (first row per code)."""
    return _memo(report, ("subject_terms", table, measure), lambda: _subject_terms(report, table, measure))


def _subject_terms(report: Report, table: str, measure: str) -> dict[str, Term]:
    result: dict[str, Term] = {}
    for row in subject_records(report, table):
        if row["measure"] != measure:
            continue
        label = f"{row['subject_code']} {row['subject_name']}"
        term = term_from_row(row, table, label)
        if row["placement"] == "ambiguous":
            term = Term(None, "unreadable", term.loc, label)
        result.setdefault(str(row["subject_code"]), term)
    return result


def subject_total_term(report: Report, table: str, measure: str) -> Term:
    def build() -> dict[tuple[str, str], Term]:
        terms: dict[tuple[str, str], Term] = {}
        for row in tidy_records(report, "subject_totals"):
            terms.setdefault((str(row["table"]), str(row["measure"])), term_from_row(row, str(row["table"]), "合计"))
        return terms

    term = _memo(report, ("subject_totals",), build).get((table, measure))
    if term is not None:
        return term
    has_total = _memo(report, ("has_total_row", table), lambda: bool(_of_table(report, "subject_totals", table)))
    if table in report.tables_found and not has_total and table_has_amounts(report, table):
        return absent(report, table, f"表{table[1:]}“合计”")
    return MISSING


def measures_of(report: Report, table: str) -> list[str]:
    """The table's measures in printed order (from its 合计 row, else from its rows)."""
    measures = list(dict.fromkeys(str(row["measure"]) for row in _of_table(report, "subject_totals", table)))
    if not measures:
        measures = list(dict.fromkeys(str(row["measure"]) for row in subject_records(report, table)))
    return measures


def measure_labels(report: Report, table: str) -> dict[str, str]:
    """measure → its column header as the table prints it, in printed order (表2 fiscal → 财政拨款收入 …)."""
    rows = _of_table(report, "subject_totals", table) or subject_records(report, table)
    return {str(row["measure"]): str(row["measure_label"]) for row in rows}


def table_location(report: Report, table: str) -> Location:
    page, line = report.table_locations.get(table, (None, None))
    return Location(page, table, line)
