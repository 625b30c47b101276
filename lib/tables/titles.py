"""Which line starts which of the nine tables, and where the tables section ends.

Titles vary by template and year ("收入支出决算总表（表1）", "一、部门收支决算总表",
"2022年度…", "公开01表" on the next line, "收入决算总表", "财政拨款收支决算总表",
"一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表", a title in 《》 on the
contents page), so a line is cleaned of numbering, year, table codes, quotes and page
leaders, then must match one of the table's known forms exactly. The table of contents
repeats the titles; `find_sections` returns every candidate and the recogniser keeps the
one with content.

Reports also print tables that are not one of the nine — Sichuan's 13-table set
(财政拨款支出决算明细表, 一般公共预算财政拨款项目支出决算表, 政府性基金预算财政拨款“三公”经费
支出决算表 …), Beijing's 政府采购情况表 or 国有资产占用情况表, 绩效自评表. Their titles end the
table before them (`is_foreign_title`), so their rows are never read into one of ours.
A few forms are a table's title only when the report has no exact one (rank 1: a
"一般公共预算财政拨款支出决算明细表" is 表5 in one set and an extra detail table beside
表5 in another).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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

# every form a table's title takes once cleaned, checked in this order (longer titles first:
# 财政拨款收入支出决算总表 before 收入支出决算总表); rank 1 forms only when no rank 0 title has content
_FORMS: tuple[tuple[str, int, re.Pattern[str]], ...] = tuple(
    (table_id, rank, re.compile(pattern))
    for table_id, rank, pattern in (
        ("t4", 0, r"财政拨款收(?:入)?支(?:出)?决算总表"),
        ("t6", 0, r"(?:一般公共预算(?:财政拨款)?)?基本支出决算(?:明细)?表"),
        ("t5", 0, r"一般公共预算(?:财政拨款)?支出决算表"),
        ("t5", 1, r"一般公共预算财政拨款支出决算明细表"),
        ("t7", 0, r"政府性基金(?:预算)?(?:财政拨款)?(?:收入)?(?:收支|支出)?决算表"),
        ("t8", 0, r"国有资本经营(?:预算)?(?:财政拨款)?(?:收入)?(?:收支|支出)决算表"),
        ("t9", 0, r"(?:一般公共预算)?(?:财政拨款)?(?:安排的)?三公经费(?:(?:及|和|、)?(?:会议费|培训费)){0,2}支出(?:预)?决算(?:明细|情况)?表"),
        ("t1", 0, r"(?:部门|单位)?收(?:入)?支(?:出)?决算(?:总)?表"),
        ("t2", 0, r"(?:部门|单位)?收入决算(?:总)?表"),
        ("t3", 0, r"(?:部门|单位)?支出决算(?:总)?表"),
    )
)

_PREFIX = re.compile(
    r"^(?:[-*#>•·]+|第[一二三四五六七八九十]+部分|附件|(?:附)?表(?:[一二三四五六七八九十]{1,3}|\d{1,2})?[:：、.．-]?)*"
    r"(?:[(（]?[一二三四五六七八九十]+[)）、.．]|\d{1,2}[、.．:：]?(?!\d))?"
)
_YEAR = re.compile(r"^.{0,40}?\d{4}年度?")
_SUFFIX = re.compile(
    r"(?:[(（]表\d{1,2}[)）]|[(（]\d{4}年度?[)）]|公开\d{1,2}表|(?:金额)?单位[:：].*|\.{3,}\d*|…{2,}\d*|\d+$|\*+)+$"
)
# a short note in brackets after the name: '（按功能分类）', '（续）', '（汇总）'; but '（按经济分类）'
# turns 表5's name into another table's
_CLASSIFICATION = re.compile(r"[(（]([^()（）]{1,15})[)）]$")
_QUOTES = re.compile(r"[“”\"'‘’「」『』《》〈〉]")
_NARRATIVE_START = re.compile(
    r"^(?:第[三四五]部分|.{0,40}决算情况说明$|[一二三四五六七八九十]+、.{0,30}(?:情况说明|决算说明)$)"
)
# a table that is not one of the nine: a short title ending in 表 that names a 决算 table
_FOREIGN = re.compile(r"(?:决算|情况|明细|自评|统计|汇总|一览|信息|目标|绩效)[^，。；;:：]{0,30}表$")
_NOT_A_TITLE = re.compile(r"^(?:注|说明|备注|详见|见|附注|如下)")
_SENTENCE = re.compile(r"[，。；;:：!！?？]")


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


@lru_cache(maxsize=8192)
def title_match(text: str) -> tuple[str, int] | None:
    """(table id, rank) of a title line, or None. Cached: the recogniser, the table set,
    the narrative and the 绩效 finders ask it of the same lines again and again."""
    title = clean_title(text)
    classification = _CLASSIFICATION.search(title)
    if classification:
        title = title[: classification.start()]
    if not title.endswith("表"):
        return None
    for table_id, rank, pattern in _FORMS:
        if pattern.fullmatch(title):
            if classification and "经济分类" in classification.group(1) and table_id != "t6":
                return None  # 一般公共预算财政拨款支出决算表（按经济分类）: not 表5
            return table_id, rank
    return None


def title_table_id(text: str) -> str | None:
    """The table a title line names (any rank), or None."""
    match = title_match(text)
    return match[0] if match else None


def is_foreign_title(text: str) -> bool:
    """A title of a table that is not one of the nine (项目支出决算表, 政府采购情况表,
    政府性基金预算财政拨款“三公”经费支出决算表 …): it ends the table before it."""
    raw = squash(text)
    if not raw or len(raw) > 60 or _NOT_A_TITLE.match(_QUOTES.sub("", raw)):
        return False
    title = _CLASSIFICATION.sub("", clean_title(text))
    return (5 <= len(title) <= 45 and not _SENTENCE.search(title) and bool(_FOREIGN.search(title))
            and title_match(text) is None)


def is_narrative_start(line: Line) -> bool:
    return bool(_NARRATIVE_START.match(squash(line.text)))


@dataclass(frozen=True)
class Section:
    """Lines from a table title (exclusive) to the next title (ours or another table's)
    or the narrative. `rank` 1: a title form used only when the report has no exact one."""

    table_id: str
    title: Line
    body: tuple[Line, ...]
    rank: int = 0


def _title_line(line: Line) -> bool:
    """A title stands alone: a text line, or a table row with one filled cell."""
    return not line.positional or sum(1 for cell in line.cells if cell.strip()) <= 1


def find_sections(document: Document) -> list[Section]:
    """Every titled span of the nine tables, in document order, table of contents included.
    A foreign table's title ends the span before it (and starts none)."""
    lines = list(document.iter_lines())
    starts: list[tuple[int, str, int]] = []
    for index, line in enumerate(lines):
        match = title_match(line.text)
        if match:
            starts.append((index, *match))
        elif _title_line(line) and is_foreign_title(line.text):
            starts.append((index, "", 0))
    sections: list[Section] = []
    for position, (index, table_id, rank) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        body: list[Line] = []
        for line in lines[index + 1 : end]:
            if is_narrative_start(line) and (not line.positional or sum(1 for c in line.cells if c.strip()) == 1):
                break
            body.append(line)
        sections.append(Section(table_id, lines[index], tuple(body), rank))
    return sections
