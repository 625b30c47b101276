"""Doubt the reading before blaming the report (issue 10, parts 2–5): 读取存疑 apart from
错误/警告, per-table reading confidence, one rounding/truncation window for percentages,
place names in unit identity, and a missing total row that is missing, not 0."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lib.checks import findings_summary, format_findings_text, reading_confidence, run_checks
from lib.checks.base import Emitter
from lib.checks.report_identity import _same_unit
from lib.checks.text_arithmetic import check_rate, check_yoy
from lib.checks.textnum import percent_verdict
from lib.document import Line
from tests.test_checks import _ledger, _subject, _total, make_report, tuples

T2 = ("income_total", "fiscal", "superior_subsidy", "business", "operating", "affiliated", "other")


def _t2_row(code: str | None, name: str, line: int, values: dict[str, float]) -> list[dict[str, object]]:
    amounts = {m: values.get(m) for m in T2}
    return _total("t2", line, **amounts) if code is None else _subject("t2", code, name, line, **amounts)


def _flat(line_no: int, text: str) -> Line:
    """A line whose empty cells were lost (flattened text / PDF text without ruling)."""
    return Line(1, line_no, text, tuple(text.split()), False)


def _collapsed_t2_report(t1_business: float) -> object:
    """表2 合计 row printed '合计 100.00 80.00 20.00' with 上级补助收入 empty: read left to
    right, the 20.00 lands in 上级补助收入 although it is 事业收入 (表1 and the 类 row say so)."""
    ledger = [
        _ledger("t1", "收入", 1, "一、一般公共预算财政拨款收入", "gpb_income", 80.0, 12),
        _ledger("t1", "收入", 4, "四、上级补助收入", "superior_subsidy_income", None, 13),
        _ledger("t1", "收入", 5, "五、事业收入", "business_income", t1_business, 14),
        _ledger("t1", "收入", 27, "本年收入合计", "income_total", 80.0 + t1_business, 15),
    ]
    subjects = _t2_row("201", "一般公共服务支出", 202, {"income_total": 100.0, "fiscal": 80.0, "business": 20.0})
    totals = _t2_row(None, "合计", 201, {"income_total": 100.0, "fiscal": 80.0, "superior_subsidy": 20.0})
    lines = (_flat(201, "合计 100.00 80.00 20.00"),)
    return make_report(ledger=ledger, subjects=subjects, totals=totals, tables=("t1", "t2"), lines=lines)


# --------------------------------------------------------------------------- part 2: 读取存疑

def test_collapsed_total_row_is_reading_doubt_not_error() -> None:
    findings = [f for f in run_checks(_collapsed_t2_report(20.0)) if f.family != "completeness"]
    errors = [f for f in findings if f.severity == "error"]
    doubts = [f for f in findings if f.severity == "reading_doubt"]
    assert errors == []
    found = tuples(findings)
    assert ("reading_doubt", "x.t1_t2", (1, 13), 0.0, 20.0) in found  # 上级补助收入: 表1 empty, 表2 read 20
    assert ("reading_doubt", "hier.total_sum", (1, 201), 0.0, 20.0) in found
    assert all("换一种归栏方式" in f.message and f.message.startswith("读取存疑（") for f in doubts)
    summary = findings_summary(findings)
    assert summary["report_totals"] == {"error": 0, "warning": 0}
    assert summary["totals"]["reading_doubt"] == len(doubts) >= 3
    text = format_findings_text(make_report(), findings)
    assert "错误 0　警告 0" in text and f"另有读取存疑 {len(doubts)}" in text and "== 读取存疑" in text


def test_real_error_beside_a_collapsed_row_stays_error() -> None:
    """表1 says 事业收入 25: moving 表2's 20.00 into 事业收入 explains the misplacement,
    but 20 ≠ 25 remains the report's error."""
    found = tuples(run_checks(_collapsed_t2_report(25.0)))
    assert ("error", "x.t1_t2", (1, 14), 25.0, 0.0) in found or ("error", "x.t1_t2", (1, 14), 25.0, 20.0) in found
    assert ("reading_doubt", "x.t1_t2", (1, 13), 0.0, 20.0) in found


def test_printed_columns_are_not_doubted() -> None:
    """The same 表2 in a ruled layout (cells kept in place): the report is to blame."""
    report = _collapsed_t2_report(20.0)
    report.all_lines = (Line(1, 201, "合计 100.00 80.00 20.00", ("合计", "100.00", "80.00", "20.00", "", "", "", ""), True),)
    found = tuples([f for f in run_checks(report) if f.family != "completeness"])
    assert ("error", "x.t1_t2", (1, 13), 0.0, 20.0) in found
    assert not any(severity == "reading_doubt" for severity, *_ in found)


def test_one_shifted_amount_across_a_table_is_reading_doubt() -> None:
    """Every row of a one-branch 表5 fails 合计 = 基本 + 项目 by the same 5.00."""
    chain = [("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行")]
    subjects = [r for i, (code, name) in enumerate(chain) for r in _subject("t5", code, name, 301 + i, total=15.0, basic=6.0, project=4.0)]
    report = make_report(subjects=subjects, totals=_total("t5", 300, total=15.0, basic=6.0, project=4.0), tables=("t5",))
    findings = [f for f in run_checks(report) if f.rule == "t5.row_sum"]
    assert len(findings) == 4 and {f.severity for f in findings} == {"reading_doubt"}
    assert "都相差 5.00 万元" in findings[0].message


def test_a_single_wrong_cell_is_still_an_error() -> None:
    """201's total mistyped 15 for 10: its row, its 类 = Σ款 and 合计 = Σ类 fail by 5 — an error."""
    subjects = (_subject("t5", "201", "一般公共服务支出", 301, total=15.0, basic=6.0, project=4.0)
                + _subject("t5", "20101", "人大事务", 302, total=10.0, basic=6.0, project=4.0)
                + _subject("t5", "2010101", "行政运行", 303, total=10.0, basic=6.0, project=4.0))
    report = make_report(subjects=subjects, totals=_total("t5", 300, total=10.0, basic=6.0, project=4.0), tables=("t5",))
    found = tuples(run_checks(report))
    assert ("error", "t5.row_sum", (1, 301), 10.0, 15.0) in found
    assert ("error", "hier.class_sum", (1, 301), 10.0, 15.0) in found
    assert ("error", "hier.total_sum", (1, 300), 15.0, 10.0) in found


def test_continuation_page_with_other_column_count_is_reading_doubt() -> None:
    subjects = (_subject("t5", "201", "一般公共服务支出", 3, total=10.0, basic=6.0, project=4.0)
                + [dict(r, page=2) for r in _subject("t5", "208", "社会保障和就业支出", 1, total=12.0, basic=2.0, project=9.0)])
    lines = (Line(1, 3, "201 一般公共服务支出 10.00 6.00 4.00", ("201", "一般公共服务支出", "10.00", "6.00", "4.00"), True),
             Line(1, 4, "20101 人大事务 10.00 6.00 4.00", ("20101", "人大事务", "10.00", "6.00", "4.00"), True),
             Line(2, 1, "208 社会保障和就业支出 12.00 2.00 9.00", ("208 社会保障和就业支出", "12.00", "2.00", "9.00"), True))
    report = make_report(subjects=subjects, totals=_total("t5", 2, total=22.0, basic=8.0, project=13.0), tables=("t5",),
                         lines=lines)
    report.table_locations["t5"] = (1, 1)
    found = tuples(run_checks(report))
    assert ("reading_doubt", "t5.row_sum", (2, 1), 11.0, 12.0) in found


def test_ambiguous_placement_is_not_checked_or_doubt() -> None:
    subjects = _subject("t3", "201", "一般公共服务支出", 201, expense_total=50.0, basic=50.0)
    for row in subjects:
        row["placement"] = "ambiguous"
    ledger = [_ledger("t1", "支出", 32, "一、一般公共服务支出", "class:201", 50.0, 12)]
    report = make_report(ledger=ledger, subjects=subjects, totals=_total("t3", 200, expense_total=50.0, basic=50.0),
                         tables=("t1", "t3"))
    assert [f for f in run_checks(report) if f.severity == "error" and f.family != "completeness"] == []


# --------------------------------------------------------------------------- confidence

def test_reading_confidence_counts_identities_per_table() -> None:
    subjects = (_subject("t5", "201", "一般公共服务支出", 301, total=10.0, basic=6.0, project=4.0)
                + _subject("t5", "208", "社会保障和就业支出", 305, total=12.0, basic=2.0, project=9.0))
    report = make_report(subjects=subjects, totals=_total("t5", 300, total=22.0, basic=8.0, project=13.0), tables=("t5",))
    # row sums: 合计 22 = 8 + 13 ✗, 201 ✓, 208 ✗; Σ类: total ✓, basic ✓, project ✓
    assert reading_confidence(report) == {"t5": {"held": 4, "tested": 6}}


# --------------------------------------------------------------------------- part 3: percentages

@pytest.mark.parametrize(("numerator", "denominator", "stated", "verdict"), [
    (1909.146, 2000.0, 95.45, "info"),   # 95.4573 % truncated
    (1909.146, 2000.0, 95.46, None),     # rounded
    (29.42, 307.82, 9.55, "info"),       # 9.5575 % truncated (社会工作部 p.18)
    (29.42, 307.82, 9.54, "error"),
    (1909.146, 2000.0, 95.41, "error"),
    (2106.66, 2940.05, 71.73, "error"),  # 普陀区财政局 p.21: outside both
])
def test_percent_window_rounding_and_truncation(numerator: float, denominator: float, stated: float, verdict: str | None) -> None:
    assert percent_verdict(numerator, denominator, stated) == verdict


def test_every_percentage_rule_uses_the_window() -> None:
    out = Emitter()
    check_rate(pd.Series({"page": 1, "line": 3}), "完成率", 1909.146, 2000.0, "年初预算", 95.45, out)
    row = pd.Series({"change": 1909.146, "change_pct": 95.45, "prior_value": 2000.0, "direction": "增加", "page": 1, "line": 5})
    check_yoy(row, "收支总计", 3909.146, out)
    found = out.result()
    assert [(f.rule, f.severity) for f in found] == [("text.percent", "info"), ("text.yoy", "info")]
    assert all("截断" in f.message for f in found)


# --------------------------------------------------------------------------- part 4: identity

@pytest.mark.parametrize(("a", "b", "same"), [
    ("上海市X局", "上海市普陀区X局", False),
    ("上海市财政局", "上海市普陀区财政局", False),
    ("财政局", "上海市普陀区财政局", False),
    ("普陀区财政局", "上海市普陀区财政局", True),
    ("区人社局", "武汉市东西湖区人力资源和社会保障局", True),
    ("纳入上海市普陀区财政局", "上海市普陀区财政局", True),
    ("上海市市场监督管理局", "上海市市场监督管理局", True),
])
def test_unit_names_keep_their_place(a: str, b: str, same: bool) -> None:
    assert _same_unit(a, b) is same


def test_header_dropping_a_place_is_flagged() -> None:
    lines = (Line(1, 111, "部门：上海市财政局", ("部门：上海市财政局",), False),)
    report = make_report(tables=("t1",), lines=lines, department="上海市普陀区财政局")
    assert ("warning", "id.department", (1, 111), "上海市普陀区财政局", "上海市财政局") in tuples(run_checks(report))


# --------------------------------------------------------------------------- part 5: missing rows

def test_missing_total_row_is_missing_not_zero() -> None:
    ledger = [
        _ledger("t1", "收入", 1, "一、一般公共预算财政拨款收入", "gpb_income", 140.5, 12),
        _ledger("t1", "收入", 29, "年初结转和结余", "carryover_begin", 5.0, 14),
        _ledger("t1", "收入", 31, "总计", "grand_total", 145.5, 15),
        _ledger("t1", "支出", 32, "一、一般公共服务支出", "class:201", 140.5, 12),
        _ledger("t1", "支出", 58, "本年支出合计", "expense_total", 140.5, 13),
        _ledger("t1", "支出", 60, "年末结转和结余", "carryover_end", 5.0, 14),
        _ledger("t1", "支出", 62, "总计", "grand_total", 145.5, 15),
    ]
    subjects = _subject("t3", "201", "一般公共服务支出", 205, expense_total=140.5, basic=140.5)
    report = make_report(ledger=ledger, subjects=subjects, totals=_total("t3", 204, expense_total=140.5, basic=140.5),
                         tables=("t1", "t2", "t3"))
    findings = run_checks(report)
    assert [f for f in findings if f.severity == "error" and f.rule != "comp.missing_table"] == []
    found = tuples(findings)
    assert ("reading_doubt", "comp.missing_row", (1, 10), "表1“本年收入合计”", None) in found
    skipped = {f.rule: f.message for f in findings if f.severity == "not_checked"}
    assert "表1“本年收入合计”" in skipped["t1.grand_total"] and "不按 0 计" in skipped["t1.grand_total"]
    assert "t1.income_sum" in skipped
    from lib.summary import summarize

    summary = summarize(report)
    assert summary["income_total"] is None and summary["grand_total"] == 145.5
    json.dumps(summary, ensure_ascii=False, default=str)


# --------------------------------------------------------------------------- fixtures end to end

def test_fixture_confidence_and_a_lost_line_is_reading_doubt(tmp_path) -> None:
    """The tab-separated fixture: every identity holds. The same text with the 一般公共服务支出
    line of 表1 made unreadable to the recogniser: what that loss breaks is 读取存疑, not 错误."""
    from lib.pipeline import parse_bytes
    from lib.summary import summarize
    from tests import synthetic

    clean = parse_bytes(synthetic.tab_text().encode(), "tabs.txt")
    confidence = summarize(clean)["reading_confidence"]
    assert confidence["t1"] == {"held": 5, "tested": 5} and confidence["t3"] == {"held": 53, "tested": 53}
    assert confidence["t7"] == {"held": 0, "tested": 0}
    assert [f for f in run_checks(clean) if f.severity in ("error", "reading_doubt")] == []
    lost = synthetic.tab_text().replace("一、一般公共预算财政拨款收入\t1\t", "注：一、一般公共预算财政拨款收入\t1\t", 1)
    report = parse_bytes(lost.encode(), "lost.txt")
    findings = run_checks(report)
    assert [f for f in findings if f.severity == "error"] == []
    doubts = {f.rule: f.message for f in findings if f.severity == "reading_doubt"}
    assert {"t1.income_sum", "t1.expense_sum", "x.t1_t3"} <= set(doubts)
    assert "没有读出这一行" in doubts["x.t1_t3"] and "100.00 万元" in doubts["x.t1_t3"]
    assert summarize(report)["reading_confidence"]["t1"]["held"] < 5
