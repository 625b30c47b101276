"""Report metadata: department as printed with the tables, year, unit, region."""

from __future__ import annotations

import re
from collections import Counter

from lib.document import Document, Line
from lib.textnorm import nfkc
from lib.units import UNIT_FACTORS

_DEPARTMENT = re.compile(r"(?:部门|单位|编制单位|填报单位)\s*[:：]\s*(.+?)(?:\s{2,}|\t|单位\s*[:：]|金额单位|\d{4}\s*年度|公开|$)")
_YEAR = re.compile(r"(20\d{2})\s*年度")
_PART_TWO = re.compile(r"^第二部分(.{2,40}?)(?:20\d{2})?年度?(?:部门|单位)决算表")
_COVER = re.compile(r"^(?:20\d{2}年度)?(.{2,40}?)(?:20\d{2})?年度?(?:部门|单位)决算(?:公开)?$")
_PART_PREFIX = re.compile(r"^第[一二三四五六七八九十]+部分")
_REGION = re.compile(r"^(?:中共)?((?:.{2,3}?省)?(?:.{2,4}?[市州盟])?(?:.{1,10}?[区县旗](?:[(（].{1,4}?[区县][)）])?)?)")
_CENTRAL = ("国家", "中央", "中国", "中华人民共和国", "全国")
_UNITS = tuple(UNIT_FACTORS)


def _clean(name: str) -> str:
    """No whitespace, no trailing punctuation, no '第二部分'-style prefix (contents lines)."""
    return _PART_PREFIX.sub("", re.sub(r"\s+", "", name)).strip("：:，,。 ")


def department_name(document: Document, table_lines: list[Line]) -> str | None:
    """The most frequent '部门：…' (or '单位：…' naming a body) in the tables section."""
    votes: Counter[str] = Counter()
    for line in table_lines:
        match = _DEPARTMENT.search(line.text)
        if match:
            name = _clean(match.group(1))
            if name and name not in _UNITS and len(name) >= 3 and not re.search(r"\d", name):
                votes[name] += 1
    if votes:
        return votes.most_common(1)[0][0]
    head = [re.sub(r"\s+", "", line.text) for line in list(document.iter_lines())[:200]]
    for pattern in (_PART_TWO, _COVER):
        for text in head:
            match = pattern.match(text)
            if match and match.group(1):
                name = _clean(match.group(1))
                if len(name) >= 3 and not re.search(r"\d", name):
                    return name
    # a cover printed over lines: '上海市普陀区财政局' / '年度部门决算' / '2024'
    for previous, text in zip(head, head[1:]):
        if re.fullmatch(r"(?:20\d{2})?年度(?:部门|单位)决算", text) and 3 <= len(previous) <= 40 and not re.search(r"\d", previous):
            return _clean(previous)
    return None


def report_year(document: Document) -> int | None:
    votes: Counter[int] = Counter()
    for index, line in enumerate(document.iter_lines()):
        for match in _YEAR.finditer(nfkc(line.text)):
            votes[int(match.group(1))] += 3 if index < 120 else 1
    return votes.most_common(1)[0][0] if votes else None


def region_of(department: str | None) -> str | None:
    """'武汉市汉阳区总工会' → '武汉市汉阳区'; None when no place name leads the name."""
    if not department:
        return None
    if department.startswith(_CENTRAL):
        return "中央"
    match = _REGION.match(department)
    region = match.group(1) if match else ""
    return region or None
