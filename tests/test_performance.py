"""绩效自评表: recognised in the corpus (exact projects and amounts) and in generated
variants in every input format; the checks fire on injected errors with their place and
stay at 提示 (or silent) on rounding and truncation."""

from __future__ import annotations

import pandas as pd
import perf_synthetic as ps
import pytest
from conftest import CORPUS_FILES, corpus_report
from expected_performance import FINDINGS, PERFORMANCE, XINFANG_FISCAL, XINFANG_INITIAL

from lib import schemas
from lib.checks import run_checks
from lib.checks.performance import compatible, printed_verdict
from lib.pipeline import parse_bytes

XINFANG = "国家信访局2024年度部门决算.pdf"


def _funds(report, seq: int, row: int = 0) -> dict[str, tuple[float | None, str]]:
    data = report.perf_funds
    data = data[(data["seq"] == seq) & (data["row_index"] == row)]
    return {str(r["measure"]): (None if pd.isna(r["value"]) else float(r["value"]), str(r["printed"])) for _, r in data.iterrows()}


def _summary(report) -> list[tuple]:
    rows = []
    for _, table in report.perf_tables.iterrows():
        seq = int(table["seq"])
        funds = _funds(report, seq)
        budget = next(funds[m][0] for m in ("full_year_budget", "budget") if m in funds)
        total = None if pd.isna(table["total_score"]) else float(table["total_score"])
        rows.append((table["kind"], table["source"], table["name"], round(budget, 6), round(funds["executed"][0], 6),
                     funds["rate"][1], funds["score"][0], total, int(table["indicator_count"]), int(table["page"]),
                     int(table["line"])))
    return rows


@pytest.mark.parametrize("name", [n for n in CORPUS_FILES if n in PERFORMANCE])
def test_corpus_self_evaluations(name: str) -> None:
    report = corpus_report(name)
    assert _summary(report) == [tuple(row) for row in PERFORMANCE[name]]
    schemas.check_schema(report.perf_tables, schemas.PERF_TABLES)
    schemas.check_schema(report.perf_funds, schemas.PERF_FUNDS)
    schemas.check_schema(report.perf_indicators, schemas.PERF_INDICATORS)


def test_xinfang_initial_budget_and_fund_sources() -> None:
    report = corpus_report(XINFANG)
    for _, table in report.perf_tables.iterrows():
        seq, name = int(table["seq"]), str(table["name"])
        assert _funds(report, seq)["initial_budget"][0] == XINFANG_INITIAL[name]
        fiscal = _funds(report, seq, 1)
        assert (fiscal["full_year_budget"][0], fiscal["executed"][0]) == XINFANG_FISCAL[name]
        assert fiscal["weight"] == (None, "--")  # the 资金来源 rows are not scored


def test_xinfang_indicators() -> None:
    data = corpus_report(XINFANG).perf_indicators
    shortfall = data[(data["name"] == "信息化运行维护") & (data["indicator"] == "设备完好率")].iloc[0]
    assert (shortfall["target"], shortfall["actual"], shortfall["weight"], shortfall["score"]) == ("≥96%", "85%", 10, 7.1)
    assert (shortfall["page"], shortfall["line"]) == (35, 16)
    assert "兼容性" in shortfall["reason"]
    continued = data[data["indicator"] == "使用部门满意率"].iloc[0]  # continuation page, cells shifted left
    assert (continued["page"], continued["weight"], continued["score"]) == (36, 10, 9.3)


def _perf_findings(report, *, include_info: bool = False) -> list[tuple]:
    return [(f.rule, f.severity, *f.as_tuple()[1:]) for f in run_checks(report)
            if f.family == "performance" and (include_info or f.severity not in ("info", "not_checked"))]


@pytest.mark.parametrize("name", [n for n in CORPUS_FILES if n in FINDINGS])
def test_corpus_findings(name: str) -> None:
    assert _perf_findings(corpus_report(name)) == FINDINGS[name]


def test_seed_000_rate_found_with_table_and_arithmetic() -> None:
    finding = next(f for f in run_checks(corpus_report("000_f138fc5b8c380ba3.txt")) if f.rule == "perf.text")
    assert "82.3%" in finding.message and "82.15%" in finding.message and "82.2%" in finding.message
    assert [loc.label() for loc in finding.location] == ["情况说明 第1页 第491行", "绩效自评表 第1页 第569行"]


def test_truncated_and_whole_number_rates_are_only_hints() -> None:
    """Seed 004 truncates (93.51 for 93.518 %); seed 002 rounds to whole numbers and prints '.00'."""
    for name in ("004_c7ae50d7beaa4f6f.txt", "002_07b422fef52514ef.txt"):
        severities = {f.severity for f in run_checks(corpus_report(name)) if f.rule in ("perf.rate", "perf.fund_score")}
        assert severities <= {"info"}


# --- the envelope ----------------------------------------------------------------------------
@pytest.mark.parametrize("printed,text,exact,slack,verdict", [
    (82.2, "82.2%", 82.1478, 0.0036, None),  # rounding (inside the amounts' slack: 205.23/249.83)
    (82.2, "82.2%", 82.1478, 0.0, "error"),
    (93.51, "93.51", 93.5184, 0.00001, "info"),  # truncation (786849.06/841388.04 元)
    (75.0, "75.00%", 74.55, 0.0, "info"),  # whole-number rounding printed with .00
    (99.0, "99%", 99.57, 0.0, "info"),  # truncation at the unit
    (1000.0, "1000%", 100.0, 0.0, "error"),
    (82.3, "82.3%", 82.148, 0.0036, "error"),
])
def test_printed_verdict(printed: float, text: str, exact: float, slack: float, verdict: str | None) -> None:
    assert printed_verdict(printed, text, exact, slack)[0] == verdict


def test_compatible_printings() -> None:
    assert compatible(99, "99%", 99.57, "99.57%")
    assert compatible(75.0, "75.00%", 74.55, "74.55%")
    assert not compatible(82.2, "82.2%", 82.3, "82.3%")


# --- generated variants ------------------------------------------------------------------------
def _parse(projects: list[ps.Project], kind: str = "text", layout: str = "central", stated=None):
    if kind == "text":
        return parse_bytes(ps.text_report(projects, layout, stated).encode("utf-8"), "perf.txt")
    if kind == "xlsx":
        return parse_bytes(ps.xlsx_report(projects, layout), "perf.xlsx")
    return parse_bytes(ps.pdf_report(projects, layout), "perf.pdf")


@pytest.mark.parametrize("kind", ["text", "xlsx", "pdf"])
@pytest.mark.parametrize("layout", ["central", "hubei"])
def test_generated_tables_read_in_every_format(kind: str, layout: str) -> None:
    projects = ps.PROJECTS if layout == "central" else ps.HUBEI_PROJECTS
    report = _parse(projects, kind, layout)
    assert list(report.perf_tables["name"]) == [p.name for p in projects]
    for seq, project in enumerate(projects, start=1):
        funds = _funds(report, seq)
        budget = funds.get("full_year_budget", funds.get("budget"))[0]
        assert (budget, funds["executed"][0]) == (project.full_year, project.executed)
        items = report.perf_indicators[report.perf_indicators["seq"] == seq]
        assert list(items["indicator"]) == [item[2] for item in project.indicators]
        assert list(items["score"]) == [item[6] for item in project.indicators]
    assert _perf_findings(report, include_info=True) == []  # a clean variant is silent


def test_impossible_rate_found() -> None:
    """1000 % printed where 执行数 equals 全年预算数 (seen in a real report)."""
    bad = ps.Project("信访干部培训专项", 180.61, 180.03, 180.03, rate_text="1000%")
    report = _parse([bad, ps.PROJECTS[1]])
    found = _perf_findings(report)
    assert ("perf.rate", "error", (1, _line(report, 1, "rate")), 100.0, 1000.0) in found
    message = next(f.message for f in run_checks(report) if f.rule == "perf.rate" and f.severity == "error")
    assert "不可能超过 100%" in message


def _line(report, seq: int, measure: str) -> int:
    data = report.perf_funds
    return int(data[(data["seq"] == seq) & (data["measure"] == measure) & (data["row_index"] == 0)]["line"].iloc[0])


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_injected_errors_found_with_their_place(kind: str) -> None:
    good = ps.PROJECTS[0]
    wrong_total = ps.Project("资产运行维护", 120, 120, 120, total_text="99")  # 10 + 86.5 = 96.5
    over = ps.with_indicator(ps.PROJECTS[1], 1, score=25.0)  # 得分 25 > 分值 20 (total follows the sum)
    missed = ps.with_indicator(good, 4, actual="80%", score=10.0)  # ≥95% target, 80% done, full marks
    missed = ps.Project("信访研究宣传立法专项", 493.76, 536.2, 413.57, indicators=missed.indicators)
    report = _parse([wrong_total, over, missed], kind)
    found = {(rule, severity) for rule, severity, *_ in _perf_findings(report)}
    assert found == {("perf.total", "error"), ("perf.indicator_score", "error"), ("perf.full_score_missed", "warning"),
                     ("perf.total", "error")}
    by_rule = {f.rule: f for f in run_checks(report) if f.family == "performance"}
    assert by_rule["perf.total"].expected == 96.5
    items = report.perf_indicators
    row = items[(items["seq"] == 2) & (items["indicator"] == "培训人数")].iloc[0]
    assert by_rule["perf.indicator_score"].location[0].line == int(row["line"])
    assert by_rule["perf.full_score_missed"].actual == "80%"


def test_rate_on_initial_budget_is_named() -> None:
    """执行率 computed ÷ 年初预算数 where the header says 全年预算数: a 警告 saying so."""
    project = ps.Project("信息化运行维护", 1500.00, 1639.34, 1032.99, rate_text="68.87%")
    found = [finding for finding in _perf_findings(_parse([project])) if finding[0] == "perf.rate"]
    assert found == [("perf.rate", "warning", found[0][2], 63.01, 68.87)]


@pytest.mark.parametrize("executed,rate_text,score_text", [
    (1032.99, "63%", "6"), (1032.99, "63.0%", "6.3"), (1032.99, "63.00%", "6.30"),
    (1533.10, "93.51%", "9.3"),  # 93.519 % truncated, as seed 004 prints
    (1533.10, "94.00%", "9.4"),  # rounded to a whole number, printed with .00
])
def test_rounding_and_truncation_never_errors(executed: float, rate_text: str, score_text: str) -> None:
    project = ps.Project("信息化运行维护", 1638.67, 1639.34, executed, rate_text=rate_text, score_text=score_text)
    assert {severity for _, severity, *_ in _perf_findings(_parse([project]), include_info=True)} <= {"info"}


def test_narrative_rate_and_score_against_the_table() -> None:
    project = ps.PROJECTS[1]
    report = _parse([project], stated={project.name: {"rate": "65.0%", "score": "88.5"}})
    found = [(rule, severity, expected, actual) for rule, severity, _, expected, actual in _perf_findings(report)]
    assert ("perf.text", "error", 63.01, 65.0) in found  # both the table (63.01%) and 1032.99/1639.34 say 63.01
    assert ("perf.text", "error", project.total(), 88.5) in found


# --- the library ------------------------------------------------------------------------------
def test_library_keeps_the_self_evaluations(tmp_path, monkeypatch) -> None:
    """Saved and loaded whole; a library made before these frames existed still loads and saves."""
    import duckdb

    from lib import store
    from lib.ingest import analyse_bytes

    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    db = tmp_path / "library.duckdb"
    data = ps.text_report(ps.PROJECTS).encode("utf-8")
    item = analyse_bytes(data, "perf.txt")
    report_id = store.save_report(item, data, db)
    loaded = store.load_report(report_id, db)
    for name in ("perf_tables", "perf_funds", "perf_indicators"):
        assert len(getattr(item.report, name)) > 0
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(item.report, name), check_exact=True)
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE perf_funds")
    con.close()
    assert store.load_report(report_id, db).perf_funds.empty
    store.save_report(item, data, db)
    assert len(store.load_report(report_id, db).perf_funds) == len(item.report.perf_funds)
