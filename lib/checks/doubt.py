"""Doubt our reading before blaming the report: an 错误 that a misreading could explain
becomes 读取存疑 (reading_doubt), with the reason.

Asked of every error, after all rules ran:
- a cited row whose columns were not printed (flattened text, PDF text lines) adds up
  when its amounts are placed in another order-preserving way, and no new error appears;
- a cited cell whose column could not be decided (placement 'ambiguous');
- a table whose failing identities are most of those tested and all differ by one
  amount (one shifted column, not many independent slips);
- a cited row on a continuation page whose column count differs from the first page's;
- a stated amount that the table prints in another column of the same unpinned row.
Errors of the report that no reading explains stay 错误.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import combinations
from typing import TYPE_CHECKING

from lib.checks.findings import ERROR, READING_DOUBT, Finding, Location, fmt
from lib.document import Line
from lib.model import Report

if TYPE_CHECKING:
    import pandas as pd

TABLE_FAMILIES = ("table_identity", "hierarchy", "cross_table")
SUBJECT_TABLES = ("t2", "t3", "t5", "t7", "t8")
T4_EXPENSE = ("total", "gpb", "gov_fund", "soe_capital")
MAX_CANDIDATES = 8
MAX_RERUNS = 80
SAME_AMOUNT = 0.011

Rerun = Callable[[Report], list[Finding]]


def doubted(finding: Finding, reason: str) -> Finding:
    return dataclasses.replace(finding, severity=READING_DOUBT, message=f"读取存疑（{reason}）：{finding.message}")


def review(report: Report, findings: list[Finding], tally: dict[tuple[str, str], list[int]], rerun: Rerun) -> list[Finding]:
    """The findings with every error our reading explains turned into 读取存疑."""
    errors = [i for i, f in enumerate(findings) if f.severity == ERROR]
    if not errors or report.is_template:
        return findings
    reasons: dict[int, str] = {}
    lines = {(line.page, line.line_no): line for line in report.all_lines}
    for index in errors:
        reason = _ambiguous(report, findings[index]) or _continuation(report, findings[index], lines)
        if reason:
            reasons[index] = reason
    for index, reason in _shifted_tables(findings, errors, tally).items():
        reasons.setdefault(index, reason)
    for index, reason in _unread_lines(report, findings, errors).items():
        reasons.setdefault(index, reason)
    for index, reason in _other_placement(report, findings, errors, lines, rerun).items():
        reasons.setdefault(index, reason)
    for index in errors:
        if index in reasons:
            continue
        reason = (_unit_ratio(findings[index]) or _unknown_line(report, findings[index])
                  or _missing_table(report, findings[index]))
        if reason:
            reasons[index] = reason
    for index in errors:
        if index not in reasons and findings[index].rule == "text.amount":
            reason = _stated_in_other_column(report, findings[index], lines)
            if reason:
                reasons[index] = reason
    return [doubted(f, reasons[i]) if i in reasons else f for i, f in enumerate(findings)]


# --------------------------------------------------------------------------- cited rows

def _table_locs(finding: Finding) -> Iterator[Location]:
    for loc in finding.location:
        if loc.table and loc.table != "text" and loc.page is not None and loc.line is not None:
            yield loc


def _subject_records(report: Report, loc: Location) -> pd.DataFrame:
    data = report.subjects
    return data[(data["table"] == loc.table) & (data["page"] == loc.page) & (data["line"] == loc.line)]


def _ambiguous(report: Report, finding: Finding) -> str | None:
    for loc in _table_locs(finding):
        rows = _subject_records(report, loc)
        if not rows.empty and (rows["placement"] == "ambiguous").any():
            return f"{loc.label()}的金额归栏无法唯一确定（原文丢失了空单元格）"
    return None


def _unpinned(report: Report, loc: Location, lines: dict[tuple[int, int], Line]) -> bool:
    """Whether the row's columns were decided by us (not printed in place)."""
    rows = _subject_records(report, loc)
    if not rows.empty and (rows["placement"] != "printed").any():
        return True
    line = lines.get((loc.page, loc.line))  # type: ignore[arg-type]
    return line is not None and not line.positional  # flattened text, PDF text lines (even placed by x)


def _continuation(report: Report, finding: Finding, lines: dict[tuple[int, int], Line]) -> str | None:
    """A row on a later page than its table's title, laid out with another column count."""
    if finding.family not in TABLE_FAMILIES:
        return None
    for loc in _table_locs(finding):
        start = report.table_locations.get(loc.table or "")
        line = lines.get((loc.page, loc.line))  # type: ignore[arg-type]
        if start is None or line is None or not line.positional or loc.page == start[0]:
            continue
        first_page = [ln for (page, _), ln in lines.items() if page == start[0] and ln.positional
                      and (page, ln.line_no) > start and len(ln.cells) > 2]
        if not first_page:
            continue
        width = Counter(len(ln.cells) for ln in first_page).most_common(1)[0][0]
        if len(line.cells) != width:
            return (f"{loc.label()}在表格的续页上，续页每行 {len(line.cells)} 栏而首页为 {width} 栏，"
                    "栏位可能读错")
    return None


# --------------------------------------------------------------------------- one shifted amount

def _shifted_tables(findings: list[Finding], errors: list[int], tally: dict[tuple[str, str], list[int]]) -> dict[int, str]:
    """One identity failing on three or more rows of a table, always by the same amount: a
    column read with one shifted amount, not independent slips (a single mistyped cell
    fails different identities — row, 类, 合计 — and stays an error)."""
    by_rule: dict[tuple[str, str], list[int]] = {}
    for index in errors:
        f = findings[index]
        first = f.location[0] if f.location else Location()
        if f.family in ("table_identity", "hierarchy") and first.table and isinstance(f.expected, float | int) \
                and isinstance(f.actual, float | int):
            by_rule.setdefault((first.table, f.rule), []).append(index)
    result: dict[int, str] = {}
    for (table, _), indices in by_rule.items():
        diffs = [abs(float(findings[i].expected) - float(findings[i].actual)) for i in indices]  # type: ignore[arg-type]
        rows = {findings[i].location[0] for i in indices}
        if len(rows) >= 3 and max(diffs) - min(diffs) <= SAME_AMOUNT:
            tested = sum(entry[1] for (family, t), entry in tally.items() if t == table and family in ("table_identity", "hierarchy"))
            reason = (f"表{table[1:]}有 {len(rows)} 行的同一勾稽不符（本表可检验 {tested} 处），且都相差 {fmt(diffs[0])} 万元，"
                      "更像是某一栏被整体读错了位置")
            result.update((i, reason) for i in indices)
    return result


# --------------------------------------------------------------------------- a printed line not read

# the tables a cross-table rule compares (a side that was not read is not cited)
_RULE_TABLES = {"x.t1_t2": ("t1", "t2"), "x.t1_t3": ("t1", "t3"), "x.t4_t5": ("t4", "t5"), "x.t4_t7": ("t4", "t7"),
                "x.t1_t4": ("t1", "t4"), "x.code_amounts": ("t3", "t5"), "x.t6_sangong": ("t6", "t9"),
                "t6.basic_match": ("t5", "t6")}
_FRAMES_OF = {"t1": ("ledger",), "t4": ("ledger",), "t6": ("economic", "economic_totals"), "t9": ("sangong",)}


def _read_places(report: Report, table: str) -> set[tuple[int, int]]:
    places: set[tuple[int, int]] = set()
    for name in _FRAMES_OF.get(table, ("subjects", "subject_totals")):
        frame = getattr(report, name)
        if "table" in frame.columns:
            frame = frame[frame["table"] == table]
        places.update(zip(frame["page"].astype(int), frame["line"].astype(int)))
    return places


def _amounts(line: Line) -> list[float]:
    """Decimal amounts printed on a line (bare integers are 行次/栏次, not amounts)."""
    from lib.textnorm import parse_amount

    tokens = line.cells if line.positional else tuple(line.text.split())
    return [a for a in (parse_amount(t) for t in tokens if "." in t) if a is not None and abs(a) >= 0.005]


def _unread_amounts(report: Report, table: str) -> list[tuple[Line, float]]:
    """Amounts on lines of the table's section that no row of the table was read from."""
    start = report.table_locations.get(table)
    if start is None:
        return []
    ends = sorted(place for place in report.table_locations.values() if place > start)
    narrative = (report.narrative[0].page, report.narrative[0].line_no) if report.narrative else None
    end = min([*ends[:1], *([narrative] if narrative and narrative > start else [])], default=None)
    read = _read_places(report, table)
    found = []
    for line in report.all_lines:
        place = (line.page, line.line_no)
        if place <= start or place in read:
            continue
        if end is not None and place >= end:
            break
        found += [(line, amount) for amount in _amounts(line)]
    return found


def _unread_lines(report: Report, findings: list[Finding], errors: list[int]) -> dict[int, str]:
    """A difference equal to an amount printed on a line of the table that we did not read."""
    cache: dict[str, list[tuple[Line, float]]] = {}
    result: dict[int, str] = {}
    for index in errors:
        f = findings[index]
        if f.family not in TABLE_FAMILIES or not isinstance(f.expected, float | int) or not isinstance(f.actual, float | int):
            continue
        diff = abs(float(f.expected) - float(f.actual))
        cited = [loc.table for loc in f.location if loc.table and loc.table != "text"]
        for table in dict.fromkeys([*cited, *_RULE_TABLES.get(f.rule, ())]):
            if table not in cache:
                cache[table] = _unread_amounts(report, table)
            hit = next(((line, a) for line, a in cache[table] if abs(abs(a) - diff) < 0.006), None)
            if hit:
                line, amount = hit
                result[index] = (f"表{table[1:]}第{line.page}页第{line.line_no}行印有 {fmt(amount)} 万元，但本工具没有读出这一行，"
                                 "差额正是这个数")
                break
    return result


# --------------------------------------------------------------------------- another placement

def _placements(values: list[tuple[float | None, str]], width: int) -> Iterator[tuple[int, ...]]:
    """Order-preserving column tuples for the row's non-empty cells (current one excluded)."""
    present = [i for i, (_, cell) in enumerate(values) if cell != "empty"]
    for columns in combinations(range(width), len(present)):
        if list(columns) != present:
            yield columns


def _moved(frame: pd.DataFrame, mask: pd.Series, measures: list[str], columns: tuple[int, ...]) -> pd.DataFrame:
    rows = frame[mask].set_index("measure")
    present = [(rows.at[m, "amount"], rows.at[m, "cell"]) for m in measures if rows.at[m, "cell"] != "empty"]
    slot = dict(zip(columns, present))
    new = frame.copy()
    for position, measure in enumerate(measures):
        amount, cell = slot.get(position, (None, "empty"))
        target = mask & (new["measure"] == measure)
        new.loc[target, "amount"] = amount
        new.loc[target, "cell"] = cell
    return new


def _candidates(report: Report, findings: list[Finding], errors: list[int],
                lines: dict[tuple[int, int], Line]) -> list[tuple[str, Location]]:
    seen: dict[tuple[str, Location], None] = {}
    for index in errors:
        f = findings[index]
        if f.family not in TABLE_FAMILIES:
            continue
        for loc in _table_locs(f):
            if not _unpinned(report, loc, lines):
                continue
            if loc.table in SUBJECT_TABLES:
                totals = report.subject_totals
                is_total = ((totals["table"] == loc.table) & (totals["page"] == loc.page) & (totals["line"] == loc.line)).any()
                if is_total:
                    seen.setdefault(("subject_totals", loc), None)
                elif not _subject_records(report, loc).empty:
                    seen.setdefault(("subjects", loc), None)
            elif loc.table == "t4":
                seen.setdefault(("ledger", loc), None)
    return list(seen)[:MAX_CANDIDATES]


def _error_keys(findings: list[Finding]) -> set[tuple[str, tuple[Location, ...]]]:
    return {(f.rule, f.location) for f in findings if f.severity == ERROR and f.family in TABLE_FAMILIES}


def _other_placement(report: Report, findings: list[Finding], errors: list[int], lines: dict[tuple[int, int], Line],
                     rerun: Rerun) -> dict[int, str]:
    baseline = _error_keys([findings[i] for i in errors])
    result: dict[int, str] = {}
    budget = MAX_RERUNS
    for frame_name, loc in _candidates(report, findings, errors, lines):
        if not baseline:
            break  # every error is explained: no more reruns
        frame = getattr(report, frame_name)
        if frame_name != "ledger":
            mask = (frame["table"] == loc.table) & (frame["page"] == loc.page) & (frame["line"] == loc.line)
            measures = list(dict.fromkeys(frame[mask]["measure"]))
        else:
            mask = ((frame["table"] == "t4") & (frame["side"] == "支出") & (frame["page"] == loc.page)
                    & (frame["line"] == loc.line) & frame["measure"].isin(T4_EXPENSE))
            measures = [m for m in T4_EXPENSE if (frame[mask]["measure"] == m).any()]
        if len(measures) < 2 or frame[mask]["measure"].duplicated().any():
            continue
        current = [(r["amount"], r["cell"]) for r in frame[mask].set_index("measure").loc[measures].to_dict("records")]
        for columns in _placements(current, len(measures)):
            if budget <= 0:
                return result
            budget -= 1
            trial = dataclasses.replace(report, **{frame_name: _moved(frame, mask, measures, columns)})
            after = _error_keys(rerun(trial))
            if after < baseline:
                fixed = baseline - after
                reason = (f"{loc.label()}的空单元格在原文中没有位置，把这一行的金额换一种归栏方式，"
                          "这些勾稽即可相符，且不产生新的不符")
                for index in errors:
                    if (findings[index].rule, findings[index].location) in fixed:
                        result[index] = reason
                baseline = after
                break
    return result


# --------------------------------------------------------------------------- text vs an unpinned row

def _stated_in_other_column(report: Report, finding: Finding, lines: dict[tuple[int, int], Line]) -> str | None:
    if not isinstance(finding.actual, float | int):
        return None
    stated = float(finding.actual)
    for loc in _table_locs(finding):
        if loc.table not in SUBJECT_TABLES or not _unpinned(report, loc, lines):
            continue
        rows = _subject_records(report, loc)
        if ((rows["amount"].fillna(float("nan")) - stated).abs() < 0.006).any():
            return f"文字中的 {fmt(stated)} 万元就印在{loc.label()}，只是本工具把它归入了另一栏"
    return None


# --------------------------------------------------------------------------- units, lines, titles we do not know

UNIT_RATIO = 10_000.0


def _unit_ratio(finding: Finding) -> str | None:
    """Two figures about 10,000 times apart: 元 read as 万元 (or the reverse) explains it
    better than a report that printed one number ten thousand times too large."""
    if finding.family not in TABLE_FAMILIES or not isinstance(finding.expected, float | int) \
            or not isinstance(finding.actual, float | int):
        return None
    small, large = sorted((abs(float(finding.expected)), abs(float(finding.actual))))
    if small >= 0.01 and abs(large / small / UNIT_RATIO - 1) <= 0.01:
        return "两个数相差约一万倍，可能是金额单位（元/万元）读错了"
    return None


def _unknown_line(report: Report, finding: Finding) -> str | None:
    """A 表1/表4 sum that fails by exactly the amount of a line whose label we do not know
    (another template's line — 下级单位上缴收入, 债务收入 …): the line belongs in the sum."""
    from lib.tables.ledger import KNOWN_ITEMS

    if finding.family != "table_identity" or not isinstance(finding.expected, float | int) \
            or not isinstance(finding.actual, float | int):
        return None
    diff = abs(float(finding.expected) - float(finding.actual))
    tables = {loc.table for loc in finding.location if loc.table in ("t1", "t4")}
    ledger = report.ledger
    for table in sorted(tables):
        rows = ledger[(ledger["table"] == table) & ~ledger["item"].isin(list(KNOWN_ITEMS))
                      & ~ledger["item"].str.startswith("class:", na=False)]
        for row in rows.itertuples():
            amount = row.amount
            if amount == amount and amount is not None and abs(abs(float(amount)) - diff) < 0.006 and diff >= 0.01:
                return (f"表{table[1:]}第{row.page}页第{row.line}行“{row.label}”不是本工具认识的行，"
                        f"差额正是这一行的 {fmt(float(amount))} 万元")
    return None


def _missing_table(report: Report, finding: Finding) -> str | None:
    """A table said to be missing whose title the report prints (contents or a page), or a
    title-like line we could not name: we may have failed to read it."""
    if finding.rule != "comp.missing_table":
        return None
    from lib.tables.titles import TABLE_NAMES, clean_title, title_table_id

    table = next((loc.table for loc in finding.location if loc.table), None)
    if table is None:
        return None
    words = _TITLE_WORDS.get(table, ())
    for line in report.all_lines:
        if title_table_id(line.text) == table:
            return f"报告第{line.page}页印有“{TABLE_NAMES[table]}”的标题，但本工具没有读出这张表的内容"
    for line in report.all_lines:
        title = clean_title(line.text)
        if title.endswith("表") and len(title) <= 40 and words and all(word in title for word in words) \
                and title_table_id(line.text) is None:
            return f"报告第{line.page}页有相近的表名“{title}”，本工具未能确认它就是{TABLE_NAMES[table]}"
    return None


# words a title of each table holds whatever its template calls it
_TITLE_WORDS = {"t1": ("决算", "总表"), "t2": ("收入", "决算"), "t3": ("支出", "决算"), "t4": ("财政拨款", "总表"),
                "t5": ("一般公共预算", "支出"), "t6": ("基本支出",), "t7": ("政府性基金",), "t8": ("国有资本",),
                "t9": ("三公",)}
