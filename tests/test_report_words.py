"""The report's own words, as the pages show them (issue 12 item 7): reasons quoted whole
(never ending in a dangling "其中"), the report's own figure numbers and titles where it
captions its figures, the treemap's labels at a readable size."""

from __future__ import annotations

import pytest
import shown
from conftest import corpus_report
from testbed import clean_model, to_text

from lib import captions, views
from lib.narrative import extract_facts
from lib.narrative.numbers import find_reason
from lib.pipeline import parse_bytes


def test_reason_before_a_list_is_whole_without_its_lead_in() -> None:
    assert find_reason("决算数小于预算数的主要原因:因年度工作计划安排,个别信息化项目和中介机构服务调减。其中:") == \
        "因年度工作计划安排,个别信息化项目和中介机构服务调减"
    # details after 其中 are part of the reason: kept
    assert find_reason("主要原因是:一是增加A;二是减少B。其中:基本支出减少1万元,项目支出减少2万元。") == \
        "一是增加A;二是减少B。其中:基本支出减少1万元,项目支出减少2万元"


@pytest.mark.parametrize(("name", "reason"), [
    ("上海市普陀区财政局2024年度部门决算.pdf", "因年度工作计划安排,个别信息化项目和中介机构服务调减"),
    ("中共上海市普陀区委社会工作部2024年度部门决算.pdf", "人员经费支出数小于预算数"),
])
def test_overall_reasons_of_the_corpus(name: str, reason: str) -> None:
    overall = views.execution_overall(extract_facts(corpus_report(name)))
    assert overall["原因"] == reason


def test_execution_page_quotes_every_reason_whole(library) -> None:
    ids = shown.report_ids()
    at = shown.visit("app_pages/execution.py", ids["上海市普陀区财政局2024年度部门决算.pdf"])
    text = "\n".join(shown.texts(at))
    assert "所述原因：因年度工作计划安排,个别信息化项目和中介机构服务调减" in text
    assert "调减。其中" not in text
    facts = extract_facts(corpus_report("上海市普陀区财政局2024年度部门决算.pdf"))
    for reason in facts.execution["reason"].dropna():
        assert f"：{reason}" in text, reason  # each item's reason, in full, under the table


def test_captions_of_the_template_and_of_a_report_with_its_own() -> None:
    seed = corpus_report("000_f138fc5b8c380ba3.txt").figure_captions
    assert {kind: caption[:2] for kind, caption in seed.items()} == {
        "total": (1, "收、支决算总计变动情况"), "income": (2, "收入决算结构"), "expense": (3, "支出决算结构"),
        "fiscal_total": (4, "财政拨款收、支决算总计变动情况")}
    own = corpus_report("国家信访局2024年度部门决算.pdf")
    assert {kind: caption[:2] for kind, caption in own.figure_captions.items()} == {
        "income": (1, "2024年度本年收入比重图"), "class": (2, "2024年度按功能分类支出比重图"),
        "expense": (3, "2024年度按经济分类支出比重图")}
    assert views.figure_title(own, "income") == ("图1：2024年度本年收入比重图", "报告第17页（PDF第19页） 第4行")
    assert views.figure_title(own, "total") == ("收、支决算总计变动情况", None)  # not one of its figures: no number
    clean = parse_bytes(to_text(clean_model(), __import__("testbed").Layout()), "x.txt")
    assert views.figure_title(clean, "total")[0] == "图1：收、支决算总计变动情况"  # no captions: the template's


def test_caption_lines_are_told_from_sentences() -> None:
    class Line:
        def __init__(self, text: str, line_no: int) -> None:
            self.text, self.page, self.line_no = text, 1, line_no

    lines = [Line("图 1：收、支决算总计变动情况", 1), Line("如图1所示，收入增加。", 2), Line("图12024年度收入", 3),
             Line("图 2 按经济分类支出比重图", 4)]
    assert captions.figure_captions(lines) == {"total": (1, "收、支决算总计变动情况", 1, 1),
                                               "expense": (2, "按经济分类支出比重图", 1, 4)}


def test_structure_page_uses_the_reports_numbering_and_legible_treemap(library) -> None:
    ids = shown.report_ids()
    at = shown.visit("app_pages/structure.py", ids["国家信访局2024年度部门决算.pdf"])
    charts = shown.figures(at)
    assert {"图1：2024年度本年收入比重图", "图2：2024年度按功能分类支出比重图", "图3：2024年度按经济分类支出比重图",
            "收、支决算总计变动情况"} <= set(charts)
    assert not any(title.startswith("图4") for title in charts)
    text = "\n".join(shown.texts(at))
    assert "报告自己的图1（报告第17页（PDF第19页） 第4行）" in text
    tree = shown.trace(charts["图2：2024年度按功能分类支出比重图"])
    assert tree["maxdepth"] == 2  # 类 and 款 at a time: 项 open on a click
    assert tree["textfont"]["size"] >= 14
    assert charts["图2：2024年度按功能分类支出比重图"]["layout"]["uniformtext"] == {"minsize": 12, "mode": "hide"}
    assert all("第1页" not in str(row[1]) for row in tree["customdata"])
