"""OCR'd amounts proven (or not) by the report's own arithmetic.

A 部门决算 is full of checksums: every 合计 and every 类 = Σ款, each row's 合计 column =
its parts, 表1 = 表2/表3, 表4 = 表5, 表6 totals, 三公 sums. After the tables of an OCR'd
report are read, every amount is judged by the identities it takes part in:

- verified: some identity through it holds (a misread would have broken it);
- unreadable: it breaks identities and none through it holds — its cell becomes
  'unreadable' (checks then say 未检查), never the basis of an 错误;
- doubt (读取存疑): it breaks identities and changing one digit of what OCR read makes all of
  them hold — the fix is proposed with the evidence, never applied (the cell is unreadable);
- unchecked: no identity reaches it; kept, but listed as 读取存疑 (not verified).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace

import pandas as pd

from lib.checks.findings import judge
from lib.document import Line
from lib.model import OcrAmount, Report
from lib.tables.ledger import INCOME_KEYS
from lib.tables.titles import TABLE_NAMES
from lib.textnorm import parse_amount

OCR_MARK = "本报告为扫描件"  # start of the reader's note (lib.readers.ocr.OCR_NOTE), kept in the library

Key = tuple[str, int]  # (frame name, row index)
Identity = tuple[str, tuple[tuple[Key, float], ...]]  # (what it says, members with coefficient)


__all__ = ["OcrAmount", "ocr_pages", "verify_ocr"]  # OcrAmount lives in lib.model (Report holds them)


def ocr_pages(report: Report) -> set[int]:
    """Pages read by OCR; a library report stored before pages were recorded, whose notes
    say it is a scan, counts as OCR'd on every page."""
    if report.ocr_pages:
        return set(report.ocr_pages)
    if any(note.startswith(OCR_MARK) for note in report.notes):
        return set(range(1, report.meta.page_count + 1))
    return set()



# ------------------------------------------------------------------ identities


def _valid(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["cell"].isin(["value", "empty"])]


def _identities(report: Report) -> Iterator[Identity]:
    """Every equation the templates print, as (description, ((key, coefficient), …)) = 0."""
    subjects = report.subjects
    totals = report.subject_totals
    # functional tables: parent = Σ children, 合计 = Σ 类, per measure
    for (table, measure), group in subjects.groupby(["table", "measure"], sort=False):
        codes = {str(code): index for index, code in zip(group.index, group["subject_code"])}
        name = TABLE_NAMES.get(str(table), str(table))
        for code, index in codes.items():
            children = [i for c, i in codes.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if children:
                yield (f"{name}：{code} = 下级科目之和", ((("subjects", index), 1.0), *((("subjects", i), -1.0) for i in children)))
        top = [i for c, i in codes.items() if len(c) == 3]
        total = totals[(totals["table"] == table) & (totals["measure"] == measure)]
        if top and not total.empty:
            yield (f"{name}：合计 = 各类之和", ((("subject_totals", total.index[0]), 1.0), *((("subjects", i), -1.0) for i in top)))
    # row sums: first column = the others (表2/3/5, 表8 without carry-over), 表7/8 支出 = 基本 + 项目
    for frame_name, frame in (("subjects", subjects), ("subject_totals", totals)):
        keys = ["table", "page", "line"] + (["subject_code"] if frame_name == "subjects" else [])
        for group_key, group in frame.groupby(keys, sort=False):
            table = str(group_key[0])
            by_measure = dict(zip(group["measure"], group.index))
            first = {"t2": "income_total", "t3": "expense_total"}.get(table, "total" if "total" in by_measure else "expense_total")
            parts = [m for m in by_measure if m != first]
            if first == "expense_total" and table in ("t7", "t8"):
                parts = [m for m in ("basic", "project") if m in by_measure]
            if first in by_measure and parts:
                members = (((frame_name, by_measure[first]), 1.0), *(((frame_name, by_measure[m]), -1.0) for m in parts))
                yield (f"{TABLE_NAMES.get(table, table)}：各栏之和", members)
    yield from _ledger_identities(report)
    yield from _cross_table(report)
    yield from _economic_identities(report)
    yield from _sangong_identities(report)


def _ledger_identities(report: Report) -> Iterator[Identity]:
    ledger = report.ledger
    for table in ("t1", "t4"):
        rows = ledger[ledger["table"] == table]
        if rows.empty:
            continue
        name = TABLE_NAMES[table]
        measures = ["amount"] if table == "t1" else ["total", "gpb", "gov_fund", "soe_capital"]
        income = rows[rows["side"] == "收入"]
        item = {key: index for key, index in zip(income["item"], income.index)}
        parts = [i for key, i in item.items() if key in INCOME_KEYS and key not in ("income_total", "carryover_begin", "non_fiscal_balance_used")]
        if "income_total" in item and parts:
            yield (f"{name}：本年收入合计 = 各项收入之和", ((("ledger", item["income_total"]), 1.0), *((("ledger", i), -1.0) for i in parts)))
        funds = [i for key, i in item.items() if str(key).startswith("carryover_begin_")]
        if "carryover_begin" in item and funds:  # 表4 prints 年初结转和结余 by fund beneath it
            yield (f"{name}：年初结转和结余 = 三种财政拨款之和", ((("ledger", item["carryover_begin"]), 1.0), *((("ledger", i), -1.0) for i in funds)))
        extra = [item[k] for k in ("carryover_begin", "non_fiscal_balance_used") if k in item]
        if "grand_total" in item and "income_total" in item:
            yield (f"{name}：收入总计", ((("ledger", item["grand_total"]), 1.0), (("ledger", item["income_total"]), -1.0),
                                      *((("ledger", i), -1.0) for i in extra)))
        expense = rows[rows["side"] == "支出"]
        for measure in measures:
            side = expense[expense["measure"] == measure]
            by_item = {key: index for key, index in zip(side["item"], side.index)}
            classes = [i for key, i in by_item.items() if str(key).startswith("class:")]
            if "expense_total" in by_item and classes:
                yield (f"{name}：本年支出合计 = 各类支出之和", ((("ledger", by_item["expense_total"]), 1.0), *((("ledger", i), -1.0) for i in classes)))
            extra = [by_item[k] for k in ("carryover_end", "surplus_distribution") if k in by_item]
            if "grand_total" in by_item and "expense_total" in by_item:
                yield (f"{name}：支出总计", ((("ledger", by_item["grand_total"]), 1.0), (("ledger", by_item["expense_total"]), -1.0),
                                          *((("ledger", i), -1.0) for i in extra)))
            if measure == "amount" or measure == "total":
                if "grand_total" in item and "grand_total" in by_item:
                    yield (f"{name}：收支总计平衡", ((("ledger", item["grand_total"]), 1.0), (("ledger", by_item["grand_total"]), -1.0)))
        if table == "t4":
            for (_, _), group in expense.groupby(["page", "line"], sort=False):
                by_measure = dict(zip(group["measure"], group.index))
                if "total" in by_measure and len(by_measure) > 1:
                    yield (f"{name}：合计栏 = 三种财政拨款之和", ((("ledger", by_measure["total"]), 1.0),
                                                   *((("ledger", i), -1.0) for m, i in by_measure.items() if m != "total")))


def _find(frame: pd.DataFrame, **where: object) -> int | None:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return None if rows.empty else int(rows.index[0])


def _cross_table(report: Report) -> Iterator[Identity]:
    ledger, totals, subjects = report.ledger, report.subject_totals, report.subjects
    pairs = [
        ("表1 本年收入合计 = 表2 合计", _find(ledger, table="t1", item="income_total"), _find(totals, table="t2", measure="income_total")),
        ("表1 本年支出合计 = 表3 合计", _find(ledger, table="t1", item="expense_total", side="支出"), _find(totals, table="t3", measure="expense_total")),
        ("表4 一般公共预算支出 = 表5 合计", _find(ledger, table="t4", item="expense_total", measure="gpb"), _find(totals, table="t5", measure="total")),
    ]
    for what, left, right in pairs:
        if left is not None and right is not None:
            yield (what, ((("ledger", left), 1.0), (("subject_totals", right), -1.0)))
    for source, table, measure, target in (("t1", "t3", "expense_total", "amount"), ("t4", "t5", "total", "gpb")):
        classes = ledger[(ledger["table"] == source) & (ledger["measure"] == target) & ledger["item"].str.startswith("class:")]
        for index, item in zip(classes.index, classes["item"]):
            other = _find(subjects, table=table, subject_code=str(item)[6:], measure=measure)
            if other is not None:
                yield (f"{TABLE_NAMES[source]}与{TABLE_NAMES[table]}的类支出", ((("ledger", index), 1.0), (("subjects", other), -1.0)))
    basic = _find(totals, table="t5", measure="basic")
    economic = report.economic_totals
    group_totals = [int(i) for i in economic.index]
    if basic is not None and len(group_totals) == 2:
        yield ("表5 基本支出 = 表6 人员经费 + 公用经费", ((("subject_totals", basic), 1.0), *((("economic_totals", i), -1.0) for i in group_totals)))


def _economic_identities(report: Report) -> Iterator[Identity]:
    economic = report.economic
    name = TABLE_NAMES["t6"]
    codes = {str(code): int(index) for index, code in zip(economic.index, economic["code"])}
    for code, index in codes.items():
        children = [i for c, i in codes.items() if len(c) == len(code) + 2 and c.startswith(code)]
        if children:
            yield (f"{name}：{code} = 各款之和", ((("economic", index), 1.0), *((("economic", i), -1.0) for i in children)))
    for index, label in zip(report.economic_totals.index, report.economic_totals["label"]):
        group = "人员经费" if str(label).startswith("人员") else "公用经费"
        classes = economic[(economic["group"] == group) & (economic["code"].str.len() == 3)]
        if not classes.empty:
            yield (f"{name}：{group}合计 = 各类之和", ((("economic_totals", int(index)), 1.0), *((("economic", int(i)), -1.0) for i in classes.index)))


def _sangong_identities(report: Report) -> Iterator[Identity]:
    sangong = report.sangong
    name = TABLE_NAMES["t9"]
    for _measure, group in sangong.groupby("measure", sort=False):
        cell = dict(zip(group["category"], group.index))
        if {"total", "abroad", "vehicle", "reception"} <= set(cell):
            yield (f"{name}：合计 = 因公出国（境）+ 公务用车 + 公务接待", ((("sangong", cell["total"]), 1.0),
                   *((("sangong", cell[c]), -1.0) for c in ("abroad", "vehicle", "reception"))))
        if {"vehicle", "vehicle_purchase", "vehicle_operation"} <= set(cell):
            yield (f"{name}：公务用车 = 购置 + 运行维护", ((("sangong", cell["vehicle"]), 1.0),
                   *((("sangong", cell[c]), -1.0) for c in ("vehicle_purchase", "vehicle_operation"))))


# ------------------------------------------------------------------ judging


def _value(frame: pd.DataFrame, index: int) -> float | None:
    row = frame.loc[index]
    if row["cell"] == "empty":
        return 0.0
    if row["cell"] != "value" or row["amount"] is None or (isinstance(row["amount"], float) and math.isnan(row["amount"])):
        return None
    return float(row["amount"])


def _holds(values: list[tuple[float, float]]) -> bool:
    """Σ coefficient × value = 0 within the rounding of the printed figures."""
    head = sum(v for c, v in values if c > 0)
    rest = sum(v for c, v in values if c < 0)
    printed = sum(1 for c, v in values if c < 0 and abs(v) >= 0.0005)
    verdict = judge(rest, head, printed)
    return verdict is None or verdict == "info"


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def one_digit_apart(read: str, value: float) -> bool:
    """`value` printed with two decimals differs from what OCR read in one digit
    (one replaced, dropped or doubled)."""
    if value < 0:
        return False
    a, b = _digits(read), _digits(f"{value:.2f}")
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _cell_text_and_box(line: Line | None, amount: float, used: dict[tuple[int, int], set[int]]) -> tuple[str, tuple[float, float, float, float] | None]:
    """The OCR text and crop box of the cell that printed `amount` on `line`."""
    if line is None:
        return (f"{amount:.2f}", None)
    taken = used.setdefault((line.page, line.line_no), set())
    for index, cell in enumerate(line.cells):
        value = parse_amount(cell)
        if index in taken or value is None or abs(value - amount) > 0.00051:
            continue
        taken.add(index)
        box = line.cell_boxes[index] if line.cell_boxes and index < len(line.cell_boxes) else None
        return (cell, box or line.bbox)
    return (f"{amount:.2f}", line.bbox)


FRAMES = ("subjects", "subject_totals", "ledger", "economic", "economic_totals", "sangong")


_LEDGER_MEASURES = {"total": "合计", "gpb": "一般公共预算财政拨款", "gov_fund": "政府性基金预算财政拨款",
                    "soe_capital": "国有资本经营预算财政拨款"}  # 表4's expense columns


def _label(report: Report, frame: str, index: int) -> tuple[str, str]:
    row = getattr(report, frame).loc[index]
    table = {"economic": "t6", "economic_totals": "t6", "sangong": "t9"}.get(frame) or str(row["table"])
    if frame == "subjects":
        text = f"{row['subject_code']} {row['subject_name']}·{row['measure_label']}"
    elif frame == "subject_totals":
        text = f"合计·{row['measure_label']}"
    elif frame == "ledger":
        measure = str(row["measure"])
        text = str(row["label"]) + ("" if measure == "amount" else f"·{_LEDGER_MEASURES.get(measure, '金额')}")
    elif frame == "economic":
        text = f"{row['code']} {row['name']}"
    elif frame == "economic_totals":
        text = str(row["label"])
    else:
        text = f"{row['category_label']}·{'预算数' if row['measure'] == 'budget' else '决算数'}"
    return table, text


def verify_ocr(report: Report) -> tuple[Report, tuple[OcrAmount, ...]]:
    """Judge every OCR'd amount by the identities; return the report with unproven,
    contradicted cells made 'unreadable', and the verdict on every amount. Amounts on
    pages read from a text layer (a partly scanned PDF) take part in the identities as
    given: they are never suspects and get no verdict."""
    scanned = ocr_pages(report)
    frames = {name: getattr(report, name) for name in FRAMES}
    trusted = {(name, int(index)) for name, frame in frames.items()
               for index, page in zip(frame.index, frame["page"]) if int(page) not in scanned}
    identities = []
    for what, members in _identities(report):
        values = [_value(frames[f], i) for (f, i), _ in members]
        if all(v is not None for v in values) and len(members) >= 2:
            identities.append((what, members, [(c, v) for (_, c), v in zip(members, values)]))
    holding: set[Key] = set()
    failing: list[tuple[str, tuple[tuple[Key, float], ...]]] = []
    through: dict[Key, list[int]] = {}
    for number, (what, members, values) in enumerate(identities):
        for key, _ in members:
            through.setdefault(key, []).append(number)
        if _holds(values):
            holding.update(key for key, _ in members)
        else:
            failing.append((what, members))
    lines = {(line.page, line.line_no): line for line in report.all_lines}
    used: dict[tuple[int, int], set[int]] = {}
    verdicts: dict[Key, OcrAmount] = {}
    for name, frame in frames.items():
        for index, row in frame[frame["cell"] == "value"].iterrows():
            amount = row["amount"]
            if (name, int(index)) in trusted:
                continue
            if amount is None or (isinstance(amount, float) and math.isnan(amount)):
                continue
            key = (name, int(index))
            table, label = _label(report, name, int(index))
            page, line_no = int(row["page"]), int(row["line"])
            text, box = _cell_text_and_box(lines.get((page, line_no)), float(amount), used)
            status = "verified" if key in holding else ("unchecked" if key not in through else "unreadable")
            verdicts[key] = OcrAmount(name, int(index), table, page, line_no, label, text, float(amount), status, crop=box)
    # failing identities linked by a shared unproven cell form a cluster; one digit changed
    # in one cell must make every identity of its cluster (and every one through it) hold
    failed = {n for n, (_, _, values) in enumerate(identities) if not _holds(values)}
    for cluster in _clusters(failed, identities, holding | trusted):
        suspects = sorted({k for n in cluster for k, _ in identities[n][1] if k not in holding and k in verdicts})
        fixes = []
        for key in suspects:
            if not all(key in dict(identities[n][1]) for n in cluster):
                continue
            for candidate in {_solve(identities[n], key) for n in cluster}:
                if one_digit_apart(verdicts[key].text, candidate) and all(
                    _holds(_with(identities[n], key, candidate)) for n in through[key]
                ):
                    fixes.append((key, candidate))
        broken = "；".join(dict.fromkeys(identities[n][0] for n in sorted(cluster)))
        for key in suspects:
            if len(fixes) == 1 and key == fixes[0][0]:
                verdicts[key] = replace(verdicts[key], status="doubt", proposal=fixes[0][1], evidence=broken)
            elif len(fixes) == 1:  # consistent with every identity once the one misread is corrected
                verdicts[key] = replace(verdicts[key], status="verified", evidence=f"更正后成立：{broken}")
            else:
                verdicts[key] = replace(verdicts[key], status="unreadable", evidence=broken)
    changed = {name: frame.copy() for name, frame in frames.items()}
    for (name, index), verdict in verdicts.items():
        if verdict.status in ("unreadable", "doubt"):
            changed[name].loc[index, "cell"] = "unreadable"
            changed[name].loc[index, "amount"] = None
    return replace_frames(report, changed), tuple(verdicts.values())


def _solve(identity: tuple, key: Key) -> float:
    """The value of `key` that makes the identity hold exactly."""
    _, members, values = identity
    others = sum(c * v for (k, c), (_, v) in zip(members, values) if k != key)
    return round(-others / dict(members)[key], 2)


def _with(identity: tuple, key: Key, value: float) -> list[tuple[float, float]]:
    _, members, values = identity
    return [(c, value if k == key else v) for (k, c), (_, v) in zip(members, values)]


def _clusters(failed: set[int], identities: list, holding: set[Key]) -> list[set[int]]:
    """Failing identities grouped by the unproven cells they share."""
    clusters: list[tuple[set[int], set[Key]]] = []
    for number in sorted(failed):
        cells = {k for k, _ in identities[number][1] if k not in holding}
        joined = [c for c in clusters if c[1] & cells]
        merged = ({number}, cells)
        for cluster in joined:
            clusters.remove(cluster)
            merged = (merged[0] | cluster[0], merged[1] | cluster[1])
        clusters.append(merged)
    return [numbers for numbers, _ in clusters]


def replace_frames(report: Report, frames: dict[str, pd.DataFrame]) -> Report:
    from dataclasses import replace as dc_replace

    return dc_replace(report, **frames)
