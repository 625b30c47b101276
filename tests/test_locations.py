"""Places cited for a reader: printed page numbers detected from each page's own lines,
and the citation formats (第N行 for text exports, 报告第N页（PDF第M页） for PDFs)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib import locations, pagenumbers
from lib.document import Line, Page


def _page(number: int, texts: list[tuple[str, float]], height: float = 842.0) -> Page:
    lines = tuple(Line(number, i + 1, text, (text,), False, top=top) for i, (text, top) in enumerate(texts))
    return Page(number, lines, width=595.0, height=height)


def test_numbers_in_the_margin_agreeing_on_one_offset_are_the_printed_pages() -> None:
    pages = [_page(1, [("某某局2024年度部门决算", 300.0)]), _page(2, [("目 录", 80.0), ("一、概况", 200.0)])]
    pages += [_page(n, [("正文", 100.0), (f"- {n - 2} -", 800.0)]) for n in range(3, 9)]
    pages.append(_page(9, [("合计", 100.0), ("3", 810.0)]))  # a stray amount in the margin
    pages.append(_page(10, [("第 8 页 共 9 页", 20.0), ("正文", 100.0)]))  # a header, other style
    found = pagenumbers.printed_numbers(pages)
    assert found == {**{n: n - 2 for n in range(3, 9)}, 10: 8}


def test_a_number_in_the_body_or_without_agreement_is_not_a_page_number() -> None:
    pages = [_page(n, [("正文", 100.0), (str(n + 5), 400.0)]) for n in range(1, 6)]  # mid-page
    assert pagenumbers.printed_numbers(pages) == {}
    pages = [_page(1, [("正文", 100.0), ("3", 800.0)]), _page(2, [("正文", 100.0), ("7", 800.0)])]
    assert pagenumbers.printed_numbers(pages) == {}


def test_citations_for_text_exports_and_pdfs() -> None:
    printed = {17: 15, 3: 3}
    assert locations.cite(1, 367, "text") == "第367行"
    assert locations.cite(17, 5, "pdf", printed) == "报告第15页（PDF第17页）"
    assert locations.cite(3, 5, "pdf", printed) == "第3页"
    assert locations.cite(2, 5, "pdf", printed) == "PDF第2页"


def test_corpus_pdfs_printed_pages(tmp_path: Path) -> None:
    from conftest import corpus_report

    central = corpus_report("国家信访局2024年度部门决算.pdf")  # numbers its pages from the 3rd PDF page
    assert central.page_numbers[17] == 15 and central.page_numbers[3] == 1 and 1 not in central.page_numbers
    assert len(central.page_numbers) == 48
    assert corpus_report("上海市普陀区财政局2024年度部门决算.pdf").page_numbers == {}  # prints none


def test_printed_pages_survive_the_library(tmp_path: Path, monkeypatch) -> None:
    from conftest import corpus_path

    from lib import store
    from lib.analysed import analyse_bytes

    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    db = tmp_path / "library.duckdb"
    data = corpus_path("国家信访局2024年度部门决算.pdf").read_bytes()
    item = analyse_bytes(data, "国家信访局.pdf")
    store.save_report(item, data, db)
    loaded = store.load_report(item.report_id, db)
    assert locations.printed_pages(loaded) == item.report.page_numbers
    shown = locations.with_place(pd.DataFrame({"页": [17], "行": [3]}), "pdf", locations.printed_pages(loaded))
    assert list(shown["位置"]) == ["报告第15页（PDF第17页） 第3行"]
