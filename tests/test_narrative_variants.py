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
    """Every 错误, and every 警告 / 读取存疑 of the narrative checks."""
    return [f"{f.severity} {f.rule}: {f.message}" for f in run_checks(report)
            if f.severity == "error" or (f.family in NARRATIVE_FAMILIES and f.severity in ("warning", "reading_doubt"))]


def _assert_read_right(base, wording, fmt: str, *, min_share: float = 0.95) -> None:
    model = with_narrative(base, wording)
    report = _read(model, fmt)
    expected = truth(model)
    summary = summarize(report)
    assert {key: summary[key] for key in expected} == expected
    result = score(extract_facts(report), narrative_truth(base, wording), subject_names(base))
    assert result.wrong == []
    assert result.right >= min_share * (result.right + result.not_read), result.missed
    assert _complaints(report) == []


@pytest.mark.parametrize("wording", list(WORDINGS))
def test_every_wording_is_read_right_or_not_at_all(wording: str) -> None:
    _assert_read_right(rich_model(), WORDINGS[wording], "txt")


PDF_WORDINGS = ["central", "jun_shanghai", "sichuan_each", "both_budgets", "grouped_items", "numbers_on_lower_baseline",
                "kuan_then_items", "everything_shanghai"]


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


@pytest.mark.parametrize("wording", ["central", "everything_shanghai", "kuan_then_items"])
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_tables_with_a_narrative_in_other_wordings(name: str, wording: str) -> None:
    """Each corpus report's own tables (their subject names, 行政运行 under several 款, …)
    narrated in another wording."""
    base = _corpus_base(name)
    model = with_narrative(base, WORDINGS[wording])
    report = _read(model, "txt")
    result = score(extract_facts(report), narrative_truth(base, WORDINGS[wording]), subject_names(base))
    assert result.wrong == []
    assert result.right >= 0.95 * (result.right + result.not_read), result.missed
    narrative = [c for c in _complaints(report) if c.split()[1].startswith(("text.", "bx."))]
    assert narrative == []


# an error each wording can carry: the change amount is needed to test a stated growth rate,
# a rate to test a rate; 100 元 is within the rounding of a total printed in 元
INJECTED_WORDINGS = ["central", "jun_shanghai", "both_budgets", "grouped_items", "unnumbered_items", "final_first",
                     "wrapped_page_numbers", "kuan_then_items", "codes_in_text"]


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
