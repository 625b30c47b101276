"""Consistency checks: synthetic reports per family, then the real corpus pinned as
short tuples (rule, (page, line), expected, actual)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from lib import schemas
from lib.checks import findings_summary, format_findings_text, run_checks
from lib.checks.findings import INFO, Finding, judge, rounding_envelope
from lib.checks.rules import RULES, rules_table
from lib.document import Line
from lib.model import Report, ReportMeta
from lib.tables.titles import TABLE_IDS

# --------------------------------------------------------------------------- builders

T3_MEASURES = ("expense_total", "basic", "project", "to_superior", "operating", "to_affiliated")


def _subject(table: str, code: str, name: str, line: int, **amounts: float | None) -> list[dict[str, object]]:
    level = {3: "类", 5: "款", 7: "项"}[len(code)]
    return [
        {"table": table, "subject_code": code, "level": level, "subject_name": name, "measure": m, "measure_label": m,
         "amount": a, "cell": "empty" if a is None else "value", "placement": "printed", "page": 1, "line": line}
        for m, a in amounts.items()
    ]


def _total(table: str, line: int, **amounts: float | None) -> list[dict[str, object]]:
    return [{"table": table, "measure": m, "measure_label": m, "amount": a, "cell": "empty" if a is None else "value",
             "page": 1, "line": line} for m, a in amounts.items()]


def _ledger(table: str, side: str, number: int, label: str, item: str, amount: float | None, line: int,
            measure: str = "amount") -> dict[str, object]:
    return {"table": table, "side": side, "line_number": number, "label": label, "item": item,
            "class_code": item.split(":")[1] if item.startswith("class:") else None, "measure": measure,
            "amount": amount, "cell": "empty" if amount is None else "value", "page": 1, "line": line}


def make_report(*, subjects: list[dict[str, object]] = (), totals: list[dict[str, object]] = (),  # type: ignore[assignment]
                ledger: list[dict[str, object]] = (), economic: list[dict[str, object]] = (),  # type: ignore[assignment]
                economic_totals: list[dict[str, object]] = (), sangong: list[dict[str, object]] = (),  # type: ignore[assignment]
                tables: tuple[str, ...] = TABLE_IDS, lines: tuple[Line, ...] = (), department: str = "某某市测试局",
                year: int = 2023, is_template: bool = False) -> Report:
    meta = ReportMeta("test", "synthetic.txt", "text", department, year, "万元", None, 1)
    locations = {t: (1, 10 + 100 * i) for i, t in enumerate(TABLE_IDS) if t in tables}
    return Report(
        meta=meta, tables_found=tables, table_locations=locations, table_units={t: "万元" for t in tables},
        empty_statements={}, subjects=schemas.frame(list(subjects), schemas.SUBJECTS),
        subject_totals=schemas.frame(list(totals), schemas.SUBJECT_TOTALS),
        ledger=schemas.frame(list(ledger), schemas.LEDGER), economic=schemas.frame(list(economic), schemas.ECONOMIC),
        economic_totals=schemas.frame(list(economic_totals), schemas.ECONOMIC_TOTALS),
        sangong=schemas.frame(list(sangong), schemas.SANGONG), narrative=(), all_lines=lines, is_template=is_template,
    )


def _line(line_no: int, text: str) -> Line:
    return Line(1, line_no, text, (text,), False)


def tuples(findings: list[Finding], rule_prefix: str = "") -> set[tuple[object, ...]]:
    return {(f.severity, *f.as_tuple()) for f in findings if f.rule.startswith(rule_prefix)}


# --------------------------------------------------------------------------- engine

def test_rounding_envelope_and_judge() -> None:
    assert rounding_envelope(2) == pytest.approx(0.015)
    assert judge(100.0, 100.0, 2) is None
    assert judge(100.01, 100.0, 1) == INFO
    assert judge(100.03, 100.0, 2) == "error"


def test_every_rule_documented() -> None:
    for row in rules_table():
        assert row["what"] and row["why"] and row["tolerance"], row["id"]


def test_t5_rounding_is_info_and_real_error_is_error() -> None:
    subjects = (_subject("t5", "201", "一般公共服务支出", 301, total=10.01, basic=6.0, project=4.0)
                + _subject("t5", "208", "社会保障和就业支出", 305, total=12.0, basic=2.0, project=9.0))
    report = make_report(subjects=subjects, totals=_total("t5", 300, total=22.01, basic=8.0, project=13.0), tables=("t5",))
    found = tuples(run_checks(report), "t5.")
    assert ("info", "t5.row_sum", (1, 301), 10.0, 10.01) in found
    assert ("error", "t5.row_sum", (1, 305), 11.0, 12.0) in found


def test_hierarchy_class_vs_kuan() -> None:
    subjects = (_subject("t3", "201", "一般公共服务支出", 201, expense_total=50.0, basic=50.0)
                + _subject("t3", "20101", "人大事务", 202, expense_total=30.0, basic=30.0)
                + _subject("t3", "20103", "政府办公厅", 203, expense_total=10.0, basic=10.0))
    report = make_report(subjects=subjects, totals=_total("t3", 200, expense_total=50.0, basic=50.0), tables=("t3",))
    found = tuples(run_checks(report), "hier.")
    assert ("error", "hier.class_sum", (1, 201), 40.0, 50.0) in found


def test_t1_vs_t3_by_class_and_unreadable_is_not_checked() -> None:
    ledger = [
        _ledger("t1", "支出", 32, "一、一般公共服务支出", "class:201", 100.0, 12),
        _ledger("t1", "支出", 58, "本年支出合计", "expense_total", 100.0, 40),
    ]
    subjects = _subject("t3", "201", "一般公共服务支出", 205, expense_total=90.0, basic=90.0)
    totals = _total("t3", 204, expense_total=90.0, basic=90.0)
    totals[1]["cell"], totals[1]["amount"] = "unreadable", None
    report = make_report(ledger=ledger, subjects=subjects, totals=totals, tables=("t1", "t3"))
    findings = run_checks(report)
    found = tuples(findings, "x.")
    assert ("error", "x.t1_t3", (1, 12), 100.0, 90.0) in found
    assert any(f.severity == "not_checked" and f.rule == "t3.row_sum" for f in findings)


def test_t6_vs_t5_and_sangong() -> None:
    economic = [
        {"code": "302", "level": "类", "name": "商品和服务支出", "group": "公用经费", "amount": 5.0, "cell": "value", "page": 1, "line": 601},
        {"code": "30217", "level": "款", "name": "公务接待费", "group": "公用经费", "amount": 5.0, "cell": "value", "page": 1, "line": 602},
    ]
    sangong = [{"measure": "final", "category": c, "category_label": c, "amount": a, "cell": "value", "page": 1, "line": 810}
               for c, a in (("total", 2.0), ("abroad", 0.0), ("vehicle", 0.0), ("reception", 2.0))]
    report = make_report(
        economic=economic, sangong=sangong, tables=("t5", "t6", "t9"),
        economic_totals=[{"label": "人员经费合计", "amount": 10.01, "cell": "value", "page": 1, "line": 650},
                         {"label": "公用经费合计", "amount": 5.0, "cell": "value", "page": 1, "line": 650}],
        totals=_total("t5", 400, total=15.0, basic=15.0),
    )
    found = tuples(run_checks(report))
    assert ("info", "t6.basic_match", (1, 400), 15.01, 15.0) in found
    assert ("error", "x.t6_sangong", (1, 602), 2.0, 5.0) in found


def test_completeness_identity_and_summary() -> None:
    lines = (_line(1, "某某市测试局2023年度部门决算"), _line(110, "2022年度收入决算表"), _line(111, "部门：某某县教育局"),
             _line(810, "财政拨款三公经费支出决算表"), _line(812, "本部门无财政拨款三公经费支出。"))
    report = make_report(tables=("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"), lines=lines)
    report.table_locations["t2"] = (1, 110)
    findings = run_checks(report)
    found = tuples(findings)
    # its title is printed (with a 无数据 sentence) but no table was read: our reading is in doubt
    assert ("reading_doubt", "comp.missing_table", (None, None), "财政拨款“三公”经费支出决算表", None) in found
    assert ("warning", "comp.empty_statement", (1, 610), "无…故本表无数据", None) in found  # 表7 without statement
    assert ("error", "id.year", (1, 110), 2023, 2022) in found
    assert ("warning", "id.department", (1, 111), "某某市测试局", "某某县教育局") in found
    summary = findings_summary(findings)
    assert summary["totals"]["error"] == 1 and summary["totals"]["reading_doubt"] == 1
    text = format_findings_text(report, findings)
    assert text.index("== 错误") < text.index("== 警告")
    assert set(findings[0].to_dict()) == {"rule", "family", "severity", "message", "expected", "actual", "location"}


def test_template_and_crash_become_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    import lib.checks as checks

    def broken(report: Report, out: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(checks, "FAMILY_RUNNERS", (("hierarchy", broken),))
    crashed = run_checks(make_report())
    assert [(f.rule, f.severity) for f in crashed] == [("engine.crash", "not_checked")]
    monkeypatch.undo()
    template = run_checks(make_report(is_template=True))
    assert [f.rule for f in template if f.severity == "error"] == ["comp.template"]
    assert all(f.rule in RULES for f in template)


# --------------------------------------------------------------------------- corpus

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@cache
def corpus_findings(name: str) -> tuple[Finding, ...]:
    from lib.pipeline import parse_path

    folder = "seeds" if name.endswith(".txt") else "pdfs"
    path = CORPUS / folder / name
    if not path.exists():
        pytest.skip(f"corpus not available: {path}")
    return tuple(run_checks(parse_path(path, allow_template=True)))


TABLE_FAMILIES = ("table_identity", "hierarchy", "cross_table")
# The tables of every real report agree except for tail rounding: pinned as info.
ROUNDING = {
    "000_f138fc5b8c380ba3.txt": [("t6.basic_match", (1, 251), 114.27, 114.26)],
    "002_07b422fef52514ef.txt": [("x.t1_t2", (1, 98), 12341.98, 12341.99), ("x.t1_t3", (1, 98), 12341.98, 12341.99),
                                 ("x.t1_t3", (1, 79), 11596.63, 11596.64), ("x.t4_t5", (1, 229), 12341.98, 12341.99),
                                 ("t6.basic_match", (1, 251), 1568.61, 1568.6)],
    "003_7b047703dfb923be.txt": [("x.t1_t3", (1, 102), 46.14, 46.15), ("hier.total_sum", (1, 162), 673.17, 673.16)],
    "004_c7ae50d7beaa4f6f.txt": [("hier.total_sum", (1, 172), 83.03, 83.02), ("hier.kuan_sum", (1, 182), 3.75, 3.76)],
    "上海市普陀区财政局2024年度部门决算.pdf": [("x.t1_t3", (6, 14), 326.71, 326.72), ("hier.total_sum", (10, 6), 2940.06, 2940.05)],
    "中共上海市普陀区委社会工作部2024年度部门决算.pdf": [("t6.basic_match", (12, 22), 105.59, 105.58)],
    "国家信访局2024年度部门决算.pdf": [("t9.sum", (15, 8), 46.2, 46.21), ("t6.class_sum", (12, 20), 984.98, 984.97),
                                ("hier.total_sum", (9, 7), 14572.54, 14572.53)],
}
REAL = {
    "000_f138fc5b8c380ba3.txt": [("error", "text.yoy", (1, 369), 61.0, 37.9),  # 77.76 ÷ 205.23 (current year)
                                 ("error", "text.budget_sum", (1, 427), 187.77, 184.99)],
    "001_26eecacb94f69307.txt": [("warning", "text.zero_base", (1, 1167), "不适用（基数为 0）", 0.0),
                                 ("warning", "text.zero_base", (1, 1257), "不适用（基数为 0）", 100.0),
                                 ("info", "text.percent", (1, 1187), 96.75, 96.8)],
    "002_07b422fef52514ef.txt": [("error", "text.amount", (1, 436), 1369.67, 449.17),
                                 ("error", "text.amount", (1, 438), 198.94, 1119.43),
                                 ("error", "text.amount", (1, 414), 11596.64, 11592.63),
                                 ("error", "text.amount", (1, 367), 12931.3, 12341.98),
                                 ("error", "text.amount", (1, 394), 12476.45, 12341.98),
                                 ("warning", "x.code_names", (1, 147), "房租补贴", "提租补贴"),
                                 ("warning", "x.code_presence", (1, 252), "表3 中有对应科目", "203,20306,2030699")],
    "003_7b047703dfb923be.txt": [("error", "bx.unit", (1, 666), 650.16, 673.16),  # 绩效: 总支出 called 基本支出, in 元
                                 ("error", "bx.unit", (1, 668), 89.26, 112.26),
                                 ("warning", "text.zero_base", (1, 441), "不适用（基数为 0）", 100.0),
                                 ("info", "text.percent", (1, 415), 197.77, 197.76)],
    "004_c7ae50d7beaa4f6f.txt": [("error", "bx.unit", (1, 478), 79.99, 78.68),  # 绩效 人员/公用经费 in 元 vs 表6
                                 ("error", "bx.unit", (1, 478), 3.03, 4.33),
                                 ("info", "text.percent", (1, 410), 102.98, 102.87),
                                 ("info", "text.percent", (1, 404), 96.88, 96.87),
                                 ("info", "text.budget_sum", (1, 402), 84.37, 84.36)],
    "上海市普陀区财政局2024年度部门决算.pdf": [("error", "text.amount", (21, 15), 2961.68, 0.3),
                                    ("error", "text.percent", (21, 25), 71.65, 71.73),
                                    ("info", "bx.procurement", (24, 4), 251.26, 251.25)],
    "中共上海市普陀区委社会工作部2024年度部门决算.pdf": [("warning", "text.zero_base", (18, 9), "不适用（基数为 0）", 95.89),
                                         ("warning", "text.zero_base", (17, 4), "不适用（上年为 0）", 100.0),
                                         # 29.42 ÷ 307.82 = 9.5575 %: "9.55" is the truncated value
                                         # (issue 10: truncation is 尾数/截断, info, never 错误)
                                         ("info", "text.percent", (18, 7), 9.56, 9.55)],
    "国家信访局2024年度部门决算.pdf": [("error", "text.yoy", (17, 2), 35.94, 35.74)],
    "部门决算模板.pdf": [("error", "comp.template", (5, 2), "已填写的决算数字", "占位符")],
}


@pytest.mark.parametrize("name", sorted(ROUNDING))
def test_corpus_rounding_is_info_and_tables_have_no_errors(name: str) -> None:
    findings = corpus_findings(name)
    found = {f.as_tuple(): f.severity for f in findings}
    for pinned in ROUNDING[name]:
        assert found.get(pinned) == INFO, pinned
    assert [f.as_tuple() for f in findings if f.family in TABLE_FAMILIES and f.severity == "error"] == []


@pytest.mark.parametrize("name", sorted(REAL))
def test_corpus_real_findings(name: str) -> None:
    found = tuples(list(corpus_findings(name)))
    for pinned in REAL[name]:
        assert pinned in found


def test_text_rules_on_synthetic_facts() -> None:
    import pandas as pd

    from lib.checks.base import Emitter
    from lib.checks.text_arithmetic import check_rate, check_yoy

    row = pd.Series({"change": 77.76, "change_pct": 37.9, "prior_value": None, "direction": "增加", "page": 1, "line": 9})
    out = Emitter()
    check_yoy(row, "收支总计", 205.23, out)
    check_rate(pd.Series({"page": 1, "line": 12}), "完成率", 16.73, 0.0, "年初预算", 0.0, out)
    check_rate(pd.Series({"page": 1, "line": 14}), "完成率", 63.42, 65.46, "年初预算", 96.87, out)
    found = {(f.severity, *f.as_tuple()) for f in out.result()}
    assert ("error", "text.yoy", (1, 9), 61.0, 37.9) in found
    assert ("warning", "text.zero_base", (1, 12), "不适用（基数为 0）", 0.0) in found
    assert ("info", "text.percent", (1, 14), 96.88, 96.87) in found
