"""The same report in another file: recognised by what it says, not by its bytes.

A text export re-saved as GBK, UTF-16 or with a BOM, or a PDF re-exported, has other
bytes and so another report id; it is still the same report when the department, the
year and the key figures agree. Such a second copy is not added silently: the CLI says
so (and replaces with --replace), the app offers to replace.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

# figures that, together with department and year, identify a report's content
KEY_FIGURES = ("grand_total", "income_total", "expense_total", "basic_expense", "project_expense",
               "fiscal_income", "gpb_expense", "personnel_expense", "public_expense", "sangong_final")
MIN_FIGURES = 3  # fewer printed key figures: too little to call two files the same report


def _figure(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, 2)


def _department(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = re.sub(r"\s+", "", str(value))
    return text or None


def content_key(row: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """(department, year, key figures…) of a summary or library row; None when the report
    states too little to be recognised by content."""
    department = _department(row.get("department"))
    year = row.get("year")
    if department is None or year is None or (isinstance(year, float) and math.isnan(year)):
        return None
    figures = tuple(_figure(row.get(name)) for name in KEY_FIGURES)
    if sum(value is not None for value in figures) < MIN_FIGURES:
        return None
    return (department, int(year), *figures)


class ContentIndex:
    """content key → report id over the library (kept up to date while a batch is written)."""

    def __init__(self, rows: Iterable[Mapping[str, Any]] = ()) -> None:
        self._ids: dict[tuple[Any, ...], str] = {}
        self._rows: dict[str, Mapping[str, Any]] = {}
        for row in rows:
            self.add(str(row["report_id"]), row)

    def add(self, report_id: str, row: Mapping[str, Any]) -> None:
        key = content_key(row)
        if key is not None:
            self._ids.setdefault(key, report_id)
            self._rows[report_id] = row

    def remove(self, report_id: str) -> None:
        self._ids = {key: rid for key, rid in self._ids.items() if rid != report_id}
        self._rows.pop(report_id, None)

    def same_as(self, report_id: str, row: Mapping[str, Any]) -> str | None:
        """The id of another report with the same content, or None."""
        key = content_key(row)
        found = None if key is None else self._ids.get(key)
        return None if found == report_id else found

    def row(self, report_id: str) -> Mapping[str, Any] | None:
        return self._rows.get(report_id)


def library_index(db: Any = None) -> ContentIndex:
    from lib import store

    return ContentIndex(store.list_reports(db).to_dict(orient="records"))


def describe(row: Mapping[str, Any] | None, report_id: str) -> str:
    """'示例区示例局 2023 年度（文件 a.txt，编号 0123…）' for messages."""
    if row is None:
        return f"编号 {report_id}"
    return f"{row.get('department')} {row.get('year')} 年度（文件 {row.get('source_name')}，编号 {report_id}）"
