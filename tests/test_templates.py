"""Real templates of other provinces and years (tests/testbed/templates.py), printed from a
model that fills every column (tests/testbed/rich.py): every `summary` key figure equals
the model's truth and no 错误 and no 读取存疑 is raised — as a text export, flattened text, a
ruled PDF and a workbook. Errors injected into these layouts are still found where they
were put, and tables that are not one of the nine are never read into ours."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest
from testbed import Layout, to_pdf, to_text, to_xls, to_xlsx, truth
from testbed.model import EconomicTable, LedgerTable, SubjectTable
from testbed.rich import rich_model
from testbed.templates import TEMPLATE_SETS, TEMPLATES

from lib.checks import run_checks
from lib.pipeline import parse_bytes
from lib.summary import summarize
from lib.textnorm import squash

RENDER = {
    "tabs": lambda model, layout: to_text(model, layout),
    "flat": lambda model, layout: to_text(model, layout, flat=True),
    "pdf": to_pdf,
    "xlsx": to_xlsx,
    "xls": to_xls,
}
FORMATS = ("tabs", "flat", "pdf", "xlsx")
XLS_TEMPLATES = ("sichuan_thirteen", "central_2016", "joined_codes")
CASES = [(name, fmt) for name in TEMPLATES for fmt in FORMATS] + [(name, "xls") for name in XLS_TEMPLATES]


@cache
def parsed(name: str, fmt: str):
    model, layout = TEMPLATES[name](rich_model())
    report = parse_bytes(RENDER[fmt](model, layout), f"{name}.{fmt}")
    return model, report, tuple(run_checks(report))


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_template_is_read_right_without_false_error(name: str, fmt: str) -> None:
    model, report, findings = parsed(name, fmt)
    summary = summarize(report)
    expected = truth(model)
    assert {key: summary[key] for key in expected} == expected
    assert [(f.rule, f.message) for f in findings if f.severity in ("error", "reading_doubt")] == []


def test_the_rich_model_fills_the_columns_the_clean_one_leaves_empty() -> None:
    """The templates' model is not the clean one: several income sources, 政府性基金, 经营支出,
    carry-over and a 表7 with amounts — so a column read into its neighbour shows."""
    model = rich_model()
    t2, t3, t7 = model.table("t2"), model.table("t3"), model.table("t7")
    assert isinstance(t2, SubjectTable) and isinstance(t3, SubjectTable) and isinstance(t7, SubjectTable)
    assert sum(1 for value in t2.total if value) >= 5 and t3.total[4] and all(t7.total[i] for i in (0, 1, 2, 4, 5))
    t1 = model.table("t1")
    assert isinstance(t1, LedgerTable) and dict(t1.income)["年初结转和结余"]


@pytest.mark.parametrize("fmt", ["tabs", "pdf"])
def test_tables_that_are_not_ours_are_not_read(fmt: str) -> None:
    """Sichuan's detail tables follow 表4, 表5 and 表6: none of their rows joins ours."""
    model, report, _ = parsed("sichuan_thirteen", fmt)
    t6 = model.table("t6")
    assert isinstance(t6, EconomicTable)
    assert sorted(report.economic["code"]) == sorted(code for code, _, _ in t6.items)
    t4 = model.table("t4")
    assert isinstance(t4, LedgerTable)
    items = report.ledger[(report.ledger["table"] == "t4") & (report.ledger["measure"].isin(["amount", "total"]))]
    assert len(items) == len([1 for label, _ in t4.income if label]) + len(t4.expense)
    t5_rows = report.subjects[(report.subjects["table"] == "t5") & (report.subjects["measure"] == "total")]
    t5 = model.table("t5")
    assert isinstance(t5, SubjectTable)
    assert sorted(t5_rows["subject_code"]) == sorted(code for code, _, _ in t5.rows)
    # the exact title of 表5 wins over the detail table titled 一般公共预算财政拨款支出决算明细表
    title = next(line for line in report.all_lines if (line.page, line.line_no) == report.table_locations["t5"])
    assert "明细" not in title.text


def test_older_sets_are_not_missing_a_table() -> None:
    for name, size in TEMPLATE_SETS.items():
        _, report, findings = parsed(name, "tabs")
        assert len(report.table_set) == size and report.tables_missing == ()
        assert not [f for f in findings if f.rule == "comp.missing_table"]


def test_a_recent_report_without_a_table_still_misses_it() -> None:
    model = rich_model().with_table("t8", None)  # 2023, no numbers and no contents to say the set is 8
    report = parse_bytes(to_text(model, Layout(numbering="none", contents=False)), "x.txt")
    assert report.tables_missing == ("t8",)
    assert [f.severity for f in run_checks(report) if f.rule == "comp.missing_table"] == ["error"]


# --------------------------------------------------------------------------- injected errors


def _t1_total(delta: float):
    """支出方总计 off by `delta` (in the table's unit)."""
    def edit(model):
        t1 = model.table("t1")
        expense = tuple((label, (round(values[0] + delta, 2),) if label in ("总计", "支出总计") else values)
                        for label, values in t1.expense)
        return model.with_table("t1", dataclasses.replace(t1, expense=expense))
    return edit


def _personnel(delta: float):
    def edit(model):
        t6 = model.table("t6")
        return model.with_table("t6", dataclasses.replace(t6, personnel=round(t6.personnel + delta, 2)))
    return edit


def _t2_other(delta: float):
    def edit(model):
        t2 = model.table("t2")
        total = tuple(round(v + delta, 2) if i == 6 else v for i, v in enumerate(t2.total))
        return model.with_table("t2", dataclasses.replace(t2, total=total))
    return edit


# (template, edit, rule found as 错误, a cell of the row it was put in)
INJECTED = [
    ("sichuan_thirteen", _personnel(10.00), "t6.group_total", ("t6", "人员经费合计")),
    ("yuan_tables", _t1_total(10_000.00), "t1.balance", ("t1", "总计")),  # 1 万元, printed in 元
    ("ledger_labels", _t1_total(1.0), "t1.balance", ("t1", "支出总计")),
    ("column_subsets", _t2_other(3.00), "t2.row_sum", ("t2", "合计")),
    ("eight_unnumbered_2017", _t2_other(3.00), "t2.row_sum", ("t2", "合计")),
]


@pytest.mark.parametrize("fmt", ["tabs", "pdf"])
@pytest.mark.parametrize(("name", "edit", "rule", "where"), INJECTED, ids=[f"{n}-{r}" for n, _, r, _ in INJECTED])
def test_injected_error_in_a_template_is_found_at_its_row(name, edit, rule, where, fmt: str) -> None:
    model, layout = TEMPLATES[name](rich_model())
    broken = edit(model)
    report = parse_bytes(RENDER[fmt](broken, layout), f"{name}.{fmt}")
    findings = run_checks(report)
    errors = [f for f in findings if f.severity == "error" and f.rule == rule]
    assert errors, [(f.severity, f.rule, f.message) for f in findings if f.severity not in ("info", "not_checked")]
    table, words = where
    start = report.table_locations[table]
    later = [p for p in report.table_locations.values() if p > start]
    end = min(later, default=(10**6, 0))
    rows = {(ln.page, ln.line_no) for ln in report.all_lines if start < (ln.page, ln.line_no) < end
            and squash(words) in (squash(c) for c in ln.cells)}
    assert rows & {(loc.page, loc.line) for f in errors for loc in f.location}, [f.as_tuple() for f in errors]
    assert not [f for f in findings if f.severity == "reading_doubt"], "a real error must not be doubted away"


def test_library_keeps_table_set_and_accounts_kind(tmp_path, monkeypatch) -> None:
    """A report read from the library shows the set and kind it was read with (an 8-table
    单位决算 stays one, not the defaults)."""
    from lib import store
    from lib.analysed import analyse_bytes

    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    model, layout = TEMPLATES["eight_unnumbered_2017"](rich_model())
    model = dataclasses.replace(model, kind="单位")
    data = to_text(model, layout)
    item = analyse_bytes(data, "unit.txt")
    db = tmp_path / "library.duckdb"
    store.save_report(item, data, db=db)
    back = store.load_analysed(item.report.report_id, db=db)
    assert back is not None
    assert (len(back.report.table_set), back.report.accounts_kind) == (8, "单位决算")
    assert (back.summary["table_set"], back.summary["accounts_kind"]) == (8, "单位决算")
    listed = store.list_reports(db)
    assert listed["accounts_kind"].tolist() == ["单位决算"]


# --------------------------------------------------------------------------- doubting our reading


def _findings(model, layout=None):
    report = parse_bytes(to_text(model, layout or Layout()), "x.txt")
    return report, run_checks(report)


def test_a_line_we_do_not_know_is_doubted_not_blamed() -> None:
    """表1 of an unseen template names a source line otherwise ('八、其他收入（含下级单位上缴收入）'):
    the income sum fails by exactly that line — 读取存疑 naming the line, not 错误."""
    model = rich_model()
    t1 = model.table("t1")
    income = tuple(("八、其他收入（含下级单位上缴收入）" if label == "八、其他收入" else label, amount) for label, amount in t1.income)
    _, findings = _findings(model.with_table("t1", dataclasses.replace(t1, income=income)))
    assert not [f.message for f in findings if f.severity == "error"]
    doubts = [f for f in findings if f.severity == "reading_doubt" and f.rule == "t1.income_sum"]
    assert doubts and "不是本工具认识的行" in doubts[0].message and "1,200.00" in doubts[0].message


def test_a_table_whose_title_we_cannot_name_is_doubted_not_missing() -> None:
    model = dataclasses.replace(rich_model(), titles=(("t6", "一般公共预算财政拨款基本支出经济分类决算表"),))
    report, findings = _findings(model)
    assert "t6" in report.tables_missing
    missing = [f for f in findings if f.rule == "comp.missing_table"]
    assert [f.severity for f in missing] == ["reading_doubt"] and "相近的表名" in missing[0].message
    assert not [f.message for f in findings if f.severity == "error"]


def test_figures_ten_thousand_times_apart_are_doubted() -> None:
    """表6 printed in 元 under a 万元 heading (or a unit line we missed): its sums disagree with
    表5 by a factor of 10,000 — the unit, not the department, is the likely cause."""
    model = rich_model()
    t6 = model.table("t6")
    scaled = EconomicTable(tuple((c, n, None if a is None else round(a * 10000, 2)) for c, n, a in t6.items),
                           round(t6.personnel * 10000, 2), round(t6.public * 10000, 2))
    _, findings = _findings(model.with_table("t6", scaled))
    assert not [f.message for f in findings if f.severity == "error"]
    assert [f for f in findings if f.severity == "reading_doubt" and "一万倍" in f.message]
