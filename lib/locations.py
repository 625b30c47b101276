"""How a place in a report is cited to a reader.

Text exports and spreadsheets are cited by line ("第12行": their one "page" is an
artefact of reading). PDFs are cited by the page number printed on the paper and, when
it differs, the PDF page a viewer jumps to ("报告第15页（PDF第17页）"); a page that prints
no number is cited by its PDF page ("PDF第3页").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from lib.values import number_or_none


def _int(value: Any) -> int | None:
    number = number_or_none(value)
    return None if number is None else int(number)


def page_label(page: Any, printed: Mapping[int, int] | None = None) -> str:
    """A PDF page as a reader finds it."""
    number = _int(page)
    if number is None:
        return ""
    shown = (printed or {}).get(number)
    if shown is None:
        return f"PDF第{number}页"
    if shown == number:
        return f"第{number}页"
    return f"报告第{shown}页（PDF第{number}页）"


def cite(page: Any, line: Any, kind: str | None, printed: Mapping[int, int] | None = None) -> str:
    """'第12行' for a text export or spreadsheet; the page (`page_label`) for a PDF, with
    its line when `line` is given."""
    line_no = _int(line)
    if kind != "pdf":
        return "" if line_no is None else f"第{line_no}行"
    return page_label(page, printed)


def place(page: Any, line: Any, kind: str | None, printed: Mapping[int, int] | None = None) -> str:
    """Where a row is, to find it: '第12行' for a text export; for a PDF the page (`cite`)
    and the line on it ('报告第15页（PDF第17页） 第3行'); '' when unknown."""
    text = cite(page, line, kind, printed)
    if kind == "pdf" and text and _int(line) is not None:
        text += f" 第{_int(line)}行"
    return text


def printed_pages(report: Any) -> dict[int, int]:
    """The printed page numbers with int keys of a Report, or of a library row (where they are
    JSON text, whose keys are text); {} for a report read before they were found."""
    found = report.get("page_numbers") if isinstance(report, (dict, pd.Series)) else getattr(report, "page_numbers", None)
    if isinstance(found, str):
        try:
            found = json.loads(found)
        except ValueError:
            return {}
    if not isinstance(found, Mapping):
        return {}
    return {int(page): int(number) for page, number in found.items()}


def with_place(frame: pd.DataFrame, kind: str | None, printed: Mapping[int, int] | None = None) -> pd.DataFrame:
    """A display frame's 页/行 columns replaced by one 位置 column cited as `cite` does
    (so a text export shows 第N行, never 第1页, and a PDF its printed page)."""
    if "页" not in frame.columns or "行" not in frame.columns:
        return frame
    places = [place(page, line, kind, printed) for page, line in zip(frame["页"], frame["行"])]
    out = frame.drop(columns=["页", "行"])
    out["位置"] = [p or "—" for p in places]
    return out
