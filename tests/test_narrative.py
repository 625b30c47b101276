"""Narrative facts (lib.narrative): synthetic text first (runs without the corpus), then
every corpus report against values read by hand (tests/expected_figures.py and below)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import FILLED_PDFS, SEEDS, TEMPLATE_PDF, corpus_report
from expected_figures import EXPECTED

from lib.document import Line
from lib.narrative import extract_facts, facts_as_json, schema, stated_figure
from lib.narrative.execution import execution_records, overall_execution
from lib.narrative.numbers import find_change, parse_amount
from lib.narrative.sentences import NarrativeText
from lib.narrative.totals import total_records

EMPTY_SUBJECTS = pd.DataFrame(columns=["table", "subject_code", "subject_name"])


def _text(*pages: str) -> NarrativeText:
    """Synthetic narrative: each page a block of lines (as a PDF reader would give them)."""
    lines = [Line(page, number, text, (text,), False)
             for page, body in enumerate(pages, start=1)
             for number, text in enumerate(body.strip("\n").split("\n"), start=1)]
    return NarrativeText(lines)


# ---------------------------------------------------------------- synthetic text
SYNTHETIC = """
第三部分 示例局２０２３年度部门决算情况说明
一、收入支出决算总体情况说明
示例局2023年度收、支总计１，２３４．５６万元。与2022年度相比，收、支
总计各减少34.56万元，下降2.72%。主要原因：人员减少。
二、收入决算情况说明
本年收入合计1234.56万元，其中：财政拨款收入1234.56万元，占100%。
7
""", """
四、财政拨款收入支出决算总体情况说明
示例局2023年度财政拨款收入支出总计1234.56万元。与2022年度相比，
财政拨款收入支出总计持平。
五、一般公共预算财政拨款支出决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出年初预算为1200.00万元，支出决算为
1234.56万元，完成年初预算的102.88%。其中：
1、一般公共服务支出（类）人大事务（款）行政运行（项）。年初预算
为1,000,000.00元，支出决算为
""", """
8
100.00万元，完成年初预算的100.00%。决算数与预算数持平。
2、住房保障支出（类）住房改革支出（款）住房公积金（项）。全年预算为
20万元，支出决算为18.5万元。决算数小于全年预算数的主要原因：人员减少。
六、一般公共预算财政拨款基本支出决算情况说明
"""


def test_joins_lines_and_pages_and_drops_page_numbers():
    text = _text(*SYNTHETIC)
    assert "收、支总计各减少34.56万元" in text.text
    assert "支出决算为100.00万元" in text.text  # page number "8" dropped, pages joined
    assert text.where(text.text.index("1,234.56")) == (1, 3)  # full-width digits normalised


def test_amounts_in_yuan_are_converted():
    assert parse_amount("6,731,634.28元").value == pytest.approx(673.163428)
    assert parse_amount("6,731,634.28元").converted
    assert not parse_amount("205.23万元").converted
    change = find_change("各减少34.56万元,下降2.72%")
    assert (change.amount, change.pct, change.direction) == (-34.56, -2.72, "减少")


def test_a_printed_sign_under_the_templates_word():
    """"增加-3.94万元" is a decrease (the sign is printed); "减少-3.94万元" says no way."""
    up = find_change("增加-3.94万元,增长-20.99%")
    assert (up.amount, up.pct, up.direction) == (-3.94, -20.99, "减少")
    down = find_change("减少-3.94万元,下降-20.99%")
    assert (down.amount, down.pct, down.direction) == (None, None, None)


def test_a_shares_points_are_no_change_amount():
    assert find_change("比重上升2.10个百分点") is None


def test_synthetic_totals():
    totals = {r["item"]: r for r in total_records(_text(*SYNTHETIC))}
    total = totals["total"]
    assert (total["value"], total["change"], total["change_pct"]) == (1234.56, -34.56, -2.72)
    assert total["prior_value"] == 1269.12 and not total["prior_stated"]
    assert total["reason"] == "人员减少" and (total["page"], total["line"]) == (1, 3)
    assert (totals["fiscal_total"]["direction"], totals["fiscal_total"]["change"]) == ("持平", 0.0)
    assert totals["income_total"]["change"] is None  # not stated: absent, not zero
    assert "expense_total" not in totals


def test_synthetic_execution():
    text = _text(*SYNTHETIC)
    (overall,) = overall_execution(text)
    assert (overall["budget"], overall["final"], overall["rate"]) == (1200.0, 1234.56, 102.88)
    subjects = pd.DataFrame({"table": ["t5", "t5"], "subject_code": ["2010101", "2210201"],
                             "subject_name": ["行政运行", "住房公积金"]})
    first, second = execution_records(text, subjects)
    assert (first["subject"], first["subject_code"], first["budget"], first["final"]) == ("行政运行", "2010101", 100.0, 100.0)
    assert first["direction"] == "持平" and (first["page"], first["line"]) == (2, 8)
    assert (second["budget"], second["full_year_budget"], second["final"]) == (None, 20.0, 18.5)
    assert (second["direction"], second["reason"]) == ("小于", "人员减少")


# ---------------------------------------------------------------- corpus
FILLED = SEEDS + FILLED_PDFS


@pytest.mark.parametrize("name", FILLED)
def test_year_on_year_total(name):
    expected = EXPECTED[name]["narrative"]
    report = corpus_report(name)
    assert stated_figure(report, "prior_year_total") == pytest.approx(expected["prior_year_total"])
    assert stated_figure(report, "total_change") == pytest.approx(expected["total_change"])
    assert stated_figure(report, "total_growth_pct") == pytest.approx(expected["total_growth_pct"])


@pytest.mark.parametrize("name", FILLED)
def test_overall_execution(name):
    expected = EXPECTED[name]["narrative"]
    report = corpus_report(name)
    for key in ("gpb_initial_budget", "gpb_full_year_budget", "gpb_final", "gpb_rate"):
        assert stated_figure(report, key) == expected[key], key


def _none(value):
    return None if value is None or pd.isna(value) else float(value)


@pytest.mark.parametrize("name", FILLED)
def test_execution_items(name):
    expected = EXPECTED[name]["narrative"]["execution_items"]
    items = extract_facts(corpus_report(name)).execution
    assert len(items) == len(expected)
    for row, item in zip(items.to_dict("records"), expected):
        assert row["subject"] == item["subject"]
        if item.get("budget_kind") == "全年预算":
            assert (_none(row["budget"]), _none(row["full_year_budget"])) == (None, item["budget"])
        else:
            assert _none(row["budget"]) == item["budget"]
            assert _none(row["full_year_budget"]) == item.get("full_year_budget")
        assert _none(row["final"]) == item["final"]
        assert _none(row["rate"]) == item["rate"]


def test_template_yields_no_numbers():
    facts = extract_facts(corpus_report(TEMPLATE_PDF, allow_template=True))
    for frame_name in ("totals", "execution_overall", "execution", "shares", "basic", "sangong",
                       "sangong_counts", "operations", "performance"):
        data = getattr(facts, frame_name)
        numeric = data.select_dtypes("number").drop(columns=["page", "line", "seq"], errors="ignore")
        assert numeric.isna().all().all(), frame_name


@pytest.mark.parametrize("name", FILLED[:1] + FILLED_PDFS[:1])
def test_facts_json_and_schemas(name):
    report = corpus_report(name)
    payload = json.loads(json.dumps(facts_as_json(report), ensure_ascii=False))
    assert payload["totals"][0]["item"] == "total"
    facts = extract_facts(report)
    assert list(facts.totals.columns) == list(schema.TOTALS)
    assert list(facts.execution.columns) == list(schema.EXECUTION)


# 三公, read by hand: category → (budget, final, rate, change, change_pct, direction)
SANGONG = {
    "000_f138fc5b8c380ba3.txt": {},  # L467 "本单位当年无财政拨款“三公”经费支出"
    "001_26eecacb94f69307.txt": {  # L1257-1299: all 0, 完成预算的 100.0%, 增加(减少)0
        "total": (0.0, 0.0, 100.0, 0.0, 0.0, "持平"),
        "abroad": (0.0, 0.0, 100.0, 0.0, 0.0, "持平"),
        "vehicle": (0.0, 0.0, 100.0, 0.0, 0.0, "持平"),
        "vehicle_purchase": (None, 0.0, None, None, None, None),
        "vehicle_operation": (None, 0.0, None, None, None, None),
        "reception": (0.0, 0.0, 100.0, 0.0, 0.0, "持平"),
    },
    "002_07b422fef52514ef.txt": {  # L452-462
        "total": (2.0, 0.35, 17.5, 0.2, 133.33, "增加"),
        "abroad": (0.0, 0.0, None, None, None, None),
        "vehicle": (0.0, 0.0, None, None, None, None),
        "reception": (2.0, 0.35, 17.5, 0.2, 133.33, "增加"),
    },
    "003_7b047703dfb923be.txt": {  # L441-455: 全年预算 0, 与上年决算数持平
        name: (0.0, 0.0, 100.0, 0.0, None, "持平") for name in ("total", "abroad", "vehicle", "reception")
    } | {"vehicle_purchase": (None, 0.0, None, None, None, None),
         "vehicle_operation": (None, 0.0, None, None, None, None)},
    "004_c7ae50d7beaa4f6f.txt": {  # L432-444: 全年预算数 0.00, 较上年决算数持平
        name: (0.0, 0.0, None, 0.0, None, "持平")
        for name in ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
    },
    "上海市普陀区财政局2024年度部门决算.pdf": {  # p23: 年初预算 0.95, 决算 0.00, 完成预算的 0%, 持平
        "total": (0.95, 0.0, 0.0, 0.0, None, "持平"),
        "abroad": (None, 0.0, 0.0, 0.0, None, "持平"),
        "vehicle": (None, 0.0, 0.0, 0.0, None, "持平"),
        "reception": (None, 0.0, 0.0, 0.0, None, "持平"),
    },
    "中共上海市普陀区委社会工作部2024年度部门决算.pdf": {},  # p20 "无“三公”经费财政拨款支出"
    "国家信访局2024年度部门决算.pdf": {  # p21-22
        "total": (76.43, 46.21, 60.46, None, None, None),
        "abroad": (None, 4.69, 15.63, None, None, None),
        "vehicle": (None, 40.61, 99.95, None, None, None),
        "vehicle_operation": (None, 40.61, None, None, None, None),  # p22 "…保有量为15辆，全年公务用车运行维护费支出40.61万元"
        "reception": (None, 0.9, 15.52, None, None, None),
    },
}
SANGONG_COUNTS = {
    "000_f138fc5b8c380ba3.txt": {},
    "001_26eecacb94f69307.txt": {"abroad_groups": 0, "abroad_persons": 0, "vehicles_purchased": 0,
                                 "vehicles_held": 0, "reception_batches": 0, "reception_persons": 0},
    "002_07b422fef52514ef.txt": {"reception_groups": 16, "reception_persons": 111},  # L464
    "003_7b047703dfb923be.txt": {"abroad_groups": 0, "abroad_persons": 0, "vehicles_held": 0,
                                 "reception_groups": 0, "reception_persons": 0},
    "004_c7ae50d7beaa4f6f.txt": {"abroad_groups": 0, "abroad_persons": 0, "vehicles_purchased": 0,
                                 "vehicles_held": 0, "reception_batches": 0, "reception_persons": 0},
    "上海市普陀区财政局2024年度部门决算.pdf": {},
    "中共上海市普陀区委社会工作部2024年度部门决算.pdf": {},
    "国家信访局2024年度部门决算.pdf": {"abroad_groups": 1, "abroad_persons": 1, "vehicles_held": 15,
                                 "reception_batches": 10, "reception_persons": 152},  # p22
}


@pytest.mark.parametrize("name", FILLED)
def test_sangong_statements(name):
    facts = extract_facts(corpus_report(name))
    got = {row["category"]: tuple(_none(row[c]) if c != "direction" else (None if pd.isna(row[c]) else row[c])
                                  for c in ("budget", "final", "rate", "change", "change_pct", "direction"))
           for row in facts.sangong.to_dict("records")}
    assert got == SANGONG[name]
    counts = {row["item"]: row["value"] for row in facts.sangong_counts.to_dict("records")}
    assert counts == SANGONG_COUNTS[name]


def _long(data: pd.DataFrame, *keys: str) -> dict[tuple, float]:
    return {tuple(row[k] for k in keys): row["value"] for row in data.to_dict("records")}


def test_operations_read_by_hand():
    ops = _long(extract_facts(corpus_report("国家信访局2024年度部门决算.pdf")).operations, "topic", "item")
    assert ops[("机关运行经费", "amount")] == 2266.65 and ops[("机关运行经费", "change")] == 318.58  # p22
    assert (ops[("政府采购", "total")], ops[("政府采购", "goods")], ops[("政府采购", "works")],
            ops[("政府采购", "services")], ops[("政府采购", "sme")], ops[("政府采购", "small_micro")]) == (
        1967.42, 171.7, 3.0, 1792.72, 1820.69, 1015.5)  # p23
    assert ops[("国有资产", "vehicles")] == 15 and ops[("国有资产", "vehicles:其他用车")] == 6  # p23
    assert ops[("国有资产", "equipment_over_1m")] == 0
    shanghai = _long(extract_facts(corpus_report("上海市普陀区财政局2024年度部门决算.pdf")).operations, "topic", "item")
    assert shanghai[("国有资产", "equipment_over_1m")] == 2 and shanghai[("政府采购", "total")] == 251.25  # p24
    assert ("机关运行经费", "amount") not in _long(extract_facts(corpus_report("004_c7ae50d7beaa4f6f.txt")).operations,
                                              "topic", "item")  # L452 "无机关运行相关经费": absent
    seed3 = _long(extract_facts(corpus_report("003_7b047703dfb923be.txt")).operations, "topic", "item")
    assert (seed3[("机关运行经费", "prior")], seed3[("机关运行经费", "change_pct")]) == (73.17, -13.37)  # L465


def test_basic_split_and_shares():
    facts = extract_facts(corpus_report("003_7b047703dfb923be.txt"))
    basic = {(r["group"], None if pd.isna(r["item"]) else r["item"]): r["amount"] for r in facts.basic.to_dict("records")}
    assert (basic[("基本支出", None)], basic[("人员经费", None)], basic[("公用经费", None)]) == (650.16, 586.77, 63.39)
    assert basic[("人员经费", "奖金")] == 141.54 and basic[("公用经费", "福利费")] == 16.42  # L425-427
    shares = {(r["scope"], r["item"]): r["share_pct"] for r in facts.shares.to_dict("records")}
    assert shares[("expense", "基本支出")] == 96.58 and shares[("gpb_class", "住房保障支出")] == 6.85
    seed2 = extract_facts(corpus_report("002_07b422fef52514ef.txt")).basic  # text 449.17 vs 表6 1369.67
    assert seed2[seed2["item"].isna()].set_index("group")["amount"].to_dict() == {
        "基本支出": 1568.6, "人员经费": 449.17, "公用经费": 1119.43}


def test_performance_amounts_in_yuan_are_converted():
    perf = extract_facts(corpus_report("004_c7ae50d7beaa4f6f.txt")).performance
    row = perf[perf["item"] == "full_year_budget"].iloc[0]  # L478 "全年预算数 898387.57 元"
    assert row["value"] == pytest.approx(89.838757) and bool(row["converted"])
    projects = extract_facts(corpus_report("国家信访局2024年度部门决算.pdf")).performance
    info = projects[(projects["name"] == "信息化运行维护")].set_index("item")["value"].to_dict()
    assert info == {"full_year_budget": 1639.34, "final": 1032.99, "rate": 63.0, "score": 88.5}  # p26


def test_performance_split_statements_only_from_final_accounts():
    """The 绩效 text restates the spending split (often in 元); budget sentences do not count."""
    perf = extract_facts(corpus_report("003_7b047703dfb923be.txt")).performance
    split = perf[perf["scope"] == "split"]
    assert [(r.item, round(r.value, 4), r.line) for r in split.itertuples()] == [
        ("expense_total", 673.1634, 662), ("basic", 650.1634, 662), ("project", 23.0, 662),  # L662
        ("basic", 673.1634, 666),  # L666: the total, called 基本支出
        ("wages", 497.5105, 668), ("goods_services", 63.3909, 668), ("household", 112.262, 668),
    ]
    assert split["converted"].all()
    seed4 = extract_facts(corpus_report("004_c7ae50d7beaa4f6f.txt")).performance
    split4 = seed4[seed4["scope"] == "split"]
    assert [(r.item, round(r.value, 4), r.line) for r in split4.itertuples()] == [
        ("personnel", 78.6849, 478), ("public", 4.3307, 478),  # L478, in 元
        ("personnel", 79.99, 727), ("public", 3.03, 727)]  # L727 agrees with 表6; L563–575 (2024 budget) not read


def test_page_numbers_inside_a_sentence_of_a_text_export_are_dropped():
    """A text export of a PDF keeps the printed page numbers where the pages broke, often
    inside a sentence; a run of them (19, 20, 21) is page numbering, not text. Once they
    split "年|19|初预算" the item's budget was lost (国家信访局 re-laid out as text)."""
    body = """（三）一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出年初预算为300.00万元，支出决算为290.00万元，完成年初预算的96.67%。
1.一般公共服务（类）信访事务（款）机关服务（项）。年
19
初预算为100.00万元，支出决算为95.00万元，完成年初预算的95.00%。
2.一般公共服务（类）信访事务（款）信访业务（项）。年初预算为100.00万元，支出决算为
20
100.00万元，完成年初预算的100.00%。
3.社会保障和就业（类）行政事业单位养老支出（款）机关事
21
业单位基本养老保险缴费支出（项）。年初预算为100.00万元，支出决算为95.00万元，完成年初预算的95.00%。
共有车辆
2
辆。"""
    text = _text(body)
    assert "年初预算为100.00万元,支出决算为95.00" in text.text and "机关事业单位" in text.text
    assert "车辆2辆" in text.text  # a lone number that counts nothing stays
    items = execution_records(text, EMPTY_SUBJECTS)
    assert [(r["subject"], r["budget"], r["final"]) for r in items] == [
        ("机关服务", 100.0, 95.0), ("信访业务", 100.0, 100.0), ("机关事业单位基本养老保险缴费支出", 100.0, 95.0)]
