"""The nine tables of every real report in ../shared/corpus, against hand-read values
(tests/expected_figures.py). Skipped with a reason when the corpus is absent."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import CORPUS_FILES, TEMPLATE_PDF, corpus_path, corpus_report
from expected_figures import EXPECTED

from lib.errors import UnfilledTemplate
from lib.figures import ledger_figure
from lib.pipeline import parse_path
from lib.summary import SUMMARY_KEYS, summarize

SET_KEYS = ("table_set", "table_set_tables", "accounts_kind")
TABLE_KEYS = [key for key in SUMMARY_KEYS if key not in ("prior_year_total", "gpb_initial_budget", "tables_found", "reading_confidence", *SET_KEYS)]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_summary_figures(name: str) -> None:
    summary = summarize(corpus_report(name))
    expected = EXPECTED[name]
    assert {key: summary[key] for key in TABLE_KEYS} == {key: expected[key] for key in TABLE_KEYS}
    assert sorted(summary["tables_found"]) == sorted(expected["tables_found"])
    # every corpus report follows the nine-table set of a 部门决算 (read by hand)
    assert (summary["table_set"], summary["accounts_kind"]) == (9, "部门决算")


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_t6_economic_classes(name: str) -> None:
    economic = corpus_report(name).economic
    classes = economic[economic["level"] == "类"]
    found = {row.code: (0.0 if pd.isna(row.amount) else round(row.amount, 2)) for row in classes.itertuples()}
    for code, amount in EXPECTED[name]["t6_groups"].items():
        assert found.get(code) == amount, code


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_t9_every_category(name: str) -> None:
    sangong = corpus_report(name).sangong
    for category, figures in EXPECTED[name]["t9_detail"].items():
        for measure, amount in figures.items():
            cell = sangong[(sangong["category"] == category) & (sangong["measure"] == measure)]
            value = cell["amount"].iloc[0]
            assert (0.0 if pd.isna(value) else round(value, 2)) == amount, (category, measure)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_t3_t5_subject_counts(name: str) -> None:
    subjects = corpus_report(name).subjects
    for table, counts in EXPECTED[name]["counts"].items():
        codes = subjects[subjects["table"] == table].drop_duplicates("subject_code")
        got = {"lei": (codes["level"] == "类").sum(), "kuan": (codes["level"] == "款").sum(), "xiang": (codes["level"] == "项").sum()}
        assert got == counts, table


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_t4_totals(name: str) -> None:
    report = corpus_report(name)
    expected = EXPECTED[name]["t4"]
    measure = "total"
    assert ledger_figure(report, "t4", "income_total", side="收入") == expected["income_total"]
    assert ledger_figure(report, "t4", "expense_total", side="支出", measure=measure) == expected["expense_total"]
    assert ledger_figure(report, "t4", "grand_total", side="收入") == expected["grand_total"]
    assert ledger_figure(report, "t4", "gpb_income", side="收入") == expected["gpb"]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_metadata(name: str) -> None:
    meta = corpus_report(name).meta
    assert (meta.department, meta.year, meta.unit) == tuple(EXPECTED[name][k] for k in ("department", "year", "unit"))
    assert len(meta.report_id) == 16


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_amount_has_a_source_line(name: str) -> None:
    report = corpus_report(name)
    for frame in (report.subjects, report.ledger, report.economic, report.sangong):
        assert (frame["page"] >= 1).all() and (frame["line"] >= 1).all()


def test_tables_recognised_by_title_not_position() -> None:
    """国家信访局 lists 三公 seventh in its contents but codes it 公开09表, after 基金 and 国资."""
    report = corpus_report("国家信访局2024年度部门决算.pdf")
    assert report.table_locations["t9"][0] == 15 and report.table_locations["t7"][0] == 13


def test_tables_split_over_pages_are_joined() -> None:
    report = corpus_report("上海市普陀区财政局2024年度部门决算.pdf")
    t3 = report.subjects[(report.subjects["table"] == "t3") & (report.subjects["measure"] == "expense_total")]
    assert set(t3["page"]) == {10, 11}
    assert t3.set_index("subject_code").loc["2080599", "amount"] == 0.94


def test_flattened_seed_columns_placed_by_arithmetic() -> None:
    """Seed 001 loses empty cells: 213 (5.00) is 项目支出, 210 (31.41) 基本支出."""
    report = corpus_report("001_26eecacb94f69307.txt")
    t3 = report.subjects[report.subjects["table"] == "t3"]
    cell = t3.set_index(["subject_code", "measure"])["amount"]
    assert cell[("213", "project")] == 5.0 and pd.isna(cell[("213", "basic")])
    assert cell[("210", "basic")] == 31.41 and pd.isna(cell[("210", "project")])


def test_unfilled_template_is_recognised_not_invented() -> None:
    path = corpus_path(TEMPLATE_PDF)
    with pytest.raises(UnfilledTemplate, match="未填写的部门决算模板"):
        parse_path(path)
    report = corpus_report(TEMPLATE_PDF, allow_template=True)
    assert report.is_template and len(report.tables_found) == 9
    for frame in (report.subjects, report.ledger, report.economic, report.sangong):
        assert frame["amount"].isna().all()


@pytest.mark.parametrize(
    ("name", "statements"),
    [
        ("000_f138fc5b8c380ba3.txt", {"t7": 328, "t8": 345, "t9": 363}),
        ("002_07b422fef52514ef.txt", {"t7": 338, "t8": 349}),
        ("003_7b047703dfb923be.txt", {"t7": 316, "t8": 333, "t9": 351}),
        ("004_c7ae50d7beaa4f6f.txt", {"t7": 332, "t8": 350, "t9": 368}),
        ("上海市普陀区财政局2024年度部门决算.pdf", {"t7": 7, "t8": 7}),
        ("国家信访局2024年度部门决算.pdf", {"t7": 9, "t8": 9}),
    ],
)
def test_empty_tables_and_their_no_data_statements(name: str, statements: dict[str, int]) -> None:
    """表7/表8/表9 printed empty, with the sentence saying why (its line kept for the checks)."""
    report = corpus_report(name)
    assert {table: line for table, (_, line, _) in report.empty_statements.items()} == statements
    empty_tables = report.subjects[report.subjects["table"].isin(list(statements))]
    assert empty_tables.empty
