"""The template test bed (tests/testbed): every clean variant is read with its true
figures and without a false 错误."""

from __future__ import annotations

import pytest
from testbed import clean_model, to_pdf, to_text, to_xls, to_xlsx, truth
from testbed.variants import VARIANTS

from lib.checks import run_checks
from lib.pipeline import parse_bytes
from lib.summary import summarize

RENDER = {
    "tabs": lambda model, layout: to_text(model, layout),
    "flat": lambda model, layout: to_text(model, layout, flat=True),
    "pdf": to_pdf,
    "xlsx": to_xlsx,
    "xls": to_xls,
}
# (variant, format) pairs the reader reads today; the rest are added as they are read
CASES = [
    ("standard", "tabs"), ("standard", "pdf"),
    ("narrative_after_glossary", "tabs"), ("narrative_after_glossary", "pdf"),
    ("sangong_gpb_title", "tabs"), ("sangong_gpb_title", "pdf"),
    ("integer_zeros", "tabs"), ("integer_zeros", "pdf"),
    ("contents_name_only", "tabs"), ("unit_accounts", "tabs"),
]


def _parse(variant: str, fmt: str):
    model, layout = VARIANTS[variant](clean_model())
    data = RENDER[fmt](model, layout)
    return model, parse_bytes(data, f"{variant}.{fmt}")


@pytest.mark.parametrize(("variant", "fmt"), CASES)
def test_clean_variant_key_figures_and_no_false_error(variant: str, fmt: str) -> None:
    model, report = _parse(variant, fmt)
    summary = summarize(report)
    expected = truth(model)
    assert {key: summary[key] for key in expected} == expected
    errors = [(f.rule, f.message) for f in run_checks(report) if f.severity == "error"]
    assert errors == []
