"""Report text is untrusted: HTML, Markdown, LaTeX and script in a report are shown as
text on every page, never interpreted."""

from __future__ import annotations

from pathlib import Path

import pytest
import synthetic
from streamlit.testing.v1 import AppTest

from lib import safetext, store
from lib.ingest import analyse_bytes

APP = str(Path(__file__).resolve().parents[1] / "app.py")
# The text reader turns HTML cells into text (complete tags dropped); an unclosed tag survives
# it, and must still not render.
HOSTILE_NAME = "**局**[点我](javascript:alert)$x$:red[红]_斜_`码`"
PAGES = ["app_pages/home.py", "app_pages/structure.py", "app_pages/execution.py", "app_pages/sangong.py", "app_pages/checks.py", "app_pages/compare.py"]


def test_markdown_escape() -> None:
    assert safetext.md("**粗体** <b>x</b> $a$ [l](u) :red[x]") == r"\*\*粗体\*\* \<b\>x\</b\> \$a\$ \[l\](u) \:red\[x\]"
    assert safetext.md("# 标题") == r"\# 标题" and safetext.md("1. 第一") == r"1\. 第一"
    assert safetext.md("2022年度收、支总计205.23万元") == "2022年度收、支总计205.23万元"
    assert safetext.plotly("<a href='x'>链接</a>") == "&lt;a href='x'&gt;链接&lt;/a&gt;"


@pytest.fixture
def hostile_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("JUESUAN_DB", str(tmp_path / "library.duckdb"))
    monkeypatch.setenv("JUESUAN_SAMPLE", "0")
    text = synthetic.tab_text().replace(synthetic.DEPARTMENT, HOSTILE_NAME)
    text = text.replace("增长11.92%。", "增长11.92%。主要原因：<img src=x onerror=alert(3)**加粗**。")
    item = analyse_bytes(text.encode(), "hostile<b>.txt")
    assert item.report.meta.department == HOSTILE_NAME
    assert list(item.facts.totals["reason"]) == ["<img src=x onerror=alert(3)**加粗**"]  # not stripped
    return store.save_report(item, text.encode())


@pytest.mark.parametrize("page", PAGES)
def test_hostile_report_text_is_shown_as_text(hostile_library: str, page: str) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["active_ids"] = [hostile_library]
    at.run()
    if page != "app_pages/home.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    rendered = [str(element.value) for kind in ("markdown", "caption", "subheader", "title", "header")
                for element in getattr(at, kind)]
    for text in rendered:
        assert "<script>" not in text and text.count("<img") == text.count("\\<img"), text
        if "点我" in text:  # the department name, wherever it is shown, is escaped
            assert r"\*\*局\*\*" in text and r"\[点我\]" in text and r"\$x\$" in text, text
