"""The one figure accessor: value, cell state and the row it was read from (lib.figures),
the same Term the consistency rules compare."""

from __future__ import annotations

from conftest import corpus_report

from lib import figures, views
from lib.checks import access
from lib.checks.findings import Location

SEED = "000_f138fc5b8c380ba3.txt"


def test_terms_carry_value_state_and_place() -> None:
    report = corpus_report(SEED)
    income = figures.ledger_term(report, "t1", "income_total")
    assert (income.amount, income.status, income.loc) == (205.23, "value", Location(1, "t1", 119))
    basic = figures.subject_total_term(report, "t3", "basic")
    assert (figures.figure(basic), basic.loc) == (114.26, Location(1, "t3", 172))
    assert basic == access.subject_total_term(report, "t3", "basic")  # what the rule x.t1_t3 reads
    carry = figures.ledger_term(report, "t1", "carryover_begin")
    assert (carry.status, figures.figure(carry), carry.loc.line) == ("empty", 0.0, 121)  # printed empty: 0


def test_absent_and_unreadable_figures_are_none() -> None:
    import dataclasses

    report = corpus_report(SEED)
    without_t9 = dataclasses.replace(report, tables_found=tuple(t for t in report.tables_found if t != "t9"))
    assert figures.sangong_term(without_t9, "final").status == "missing"
    assert figures.sangong_figure(without_t9, "final") is None
    totals = report.subject_totals.copy()
    totals.loc[(totals["table"] == "t3") & (totals["measure"] == "basic"), "cell"] = "unreadable"
    unreadable = dataclasses.replace(report, subject_totals=totals)
    assert figures.subject_total_term(unreadable, "t3", "basic").status == "unreadable"
    assert figures.subject_total(unreadable, "t3", "basic") is None


def test_figure1_cites_the_row_its_amount_comes_from() -> None:
    report = corpus_report(SEED)
    data = views.totals_change(report, None, "total")
    this_year = data[data["来源"] == "表1"].set_index("项目")
    for side, label in (("收入", "收入总计"), ("支出", "支出总计")):
        term = figures.ledger_term(report, "t1", "grand_total", side=side)
        assert (this_year.at[label, "金额（万元）"], this_year.at[label, "页"], this_year.at[label, "行"]) == \
            (term.amount, term.loc.page, term.loc.line)
    assert this_year.at["收入总计", "行"] == 123  # t1 L123 总计
