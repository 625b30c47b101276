"""Injected reporting errors (issue 10, part 6): real kinds of mistakes put into copies
of a clean test-bed report; each is found as 错误 at the row or sentence it was put in,
and the clean copy gives no 错误 and no 读取存疑 — in a text export and a ruled PDF."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import cache

import pytest
from testbed import Layout, clean_model, to_pdf, to_text
from testbed.model import EconomicTable, LedgerTable, ReportModel, SangongTable, SubjectTable

from lib.checks import run_checks
from lib.checks.findings import Finding
from lib.model import Report
from lib.pipeline import parse_bytes
from lib.textnorm import squash

# the clean model's narrative, with the statements the checks read (all true)
EXTRA_NARRATIVE = (
    "三、一般公共预算财政拨款基本支出决算情况说明",
    "2023年度一般公共预算财政拨款基本支出120.50万元，其中：人员经费110.00万元，公用经费10.50万元。",
    "四、财政拨款“三公”经费支出决算情况说明",
    "2023年度“三公”经费财政拨款支出预算为3.00万元，支出决算为2.00万元，完成预算的66.67%。"
    "其中：公务接待费支出决算为2.00万元，国内公务接待3批次，30人次。",
    "五、收入决算情况说明",
    "本年收入合计140.50万元，其中：财政拨款收入140.50万元，占100.00%。",
    "六、支出决算情况说明",
    "本年支出合计140.50万元，其中：基本支出120.50万元，占85.77%；项目支出20.00万元，占14.23%。",
)


def clean() -> ReportModel:
    model = clean_model()
    return dataclasses.replace(model, narrative=model.narrative + EXTRA_NARRATIVE)


# --------------------------------------------------------------------------- editing a model

def _say(old: str, new: str) -> Callable[[ReportModel], ReportModel]:
    def edit(model: ReportModel) -> ReportModel:
        lines = [line.replace(old, new) for line in model.narrative]
        assert lines != list(model.narrative), old
        return dataclasses.replace(model, narrative=tuple(lines))
    return edit


def _subject_row(key: str, code: str | None, values: tuple[float | None, ...]) -> Callable[[ReportModel], ReportModel]:
    """Replace the values of one 表2/3/5 row (code None: the 合计 row)."""
    def edit(model: ReportModel) -> ReportModel:
        table = model.table(key)
        assert isinstance(table, SubjectTable)
        if code is None:
            return model.with_table(key, dataclasses.replace(table, total=values))
        rows = tuple((c, n, values if c == code else v) for c, n, v in table.rows)
        assert rows != table.rows, code
        return model.with_table(key, dataclasses.replace(table, rows=rows))
    return edit


def _chain(*edits: Callable[[ReportModel], ReportModel]) -> Callable[[ReportModel], ReportModel]:
    def edit(model: ReportModel) -> ReportModel:
        for step in edits:
            model = step(model)
        return model
    return edit


def _ledger_expense(key: str, label: str, amounts: tuple[float | None, ...]) -> Callable[[ReportModel], ReportModel]:
    def edit(model: ReportModel) -> ReportModel:
        table = model.table(key)
        assert isinstance(table, LedgerTable)
        expense = tuple((lb, amounts if lb == label else a) for lb, a in table.expense)
        assert expense != table.expense, label
        return model.with_table(key, dataclasses.replace(table, expense=expense))
    return edit


def _sangong_final(category: str, final: float) -> Callable[[ReportModel], ReportModel]:
    def edit(model: ReportModel) -> ReportModel:
        table = model.table("t9")
        assert isinstance(table, SangongTable)
        return model.with_table("t9", SangongTable(tuple((k, b, final if k == category else f) for k, b, f in table.cells)))
    return edit


def _personnel(total: float) -> Callable[[ReportModel], ReportModel]:
    def edit(model: ReportModel) -> ReportModel:
        table = model.table("t6")
        assert isinstance(table, EconomicTable)
        return model.with_table("t6", dataclasses.replace(table, personnel=total))
    return edit


# (kind, edit, rule found as 错误, where: (table, a cell of the row) or ("text", words of the sentence))
INJECTED: list[tuple[str, Callable[[ReportModel], ReportModel], str, tuple[str, str]]] = [
    ("wrong_year_divided", _say("增长11.92%", "增长10.65%"), "text.yoy", ("text", "增长10.65%")),  # 15.50 ÷ 145.50
    ("text_vs_table", _say("收、支总计均为145.50万元", "收、支总计均为154.50万元"), "text.amount", ("text", "154.50")),
    ("broken_total_row", _subject_row("t3", None, (140.50, 121.50, 20.00, None, None, None)), "t3.row_sum", ("t3", "合计")),
    ("yuan_quoted_as_wanyuan", _say("人员经费110.00万元", "人员经费1,100,000.00万元"), "text.amount", ("text", "1,100,000.00")),
    ("class_not_sum_of_kuan", _subject_row("t3", "201", (105.00, 85.00, 20.00, None, None, None)), "hier.class_sum",
     ("t3", "201")),
    ("t1_not_t3_total", _chain(*(_subject_row("t3", c, v) for c, v in (
        (None, (150.50, 130.50, 20.00, None, None, None)), ("201", (110.00, 90.00, 20.00, None, None, None)),
        ("20101", (110.00, 90.00, 20.00, None, None, None)), ("2010101", (90.00, 90.00, None, None, None, None))))),
     "x.t1_t3", ("t3", "合计")),
    ("sangong_sum_broken", _sangong_final("total", 2.50), "t9.sum", ("t9", "")),
    ("yoy_percent_wrong", _say("增长11.92%", "增长12.92%"), "text.yoy", ("text", "增长12.92%")),
    ("execution_rate_wrong", _say("完成年初预算的108.08%", "完成年初预算的118.08%"), "text.percent", ("text", "118.08%")),
    ("basic_split_wrong", _subject_row("t5", "2010101", (80.00, 70.00, 10.00)), "hier.kuan_sum", ("t5", "20101")),
    ("personnel_total_wrong", _personnel(112.00), "t6.group_total", ("t6", "人员经费合计")),
    ("t1_unbalanced", _ledger_expense("t1", "总计", (146.50,)), "t1.balance", ("t1", "总计")),
    ("t4_row_not_sum_of_funds", _ledger_expense("t4", "一、一般公共服务支出", (100.00, 90.00, None, None)), "t4.row_sum",
     ("t4", "一、一般公共服务支出")),
    ("share_wrong", _say("占85.77%", "占88.77%"), "text.percent", ("text", "占88.77%")),
]
RENDER = {"tabs": lambda model: to_text(model, Layout()), "pdf": lambda model: to_pdf(model, Layout())}


@cache
def parsed(kind: str, fmt: str) -> tuple[Report, tuple[Finding, ...]]:
    model = clean()
    if kind != "clean":
        model = next(edit for name, edit, _, _ in INJECTED if name == kind)(model)
    report = parse_bytes(RENDER[fmt](model), f"{kind}.{fmt}")
    return report, tuple(run_checks(report))


def where(report: Report, table: str, words: str) -> tuple[int, int]:
    """(page, line) of the injected row (a cell of it, in its table's section) or sentence."""
    if table == "text":
        hits = [ln for ln in report.narrative if squash(words) in squash(ln.text)]
    else:
        start = report.table_locations[table]
        later = [p for p in report.table_locations.values() if p > start]
        end = min(later, default=(10**6, 0))
        section = [ln for ln in report.all_lines if start < (ln.page, ln.line_no) < end]
        if not words:  # the table's one data row (表9)
            hits = [ln for ln in section if any(c.strip() and c.strip()[0].isdigit() and "." in c for c in ln.cells)]
        else:
            hits = [ln for ln in section if squash(words) in (squash(c) for c in ln.cells)]
    assert hits, (table, words)
    return hits[0].page, hits[0].line_no


@pytest.mark.parametrize("fmt", sorted(RENDER))
def test_clean_copy_has_no_error_and_no_doubt(fmt: str) -> None:
    _, findings = parsed("clean", fmt)
    assert [(f.rule, f.message) for f in findings if f.severity in ("error", "reading_doubt")] == []


def test_at_least_ten_kinds() -> None:
    assert len({rule for _, _, rule, _ in INJECTED}) >= 10 and len(INJECTED) >= 10


@pytest.mark.parametrize("fmt", sorted(RENDER))
@pytest.mark.parametrize("kind", [name for name, *_ in INJECTED])
def test_injected_error_found_at_its_place(kind: str, fmt: str) -> None:
    rule, (table, words) = next((r, w) for name, _, r, w in INJECTED if name == kind)
    report, findings = parsed(kind, fmt)
    page, line = where(report, table, words)
    errors = [f for f in findings if f.severity == "error" and f.rule == rule]
    assert errors, [(f.severity, f.rule, f.message) for f in findings if f.severity != "info"]
    cited = {(loc.page, loc.line) for f in errors for loc in f.location}
    assert (page, line) in cited, (page, line, [f.as_tuple() for f in errors])
    assert not [f for f in findings if f.severity == "reading_doubt"], "a real error must not be doubted away"
