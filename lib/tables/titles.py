"""Which line starts which of the nine tables, and where the tables section ends.

Titles vary by template ("收入支出决算总表（表1）", "一、收入支出决算总表", "2022年度…",
with "公开01表" on the next line), so a line is cleaned of numbering, year, table codes
and page leaders, then must match one canonical title exactly. The table of contents
repeats the titles; `find_sections` returns every candidate and the recogniser keeps
the one with content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.document import Document, Line
from lib.textnorm import squash

TABLE_IDS = ("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9")

TABLE_NAMES = {
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

_TITLE_PATTERNS: dict[str, re.Pattern[str]] = {
    "t1": re.compile(r"收入支出决算总表"),
    "t2": re.compile(r"收入决算表"),
    "t3": re.compile(r"支出决算表"),
    "t4": re.compile(r"财政拨款收入支出决算总表"),
    "t5": re.compile(r"一般公共预算财政拨款支出决算表"),
    "t6": re.compile(r"一般公共预算财政拨款基本支出决算(明细)?表"),
    "t7": re.compile(r"政府性基金预算财政拨款(收入)?支出决算表"),
    "t8": re.compile(r"国有资本经营预算财政拨款(收入)?支出决算表"),
    "t9": re.compile(r"(一般公共预算)?财政拨款三公经费(及会议费、?培训费)?支出(预)?决算(明细)?表"),
}

_PREFIX = re.compile(r"^(?:[-*#>•·]+|第[一二三四五六七八九十]+部分)*(?:[(（]?[一二三四五六七八九十]+[)）、.]|\d{1,2}[、.])?")
_YEAR = re.compile(r"^.{0,40}?\d{4}年度?")
_SUFFIX = re.compile(
    r"(?:[(（]表\d{1,2}[)）]|公开\d{1,2}表|(?:金额)?单位[:：].*|\.{3,}\d*|…{2,}\d*|\d+$|\*+)+$"
)
_QUOTES = re.compile(r"[“”\"'‘’「」]")
_NARRATIVE_START = re.compile(
    r"^(?:第[三四五]部分|.{0,40}决算情况说明$|[一二三四五六七八九十]+、.{0,30}(?:情况说明|决算说明)$)"
)


def clean_title(text: str) -> str:
    """'2022年度收入决算表（表2）' → '收入决算表'; '一、收入支出决算总表....5' → '收入支出决算总表'."""
    text = _QUOTES.sub("", squash(text))
    if len(text) > 90:
        return ""
    text = _SUFFIX.sub("", text)
    text = _PREFIX.sub("", text, count=1)
    text = _YEAR.sub("", text, count=1)
    text = _SUFFIX.sub("", text)
    return text


def title_table_id(text: str) -> str | None:
    """The table a title line names, or None. Longer titles win (t4 before t1)."""
    title = clean_title(text)
    if not title.endswith("表"):
        return None
    for table_id in ("t4", "t6", "t5", "t7", "t8", "t9", "t1", "t2", "t3"):
        if _TITLE_PATTERNS[table_id].fullmatch(title):
            return table_id
    return None


def is_narrative_start(line: Line) -> bool:
    return bool(_NARRATIVE_START.match(squash(line.text)))


@dataclass(frozen=True)
class Section:
    """Lines from a table title (exclusive) to the next title or the narrative."""

    table_id: str
    title: Line
    body: tuple[Line, ...]


def find_sections(document: Document) -> list[Section]:
    """Every titled span, in document order, table of contents included."""
    lines = list(document.iter_lines())
    starts = [(index, table_id) for index, line in enumerate(lines) if (table_id := title_table_id(line.text))]
    sections: list[Section] = []
    for position, (index, table_id) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        body: list[Line] = []
        for line in lines[index + 1 : end]:
            if is_narrative_start(line) and (not line.positional or sum(1 for c in line.cells if c.strip()) == 1):
                break
            body.append(line)
        sections.append(Section(table_id, lines[index], tuple(body)))
    return sections
