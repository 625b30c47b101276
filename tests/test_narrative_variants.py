"""The 情况说明 in the wordings real reports use (tests/testbed/narrative_variants.py): every
fact is read right or not at all — never a wrong value — and a clean narrative raises no
错误, no 警告 and no 读取存疑 from the narrative checks, in text and PDF, on the generated
report and on each corpus report's tables; an error written into the narrative is still
found as 错误 at its sentence, whatever the wording."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest
from conftest import CORPUS_FILES, corpus_report
from testbed import Layout, clean_model, model_from_report, to_pdf, to_text, truth
from testbed.narrative_variants import INJECTIONS, WORDINGS, narrative_truth, rich_model, score, with_narrative
from testbed.narrative_variants import _names as subject_names

from lib.checks import run_checks
from lib.narrative import extract_facts
from lib.pipeline import parse_bytes
from lib.summary import summarize

NARRATIVE_FAMILIES = ("text_vs_table", "text_arithmetic", "beyond")
RENDER = {"txt": lambda model: to_text(model, Layout()), "pdf": lambda model: to_pdf(model, Layout())}


def _read(model, fmt: str):
    return parse_bytes(RENDER[fmt](model), f"narrative.{fmt}")


def _complaints(report) -> list[str]:
    """Every 错误, every 警告 / 读取存疑 of the narrative checks, and any rule that crashed."""
    return [f"{f.severity} {f.rule}: {f.message}" for f in run_checks(report)
            if f.severity == "error" or f.rule == "engine.crash"
            or (f.family in NARRATIVE_FAMILIES and f.severity in ("warning", "reading_doubt"))]


# the facts a wording states that we do not read, on purpose: two 行政运行 named without
# their 款 cannot be told apart (their figures are read, their codes not)
NOT_READ = {"item_names_only": ["execution 2010101.subject_code", "execution 2010301.subject_code"]}


def _assert_read_right(base, wording, fmt: str) -> None:
    model = with_narrative(base, wording)
    report = _read(model, fmt)
    expected = truth(model)
    summary = summarize(report)
    assert {key: summary[key] for key in expected} == expected
    result = score(extract_facts(report), narrative_truth(base, wording), subject_names(base))
    assert result.wrong == []
    if base.department == rich_model().department:
        assert result.missed == NOT_READ.get(wording.name, [])
    else:
        assert result.right >= 0.95 * (result.right + result.not_read), result.missed
    assert _complaints(report) == []


@pytest.mark.parametrize("wording", list(WORDINGS))
def test_every_wording_is_read_right_or_not_at_all(wording: str) -> None:
    _assert_read_right(rich_model(), WORDINGS[wording], "txt")


PDF_WORDINGS = ["central", "jun_shanghai", "sichuan_each", "both_budgets", "grouped_items", "numbers_on_lower_baseline",
                "kuan_then_items", "everything_shanghai", "central_detail", "final_after_name"]


@pytest.mark.parametrize("wording", PDF_WORDINGS)
def test_wording_in_a_pdf(wording: str) -> None:
    """reportlab wraps the paragraphs where the page ends, numbers included ("支出决算为1" /
    "20.00万元"): a number the line width cut in two is one number again."""
    _assert_read_right(rich_model(), WORDINGS[wording], "pdf")


@pytest.mark.parametrize("wording", ["central", "grouped_items", "sangong_with_meetings"])
def test_the_small_clean_report_in_other_wordings(wording: str) -> None:
    _assert_read_right(clean_model(), WORDINGS[wording], "txt")


@cache
def _corpus_base(name: str):
    return model_from_report(corpus_report(name))


@pytest.mark.parametrize("wording", ["central", "everything_shanghai", "kuan_then_items", "central_detail_wrapped"])
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_tables_with_a_narrative_in_other_wordings(name: str, wording: str) -> None:
    """Each corpus report's own tables (their subject names, 行政运行 under several 款, …)
    narrated in another wording."""
    base = _corpus_base(name)
    model = with_narrative(base, WORDINGS[wording])
    report = _read(model, "txt")
    result = score(extract_facts(report), narrative_truth(base, WORDINGS[wording]), subject_names(base))
    assert result.wrong == []
    assert result.missed == []
    narrative = [c for c in _complaints(report) if c.split()[1].startswith(("text.", "bx.", "engine."))]
    assert narrative == []


# an error each wording can carry: the change amount is needed to test a stated growth rate,
# a rate to test a rate; 100 元 is within the rounding of a total printed in 元
INJECTED_WORDINGS = ["central", "jun_shanghai", "both_budgets", "grouped_items", "unnumbered_items", "final_first",
                     "wrapped_page_numbers", "kuan_then_items", "codes_in_text", "juesuan_total", "final_after_name",
                     "bare_labels", "central_detail", "difference_without_direction"]


@pytest.mark.parametrize("kind", list(INJECTIONS))
@pytest.mark.parametrize("wording", INJECTED_WORDINGS)
def test_an_error_written_into_the_narrative_is_found_in_every_wording(wording: str, kind: str) -> None:
    _, _, _, rule = INJECTIONS[kind]
    report = _read(with_narrative(rich_model(), replace(WORDINGS[wording], inject=kind)), "txt")
    found = [f for f in run_checks(report) if f.rule == rule and f.severity == "error"]
    assert found, [c for c in _complaints(report)] + [f"{f.severity} {f.rule}: {f.message}" for f in run_checks(report)
                                                      if f.rule == rule]
    lines = {(line.page, line.line_no): line.text for line in report.all_lines}
    cited = [loc for f in found for loc in f.location if loc.table == "text"]
    assert cited and all((loc.page, loc.line) in lines for loc in cited)


# --- the narrative checks doubt their own reading -----------------------------------------

def _edited(wording: str, *edits: tuple[str, str], model=None):
    """The rich report narrated in `wording`, its lines edited (find → replace, first line
    holding `find`), parsed from text."""
    base = model or rich_model()
    narrated = with_narrative(base, WORDINGS[wording])
    lines = list(narrated.narrative)
    for find, new in edits:
        index = next(i for i, line in enumerate(lines) if find in line)
        lines[index] = lines[index].replace(find, new, 1)
    return _read(replace(narrated, narrative=tuple(lines)), "txt")


def _text_findings(report, rule: str) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in run_checks(report) if f.rule == rule]


def test_a_budget_statement_we_could_not_read_makes_the_budget_sum_doubtful() -> None:
    """"年初（调整前）预算为 108.00 万元" is not read as a 年初预算, so that item drops out
    and the items sum short: our reading, not the report's error."""
    report = _edited("central", ("年初预算为108.00万元", "年初（调整前）预算为108.00万元"))
    (severity, message), = _text_findings(report, "text.budget_sum")
    assert severity == "reading_doubt" and "1 处预算陈述没有读成项目" in message


def test_the_table_figure_printed_in_the_same_sentence_makes_a_mismatch_doubtful() -> None:
    """"一般公共预算财政拨款支出决算 1905.50 万元（含上年结转 36.50 万元 …)" read as 36.50 would be
    our misreading: the sentence prints the table's figure."""
    report = _edited("central", ("支出决算为1905.50万元，完成", "支出决算为36.50万元（全年1905.50万元），完成"))
    found = [f for f in run_checks(report) if f.rule == "text.amount" and "表5 合计" in f.message]
    assert [f.severity for f in found] == ["reading_doubt"] and "另印有 1,905.50 万元" in found[0].message


def test_a_stated_figure_that_is_a_same_named_rows_figure_is_doubtful() -> None:
    """Two 行政运行 (人大事务 and 政府办公厅): a name matched to one whose text figure is the
    other's table figure may be our matching."""
    report = _edited("item_names_only", ("支出决算为412.40万元", "支出决算为590.82万元"))
    severity = {f.severity for f in run_checks(report) if f.rule == "text.amount" and "行政运行" in f.message}
    assert severity <= {"reading_doubt"}


def test_a_share_is_checked_against_the_base_its_sentence_names() -> None:
    clean = _edited("share_of_grand_total")
    assert _text_findings(clean, "text.percent") == []
    wrong_base = _edited("central", ("占100.00%", "占收入总计的100.00%"))  # 1905.50 ÷ 1942.00 = 98.12 %
    assert [s for s, _ in _text_findings(wrong_base, "text.percent")] == ["error"]
    unknown = _edited("central", ("占100.00%", "占部门预算的77.00%"))
    assert [s for s, _ in _text_findings(unknown, "text.percent")] == ["reading_doubt"]


def test_a_growth_rate_that_fits_the_other_sides_change_is_doubtful() -> None:
    """"收入增加 A，支出增加 B，增长 P%" where P is B's rate: paired with A it would be
    our pairing, not the report's arithmetic. (The reader no longer pairs a rate across
    another figure; the check still doubts a pairing the sentence contradicts.)"""
    import pandas as pd

    from lib.checks.base import Emitter
    from lib.checks.text_arithmetic import check_yoy

    sentence = "收、支总计1942.00万元。与上年相比，收入增加206.06万元，支出增加195.00万元，增长11.23%。"
    row = pd.Series({"change": 206.06, "change_pct": 11.23, "prior_value": None, "direction": "增加", "page": 1,
                     "line": 3, "sentence": sentence})
    out = Emitter()
    check_yoy(row, "收支总计", 1942.00, out)
    assert [f.severity for f in out.result()] == ["reading_doubt"]
    alone = row.copy()
    alone["sentence"] = "收、支总计1942.00万元。与上年相比，增加206.06万元，增长11.23%。"
    out = Emitter()
    check_yoy(alone, "收支总计", 1942.00, out)
    assert [f.severity for f in out.result()] == ["error"]


def test_the_overall_statement_of_all_funds_is_not_held_against_table_5() -> None:
    """"财政拨款支出…决算为 X" (every fund) is 表4's 本年支出合计; only "一般公共预算…" is 表5's."""
    base = rich_model()
    t4 = base.table("t4")
    expense = tuple((label, ((amounts[0] + 2.80, amounts[1], 2.80, None) if label == "本年支出合计" else amounts))
                    for label, amounts in t4.expense)
    model = base.with_table("t4", replace(t4, expense=expense))
    all_funds = _edited("central", ("一般公共预算财政拨款支出年初预算为1928.37万元，支出决算为1905.50万元",
                                    "财政拨款支出年初预算为1928.37万元，支出决算为1908.30万元"), model=model)
    assert not [f for f in run_checks(all_funds) if f.rule == "text.amount" and "表5 合计" in f.message]
    gpb = _edited("central", ("支出决算为1905.50万元，完成", "支出决算为1908.30万元，完成"), model=model)
    assert [f.severity for f in run_checks(gpb) if f.rule == "text.amount" and "表5 合计" in f.message] == ["error"]


def test_a_number_without_its_unit_that_is_the_table_in_yuan_is_doubtful() -> None:
    report = _edited("central", ("本年收入合计1905.50万元", "本年收入合计19055000.00"))
    found = [f for f in run_checks(report) if f.rule == "text.amount" and "收入合计" in f.message]
    assert [f.severity for f in found] == ["reading_doubt"] and "没有写单位" in found[0].message


def test_a_statement_that_heads_with_one_final_and_states_another_is_the_reports_error() -> None:
    """Shanghai 2025 heads each subject with its 决算 ("“…（项）”257.14 万元，主要用于…") and
    states it again ("支出决算为 245.53 万元"): when the two differ the report contradicts
    itself — an 错误, not our reading."""
    report = _edited("grouped_items", ("支出决算为100.00万元", "支出决算为96.00万元"))
    found = [f for f in run_checks(report) if f.rule == "text.amount" and "人大会议" in f.message]
    assert [f.severity for f in found] == ["error"]


def test_two_different_budgets_in_one_statement_are_not_read() -> None:
    report = _edited("central", ("年初预算为108.00万元", "年初预算为108.00万元，年初预算为120.00万元"))
    items = extract_facts(report).execution
    assert "2010104" not in set(items["subject_code"].dropna())  # not read, never one of the two
    assert not [f for f in run_checks(report) if f.rule == "text.budget_sum" and f.severity == "error"]


def test_a_total_that_differs_from_the_table_stays_an_error_when_a_part_has_the_tables_figure() -> None:
    """"本年收入合计 1,950.00 万元，其中：财政拨款收入 1,905.50 万元": the part's figure equal to
    表1's total does not excuse the stated total."""
    report = _edited("central", ("本年收入合计1905.50万元", "本年收入合计1950.00万元"))
    found = [f for f in run_checks(report) if f.rule == "text.amount" and "收入合计" in f.message]
    assert [f.severity for f in found] == ["error"]


def test_an_amount_in_yi_yuan_is_judged_by_its_own_digits() -> None:
    """"收、支总计0.19亿元" is 1,942.00 万元 to the 亿元's two decimals (1,900 万元 ± 50)."""
    report = _edited("central", ("收、支总计1942.00万元", "收、支总计0.19亿元"))
    found = [f.severity for f in run_checks(report) if f.rule == "text.amount" and "收支总计" in f.message]
    assert found in ([], ["info"])
    wrong = _edited("central", ("收、支总计1942.00万元", "收、支总计0.25亿元"))
    assert [f.severity for f in run_checks(wrong) if f.rule in ("text.amount", "bx.unit") and "收支总计" in f.message] == ["error"]
