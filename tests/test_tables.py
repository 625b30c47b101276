"""The table recogniser on generated fixtures: every format gives the same nine tables."""

from __future__ import annotations

import pytest
import synthetic

from lib.document import Line
from lib.errors import NotFinalAccounts, UnfilledTemplate
from lib.pipeline import parse_bytes, parse_path
from lib.schemas import ECONOMIC, LEDGER, SANGONG, SUBJECT_TOTALS, SUBJECTS, check_schema
from lib.summary import summarize
from lib.tables.functional import SubjectRow
from lib.tables.placement import place_dense_rows
from lib.tables.titles import clean_title, title_table_id

FORMATS = ["report_tabs.txt", "report_gbk.txt", "report_flat.txt", "report.xlsx", "report.pdf"]


@pytest.mark.parametrize(
    ("title", "table_id"),
    [
        ("2022 年度收入决算表（表 2）", "t2"),
        ("一、收入支出决算总表", "t1"),
        ("四、财政拨款收入支出决算总表....8", "t4"),
        ("2022年度一般公共预算财政拨款基本支出决算明细表（表6）", "t6"),
        ("一般公共预算财政拨款基本支出决算表", "t6"),
        ("国有资本经营预算财政拨款收入支出决算表", "t8"),
        ("2022 年度国有资本经营预算财政拨款支出决算表（表 8）", "t8"),
        ("七、一般公共预算财政拨款“三公”经费支出决算表 ......11", "t9"),
        ("2022年度支出决算表（表3）\t\t\t单位：万元", "t3"),
        ("第二部分 区人社局 2022 年度部门决算表", None),
        ("七、政府性基金预算财政拨款收入支出决算情况说明", None),
        ("本单位无政府性基金预算财政拨款收入支出，故本表无数据。", None),
    ],
)
def test_titles(title: str, table_id: str | None) -> None:
    assert title_table_id(title) == table_id, clean_title(title)


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_gives_the_same_summary(fixture_dir, name: str) -> None:
    report = parse_bytes(fixture_dir[name].read_bytes(), name)
    assert summarize(report) | {"prior_year_total": None, "gpb_initial_budget": None, "reading_confidence": None} == \
        synthetic.EXPECTED_SUMMARY | {"prior_year_total": None, "gpb_initial_budget": None, "reading_confidence": None}


@pytest.mark.parametrize("name", FORMATS)
def test_frames_follow_their_schemas_and_carry_provenance(fixture_dir, name: str) -> None:
    report = parse_bytes(fixture_dir[name].read_bytes(), name)
    for frame, schema in [
        (report.subjects, SUBJECTS), (report.subject_totals, SUBJECT_TOTALS), (report.ledger, LEDGER),
        (report.economic, ECONOMIC), (report.sangong, SANGONG),
    ]:
        check_schema(frame, schema)
        assert (frame["page"] >= 1).all() and (frame["line"] >= 1).all()


def test_subject_rows_by_code(fixture_dir) -> None:
    report = parse_bytes(fixture_dir["report_tabs.txt"].read_bytes(), "x.txt")
    t3 = report.subjects[report.subjects["table"] == "t3"].pivot_table(
        index="subject_code", columns="measure", values="amount", aggfunc="first"
    )
    assert t3.loc["2010102", "project"] == 20.0 and pd_isna(t3.loc["2010102", "basic"])
    levels = report.subjects.drop_duplicates("subject_code").set_index("subject_code")["level"]
    assert (levels["201"], levels["20101"], levels["2010101"]) == ("类", "款", "项")
    empty = report.subjects[(report.subjects["subject_code"] == "2010102") & (report.subjects["measure"] == "basic")]
    assert set(empty["cell"]) == {"empty"}


def pd_isna(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_ledger_sides_and_line_numbers(fixture_dir) -> None:
    report = parse_bytes(fixture_dir["report_tabs.txt"].read_bytes(), "x.txt")
    t1 = report.ledger[report.ledger["table"] == "t1"]
    income = t1[t1["side"] == "收入"].set_index("item")
    expense = t1[t1["side"] == "支出"].set_index("item")
    assert income.loc["gpb_income", "amount"] == 140.5 and income.loc["gpb_income", "line_number"] == 1
    assert expense.loc["class:208", "amount"] == 30.0 and expense.loc["class:208", "class_code"] == "208"
    t4 = report.ledger[(report.ledger["table"] == "t4") & (report.ledger["item"] == "class:201")]
    assert dict(zip(t4["measure"], t4["amount"].fillna(0))) == {"total": 100.0, "gpb": 100.0, "gov_fund": 0.0, "soe_capital": 0.0}


def test_empty_tables_and_their_statements(fixture_dir) -> None:
    report = parse_bytes(fixture_dir["report_tabs.txt"].read_bytes(), "x.txt")
    assert set(report.empty_statements) == {"t7", "t8"}
    assert report.subjects[report.subjects["table"].isin(["t7", "t8"])].empty


def test_missing_tables_are_named(fixture_dir) -> None:
    text = synthetic.tab_text()
    cut = text.index("2023年度一般公共预算财政拨款基本支出决算明细表")
    report = parse_bytes(text[:cut].encode(), "partial.txt")
    assert report.tables_found == ("t1", "t2", "t3", "t4", "t5")
    assert report.tables_missing == ("t6", "t7", "t8", "t9")
    assert summarize(report)["personnel_expense"] is None


def test_budget_and_unrelated_documents_are_refused(fixture_dir) -> None:
    with pytest.raises(NotFinalAccounts, match="部门预算"):
        parse_path(fixture_dir["budget.txt"])
    with pytest.raises(NotFinalAccounts, match="不是部门决算"):
        parse_path(fixture_dir["unrelated.txt"])


def test_yuan_tables_are_converted() -> None:
    text = synthetic.tab_text().replace("（表9）\n部门：示例区示例局\n单位：万元", "（表9）\n部门：示例区示例局\n单位：元")
    report = parse_bytes(text.replace("\t3.00\t", "\t30,000.00\t").encode(), "yuan.txt")
    assert report.table_units["t9"] == "元"
    assert summarize(report)["sangong_final"] == 0.0002
    assert any("已换算为万元" in note for note in report.notes)


def test_template_placeholders_are_not_numbers() -> None:
    text = synthetic.tab_text()
    for value in ("140.50", "120.50", "20.00", "100.00", "30.00", "10.50", "80.00", "5.00", "145.50", "60.00",
                  "40.00", "10.00", "8.50", "2.00", "3.00", "110.00"):
        text = text.replace(value, "XXX")
    with pytest.raises(UnfilledTemplate, match="未填写"):
        parse_bytes(text.replace("示例区示例局", "上海市XX局").encode(), "template.txt")


def _dense(code: str | None, *values: float) -> SubjectRow:
    return SubjectRow(code, "", {}, 1, 1, "inferred", values)


def test_flattened_rows_are_placed_by_the_hierarchy() -> None:
    """'2012901 行政运行 269.02 269.02' alone cannot say 基本 or 项目; its parent can."""
    from lib.tables.functional import MEASURES

    rows = [
        _dense(None, 533.26, 354.74, 178.52),
        _dense("201", 441.16, 269.02, 172.14),
        _dense("20129", 441.16, 269.02, 172.14),
        _dense("2012901", 269.02, 269.02),
        _dense("2012902", 172.14, 172.14),
        _dense("213", 92.10, 92.10),
    ]
    rows[5] = _dense("213", 5.00, 5.00)
    rows.insert(5, _dense("210", 87.10, 85.72))
    place_dense_rows(rows, MEASURES["t3"], first_is_sum=True)
    by_code = {row.code: row for row in rows}
    assert by_code["2012901"].cells["basic"] == (269.02, "value")
    assert by_code["2012902"].cells["project"] == (172.14, "value")
    assert by_code["2012902"].cells["basic"] == (None, "empty")


def test_lines_are_frozen() -> None:
    line = Line(1, 1, "x", ("x",), False)
    with pytest.raises(AttributeError):
        line.text = "y"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("department", "region"),
    [
        ("武汉市汉阳区总工会", "武汉市汉阳区"),
        ("新洲区总工会", "新洲区"),
        ("天水市职工服务中心", "天水市"),
        ("中共上海市普陀区委社会工作部", "上海市普陀区"),
        ("武汉经济技术开发区（汉南区）职工服务中心", "武汉经济技术开发区（汉南区）"),
        ("国家信访局", "中央"),
        (None, None),
    ],
)
def test_region_from_department(department: str | None, region: str | None) -> None:
    from lib.metadata import region_of

    assert region_of(department) == region
