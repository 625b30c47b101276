"""A table whose amounts we could not place is printed, not empty: no 'empty table without a
reason' warning against the report (seen on a paired-column 三公 table flattened to text,
where "合计 0.95 0.95" with every other cell empty fits several columns)."""

from __future__ import annotations

from testbed import clean_model, to_text
from testbed.model import SANGONG_CATEGORIES, SangongTable
from testbed.variants import VARIANTS

from lib.checks import run_checks
from lib.pipeline import parse_bytes
from lib.summary import summarize


def test_a_table_of_unplaceable_amounts_is_not_called_empty() -> None:
    sparse = SangongTable(tuple((key, 0.95 if key in ("total", "reception") else None, None)
                                for key, _ in SANGONG_CATEGORIES))
    model, layout = VARIANTS["shanghai_order"](clean_model().with_table("t9", sparse))
    report = parse_bytes(to_text(model, layout, flat=True), "flat.txt")
    cells = report.sangong.set_index(["measure", "category"])["cell"]
    assert cells[("budget", "total")] == "unreadable"  # the ambiguity this test is about
    assert summarize(report)["sangong_budget"] is None  # not read, said so; never a guess
    rules = {f.rule for f in run_checks(report) if f.severity != "ok"}
    assert "comp.empty_statement" not in rules
