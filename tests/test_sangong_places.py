"""Every 三公 row cites its own line (issue 12 item 4): the 表9 line its amounts are printed
on — each category's own row where 表9 prints categories in rows, 预算数 and 决算数 apart
where they are printed on two lines — and the 情况说明 sentence about it; 会议费/培训费 rows
of older templates are shown too."""

from __future__ import annotations

import pytest
from conftest import corpus_report
from testbed import clean_model, to_pdf, to_text, variants

from lib import views
from lib.narrative import extract_facts
from lib.pipeline import parse_bytes


def _table(variant: str, render=to_text, name: str = "x.txt"):
    model, layout = variants.VARIANTS[variant](clean_model())
    report = parse_bytes(render(model, layout), name)
    return views.sangong_table(report, extract_facts(report)).set_index("类别")


def test_rows_layout_each_category_cites_its_own_row() -> None:
    table = _table("sangong_rows")
    assert {"会议费", "培训费"} <= set(table.index), "the extra categories of older templates are shown"
    places = table["位置"]
    assert places.is_unique, places.to_dict()
    assert all(place.startswith("表9 第") and place.endswith("行") for place in places), places.to_dict()
    assert table.loc["会议费", "预算数（万元）"] == pytest.approx(1.20)
    assert table.loc["培训费", "决算数（万元）"] == pytest.approx(1.75)


def test_two_row_layout_cites_budget_and_final_lines_apart() -> None:
    table = _table("sangong_two_row")
    for place in table["位置"]:
        budget, final = place.split("；")
        assert budget.startswith("预算数 第") and final.startswith("决算数 第"), place
        assert int(final[5:-1]) == int(budget[5:-1]) + 1, place


def test_pdf_rows_layout_cites_printed_page_and_line() -> None:
    table = _table("sangong_rows", to_pdf, "x.pdf")
    assert table["位置"].is_unique
    assert all("页" in place and place.endswith("行") for place in table["位置"]), table["位置"].to_dict()


def test_each_row_cites_the_sentence_about_it() -> None:
    report = corpus_report("国家信访局2024年度部门决算.pdf")
    table = views.sangong_table(report, extract_facts(report)).set_index("类别")
    stated = table["文字位置"][table["文字位置"] != "—"]
    assert {"合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"} <= set(stated.index)
    assert stated.is_unique, stated.to_dict()  # one sentence each, on its own line
    assert stated["合计"].startswith("报告第") and "（PDF第" in stated["合计"]
    # a one-line 表9: every category's amounts are on that line, cited as such
    assert table["位置"].nunique() == 1 and table.loc["合计", "位置"].startswith("表9 报告第")
