"""The report's own figure captions ("图 1 2024 年度本年收入比重图"), found in its 情况说明,
so a chart the report also draws carries the report's number and title, not ours.

Most reports follow the template (图1 收、支决算总计变动情况, 图2 收入决算结构, 图3 支出决算结构,
图4 财政拨款收、支决算总计变动情况); others number and name their figures their own way
(国家信访局: 图1 收入比重图, 图2 按功能分类支出比重图, 图3 按经济分类支出比重图 — the last one
the 基本/项目 split, which that report calls 按经济分类). Each caption is matched to the chart
the app draws of the same thing by the words of its title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

CAPTION = re.compile(r"^\s*图\s*(\d{1,2})(?!\d)\s*[:：.、]?\s*(\S.{1,60})$")
# chart kind → words of a caption title naming it (first rule that matches wins)
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fiscal_total", ("财政拨款",)),
    ("total", ("总计", "变动")),
    ("class", ("功能分类",)),
    ("expense", ("经济分类", "支出")),
    ("income", ("收入",)),
)
Caption = tuple[int, str, int, int]  # number, title as printed (spaces squashed), page, line


class _Line(Protocol):
    text: str
    page: int
    line_no: int


def kind_of(title: str) -> str | None:
    """The chart a caption title names: 'total', 'fiscal_total', 'income', 'expense', 'class'."""
    for kind, words in RULES:
        if any(word in title for word in words):
            return kind
    return None


def figure_captions(lines: Iterable[_Line]) -> dict[str, Caption]:
    """chart kind → the report's caption of that figure (the first one of each kind)."""
    found: dict[str, Caption] = {}
    for line in lines:
        match = CAPTION.match(str(line.text))
        if match is None or re.search(r"[。，,；;]", match.group(2)):
            continue
        title = re.sub(r"\s+", "", match.group(2))
        kind = kind_of(title)
        if kind is not None and kind not in found:
            found[kind] = (int(match.group(1)), title, int(line.page), int(line.line_no))
    return found
