"""Plausibility of units (issue 15, item 7): every table amount ×10,000 while the heading
still says 万元 is a warning (the narrative and the other tables show the slip); a correct
report gets none."""

from __future__ import annotations

import re

import pytest
import synthetic
from conftest import SEEDS, corpus_path

from lib.checks import run_checks
from lib.pipeline import parse_bytes

AMOUNT = re.compile(r"^-?\d[\d,]*\.\d{2}$")


def _scale_tables(text: str, factor: float, *, only: str | None = None) -> str:
    """Every amount cell of the tables (tab-separated lines before 情况说明) × factor; with
    `only`, just the table whose title contains it."""
    lines = text.split("\n")
    headings = [i for i, line in enumerate(lines) if "情况说明" in line and "第三部分" in line]
    narrative_from = headings[-1] if headings else len(lines)  # the contents page repeats the heading
    out, current = [], ""
    for index, line in enumerate(lines):
        in_tables = index < narrative_from
        if "决算" in line and "表" in line and "\t" not in line:
            current = line
        if in_tables and "\t" in line and (only is None or only in current):
            cells = [f"{float(c.replace(',', '')) * factor:,.2f}" if AMOUNT.match(c) else c for c in line.split("\t")]
            line = "\t".join(cells)
        out.append(line)
    return "\n".join(out)


def _scale_findings(text: str) -> list:
    return [f for f in run_checks(parse_bytes(text.encode(), "r.txt")) if f.rule == "bx.unit_scale"]


def test_all_amounts_times_ten_thousand_is_flagged() -> None:
    scaled = _scale_tables(synthetic.tab_text(), 10_000)
    assert "1,455,000.00" in scaled
    (finding,) = _scale_findings(scaled)
    assert finding.severity == "warning"
    assert finding.actual == 1_455_000.00 and finding.expected == 145.50
    assert "约是情况说明所写" in finding.message and "1 万倍" in finding.message and "元" in finding.message


def test_one_table_in_yuan_is_flagged_against_the_others() -> None:
    (finding,) = _scale_findings(_scale_tables(synthetic.tab_text(), 10_000, only="支出决算表（表3）"))
    assert "表3 合计" in finding.message and "表1 本年支出合计" in finding.message


def test_correct_report_has_no_unit_warning() -> None:
    assert _scale_findings(synthetic.tab_text()) == []


@pytest.mark.parametrize("seed", [s for s in SEEDS if not s.startswith("001")])  # 001 is flattened text
def test_real_report_times_ten_thousand_is_flagged(seed: str) -> None:
    text = corpus_path(seed).read_text(encoding="utf-8")
    scaled = _scale_tables(text, 10_000)
    assert scaled != text
    (finding,) = _scale_findings(scaled)
    assert finding.severity == "warning" and "1 万倍" in finding.message


@pytest.mark.parametrize("seed", SEEDS)
def test_real_reports_have_no_unit_warning(seed: str) -> None:
    report = parse_bytes(corpus_path(seed).read_bytes(), seed)
    assert [f.message for f in run_checks(report) if f.rule == "bx.unit_scale"] == []
