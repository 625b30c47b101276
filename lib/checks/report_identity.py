"""Family "部门与年度": the department name and the year agree across the cover, the
table headers and the narrative; template placeholders ("XX", "XXX") are flagged.
"""

from __future__ import annotations

import re

from lib.checks.base import Emitter
from lib.checks.findings import Location
from lib.document import Line
from lib.model import Report
from lib.textnorm import squash

_HEADER_NAME = re.compile(r"^(?:部门|单位|编制单位|填报单位|部门名称)[:：](.+?)(?:(?:金额)?单位[:：].*)?$")
_COVER_NAME = re.compile(r"^(?:第[一二三]部分)?(.{2,40}?)(20\d\d)年度?部门决算")
_YEAR = re.compile(r"(20\d\d)\s*年")
_ORG_END = re.compile(r"(?:局|会|中心|部|办|办公室|委|院|所|站|队|处|室|馆|团|社|校|厅|署|政府|街道|镇|乡|园|区|X+)$")
_PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:X{2,}|×{2,})(?![A-Za-z])")


def _where(line: Line, table: str | None) -> Location:
    return Location(line.page, table, line.line_no)


_PLACE = re.compile(r"[^局委会部院所厅办处室站队馆校心()（）、。，,]{1,9}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|县|旗|区)")
_PLACE_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|县|旗|区)$")


def places(name: str) -> list[str]:
    """The places a unit name starts with: 上海市普陀区财政局 → ['上海市', '普陀区']."""
    text = re.sub(r"[(（][^)）]*[)）]", "", name)
    text = re.sub(r"^(?:中共|中国共产党)", "", text)
    found, position = [], 0
    while (match := _PLACE.match(text, position)) is not None:
        found.append(match.group(0))
        position = match.end()
    return found


def keeps_place(short: str, long: str) -> bool:
    """Whether `short` keeps the most specific place of `long` (普陀区财政局 or 区财政局 for
    上海市普陀区财政局; not 上海市财政局, a different unit)."""
    named = places(long)
    if not named:
        return True
    last = named[-1]
    core = _PLACE_SUFFIX.sub("", last)
    suffix = last[len(core):]
    return core in short or (not places(short) and short.startswith(suffix))


def _same_unit(a: str, b: str) -> bool:
    """Same department when one name contains the other or abbreviates it (区人社局 ⊂ …区人力资源和社会保障局),
    and never when the shorter drops the longer's place (上海市X局 ≠ 上海市普陀区X局)."""
    short, long = sorted((a, b), key=len)
    if not keeps_place(short, long):
        return False
    if short in long:
        return True
    position = 0
    for char in short:
        position = long.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _table_of(report: Report, line: Line) -> str | None:
    """The table whose section holds this line (by title position)."""
    starts = sorted((place, table) for table, place in report.table_locations.items())
    current = None
    for place, table in starts:
        if (line.page, line.line_no) >= place:
            current = table
    narrative_start = (report.narrative[0].page, report.narrative[0].line_no) if report.narrative else None
    if narrative_start and (line.page, line.line_no) >= narrative_start:
        return "text"
    return current


def _is_org_name(name: str) -> bool:
    return 2 <= len(name) <= 40 and not re.search(r"\d|我|本", name) and bool(_ORG_END.search(name))


def names_in_report(report: Report) -> list[tuple[str, Location]]:
    """Department names printed in '部门：…' headers and on the cover ('…2022年度部门决算')."""
    first_table = min(report.table_locations.values(), default=(10**6, 0))
    names: list[tuple[str, Location]] = []
    for line in report.all_lines:
        text = squash(line.text)
        match = _HEADER_NAME.match(text)
        if match and _is_org_name(match.group(1)):
            names.append((match.group(1), _where(line, _table_of(report, line))))
            continue
        cover = _COVER_NAME.match(text)
        if cover and _is_org_name(cover.group(1)) and ((line.page, line.line_no) < first_table or _table_of(report, line) == "text"):
            names.append((cover.group(1), _where(line, _table_of(report, line) or None)))
    return names


def check_department(report: Report, out: Emitter) -> None:
    reference = report.meta.department
    if not reference:
        out.not_checked("id.department", "未能识别部门名称")
        return
    reported: set[str] = set()
    for name, loc in names_in_report(report):
        if _PLACEHOLDER.search(name) or name in reported or _same_unit(squash(name), squash(reference)):
            continue
        reported.add(name)
        out.emit("id.department", f"这里写的单位名称“{name}”与报告的部门“{reference}”不一致。",
                 expected=reference, actual=name, locations=[loc])


def check_year(report: Report, out: Emitter) -> None:
    year = report.meta.year
    if year is None:
        out.not_checked("id.year", "未能识别报告年度")
        return
    lines = {(line.page, line.line_no): line for line in report.all_lines}
    for table, place in sorted(report.table_locations.items()):
        line = lines.get(place)
        match = _YEAR.search(squash(line.text)) if line else None
        if line and match and int(match.group(1)) != year:
            out.emit("id.year", f"表{table[1:]}的表题写的是 {match.group(1)} 年，而报告是 {year} 年度决算。",
                     expected=year, actual=int(match.group(1)), locations=[_where(line, table)])
    heading = report.narrative[0] if report.narrative else None
    match = _YEAR.search(squash(heading.text)) if heading else None
    if heading and match and int(match.group(1)) != year:
        out.emit("id.year", f"情况说明的标题写的是 {match.group(1)} 年，而报告是 {year} 年度决算。",
                 expected=year, actual=int(match.group(1)), locations=[_where(heading, "text")])


def check_placeholders(report: Report, out: Emitter) -> None:
    if report.is_template:
        return  # the whole document is a template: completeness says so once
    hits = [line for line in report.all_lines if _PLACEHOLDER.search(line.text)]
    if hits:
        sample = squash(hits[0].text)[:40]
        out.emit("id.placeholder", f"报告中有 {len(hits)} 处未替换的占位符（如“{sample}”），像是模板没有填完。",
                 expected="具体名称或数字", actual=sample, locations=[_where(h, _table_of(report, h)) for h in hits[:10]])


def run(report: Report, out: Emitter) -> None:
    check_department(report, out)
    check_year(report, out)
    check_placeholders(report, out)
